"""The small amount of statistics the audit needs, on numpy alone.

Ordinary least squares with its covariance, Student's t quantiles (via the regularized
incomplete beta function, inverted by bisection), and the lag-1 autocorrelation of
residuals. Kept here rather than pulling in SciPy for three functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Fit:
    """An OLS fit: y = X @ beta + e."""

    beta: np.ndarray
    residuals: np.ndarray
    xtx_inv: np.ndarray
    df: int
    """Residual degrees of freedom (observations minus parameters)."""
    sigma2: float
    """Residual variance (sum of squared residuals / df); nan when df is 0."""

    def variance_of(self, contrast: np.ndarray) -> float:
        """Variance of contrast @ beta."""
        return float(self.sigma2 * contrast @ self.xtx_inv @ contrast)


def ols(design: np.ndarray, y: np.ndarray) -> Fit:
    xtx = design.T @ design
    xtx_inv = np.linalg.pinv(xtx)
    beta = xtx_inv @ design.T @ y
    residuals = y - design @ beta
    df = len(y) - int(np.linalg.matrix_rank(design))
    sigma2 = float(residuals @ residuals / df) if df > 0 else math.nan
    return Fit(beta=beta, residuals=residuals, xtx_inv=xtx_inv, df=df, sigma2=sigma2)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
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


def incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


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


def lag1_autocorrelation(
    residuals: np.ndarray, segments: np.ndarray, positions: np.ndarray
) -> float | None:
    """Lag-1 autocorrelation of residuals, pairing only neighbours in the same segment
    (pre or post) that are consecutive periods. None when there are fewer than 3 pairs."""
    if len(residuals) < 4:
        return None
    same = (segments[1:] == segments[:-1]) & (np.diff(positions) == 1)
    if same.sum() < 3:
        return None
    denominator = float(residuals @ residuals)
    if denominator <= 0:
        return None
    numerator = float(np.sum(residuals[1:][same] * residuals[:-1][same]))
    return numerator / denominator
