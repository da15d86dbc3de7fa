"""The verdict and its flags, in the order SPEC §3 fixes (first match wins)."""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.analyse.chain import SKIPPED, stage_moved
from valaudit.model.codes import (
    MOVED,
    Flag,
    GuardrailStatus,
    KpiStatus,
    MilestoneStatus,
    Movement,
    StageStatus,
    VerdictCode,
)
from valaudit.model.report import (
    Chain,
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
ADOPTION_STILL = frozenset({StageStatus.FLAT, StageStatus.REGRESSED})


def _stage(chain: Chain, name: str) -> StageResult:
    return next(s for s in chain.stages if s.stage == name)


def decide_verdict(
    kpis: Sequence[KpiResult],
    chain: Chain,
    settings: Settings,
) -> tuple[VerdictCode, str]:
    """(code, explanation)."""
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    with_data = [k for k in outcome_kpis if k.status != KpiStatus.NO_DATA]
    adoption = _stage(chain, "adoption")
    outcome_stages = [_stage(chain, s) for s in OUTCOME_STAGES]
    measured_outcomes = [s for s in outcome_stages if s.status not in SKIPPED]
    if not with_data:
        return VerdictCode.INSUFFICIENT_DATA, (
            "No throughput, customer or financial KPI has data since go-live (with a baseline), "
            "so the outcome cannot be judged."
        )
    if adoption.status in ADOPTION_STILL:
        return VerdictCode.IMPLEMENTATION_STALLED, (
            f"Adoption is {adoption.status.replace('_', ' ')}: the change has not reached the "
            "people "
            "who were meant to use it, so no outcome can be expected from it."
        )
    last = measured_outcomes[-1] if measured_outcomes else None
    if last is not None and last.status in (StageStatus.ACHIEVED, StageStatus.ON_TRACK):
        return VerdictCode.VALUE_REALIZED, (
            f"The last measured outcome stage ({last.stage}) is {last.status.replace('_', ' ')}."
        )
    if all(k.effect.n_post < settings.min_post_periods for k in with_data):
        return VerdictCode.TOO_EARLY, (
            f"Every outcome KPI has fewer than {settings.min_post_periods} periods since go-live; "
            "it is too early to judge."
        )
    moved = [s.stage for s in measured_outcomes if stage_moved(s)]
    if moved:
        return VerdictCode.PARTIALLY_REALIZED, (
            f"Some outcome stages moved ({', '.join(moved)}), but the last one measured "
            f"({last.stage if last else 'none'}) is not on track."
        )
    return VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME, (
        "No throughput, customer or financial stage moved beyond its noise."
    )


def decide_flags(
    kpis: Sequence[KpiResult],
    chain: Chain,
    guardrails: Sequence[GuardrailResult],
    implementation: ImplementationResult,
    operating_model: dict[str, int] | None,
) -> tuple[Flag, ...]:
    flags: set[Flag] = set()
    if any(g.status == GuardrailStatus.BREACHED for g in guardrails):
        flags.add(Flag.GUARDRAIL_BREACHED)
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    if any(k.status == KpiStatus.REGRESSED for k in outcome_kpis):
        flags.add(Flag.OUTCOME_REGRESSED)
    adoption = _stage(chain, "adoption")
    adoption_still = adoption.status in ADOPTION_STILL
    for kpi in outcome_kpis:
        if kpi.status in MOVED and (adoption_still or kpi.effect.moved != Movement.GOOD):
            flags.add(Flag.UNATTRIBUTED_OUTCOME)
    late = (MilestoneStatus.LATE, MilestoneStatus.NOT_DELIVERED)
    if any(m.status in late for m in implementation.milestones):
        flags.add(Flag.IMPLEMENTATION_LATE)
    if implementation.budget_variance is not None and implementation.budget_variance > 0:
        flags.add(Flag.OVER_BUDGET)
    if operating_model and operating_model.get("workflow_redesign", 5) <= 2:
        flags.add(Flag.NO_WORKFLOW_REDESIGN)
    return tuple(flag for flag in FLAG_ORDER if flag in flags)


def headline(code: VerdictCode, chain: Chain, flags: tuple[Flag, ...] = ()) -> str:
    adoption_moved = stage_moved(_stage(chain, "adoption"))
    implementation_done = stage_moved(_stage(chain, "implementation"))
    if code == VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME:
        if adoption_moved or implementation_done:
            return "The implementation succeeded. The outcome didn't."
        return "Nothing downstream moved: no outcome stage improved beyond its noise."
    if code == VerdictCode.VALUE_REALIZED:
        if Flag.UNATTRIBUTED_OUTCOME in flags:
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
    return "Not enough outcome data to judge the investment yet."


def build_verdict(
    kpis: Sequence[KpiResult],
    chain: Chain,
    guardrails: Sequence[GuardrailResult],
    implementation: ImplementationResult,
    operating_model: dict[str, int] | None,
    settings: Settings,
) -> Verdict:
    code, explanation = decide_verdict(kpis, chain, settings)
    flags = decide_flags(kpis, chain, guardrails, implementation, operating_model)
    return Verdict(
        code=code, headline=headline(code, chain, flags), flags=flags, explanation=explanation
    )
