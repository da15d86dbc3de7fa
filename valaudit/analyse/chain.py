"""The value chain: stage statuses, the implementation stage, and where value breaks.

Stage roll-up (docs/method.md): among a stage's KPIs that have data, the stage is
``achieved`` when all are achieved, ``on_track`` when all are achieved or on track,
``behind`` when more moved than regressed, ``regressed`` when more regressed than moved,
and ``flat`` otherwise; ``no_data`` when none has data and ``not_measured`` when the thesis
names no KPI for it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from valaudit.model.codes import MOVED, KpiStatus, MilestoneStatus, StageStatus
from valaudit.model.report import (
    Chain,
    ChainBreak,
    ImplementationResult,
    KpiResult,
    MilestoneResult,
    StageResult,
)
from valaudit.model.thesis import CHAIN, KPI_STAGES, Implementation

#: Stages left out when looking for the break: nothing to judge them by.
SKIPPED = frozenset({StageStatus.NOT_MEASURED, StageStatus.NO_DATA})
#: The implementation stage counts as having moved when it was delivered, even late.
IMPLEMENTATION_MOVED = frozenset({StageStatus.ACHIEVED, StageStatus.BEHIND})


def stage_moved(stage: StageResult) -> bool:
    if stage.stage == "implementation":
        return stage.status in IMPLEMENTATION_MOVED
    return stage.status in MOVED


def roll_up(stage: str, kpis: Sequence[KpiResult]) -> StageResult:
    ids = tuple(k.id for k in kpis)
    if not kpis:
        return StageResult(
            stage, StageStatus.NOT_MEASURED, ids, "The thesis names no KPI for this stage."
        )
    measured = [k for k in kpis if k.status != KpiStatus.NO_DATA]
    if not measured:
        return StageResult(stage, StageStatus.NO_DATA, ids, "None of its KPIs has data to judge.")
    statuses = [k.status for k in measured]
    moved = sum(s in MOVED for s in statuses)
    regressed = statuses.count(KpiStatus.REGRESSED)
    count = f"{moved} of {len(measured)} KPI(s) moved"
    if all(s == KpiStatus.ACHIEVED for s in statuses):
        return StageResult(stage, StageStatus.ACHIEVED, ids, "Every KPI reached its target.")
    if all(s in (KpiStatus.ACHIEVED, KpiStatus.ON_TRACK) for s in statuses):
        return StageResult(
            stage, StageStatus.ON_TRACK, ids, "Every KPI is at or beyond its glide path."
        )
    if moved and moved > regressed:
        return StageResult(
            stage, StageStatus.BEHIND, ids, f"{count}; not all are on their glide path."
        )
    if regressed > moved:
        return StageResult(
            stage, StageStatus.REGRESSED, ids, f"{regressed} of {len(measured)} KPI(s) regressed."
        )
    return StageResult(stage, StageStatus.FLAT, ids, f"{count}; the stage as a whole did not move.")


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


def build_chain(kpis: Sequence[KpiResult], implementation: ImplementationResult) -> Chain:
    stages = [implementation_stage(implementation)]
    for stage in KPI_STAGES:
        stages.append(roll_up(stage, [k for k in kpis if k.stage == stage]))
    assert tuple(s.stage for s in stages) == CHAIN
    measured = [s for s in stages if s.status not in SKIPPED]
    found = None
    for before, after in itertools.pairwise(measured):
        if stage_moved(before) and not stage_moved(after):
            found = ChainBreak(before.stage, after.stage)
            break
    return Chain(tuple(stages), found)
