"""The Theory–Reality Gap: how much of the thesis happened, and the operating-model scorecard.

``gap_index`` = 100 × (1 − mean stage realization), where a stage's realization is the mean
of its KPIs' progress clamped to 0..1, over the stages that have KPI data. 0 means reality
matches the thesis at every stage; 100 means none of it happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.model.report import KpiResult, Scorecard
from valaudit.model.thesis import KPI_STAGES, OPERATING_MODEL_DIMENSIONS


def gap_index(kpis: Sequence[KpiResult]) -> float | None:
    stage_realization = []
    for stage in KPI_STAGES:
        progress = [
            min(1.0, max(0.0, k.progress))
            for k in kpis
            if k.stage == stage and k.progress is not None
        ]
        if progress:
            stage_realization.append(sum(progress) / len(progress))
    if not stage_realization:
        return None
    return round(100.0 * (1.0 - sum(stage_realization) / len(stage_realization)), 1)


def interpret(overall: float) -> str:
    if overall >= 4.0:
        return "Strong: the operating model is set up to turn improvement into results."
    if overall >= 3.0:
        return "Mixed: parts of the operating model will hold gains back."
    if overall >= 2.0:
        return "Weak: the operating model is likely to absorb most of the gains."
    return "Very weak: gains from the change have almost nowhere to go."


def scorecard(operating_model: dict[str, int] | None) -> Scorecard | None:
    if not operating_model:
        return None
    dimensions = tuple(
        (d, operating_model[d]) for d in OPERATING_MODEL_DIMENSIONS if d in operating_model
    )
    overall = round(sum(score for _, score in dimensions) / len(dimensions), 2)
    weak = tuple(d for d, score in dimensions if score <= 2)
    return Scorecard(
        dimensions=dimensions, overall=overall, weak=weak, interpretation=interpret(overall)
    )
