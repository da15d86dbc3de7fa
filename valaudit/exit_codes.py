"""The exit codes valaudit ends with: one table, so a CI job can rely on each number.

``valaudit`` is used as a gate in CI pipelines, so these numbers are an interface: they are
documented in docs/cli.md and never change meaning. Every module that ends a run, or names
the code a failure ends it with, takes the number from here.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """How a run ended, as the shell sees it."""

    OK = 0
    """Done: every folder valid, no ``--fail-on`` gate tripped."""
    GATE = 1
    """A ``--fail-on`` gate tripped."""
    USAGE = 2
    """The command was called wrongly, or an output file cannot be written."""
    INVALID = 3
    """The input is invalid or unreadable (every problem is listed with its location)."""
    BUG = 70
    """An internal error: a bug in valaudit, with a crash report to attach to an issue."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (the shell's code for SIGINT)."""
    TERMINATED = 143
    """Stopped by SIGTERM, which ends a run the way Ctrl-C does (the shell's code for it)."""
