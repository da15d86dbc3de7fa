"""Autocorrelated noise: how far a KPI's own persistence widens the effect's interval.

A monthly KPI that is high this month tends to be high next month. Treating its months as
independent makes an interval too narrow, so noise is called movement. The noise is
modelled as a stationary AR(1) process — periods *d* apart correlate by ρ^d, gaps keeping
their distance — and three things are computed for the fitted regression:

1. **ρ, corrected for its small-sample bias.** The lag-1 autocorrelation r of regression
   residuals is biased towards zero (strongly so on 24 or 36 points with a trend and
   seasonal terms fitted). ρ is the value whose *expected* residual autocorrelation, for
   this very design, equals the observed r: E[r | ρ] is computed exactly as a ratio of
   expected quadratic forms, E[eᵀAe] ÷ E[eᵀe] with e = Mu, M the residual projection and
   A the pairing of consecutive periods. ρ is kept within 0 … ``RHO_MAX``.
2. **The variance of the effect under that noise**: Var(cᵀy) = σ² · cᵀR(ρ)c, where c turns
   the series into the estimate and σ² = RSS ÷ tr(M R(ρ)) is unbiased under the model.
3. **The critical value, by a parametric bootstrap.** ρ itself is uncertain on short
   series, and the interval must allow for that. Noise series are simulated from the
   fitted AR(1), the whole procedure (residuals, r, corrected ρ, variance) is repeated on
   each, and the quantile of |estimate ÷ standard error| replaces Student's t. ρ is taken
   to the grid and the noise comes from a fixed seed, so the same series always gives the
   same interval, and KPIs that share their periods and model share the simulation.

Every quantity of the form Σᵢⱼ aᵢ bⱼ ρ^|tᵢ−tⱼ| is a polynomial in ρ whose coefficients are
cross-correlations of a and b laid out on the period grid; they are computed once per
design with FFTs and evaluated on a fixed grid of ρ values (steps of 0.01), so the cost
grows with the series' length, not its square, and the bootstrap's 999 replicates cost a
few vector operations each.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from valaudit.analyse.memo import remember

#: Largest AR(1) coefficient allowed for: nearer to 1 the noise is a random walk, and no
#: interval on a short series means much (the effect is then marked indicative).
RHO_MAX = 0.95
#: The grid ρ is evaluated on: 0, 0.01, ..., RHO_MAX.
RHO_GRID = np.round(np.arange(0.0, RHO_MAX + 0.005, 0.01), 2)
#: Pairs of neighbouring residuals needed before the noise's persistence is estimated (about
#: two years of monthly data). Fewer pairs say too little about it: the interval then keeps
#: the independent-noise form with the large-sample widening (``regression``).
MIN_NOISE_PAIRS = 20
#: Bootstrap replicates: the 95% critical value is then the 950th of 999 ordered values.
BOOTSTRAP_REPLICATES = 999


@dataclass(frozen=True)
class NoiseDesign:
    """Everything about a fitted regression that does not depend on the observed values.

    Built once per design; ``on_grid`` arrays hold each quantity at every ρ of RHO_GRID.
    """

    key: bytes
    """Fingerprint of the design (seeds and caches the bootstrap)."""
    basis: np.ndarray
    """Orthonormal basis Q of the design's columns (M = I − QQᵀ)."""
    contrast: np.ndarray
    """c: the estimate is cᵀy."""
    pairs: tuple[np.ndarray, np.ndarray]
    """Row indices of the consecutive-period pairs the residual autocorrelation uses."""
    grid_offsets: np.ndarray
    """Each observation's place on the period grid (position − first position)."""
    expected_r: np.ndarray
    """E[r | ρ] on the grid (made non-decreasing so it can be inverted)."""
    residual_trace: np.ndarray
    """tr(M R(ρ)) on the grid: E[RSS] ÷ σ²."""
    contrast_variance: np.ndarray
    """cᵀ R(ρ) c on the grid: Var(cᵀu) ÷ σ²."""


@lru_cache(maxsize=64)
def _grid_powers(span: int) -> np.ndarray:
    """ρ^d for every ρ of RHO_GRID (rows) and d = 0 … span−1 (columns)."""
    return RHO_GRID[:, None] ** np.arange(span)[None, :]


def _distance_polynomials(
    basis: np.ndarray,
    paired: np.ndarray,
    pairing: np.ndarray,
    weights: np.ndarray,
    offsets: np.ndarray,
    span: int,
) -> np.ndarray:
    """Coefficients (rows, d = 0 … span−1 in columns) of four sums Σᵢⱼ aᵢ bⱼ ρ^|tᵢ−tⱼ|:

    0. Σₘ Qₘᵀ R Qₘ = tr(QᵀRQ);  1. Σₘ (AQ)ₘᵀ R Qₘ = tr(QᵀARQ);
    2. Σₘ (QC)ₘᵀ R Qₘ = tr(C QᵀRQ) with C = ``pairing``;  3. cᵀRc with c = Q·``weights``.

    The rows are laid out on the period grid and cross-correlated with one batch of FFTs
    (the transform is linear, so QC and Qw need no transform of their own).
    """
    size = 1 << max(1, (2 * span - 1).bit_length())
    rank = basis.shape[1]
    laid = np.zeros((span, 2 * rank))
    laid[offsets, :rank] = basis
    laid[offsets, rank:] = paired
    spectrum = np.fft.rfft(laid, size, axis=0)
    basis_spectrum, paired_spectrum = spectrum[:, :rank], spectrum[:, rank:]
    weighted = basis_spectrum @ pairing
    contrast = basis_spectrum @ weights
    products = np.stack(
        [
            np.sum(np.abs(basis_spectrum) ** 2, axis=1),
            np.sum(np.conj(paired_spectrum) * basis_spectrum, axis=1),
            np.sum(np.conj(weighted) * basis_spectrum, axis=1),
            np.abs(contrast) ** 2,
        ]
    )
    # Lag d: Σᵢ a(i) b(i + d); lag −d sits at the end of the circular result.
    lags = np.fft.irfft(products, size, axis=1)
    coefficients = lags[:, :span].copy()
    coefficients[:, 1:] += lags[:, size - span + 1 :][:, ::-1]
    return coefficients


def residual_pairs(positions: np.ndarray, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of neighbouring periods on the same side of go-live (``segments``)."""
    order = np.argsort(positions, kind="stable")
    ordered = np.rint(positions[order]).astype(np.int64)
    same = (segments[order][1:] == segments[order][:-1]) & (np.diff(ordered) == 1)
    return order[:-1][same], order[1:][same]


def lag1_autocorrelation(
    residuals: np.ndarray, positions: np.ndarray, segments: np.ndarray
) -> float | None:
    """Lag-1 autocorrelation of residuals over neighbouring periods on the same side of
    go-live; None with fewer than three such pairs."""
    return lag1_of_pairs(residuals, residual_pairs(positions, segments))


def lag1_of_pairs(residuals: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]) -> float | None:
    """:func:`lag1_autocorrelation` with the pairs of :func:`residual_pairs` given."""
    first, second = pairs
    denominator = float(residuals @ residuals)
    if len(first) < 3 or not denominator > 0:
        return None
    # np.add.reduce is what np.sum calls (the same pairwise sum), without its dispatch.
    return float(np.add.reduce(residuals[first] * residuals[second], axis=None)) / denominator


def fingerprint(*arrays: np.ndarray) -> bytes:
    """A digest of arrays rounded to 12 decimals: the same inputs give the same digest on any
    machine (the last bits of sines and singular vectors may differ between them)."""
    digest = hashlib.blake2b(digest_size=16)
    for array in arrays:
        rounded = np.round(np.asarray(array, dtype=np.float64), 12) + 0.0  # no −0.0
        digest.update(np.ascontiguousarray(rounded).tobytes())
        digest.update(str(rounded.shape).encode())
    return digest.digest()


_designs: dict[bytes, NoiseDesign | None] = {}
_DESIGN_CACHE_SIZE = 256


def noise_design(
    matrix: np.ndarray, estimator: np.ndarray, positions: np.ndarray, segments: np.ndarray
) -> NoiseDesign | None:
    """Precompute the AR(1) quantities; None when there are too few neighbouring residuals
    (MIN_NOISE_PAIRS) or no residual degree of freedom.

    The noise is read from the residuals of the model ``matrix`` — the richest candidate
    counterfactual, so that choosing a simpler one does not also choose calmer-looking
    noise. ``estimator`` (c, with estimate cᵀy) must lie in its column space. Residuals
    pair up only between neighbouring periods with the same ``segments`` value. Nothing
    here depends on the KPI's values, so KPIs that share their periods and model share the
    work (the result is cached).
    """
    key = fingerprint(matrix, estimator, positions, segments)
    try:
        return _designs[key]  # None is a kept answer too: no usable design
    except KeyError:
        design = _noise_design(key, matrix, estimator, positions, segments)
        return remember(_designs, key, design, _DESIGN_CACHE_SIZE)


def _noise_design(
    key: bytes,
    matrix: np.ndarray,
    estimator: np.ndarray,
    positions: np.ndarray,
    segments: np.ndarray,
) -> NoiseDesign | None:
    u, s, _ = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(s > s[0] * max(matrix.shape) * np.finfo(float).eps)) if len(s) else 0
    basis = u[:, :rank]
    if len(positions) - rank < 1:
        return None
    first, second = residual_pairs(positions, segments)
    if len(first) < MIN_NOISE_PAIRS:
        return None
    grid = np.rint(positions - positions.min()).astype(np.int64)
    span = int(grid.max()) + 1
    weights = basis.T @ estimator
    # A: the symmetric pairing matrix with eᵀAe = Σ_pairs e_i e_j.
    paired = np.zeros_like(basis)
    np.add.at(paired, first, 0.5 * basis[second])
    np.add.at(paired, second, 0.5 * basis[first])
    coefficients = _distance_polynomials(basis, paired, basis.T @ paired, weights, grid, span)
    # tr(MR) = n − tr(QᵀRQ); E[eᵀAe]/σ² = tr(AR) − 2 tr(QᵀARQ) + tr(QᵀAQ · QᵀRQ).
    residual = -coefficients[0]
    residual[0] += len(positions)
    pairing = coefficients[2] - 2.0 * coefficients[1]
    pairing[1] += float(len(first))
    residual_trace, pairing_sum, contrast_variance = (
        _grid_powers(span) @ np.stack([residual, pairing, coefficients[3]]).T
    ).T
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_r = np.where(residual_trace > 0, pairing_sum / residual_trace, 0.0)
    return NoiseDesign(
        key=key,
        basis=basis,
        contrast=basis @ weights,
        pairs=(first, second),
        grid_offsets=grid,
        expected_r=np.maximum.accumulate(expected_r),
        residual_trace=residual_trace,
        contrast_variance=contrast_variance,
    )


def residual_autocorrelation(design: NoiseDesign, residuals: np.ndarray) -> np.ndarray:
    """Lag-1 autocorrelation of residuals (a vector, or one column per replicate)."""
    first, second = design.pairs
    numerator = np.sum(residuals[first] * residuals[second], axis=0)
    denominator = np.sum(residuals * residuals, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, 0.0)


def corrected_rho(design: NoiseDesign, r: np.ndarray | float) -> np.ndarray:
    """The ρ whose expected residual autocorrelation is ``r`` (0 … RHO_MAX)."""
    expected = design.expected_r
    return np.asarray(np.interp(r, expected, RHO_GRID, left=0.0, right=RHO_MAX))


def _variance_factor(design: NoiseDesign, rho: np.ndarray | float) -> np.ndarray:
    """Var(estimate) ÷ RSS at ρ: cᵀR(ρ)c ÷ tr(M R(ρ))."""
    trace = np.interp(rho, RHO_GRID, design.residual_trace)
    variance = np.interp(rho, RHO_GRID, design.contrast_variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(trace > 0, variance / trace, np.inf)


@dataclass(frozen=True)
class NoiseFit:
    """The AR(1) allowance for one series."""

    r: float
    """Lag-1 autocorrelation of the residuals, as observed."""
    rho: float
    """Bias-corrected AR(1) coefficient used for the interval."""
    variance: float
    """Variance of the estimate under that noise."""


def fit_noise(design: NoiseDesign, values: np.ndarray) -> NoiseFit:
    """r, the corrected ρ and the estimate's variance, from the noise model's residuals."""
    residuals = values - design.basis @ (design.basis.T @ values)
    r = float(residual_autocorrelation(design, residuals))
    rho = float(corrected_rho(design, r))
    rss = float(residuals @ residuals)
    return NoiseFit(r=r, rho=rho, variance=rss * float(_variance_factor(design, rho)))


#: Seed of the simulated noise: fixed, so the same inputs always give the same interval.
BOOTSTRAP_SEED = 20_260_101


@lru_cache(maxsize=32)
def simulated_ar1(span: int, rho_index: int) -> np.ndarray:
    """Stationary AR(1) noise of unit variance on a grid of ``span`` periods (rows), one
    replicate per column, at ρ = RHO_GRID[rho_index].

    Every design of that length uses it, so KPIs of equal length share one simulation; each
    ρ gets its own shocks, so that the simulation error of one critical value does not
    repeat in all the others. A recursion over the grid rather than a matrix
    product: element-wise work keeps the cost flat on a busy machine, where a threaded
    BLAS can be slower by an order of magnitude on matrices this small.
    """
    rng = np.random.default_rng([BOOTSTRAP_SEED, span, rho_index])
    shocks = rng.standard_normal((span, BOOTSTRAP_REPLICATES))
    rho = float(RHO_GRID[rho_index])
    noise = np.empty_like(shocks)
    noise[0] = shocks[0]
    scale = math.sqrt(1.0 - rho * rho)
    for i in range(1, span):
        np.multiply(noise[i - 1], rho, out=noise[i])
        noise[i] += scale * shocks[i]
    noise.flags.writeable = False
    return noise


def bootstrap_t(design: NoiseDesign, rho: float, confidence: float) -> tuple[float, np.ndarray]:
    """The critical value of |estimate ÷ SE| under AR(1) noise at ``rho``, and the sorted
    replicate statistics (for a p-value).

    ``rho`` is taken to the grid (steps of 0.01) and the simulated noise comes from a fixed
    seed, so the same series always gets the same interval — and KPIs that share their
    periods and model share the work (the result is cached).
    """
    index = int(np.argmin(np.abs(RHO_GRID - rho)))
    return _bootstrap(design.key, index, round(confidence, 12), design)


_cache: dict[tuple[bytes, int, float], tuple[float, np.ndarray]] = {}
_CACHE_SIZE = 512


def _bootstrap(
    key: bytes, index: int, confidence: float, design: NoiseDesign
) -> tuple[float, np.ndarray]:
    cached = _cache.get((key, index, confidence))
    if cached is not None:
        return cached
    noise = simulated_ar1(int(design.grid_offsets.max()) + 1, index)[design.grid_offsets]
    basis = design.basis
    residuals = noise - basis @ (basis.T @ noise)
    rho_star = corrected_rho(design, residual_autocorrelation(design, residuals))
    rss = np.sum(residuals * residuals, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistics = np.abs(design.contrast @ noise) / np.sqrt(
            rss * _variance_factor(design, rho_star)
        )
    statistics = np.sort(np.where(np.isfinite(statistics), statistics, np.inf))
    rank = min(len(statistics), math.ceil(confidence * (len(statistics) + 1))) - 1
    result = (float(statistics[rank]), statistics)
    return remember(_cache, (key, index, confidence), result, _CACHE_SIZE)


def bootstrap_p_value(statistics: np.ndarray, observed: float) -> float:
    """Share of replicates at least as extreme as ``observed`` (counting the data itself)."""
    beyond = len(statistics) - int(np.searchsorted(statistics, abs(observed), side="left"))
    return (1 + beyond) / (len(statistics) + 1)
