"""The Theory–Reality Gap: how much of the thesis happened, and the operating-model scorecard.

``gap_index`` = 100 × (1 − mean stage realization), where a stage's realization is the mean
of its KPIs' credited progress clamped to 0..1 (attributable by default, observed with
``settings.credit: observed``), over the stages that have KPIs with progress. 0 means reality
matches the thesis at every stage; 100 means none of it happened. The attributable gap has a
range: every KPI at the high end of its interval, and every KPI at the low end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from valaudit.analyse.attribution import attributable_span, credited_progress
from valaudit.model.codes import Credit
from valaudit.model.report import GapIndex, KpiResult, Scorecard, Span
from valaudit.model.thesis import KPI_STAGES, OPERATING_MODEL_DIMENSIONS


def _gap(kpis: Sequence[KpiResult], realized: Callable[[KpiResult], float]) -> float | None:
    """The gap with each KPI (that has observed progress) realizing ``realized(kpi)``."""
    # One pass over the KPIs (each stage's progress in KPI order, as a pass per stage had it).
    by_stage: dict[str, list[float]] = {stage: [] for stage in KPI_STAGES}
    for kpi in kpis:
        if kpi.progress is not None:
            found = by_stage.get(kpi.stage)
            if found is not None:
                found.append(realized(kpi))
    stage_realization = []
    for stage in KPI_STAGES:
        progress = by_stage[stage]
        if progress:
            stage_realization.append(sum(progress) / len(progress))
    if not stage_realization:
        return None
    return round(100.0 * (1.0 - sum(stage_realization) / len(stage_realization)), 1)


def gap_index(kpis: Sequence[KpiResult], credit: Credit = Credit.ATTRIBUTABLE) -> float | None:
    return _gap(kpis, lambda k: credited_progress(k, credit) or 0.0)


def build_gap(kpis: Sequence[KpiResult], credit: Credit) -> GapIndex:
    """The gap on both bases, and the attributable gap's range."""

    def end(high: bool) -> Callable[[KpiResult], float]:
        def realized(kpi: KpiResult) -> float:
            span = attributable_span(kpi)
            if span is None:
                return credited_progress(kpi, Credit.ATTRIBUTABLE) or 0.0
            return span.high if high else span.low

        return realized

    optimistic, pessimistic = _gap(kpis, end(True)), _gap(kpis, end(False))
    return GapIndex(
        credit=credit,
        observed=gap_index(kpis, Credit.OBSERVED),
        attributable=gap_index(kpis, Credit.ATTRIBUTABLE),
        attributable_range=(
            Span(optimistic, pessimistic)
            if optimistic is not None and pessimistic is not None
            else None
        ),
    )


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
