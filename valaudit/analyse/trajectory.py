"""The trajectory: one folder audited at the end of every period from go-live to the as-of date.

The folder is loaded, validated and its series aggregated once (:func:`prepare_audit`); each
date is then judged by :func:`audit_prepared`, the very function a separate ``--as-of`` run
calls, so every point is what that run reports, by construction. Only the judging (effects,
statuses, chain, verdict, money) is repeated per date, which is what makes a trajectory of
24 months cost far less than 24 runs.
"""

from __future__ import annotations

import datetime as dt

from valaudit.analyse.audit import PreparedAudit, audit_prepared, period_end
from valaudit.errors import UsageError
from valaudit.limits import MAX_TRAJECTORY_POINTS
from valaudit.load.periods import normalise, step
from valaudit.model.codes import TrajectoryEvery
from valaudit.model.report import Realization, Report
from valaudit.model.trajectory import ReturnFigures, Trajectory, TrajectoryPoint

#: Granularities from the finest to the coarsest.
_FINEST_FIRST = ("D", "W", "M", "Q", "Y")
_EVERY_GRANULARITY = {TrajectoryEvery.QUARTER: "Q", TrajectoryEvery.YEAR: "Y"}


def trajectory_granularity(prepared: PreparedAudit, every: TrajectoryEvery | str) -> str:
    """The period the dates step by: ``--every quarter`` or ``year``, else the finest
    granularity among the thesis's KPIs and guardrails that have data (months if none has)."""
    chosen = _EVERY_GRANULARITY.get(TrajectoryEvery(every))
    if chosen is not None:
        return chosen
    granularities = {m.series.granularity for m in prepared.measures.values() if len(m.series)}
    return next((g for g in _FINEST_FIRST if g in granularities), "M")


def trajectory_dates(go_live: dt.date, as_of: dt.date, granularity: str) -> list[dt.date]:
    """The end of every period after go-live and before ``as_of``, then ``as_of`` itself.

    The first date is the end of the period go-live falls in (unless go-live is its last
    day, when there is nothing after go-live to judge yet); the last is always the as-of date,
    so the trajectory ends where the report does.
    """
    dates = []
    start = normalise(go_live, granularity)
    while True:
        end = period_end(start, granularity)
        if end >= as_of:
            break
        if end > go_live:
            dates.append(end)
            if len(dates) >= MAX_TRAJECTORY_POINTS:
                raise UsageError(
                    f"A trajectory from go-live ({go_live}) to {as_of} by "
                    f"{_PERIOD_WORDS[granularity]} has more than {MAX_TRAJECTORY_POINTS} "
                    "dates; use --every quarter or --every year."
                )
        start = step(start, granularity)
    return [*dates, as_of]


_PERIOD_WORDS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def build_trajectory(
    prepared: PreparedAudit, report: Report, every: TrajectoryEvery | str
) -> Trajectory:
    """The trajectory up to ``report`` (the audit as of the run's date, which is the last
    point and is not audited again)."""
    granularity = trajectory_granularity(prepared, every)
    go_live = report.initiative.go_live
    dates = trajectory_dates(go_live, report.as_of, granularity)
    points = [trajectory_point(audit_prepared(prepared, date)) for date in dates[:-1]]
    points.append(trajectory_point(report))
    names = [(kpi.id, kpi.name) for kpi in report.kpis]
    names += [(rail.id, rail.name) for rail in report.guardrails]
    return Trajectory(
        every=TrajectoryEvery(every).value,
        granularity=granularity,
        points=tuple(points),
        names=tuple(names),
    )


def trajectory_point(report: Report) -> TrajectoryPoint:
    """What the timeline keeps of one report."""
    money = report.money
    assert money.observed is not None and money.attributable is not None
    chain_break = report.chain.break_
    return TrajectoryPoint(
        as_of=report.as_of,
        verdict=report.verdict.code,
        break_=(chain_break.from_stage, chain_break.to_stage) if chain_break else None,
        flags=report.verdict.flags,
        credit=money.credit,
        cost_to_date=money.cost_to_date,
        credited=ReturnFigures(
            money.realized_annual_benefit,
            money.realization_ratio,
            money.benefit_to_date,
            money.roi_to_date,
        ),
        observed=_figures(money.observed),
        attributable=_figures(money.attributable),
        gap_index=report.gap_index,
        kpis=tuple((kpi.id, kpi.status) for kpi in report.kpis),
        guardrails=tuple((rail.id, rail.status) for rail in report.guardrails),
    )


def _figures(realization: Realization) -> ReturnFigures:
    return ReturnFigures(
        realization.realized_annual_benefit,
        realization.realization_ratio,
        realization.benefit_to_date,
        realization.roi_to_date,
    )
