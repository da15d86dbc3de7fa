"""The numerics behind every interval: Student's t and least squares."""

from __future__ import annotations

import numpy as np
import pytest

from valaudit.analyse.stats import lag1_autocorrelation, ols, t_cdf, t_ppf, two_sided_p


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        (0.975, 1, 12.7062047),
        (0.975, 2, 4.30265273),
        (0.975, 5, 2.57058184),
        (0.975, 10, 2.22813885),
        (0.975, 30, 2.04227246),
        (0.95, 8, 1.85954804),
        (0.995, 20, 2.84533971),
        (0.025, 10, -2.22813885),
    ],
)
def test_t_quantiles_match_tables(p: float, df: int, expected: float) -> None:
    assert t_ppf(p, df) == pytest.approx(expected, abs=1e-6)


def test_t_cdf_inverts_t_ppf() -> None:
    for df in (1, 3, 7, 50):
        for p in (0.6, 0.9, 0.99):
            assert t_cdf(t_ppf(p, df), df) == pytest.approx(p, abs=1e-9)


def test_two_sided_p_of_critical_value_is_alpha() -> None:
    assert two_sided_p(t_ppf(0.975, 12), 12) == pytest.approx(0.05, abs=1e-9)


def test_ols_recovers_a_line_and_its_degrees_of_freedom() -> None:
    x = np.arange(10.0)
    design = np.column_stack([np.ones_like(x), x])
    fit = ols(design, 3.0 + 2.0 * x)
    assert fit.beta == pytest.approx([3.0, 2.0])
    assert fit.df == 8
    assert fit.sigma2 == pytest.approx(0.0, abs=1e-20)


def test_lag1_autocorrelation_pairs_only_neighbours_in_one_segment() -> None:
    residuals = np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0])
    segments = np.array([0, 0, 0, 1, 1, 1])
    positions = np.arange(6)
    # Within segments neighbours agree (+1 each); the pair across go-live is not counted.
    assert lag1_autocorrelation(residuals, segments, positions) == pytest.approx(4 / 6)
    assert lag1_autocorrelation(residuals[:3], segments[:3], positions[:3]) is None
