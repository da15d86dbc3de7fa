"""What changed since an earlier report (``--compare``): the earlier report as read, and the
differences the comparison found.

:class:`PreviousReport` is what valaudit takes from an earlier JSON report, already checked
(``load/previous_report.py``); :class:`Comparison` is what ``analyse/compare.py`` finds and
every format shows. A report written before valaudit credited attributable progress has no
``money.credit``: its figures are observed ones, and :attr:`PreviousReport.credit` is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from valaudit.errors import Problem
from valaudit.model.codes import ChangeStatus, Credit
from valaudit.model.trajectory import ReturnFigures


@dataclass(frozen=True)
class MeasureStatus:
    """A KPI's or guardrail's status in a report."""

    id: str
    name: str
    status: str


@dataclass(frozen=True)
class PreviousReport:
    """The parts of an earlier JSON report a comparison reads."""

    file: str
    """The file as the user named it."""
    report_version: str
    valaudit_version: str
    as_of: dt.date
    initiative: str
    thesis_file: str
    go_live: dt.date
    currency: str
    verdict: str
    break_: tuple[str, str] | None
    flags: tuple[str, ...]
    credit: Credit | None
    """The basis of its lead figures; None for a report from before attributable credit,
    whose figures are all observed."""
    expected_annual_benefit: float
    cost_to_date: float
    observed: ReturnFigures
    attributable: ReturnFigures | None
    """None for a report from before attributable credit."""
    gap_observed: float | None
    gap_attributable: float | None
    kpis: tuple[MeasureStatus, ...]
    guardrails: tuple[MeasureStatus, ...]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class FigureChange:
    """One figure then and now."""

    figure: str
    """``realization_ratio``, ``realized_annual_benefit``, ``benefit_to_date``,
    ``roi_to_date``, ``gap_index``, ``cost_to_date`` or ``expected_annual_benefit``."""
    basis: Credit | None
    """observed or attributable; None for a figure with no basis (cost, expected)."""
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class StatusChange:
    """A KPI or guardrail whose status differs from the earlier report's."""

    id: str
    name: str
    before: str | None
    """None: not in the earlier report."""
    after: str | None
    """None: no longer in the thesis."""


@dataclass(frozen=True)
class Comparison:
    """This report against an earlier one of the same audit."""

    previous_file: str
    previous_as_of: dt.date
    previous_version: str
    """The valaudit version that wrote the earlier report."""
    previous_credit: Credit | None
    """None: the earlier report predates attributable credit; only observed figures compare."""
    status: ChangeStatus
    verdict_before: str
    verdict_after: str
    break_before: tuple[str, str] | None
    break_after: tuple[str, str] | None
    flags_added: tuple[str, ...]
    flags_removed: tuple[str, ...]
    figures: tuple[FigureChange, ...]
    """Every figure compared, on each basis both reports have."""
    kpis: tuple[StatusChange, ...]
    """Only the KPIs whose status changed (or that came or went)."""
    guardrails: tuple[StatusChange, ...]
    new_warnings: tuple[Problem, ...]
    """Data problems this report has and the earlier one did not."""
    fixed_warnings: tuple[Problem, ...]
    """Data problems the earlier report had and this one does not."""
    worsened: tuple[str, ...]
    """What got worse, a sentence each: what ``--fail-on worsened`` trips on."""
    notes: tuple[str, ...] = ()
    """How to read the comparison (the earlier report's basis, an earlier as-of date)."""

    def figure(self, name: str, basis: Credit | None = None) -> FigureChange | None:
        """The change of one figure on one basis, if both reports have it."""
        return next(
            (f for f in self.figures if f.figure == name and f.basis == basis),
            None,
        )
