"""The command line: the only place that parses arguments, prints and picks exit codes.

One module per command; each parses its options, calls :mod:`valaudit.api` (or the
onboarding helpers), prints and exits. How a run ends is decided in one place,
:mod:`valaudit.crash`. Heavy libraries (pandas, jsonschema, openpyxl) are imported inside
the commands that need them, so ``valaudit --version`` and ``--help`` start as fast as a bare
typer app. For the same reason the command modules do without ``from __future__ import
annotations``: typer reads every command's signature at each start, even for ``--version``,
and turning each string annotation back into an object cost it a compile and an eval (10 ms
of a 100 ms start).
"""

from __future__ import annotations

import os
import sys

from valaudit.cli import audit, batch, init, schema, scorecard, validate
from valaudit.cli.app import app

__all__ = ["app", "main"]

# In the order `valaudit --help` lists them.
app.command()(validate.validate)
app.command()(audit.audit)
app.command()(schema.schema)
app.command()(batch.batch)
app.command("init")(init.init_command)
app.command("scorecard")(scorecard.scorecard_command)


def main() -> None:
    """Console entry point: runs the app and turns anything unexpected into a bug report."""
    from valaudit.crash import run_guarded

    code = run_guarded(app)
    if "multiprocessing" in sys.modules:
        sys.exit(code)  # batch: let the pool's exit handlers run
    _exit_without_teardown(code)


def _exit_without_teardown(code: int) -> None:
    """Flush what was printed and leave, skipping the interpreter's teardown.

    With a million rows loaded, freeing every object and module one by one costs 0.1-0.15 s
    and achieves nothing: output files are already closed and renamed into place, and
    nothing else is registered to run at exit outside batch runs.
    """
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to deliver
            stream.flush()
    os._exit(code)
