"""What changed since an earlier report of the same audit (``--compare``).

The rules are docs/method.md §12.2: which reports are the same
audit, how figures on different bases are compared, and what counts as worse (the
``worsened`` gate). In short:

- The same audit: the same initiative name, thesis file name, go-live and currency. Anything
  else is refused, since every difference would be noise.
- Like with like: a report from before attributable credit (no ``money.credit``) holds
  observed figures; they are compared with this report's observed figures, and the
  comparison says so. Newer reports compare on both bases.
- Worse: the verdict moved down :data:`~valaudit.model.codes.VERDICT_RANK`, a KPI went from
  achieved or on track to behind, regressed or flat, a guardrail is newly breached, or
  realization fell by more than :data:`REALIZATION_TOLERANCE` (attributable, or observed
  against a report from before attributable credit).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath

from valaudit.errors import CompareError, Problem
from valaudit.model.codes import (
    OFF_TRACK,
    VERDICT_RANK,
    ChangeStatus,
    Credit,
    GuardrailStatus,
    KpiStatus,
)
from valaudit.model.comparison import (
    Comparison,
    FigureChange,
    MeasureStatus,
    PreviousReport,
    StatusChange,
)
from valaudit.model.report import Realization, Report
from valaudit.model.trajectory import ReturnFigures

#: A fall in realization (a share of the expected benefit) larger than this is a worsening:
#: five points, so that a rounding or a revised month does not fail a CI job.
REALIZATION_TOLERANCE = 0.05
#: KPI statuses a KPI can regress from, for the ``worsened`` gate.
ON_TRACK = frozenset({KpiStatus.ACHIEVED, KpiStatus.ON_TRACK})
#: Figures that differ by less than this (relative) are the same figure.
_SAME = 1e-9


def check_same_audit(previous: PreviousReport, report: Report) -> None:
    """Refuse a report of another audit, saying what differs and what to give instead."""
    initiative = report.initiative
    differences = []
    if previous.initiative != initiative.name:
        differences.append(
            f"its initiative is {previous.initiative!r}, this folder's is {initiative.name!r}"
        )
    if previous.go_live != initiative.go_live:
        differences.append(f"its go-live is {previous.go_live}, this thesis's {initiative.go_live}")
    if previous.thesis_file != report.thesis_file:
        differences.append(
            f"its thesis file is {previous.thesis_file!r}, this one is {report.thesis_file!r}"
        )
    if previous.currency != report.currency:
        differences.append(f"its currency is {previous.currency}, this thesis's {report.currency}")
    if differences:
        raise CompareError(
            f"{previous.file} is the report of another audit: "
            + "; ".join(differences)
            + ". Compare with an earlier report of this folder (the same initiative name, "
            "thesis file, go-live and currency)."
        )


def compare_reports(previous: PreviousReport, report: Report) -> Comparison:
    """This report against ``previous``; a :class:`CompareError` if it is another audit's."""
    check_same_audit(previous, report)
    money = report.money
    assert money.observed is not None and money.attributable is not None
    bases = [(Credit.OBSERVED, previous.observed, money.observed)]
    if previous.attributable is not None:
        # The basis reports lead with comes first.
        bases.insert(0, (Credit.ATTRIBUTABLE, previous.attributable, money.attributable))
    gap = report.gap
    gaps = {
        Credit.OBSERVED: (previous.gap_observed, gap.observed if gap else report.gap_index),
        Credit.ATTRIBUTABLE: (previous.gap_attributable, gap.attributable if gap else None),
    }
    figures = _figures(previous, report, bases, gaps)
    kpis = _status_changes(previous.kpis, [(k.id, k.name, k.status) for k in report.kpis])
    guardrails = _status_changes(
        previous.guardrails, [(g.id, g.name, g.status) for g in report.guardrails]
    )
    new_warnings, fixed_warnings = _warning_changes(previous.warnings, report.warnings)
    verdict_before, verdict_after = previous.verdict, str(report.verdict.code)
    chain_break = report.chain.break_
    break_after = (chain_break.from_stage, chain_break.to_stage) if chain_break else None
    flags_after = tuple(str(flag) for flag in report.verdict.flags)
    realization_basis = Credit.ATTRIBUTABLE if previous.attributable else Credit.OBSERVED
    realization = next(
        (f for f in figures if f.figure == "realization_ratio" and f.basis == realization_basis),
        None,
    )
    worsened = worsened_reasons(verdict_before, verdict_after, kpis, guardrails, realization)
    improved = _improved(verdict_before, verdict_after, kpis, guardrails, realization)
    changed = (
        verdict_before != verdict_after
        or previous.break_ != break_after
        or set(previous.flags) != set(flags_after)
        or kpis
        or guardrails
        or new_warnings
        or fixed_warnings
        or any(_moved(f) for f in figures)
    )
    status = (
        ChangeStatus.WORSENED
        if worsened
        else ChangeStatus.IMPROVED
        if improved
        else ChangeStatus.CHANGED
        if changed
        else ChangeStatus.UNCHANGED
    )
    return Comparison(
        # Its name only: the same files give the same report whichever way the path was typed.
        previous_file=PurePath(previous.file).name,
        previous_as_of=previous.as_of,
        previous_version=previous.valaudit_version,
        previous_credit=previous.credit,
        status=status,
        verdict_before=verdict_before,
        verdict_after=verdict_after,
        break_before=previous.break_,
        break_after=break_after,
        flags_added=tuple(f for f in flags_after if f not in previous.flags),
        flags_removed=tuple(f for f in previous.flags if f not in flags_after),
        figures=figures,
        kpis=kpis,
        guardrails=guardrails,
        new_warnings=new_warnings,
        fixed_warnings=fixed_warnings,
        worsened=tuple(worsened),
        notes=_notes(previous, report),
    )


def _figures(
    previous: PreviousReport,
    report: Report,
    bases: Sequence[tuple[Credit, ReturnFigures, Realization]],
    gaps: dict[Credit, tuple[float | None, float | None]],
) -> tuple[FigureChange, ...]:
    money = report.money
    figures = []
    for name in ("realization_ratio", "realized_annual_benefit", "benefit_to_date"):
        figures += [
            FigureChange(name, basis, getattr(before, name), getattr(after, name))
            for basis, before, after in bases
        ]
    figures.append(FigureChange("cost_to_date", None, previous.cost_to_date, money.cost_to_date))
    figures += [
        FigureChange("roi_to_date", basis, before.roi_to_date, after.roi_to_date)
        for basis, before, after in bases
    ]
    figures += [FigureChange("gap_index", basis, *gaps[basis]) for basis, _, _ in bases]
    figures.append(
        FigureChange(
            "expected_annual_benefit",
            None,
            previous.expected_annual_benefit,
            money.expected_annual_benefit,
        )
    )
    return tuple(figures)


def _moved(figure: FigureChange) -> bool:
    if figure.before is None or figure.after is None:
        return figure.before != figure.after
    scale = max(abs(figure.before), abs(figure.after), 1.0)
    return abs(figure.after - figure.before) > _SAME * scale


def _status_changes(
    before: Iterable[MeasureStatus], after: Sequence[tuple[str, str, str]]
) -> tuple[StatusChange, ...]:
    """The KPIs (or guardrails) whose status differs, or that came or went: this report's
    in thesis order, then those only the earlier report had."""
    earlier = {m.id: m for m in before}
    now = {ident for ident, _, _ in after}
    changes = [
        StatusChange(ident, name, earlier[ident].status if ident in earlier else None, status)
        for ident, name, status in after
        if ident not in earlier or earlier[ident].status != status
    ]
    changes += [StatusChange(m.id, m.name, m.status, None) for m in before if m.id not in now]
    return tuple(changes)


def _warning_key(problem: Problem) -> tuple[object, ...]:
    """A warning is the same warning if it has the same code at the same place: its message
    may quote a date or a count that moves every quarter."""
    return (
        problem.code,
        problem.file,
        problem.sheet,
        problem.line,
        problem.row,
        problem.column,
        problem.path,
    )


def _warning_changes(
    before: Sequence[Problem], after: Sequence[Problem]
) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    earlier = {_warning_key(p) for p in before}
    now = {_warning_key(p) for p in after}
    new = tuple(p for p in after if _warning_key(p) not in earlier)
    fixed = tuple(p for p in before if _warning_key(p) not in now)
    return new, fixed


def _words(code: str | None) -> str:
    return (code or "none").replace("_", " ")


def worsened_reasons(
    verdict_before: str,
    verdict_after: str,
    kpis: Sequence[StatusChange],
    guardrails: Sequence[StatusChange],
    realization: FigureChange | None,
) -> list[str]:
    """What the ``worsened`` gate trips on, a sentence each (a batch judges its folders with
    the same rules, on what a portfolio row holds)."""
    reasons = []
    rank_before, rank_after = VERDICT_RANK.get(verdict_before), VERDICT_RANK.get(verdict_after)
    if rank_before is not None and rank_after is not None and rank_after > rank_before:
        reasons.append(
            f"The verdict went from {_words(verdict_before)} to {_words(verdict_after)}."
        )
    reasons += [
        f"KPI '{kpi.name}' went from {_words(kpi.before)} to {_words(kpi.after)}."
        for kpi in kpis
        if kpi.before in ON_TRACK and kpi.after in OFF_TRACK
    ]
    reasons += [
        f"Guardrail '{rail.name}' is newly breached."
        for rail in guardrails
        if rail.after == GuardrailStatus.BREACHED
    ]
    delta = realization.delta if realization is not None else None
    if realization is not None and delta is not None and delta < -REALIZATION_TOLERANCE:
        assert realization.before is not None and realization.after is not None
        reasons.append(
            f"{str(realization.basis).capitalize()} realization fell from "
            f"{realization.before:.0%} to {realization.after:.0%}, more than "
            f"{REALIZATION_TOLERANCE * 100:.0f} points."
        )
    return reasons


def _improved(
    verdict_before: str,
    verdict_after: str,
    kpis: Sequence[StatusChange],
    guardrails: Sequence[StatusChange],
    realization: FigureChange | None,
) -> bool:
    rank_before, rank_after = VERDICT_RANK.get(verdict_before), VERDICT_RANK.get(verdict_after)
    delta = realization.delta if realization is not None else None
    return (
        (rank_before is not None and rank_after is not None and rank_after < rank_before)
        or any(k.after in ON_TRACK and k.before not in ON_TRACK for k in kpis)
        or any(g.before == GuardrailStatus.BREACHED and g.after == GuardrailStatus.OK
               for g in guardrails)
        or (delta is not None and delta > REALIZATION_TOLERANCE)
    )  # fmt: skip


def _notes(previous: PreviousReport, report: Report) -> tuple[str, ...]:
    notes = []
    if previous.credit is None:
        notes.append(
            f"The earlier report (valaudit {previous.valaudit_version}) predates attributable "
            "credit: its figures are observed ones, so they are compared with this report's "
            "observed figures, and its gap index with the observed gap. Attributable figures "
            "have nothing to compare with. Its verdict and stage statuses were judged on observed "
            "progress too: a verdict that moved since may have moved because only attributable "
            "progress is credited now."
        )
    if previous.as_of > report.as_of:
        notes.append(
            f"The earlier report is as of {previous.as_of}, after this report's "
            f"{report.as_of}: the changes run backwards in time."
        )
    elif previous.as_of == report.as_of:
        notes.append(
            f"Both reports are as of {report.as_of}: what changed comes from the data or the "
            "thesis, not from time passing."
        )
    return tuple(notes)
