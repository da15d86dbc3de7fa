"""Attributable progress: how much of the promised change the evidence credits to the initiative.

A KPI's *observed* progress says where its level stands against the target; its *attributable*
progress says how much of that the effect — the average movement beyond the counterfactual
(the pre-trend, the control group, the pre-period level) — accounts for:

    attributable progress = effect.estimate ÷ (target − baseline), interval: low, high likewise

The movement is **attributed** when the effect moved the good way beyond noise (its whole
interval on the good side of zero), **not attributed** when it did not, and **unknown** when
there is no effect with an interval or no target to scale it by. Only attributed movement is
credited: a KPI that is not attributed credits nothing, however far its level moved, while its
interval still shows how much the evidence would allow (docs/method.md, attribution).
"""

from __future__ import annotations

from dataclasses import dataclass

from valaudit.model.codes import MOVED, Attribution, Credit, EffectMethod, Movement
from valaudit.model.effect import Effect
from valaudit.model.report import KpiResult, Span


@dataclass(frozen=True)
class Attributed:
    """A KPI's attribution and its attributable progress (unclamped)."""

    attribution: Attribution
    progress: float | None
    low: float | None
    high: float | None
    reason: str


def attribute(effect: Effect, baseline: float | None, target: float | None) -> Attributed:
    """The attribution rule, applied to one KPI's effect."""
    if effect.estimate is None:
        reason = "Attribution unknown: no effect could be measured."
        return Attributed(Attribution.UNKNOWN, None, None, None, reason)
    if baseline is None or target is None or target == baseline:
        reason = "Attribution unknown: no baseline and target to scale the effect by."
        return Attributed(Attribution.UNKNOWN, None, None, None, reason)
    scale = target - baseline
    progress = effect.estimate / scale
    if effect.low is None or effect.high is None:
        reason = "Attribution unknown: too few points for an interval around the effect."
        return Attributed(Attribution.UNKNOWN, progress, None, None, reason)
    low, high = sorted((effect.low / scale, effect.high / scale))
    against = counterfactual(effect.method)
    if effect.moved == Movement.GOOD:
        reason = f"Attributable: it moved the right way beyond {against}."
        return Attributed(Attribution.ATTRIBUTED, progress, low, high, reason)
    if effect.moved == Movement.BAD:
        reason = f"Not attributable: it moved the wrong way, beyond {against}."
    else:
        reason = f"Not attributable: it moved no more than {against}."
    return Attributed(Attribution.NOT_ATTRIBUTED, progress, low, high, reason)


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def credited_attributable(kpi: KpiResult) -> float | None:
    """Attributable progress as money and the gap index credit it: clamped to 0..1, and 0
    unless the movement is attributed. None when the KPI has no observed progress either."""
    if kpi.progress is None and kpi.attributable_progress is None:
        return None
    if kpi.attribution != Attribution.ATTRIBUTED or kpi.attributable_progress is None:
        return 0.0
    return clamp(kpi.attributable_progress)


def attributable_span(kpi: KpiResult) -> Span | None:
    """The attributable progress interval, clamped to 0..1; None without an interval."""
    if kpi.attributable_low is None or kpi.attributable_high is None:
        return None
    return Span(clamp(kpi.attributable_low), clamp(kpi.attributable_high))


def credited_progress(kpi: KpiResult, credit: Credit) -> float | None:
    """The progress the chosen basis credits, clamped to 0..1."""
    if credit == Credit.OBSERVED:
        return clamp(kpi.progress) if kpi.progress is not None else None
    return credited_attributable(kpi)


def moved_unattributed(kpi: KpiResult) -> bool:
    """The level moved (achieved, on track, behind) but the movement is not attributed."""
    return kpi.status in MOVED and kpi.attribution != Attribution.ATTRIBUTED


#: What the counterfactual was, per method, for a sentence that says why movement is held back.
_COUNTERFACTUAL: dict[str, str] = {
    EffectMethod.ITS: "its pre-go-live trend",
    EffectMethod.DID: "its comparison group",
    EffectMethod.LEVEL: "the noise around its pre-go-live level",
    EffectMethod.NONE: "the noise around its stated baseline",
}


def counterfactual(method: str) -> str:
    return _COUNTERFACTUAL.get(method, "its noise")


def why_not_attributed(kpi: KpiResult) -> str:
    """Why a KPI's movement is not credited, in words a CFO can repeat: "<name> ..."."""
    if kpi.attribution == Attribution.UNKNOWN:
        return "has no measurable effect, so none of its movement can be credited"
    return f"moved no more than {counterfactual(kpi.effect.method)}"
