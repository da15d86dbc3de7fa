"""The one error path: how every failure ends, and with which exit code.

- A :class:`~valaudit.errors.ValauditError` (or a subclass), raised anywhere, is something
  the user can act on: :func:`user_error` shows its message (or its located problems) and
  ends with its own exit code. It is the only place that does.
- A usage error is click's to explain: exit code 2. Ctrl-C: exit code 130; SIGTERM, which
  stops a run the same way (:mod:`valaudit.signals`): exit code 143.
- Anything else is a bug in valaudit: the user gets a short message, a full report written to
  a file they can attach to an issue, and exit code 70 — never a bare traceback, unless they
  asked for one with ``--debug``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from valaudit import __version__
from valaudit.exit_codes import ExitCode
from valaudit.render.undecodable import escape_undecodable
from valaudit.signals import Terminated, sigterm_interrupts

if TYPE_CHECKING:
    from valaudit.errors import ValauditError

ISSUES_URL = "https://github.com/valaudit/valaudit/issues"


class RunSettings:
    """What the command line tells the error handler; filled in while arguments are parsed
    (the app receives it as click's context object)."""

    def __init__(self) -> None:
        self.debug = False
        """``--debug``: let an internal error raise, traceback and all, instead of a report."""


def user_error(error: ValauditError) -> ExitCode:
    """Show a failure the user can act on; return the exit code it ends the run with.

    Errors that carry located problems (``error.problems``) list each one with its location;
    others are one ``valaudit: <message>`` line. Notes added on the way up (``add_note``,
    e.g. what was left unchanged) follow.
    """
    problems = getattr(error, "problems", None)
    if problems:
        from valaudit.onboarding.messages import problems_text

        sys.stderr.write(problems_text(problems))
    else:
        sys.stderr.write(f"valaudit: {escape_undecodable(str(error))}\n")
    for note in getattr(error, "__notes__", ()):
        sys.stderr.write(note if note.endswith("\n") else note + "\n")
    return ExitCode(error.exit_code)


def write_crash_report(error: BaseException) -> str | None:
    """Write the traceback and environment to a file; return its path (None if impossible).

    It must not fail itself, whatever the error quotes: a file name that is not UTF-8 (in the
    command line or the message) is written escaped, and anything that still goes wrong is
    "no report", never a second traceback or an empty file left behind.
    """
    import platform  # only now: every start-up would pay for modules only a crash needs
    import tempfile
    import traceback

    try:
        text = "".join(
            [
                f"valaudit {__version__} crash report\n",
                f"python {sys.version.split()[0]} on {platform.platform()}\n",
                f"command: valaudit {' '.join(sys.argv[1:])}\n\n",
                *traceback.format_exception(error),
            ]
        )
        payload = escape_undecodable(text).encode("utf-8", "backslashreplace")
    except Exception:  # a message that cannot even be formatted: no report, not a crash
        return None
    try:
        handle, path = tempfile.mkstemp(prefix="valaudit-crash-", suffix=".txt")
    except OSError:
        return None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
    except OSError:
        with contextlib.suppress(OSError):
            Path(path).unlink()
        return None
    return path


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
    # The standalone click can raise only if something imported it (importing it here would
    # cost every start-up 8 ms for nothing).
    click = sys.modules.get("click")
    if click is not None:
        exits.append(click.exceptions.Exit)
        usage.append(click.ClickException)
        aborts.append(click.exceptions.Abort)
    return tuple(exits), tuple(usage), tuple(aborts)


def run_guarded(app: Any, args: Sequence[str] | None = None) -> int:
    """Run a typer app (on ``args``, else the command line) and return its exit code.

    The app gets a :class:`RunSettings` as its context object; its ``--debug`` option sets
    ``debug`` there, which decides what an internal error does. SIGTERM stops the command as
    Ctrl-C would and ends the run with exit code 143 (a command that stops on it and says so,
    as ``batch`` does, returns 143 itself; otherwise the line is written here).
    """
    settings = RunSettings()
    with sigterm_interrupts() as sigterm:
        code = _run_app(app, args, settings)
    if not sigterm.received:
        return code
    if code != ExitCode.TERMINATED:
        sys.stderr.write("\nTerminated.\n")
    return ExitCode.TERMINATED


def _run_app(app: Any, args: Sequence[str] | None, settings: RunSettings) -> int:
    exits, usage, aborts = _cli_exception_types()
    try:
        result = app(args=None if args is None else list(args), standalone_mode=False, obj=settings)
    except Terminated:
        return ExitCode.INTERRUPTED  # the caller says so and returns SIGTERM's own code
    except exits as stop:
        return int(getattr(stop, "exit_code", 0))
    except usage as error:
        error.show()  # type: ignore[attr-defined]
        return int(getattr(error, "exit_code", ExitCode.USAGE))
    except aborts:
        sys.stderr.write("\nInterrupted.\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silence the final flush
        return ExitCode.OK
    except Exception as error:
        from valaudit.errors import ValauditError  # only now: start-up stays cheap

        if isinstance(error, ValauditError):  # raised outside a command (commands map theirs)
            return user_error(error)
        if settings.debug:
            raise
        return _bug(error)
    return int(result) if isinstance(result, int) else ExitCode.OK


def _bug(error: Exception) -> ExitCode:
    from valaudit.render.safe_text import printable

    path = write_crash_report(error)
    where = f"A full report was written to {path}." if path else "No report could be written."
    # The message may quote a client's cell or name: shown inert, like every user string.
    detail = printable(escape_undecodable(str(error))[:200])
    sys.stderr.write(
        f"valaudit hit an internal error (a bug, not a problem with your files): "
        f"{type(error).__name__}: {detail}\n{where}\n"
        f"Please report it at {ISSUES_URL} with that file attached, or run again with --debug "
        "to see the traceback.\n"
    )
    return ExitCode.BUG
