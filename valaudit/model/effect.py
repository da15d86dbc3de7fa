"""How far one KPI moved beyond its noise: the effect, its interval and how it was measured.

Part of the report model (:mod:`valaudit.model.report`); docs/method.md §4 explains every
field.
"""

from __future__ import annotations

from dataclasses import dataclass

from valaudit.model.codes import (
    ComparisonMethod,
    DriftHeadline,
    EffectMethod,
    Movement,
    SeasonModel,
)


@dataclass(frozen=True)
class Placebo:
    """The same effect estimate at a fake go-live inside the pre period."""

    at: str
    """Period label of the fake go-live."""
    estimate: float
    low: float
    high: float
    moved: bool
    """True when the fake go-live shows an "effect": the real one deserves less trust."""


@dataclass(frozen=True)
class Seasonality:
    """How the effect's counterfactual allows for a yearly season."""

    model: SeasonModel
    """not_tested (the pre period holds fewer than two full years, or the KPI has no yearly
    cycle: days, years), none (tested, not found), fourier (yearly sine/cosine waves) or
    dummies (one level per month or quarter of the year)."""
    terms: int = 0
    """Seasonal columns in the regression (2 per wave; 11 monthly or 3 quarterly dummies)."""
    p_value: float | None = None
    """F-test of the seasonal terms against none, on the pre period."""


@dataclass(frozen=True)
class ControlWeight:
    """One control segment's share of a synthetic control."""

    segment: str
    weight: float


@dataclass(frozen=True)
class Estimate:
    """One estimate of the effect with its interval."""

    estimate: float
    low: float | None
    high: float | None
    p_value: float | None
    moved: Movement


@dataclass(frozen=True)
class ComparisonEffect:
    """Difference-in-differences details: both estimates and which one leads."""

    method: ComparisonMethod
    """difference (treated minus the control segments' aggregate) or synthetic (treated
    minus a weighted control fitted on the pre period)."""
    level: Estimate
    """Against the pre-period gap between treated and control (parallel trends)."""
    drift_adjusted: Estimate | None
    """Against the pre-period gap's own trend projected forward (None: too few pre periods)."""
    drift_p_value: float | None
    """Test of a drift in the pre-period gap, allowing for autocorrelated noise."""
    headline: DriftHeadline
    """level or drift_adjusted: the estimate the effect reports (drift_adjusted when the
    gap drifted significantly at the report's confidence level)."""
    weights: tuple[ControlWeight, ...] = ()
    """The synthetic control's weights (non-negative, summing to 1); empty for difference."""


@dataclass(frozen=True)
class Effect:
    """How far a KPI moved beyond its own noise, and how that was measured."""

    method: EffectMethod
    """its: against the pre-period trend; did: against control segments; level: against the
    pre-period level; none: against a stated baseline with no pre-period data."""
    estimate: float | None
    """Average post-period difference from the counterfactual, in the KPI's unit."""
    low: float | None
    high: float | None
    confidence: float
    n_pre: int
    n_post: int
    autocorrelation: float | None
    """Lag-1 autocorrelation of the model residuals."""
    indicative: bool
    """True when the interval cannot be fully trusted (short or autocorrelated series)."""
    moved: Movement
    """good/bad when the interval lies wholly on one side of zero, else none."""
    p_value: float | None = None
    note: str | None = None
    """Plain-English account of what was compared."""
    placebo: Placebo | None = None
    caveats: tuple[str, ...] = ()
    """Why the estimate deserves less trust: the reasons it is indicative, a placebo effect."""
    seasonality: Seasonality = Seasonality(SeasonModel.NOT_TESTED)
    """Whether and how the counterfactual carries a yearly season forward."""
    ar1: float | None = None
    """AR(1) coefficient of the noise the interval allows for: the residuals' lag-1
    autocorrelation corrected for its small-sample bias (0 to 0.95)."""
    comparison: ComparisonEffect | None = None
    """Difference-in-differences details (method did only)."""
