"""A slope that a few odd segments cannot drag: Theil–Sen, with Sen's interval.

The slope is the median of the slopes between every pair of points with different x. Its
interval is Sen's (1968): the pairwise slopes are ranked, and the interval runs between the
ranks that Kendall's tau would need to become significant, using the normal approximation to
tau's variance with the usual correction for ties in x and in y. It assumes only that the
y-errors are independent and identically distributed, which is why the link analysis
(:mod:`valaudit.analyse.links`) uses it: one team with a freak quarter does not make or break a
conversion. The figures match ``scipy.stats.theilslopes`` (tests/analyse/test_robust_slope.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np


@dataclass(frozen=True)
class RobustSlope:
    """A Theil–Sen fit y = intercept + slope · x."""

    slope: float
    intercept: float
    """median(y) − slope · median(x) (scipy's default, "separate")."""
    low: float
    high: float
    """Sen's interval for the slope at the requested confidence."""


def _tie_term(values: np.ndarray) -> float:
    """Σ k(k − 1)(2k + 5) over groups of k tied values."""
    _, counts = np.unique(values, return_counts=True)
    counts = counts[counts > 1].astype(float)
    return float(np.sum(counts * (counts - 1) * (2 * counts + 5)))


def theil_sen(x: np.ndarray, y: np.ndarray, confidence: float = 0.95) -> RobustSlope | None:
    """The Theil–Sen slope with Sen's interval; None when every x is the same."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    first, second = np.triu_indices(len(x), k=1)
    dx = x[second] - x[first]
    dy = y[second] - y[first]
    distinct = dx != 0
    if not np.any(distinct):
        return None
    slopes = np.sort(np.where(dx[distinct] < 0, -dy[distinct], dy[distinct]) / np.abs(dx[distinct]))
    slope = float(np.median(slopes))
    intercept = float(np.median(y) - slope * np.median(x))
    n = len(x)
    variance = (n * (n - 1) * (2 * n + 5) - _tie_term(x) - _tie_term(y)) / 18.0
    z = NormalDist().inv_cdf((1.0 - confidence) / 2.0)  # negative
    pairs = len(slopes)
    sigma = math.sqrt(max(variance, 0.0))
    # The ranks are those of scipy.stats.theilslopes, rounded the same way.
    upper_rank = min(round((pairs - z * sigma) / 2.0), pairs - 1)
    lower_rank = max(round((pairs + z * sigma) / 2.0) - 1, 0)
    return RobustSlope(slope, intercept, float(slopes[lower_rank]), float(slopes[upper_rank]))
