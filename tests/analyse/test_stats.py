"""The numerics behind every interval: Student's t and least squares."""

from __future__ import annotations

import numpy as np
import pytest

from valaudit.analyse.stats import f_sf, ols, t_cdf, t_ppf, two_sided_p


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


@pytest.mark.parametrize(
    ("f", "df1", "df2", "expected"),
    # scipy.stats.f.sf, written out so that the test needs no oracle at run time.
    [
        (1.0, 2, 10, 0.40187757201646),
        (3.2, 11, 11, 0.03308307521275254),
        (10.0, 1, 30, 0.0035685233088176825),
    ],
)
def test_f_tail_matches_tables(f: float, df1: int, df2: int, expected: float) -> None:
    assert f_sf(f, df1, df2) == pytest.approx(expected, rel=1e-9)
    assert f_sf(0.0, df1, df2) == 1.0


def test_ols_estimator_weights_reproduce_the_contrast_of_the_coefficients() -> None:
    rng = np.random.default_rng(1)
    design = np.column_stack([np.ones(12), np.arange(12.0), np.arange(12.0) >= 6])
    y = rng.normal(size=12)
    fit = ols(design, y)
    contrast = np.array([0.0, 2.5, 1.0])
    assert fit.estimator(contrast) @ y == pytest.approx(contrast @ fit.beta, abs=1e-12)
