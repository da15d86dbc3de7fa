"""Every problem code valaudit can report: what it means, an example, and how to fix it.

One registry, in the code, so that docs/errors.md (written from it by
``tools/make_error_docs.py``) and the codes the program emits cannot drift apart: the docs
test checks the page is up to date and that every code the source emits is registered, and
every :class:`valaudit.errors.Problem` notes its code (``CODES_SEEN``), which the test suite
checks against the registry after each test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal["thesis", "tables", "data", "audit", "scorecard"]


@dataclass(frozen=True)
class ProblemCode:
    """One problem code, documented."""

    code: str
    """The stable machine-readable code, e.g. ``bad_number``."""
    severity: Literal["error", "warning", "error or warning"]
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


def _collect() -> dict[str, ProblemCode]:
    from valaudit.problem_codes import audit, data, scorecard, tables, thesis

    codes: dict[str, ProblemCode] = {}
    for module in (thesis, tables, data, audit, scorecard):
        for entry in module.CODES:
            assert entry.code not in codes, f"{entry.code} is registered twice"
            codes[entry.code] = entry
    return codes


#: Every code, by name.
CODES: dict[str, ProblemCode] = _collect()
