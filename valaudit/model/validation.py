"""The result of validating one audit folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from valaudit.errors import Problem
from valaudit.model.observations import Observations
from valaudit.model.thesis import Thesis


@dataclass(frozen=True)
class ValidationStats:
    """Counts for the summary line."""

    files: int = 0
    tables: int = 0
    rows: int = 0
    kpis: int = 0


@dataclass(frozen=True)
class FolderValidation:
    """Everything validation learned about one folder: typed inputs when valid, and all problems."""

    target: str
    """The thesis file as the user named it."""
    thesis: Thesis | None
    observations: Observations | None
    problems: list[Problem] = field(default_factory=list)
    stats: ValidationStats = ValidationStats()
    inputs: tuple[Path, ...] = ()
    """Every file the validation read or tried to (the thesis, the data files it names), as
    paths to open: outputs must never be written over them."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        return not self.errors and self.thesis is not None and self.observations is not None
