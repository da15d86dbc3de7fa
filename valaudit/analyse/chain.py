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

from valaudit.analyse.measure import MOVED
from valaudit.model.report import (
    Chain,
    ChainBreak,
    ImplementationResult,
    KpiResult,
    MilestoneResult,
    StageResult,
)
from valaudit.model.thesis import CHAIN, KPI_STAGES, Implementation

SKIPPED = ("not_measured", "no_data")
#: The implementation stage counts as having moved when it was delivered, even late.
IMPLEMENTATION_MOVED = ("achieved", "behind")


def stage_moved(stage: StageResult) -> bool:
    if stage.stage == "implementation":
        return stage.status in IMPLEMENTATION_MOVED
    return stage.status in MOVED


def roll_up(stage: str, kpis: Sequence[KpiResult]) -> StageResult:
    ids = tuple(k.id for k in kpis)
    if not kpis:
        return StageResult(stage, "not_measured", ids, "The thesis names no KPI for this stage.")
    measured = [k for k in kpis if k.status != "no_data"]
    if not measured:
        return StageResult(stage, "no_data", ids, "None of its KPIs has data to judge.")
    statuses = [k.status for k in measured]
    moved = sum(s in MOVED for s in statuses)
    regressed = statuses.count("regressed")
    count = f"{moved} of {len(measured)} KPI(s) moved"
    if all(s == "achieved" for s in statuses):
        return StageResult(stage, "achieved", ids, "Every KPI reached its target.")
    if all(s in ("achieved", "on_track") for s in statuses):
        return StageResult(stage, "on_track", ids, "Every KPI is at or beyond its glide path.")
    if moved and moved > regressed:
        return StageResult(stage, "behind", ids, f"{count}; not all are on their glide path.")
    if regressed > moved:
        return StageResult(
            stage, "regressed", ids, f"{regressed} of {len(measured)} KPI(s) regressed."
        )
    return StageResult(stage, "flat", ids, f"{count}; the stage as a whole did not move.")


def judge_implementation(
    implementation: Implementation | None, as_of: dt.date
) -> ImplementationResult:
    """Delivered (achieved), delivered late or over budget (behind), not delivered (flat)."""
    if implementation is None or (not implementation.milestones and implementation.budget is None):
        return ImplementationResult("not_measured", (), None, None, None)
    milestones = []
    for m in implementation.milestones:
        delivered = m.actual is not None and m.actual <= as_of
        delay: int | None
        if delivered:
            assert m.actual is not None
            delay = (m.actual - m.planned).days
            status = "late" if delay > 0 else "on_time"
        else:
            delay = (as_of - m.planned).days if m.planned <= as_of else None
            status = "not_delivered" if m.planned <= as_of else "not_due"
        milestones.append(
            MilestoneResult(m.name, m.planned, m.actual if delivered else None, delay, status)
        )
    budget = implementation.budget
    planned = budget.planned if budget else None
    actual = budget.actual if budget and budget.actual is not None else None
    variance = (actual - planned) / planned if planned and actual is not None else None
    statuses = [m.status for m in milestones]
    if "not_delivered" in statuses:
        status = "flat"
    elif "late" in statuses or (variance is not None and variance > 0):
        status = "behind"
    elif milestones and all(s == "not_due" for s in statuses):
        status = "not_measured"
    else:
        status = "achieved"
    return ImplementationResult(status, tuple(milestones), planned, actual, variance)


def implementation_stage(result: ImplementationResult) -> StageResult:
    reasons = {
        "achieved": "Every milestone due was delivered on time and within budget.",
        "behind": "Delivered, but late or over budget.",
        "flat": "Not every milestone that is due has been delivered.",
        "not_measured": "The thesis gives no milestones or budget that are due.",
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
