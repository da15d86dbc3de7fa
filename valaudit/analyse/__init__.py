"""Turning valid inputs into the report: effects, statuses, the chain, the verdict, money."""
