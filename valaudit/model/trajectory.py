"""The trajectory: the audit replayed at the end of every period from go-live to the as-of date.

Each point holds what a separate ``valaudit audit --as-of DATE`` report says at that date,
reduced to what a timeline shows: the verdict, the break, the flags, realization and money on
every basis, and each KPI's and guardrail's status. The figures are those of the report at
that date, field for field (``analyse/trajectory.py`` builds each point from one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valaudit.model.codes import Credit, Flag, GuardrailStatus, KpiStatus, VerdictCode


@dataclass(frozen=True)
class ReturnFigures:
    """Realization and return at one date, on one basis (observed or attributable)."""

    realized_annual_benefit: float
    realization_ratio: float | None
    """Realized ÷ expected annual benefit."""
    benefit_to_date: float
    roi_to_date: float | None


@dataclass(frozen=True)
class TrajectoryPoint:
    """The audit as of one date."""

    as_of: dt.date
    verdict: VerdictCode
    break_: tuple[str, str] | None
    """(from stage, to stage) where value stops turning into results, or None."""
    flags: tuple[Flag, ...]
    credit: Credit
    """The basis of ``credited`` (the thesis's ``settings.credit``)."""
    cost_to_date: float
    credited: ReturnFigures
    """The figures the report leads with: ``observed`` or ``attributable``, per ``credit``."""
    observed: ReturnFigures
    attributable: ReturnFigures
    gap_index: float | None
    """The credited Theory–Reality Gap (0 = the thesis came true, 100 = none of it did)."""
    kpis: tuple[tuple[str, KpiStatus], ...]
    """(KPI id, status), in thesis order."""
    guardrails: tuple[tuple[str, GuardrailStatus], ...]
    """(guardrail id, status), in thesis order."""


@dataclass(frozen=True)
class Trajectory:
    """Every point from go-live to the as-of date, oldest first; the last is the report's."""

    every: str
    """What ``--every`` asked for: period, quarter or year."""
    granularity: str
    """The period the dates step by: D, W, M, Q or Y."""
    points: tuple[TrajectoryPoint, ...]
    names: tuple[tuple[str, str], ...] = ()
    """(id, name) of every KPI and guardrail, so a timeline can label its rows."""
