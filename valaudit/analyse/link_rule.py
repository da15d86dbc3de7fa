"""The rule that calls a link converting, not converting or inconclusive (docs/method.md §7.1).

Given each segment's improvement on both sides of a link (x upstream, y downstream, in the
side units, larger = better) and the standard errors of the upstream ones:

1. fewer than :data:`MIN_SEGMENTS` segments: ``inconclusive``;
2. the Theil–Sen slope's interval (Sen's, at the report's confidence) lies above zero:
   ``converting``;
3. the upstream effects do not differ across segments beyond their own noise (a χ² test of
   homogeneity, p ≥ :data:`VARIATION_LEVEL`): ``inconclusive`` — nothing varied to follow;
4. the interval lies below zero, or below the conversion the thesis states (attenuated by the
   reliability of the upstream effects, since noise in x flattens any slope): ``not_converting``;
5. otherwise ``inconclusive``: too noisy to tell, with the power it had to see the stated
   conversion.

The calibration (tests/analyse/test_link_calibration.py, bench/link_calibration.py) checks the
rule on synthetic segments: on independent noise it calls ``converting`` in at most 5% of
links; a conversion of the stated size is found in at least 80% with 12 or more segments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from valaudit.analyse.robust_slope import RobustSlope, theil_sen
from valaudit.analyse.stats import t_ppf
from valaudit.model.links import Cohorts, LinkStatus

#: Segments with an effect on both sides needed before a link is judged.
MIN_SEGMENTS = 6
#: Level of the test that the upstream effects differ across segments.
VARIATION_LEVEL = 0.05

_NORMAL = NormalDist()


@dataclass(frozen=True)
class LinkFigures:
    """The figures of one link and the status they give."""

    status: LinkStatus
    why: str
    """A code for the reason: too_few, no_spread, converting, no_variation, negative,
    below_stated, no_stated, noisy."""
    segments: int
    fit: RobustSlope | None
    correlation: float | None
    reliability: float | None
    variation_p_value: float | None
    power: float | None
    cohorts: Cohorts | None


def chi2_survival(statistic: float, df: int) -> float:
    """P(χ²_df ≥ statistic) by the Wilson–Hilferty cube-root approximation (accurate to a
    few thousandths from 5 degrees of freedom, which the rule's 6 segments guarantee)."""
    if df < 1:
        return math.nan
    if not math.isfinite(statistic):
        return 0.0
    k = float(df)
    z = ((statistic / k) ** (1.0 / 3.0) - (1.0 - 2.0 / (9.0 * k))) / math.sqrt(2.0 / (9.0 * k))
    return 1.0 - _NORMAL.cdf(z)


def variation_p_value(x: np.ndarray, se: np.ndarray) -> float:
    """Test that the x differ beyond their standard errors (Cochran's Q against χ²)."""
    if np.any(~np.isfinite(se)) or len(x) < 2:
        return math.nan
    if np.any(se <= 0):
        return 0.0 if np.ptp(x) > 0 else 1.0
    weights = 1.0 / se**2
    centre = float(np.sum(weights * x) / np.sum(weights))
    q = float(np.sum(weights * (x - centre) ** 2))
    return chi2_survival(q, len(x) - 1)


def reliability(x: np.ndarray, se: np.ndarray) -> float:
    """Share of the spread of x that is not estimation noise: 1 − mean(se²) ÷ var(x)."""
    spread = float(np.var(x, ddof=1))
    if spread <= 0 or np.any(~np.isfinite(se)):
        return 0.0
    return max(0.0, 1.0 - float(np.mean(se**2)) / spread)


def cohorts(x: np.ndarray, y: np.ndarray, confidence: float) -> Cohorts | None:
    """Top third of x against the bottom third: mean y of each, Welch's interval."""
    size = len(x) // 3
    if size < 1:
        return None
    order = np.argsort(x, kind="stable")
    bottom, top = y[order[:size]], y[order[-size:]]
    difference = float(top.mean() - bottom.mean())
    low = high = None
    if size >= 2:
        var_top, var_bottom = float(top.var(ddof=1)) / size, float(bottom.var(ddof=1)) / size
        se = math.sqrt(var_top + var_bottom)
        if se > 0:
            df = (var_top + var_bottom) ** 2 / ((var_top**2 + var_bottom**2) / (size - 1))
            half = t_ppf(0.5 + confidence / 2.0, max(df, 1.0)) * se
            low, high = difference - half, difference + half
        else:
            low = high = difference
    return Cohorts(size, float(top.mean()), float(bottom.mean()), difference, low, high)


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def judge_link(
    x: np.ndarray,
    y: np.ndarray,
    x_se: np.ndarray,
    stated: float | None,
    confidence: float,
) -> LinkFigures:
    """Apply the rule to one link's segments (see the module docstring)."""
    x, y, x_se = (np.asarray(a, dtype=float) for a in (x, y, x_se))
    n = len(x)
    if n < MIN_SEGMENTS:
        return LinkFigures(
            LinkStatus.INCONCLUSIVE, "too_few", n, None, None, None, None, None, None
        )
    fit = theil_sen(x, y, confidence)
    correlation = _correlation(x, y)
    groups = cohorts(x, y, confidence)
    if fit is None:
        return LinkFigures(
            LinkStatus.INCONCLUSIVE, "no_spread", n, None, correlation, 0.0, None, None, groups
        )
    lam = reliability(x, x_se)
    p_variation = variation_p_value(x, x_se)
    z = _NORMAL.inv_cdf(0.5 + confidence / 2.0)
    power = None
    if stated is not None and stated > 0 and fit.high > fit.low:
        slope_se = (fit.high - fit.low) / (2.0 * z)
        power = _NORMAL.cdf(lam * stated / slope_se - z)

    def figures(status: LinkStatus, why: str) -> LinkFigures:
        return LinkFigures(status, why, n, fit, correlation, lam, p_variation, power, groups)

    if fit.low > 0:
        return figures(LinkStatus.CONVERTING, "converting")
    if not (p_variation < VARIATION_LEVEL):
        return figures(LinkStatus.INCONCLUSIVE, "no_variation")
    if fit.high < 0:
        return figures(LinkStatus.NOT_CONVERTING, "negative")
    if stated is None or stated <= 0:
        return figures(LinkStatus.INCONCLUSIVE, "no_stated")
    if fit.high < lam * stated:
        return figures(LinkStatus.NOT_CONVERTING, "below_stated")
    return figures(LinkStatus.INCONCLUSIVE, "noisy")
