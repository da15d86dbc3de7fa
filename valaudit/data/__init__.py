"""Data files shipped with valaudit: question rules, scorecard questions, templates."""
