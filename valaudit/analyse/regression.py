"""The effect regression and its interval: least squares, then an allowance for AR(1) noise.

``effect_design`` builds the segmented regression (level, optional trend, seasonal terms,
the go-live step and the post period's own slope) and the contrast that picks the average
post-period gap; ``fit_interval`` fits it and puts an interval around that gap that allows
for autocorrelated noise (``noise``). docs/method.md §4.1 and §4.4 give the formulas.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.memo import remember
from valaudit.analyse.model_choice import SeasonalModel
from valaudit.analyse.noise import (
    NoiseDesign,
    bootstrap_p_value,
    bootstrap_t,
    fit_noise,
    lag1_of_pairs,
    noise_design,
    residual_pairs,
)
from valaudit.analyse.stats import Decomposition, decompose, t_ppf, two_sided_p
from valaudit.model.codes import Movement
from valaudit.model.effect import Estimate

#: Post-period points from which the post period gets its own slope.
MIN_POST_FOR_SLOPE = 3
#: Largest residual autocorrelation the short-series widening (1 + r) ÷ (1 − r) uses.
SHORT_SERIES_R_CAP = 0.9


def movement(low: float | None, high: float | None, direction: str) -> Movement:
    """good/bad when the interval lies wholly on one side of zero, else none."""
    if low is None or high is None:
        return Movement.NONE
    if low > 0:
        return Movement.GOOD if direction == "up" else Movement.BAD
    if high < 0:
        return Movement.BAD if direction == "up" else Movement.GOOD
    return Movement.NONE


@dataclass(frozen=True)
class Interval:
    """An estimate with its interval and what the residuals said about the noise."""

    estimate: float
    low: float | None
    high: float | None
    p_value: float | None
    r: float | None
    """Lag-1 autocorrelation of the residuals."""
    rho: float | None
    """Bias-corrected AR(1) coefficient the interval allows for."""
    counterfactual: np.ndarray | None = dataclasses.field(default=None, compare=False)
    """The fitted counterfactual at each input position: the fit with the effect's own
    columns (the go-live step and the post period's slope) set to zero."""

    def as_estimate(self, direction: str) -> Estimate:
        return Estimate(
            self.estimate,
            self.low,
            self.high,
            self.p_value,
            movement(self.low, self.high, direction),
        )


def effect_design(
    positions: np.ndarray,
    post: np.ndarray,
    go_live: float,
    trend: bool,
    seasonal: SeasonalModel,
    granularity: str,
) -> tuple[np.ndarray, np.ndarray]:
    """(design matrix, contrast): the contrast picks the average post-period gap."""
    t = positions - go_live
    columns = [np.ones_like(t)]
    if trend:
        columns.append(t)
    seasonal_columns = seasonal.columns(positions, granularity)
    columns.extend(seasonal_columns.T)
    step_column = len(columns)
    columns.append(post.astype(float))
    contrast = np.zeros(len(columns) + (int(post.sum()) >= MIN_POST_FOR_SLOPE))
    contrast[step_column] = 1.0
    if int(post.sum()) >= MIN_POST_FOR_SLOPE:
        columns.append(t * post)
        contrast[-1] = float(t[post].mean())
    return np.column_stack(columns), contrast


def post_only_design(positions: np.ndarray, go_live: float) -> tuple[np.ndarray, np.ndarray]:
    """The ``none`` model: a line through the post period; the contrast is its mean."""
    t = positions - go_live
    if len(t) >= MIN_POST_FOR_SLOPE:
        return np.column_stack([np.ones_like(t), t]), np.array([1.0, float(t.mean())])
    return np.ones((len(t), 1)), np.array([1.0])


@dataclass
class _Model:
    """Everything about an effect regression that does not depend on the observed values:
    series that share their periods, go-live and terms share one (see :func:`fit_model`)."""

    design: np.ndarray
    contrast: np.ndarray
    positions: np.ndarray
    segments: np.ndarray
    noise_matrix: np.ndarray | None
    decomposition: Decomposition = dataclasses.field(init=False)
    estimator: np.ndarray = dataclasses.field(init=False)
    estimator_norm: float = dataclasses.field(init=False)
    """cᵀc, with c the estimator: the estimate's variance per unit of independent noise."""
    baseline_columns: np.ndarray = dataclasses.field(init=False)
    """The columns the contrast leaves out (the counterfactual's)."""
    baseline_design: np.ndarray = dataclasses.field(init=False)
    """The design's baseline columns."""
    _noise: tuple[NoiseDesign | None] | None = dataclasses.field(default=None, init=False)
    _pairs: tuple[np.ndarray, np.ndarray] | None = dataclasses.field(default=None, init=False)

    def __post_init__(self) -> None:
        self.decomposition = decompose(self.design)
        contrast = self.contrast
        self.estimator = self.decomposition.basis @ (self.decomposition.coordinates @ contrast)
        self.estimator_norm = float(self.estimator @ self.estimator)
        # The contrast picks exactly the effect's columns: without them the fit is the
        # counterfactual (the pre-period level or trend, and season, carried forward).
        self.baseline_columns = contrast == 0
        self.baseline_design = self.design[:, self.baseline_columns]

    def noise(self) -> NoiseDesign | None:
        """The AR(1) quantities of the noise model (``noise_matrix``, else the design)."""
        if self._noise is None:
            noise = None
            if self.noise_matrix is not None:
                noise = noise_design(
                    self.noise_matrix, self.estimator, self.positions, self.segments
                )
            if noise is None:
                noise = noise_design(self.design, self.estimator, self.positions, self.segments)
            self._noise = (noise,)
        return self._noise[0]

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The neighbouring residuals the lag-1 autocorrelation pairs up."""
        if self._pairs is None:
            self._pairs = residual_pairs(self.positions, self.segments)
        return self._pairs


def fit_interval(
    design: np.ndarray,
    contrast: np.ndarray,
    positions: np.ndarray,
    values: np.ndarray,
    segments: np.ndarray,
    confidence: float,
    offset: float = 0.0,
    noise_matrix: np.ndarray | None = None,
) -> Interval:
    """Least squares, then an interval that allows for AR(1) noise.

    ``segments`` (0 pre, 1 post) limits the residual autocorrelation to neighbours on the
    same side of go-live; ``offset`` is subtracted from the estimate (a stated baseline);
    ``noise_matrix`` is the model whose residuals measure the noise (default ``design``).
    Series with the same design, contrast, positions and segments share one model, as in
    :func:`fit_model`.
    """
    key = (
        "interval",
        *_array_key(design),
        *_array_key(contrast),
        *_array_key(positions),
        *_array_key(segments),
        *(_array_key(noise_matrix) if noise_matrix is not None else ()),
    )
    model = _models.get(key)
    if model is None:
        model = _Model(
            design.copy(),
            contrast.copy(),
            positions.copy(),
            segments.copy(),
            None if noise_matrix is None else noise_matrix.copy(),
        )
        _remember(key, model)
    return _interval(model, values, confidence, offset)


def _array_key(array: np.ndarray) -> tuple[object, ...]:
    """What tells two arrays apart: their type, shape and bytes."""
    return array.dtype, array.shape, array.tobytes()


def _remember(key: tuple[object, ...], model: _Model) -> None:
    remember(_models, key, model, _MODEL_CACHE_SIZE)


def _interval(model: _Model, values: np.ndarray, confidence: float, offset: float) -> Interval:
    fit = model.decomposition.fit(values)
    estimate = float(model.estimator @ values) - offset
    counterfactual = model.baseline_design @ fit.beta[model.baseline_columns]
    if fit.df < 1 or not math.isfinite(fit.sigma2):
        return Interval(estimate, None, None, None, None, None, counterfactual)
    noise = model.noise()
    if noise is None:
        # Too few neighbouring residuals to learn the noise's persistence: the usual
        # independent-noise interval (the residual autocorrelation is still reported).
        rho = None
        # Residuals that are rounding error (an exact fit) say nothing about the noise.
        exact = fit.sigma2 * fit.df <= 1e-20 * float(values @ values)
        r = None if exact else lag1_of_pairs(fit.residuals, model.pairs())
        variance = fit.sigma2 * model.estimator_norm
        if r is not None and r > 0:
            # The large-sample allowance for the mean of an AR(1) series: it narrows the
            # gap on short persistent series, without closing it.
            capped = min(r, SHORT_SERIES_R_CAP)
            variance *= (1 + capped) / (1 - capped)
    else:
        noise_fit = fit_noise(noise, values)
        r, rho, variance = noise_fit.r, noise_fit.rho, noise_fit.variance
    se = math.sqrt(max(variance, 0.0))
    if se == 0.0:
        p_value = 0.0 if estimate != 0 else 1.0
        return Interval(estimate, estimate, estimate, p_value, r, rho, counterfactual)
    if noise is None:
        critical = t_ppf(0.5 + confidence / 2.0, fit.df)
        p_value = two_sided_p(estimate / se, fit.df)
    else:
        assert rho is not None
        critical, statistics = bootstrap_t(noise, rho, confidence)
        p_value = bootstrap_p_value(statistics, estimate / se)
    if not math.isfinite(critical):
        return Interval(estimate, None, None, p_value, r, rho, counterfactual)
    half_width = critical * se
    return Interval(
        estimate, estimate - half_width, estimate + half_width, p_value, r, rho, counterfactual
    )


def noise_segments(post: np.ndarray) -> np.ndarray:
    """Which residuals pair up to measure the noise's persistence: neighbours in the pre
    period only (every post period is a segment of its own). The pre period is what normal
    looked like; after go-live a ramp-up bends away from the straight post line, and that
    bend is the effect's shape, not the KPI's noise."""
    return np.where(post, np.arange(1, len(post) + 1), 0)


def fit_model(
    positions: np.ndarray,
    values: np.ndarray,
    post: np.ndarray,
    go_live: float,
    trend: bool,
    seasonal: SeasonalModel,
    granularity: str,
    confidence: float,
    noise_trend: bool = False,
) -> Interval:
    """The effect under one counterfactual. With ``noise_trend`` the noise is read from the
    residuals of the model with the trend, even when the counterfactual is the level."""
    key = (
        positions.dtype,
        positions.tobytes(),
        post.tobytes(),
        go_live,
        trend,
        seasonal,
        granularity,
        noise_trend and not trend,
    )
    model = _models.get(key)
    if model is None:
        design, contrast = effect_design(positions, post, go_live, trend, seasonal, granularity)
        noise_matrix = None
        if noise_trend and not trend:
            noise_matrix, _ = effect_design(positions, post, go_live, True, seasonal, granularity)
        model = _Model(design, contrast, positions.copy(), noise_segments(post), noise_matrix)
        _remember(key, model)
    return _interval(model, values, confidence, 0.0)


#: Effect regressions by their periods, go-live and terms (:func:`fit_model`): KPIs that
#: share their periods share the design, its decomposition and its noise quantities.
_models: dict[tuple[object, ...], _Model] = {}
_MODEL_CACHE_SIZE = 256
