"""The user-facing failures of ``init`` and ``scorecard``, with their documented exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from valaudit.errors import Problem, ValauditError
from valaudit.exit_codes import ExitCode


class ExistingFilesError(ValauditError):
    """``init`` would overwrite files the user already has; nothing was written."""

    exit_code = ExitCode.USAGE

    def __init__(self, folder: Path, relatives: Sequence[Path]) -> None:
        self.paths = tuple(folder / r for r in relatives)
        names = [str(r) for r in relatives]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        them = "it" if len(names) == 1 else "them"
        super().__init__(
            f"{folder} already has {listed}; nothing was written. Run again with --force to "
            f"overwrite {them}, or choose another folder."
        )


class UnusableFolderError(ValauditError):
    """``init`` was pointed at something that cannot become a new audit folder."""

    exit_code = ExitCode.USAGE


class ScorecardInputError(ValauditError):
    """The answers or the thesis cannot be used; carries every located problem found."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems[0].message if self.problems else "invalid input")
