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


def run_guarded(app: Any, *, debug: bool = False) -> int:
    """Run the typer app; map click's outcomes to exit codes and unexpected errors to 70."""
    import click

    if debug:
        sys.argv = [arg for arg in sys.argv if arg != "--debug"]
    try:
        result = app(standalone_mode=False)
    except click.exceptions.Exit as stop:
        return int(stop.exit_code)
    except click.ClickException as error:
        error.show()
        return int(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
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
        sys.stderr.write(
            f"valaudit hit an internal error (a bug, not a problem with your files): "
            f"{type(error).__name__}: {str(error)[:200]}\n{where}\n"
            f"Please report it at {ISSUES_URL} with that file attached, or run again with --debug "
            "to see the traceback.\n"
        )
        return EXIT_BUG
    return int(result) if isinstance(result, int) else 0
