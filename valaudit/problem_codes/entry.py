"""One documented problem code: the record every area's list is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal["thesis", "tables", "data", "audit", "scorecard"]
Severity = Literal["error", "warning", "error or warning"]


@dataclass(frozen=True)
class ProblemCode:
    """One problem code, documented."""

    code: str
    """The stable machine-readable code, e.g. ``bad_number``."""
    severity: Severity
    """``error`` makes the input invalid (exit 3); ``warning`` never changes the exit code."""
    area: Area
    """Which input it is about: the thesis, one table, the data as a whole, the audit, the
    scorecard answers."""
    title: str
    """A few words, for the heading."""
    meaning: str
    """What it means, in a sentence or two."""
    example: str
    """A message as valaudit prints it, location first."""
    fix: str
    """How to fix it."""
