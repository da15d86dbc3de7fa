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

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.model_choice import (
    MIN_PRE_FOR_TREND_ALONE,
    NOT_TESTED,
    ModelChoice,
    choose_model,
)
from valaudit.analyse.regression import (
    Interval,
    fit_interval,
    fit_model,
    movement,
    post_only_design,
)
from valaudit.model.codes import EffectMethod, Movement, SeasonModel
from valaudit.model.effect import Effect, Placebo, Seasonality

#: Pre-period points needed on each side of a placebo go-live.
MIN_PLACEBO_SIDE = 4
#: Noise autocorrelation (bias-corrected) above which an interval is marked indicative.
AUTOCORRELATION_LIMIT = 0.5
#: Below this many pre (or post) points an interval is marked indicative.
MIN_TRUSTED_POINTS = 3


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
        chosen = dataclasses.replace(
            chosen, low=min(level.low, trend.low), high=max(level.high, trend.high)
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
        if n_pre < MIN_PRE_FOR_TREND_ALONE:
            why = (
                f" (slope p={choice.trend_p_value:.3f}; {n_pre} pre-go-live periods cannot rule "
                f"out a trend that would matter once carried forward)"
            )
        else:
            why = (
                f", which the {n_pre} pre-go-live periods cannot tell apart "
                f"(slope p={choice.trend_p_value:.3f})"
            )
        text = (
            f"measured against both the pre-go-live level and its trend{why}; the more "
            f"cautious, the {shown}, is shown"
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
    if seasonal.model == SeasonModel.DUMMIES:
        text += f", with each {word} of the year's own level carried forward{p_text}"
    elif seasonal.model == SeasonModel.FOURIER:
        waves = seasonal.terms // 2
        shape = "a yearly wave" if waves == 1 else f"{waves} yearly waves"
        text += f", with the season ({shape}) carried forward{p_text}"
    return text


@dataclass(frozen=True)
class EffectFit:
    """An effect with the counterfactual it was measured against."""

    effect: Effect
    counterfactual: np.ndarray | None = None
    """What the series would have been without the initiative, at each input position (in
    the input's order); None when no model of the pre period was fitted."""


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
    """The effect on one aggregated series (see :func:`fit_effect`)."""
    return fit_effect(
        positions,
        values,
        post,
        go_live,
        direction=direction,
        confidence=confidence,
        stated_baseline=stated_baseline,
        min_post_periods=min_post_periods,
        granularity=granularity,
        label=label,
    ).effect


def fit_effect(
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
) -> EffectFit:
    """The effect on one aggregated series, and its counterfactual.

    ``positions`` count periods (consecutive periods differ by one, gaps stay gaps),
    ``go_live`` is the position of the first post period, ``label`` names a position.
    """
    pre = ~post
    n_pre, n_post = int(np.count_nonzero(pre)), int(np.count_nonzero(post))
    if n_post == 0:
        return EffectFit(no_effect(confidence, n_pre, 0, "no data since go-live"))
    caveats: list[str] = []
    indicative = False
    seasonality = Seasonality(NOT_TESTED.model)
    method: EffectMethod
    choice: ModelChoice | None = None
    if n_pre == 0:
        if stated_baseline is None:
            return EffectFit(
                no_effect(confidence, 0, n_post, "no pre-go-live data and no stated baseline")
            )
        method, note = EffectMethod.NONE, "the post-period mean compared with the stated baseline"
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
        pre_positions, pre_values = positions[pre], values[pre]
        choice = choose_model(pre_positions, pre_values, positions[post], granularity, confidence)
        interval, with_trend = fit_choice(
            positions, values, post, go_live, choice, granularity, confidence
        )
        method = EffectMethod.ITS if with_trend else EffectMethod.LEVEL
        note = describe_choice(choice, with_trend, n_pre, granularity)
        seasonality = seasonality_of(choice)
    if n_pre and n_pre < MIN_TRUSTED_POINTS:
        indicative = True
        caveats.append(f"only {n_pre} pre-go-live period(s)")
    indicative |= common_caveats(interval, n_post, min_post_periods, caveats)
    placebo = None
    if choice is not None and n_pre >= 2 * MIN_PLACEBO_SIDE:
        placebo = placebo_effect(
            pre_positions, pre_values, choice, direction, confidence, granularity, label
        )
        if placebo is not None and placebo.moved:
            caveats.append(
                f"a fake go-live at {placebo.at} shows an 'effect' too: the series moves without "
                "the initiative"
            )
    effect = Effect(
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
    # Without a pre period there is no counterfactual series, only the stated baseline.
    return EffectFit(effect, interval.counterfactual if choice is not None else None)


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
        EffectMethod.NONE,
        None,
        None,
        None,
        confidence,
        n_pre,
        n_post,
        None,
        True,
        Movement.NONE,
        note=note,
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
        moved=movement(interval.low, interval.high, direction) != Movement.NONE,
    )
