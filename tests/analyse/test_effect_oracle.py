"""valaudit's estimates against statsmodels and SciPy on fixed series (the dev extra's oracles).

Every estimate is the same least-squares contrast a statsmodels fit of the same regression
gives, within 1e-8; where the interval is the textbook one (a series too short to estimate
its autocorrelation) the bounds match statsmodels' too.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats

from tests.analyse.synth import MONTHLY_START, effect_of
from valaudit.analyse.comparison import fit_difference_in_differences, synthetic_weights
from valaudit.analyse.stats import f_sf, t_ppf

TOLERANCE = 1e-8


def reference(
    values: np.ndarray, pre: int, columns: list[np.ndarray]
) -> sm.regression.linear_model.RegressionResults:  # type: ignore[name-defined]
    """statsmodels OLS of the segmented regression: extra columns, step, post slope."""
    n = len(values)
    t = np.arange(n, dtype=float) - pre
    post = (t >= 0).astype(float)
    design = np.column_stack([np.ones(n), *columns, post, t * post])
    return sm.OLS(values, design).fit(), float(t[post == 1].mean())


def effect_from(fit, mean_post_t: float) -> float:  # type: ignore[no-untyped-def]
    return float(fit.params[-2] + mean_post_t * fit.params[-1])


def month_dummies(n: int, length: int = 12, start: int = MONTHLY_START) -> list[np.ndarray]:
    season = (start + np.arange(n)) % length
    return [(season == s).astype(float) for s in range(1, length)]


def test_level_effect_equals_statsmodels() -> None:
    rng = np.random.default_rng(21)
    values = 50 + rng.normal(0, 1, 36) + 2.0 * (np.arange(36) >= 24)
    effect = effect_of(values, 24)
    assert effect.method == "level" and effect.seasonality.model == "none"
    fit, mean_t = reference(values, 24, [])
    assert effect.estimate == pytest.approx(effect_from(fit, mean_t), abs=TOLERANCE)


def test_trend_effect_equals_statsmodels() -> None:
    rng = np.random.default_rng(22)
    t = np.arange(36, dtype=float)
    values = 50 + 0.8 * t + rng.normal(0, 1, 36) + 3.0 * (t >= 24)
    effect = effect_of(values, 24)
    assert effect.method == "its"
    fit, mean_t = reference(values, 24, [t - 24])
    assert effect.estimate == pytest.approx(effect_from(fit, mean_t), abs=TOLERANCE)


def test_monthly_profile_effect_equals_statsmodels_with_month_dummies() -> None:
    rng = np.random.default_rng(23)
    n = 36
    december = ((MONTHLY_START + np.arange(n)) % 12 == 11).astype(float)
    values = 100 + 8.0 * december + rng.normal(0, 1, n) - 3.0 * (np.arange(n) >= 24)
    effect = effect_of(values, 24)
    assert effect.seasonality.model == "dummies" and effect.seasonality.terms == 11
    extra = [np.arange(n) - 24.0] if effect.method == "its" else []
    fit, mean_t = reference(values, 24, [*extra, *month_dummies(n)])
    assert effect.estimate == pytest.approx(effect_from(fit, mean_t), abs=TOLERANCE)


def test_yearly_wave_effect_equals_statsmodels_with_fourier_terms() -> None:
    rng = np.random.default_rng(24)
    n = 36
    angle = 2 * math.pi * (MONTHLY_START + np.arange(n)) / 12
    values = 100 + 3.0 * np.sin(angle + 1.0) + rng.normal(0, 1, n) + 2.0 * (np.arange(n) >= 24)
    effect = effect_of(values, 24)
    assert effect.seasonality.model == "fourier" and effect.seasonality.terms == 2
    extra = [np.arange(n) - 24.0] if effect.method == "its" else []
    fit, mean_t = reference(values, 24, [*extra, np.sin(angle), np.cos(angle)])
    assert effect.estimate == pytest.approx(effect_from(fit, mean_t), abs=TOLERANCE)


def test_quarterly_dummies_equal_statsmodels() -> None:
    rng = np.random.default_rng(25)
    n, start = 14, 2019 * 4
    quarter = (start + np.arange(n)) % 4
    values = 20 + np.array([0.0, 6.0, -4.0, 2.0])[quarter] + rng.normal(0, 0.5, n)
    effect = effect_of(values, 10, "Q", start)
    assert effect.seasonality.model == "dummies" and effect.seasonality.terms == 3
    extra = [np.arange(n) - 10.0] if effect.method == "its" else []
    fit, mean_t = reference(values, 10, [*extra, *month_dummies(n, 4, start)])
    assert effect.estimate == pytest.approx(effect_from(fit, mean_t), abs=TOLERANCE)


def test_short_series_interval_is_the_textbook_one() -> None:
    """Too few neighbouring residuals to estimate autocorrelation: OLS with Student's t."""
    values = np.array([10.0, 10.6, 9.8, 10.3, 10.1, 9.7, 12.9, 13.4, 12.8, 13.1, 13.6, 12.7])
    effect = effect_of(values, 6)
    assert effect.method == "level" and effect.ar1 is None
    fit, mean_t = reference(values, 6, [])
    contrast = np.zeros(len(fit.params))
    contrast[-2], contrast[-1] = 1.0, mean_t
    low, high = np.asarray(fit.t_test(contrast).conf_int(alpha=0.05)).ravel()
    assert effect.low == pytest.approx(low, abs=TOLERANCE)
    assert effect.high == pytest.approx(high, abs=TOLERANCE)
    assert effect.p_value == pytest.approx(float(fit.t_test(contrast).pvalue), abs=TOLERANCE)


def test_both_difference_in_differences_estimates_equal_statsmodels() -> None:
    rng = np.random.default_rng(26)
    t = np.arange(30, dtype=float)
    gap = 5 + 0.3 * t + rng.normal(0, 0.4, 30) + 2.0 * (t >= 20)
    effect = fit_difference_in_differences(
        t, gap, t >= 20, 20.0, direction="up", confidence=0.95, min_post_periods=3
    ).effect
    assert effect.comparison is not None and effect.comparison.drift_adjusted is not None
    level, level_t = reference(gap, 20, [])
    drift, drift_t = reference(gap, 20, [t - 20])
    assert effect.comparison.level.estimate == pytest.approx(
        effect_from(level, level_t), abs=TOLERANCE
    )
    assert effect.comparison.drift_adjusted.estimate == pytest.approx(
        effect_from(drift, drift_t), abs=TOLERANCE
    )


def test_synthetic_weights_equal_a_general_constrained_optimiser() -> None:
    rng = np.random.default_rng(27)
    controls = rng.normal(0, 1, (16, 5)).cumsum(axis=0)
    treated = controls @ np.array([0.6, 0.0, 0.4, 0.0, 0.0]) + rng.normal(0, 0.3, 16)
    ours = synthetic_weights(treated, controls)
    centred_t, centred_c = treated - treated.mean(), controls - controls.mean(axis=0)
    result = optimize.minimize(
        lambda w: float(np.sum((centred_t - centred_c @ w) ** 2)),
        np.full(5, 0.2),
        method="SLSQP",
        bounds=[(0, 1)] * 5,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert ours == pytest.approx(result.x, abs=1e-6)
    assert ours.sum() == pytest.approx(1.0, abs=1e-12) and ours.min() >= 0


@pytest.mark.parametrize("df", [1, 3, 11, 40])
def test_quantiles_and_tails_equal_scipy(df: int) -> None:
    assert t_ppf(0.975, df) == pytest.approx(float(stats.t.ppf(0.975, df)), abs=1e-9)
    for f in (0.3, 1.0, 4.5):
        assert f_sf(f, 3, df) == pytest.approx(float(stats.f.sf(f, 3, df)), abs=1e-12)
