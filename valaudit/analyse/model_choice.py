"""Which counterfactual a KPI's pre period supports: level or trend, with or without a season.

The pre period alone decides (the post period never chooses its own yardstick):

- **season** — with at least two full years of pre-period data (monthly 24 points,
  quarterly 8, weekly 104), nested candidates (none, one yearly wave, a full month or
  quarter profile) are each taken when they add significantly to the simpler one (F-test);
- **trend** — in that model, a slope smaller than its standard error is no trend (level),
  an established one (p < 0.002, twelve or more pre points) is carried forward alone, and in
  between the effect is measured against both and movement is called only if they agree.
  Below twelve pre points a slope cannot be told from noise, so "no trend" must be earned by
  its size instead: the level alone only when carrying the slope forward would move the
  counterfactual by less than one standard error of the pre-period level.

docs/method.md §4.2 gives the rule and the calibration that chose it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from valaudit.analyse.memo import remember
from valaudit.analyse.noise import (
    NoiseDesign,
    bootstrap_p_value,
    bootstrap_t,
    fit_noise,
    noise_design,
)
from valaudit.analyse.stats import Decomposition, Fit, decompose, f_sf, two_sided_p
from valaudit.model.codes import SeasonModel

#: Periods per year of the granularities that have a yearly cycle.
SEASON_LENGTH = {"M": 12, "Q": 4, "W": 365.25 / 7}
#: Full years of pre-period data needed before a season is looked for.
MIN_SEASON_CYCLES = 2
#: Yearly waves (sine/cosine pairs) of the richer weekly seasonal model.
WEEKLY_PROFILE_WAVES = 3
#: Pre-period points needed before a straight-line trend is a candidate.
MIN_PRE_FOR_TREND = 3


@dataclass(frozen=True)
class SeasonalModel:
    """How the season enters the regression."""

    model: SeasonModel
    """not_tested (too little pre-period data, or no yearly cycle), none, fourier or dummies."""
    terms: int = 0
    """Seasonal columns in the regression."""

    def columns(self, positions: np.ndarray, granularity: str) -> np.ndarray:
        """The seasonal regressors at ``positions`` (period counters)."""
        if self.model == SeasonModel.FOURIER:
            length = SEASON_LENGTH[granularity]
            angles = 2.0 * math.pi * positions / length
            waves = [
                f(wave * angles) for wave in range(1, self.terms // 2 + 1) for f in (np.sin, np.cos)
            ]
            return np.column_stack(waves)
        if self.model == SeasonModel.DUMMIES:
            length = int(SEASON_LENGTH[granularity])
            season = np.rint(positions).astype(np.int64) % length
            # One column per season but the first (January, Q1): the intercept carries it.
            return np.column_stack([(season == s).astype(float) for s in range(1, length)])
        return np.empty((len(positions), 0))


NO_SEASON = SeasonalModel(SeasonModel.NONE)
NOT_TESTED = SeasonalModel(SeasonModel.NOT_TESTED)


def seasonal_candidates(pre_positions: np.ndarray, granularity: str) -> list[SeasonalModel]:
    """The seasonal models the pre period can support, simplest first."""
    length = SEASON_LENGTH.get(granularity)
    if length is None or len(pre_positions) < MIN_SEASON_CYCLES * int(length):
        return [NOT_TESTED]
    if granularity == "W":
        return [
            NO_SEASON,
            SeasonalModel(SeasonModel.FOURIER, 2),
            SeasonalModel(SeasonModel.FOURIER, 2 * WEEKLY_PROFILE_WAVES),
        ]
    candidates = [NO_SEASON, SeasonalModel(SeasonModel.FOURIER, 2)]
    season = np.rint(pre_positions).astype(np.int64) % int(length)
    counts = np.bincount(season, minlength=int(length))
    if counts.min() >= MIN_SEASON_CYCLES:
        candidates.append(SeasonalModel(SeasonModel.DUMMIES, int(length) - 1))
    return candidates


@dataclass(frozen=True)
class ModelChoice:
    """The counterfactual's terms, and why."""

    trend: str
    """absent (a level), present (a trend) or uncertain (both are measured)."""
    seasonal: SeasonalModel
    trend_p_value: float | None
    """Two-sided p-value of the pre-period slope, allowing for autocorrelated noise (None
    when no trend could be fitted)."""
    seasonal_p_value: float | None
    """F-test p-value of the chosen seasonal terms against none (None when not fitted)."""


#: Significance level of the F-test that admits seasonal terms (on the pre period).
SEASONAL_SIGNIFICANCE = 0.05
#: A slope smaller than this many of its standard errors (allowing for autocorrelated
#: noise) is no trend: the level is the counterfactual.
TREND_ABSENT_T = 1.0
#: A slope more significant than this (bootstrap p-value, allowing for autocorrelated
#: noise) is an established trend, carried forward alone: with 999 replicates, a slope
#: steeper than every simulated noise-only slope. At 0.01 autocorrelated noise faked an
#: established trend in about 2% of series, and half of those were then called moved.
TREND_PRESENT_P = 0.002
#: Below this many pre-period points (Wagner et al. recommend twelve on each side) a trend
#: is never established, and a missed one is the larger risk: the level alone is the
#: counterfactual only when the slope is too small to matter (:func:`projection_reach`),
#: otherwise both are measured (and must agree).
MIN_PRE_FOR_TREND_ALONE = 12


def pre_design(
    positions: np.ndarray, granularity: str, trend: bool, seasonal: SeasonalModel
) -> np.ndarray:
    centred = positions - positions.mean()
    columns = [np.ones_like(centred)]
    if trend:
        columns.append(centred)
    return np.column_stack([*columns, seasonal.columns(positions, granularity)])


def f_test(full: Fit, reduced: Fit) -> float:
    """p-value of the terms ``full`` adds to ``reduced`` (nested least-squares fits)."""
    if not full.sigma2 > 0:
        return 0.0
    extra = reduced.df - full.df
    statistic = ((reduced.sigma2 * reduced.df - full.sigma2 * full.df) / extra) / full.sigma2
    return f_sf(statistic, extra, full.df)


def slope_test(
    design: np.ndarray, fit: Fit, positions: np.ndarray, values: np.ndarray
) -> tuple[float, float]:
    """(t statistic, bootstrap p-value) of the slope (column 1) of a pre-period fit of
    ``design``, with the standard error allowing for AR(1) noise (``noise``)."""
    return slope_statistics(fit, values, slope_noise(design, fit, positions))


def slope_statistics(
    fit: Fit, values: np.ndarray, noise: NoiseDesign | None
) -> tuple[float, float]:
    """:func:`slope_test` with the slope's noise quantities (:func:`slope_noise`) given."""
    contrast = np.zeros(len(fit.beta))
    contrast[1] = 1.0
    slope = float(fit.beta[1])
    if noise is None:
        variance = fit.variance_of(contrast)
        if not variance > 0:
            return (math.inf if slope else 0.0), (0.0 if slope else 1.0)
        t = slope / math.sqrt(variance)
        return t, two_sided_p(t, fit.df)
    noise_fit = fit_noise(noise, values)
    if not noise_fit.variance > 0:
        return (math.inf if slope else 0.0), (0.0 if slope else 1.0)
    t = slope / math.sqrt(noise_fit.variance)
    _, statistics = bootstrap_t(noise, noise_fit.rho, 0.95)
    return t, bootstrap_p_value(statistics, t)


def slope_noise(design: np.ndarray, fit: Fit, positions: np.ndarray) -> NoiseDesign | None:
    """The AR(1) quantities of the slope (column 1) of a pre-period fit of ``design``."""
    contrast = np.zeros(len(fit.beta))
    contrast[1] = 1.0
    return noise_design(
        design, fit.estimator(contrast), positions, np.zeros(len(positions), dtype=int)
    )


@dataclass
class _Candidates:
    """The candidate pre-period models of one set of pre-period positions: their designs
    and decompositions do not depend on the values, so KPIs with the same periods share
    them (see :func:`choose_model`)."""

    options: list[SeasonalModel]
    trend: bool
    """Whether the candidates carry a trend."""
    fits: dict[SeasonalModel, Decomposition]
    """The candidates with a residual degree of freedom, simplest first."""
    noises: dict[SeasonalModel, NoiseDesign | None] = field(default_factory=dict)

    def slope_test(
        self, seasonal: SeasonalModel, fit: Fit, positions: np.ndarray, values: np.ndarray
    ) -> tuple[float, float]:
        if seasonal not in self.noises:
            self.noises[seasonal] = slope_noise(self.fits[seasonal].design, fit, positions)
        return slope_statistics(fit, values, self.noises[seasonal])


_candidate_cache: dict[tuple[object, ...], _Candidates] = {}
_CANDIDATE_CACHE_SIZE = 256


def _candidates(pre_positions: np.ndarray, granularity: str) -> _Candidates:
    key = (pre_positions.dtype.str, pre_positions.tobytes(), granularity)
    found = _candidate_cache.get(key)
    if found is not None:
        return found
    options = seasonal_candidates(pre_positions, granularity)
    can_trend = len(pre_positions) >= MIN_PRE_FOR_TREND
    fits: dict[SeasonalModel, Decomposition] = {}
    for trend in (True, False) if can_trend else (False,):
        for seasonal in options:
            decomposition = decompose(pre_design(pre_positions, granularity, trend, seasonal))
            if len(pre_positions) - decomposition.rank >= 1:
                fits[seasonal] = decomposition
        if fits:
            can_trend = trend
            break
    return remember(
        _candidate_cache, key, _Candidates(options, can_trend, fits), _CANDIDATE_CACHE_SIZE
    )


def projection_reach(pre_positions: np.ndarray, post_positions: np.ndarray) -> float:
    """The |t| below which a pre-period slope is too small to matter on a short pre period.

    Carrying a slope b forward shifts the average post-period counterfactual by
    b·d, d the distance from the pre period's centre to the post period's. That stays
    below one standard error of the pre-period level (σ/√n) exactly when
    |t| = |b| / SE(b) < sd(pre positions) / d, since SE(b) = σ / (√n · sd). With 8 pre and
    4 post quarters this is |t| < 0.38: an undetectable trend of 0.1 sd a quarter would
    otherwise pass as a step of one standard error.
    """
    if not len(post_positions):
        return math.inf
    distance = abs(float(post_positions.mean()) - float(pre_positions.mean()))
    if not distance > 0:
        return math.inf
    return float(pre_positions.std()) / distance


def choose_model(
    pre_positions: np.ndarray,
    pre_values: np.ndarray,
    post_positions: np.ndarray,
    granularity: str,
    confidence: float = 0.95,
) -> ModelChoice:
    """Seasonal terms by their F-test and adjusted R², then the trend by its t statistic.

    1. Seasonal candidates are fitted with the trend (when the pre period can carry one).
       They are nested (none ⊂ one yearly wave ⊂ a full profile); each is taken in turn
       when its terms add significantly (F-test at SEASONAL_SIGNIFICANCE) to the model
       chosen so far.
    2. In that model the slope decides: |t| < TREND_ABSENT_T → absent (level);
       p < TREND_PRESENT_P → present (trend); otherwise uncertain (both are measured).
       Below MIN_PRE_FOR_TREND_ALONE pre points: absent when |t| < projection_reach,
       otherwise uncertain. Only the post period's positions are used, never its values.
    """
    candidates = _candidates(pre_positions, granularity)
    options = candidates.options
    can_trend = candidates.trend
    fits = {seasonal: fit.fit(pre_values) for seasonal, fit in candidates.fits.items()}
    if options[0] not in fits:
        return ModelChoice("absent", options[0], None, None)
    baseline = fits[options[0]]
    chosen, seasonal_p = options[0], None
    for seasonal in options[1:]:
        # Nested candidates: each must add significantly to the one chosen so far.
        if seasonal in fits and f_test(fits[seasonal], fits[chosen]) < SEASONAL_SIGNIFICANCE:
            chosen = seasonal
            seasonal_p = f_test(fits[chosen], baseline)
    if not can_trend:
        return ModelChoice("absent", chosen, None, seasonal_p)
    t, trend_p = candidates.slope_test(chosen, fits[chosen], pre_positions, pre_values)
    short = len(pre_values) < MIN_PRE_FOR_TREND_ALONE
    if short:
        absent = abs(t) < projection_reach(pre_positions, post_positions)
    else:
        absent = abs(t) < TREND_ABSENT_T
    if absent:
        verdict = "absent"
    elif trend_p < TREND_PRESENT_P and not short:
        verdict = "present"
    else:
        verdict = "uncertain"
    return ModelChoice(verdict, chosen, trend_p, seasonal_p)
