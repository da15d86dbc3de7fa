"""The AR(1) allowance: exact expectations, a bias-corrected ρ, a reproducible bootstrap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from valaudit.analyse.noise import (
    MIN_NOISE_PAIRS,
    RHO_GRID,
    bootstrap_p_value,
    bootstrap_t,
    corrected_rho,
    fit_noise,
    lag1_autocorrelation,
    noise_design,
    residual_pairs,
)
from valaudit.analyse.stats import ols


def its_design(positions: np.ndarray, go_live: float) -> tuple[np.ndarray, np.ndarray]:
    t = positions - go_live
    post = (t >= 0).astype(float)
    design = np.column_stack([np.ones_like(t), t, post, t * post])
    return design, np.array([0.0, 0.0, 1.0, float(t[post == 1].mean())])


def ar1(n: int, rho: float, rng: np.random.Generator) -> np.ndarray:
    noise = np.empty(n)
    noise[0] = rng.normal()
    for i in range(1, n):
        noise[i] = rho * noise[i - 1] + math.sqrt(1 - rho * rho) * rng.normal()
    return noise


def test_lag1_autocorrelation_pairs_only_neighbours_on_one_side_of_go_live() -> None:
    residuals = np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0])
    segments = np.array([0, 0, 0, 1, 1, 1])
    positions = np.arange(6.0)
    # Within segments neighbours agree (+1 each); the pair across go-live is not counted.
    assert lag1_autocorrelation(residuals, positions, segments) == pytest.approx(4 / 6)
    assert lag1_autocorrelation(residuals[:3], positions[:3], segments[:3]) is None


def test_a_missing_period_breaks_the_pair_it_would_have_made() -> None:
    positions = np.array([0.0, 1.0, 3.0, 4.0, 5.0])
    first, second = residual_pairs(positions, np.zeros(5, dtype=int))
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == [(0, 1), (2, 3), (3, 4)]


def test_expectations_equal_the_dense_matrix_formulas_also_with_gaps() -> None:
    """E[r | ρ], tr(MR) and cᵀRc from FFT polynomials agree with n × n matrix algebra."""
    positions = np.delete(np.arange(40.0), [5, 31])
    design, contrast = its_design(positions, 26.0)
    segments = (positions >= 26).astype(int)
    fit = ols(design, np.zeros(len(positions)))
    estimator = fit.estimator(contrast)
    noise = noise_design(design, estimator, positions, segments)
    assert noise is not None
    n = len(positions)
    projection = np.eye(n) - fit.basis @ fit.basis.T
    pairing = np.zeros((n, n))
    for i, j in zip(*residual_pairs(positions, segments), strict=True):
        pairing[i, j] = pairing[j, i] = 0.5
    distance = np.abs(positions[:, None] - positions[None, :])
    for index in (0, 30, 70, 95):
        correlation = RHO_GRID[index] ** distance
        trace = np.trace(projection @ correlation)
        expected_r = np.trace(projection @ pairing @ projection @ correlation) / trace
        assert noise.residual_trace[index] == pytest.approx(trace, rel=1e-10)
        assert noise.expected_r[index] == pytest.approx(expected_r, abs=1e-10)
        assert noise.contrast_variance[index] == pytest.approx(
            estimator @ correlation @ estimator, rel=1e-10
        )


def test_too_few_residual_pairs_give_no_noise_model() -> None:
    positions = np.arange(float(MIN_NOISE_PAIRS))  # one pair short
    design, contrast = its_design(positions, 10.0)
    fit = ols(design, np.zeros(len(positions)))
    segments = np.zeros(len(positions), dtype=int)
    assert noise_design(design, fit.estimator(contrast), positions, segments) is None


def test_the_corrected_rho_is_near_the_truth_where_the_raw_one_is_far_below() -> None:
    """AR(1) with ρ = 0.5 on 24 + 12 months: the residual r₁ averages about half of ρ."""
    rng = np.random.default_rng(5)
    positions = np.arange(36.0)
    design, contrast = its_design(positions, 24.0)
    fit = ols(design, np.zeros(36))
    noise = noise_design(design, fit.estimator(contrast), positions, (positions >= 24) * 1)
    assert noise is not None
    raw, corrected = [], []
    for _ in range(400):
        result = fit_noise(noise, ar1(36, 0.5, rng))
        raw.append(result.r)
        corrected.append(result.rho)
    assert np.mean(raw) < 0.3
    assert np.median(corrected) == pytest.approx(0.5, abs=0.06)
    assert float(corrected_rho(noise, -0.9)) == 0.0  # never below independence


def test_the_bootstrap_is_reproducible_and_grows_with_the_noise_persistence() -> None:
    positions = np.arange(36.0)
    design, contrast = its_design(positions, 24.0)
    fit = ols(design, np.zeros(36))
    noise = noise_design(design, fit.estimator(contrast), positions, (positions >= 24) * 1)
    assert noise is not None
    calm, statistics = bootstrap_t(noise, 0.0, 0.95)
    again, _ = bootstrap_t(noise, 0.0, 0.95)
    persistent, _ = bootstrap_t(noise, 0.7, 0.95)
    assert calm == again
    # Independent noise: close to Student's t with 32 df (2.04); persistent noise, whose ρ
    # is itself uncertain on 36 points, needs a clearly larger critical value.
    assert 1.8 < calm < 2.35
    assert persistent > calm + 0.2
    assert bootstrap_p_value(statistics, 0.0) == 1.0
    assert bootstrap_p_value(statistics, 1e9) == pytest.approx(1 / (len(statistics) + 1))
