"""The verdict and its flags, in the order SPEC §3 fixes (first match wins)."""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.analyse.chain import SKIPPED, stage_moved
from valaudit.analyse.measure import MOVED
from valaudit.model.report import (
    Chain,
    GuardrailResult,
    ImplementationResult,
    KpiResult,
    StageResult,
    Verdict,
)
from valaudit.model.thesis import OUTCOME_STAGES, Settings

FLAG_ORDER = (
    "guardrail_breached",
    "outcome_regressed",
    "unattributed_outcome",
    "implementation_late",
    "over_budget",
    "no_workflow_redesign",
)


def _stage(chain: Chain, name: str) -> StageResult:
    return next(s for s in chain.stages if s.stage == name)


def decide_verdict(
    kpis: Sequence[KpiResult],
    chain: Chain,
    settings: Settings,
) -> tuple[str, str]:
    """(code, explanation)."""
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    with_data = [k for k in outcome_kpis if k.status != "no_data"]
    adoption = _stage(chain, "adoption")
    outcome_stages = [_stage(chain, s) for s in OUTCOME_STAGES]
    measured_outcomes = [s for s in outcome_stages if s.status not in SKIPPED]
    if not with_data:
        return "insufficient_data", (
            "No throughput, customer or financial KPI has data since go-live (with a baseline), "
            "so the outcome cannot be judged."
        )
    if adoption.status in ("flat", "regressed"):
        return "implementation_stalled", (
            f"Adoption is {adoption.status.replace('_', ' ')}: the change has not reached the "
            "people "
            "who were meant to use it, so no outcome can be expected from it."
        )
    last = measured_outcomes[-1] if measured_outcomes else None
    if last is not None and last.status in ("achieved", "on_track"):
        return "value_realized", (
            f"The last measured outcome stage ({last.stage}) is {last.status.replace('_', ' ')}."
        )
    if all(k.effect.n_post < settings.min_post_periods for k in with_data):
        return "too_early", (
            f"Every outcome KPI has fewer than {settings.min_post_periods} periods since go-live; "
            "it is too early to judge."
        )
    moved = [s.stage for s in measured_outcomes if stage_moved(s)]
    if moved:
        return "partially_realized", (
            f"Some outcome stages moved ({', '.join(moved)}), but the last one measured "
            f"({last.stage if last else 'none'}) is not on track."
        )
    return "implementation_without_outcome", (
        "No throughput, customer or financial stage moved beyond its noise."
    )


def decide_flags(
    kpis: Sequence[KpiResult],
    chain: Chain,
    guardrails: Sequence[GuardrailResult],
    implementation: ImplementationResult,
    operating_model: dict[str, int] | None,
) -> tuple[str, ...]:
    flags: set[str] = set()
    if any(g.status == "breached" for g in guardrails):
        flags.add("guardrail_breached")
    outcome_kpis = [k for k in kpis if k.stage in OUTCOME_STAGES]
    if any(k.status == "regressed" for k in outcome_kpis):
        flags.add("outcome_regressed")
    adoption = _stage(chain, "adoption")
    adoption_still = adoption.status in ("flat", "regressed")
    for kpi in outcome_kpis:
        if kpi.status in MOVED and (adoption_still or kpi.effect.moved != "good"):
            flags.add("unattributed_outcome")
    if any(m.status in ("late", "not_delivered") for m in implementation.milestones):
        flags.add("implementation_late")
    if implementation.budget_variance is not None and implementation.budget_variance > 0:
        flags.add("over_budget")
    if operating_model and operating_model.get("workflow_redesign", 5) <= 2:
        flags.add("no_workflow_redesign")
    return tuple(flag for flag in FLAG_ORDER if flag in flags)


def headline(code: str, chain: Chain, flags: tuple[str, ...] = ()) -> str:
    adoption_moved = stage_moved(_stage(chain, "adoption"))
    implementation_done = stage_moved(_stage(chain, "implementation"))
    if code == "implementation_without_outcome":
        if adoption_moved or implementation_done:
            return "The implementation succeeded. The outcome didn't."
        return "Nothing downstream moved: no outcome stage improved beyond its noise."
    if code == "value_realized":
        if "unattributed_outcome" in flags:
            return (
                "The outcome reached its targets, but the evidence does not credit the "
                "initiative: it moved no more than its trend or comparison group."
            )
        return "The implementation succeeded and the outcome followed: value is being realized."
    if code == "partially_realized":
        where = (
            f" Value leaks between {chain.break_.from_stage} and {chain.break_.to_stage}."
            if chain.break_
            else ""
        )
        return "Value is partly realized: some outcomes moved, the last one has not yet." + where
    if code == "implementation_stalled":
        return "The implementation stalled: adoption did not take hold."
    if code == "too_early":
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
