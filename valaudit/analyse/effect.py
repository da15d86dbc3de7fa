"""How far a KPI moved beyond its own noise: the effect and its interval.

One regression framework covers every method (docs/method.md §4 gives the formulas):

- ``its``   y = b0 + b1·(t−t0) + season + b2·D + b3·(t−t0)·D. The counterfactual is the
            pre-period trend (and season) carried forward (segmented regression).
- ``level`` the same without b1: the counterfactual is the pre-period level (and season).
- ``did``   the same on the difference treated − control (see ``comparison``).
- ``none``  no pre period: the post mean against the stated baseline, using the post
            period's own variability.

t counts periods, t0 is the first post period and D is 1 from go-live on. The pre period
alone chooses the trend and seasonal terms (``model_choice``). The reported effect is the
average post-period gap between fitted values and the counterfactual; the post period
gets its own slope (b3) when it has three or more points, so a ramp-up is not mistaken
for noise. The interval allows for autocorrelated noise (``noise``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.model_choice import NOT_TESTED, ModelChoice, SeasonalModel, choose_model
from valaudit.analyse.noise import (
    bootstrap_p_value,
    bootstrap_t,
    fit_noise,
    lag1_autocorrelation,
    noise_design,
)
from valaudit.analyse.stats import ols, t_ppf, two_sided_p
from valaudit.model.report import Effect, EffectMethod, Estimate, Movement, Placebo, Seasonality

#: Pre-period points needed on each side of a placebo go-live.
MIN_PLACEBO_SIDE = 4
#: Noise autocorrelation (bias-corrected) above which an interval is marked indicative.
AUTOCORRELATION_LIMIT = 0.5
#: Below this many pre (or post) points an interval is marked indicative.
MIN_TRUSTED_POINTS = 3
#: Post-period points from which the post period gets its own slope.
MIN_POST_FOR_SLOPE = 3
#: Largest residual autocorrelation the short-series widening (1 + r) ÷ (1 − r) uses.
SHORT_SERIES_R_CAP = 0.9


def movement(low: float | None, high: float | None, direction: str) -> Movement:
    """good/bad when the interval lies wholly on one side of zero, else none."""
    if low is None or high is None:
        return "none"
    if low > 0:
        return "good" if direction == "up" else "bad"
    if high < 0:
        return "bad" if direction == "up" else "good"
    return "none"


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
    """
    fit = ols(design, values)
    estimator = fit.estimator(contrast)
    estimate = float(estimator @ values) - offset
    if fit.df < 1 or not math.isfinite(fit.sigma2):
        return Interval(estimate, None, None, None, None, None)
    noise = None
    if noise_matrix is not None:
        rich = ols(noise_matrix, values)
        assert rich.basis is not None
        noise = noise_design(rich.basis, estimator, positions, segments)
    if noise is None:
        assert fit.basis is not None
        noise = noise_design(fit.basis, estimator, positions, segments)
    if noise is None:
        # Too few neighbouring residuals to learn the noise's persistence: the usual
        # independent-noise interval (the residual autocorrelation is still reported).
        rho = None
        # Residuals that are rounding error (an exact fit) say nothing about the noise.
        exact = fit.sigma2 * fit.df <= 1e-20 * float(values @ values)
        r = None if exact else lag1_autocorrelation(fit.residuals, positions, segments)
        variance = fit.sigma2 * float(estimator @ estimator)
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
        return Interval(estimate, estimate, estimate, 0.0 if estimate != 0 else 1.0, r, rho)
    if noise is None:
        critical = t_ppf(0.5 + confidence / 2.0, fit.df)
        p_value = two_sided_p(estimate / se, fit.df)
    else:
        assert rho is not None
        critical, statistics = bootstrap_t(noise, rho, confidence)
        p_value = bootstrap_p_value(statistics, estimate / se)
    if not math.isfinite(critical):
        return Interval(estimate, None, None, p_value, r, rho)
    half_width = critical * se
    return Interval(estimate, estimate - half_width, estimate + half_width, p_value, r, rho)


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
    design, contrast = effect_design(positions, post, go_live, trend, seasonal, granularity)
    noise_matrix = None
    if noise_trend and not trend:
        noise_matrix, _ = effect_design(positions, post, go_live, True, seasonal, granularity)
    return fit_interval(
        design,
        contrast,
        positions,
        values,
        noise_segments(post),
        confidence,
        noise_matrix=noise_matrix,
    )


def cautious(level: Interval, trend: Interval) -> tuple[Interval, bool]:
    """Of two intervals, the more cautious; True when it is the trend's.

    Used when the pre period cannot tell a trend from noise, so that movement is called
    only if both counterfactuals agree: when just one of them is beyond noise, the other is
    shown; when both (or neither) are, the smaller estimate. Should both be beyond noise in
    opposite directions, the span of the two is returned, so no movement is called.
    """
    if level.low is None or level.high is None:
        return level, False
    if trend.low is None or trend.high is None:
        return trend, True

    def beyond(interval: Interval) -> bool:
        assert interval.low is not None and interval.high is not None
        return interval.low > 0 or interval.high < 0

    if beyond(level) != beyond(trend):
        return (trend, True) if beyond(level) else (level, False)
    chosen, is_trend = (
        (trend, True) if abs(trend.estimate) <= abs(level.estimate) else (level, False)
    )
    if beyond(level) and (level.low > 0) != (trend.low > 0):
        chosen = Interval(
            chosen.estimate,
            min(level.low, trend.low),
            max(level.high, trend.high),
            chosen.p_value,
            chosen.r,
            chosen.rho,
        )
    return chosen, is_trend


def fit_choice(
    positions: np.ndarray,
    values: np.ndarray,
    post: np.ndarray,
    go_live: float,
    choice: ModelChoice,
    granularity: str,
    confidence: float,
) -> tuple[Interval, bool]:
    """The interval under the chosen counterfactual; True when it carries a trend forward."""
    noise_trend = choice.trend_p_value is not None
    if choice.trend != "uncertain":
        trend = choice.trend == "present"
        return (
            fit_model(
                positions,
                values,
                post,
                go_live,
                trend,
                choice.seasonal,
                granularity,
                confidence,
                noise_trend,
            ),
            trend,
        )
    level = fit_model(
        positions,
        values,
        post,
        go_live,
        False,
        choice.seasonal,
        granularity,
        confidence,
        noise_trend,
    )
    trend_interval = fit_model(
        positions, values, post, go_live, True, choice.seasonal, granularity, confidence
    )
    return cautious(level, trend_interval)


def seasonality_of(choice: ModelChoice) -> Seasonality:
    return Seasonality(choice.seasonal.model, choice.seasonal.terms, choice.seasonal_p_value)


_SEASON_WORDS = {"M": "month", "Q": "quarter", "W": "week"}


def describe_choice(choice: ModelChoice, with_trend: bool, n_pre: int, granularity: str) -> str:
    """The plain-English note: what the KPI was compared with, and why."""
    if choice.trend == "uncertain":
        shown = "trend" if with_trend else "level"
        text = (
            f"measured against both the pre-go-live level and its trend, which the {n_pre} "
            f"pre-go-live periods cannot tell apart (slope p={choice.trend_p_value:.2f}); the "
            f"more cautious, the {shown}, is shown"
        )
    elif with_trend:
        text = f"measured against the pre-go-live trend ({n_pre} periods"
        if choice.trend_p_value is not None:
            text += f"; slope p={choice.trend_p_value:.3f}"
        text += ")"
    else:
        text = f"measured against the pre-go-live level ({n_pre} periods"
        if choice.trend_p_value is not None:
            text += f"; no trend to carry forward, slope p={choice.trend_p_value:.2f}"
        elif n_pre < 3:
            text += "; too few to look for a trend"
        text += ")"
    seasonal = choice.seasonal
    word = _SEASON_WORDS.get(granularity, "period")
    p_text = f" (p={choice.seasonal_p_value:.3f})" if choice.seasonal_p_value is not None else ""
    if seasonal.model == "dummies":
        text += f", with each {word} of the year's own level carried forward{p_text}"
    elif seasonal.model == "fourier":
        waves = seasonal.terms // 2
        shape = "a yearly wave" if waves == 1 else f"{waves} yearly waves"
        text += f", with the season ({shape}) carried forward{p_text}"
    return text


def estimate_effect(
    positions: np.ndarray,
    values: np.ndarray,
    post: np.ndarray,
    go_live: float,
    *,
    direction: str,
    confidence: float,
    stated_baseline: float | None,
    min_post_periods: int,
    granularity: str = "M",
    label: Callable[[float], str] = str,
) -> Effect:
    """The effect on one aggregated series.

    ``positions`` count periods (consecutive periods differ by one, gaps stay gaps),
    ``go_live`` is the position of the first post period, ``label`` names a position.
    """
    n_pre, n_post = int((~post).sum()), int(post.sum())
    if n_post == 0:
        return no_effect(confidence, n_pre, 0, "no data since go-live")
    caveats: list[str] = []
    indicative = False
    seasonality = Seasonality(NOT_TESTED.model)
    method: EffectMethod
    choice: ModelChoice | None = None
    if n_pre == 0:
        if stated_baseline is None:
            return no_effect(confidence, 0, n_post, "no pre-go-live data and no stated baseline")
        method, note = "none", "the post-period mean compared with the stated baseline"
        design, contrast = post_only_design(positions, go_live)
        interval = fit_interval(
            design,
            contrast,
            positions,
            values,
            np.ones(n_post, dtype=int),
            confidence,
            offset=float(stated_baseline),
        )
        indicative = True
        caveats.append("no pre-go-live data to measure the KPI's own noise")
    else:
        choice = choose_model(positions[~post], values[~post], granularity, confidence)
        interval, with_trend = fit_choice(
            positions, values, post, go_live, choice, granularity, confidence
        )
        method = "its" if with_trend else "level"
        note = describe_choice(choice, with_trend, n_pre, granularity)
        seasonality = seasonality_of(choice)
    if n_pre and n_pre < MIN_TRUSTED_POINTS:
        indicative = True
        caveats.append(f"only {n_pre} pre-go-live period(s)")
    indicative |= common_caveats(interval, n_post, min_post_periods, caveats)
    placebo = None
    if choice is not None and n_pre >= 2 * MIN_PLACEBO_SIDE:
        placebo = placebo_effect(
            positions[~post], values[~post], choice, direction, confidence, granularity, label
        )
        if placebo is not None and placebo.moved:
            caveats.append(
                f"a fake go-live at {placebo.at} shows an 'effect' too: the series moves without "
                "the initiative"
            )
    return Effect(
        method=method,
        estimate=interval.estimate,
        low=interval.low,
        high=interval.high,
        confidence=confidence,
        n_pre=n_pre,
        n_post=n_post,
        autocorrelation=interval.r,
        indicative=indicative,
        moved=movement(interval.low, interval.high, direction),
        p_value=interval.p_value,
        note=note,
        placebo=placebo,
        caveats=tuple(caveats),
        seasonality=seasonality,
        ar1=interval.rho,
    )


def common_caveats(
    interval: Interval, n_post: int, min_post_periods: int, caveats: list[str]
) -> bool:
    """Append the caveats every method shares; True when one makes the effect indicative."""
    indicative = False
    if n_post < min_post_periods:
        indicative = True
        caveats.append(f"only {n_post} period(s) since go-live")
    if interval.rho is not None and interval.rho > AUTOCORRELATION_LIMIT:
        indicative = True
        caveats.append(
            f"the noise is strongly autocorrelated (AR(1) coefficient {interval.rho:.2f}, "
            f"residual r1={interval.r:.2f})"
        )
    elif interval.rho is None and interval.r is not None and interval.r > AUTOCORRELATION_LIMIT:
        indicative = True
        caveats.append(
            f"residuals are autocorrelated (r1={interval.r:.2f}) and the series is too short "
            "to allow for it"
        )
    if interval.low is None:
        indicative = True
        caveats.append("too few points for an interval")
    return indicative


def no_effect(confidence: float, n_pre: int, n_post: int, note: str) -> Effect:
    return Effect(
        "none", None, None, None, confidence, n_pre, n_post, None, True, "none", note=note
    )


def placebo_effect(
    positions: np.ndarray,
    values: np.ndarray,
    choice: ModelChoice,
    direction: str,
    confidence: float,
    granularity: str,
    label: Callable[[float], str],
) -> Placebo | None:
    """The same model with a fake go-live halfway through the pre period."""
    order = np.argsort(positions, kind="stable")
    positions, values = positions[order], values[order]
    split = len(values) // 2
    fake_go_live = float(positions[split])
    fake_post = positions >= fake_go_live
    interval, _ = fit_choice(
        positions, values, fake_post, fake_go_live, choice, granularity, confidence
    )
    if interval.low is None or interval.high is None:
        return None
    return Placebo(
        at=label(fake_go_live),
        estimate=interval.estimate,
        low=interval.low,
        high=interval.high,
        moved=movement(interval.low, interval.high, direction) != "none",
    )
