"""Each segment's effect on one KPI: the KPI's own model, fitted per segment.

The link analysis (docs/method.md §7.1) needs one number per segment and KPI: how far the
segment moved. It uses the counterfactual the KPI's aggregate effect chose (§4.2: the
pre-period level or trend, with the season if one was found), refitted on each segment's own
series, so that a segment's effect means what the stage figures mean. For an adoption KPI the
figure is the segment's post-period level against the KPI's baseline: adoption is a level
reached, not a departure from a pre-period that was mostly zero.

Segments that report the same periods share one least-squares solve (a matrix of segments),
which keeps 200 segments × 20 KPIs to a fraction of the audit's own time. The standard error
of a segment's effect is the ordinary least-squares one, widened by the large-sample AR(1)
factor (1 + ρ) ÷ (1 − ρ) with the ρ the KPI's aggregate effect found: per-segment series are too
short to learn their own persistence, and the link rule only uses these errors to ask whether
segments differ beyond their noise.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valaudit.analyse.model_choice import NO_SEASON, SeasonalModel
from valaudit.analyse.regression import effect_design
from valaudit.analyse.stats import ols
from valaudit.load.periods import period_index
from valaudit.model.codes import EffectMethod, SeasonModel
from valaudit.model.effect import Effect

#: Largest AR(1) coefficient the widening of a segment's error uses.
RHO_CAP = 0.9


@dataclass(frozen=True)
class SegmentModel:
    """How one KPI's segments are measured."""

    go_live: float
    """Period counter of the first post period."""
    last: float
    """Period counter of the last period up to the as-of date."""
    granularity: str
    level_only: bool
    """True for adoption (and for KPIs without a pre period): the post-period mean level."""
    baseline: float
    """What a level is compared with when ``level_only``."""
    trend: bool = False
    seasonal: SeasonalModel = NO_SEASON
    widening: float = 1.0
    """Variance factor for autocorrelated noise, (1 + ρ) ÷ (1 − ρ)."""


@dataclass(frozen=True)
class SegmentEffect:
    segment: str
    estimate: float
    """The segment's effect in the KPI's own unit (up = the KPI rose)."""
    se: float
    """Its standard error (nan when it has no degrees of freedom left)."""


def model_for(
    effect: Effect,
    *,
    adoption: bool,
    baseline: float,
    go_live: float,
    last: float,
    granularity: str,
) -> SegmentModel:
    """The segment model that mirrors a KPI's aggregate effect."""
    rho = effect.ar1 if effect.ar1 is not None else (effect.autocorrelation or 0.0)
    rho = min(max(rho, 0.0), RHO_CAP)
    seasonal = NO_SEASON
    if effect.seasonality.model in (SeasonModel.FOURIER, SeasonModel.DUMMIES):
        seasonal = SeasonalModel(effect.seasonality.model, effect.seasonality.terms)
    return SegmentModel(
        go_live=go_live,
        last=last,
        granularity=granularity,
        level_only=adoption or effect.method == EffectMethod.NONE,
        baseline=baseline,
        trend=effect.method == EffectMethod.ITS,
        seasonal=seasonal,
        widening=(1 + rho) / (1 - rho),
    )


def segment_table(
    rows: pd.DataFrame, aggregate: str, granularity: str, last: float
) -> pd.DataFrame:
    """Segments × period counters (:func:`~valaudit.load.periods.period_index`, the counters
    the effect model uses), one value per cell, NaN where a segment has none."""
    if not len(rows):
        return pd.DataFrame()
    codes, periods = pd.factorize(rows["period"])
    counters = np.array(
        [period_index(pd.Timestamp(p).date(), granularity) for p in periods], dtype=np.int64
    )[codes]
    keep = counters <= last
    kept = rows.loc[keep].assign(counter=counters[keep], segment=lambda f: f["segment"].astype(str))
    if not len(kept):
        return pd.DataFrame()
    if aggregate == "last":
        ordered = kept.sort_values(["source", "row"], kind="stable")
        cells = ordered.groupby(["segment", "counter"], sort=True)["value"].last()
    else:
        # A segment's value for a period: its rows' mean (one row, as a rule); a sum KPI's
        # segment effect is then in the segment's own share of the total.
        cells = kept.groupby(["segment", "counter"], sort=True)["value"].mean()
    return cells.unstack("counter")


def _patterns(table: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(segment indices, present-period mask) for each pattern of present periods."""
    present = ~np.isnan(table)
    _, inverse = np.unique(present, axis=0, return_inverse=True)
    for pattern in range(int(inverse.max()) + 1 if len(inverse) else 0):
        members = np.flatnonzero(inverse.ravel() == pattern)
        yield members, present[members[0]]


def _level_effects(
    values: np.ndarray, post: np.ndarray, model: SegmentModel
) -> tuple[np.ndarray, np.ndarray]:
    level = values[:, post]
    n = level.shape[1]
    estimate = level.mean(axis=1) - model.baseline
    if n < 2:
        return estimate, np.full(len(estimate), math.nan)
    se = np.sqrt(level.var(axis=1, ddof=1) / n * model.widening)
    return estimate, se


def _model_effects(
    positions: np.ndarray, values: np.ndarray, post: np.ndarray, model: SegmentModel
) -> tuple[np.ndarray, np.ndarray] | None:
    if not post.any() or post.all():
        return None
    design, contrast = effect_design(
        positions, post, model.go_live, model.trend, model.seasonal, model.granularity
    )
    fit = ols(design, values[0])
    if fit.df < 1:
        return None
    assert fit.basis is not None
    estimator = fit.estimator(contrast)
    matrix = values.T  # periods × segments
    estimate = estimator @ matrix
    residuals = matrix - fit.basis @ (fit.basis.T @ matrix)
    sigma2 = (residuals**2).sum(axis=0) / fit.df
    se = np.sqrt(sigma2 * float(estimator @ estimator) * model.widening)
    return estimate, se


def segment_effects(table: pd.DataFrame, model: SegmentModel) -> tuple[SegmentEffect, ...]:
    """The effect of every segment that has a value before and after go-live (only after
    for a level), sorted by segment name."""
    if table.empty:
        return ()
    names = [str(name) for name in table.index]
    positions_all = table.columns.to_numpy(dtype=float)
    values_all = table.to_numpy(dtype=float)
    found: list[SegmentEffect] = []
    for members, mask in _patterns(values_all):
        positions = positions_all[mask]
        values = values_all[np.ix_(members, np.flatnonzero(mask))]
        post = positions >= model.go_live
        if model.level_only:
            if not post.any():
                continue
            estimate, se = _level_effects(values, post, model)
        else:
            fitted = _model_effects(positions, values, post, model)
            if fitted is None:
                continue
            estimate, se = fitted
        found.extend(
            SegmentEffect(names[m], float(e), float(s))
            for m, e, s in zip(members, estimate, se, strict=True)
        )
    return tuple(sorted(found, key=lambda effect: effect.segment))
