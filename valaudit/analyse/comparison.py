"""Difference-in-differences: the effect against control segments.

The model is the effect regression (``effect``) on the per-period gap d = treated − control.
Two counterfactuals are always computed:

- **level**: the pre-period gap carried forward (parallel trends: without the initiative,
  treated and control would have kept their distance);
- **drift-adjusted**: the pre-period gap's own straight-line trend carried forward.

The headline is the level estimate unless the gap drifted significantly before go-live —
its pre-period slope, tested with the same allowance for autocorrelated noise as the
effect, has p below 1 − confidence — in which case treated and control were already
moving apart, the drift-adjusted estimate leads and the effect is marked indicative.
The bar is the interval's own significance level rather than the lenient trend rule of a
single series: the control group already carries the common trend, and a differential
trend projected forward is an extra assumption that needs evidence.

With ``comparison.method: synthetic`` the control is a weighted average of the control
segments, with non-negative weights summing to one fitted on the pre period
(``synthetic_weights``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.effect import (
    MIN_PLACEBO_SIDE,
    EffectFit,
    common_caveats,
    no_effect,
    placebo_effect,
    seasonality_of,
)
from valaudit.analyse.model_choice import (
    ModelChoice,
    SeasonalModel,
    choose_model,
    pre_design,
    slope_test,
)
from valaudit.analyse.regression import fit_model, movement
from valaudit.analyse.series import Series
from valaudit.analyse.stats import ols
from valaudit.model.codes import ComparisonMethod, DriftHeadline, EffectMethod
from valaudit.model.effect import ComparisonEffect, ControlWeight, Effect


@dataclass(frozen=True)
class ControlGroup:
    """The control side of a comparison, as the analysis needs it."""

    method: ComparisonMethod
    """difference or synthetic (``comparison.method``)."""
    aggregate: Series
    """The control segments combined by the KPI's ``aggregate`` (for difference)."""
    segments: tuple[tuple[str, Series], ...] = ()
    """Each control segment's own series (for synthetic)."""
    scale: float = 1.0
    """Segments the treated series stands for: a synthetic control of a summed KPI is scaled
    to as many segments as the treated sum has, so the two are on the same footing."""


def aligned_gap(
    positions: np.ndarray, values: np.ndarray, post: np.ndarray, control: ControlGroup
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[ControlWeight, ...]] | None:
    """(positions, treated − control, post mask, weights) on the periods both sides report;
    None when they share no period. For synthetic, periods where any control segment is
    missing are left out, and the weights are fitted on the pre period."""
    if control.method == ComparisonMethod.SYNTHETIC and control.segments:
        lookups = [
            dict(zip(series.positions.tolist(), series.values.tolist(), strict=True))
            for _, series in control.segments
        ]
        keep = np.array([all(int(p) in lookup for lookup in lookups) for p in positions], bool)
        if not keep.any():
            return None
        kept = positions[keep]
        matrix = np.array([[lookup[int(p)] for lookup in lookups] for p in kept], dtype=float)
        matrix = matrix.reshape(len(kept), len(lookups))
        treated, kept_post = values[keep], post[keep]
        if int((~kept_post).sum()) >= 2:
            weights = synthetic_weights(treated[~kept_post], matrix[~kept_post])
        else:
            weights = np.full(len(lookups), 1.0 / len(lookups))
        gap = treated - weighted_control(matrix, weights, control.scale)
        names = tuple(name for name, _ in control.segments)
        return kept, gap, kept_post, control_weights(names, weights)
    lookup = dict(
        zip(control.aggregate.positions.tolist(), control.aggregate.values.tolist(), strict=True)
    )
    keep = np.array([int(p) in lookup for p in positions], dtype=bool)
    if not keep.any():
        return None
    kept = positions[keep]
    gap = values[keep] - np.array([lookup[int(p)] for p in kept])
    return kept, gap, post[keep], ()


#: Pre-period points needed before the gap's drift is tested.
MIN_PRE_FOR_DRIFT = 3


def drift_p_value(
    positions: np.ndarray, gap: np.ndarray, seasonal: SeasonalModel, granularity: str
) -> float | None:
    """p-value of the pre-period gap's slope, allowing for autocorrelated noise."""
    design = pre_design(positions, granularity, True, seasonal)
    fit = ols(design, gap)
    if fit.df < 1:
        return None
    return slope_test(design, fit, positions, gap)[1]


def fit_difference_in_differences(
    positions: np.ndarray,
    gap: np.ndarray,
    post: np.ndarray,
    go_live: float,
    *,
    direction: str,
    confidence: float,
    min_post_periods: int,
    granularity: str = "M",
    comparison_method: ComparisonMethod = ComparisonMethod.DIFFERENCE,
    weights: tuple[ControlWeight, ...] = (),
    label: Callable[[float], str] = str,
) -> EffectFit:
    """The effect on the gap treated − control, with both counterfactuals; the
    counterfactual returned is the headline's, of the gap."""
    n_pre, n_post = int((~post).sum()), int(post.sum())
    if n_post == 0:
        return EffectFit(no_effect(confidence, n_pre, 0, "no data since go-live"))
    if n_pre == 0:
        return EffectFit(
            no_effect(
                confidence,
                0,
                n_post,
                "no pre-go-live period in which treated and control both report",
            )
        )
    choice = choose_model(positions[~post], gap[~post], positions[post], granularity, confidence)
    # As for a single series, the noise is read from the model with the drift.
    can_drift = n_pre >= MIN_PRE_FOR_DRIFT
    level = fit_model(
        positions, gap, post, go_live, False, choice.seasonal, granularity, confidence, can_drift
    )
    drift = None
    p_drift = None
    if can_drift:
        p_drift = drift_p_value(positions[~post], gap[~post], choice.seasonal, granularity)
        drift = fit_model(
            positions, gap, post, go_live, True, choice.seasonal, granularity, confidence
        )
    drifting = drift is not None and p_drift is not None and p_drift < 1.0 - confidence
    headline = drift if drifting and drift is not None else level
    synthetic = comparison_method == ComparisonMethod.SYNTHETIC
    against = "a synthetic control" if synthetic else "control segments"
    note = f"difference-in-differences: treated minus {against}, before and after go-live"
    caveats: list[str] = []
    indicative = False
    if drifting:
        indicative = True
        caveats.append(
            f"treated and control were already drifting apart before go-live (p={p_drift:.3f}); "
            f"the effect is measured against that drift (against the pre-go-live gap it would "
            f"be {level.estimate:+.4g})"
        )
    if n_pre < 3:
        indicative = True
        caveats.append(f"only {n_pre} pre-go-live period(s)")
    indicative |= common_caveats(headline, n_post, min_post_periods, caveats)
    placebo = None
    if n_pre >= 2 * MIN_PLACEBO_SIDE:
        model = ModelChoice("present" if drifting else "absent", choice.seasonal, None, None)
        placebo = placebo_effect(
            positions[~post], gap[~post], model, direction, confidence, granularity, label
        )
        if placebo is not None and placebo.moved:
            caveats.append(
                f"a fake go-live at {placebo.at} shows an 'effect' too: the gap moves without "
                "the initiative"
            )
    effect = Effect(
        method=EffectMethod.DID,
        estimate=headline.estimate,
        low=headline.low,
        high=headline.high,
        confidence=confidence,
        n_pre=n_pre,
        n_post=n_post,
        autocorrelation=headline.r,
        indicative=indicative,
        moved=movement(headline.low, headline.high, direction),
        p_value=headline.p_value,
        note=note,
        placebo=placebo,
        caveats=tuple(caveats),
        seasonality=seasonality_of(choice),
        ar1=headline.rho,
        comparison=ComparisonEffect(
            method=comparison_method,
            level=level.as_estimate(direction),
            drift_adjusted=drift.as_estimate(direction) if drift is not None else None,
            drift_p_value=p_drift,
            headline=DriftHeadline.DRIFT_ADJUSTED if drifting else DriftHeadline.LEVEL,
            weights=weights,
        ),
    )
    return EffectFit(effect, headline.counterfactual)


def synthetic_weights(treated: np.ndarray, controls: np.ndarray) -> np.ndarray:
    """Non-negative weights summing to one that make the controls track the treated series.

    Fitted by least squares on deviations from each series' mean (``treated`` and the
    columns of ``controls`` over the pre period), so a constant level difference is left
    to the difference-in-differences; solved exactly by an active-set method (Lawson and
    Hanson's, with the sum-to-one constraint kept in every step).
    """
    target = treated - treated.mean()
    basis = controls - controls.mean(axis=0)
    count = basis.shape[1]
    gram = basis.T @ basis
    linear = basis.T @ target
    scale = max(float(np.max(np.abs(gram))), 1e-300)
    tolerance = 1e-12 * scale
    errors = np.sum((basis - target[:, None]) ** 2, axis=0)
    weights = np.zeros(count)
    weights[int(np.argmin(errors))] = 1.0
    free = weights > 0
    for _ in range(10 * count + 10):
        while True:
            candidate = _equality_solution(gram, linear, free)
            if np.all(candidate[free] > 0):
                weights = candidate
                break
            blocking = free & (candidate <= 0)
            steps = weights[blocking] / (weights[blocking] - candidate[blocking])
            step = float(np.min(steps))
            weights = weights + step * (candidate - weights)
            weights[free & (weights <= 1e-15)] = 0.0
            free = free & (weights > 0)
        gradient = gram @ weights - linear
        level = float(np.mean(gradient[free]))
        slack = np.where(free, np.inf, gradient - level)
        best = int(np.argmin(slack))
        if not slack[best] < -tolerance:
            break
        free[best] = True
    kept = np.where(weights > 0, weights, 0.0)
    normalised: np.ndarray = kept / kept.sum()
    return normalised


def _equality_solution(gram: np.ndarray, linear: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Minimise wᵀGw − 2hᵀw over the free weights subject to Σw = 1 (others zero)."""
    index = np.flatnonzero(free)
    size = len(index)
    system = np.zeros((size + 1, size + 1))
    system[:size, :size] = gram[np.ix_(index, index)]
    system[:size, size] = 1.0
    system[size, :size] = 1.0
    right = np.append(linear[index], 1.0)
    solution = np.linalg.lstsq(system, right, rcond=None)[0]
    result = np.zeros(len(free))
    result[index] = solution[:size]
    return result


def weighted_control(controls: np.ndarray, weights: np.ndarray, scale: float) -> np.ndarray:
    """The synthetic control series: ``scale`` × the weighted average of the controls."""
    series: np.ndarray = scale * (controls @ weights)
    return series


def control_weights(names: tuple[str, ...], weights: np.ndarray) -> tuple[ControlWeight, ...]:
    """Weights for the report, rounded to 1e-12 so that exact zeros print as 0."""
    return tuple(
        ControlWeight(name, 0.0 if abs(w) < 1e-12 else float(w))
        for name, w in zip(names, weights, strict=True)
    )
