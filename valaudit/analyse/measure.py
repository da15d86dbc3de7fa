"""Measuring one KPI or guardrail: baseline, current, target, glide path, progress, status.

Statuses follow docs/method.md, first match wins: no_data, early, achieved, on_track, behind,
regressed, flat. ``achieved`` and ``on_track`` speak of the observed level; whether the
initiative caused it is the effect's job, which the KPI's attribution records
(:mod:`valaudit.analyse.attribution`).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.attribution import attribute
from valaudit.analyse.comparison import ControlGroup, aligned_gap, fit_difference_in_differences
from valaudit.analyse.effect import fit_effect
from valaudit.analyse.series import Series, missing_periods
from valaudit.load.periods import normalise, period_index
from valaudit.model.codes import (
    BaselineSource,
    GuardrailStatus,
    KpiStatus,
    Movement,
)
from valaudit.model.effect import Effect
from valaudit.model.report import GuardrailResult, KpiResult, SeriesPoint
from valaudit.model.thesis import GuardrailSpec, KpiSpec, Settings


@dataclass(frozen=True)
class Window:
    """The audit's time frame."""

    go_live: dt.date
    as_of: dt.date


@dataclass(frozen=True)
class Measured:
    """A KPI's result plus what the money figures need."""

    result: KpiResult
    post_progress: tuple[float, ...]
    """Progress of each post period's value (for benefit accrued to date)."""


def _split(series: Series, window: Window) -> tuple[np.ndarray, np.ndarray, float]:
    """(in-window mask, post mask, go-live position) for a series."""
    go_live_start = normalise(window.go_live, series.granularity)
    go_live_position = period_index(go_live_start, series.granularity)
    as_of = window.as_of
    if isinstance(as_of, dt.datetime):  # compared by its day, as datetime64[D] compared it
        as_of = as_of.date()
    # Compared as dates, one by one: converting each start to datetime64 for a vectorised
    # comparison cost more than the comparisons (the result is the same).
    in_window = np.array([start <= as_of for start in series.starts], dtype=bool)
    post = series.positions >= go_live_position
    return in_window, post, float(go_live_position)


def _mean(values: np.ndarray) -> float:
    """``float(values.mean())`` of a non-empty array: for float64, the same pairwise sum
    (``np.add.reduce``, which ``mean`` calls) divided by the count, without the generic
    mean's dispatch, which costs several times the sum on a few values."""
    if values.dtype != np.float64:
        return float(values.mean())
    return float(np.add.reduce(values, axis=None)) / len(values)


def _points(
    series: Series, in_window: np.ndarray, post: np.ndarray, counterfactual: dict[int, float]
) -> tuple[SeriesPoint, ...]:
    # Python lists: indexing numpy arrays element by element costs more than the points.
    # Positional arguments: a frozen dataclass takes them in half the time of keywords.
    values = series.values.astype(np.float64, copy=False).tolist()
    positions = series.positions.astype(np.int64, copy=False).tolist()
    return tuple(
        SeriesPoint(label, start, value, after, counterfactual.get(position) if after else None)
        for label, start, value, after, position, kept in zip(
            series.labels(),
            series.starts,
            values,
            post.astype(bool, copy=False).tolist(),
            positions,
            in_window.tolist(),
            strict=True,
        )
        if kept
    )


def _post_counterfactual(
    positions: np.ndarray, post: np.ndarray, fitted: np.ndarray | None
) -> dict[int, float]:
    """The counterfactual of each post-period position (none without a fitted model)."""
    if fitted is None:
        return {}
    return {
        int(p): v
        for p, v, after in zip(positions.tolist(), fitted.tolist(), post.tolist(), strict=True)
        if after
    }


def _fmt(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return f"{text}{unit}" if unit == "%" else (f"{text} {unit}" if unit else text)


def glide_path_value(
    baseline: float, target: float, go_live: dt.date, by: dt.date, as_of: dt.date
) -> float:
    """Where the KPI should be at ``as_of`` on a straight line from baseline at go-live to
    the target at ``by``; the target itself after ``by``."""
    if as_of >= by:
        return target
    if as_of <= go_live:
        return baseline
    share = (as_of - go_live).days / (by - go_live).days
    return baseline + (target - baseline) * share


def _effect(
    series: Series,
    in_window: np.ndarray,
    post: np.ndarray,
    go_live_position: float,
    direction: str,
    settings: Settings,
    stated_baseline: float | None,
    control: ControlGroup | None = None,
) -> tuple[Effect, dict[int, float]]:
    """The effect, and the counterfactual of each post period by position."""
    positions = series.positions[in_window].astype(float)
    values = series.values[in_window]
    post_mask = post[in_window]

    def label(position: float) -> str:
        wanted = int(position)
        known = series.positions.tolist()
        return series.labels()[known.index(wanted)] if wanted in known else str(wanted)

    if control is not None:
        # Difference-in-differences on treated minus control, on the periods both have.
        gap = aligned_gap(positions, values, post_mask, control)
        if gap is not None:
            kept, difference, kept_post, weights = gap
            fitted = fit_difference_in_differences(
                kept,
                difference,
                kept_post,
                go_live_position,
                direction=direction,
                confidence=settings.confidence,
                min_post_periods=settings.min_post_periods,
                granularity=series.granularity,
                comparison_method=control.method,
                weights=weights,
                label=label,
            )
            treated = dict(zip(positions.tolist(), values.tolist(), strict=True))
            counterfactual = None
            if fitted.counterfactual is not None:
                # The treated series without the initiative: the control as it was, plus
                # the gap the pre period predicts.
                control_values = np.array([treated[p] for p in kept.tolist()]) - difference
                counterfactual = control_values + fitted.counterfactual
            return fitted.effect, _post_counterfactual(kept, kept_post, counterfactual)
    fitted = fit_effect(
        positions,
        values,
        post_mask,
        go_live_position,
        direction=direction,
        confidence=settings.confidence,
        stated_baseline=stated_baseline,
        min_post_periods=settings.min_post_periods,
        granularity=series.granularity,
        label=label,
    )
    return fitted.effect, _post_counterfactual(positions, post_mask, fitted.counterfactual)


def measure_kpi(
    spec: KpiSpec,
    series: Series,
    window: Window,
    settings: Settings,
    control: ControlGroup | None = None,
) -> Measured:
    in_window, post, go_live_position = _split(series, window)
    pre_values = series.values[in_window & ~post]
    post_values = series.values[in_window & post]
    if spec.baseline is not None:
        baseline: float | None = float(spec.baseline)
        baseline_source: BaselineSource | None = BaselineSource.STATED
    elif len(pre_values):
        baseline = _mean(pre_values[-settings.baseline_periods :])
        baseline_source = BaselineSource.PRE_MEAN
    else:
        baseline, baseline_source = None, None
    current = _mean(post_values[-settings.current_periods :]) if len(post_values) else None
    target: float | None
    if spec.target is not None:
        target = float(spec.target)
    elif spec.target_change is not None and baseline is not None:
        target = spec.target_change.apply(baseline)
    else:
        target = None
    by = spec.by or window.as_of
    expected_now = (
        glide_path_value(baseline, target, window.go_live, by, window.as_of)
        if baseline is not None and target is not None
        else None
    )
    progress = None
    if baseline is not None and target is not None and current is not None and target != baseline:
        progress = (current - baseline) / (target - baseline)
    effect, counterfactual = _effect(
        series,
        in_window,
        post,
        go_live_position,
        spec.direction,
        settings,
        baseline if spec.baseline is not None else None,
        control,
    )
    status, reason = _kpi_status(
        spec,
        baseline,
        current,
        target,
        expected_now,
        progress,
        effect,
        len(post_values),
        settings.min_post_periods,
    )
    attributed = attribute(effect, baseline, target)
    post_progress: tuple[float, ...] = ()
    if baseline is not None and target is not None and target != baseline:
        post_progress = tuple(((post_values - baseline) / (target - baseline)).tolist())
    result = KpiResult(
        id=spec.id,
        name=spec.name,
        stage=spec.stage,
        unit=spec.unit,
        direction=spec.direction,
        aggregate=spec.aggregate,
        status=status,
        reason=reason,
        baseline=baseline,
        baseline_source=baseline_source,
        current=current,
        target=target,
        expected_now=expected_now,
        progress=progress,
        by=by,
        effect=effect,
        granularity=series.granularity,
        series=_points(series, in_window, post, counterfactual),
        missing_periods=missing_periods(series),
        segments=series.segments,
        owner=spec.owner,
        notes=spec.notes,
        line=spec.line,
        attribution=attributed.attribution,
        attributable_progress=attributed.progress,
        attributable_low=attributed.low,
        attributable_high=attributed.high,
        attribution_reason=attributed.reason,
    )
    return Measured(result, post_progress)


def _kpi_status(
    spec: KpiSpec,
    baseline: float | None,
    current: float | None,
    target: float | None,
    expected_now: float | None,
    progress: float | None,
    effect: Effect,
    n_post: int,
    min_post_periods: int,
) -> tuple[KpiStatus, str]:
    unit = spec.unit
    if n_post == 0:
        return KpiStatus.NO_DATA, "No value since go-live."
    if baseline is None:
        return (
            KpiStatus.NO_DATA,
            "No baseline: no value before go-live and none stated in the thesis.",
        )
    if n_post < min_post_periods:
        # Too few points to tell a trend from a start: neither success nor a stall yet.
        return KpiStatus.EARLY, (
            f"Only {n_post} period(s) since go-live; a KPI is judged from {min_post_periods} "
            f"(settings.min_post_periods). So far {_fmt(baseline, unit)} → "
            f"{_fmt(current, unit)} against a target of {_fmt(target, unit)}."
        )
    if progress is not None and progress >= 1:
        return (
            KpiStatus.ACHIEVED,
            f"At {_fmt(current, unit)} it has reached its target of {_fmt(target, unit)}.",
        )
    better = operator.ge if spec.direction == "up" else operator.le
    if expected_now is not None and current is not None and better(current, expected_now):
        return KpiStatus.ON_TRACK, (
            f"At {_fmt(current, unit)} it is at or beyond the glide path "
            f"({_fmt(expected_now, unit)} by now)."
        )
    if effect.moved == Movement.GOOD:
        return KpiStatus.BEHIND, (
            f"It moved the right way beyond noise, but at {_fmt(current, unit)} it is short of the "
            f"glide path ({_fmt(expected_now, unit)} by now)."
        )
    if effect.moved == Movement.BAD:
        return (
            KpiStatus.REGRESSED,
            f"It moved the wrong way beyond noise (now {_fmt(current, unit)}, "
            f"baseline {_fmt(baseline, unit)}).",
        )
    return KpiStatus.FLAT, (
        f"No movement beyond its own noise (now {_fmt(current, unit)}, "
        f"baseline {_fmt(baseline, unit)})."
    )


def measure_guardrail(
    spec: GuardrailSpec, series: Series, window: Window, settings: Settings
) -> GuardrailResult:
    in_window, post, go_live_position = _split(series, window)
    pre_values = series.values[in_window & ~post]
    post_values = series.values[in_window & post]
    baseline = _mean(pre_values[-settings.baseline_periods :]) if len(pre_values) else None
    current = _mean(post_values[-settings.current_periods :]) if len(post_values) else None
    effect, counterfactual = _effect(
        series, in_window, post, go_live_position, spec.direction, settings, None
    )
    change = current - baseline if current is not None and baseline is not None else None
    unit = spec.unit
    if change is None:
        status, reason = GuardrailStatus.NO_DATA, "No value before and after go-live to compare."
    else:
        bad_move = -change if spec.direction == "up" else change
        if spec.tolerance is not None:
            allowed = spec.tolerance.size(baseline or 0.0)
            if bad_move > allowed:
                status = GuardrailStatus.BREACHED
                # Say the move in the tolerance's own terms: relative (24%) or in units.
                if spec.tolerance.relative and baseline:
                    moved = f"{bad_move / abs(baseline) * 100:.0f}%"
                else:
                    moved = _fmt(bad_move, None) + (" points" if unit == "%" else "")
                reason = (
                    f"It moved the wrong way by {moved} (from {_fmt(baseline, unit)} to "
                    f"{_fmt(current, unit)}), more than its tolerance of {spec.tolerance.text}."
                )
            else:
                status = GuardrailStatus.OK
                reason = (
                    f"Within tolerance ({spec.tolerance.text}): "
                    f"{_fmt(baseline, unit)} → {_fmt(current, unit)}."
                )
        elif effect.moved == Movement.BAD:
            status = GuardrailStatus.BREACHED
            reason = (
                "It moved the wrong way beyond noise "
                f"({_fmt(baseline, unit)} → {_fmt(current, unit)})."
            )
        else:
            status = GuardrailStatus.OK
            reason = (
                "No harmful movement beyond noise "
                f"({_fmt(baseline, unit)} → {_fmt(current, unit)})."
            )
    return GuardrailResult(
        id=spec.id,
        name=spec.name,
        direction=spec.direction,
        unit=unit,
        status=status,
        reason=reason,
        baseline=baseline,
        current=current,
        change=change,
        tolerance=spec.tolerance.text if spec.tolerance else None,
        effect=effect,
        series=_points(series, in_window, post, counterfactual),
        granularity=series.granularity,
        owner=spec.owner,
        line=spec.line,
    )
