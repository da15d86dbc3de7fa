"""The Theil–Sen slope and Sen's interval against scipy.stats.theilslopes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from valaudit.analyse.robust_slope import theil_sen


@pytest.mark.parametrize("confidence", [0.9, 0.95])
@pytest.mark.parametrize("seed", range(5))
def test_matches_scipy(seed: int, confidence: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 3, 25)
    y = 0.7 * x + rng.standard_t(3, 25)
    ours = theil_sen(x, y, confidence)
    theirs = stats.theilslopes(y, x, alpha=confidence)
    assert ours is not None
    assert ours.slope == pytest.approx(theirs.slope, abs=1e-12)
    assert ours.intercept == pytest.approx(theirs.intercept, abs=1e-12)
    assert (ours.low, ours.high) == pytest.approx((theirs.low_slope, theirs.high_slope), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=6, max_size=15).filter(
        lambda points: min(len({x for x, _ in points}), len({y for _, y in points})) >= 4
    )
)
def test_matches_scipy_with_ties(points: list[tuple[int, int]]) -> None:
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    ours = theil_sen(x, y)
    theirs = stats.theilslopes(y, x)
    assert ours is not None
    assert (ours.slope, ours.low, ours.high) == pytest.approx(
        (theirs.slope, theirs.low_slope, theirs.high_slope), abs=1e-12
    )


def test_one_outlier_does_not_drag_the_slope() -> None:
    x = np.arange(12, dtype=float)
    y = 2.0 * x
    y[11] = -500.0
    fit = theil_sen(x, y)
    assert fit is not None
    assert fit.slope == pytest.approx(2.0)


def test_no_spread_in_x_gives_no_slope() -> None:
    assert theil_sen(np.ones(8), np.arange(8.0)) is None
