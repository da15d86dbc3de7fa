"""The counterfactual's terms on series with a known truth: season, trend, neither."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.analyse.synth import MONTHLY_START, effect_of
from valaudit.analyse.effect import cautious
from valaudit.analyse.model_choice import choose_model, projection_reach
from valaudit.analyse.regression import Interval


def test_a_long_annual_series_with_a_clean_shift_is_measured_against_its_level() -> None:
    """No pre-trend at all: projecting a needless trend 20 years out must not swamp the shift."""
    rng = np.random.default_rng(31)
    years = 1960 + np.arange(50.0)
    while True:  # the first draw whose pre period shows no trend (slope p > 0.5)
        values = 100 + rng.normal(0, 1, 50) + 2.0 * (np.arange(50) >= 30)
        choice = choose_model(years[:30], values[:30], years[30:], "Y")
        if choice.trend_p_value is not None and choice.trend_p_value > 0.5:
            break
    effect = effect_of(values, 30, "Y", 1960)
    assert effect.method == "level"
    assert effect.seasonality.model == "not_tested"
    assert effect.moved == "good"
    assert effect.low is not None and effect.low < 2.0 < effect.high


def test_a_steady_pre_trend_is_carried_forward_and_not_credited() -> None:
    rng = np.random.default_rng(32)
    t = np.arange(36, dtype=float)
    effect = effect_of(50 + 0.5 * t + rng.normal(0, 1, 36), 24, "M", MONTHLY_START)
    assert effect.method == "its"
    assert effect.moved == "none"
    assert "trend" in (effect.note or "")


def test_an_undecided_trend_calls_movement_only_when_level_and_trend_agree() -> None:
    rng = np.random.default_rng(33)
    t = np.arange(36, dtype=float)
    for _ in range(50):
        values = 50 + 0.03 * t + rng.normal(0, 1, 36) + 2.5 * (t >= 24)
        choice = choose_model(MONTHLY_START + t[:24], values[:24], MONTHLY_START + t[24:], "M")
        if choice.trend == "uncertain":
            break
    assert choice.trend == "uncertain"
    effect = effect_of(values, 24, "M", MONTHLY_START)
    assert "both the pre-go-live level and its trend" in (effect.note or "")
    assert effect.moved in ("good", "none")


def test_seasonality_is_not_looked_for_with_less_than_two_years() -> None:
    rng = np.random.default_rng(34)
    effect = effect_of(100 + rng.normal(0, 1, 35), 23, "M", MONTHLY_START)
    assert effect.seasonality.model == "not_tested"


def test_white_noise_rarely_gets_seasonal_terms() -> None:
    rng = np.random.default_rng(35)
    seasonal = 0
    for _ in range(60):
        choice = choose_model(
            MONTHLY_START + np.arange(24.0),
            rng.normal(0, 1, 24),
            MONTHLY_START + 24.0 + np.arange(12.0),
            "M",
        )
        assert choice.seasonal.model in ("none", "fourier", "dummies")
        seasonal += choice.seasonal.model != "none"
    assert seasonal <= 9  # two F-tests at 5%: about 10% expected, 15% allowed


def test_a_december_spike_gets_a_month_profile_and_a_wave_gets_fourier_terms() -> None:
    rng = np.random.default_rng(36)
    months = MONTHLY_START + np.arange(36.0)
    spike = 100 + 10.0 * (months % 12 == 11) + rng.normal(0, 1, 36)
    wave = 100 + 3.0 * np.sin(2 * math.pi * months / 12) + rng.normal(0, 1, 36)
    spike_choice = choose_model(months, spike, months[-1:] + 1, "M")
    wave_choice = choose_model(months, wave, months[-1:] + 1, "M")
    assert (spike_choice.seasonal.model, spike_choice.seasonal.terms) == ("dummies", 11)
    assert (wave_choice.seasonal.model, wave_choice.seasonal.terms) == ("fourier", 2)
    assert spike_choice.seasonal_p_value is not None and spike_choice.seasonal_p_value < 0.001


def test_weekly_series_get_yearly_waves() -> None:
    rng = np.random.default_rng(37)
    weeks = 2900.0 + np.arange(130.0)
    values = 50 + 4.0 * np.cos(2 * math.pi * weeks / (365.25 / 7)) + rng.normal(0, 1, 130)
    choice = choose_model(weeks, values, weeks[-1:] + 1, "W")
    assert choice.seasonal.model == "fourier" and choice.seasonal.terms in (2, 6)


@pytest.mark.parametrize("post_months", [5, 7])
def test_the_season_is_carried_forward_when_the_post_period_is_part_of_a_year(
    post_months: int,
) -> None:
    """A go-live just before the peak season: without the season the peak looks like an
    effect (a bias of about 3 sd here); with it, the estimate centres on the truth."""
    rng = np.random.default_rng(38)
    n = 24 + post_months
    start = MONTHLY_START + 5  # June 2021
    season = 6.0 * np.sin(2 * math.pi * np.arange(n) / 12)
    step = 3.0 * (np.arange(n) >= 24)
    moved, found, estimates = 0, 0, []
    for _ in range(40):
        values = 100 + season + rng.normal(0, 1, n)
        effect = effect_of(values, 24, "M", start)
        assert effect.seasonality.model in ("fourier", "dummies")
        moved += effect.moved != "none"
        estimates.append(effect.estimate)
        found += effect_of(values + step, 24, "M", start).moved == "good"
    assert moved <= 4
    assert abs(float(np.mean(estimates))) < 0.5
    assert found >= 32


def interval(estimate: float, half: float) -> Interval:
    return Interval(estimate, estimate - half, estimate + half, None, None, None)


@pytest.mark.parametrize(
    ("level", "trend", "shown", "moves"),
    [
        ((6.0, 1.0), (2.0, 1.0), "trend", True),  # both beyond noise: the smaller estimate
        ((6.0, 1.0), (0.5, 1.0), "trend", False),  # only one beyond noise: the other one
        ((0.5, 1.0), (3.0, 1.0), "level", False),
        ((0.2, 1.0), (-0.4, 1.0), "level", False),  # neither: the smaller estimate
        ((6.0, 1.0), (-3.0, 1.0), "trend", False),  # opposite directions: their span
    ],
)
def test_an_undecided_trend_shows_the_more_cautious_counterfactual(
    level: tuple[float, float], trend: tuple[float, float], shown: str, moves: bool
) -> None:
    chosen, is_trend = cautious(interval(*level), interval(*trend))
    assert ("trend" if is_trend else "level") == shown
    assert chosen.low is not None and chosen.high is not None
    assert (chosen.low > 0 or chosen.high < 0) is moves


def test_projection_reach_is_the_slope_t_that_moves_the_counterfactual_one_level_error() -> None:
    # 8 pre quarters (sd of 0..7 = 2.29) and 4 post (centre 9.5, 6 periods on from 3.5).
    reach = projection_reach(np.arange(8.0), np.arange(8.0, 12.0))
    assert reach == pytest.approx(math.sqrt(5.25) / 6.0, rel=1e-12)
    assert round(reach, 2) == 0.38


def test_a_short_pre_period_uses_the_level_alone_only_when_the_slope_is_negligible() -> None:
    quarters = 2020 * 4 + np.arange(8.0)
    post = 2020 * 4 + np.arange(8.0, 12.0)
    wiggle = np.array([0.3, -0.5, 0.4, -0.2, 0.1, 0.5, -0.6, 0.0])
    flat = choose_model(quarters, 10.0 + wiggle, post, "Q")
    # A slope of 0.1 a quarter: far from significant (p ≈ 0.3), yet carried forward it
    # would move the post quarters by 0.6 — more than the level's own error.
    sloped = choose_model(quarters, 10.0 + wiggle + 0.1 * np.arange(8.0), post, "Q")
    assert flat.trend == "absent"
    assert sloped.trend == "uncertain"
    assert sloped.trend_p_value is not None and sloped.trend_p_value > 0.10
