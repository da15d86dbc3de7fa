"""A run that crashed, as a validation result: so every output format can say so.

When valaudit itself fails (a bug: exit code 70), the files a CI job publishes must not keep
an earlier run's results, nor be left half-written. The failure is recorded as one located
problem with the code ``internal_error``, and rendered by the same validation formats that
show invalid input (JUnit shows it as an ``<error>``, not a ``<failure>``).
"""

from __future__ import annotations

from valaudit.errors import Problem
from valaudit.model.validation import FolderValidation

#: The problem code of a crash: valaudit failed, the user's files may be fine.
INTERNAL_ERROR = "internal_error"
#: Longest exception text kept in the message.
MAX_ERROR_TEXT = 200


def error_text(error: BaseException) -> str:
    """``RuntimeError: what went wrong``, cut short, and encodable whatever it quotes."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if len(text) > MAX_ERROR_TEXT:
        text = text[: MAX_ERROR_TEXT - 1] + "…"
    # A lone surrogate (from a file name or a YAML escape) could not be written as UTF-8.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


#: What to do about a crash of this process, which wrote a crash report.
CRASH_REPORT_HINT = "The log of this run names the crash report to attach to an issue."


def crashed_validation(
    target: str, error: BaseException | str, hint: str = CRASH_REPORT_HINT
) -> FolderValidation:
    """The result of a run that crashed on ``target`` (the thesis or folder as named)."""
    detail = error if isinstance(error, str) else error_text(error)
    problem = Problem(
        code=INTERNAL_ERROR,
        message="valaudit hit an internal error (a bug, not a problem with your files), so "
        f"there is no report: {detail}",
        file=target.encode("utf-8", "backslashreplace").decode("utf-8"),
        hint=hint,
    )
    return FolderValidation(target=problem.file, thesis=None, observations=None, problems=[problem])
