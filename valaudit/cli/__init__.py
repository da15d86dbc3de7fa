"""The command line: the only place that parses arguments, prints and picks exit codes.

One module per command; each parses its options, calls :mod:`valaudit.api` (or the
onboarding helpers), prints and exits. How a run ends is decided in one place,
:mod:`valaudit.crash`. Heavy libraries (pandas, jsonschema, openpyxl) are imported inside
the commands that need them, so a command starts as fast as a bare typer app; and
``valaudit --version`` and ``--help`` answer before typer itself is loaded (typer is most of
a start: 60 of 90 ms), the help from the app's own text, kept in :mod:`root_help`. For the
same reason the command modules do without ``from __future__ import annotations``: typer
reads every command's signature at each start, and turning each string annotation back into
an object cost it a compile and an eval (10 ms of a 100 ms start).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not loaded for --version
if TYPE_CHECKING:
    from valaudit.cli.commands import app

__all__ = ["app", "main"]


def __getattr__(name: str) -> object:
    """``app``, the typer app with its commands, loaded when first asked for (PEP 562)."""
    if name == "app":
        from valaudit.cli.commands import app

        return app
    raise AttributeError(f"module 'valaudit.cli' has no attribute {name!r}")


def main() -> None:
    """Console entry point: runs the app and turns anything unexpected into a bug report."""
    if sys.argv[1:] == ["--version"]:
        from valaudit import __version__

        if _answered(f"valaudit {__version__}\n"):  # as the app's --version says it
            _exit_without_teardown(0)
    if sys.argv[1:] in (["--help"], ["-h"]) and _help_is_kept():
        from valaudit.cli.root_help import TEXT

        if _answered(TEXT):
            _exit_without_teardown(0)
    from valaudit.cli.commands import app
    from valaudit.crash import run_guarded

    code = run_guarded(app)
    if "multiprocessing" in sys.modules:
        sys.exit(code)  # batch: let the pool's exit handlers run
    _exit_without_teardown(code)


def _answered(text: str) -> bool:
    """Write ``text`` to standard output; False when it refuses (a closed pipe, a full
    disk), so that the app answers instead and ends the way it always has (click's quiet
    exit 1 on a closed pipe, a crash report otherwise), not with a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError:
        return False
    return True


def _help_is_kept() -> bool:
    """Whether the app would print :data:`~valaudit.cli.root_help.TEXT`: click names the
    program after the command run, wraps help to the terminal up to 80 columns, and the
    text must be writable to standard output."""
    from valaudit.cli.root_help import TEXT

    program = os.path.basename(sys.argv[0])  # noqa: PTH119 - pathlib is not loaded yet
    if program != "valaudit" or terminal_columns() < 80:
        return False
    try:
        TEXT.encode(sys.stdout.encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, the width click wraps help to, without
    importing shutil (a tenth of a start): ``COLUMNS`` when a positive number, else the
    terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


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
