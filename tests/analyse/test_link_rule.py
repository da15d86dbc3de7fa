"""The link rule: each status on segments built to show it, and its statistics."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from valaudit.analyse.link_rule import (
    MIN_SEGMENTS,
    chi2_survival,
    cohorts,
    judge_link,
    variation_p_value,
)
from valaudit.model.links import LinkStatus

rng = np.random.default_rng(11)
X = np.linspace(2.0, 14.0, 24)
SE = np.full(24, 0.5)


def test_too_few_segments_are_inconclusive() -> None:
    figures = judge_link(X[: MIN_SEGMENTS - 1], X[: MIN_SEGMENTS - 1], SE[:5], 1.0, 0.95)
    assert (figures.status, figures.why) == (LinkStatus.INCONCLUSIVE, "too_few")


def test_a_clear_conversion_converts() -> None:
    y = 0.4 * X + rng.normal(0, 0.3, 24)
    figures = judge_link(X, y, SE, 0.4, 0.95)
    assert figures.status == LinkStatus.CONVERTING
    assert figures.fit is not None and figures.fit.low > 0
    assert figures.correlation is not None and figures.correlation > 0.9


def test_flat_downstream_with_varied_upstream_is_not_converting() -> None:
    y = rng.normal(0, 0.3, 24)
    figures = judge_link(X, y, SE, 0.4, 0.95)
    assert (figures.status, figures.why) == (LinkStatus.NOT_CONVERTING, "below_stated")
    assert figures.fit is not None and figures.fit.high < 0.4
    assert figures.power is not None and figures.power > 0.99


def test_downstream_falling_with_upstream_is_not_converting() -> None:
    figures = judge_link(X, -0.5 * X + rng.normal(0, 0.3, 24), SE, 0.4, 0.95)
    assert (figures.status, figures.why) == (LinkStatus.NOT_CONVERTING, "negative")


def test_upstream_within_its_noise_is_inconclusive() -> None:
    x = rng.normal(10, 0.5, 24)
    figures = judge_link(x, rng.normal(0, 0.3, 24), np.full(24, 2.0), 0.4, 0.95)
    assert (figures.status, figures.why) == (LinkStatus.INCONCLUSIVE, "no_variation")


def test_too_noisy_downstream_is_inconclusive_with_its_power() -> None:
    figures = judge_link(X, rng.normal(0, 20, 24), SE, 0.4, 0.95)
    assert (figures.status, figures.why) == (LinkStatus.INCONCLUSIVE, "noisy")
    assert figures.power is not None and figures.power < 0.5


def test_chi2_survival_is_close_to_scipy() -> None:
    for df in (5, 11, 23, 199):
        for statistic in (df * 0.5, df, df * 1.5, df * 3):
            assert chi2_survival(statistic, df) == pytest.approx(
                stats.chi2.sf(statistic, df), abs=0.005
            )


def test_variation_is_cochrans_q() -> None:
    x = np.array([1.0, 2.0, 4.0, 3.0, 8.0, 5.0, 2.0])
    se = np.array([1.0, 0.5, 1.0, 2.0, 1.0, 1.0, 0.8])
    w = 1 / se**2
    q = float(np.sum(w * (x - np.sum(w * x) / np.sum(w)) ** 2))
    assert variation_p_value(x, se) == pytest.approx(stats.chi2.sf(q, len(x) - 1), abs=0.005)


def test_cohorts_compare_the_top_and_bottom_thirds_with_welch() -> None:
    x = np.arange(9, dtype=float)
    y = np.array([1.0, 2.0, 1.5, 5.0, 5.0, 5.0, 3.0, 4.5, 4.0])
    result = cohorts(x, y, 0.95)
    assert result is not None
    assert (result.segments, result.bottom, result.top) == (3, 1.5, 3.8333333333333335)
    welch = stats.ttest_ind(y[6:], y[:3], equal_var=False).confidence_interval(0.95)
    assert (result.low, result.high) == pytest.approx((welch.low, welch.high), abs=1e-6)
