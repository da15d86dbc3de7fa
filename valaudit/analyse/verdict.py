"""The verdict and its flags, in the order docs/method.md fixes (first match wins).

Every rule reads stages and KPIs that can be judged: a KPI with fewer than
``settings.min_post_periods`` periods since go-live is ``early`` and its stage too, so a
young rollout reads as ``too_early``, never as stalled or without outcome. With attributable
credit (the default) a stage moves only when its KPIs moved beyond their counterfactual.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.analyse.chain import stage_moved
from valaudit.model.codes import (
    MOVED,
    Attribution,
    Credit,
    Flag,
    GuardrailStatus,
    KpiStatus,
    MilestoneStatus,
    StageStatus,
    VerdictCode,
)
from valaudit.model.report import (
    Chain,
    Coverage,
    GuardrailResult,
    ImplementationResult,
    KpiResult,
    StageResult,
    Verdict,
)
from valaudit.model.thesis import OUTCOME_STAGES, Settings

#: Flags are reported in the order of :class:`~valaudit.model.codes.Flag`.
FLAG_ORDER = tuple(Flag)
#: Adoption that did not take hold: the change never reached the people meant to use it.
#: An ``early`` adoption stage is not among them: it has not been judged yet.
ADOPTION_STILL = frozenset({StageStatus.FLAT, StageStatus.REGRESSED})
#: Stages with nothing to judge them by at all.
WITHOUT_DATA = frozenset({StageStatus.NOT_MEASURED, StageStatus.NO_DATA})


def _stage(chain: Chain, name: str) -> StageResult:
    return next(s for s in chain.stages if s.stage == name)


def _names(stages: Sequence[StageResult]) -> str:
    """``throughput``, ``throughput and customer``, ``throughput, customer and financial``."""
    names = [s.stage for s in stages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def decide_verdict(
    kpis: Sequence[KpiResult],
    chain: Chain,
    settings: Settings,
    coverage: Coverage | None = None,
) -> tuple[VerdictCode, str]:
    """(code, explanation)."""
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    with_data = [k for k in outcome_kpis if k.status != KpiStatus.NO_DATA]
    if not with_data:
        return VerdictCode.INSUFFICIENT_DATA, (
            "No throughput, customer or financial KPI has data since go-live (with a baseline), "
            "so the outcome cannot be judged."
        )
    if coverage is not None and coverage.with_data * 2 < coverage.named:
        return VerdictCode.INSUFFICIENT_DATA, (
            f"Only {coverage.with_data} of the {coverage.named} KPIs the thesis names have data: "
            "less than half of the evidence it asks for, too little to judge the investment."
        )
    adoption = _stage(chain, "adoption")
    if adoption.status in ADOPTION_STILL:
        return VerdictCode.IMPLEMENTATION_STALLED, (
            f"Adoption is {adoption.status.replace('_', ' ')} after at least "
            f"{settings.min_post_periods} periods since go-live: the change has not reached the "
            "people who were meant to use it, so no outcome can be expected from it."
        )
    stages = [_stage(chain, name) for name in OUTCOME_STAGES]
    present = [s for s in stages if s.status not in WITHOUT_DATA]
    moved = [s for s in present if stage_moved(s)]
    early = [s for s in present if s.status == StageStatus.EARLY]
    if early and not moved:
        return VerdictCode.TOO_EARLY, (
            f"No outcome stage has moved yet, and {_names(early)} "
            f"{'has' if len(early) == 1 else 'have'} fewer than {settings.min_post_periods} "
            "periods since go-live: it is too early to judge."
        )
    last = present[-1]
    if last.status in (StageStatus.ACHIEVED, StageStatus.ON_TRACK):
        return VerdictCode.VALUE_REALIZED, (
            f"The last measured outcome stage ({last.stage}) is {last.status.replace('_', ' ')}."
        )
    if moved:
        return VerdictCode.PARTIALLY_REALIZED, (
            f"Some outcome stages moved ({_names(moved)}), but the last one measured "
            f"({last.stage}) {_short_of(last)}."
        )
    unattributed = [s for s in present if s.status == StageStatus.UNATTRIBUTED]
    return VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME, (
        "No throughput, customer or financial stage moved beyond its noise"
        + (
            f"; {_names(unattributed)} moved in level, but no more than its counterfactual."
            if unattributed
            else "."
        )
    )


def _short_of(stage: StageResult) -> str:
    """How the last outcome stage falls short, for the partially-realized explanation."""
    if stage.status == StageStatus.EARLY:
        return "is too early to judge"
    if stage.status == StageStatus.UNATTRIBUTED:
        return "moved no more than its counterfactual (trend, comparison group or noise)"
    return "is not on track"


def decide_flags(
    kpis: Sequence[KpiResult],
    chain: Chain,
    guardrails: Sequence[GuardrailResult],
    implementation: ImplementationResult,
    operating_model: dict[str, int] | None,
    coverage: Coverage | None = None,
) -> tuple[Flag, ...]:
    flags: set[Flag] = set()
    if coverage is not None and coverage.low:
        flags.add(Flag.LOW_COVERAGE)
    if any(g.status == GuardrailStatus.BREACHED for g in guardrails):
        flags.add(Flag.GUARDRAIL_BREACHED)
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    if any(k.status == KpiStatus.REGRESSED for k in outcome_kpis):
        flags.add(Flag.OUTCOME_REGRESSED)
    adoption = _stage(chain, "adoption")
    adoption_still = adoption.status in ADOPTION_STILL
    for kpi in outcome_kpis:
        if kpi.status in MOVED and (adoption_still or kpi.attribution != Attribution.ATTRIBUTED):
            flags.add(Flag.UNATTRIBUTED_OUTCOME)
    late = (MilestoneStatus.LATE, MilestoneStatus.NOT_DELIVERED)
    if any(m.status in late for m in implementation.milestones):
        flags.add(Flag.IMPLEMENTATION_LATE)
    if implementation.budget_variance is not None and implementation.budget_variance > 0:
        flags.add(Flag.OVER_BUDGET)
    if operating_model and operating_model.get("workflow_redesign", 5) <= 2:
        flags.add(Flag.NO_WORKFLOW_REDESIGN)
    return tuple(flag for flag in FLAG_ORDER if flag in flags)


def headline(
    code: VerdictCode,
    chain: Chain,
    flags: tuple[Flag, ...] = (),
    credit: Credit = Credit.ATTRIBUTABLE,
) -> str:
    adoption_moved = stage_moved(_stage(chain, "adoption"))
    implementation_done = stage_moved(_stage(chain, "implementation"))
    if code == VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME:
        if adoption_moved or implementation_done:
            return "The implementation succeeded. The outcome didn't."
        return "Nothing downstream moved: no outcome stage improved beyond its noise."
    if code == VerdictCode.VALUE_REALIZED:
        if Flag.UNATTRIBUTED_OUTCOME in flags:
            if credit == Credit.ATTRIBUTABLE:
                return (
                    "The outcome reached its targets, but part of the outcomes' movement is not "
                    "the initiative's: it moved no more than its trend or comparison group."
                )
            return (
                "The outcome reached its targets, but the evidence does not credit the "
                "initiative: it moved no more than its trend or comparison group."
            )
        return "The implementation succeeded and the outcome followed: value is being realized."
    if code == VerdictCode.PARTIALLY_REALIZED:
        where = (
            f" Value leaks between {chain.break_.from_stage} and {chain.break_.to_stage}."
            if chain.break_
            else ""
        )
        return "Value is partly realized: some outcomes moved, the last one has not yet." + where
    if code == VerdictCode.IMPLEMENTATION_STALLED:
        return "The implementation stalled: adoption did not take hold."
    if code == VerdictCode.TOO_EARLY:
        return "Too early to tell: the outcomes have too few periods since go-live."
    if Flag.LOW_COVERAGE in flags:
        return "Not enough of the evidence the thesis names has data to judge the investment."
    return "Not enough outcome data to judge the investment yet."


def build_verdict(
    kpis: Sequence[KpiResult],
    chain: Chain,
    guardrails: Sequence[GuardrailResult],
    implementation: ImplementationResult,
    operating_model: dict[str, int] | None,
    settings: Settings,
    coverage: Coverage | None = None,
) -> Verdict:
    code, explanation = decide_verdict(kpis, chain, settings, coverage)
    flags = decide_flags(kpis, chain, guardrails, implementation, operating_model, coverage)
    credit = Credit(settings.credit)
    return Verdict(
        code=code,
        headline=headline(code, chain, flags, credit),
        flags=flags,
        explanation=explanation,
    )
