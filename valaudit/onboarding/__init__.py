"""Getting a new user from nothing to a first audit: ``valaudit init`` and ``valaudit scorecard``.

The modules here build templates and edit theses; they return values and raise
:class:`valaudit.errors.ValauditError` subclasses, and never print: only ``valaudit/cli.py``
talks to the terminal.
"""
