"""Getting a new user from nothing to a first audit: ``valaudit init`` and ``valaudit scorecard``.

The modules here build templates and edit theses; they return values and raise
:class:`valaudit.errors.ValauditError` subclasses, and never print: only the command line
(:mod:`valaudit.cli`, and the pre-commit hook) talks to the terminal.
"""
