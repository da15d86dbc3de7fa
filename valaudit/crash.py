"""The one place that handles what nobody expected.

User mistakes are reported as located problems with exit codes 1-3. Anything else is a bug
in valaudit: the user gets a short message, a full report written to a file they can attach
to an issue, and exit code 70 — never a bare traceback (unless they asked with --debug).
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from valaudit import __version__
from valaudit.render.safe_text import printable

ISSUES_URL = "https://github.com/valaudit/valaudit/issues"
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


def write_crash_report(error: BaseException) -> str | None:
    """Write the traceback and environment to a file; return its path (None if impossible)."""
    text = "".join(
        [
            f"valaudit {__version__} crash report\n",
            f"python {sys.version.split()[0]} on {platform.platform()}\n",
            f"command: valaudit {' '.join(sys.argv[1:])}\n\n",
            *traceback.format_exception(error),
        ]
    )
    try:
        handle, path = tempfile.mkstemp(prefix="valaudit-crash-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        return path
    except OSError:
        return None


def _cli_exception_types() -> tuple[tuple[type[BaseException], ...], ...]:
    """(exit, usage error, abort) exception classes of click and of typer's bundled copy.

    Recent typer versions vendor their own click, whose exceptions are unrelated to the
    standalone ``click`` package's; both must be recognised so that a usage error exits 2.
    """
    import typer

    exits: list[type[BaseException]] = [typer.Exit]
    usage: list[type[BaseException]] = []
    aborts: list[type[BaseException]] = [typer.Abort, KeyboardInterrupt]
    try:
        from typer._click import exceptions as bundled

        usage.append(bundled.ClickException)
    except ImportError:  # typer built on the standalone click
        pass
    try:
        import click

        exits.append(click.exceptions.Exit)
        usage.append(click.ClickException)
        aborts.append(click.exceptions.Abort)
    except ImportError:
        pass
    return tuple(exits), tuple(usage), tuple(aborts)


def run_guarded(app: Any, *, debug: bool = False) -> int:
    """Run the typer app; map its outcomes to exit codes and unexpected errors to 70."""
    exits, usage, aborts = _cli_exception_types()
    if debug:
        sys.argv = [arg for arg in sys.argv if arg != "--debug"]
    try:
        result = app(standalone_mode=False)
    except exits as stop:
        return int(getattr(stop, "exit_code", 0))
    except usage as error:
        error.show()  # type: ignore[attr-defined]
        return int(getattr(error, "exit_code", 2))
    except aborts:
        sys.stderr.write("\nInterrupted.\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silence the final flush
        return 0
    except Exception as error:
        if debug:
            raise
        path = write_crash_report(error)
        where = f"A full report was written to {path}." if path else "No report could be written."
        # The message may quote a client's cell or name: shown inert, like every user string.
        detail = printable(str(error)[:200])
        sys.stderr.write(
            f"valaudit hit an internal error (a bug, not a problem with your files): "
            f"{type(error).__name__}: {detail}\n{where}\n"
            f"Please report it at {ISSUES_URL} with that file attached, or run again with --debug "
            "to see the traceback.\n"
        )
        return EXIT_BUG
    return int(result) if isinstance(result, int) else 0
