"""Values that are probably typos: located warnings, and the ``--fail-on suspicious`` gate.

Three patterns, each one a cell to look at rather than an error (a value can be odd and
right):

- a value more than 100 times, or less than a hundredth of, its series' median (per KPI and
  segment; zeros are left out, and a series needs three values): a separator read the wrong
  way, a value in units among thousands, a stray digit;
- a negative value in a KPI whose other values are positive (one in twenty at most), when
  it is at least half the KPI's typical size: a sign typed by mistake, not a dip
  through zero;
- a value outside 0–100 in a KPI whose unit is ``%``.

The checks are a few array passes over the observations; only flagged rows are touched one
by one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from valaudit.errors import Problem, ProblemLog
from valaudit.model.observations import Observations, category_codes
from valaudit.model.thesis import Thesis
from valaudit.validate.dataset import located
from valaudit.validate.number_issues import about, plain_number

#: How far from its series' median a value may be before it is suspicious.
SCALE_FACTOR = 100.0
#: At most this share of a KPI's values may be negative for one to look like a flipped sign.
SIGN_SHARE = 0.05
#: Values a series needs before its median says what is usual.
MIN_SERIES = 3
_HINT_END = (
    " If the value is right, leave it: this is a warning (--fail-on suspicious fails CI on it)."
)


def check_plausibility(observations: Observations, thesis: Thesis | None, log: ProblemLog) -> None:
    """Warn (``suspicious_value``) about each cell that looks like a typo."""
    if not len(observations):
        return
    columns = observations.columns
    values = np.asarray(columns["value"], dtype=np.float64)
    reason = np.zeros(len(values), dtype=np.int8)  # 0: fine, 1: percent, 2: scale, 3: sign
    negative = values < 0
    percent = _percent_kpis(columns["kpi"], thesis)
    if percent.any():
        reason[percent & (negative | (values > 100))] = 1
    magnitude = np.abs(values)
    medians = _medians(observations, magnitude, (values != 0) & np.isfinite(values))
    if medians is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            off_scale = (values != 0) & (
                (magnitude > SCALE_FACTOR * medians) | (magnitude * SCALE_FACTOR < medians)
            )
        reason[(reason == 0) & off_scale] = 2
    if negative.any():
        reason[(reason == 0) & _flipped_signs(columns["kpi"], values, magnitude)] = 3
    if not reason.any():
        return
    kpi_names = columns["kpi"].categories
    segment_names = columns["segment"].categories
    kpi_codes, segment_codes = category_codes(columns["kpi"]), category_codes(columns["segment"])
    for index in np.flatnonzero(reason).tolist():
        kpi = str(kpi_names[kpi_codes[index]])
        code = segment_codes[index]
        segment = str(segment_names[code]) if code >= 0 else ""
        where = located(observations, index)
        kind = int(reason[index])
        if kind == 1:
            message, hint = _outside_percent(values[index], kpi)
        elif kind == 2:
            assert medians is not None
            message, hint = _off_scale(values[index], medians[index], kpi, segment)
        else:
            message, hint = _flipped(values[index], kpi)
        log.add(
            Problem(
                code="suspicious_value",
                severity="warning",
                message=message,
                hint=hint + _HINT_END,
                **where,  # type: ignore[arg-type]
            )
        )


def _percent_kpis(kpi: pd.Categorical, thesis: Thesis | None) -> np.ndarray:
    """Per row, whether its KPI's unit is %."""
    if thesis is None:
        return np.zeros(len(kpi), dtype=bool)
    units = {m.id for m in thesis.measures.values() if (m.unit or "").strip() == "%"}
    is_percent = np.array([str(k) in units for k in kpi.categories] + [False])
    return np.asarray(is_percent[category_codes(kpi)], dtype=bool)


def _medians(
    observations: Observations, magnitude: np.ndarray, usable: np.ndarray
) -> np.ndarray | None:
    """Per row, the median magnitude of its series' usable values; NaN where the series has
    too few values, or where none of its values can be 100 times off its median. None when
    no series can have such a value.

    A median lies between its series' smallest and largest value, so a series whose largest
    value is within 100 times its smallest has nothing to flag: the medians (the costly
    part) are taken only for the other series, usually none; and when the whole column
    spans less than that, no series is formed at all.
    """
    if not usable.any():
        return None
    present = magnitude[usable]
    if present.max() <= SCALE_FACTOR * present.min():
        return None
    series, _, _ = observations.series_keys()
    # Each series' smallest and largest usable value and its count, from the values sorted
    # by series (a pandas grouped aggregation costs more than this on a batch folder's table).
    keys = series[usable]
    order = np.argsort(keys, kind="stable")
    keys, ordered = keys[order], present[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    smallest = np.minimum.reduceat(ordered, starts)
    largest = np.maximum.reduceat(ordered, starts)
    sizes = np.diff(starts, append=len(keys))
    wide = keys[starts][(largest > SCALE_FACTOR * smallest) & (sizes >= MIN_SERIES)]
    if not len(wide):
        return None
    chosen = usable & np.isin(series, wide)
    median = pd.Series(magnitude[chosen]).groupby(series[chosen]).median()
    medians: np.ndarray = median.reindex(series).to_numpy(dtype=np.float64)
    return medians


def _flipped_signs(kpi: pd.Categorical, values: np.ndarray, magnitude: np.ndarray) -> np.ndarray:
    """Negative values in KPIs that are otherwise positive, and not small dips."""
    codes = category_codes(kpi).astype(np.int64)
    size = len(kpi.categories)
    negative = np.bincount(codes, weights=values < 0, minlength=size)
    positive = np.bincount(codes, weights=values > 0, minlength=size)
    rare = (negative >= 1) & (positive >= MIN_SERIES)
    rare &= (negative == 1) | (negative <= SIGN_SHARE * (negative + positive))
    candidates = rare[codes] & (values < 0)
    if not candidates.any():
        return np.asarray(candidates, dtype=bool)
    in_rare = rare[codes] & (values > 0)
    typical = pd.Series(magnitude[in_rare]).groupby(codes[in_rare]).median()
    sizes = typical.reindex(codes).to_numpy(dtype=np.float64)
    return np.asarray(candidates & (magnitude >= sizes / 2), dtype=bool)


def _off_scale(value: float, median: float, kpi: str, segment: str) -> tuple[str, str]:
    bigger = abs(value) > median
    ratio = abs(value) / median if bigger else median / abs(value)
    series = f"KPI '{kpi}'" + (f" in segment '{segment}'" if segment else "")
    message = (
        f"The value {plain_number(value)} is about {_times(ratio)} times "
        f"{'larger' if bigger else 'smaller'} than the usual value of {series} (around "
        f"{about(median)})."
    )
    hint = (
        "Check the cell: a decimal or thousands separator read the wrong way, a value in "
        "another unit (thousands instead of units, a fraction instead of percent) or a typo."
    )
    for factor in (1000.0, 100.0):
        fixed = value / factor if bigger else value * factor
        if median / 3 <= abs(fixed) <= median * 3:
            hint = (
                f"Check the cell: {plain_number(fixed)} would fit the series. Was a separator "
                "read the wrong way, or is the value in another unit?"
            )
            break
    return message, hint


def _times(ratio: float) -> str:
    """A ratio rounded for a sentence: 980 -> "1,000", 137 -> "140"."""
    digits = 1 - int(np.floor(np.log10(ratio)))
    return f"{round(ratio, digits):,.0f}"


def _flipped(value: float, kpi: str) -> tuple[str, str]:
    return (
        f"The value {plain_number(value)} is negative, but KPI '{kpi}' is otherwise positive.",
        "Check the sign: a minus sign or parentheses typed by mistake?",
    )


def _outside_percent(value: float, kpi: str) -> tuple[str, str]:
    return (
        f"The value {plain_number(value)} is outside 0-100, but KPI '{kpi}' is a percentage "
        "(its unit is %).",
        "Check the cell: percentages are written as the number of percent (85 or 85%), and "
        "a share cannot be negative or above 100.",
    )
