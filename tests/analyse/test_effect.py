"""The effect estimate: calibrated on noise, powerful on real steps, honest about trends.

docs/method.md §4: on series with no effect at most 10% report movement at the default confidence;
a step of three pre-period standard deviations is detected in at least 90% of cases with two
years before go-live; with six months before, where a trend the pre period cannot rule out is
measured too, in about half. Seeded, so the figures are reproducible.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valaudit.analyse.comparison import fit_difference_in_differences
from valaudit.analyse.effect import estimate_effect
from valaudit.analyse.regression import _interval, _Model, fit_interval, post_only_design

N_SERIES = 300


def effect_of(
    values: np.ndarray,
    pre: int,
    *,
    direction: str = "up",
    baseline: float | None = None,
    min_post: int = 3,
):  # type: ignore[no-untyped-def]
    t = np.arange(len(values), dtype=float)
    return estimate_effect(
        t,
        values,
        t >= pre,
        float(pre),
        direction=direction,
        confidence=0.95,
        stated_baseline=baseline,
        min_post_periods=min_post,
    )


def share_moved(
    pre: int, post: int, *, step: float = 0.0, slope: float = 0.0, seed: int = 0
) -> float:
    rng = np.random.default_rng(seed)
    moved = 0
    for _ in range(N_SERIES):
        t = np.arange(pre + post)
        values = 50.0 + slope * t + rng.normal(0.0, 1.0, pre + post) + step * (t >= pre)
        moved += effect_of(values, pre).moved != "none"
    return moved / N_SERIES


@pytest.mark.parametrize(("pre", "post"), [(6, 6), (12, 12), (4, 8), (24, 6)])
def test_noise_only_series_rarely_report_movement(pre: int, post: int) -> None:
    assert share_moved(pre, post, seed=pre * 100 + post) <= 0.10


def test_a_three_sigma_step_with_two_years_before_go_live_is_detected() -> None:
    assert share_moved(24, 6, step=3.0, seed=7) >= 0.90


def test_a_three_sigma_step_with_six_pre_and_six_post_is_detected_about_half_the_time() -> None:
    # Six pre points cannot rule out a trend that, carried forward, would pass for a step
    # (docs/method.md §4.2): both counterfactuals must agree. Measured 58% over 300 series;
    # the bound guards that the price of that caution does not grow.
    assert share_moved(6, 6, step=3.0, seed=7) >= 0.50


def test_a_step_is_detected_in_the_right_direction_and_size() -> None:
    rng = np.random.default_rng(3)
    values = 50.0 + rng.normal(0, 1.0, 24) + 5.0 * (np.arange(24) >= 12)
    effect = effect_of(values, 12)
    assert effect.moved == "good"
    assert effect.low < 5.0 < effect.high
    assert effect.n_pre == 12 and effect.n_post == 12


def test_a_drop_in_a_kpi_where_down_is_better_is_good_movement() -> None:
    rng = np.random.default_rng(4)
    values = 50.0 + rng.normal(0, 1.0, 16) - 6.0 * (np.arange(16) >= 8)
    assert effect_of(values, 8, direction="down").moved == "good"
    assert effect_of(values, 8, direction="up").moved == "bad"


def test_a_trend_already_under_way_is_not_credited() -> None:
    # A steady climb of half a standard deviation per period, unchanged by go-live: the
    # level comparison would call it a big effect; the interrupted time series must not.
    moved = share_moved(12, 12, slope=0.5, seed=11)
    assert moved <= 0.10
    rng = np.random.default_rng(12)
    t = np.arange(24)
    effect = effect_of(50.0 + 0.5 * t + rng.normal(0, 1.0, 24), 12)
    assert effect.method == "its"
    assert effect.low < 0.0 < effect.high


def test_a_clear_pre_trend_with_few_pre_periods_switches_to_the_trend_model() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(12)
    effect = effect_of(50.0 + 1.0 * t + rng.normal(0, 0.5, 12), 6)
    assert effect.method == "its"
    assert effect.moved == "none"


def test_without_pre_period_the_stated_baseline_is_used_and_marked_indicative() -> None:
    values = np.array([70.0, 74.0, 77.0, 80.0, 82.0, 83.0])
    t = np.arange(6, dtype=float)
    effect = estimate_effect(
        t,
        values,
        np.ones(6, dtype=bool),
        0.0,
        direction="up",
        confidence=0.95,
        stated_baseline=0.0,
        min_post_periods=3,
    )
    assert effect.method == "none"
    assert effect.indicative is True
    assert effect.estimate == pytest.approx(values.mean())
    assert effect.moved == "good"


def test_no_post_data_gives_no_estimate() -> None:
    t = np.arange(6, dtype=float)
    effect = estimate_effect(
        t,
        np.ones(6),
        np.zeros(6, dtype=bool),
        6.0,
        direction="up",
        confidence=0.95,
        stated_baseline=None,
        min_post_periods=3,
    )
    assert effect.estimate is None and effect.moved == "none" and effect.n_post == 0


def test_short_series_are_marked_indicative() -> None:
    assert effect_of(np.array([10.0, 11.0, 10.5, 14.0, 15.0]), 2).indicative is True
    assert (
        effect_of(np.array([10.0, 11.0, 10.5, 10.2, 10.9, 10.4, 14.0, 15.0]), 6).indicative is True
    )


def test_residual_autocorrelation_is_reported_and_widens_the_interval() -> None:
    rng = np.random.default_rng(8)
    shocks = rng.normal(0, 1.0, 50)
    ar = np.zeros(50)
    for i in range(1, 50):
        ar[i] = 0.8 * ar[i - 1] + shocks[i]
    effect = effect_of(50.0 + ar, 30)
    assert effect.autocorrelation is not None and effect.autocorrelation > 0.4
    # Corrected for its small-sample bias, the noise's AR(1) coefficient is higher still.
    assert effect.ar1 is not None and effect.ar1 > effect.autocorrelation
    assert effect.indicative and any("autocorrelated" in c for c in effect.caveats)
    calm = effect_of(50.0 + rng.normal(0, float(np.std(ar)), 50), 30)
    assert (effect.high - effect.low) > 1.5 * (calm.high - calm.low)


def test_placebo_flags_a_series_that_moved_before_go_live() -> None:
    # A jump in the middle of the pre period: a fake go-live there shows an "effect".
    rng = np.random.default_rng(9)
    values = np.concatenate(
        [50 + rng.normal(0, 0.5, 6), 56 + rng.normal(0, 0.5, 6), 56 + rng.normal(0, 0.5, 6)]
    )
    effect = effect_of(values, 12)
    assert effect.placebo is not None
    assert effect.placebo.moved is True
    assert any("fake go-live" in caveat for caveat in effect.caveats)


def test_placebo_is_quiet_on_stable_pre_periods() -> None:
    # A false alarm is as likely as any false movement: at most 10% of stable series.
    rng = np.random.default_rng(10)
    alarms = 0
    for _ in range(100):
        effect = effect_of(50 + rng.normal(0, 1.0, 20) + 4.0 * (np.arange(20) >= 10), 10)
        assert effect.placebo is not None
        alarms += effect.placebo.moved
    assert alarms <= 10


def test_difference_in_differences_removes_a_shock_shared_with_control() -> None:
    rng = np.random.default_rng(13)
    t = np.arange(24, dtype=float)
    post = t >= 12
    market = 8.0 * post  # both groups rise with the market
    treated = 100 + market + 3.0 * post + rng.normal(0, 0.7, 24)
    control = 90 + market + rng.normal(0, 0.7, 24)
    effect = fit_difference_in_differences(
        t, treated - control, post, 12.0, direction="up", confidence=0.95, min_post_periods=3
    ).effect
    assert effect.method == "did"
    assert effect.estimate == pytest.approx(3.0, abs=1.0)
    assert effect.moved == "good"
    shared_only = fit_difference_in_differences(
        t,
        (100 + market + rng.normal(0, 0.7, 24)) - control,
        post,
        12.0,
        direction="up",
        confidence=0.95,
        min_post_periods=3,
    ).effect
    assert shared_only.moved == "none"


@given(
    cases=st.lists(
        st.tuples(st.integers(1, 8), st.booleans(), st.booleans()), min_size=1, max_size=8
    ),
    seed=st.integers(0, 2**32 - 1),
    offset=st.sampled_from([0.0, 2.5]),
)
def test_a_remembered_interval_model_gives_the_interval_a_new_one_gives(
    cases: list[tuple[int, bool, bool]], seed: int, offset: float
) -> None:
    """fit_interval shares its model between series of the same design, contrast, positions
    and segments; each series' interval is the one a model of its own gives, to the bit,
    whatever was fitted before."""
    rng = np.random.default_rng(seed)
    for length, doubled, paired in cases:
        positions = np.arange(length, dtype=float)
        design, contrast = post_only_design(positions, 0.0)
        if doubled:
            contrast = contrast * 2.0
        segments = np.zeros(length, dtype=int) if paired else np.arange(length)
        values = rng.normal(10.0, 1.0, length)
        fresh = _interval(_Model(design, contrast, positions, segments, None), values, 0.9, offset)
        shared = fit_interval(design, contrast, positions, values, segments, 0.9, offset=offset)
        assert shared == fresh
        assert np.array_equal(shared.counterfactual, fresh.counterfactual)
