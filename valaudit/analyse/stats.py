"""The small amount of statistics the audit needs, on numpy alone.

Ordinary least squares with its covariance, Student's t quantiles and Fisher's F tail (via
the regularized incomplete beta function, inverted by bisection for t). Kept here rather
than pulling in SciPy for a handful of functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np


class Fit(NamedTuple):
    """An OLS fit: y = X @ beta + e.

    A named tuple rather than a frozen dataclass (as immutable): every KPI makes several,
    and one costs a fraction of a frozen dataclass's field-by-field construction.
    """

    beta: np.ndarray
    residuals: np.ndarray
    xtx_inv: np.ndarray
    df: int
    """Residual degrees of freedom (observations minus parameters)."""
    sigma2: float
    """Residual variance (sum of squared residuals / df); nan when df is 0."""
    basis: np.ndarray | None = None
    """Orthonormal basis of the design's column space (n × rank)."""
    coordinates: np.ndarray | None = None
    """Rows that map a coefficient contrast to basis coordinates (rank × parameters)."""

    def variance_of(self, contrast: np.ndarray) -> float:
        """Variance of contrast @ beta."""
        return float(self.sigma2 * contrast @ self.xtx_inv @ contrast)

    def estimator(self, contrast: np.ndarray) -> np.ndarray:
        """The weights c on the observations with cᵀy = contrast @ beta."""
        assert self.basis is not None and self.coordinates is not None
        weights: np.ndarray = self.basis @ (self.coordinates @ contrast)
        return weights


@dataclass(frozen=True)
class Decomposition:
    """The singular value decomposition of a design: everything of a least-squares fit that
    does not depend on the observed values, so that series sharing a design share it."""

    design: np.ndarray
    u: np.ndarray
    s: np.ndarray
    vt: np.ndarray
    rank: int
    inverse: np.ndarray
    """1 ÷ the singular values within the rank, 0 beyond it."""
    xtx_inv: np.ndarray
    basis: np.ndarray
    coordinates: np.ndarray

    def fit(self, y: np.ndarray) -> Fit:
        """The least-squares fit of ``y`` (as :func:`ols`)."""
        beta = self.vt.T @ (self.inverse * (self.u.T @ y))
        residuals = y - self.design @ beta
        df = len(y) - self.rank
        sigma2 = float(residuals @ residuals / df) if df > 0 else math.nan
        return Fit(beta, residuals, self.xtx_inv, df, sigma2, self.basis, self.coordinates)


def decompose(design: np.ndarray) -> Decomposition:
    """One singular value decomposition of ``design`` (the pseudo-inverse, so a
    rank-deficient design still gets the minimum-norm coefficients)."""
    u, s, vt = np.linalg.svd(design, full_matrices=False)
    rank = int(np.sum(s > s[0] * max(design.shape) * np.finfo(float).eps)) if len(s) else 0
    inverse = np.zeros_like(s)
    inverse[:rank] = 1.0 / s[:rank]
    return Decomposition(
        design=design,
        u=u,
        s=s,
        vt=vt,
        rank=rank,
        inverse=inverse,
        xtx_inv=(vt.T * inverse**2) @ vt,
        basis=u[:, :rank],
        coordinates=vt[:rank] / s[:rank, None],
    )


def ols(design: np.ndarray, y: np.ndarray) -> Fit:
    """Least squares through one singular value decomposition (see :func:`decompose`)."""
    return decompose(design).fit(y)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz).

    ``tiny`` keeps each denominator away from zero: a value within ±tiny (or NaN) is
    replaced by tiny; comparisons rather than abs() (the same test, without a call per
    term, which was a third of a p-value's time).
    """
    tiny, minus_tiny = 1e-300, -1e-300
    qab, qap = a + b, a + 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if d > tiny or d < minus_tiny else tiny)
    h = d
    for odd_factor, odd_divisor, even_factor, even_divisor in _fraction_terms(a, b):
        aa = odd_factor * x / odd_divisor
        d = 1.0 + aa * d
        d = 1.0 / (d if d > tiny or d < minus_tiny else tiny)
        c = 1.0 + aa / c
        if not (c > tiny or c < minus_tiny):
            c = tiny
        h *= d * c
        aa = even_factor * x / even_divisor
        d = 1.0 + aa * d
        d = 1.0 / (d if d > tiny or d < minus_tiny else tiny)
        c = 1.0 + aa / c
        if not (c > tiny or c < minus_tiny):
            c = tiny
        delta = d * c
        h *= delta
        if -1e-14 < delta - 1.0 < 1e-14:
            break
    return h


@lru_cache(maxsize=64)
def _fraction_terms(a: float, b: float) -> tuple[tuple[float, float, float, float], ...]:
    """The parts of the continued fraction's m-th pair of terms that do not depend on x:
    the odd term is m(b − m)·x ÷ ((a − 1 + 2m)(a + 2m)), the even one
    −(a + m)(a + b + m)·x ÷ ((a + 2m)(a + 1 + 2m)). Each part is computed as the whole
    expression computed it, so the terms are the same floats; a p-value is asked for at
    a handful of degrees of freedom thousands of times (an audit of the sample folders
    uses about 50 pairs (a, b); each holds about 50 kB)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    terms = []
    for m in range(1, 300):
        m2 = 2 * m
        terms.append(
            (m * (b - m), (qam + m2) * (a + m2), -(a + m) * (qab + m), (a + m2) * (qap + m2))
        )
    return tuple(terms)


def incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = _log_beta_front(a, b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


@lru_cache(maxsize=256)
def _log_beta_front(a: float, b: float) -> float:
    """−log B(a, b), the part of the incomplete beta's front factor that does not depend
    on x (summed in the order the whole expression sums it)."""
    return math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    x = df / (df + t * t)
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=4096)
def t_ppf(p: float, df: float) -> float:
    """Quantile of Student's t: the t with P(T <= t) = p.

    Cached: an audit asks for the same confidence level at a handful of degrees of freedom
    many times over, and each answer costs a bisection.
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_ppf(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
        if high > 1e12:
            return high
    for _ in range(200):
        mid = 0.5 * (low + high)
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return 0.5 * (low + high)


def two_sided_p(t: float, df: float) -> float:
    return 2.0 * (1.0 - t_cdf(abs(t), df))


def f_sf(f: float, df_numerator: float, df_denominator: float) -> float:
    """P(F > f) for Fisher's F with the given degrees of freedom."""
    if not f > 0:
        return 1.0
    x = df_denominator / (df_denominator + df_numerator * f)
    return incomplete_beta(df_denominator / 2.0, df_numerator / 2.0, x)
