"""The value chain: stage statuses, the implementation stage, and where value breaks.

Stage roll-up (docs/method.md): among a stage's KPIs that can be judged (they have data and
enough periods since go-live), the stage is ``achieved`` when all are achieved, ``on_track``
when all are achieved or on track, ``behind`` when more moved than regressed, ``regressed``
when more regressed than moved, ``unattributed`` when KPIs moved only in level, and ``flat``
otherwise; ``early`` when every KPI with data is too early to judge, ``no_data`` when none has
data and ``not_measured`` when the thesis names no KPI for it. With attributable credit (the
default), a KPI whose level moved but whose effect did not counts as not moved.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from valaudit.analyse.attribution import moved_unattributed
from valaudit.model.codes import MOVED, Credit, KpiStatus, MilestoneStatus, StageStatus
from valaudit.model.report import (
    Chain,
    ChainBreak,
    ImplementationResult,
    KpiResult,
    MilestoneResult,
    StageResult,
)
from valaudit.model.thesis import CHAIN, KPI_STAGES, Implementation

#: Stages left out when looking for the break: nothing to judge them by (yet).
SKIPPED = frozenset({StageStatus.NOT_MEASURED, StageStatus.NO_DATA, StageStatus.EARLY})
#: The implementation stage counts as having moved when it was delivered, even late.
IMPLEMENTATION_MOVED = frozenset({StageStatus.ACHIEVED, StageStatus.BEHIND})


def stage_moved(stage: StageResult) -> bool:
    if stage.stage == "implementation":
        return stage.status in IMPLEMENTATION_MOVED
    return stage.status in MOVED


def roll_up(
    stage: str, kpis: Sequence[KpiResult], credit: Credit = Credit.ATTRIBUTABLE
) -> StageResult:
    ids = tuple(k.id for k in kpis)
    if not kpis:
        return StageResult(
            stage, StageStatus.NOT_MEASURED, ids, "The thesis names no KPI for this stage."
        )
    with_data = [k for k in kpis if k.status != KpiStatus.NO_DATA]
    if not with_data:
        return StageResult(stage, StageStatus.NO_DATA, ids, "None of its KPIs has data to judge.")
    judged = [k for k in with_data if k.status != KpiStatus.EARLY]
    if not judged:
        return StageResult(
            stage,
            StageStatus.EARLY,
            ids,
            "Every KPI with data has too few periods since go-live to be judged yet.",
        )
    set_aside = tuple(
        k.id for k in judged if credit == Credit.ATTRIBUTABLE and moved_unattributed(k)
    )
    statuses = [KpiStatus.FLAT if k.id in set_aside else k.status for k in judged]
    moved = sum(s in MOVED for s in statuses)
    regressed = statuses.count(KpiStatus.REGRESSED)
    early = len(with_data) - len(judged)
    early_note = f" {early} KPI(s) too early to judge are left out." if early else ""
    aside_note = (
        f" {', '.join(set_aside)} moved in level but not beyond its counterfactual, so counts "
        "as not moved."
        if set_aside
        else ""
    )

    def result(status: StageStatus, reason: str) -> StageResult:
        return StageResult(stage, status, ids, reason + aside_note + early_note, set_aside)

    count = f"{moved} of {len(judged)} KPI(s) moved"
    if all(s == KpiStatus.ACHIEVED for s in statuses):
        return result(StageStatus.ACHIEVED, "Every KPI reached its target.")
    if all(s in (KpiStatus.ACHIEVED, KpiStatus.ON_TRACK) for s in statuses):
        return result(StageStatus.ON_TRACK, "Every KPI is at or beyond its glide path.")
    if moved and moved > regressed:
        return result(StageStatus.BEHIND, f"{count}; not all are on their glide path.")
    if regressed > moved:
        return result(StageStatus.REGRESSED, f"{regressed} of {len(judged)} KPI(s) regressed.")
    if set_aside and not moved:
        return StageResult(
            stage,
            StageStatus.UNATTRIBUTED,
            ids,
            f"{len(set_aside)} of {len(judged)} KPI(s) moved in level ({', '.join(set_aside)}), "
            "but none beyond its counterfactual (the trend, the comparison group or the noise): "
            "the stage counts as not moved." + early_note,
            set_aside,
        )
    return result(StageStatus.FLAT, f"{count}; the stage as a whole did not move.")


def judge_implementation(
    implementation: Implementation | None, as_of: dt.date
) -> ImplementationResult:
    """Delivered (achieved), delivered late or over budget (behind), not delivered (flat)."""
    if implementation is None or (not implementation.milestones and implementation.budget is None):
        return ImplementationResult(StageStatus.NOT_MEASURED, (), None, None, None)
    milestones = []
    for m in implementation.milestones:
        delivered = m.actual is not None and m.actual <= as_of
        delay: int | None
        if delivered:
            assert m.actual is not None
            delay = (m.actual - m.planned).days
            status = MilestoneStatus.LATE if delay > 0 else MilestoneStatus.ON_TIME
        else:
            delay = (as_of - m.planned).days if m.planned <= as_of else None
            status = (
                MilestoneStatus.NOT_DELIVERED if m.planned <= as_of else MilestoneStatus.NOT_DUE
            )
        milestones.append(
            MilestoneResult(m.name, m.planned, m.actual if delivered else None, delay, status)
        )
    budget = implementation.budget
    planned = budget.planned if budget else None
    actual = budget.actual if budget and budget.actual is not None else None
    variance = (actual - planned) / planned if planned and actual is not None else None
    statuses = [m.status for m in milestones]
    overall: StageStatus
    if MilestoneStatus.NOT_DELIVERED in statuses:
        overall = StageStatus.FLAT
    elif MilestoneStatus.LATE in statuses or (variance is not None and variance > 0):
        overall = StageStatus.BEHIND
    elif milestones and all(s == MilestoneStatus.NOT_DUE for s in statuses):
        overall = StageStatus.NOT_MEASURED
    else:
        overall = StageStatus.ACHIEVED
    return ImplementationResult(overall, tuple(milestones), planned, actual, variance)


def implementation_stage(result: ImplementationResult) -> StageResult:
    reasons = {
        StageStatus.ACHIEVED: "Every milestone due was delivered on time and within budget.",
        StageStatus.BEHIND: "Delivered, but late or over budget.",
        StageStatus.FLAT: "Not every milestone that is due has been delivered.",
        StageStatus.NOT_MEASURED: "The thesis gives no milestones or budget that are due.",
    }
    # The implementation stage is judged from milestones and budget, not from KPIs.
    return StageResult("implementation", result.status, (), reasons[result.status])


def build_chain(
    kpis: Sequence[KpiResult],
    implementation: ImplementationResult,
    credit: Credit = Credit.ATTRIBUTABLE,
) -> Chain:
    stages = [implementation_stage(implementation)]
    for stage in KPI_STAGES:
        stages.append(roll_up(stage, [k for k in kpis if k.stage == stage], credit))
    assert tuple(s.stage for s in stages) == CHAIN
    measured = [s for s in stages if s.status not in SKIPPED]
    found = None
    for before, after in itertools.pairwise(measured):
        if stage_moved(before) and not stage_moved(after):
            found = ChainBreak(before.stage, after.stage)
            break
    return Chain(tuple(stages), found)
