"""The numerics behind every interval: Student's t and least squares."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valaudit.analyse.stats import f_sf, incomplete_beta, ols, t_cdf, t_ppf, two_sided_p


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


def _direct_incomplete_beta(a: float, b: float, x: float) -> float:
    """The incomplete beta written out in full, every term computed where it is used: the
    cached parts of :func:`incomplete_beta` must give exactly its floats."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0

    def fraction(a: float, b: float, x: float) -> float:
        tiny = 1e-300
        qab, qap, qam = a + b, a + 1.0, a - 1.0
        c, d = 1.0, 1.0 - qab * x / qap
        d = 1.0 / (d if abs(d) > tiny else tiny)
        h = d
        for m in range(1, 300):
            m2 = 2 * m
            aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            delta = d * c
            h *= delta
            if abs(delta - 1.0) < 1e-14:
                break
        return h

    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * fraction(a, b, x) / a
    return 1.0 - front * fraction(b, a, 1.0 - x) / b


@given(
    a=st.floats(0.05, 500.0) | st.sampled_from([0.5, 1.0, 5.0, 10.0, 15.5]),
    b=st.floats(0.05, 500.0) | st.just(0.5),
    x=st.floats(-0.5, 1.5),
)
def test_incomplete_beta_gives_the_floats_of_the_direct_formula(
    a: float, b: float, x: float
) -> None:
    assert incomplete_beta(a, b, x) == _direct_incomplete_beta(a, b, x)
