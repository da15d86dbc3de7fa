"""From observations to one series per KPI: segments combined per period.

``aggregate`` says how: ``mean`` of the segments reporting that period, ``sum`` of all
segments (a period where a segment is missing is left out rather than under-counted), or
``last``, the last row of that period in file order (e.g. a total row after the segments).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from valaudit.load.periods import period_index, period_label
from valaudit.model.observations import category_codes


@dataclass(frozen=True)
class Series:
    """A KPI's aggregated values by period, in time order."""

    granularity: str
    starts: tuple[dt.date, ...]
    positions: np.ndarray
    """Period counters: consecutive periods differ by one."""
    values: np.ndarray
    segments: tuple[str, ...]
    incomplete: tuple[str, ...] = ()
    """Periods left out of a sum because a segment had no value."""

    def __len__(self) -> int:
        return len(self.values)

    # What follows depends on the series alone: worked out once, however many as-of dates
    # judge the series (a trajectory judges it at every period).

    @cached_property
    def _labels(self) -> tuple[str, ...]:
        if len(self.starts) <= _REMEMBERED_PERIODS:
            return _period_labels(self.starts, self.granularity)
        return tuple(period_label(start, self.granularity) for start in self.starts)

    def labels(self) -> list[str]:
        return list(self._labels)

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """Labels of the periods between the first and last value that have none."""
        return _missing_periods(self)


#: Labels are remembered for series of up to this many periods (a long daily series would
#: hold memory for nothing: few series share it).
_REMEMBERED_PERIODS = 400


@functools.lru_cache(maxsize=256)
def _period_labels(starts: tuple[dt.date, ...], granularity: str) -> tuple[str, ...]:
    """The labels of these periods, worked out once per process: the KPIs of a folder, and
    the folders of a batch, mostly share their periods."""
    return tuple(period_label(start, granularity) for start in starts)


def aggregate_series(rows: pd.DataFrame, aggregate: str, granularity: str) -> Series:
    """Combine the rows of one KPI (any number of segments) into one value per period."""
    segments = segment_names(rows["segment"])
    if not len(rows):
        return Series(granularity, (), np.array([], dtype=np.int64), np.array([]), segments)
    incomplete: list[str] = []
    if aggregate == "last":
        ordered = rows.sort_values(["source", "row"], kind="stable")
        last = ordered.groupby("period", sort=True)["value"].last()
        periods, values = last.index.to_numpy(), last.to_numpy(dtype=np.float64)
    else:
        # Grouped on the integer period numbers (cheaper than on dates); pandas' grouped sums
        # are compensated, so 0.1 + 0.2 + 0.3 is 0.6 and a target of 0.6 is met.
        grouped = rows.groupby("period_number", sort=True)["value"]
        _, first = np.unique(rows["period_number"].to_numpy(), return_index=True)
        periods = rows["period"].to_numpy()[first]  # in the same (sorted) order
        if aggregate == "sum":
            stats = grouped.agg(["sum", "count"])
            complete = stats["count"].to_numpy() >= len(segments)
            incomplete = [
                period_label(pd.Timestamp(p).date(), granularity) for p in periods[~complete]
            ]
            periods = periods[complete]
            values = stats["sum"].to_numpy(np.float64)[complete]
        else:
            values = np.asarray(grouped.mean(), dtype=np.float64)
    starts = tuple(pd.Timestamp(p).date() for p in periods)
    positions = np.array([period_index(s, granularity) for s in starts], dtype=np.int64)
    return Series(
        granularity=granularity,
        starts=starts,
        positions=positions,
        values=values,
        segments=segments,
        incomplete=tuple(incomplete),
    )


def segment_names(column: pd.Series) -> tuple[str, ...]:
    """The distinct segments, sorted; from the category codes when the column has them."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = np.unique(category_codes(column))
        return _names_of_codes(codes, np.asarray(column.cat.categories, dtype=object))
    return tuple(sorted(map(str, pd.unique(column.astype(str)))))


def _names_of_codes(codes: np.ndarray, categories: np.ndarray) -> tuple[str, ...]:
    """Sorted names of distinct, ascending category codes (−1, a missing value, is "nan")."""
    names = categories[codes[codes >= 0]]
    return tuple(sorted({*map(str, names), *(["nan"] if codes.size and codes[0] < 0 else [])}))


@dataclass(frozen=True)
class GroupedSeries:
    """Every KPI's series and segments from one grouped pass over the observations.

    An audit of many KPIs would otherwise select each KPI's rows and group them on their
    own — a fixed cost per KPI that dominated folders of hundreds of KPIs.
    """

    segments: dict[str, tuple[str, ...]]
    """Each KPI id's distinct segments (as :func:`segment_names` gives them)."""
    series: dict[str, Series]
    """Each asked-for KPI id's series (``mean`` and ``sum`` aggregates only)."""


def group_series(frame: pd.DataFrame, wanted: Mapping[str, tuple[str, str]]) -> GroupedSeries:
    """Segments of every KPI in ``frame``, and the series of each ``wanted`` id
    (id → (aggregate, granularity)) whose aggregate is ``mean`` or ``sum``.

    ``frame`` has the columns of :class:`~valaudit.model.observations.Observations`;
    :func:`group_columns` does the work, on its columns.
    """
    kpi_column, segment_column = (
        column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
        for column in (frame["kpi"], frame["segment"])
    )
    columns = {
        "kpi": kpi_column.array,
        "segment": segment_column.array,
        "period_number": frame["period_number"].to_numpy(),
        "value": frame["value"].to_numpy(),
        "period": frame["period"].to_numpy(),
    }
    return group_columns(columns, wanted)


def group_columns(
    columns: Mapping[str, Any], wanted: Mapping[str, tuple[str, str]]
) -> GroupedSeries:
    """:func:`group_series` of observations given column by column (``kpi`` and
    ``segment`` as ``pd.Categorical``; ``period_number``, ``value`` and ``period`` as
    arrays), as :attr:`Observations.columns <valaudit.model.observations.Observations>`
    holds them.

    :func:`aggregate_series` on one KPI's rows gives the same series, to the last bit:
    pandas adds a group's values in row order, but with one of two methods — numpy's
    ``reduceat`` when the group numbers come in ascending order (and no value is missing),
    compensated summation otherwise — so KPIs whose rows come in period order are grouped
    in one pass and the others in another, each KPI getting the method it would alone.
    """
    kpi_column, segment_column = columns["kpi"], columns["segment"]
    kpi_names = np.asarray(kpi_column.categories, dtype=object)
    kpi_codes = category_codes(kpi_column).astype(np.int64)
    segment_categories = np.asarray(segment_column.categories, dtype=object)
    segment_codes = category_codes(segment_column).astype(np.int64)
    pairs = np.unique(kpi_codes * (len(segment_categories) + 1) + segment_codes + 1)
    pair_kpis = pairs // (len(segment_categories) + 1)
    pair_segments = pairs % (len(segment_categories) + 1) - 1
    bounds = np.flatnonzero(np.diff(pair_kpis)) + 1
    segments = {
        str(kpi_names[codes[0]]): _names_of_codes(names, segment_categories)
        for codes, names in zip(
            np.split(pair_kpis, bounds), np.split(pair_segments, bounds), strict=True
        )
        if codes.size and codes[0] >= 0
    }
    code_of = {str(name): code for code, name in enumerate(kpi_names)}
    codes_wanted = {
        code_of[kpi]: (kpi, aggregate, granularity)
        for kpi, (aggregate, granularity) in wanted.items()
        if aggregate in ("mean", "sum") and kpi in code_of
    }
    series: dict[str, Series] = {}
    if not codes_wanted or not len(kpi_codes):
        return GroupedSeries(segments, series)
    rows = np.flatnonzero(np.isin(kpi_codes, np.fromiter(codes_wanted, dtype=np.int64)))
    # Each KPI's rows together, in file order within the KPI.
    rows = rows[np.argsort(kpi_codes[rows], kind="stable")]
    numbers = columns["period_number"]
    values = np.asarray(columns["value"], dtype=np.float64)
    codes = kpi_codes[rows]
    same_kpi = codes[1:] == codes[:-1]
    unordered = codes[1:][same_kpi & (np.diff(numbers[rows]) < 0)]
    with_gaps = codes[np.isnan(values[rows])]
    compensated = np.isin(codes, np.union1d(unordered, with_gaps))
    periods = np.asarray(columns["period"])
    for part in (rows[~compensated], np.sort(rows[compensated])):
        if len(part):
            _series_of_rows(
                part, kpi_codes, numbers, values, periods, codes_wanted, segments, series
            )
    return GroupedSeries(segments, series)


def _series_of_rows(
    rows: np.ndarray,
    kpi_codes: np.ndarray,
    numbers: np.ndarray,
    values: np.ndarray,
    periods: np.ndarray,
    codes_wanted: Mapping[int, tuple[str, str, str]],
    segments: Mapping[str, tuple[str, ...]],
    series: dict[str, Series],
) -> None:
    """Add the series of the KPIs of ``rows`` (positions in the frame) to ``series``."""
    lowest = int(numbers[rows].min())
    span = int(numbers[rows].max()) - lowest + 1
    key = kpi_codes[rows] * span + (numbers[rows] - lowest)
    keys, first, means, sums, counts = _grouped_stats(key, values[rows])
    # Each group's period start, as a day: converted to dates all at once, not row by row.
    days = periods[rows[first]].astype("datetime64[D]")
    group_kpis = keys // span
    starts = np.flatnonzero(np.concatenate(([True], np.diff(group_kpis) != 0)))
    ends = np.append(starts[1:], len(keys))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        kpi, aggregate, granularity = codes_wanted[int(group_kpis[start])]
        chosen = days[start:end]
        incomplete: tuple[str, ...] = ()
        if aggregate == "sum":
            complete = counts[start:end] >= len(segments[kpi])
            incomplete = tuple(period_label(day, granularity) for day in chosen[~complete].tolist())
            chosen, kpi_values = chosen[complete], sums[start:end][complete]
        else:
            kpi_values = means[start:end].copy()
        series[kpi] = Series(
            granularity=granularity,
            starts=tuple(chosen.tolist()),
            positions=_period_indices(chosen, granularity),
            values=kpi_values,
            segments=segments[kpi],
            incomplete=incomplete,
        )


#: ``date.toordinal()`` of 1970-01-01, where numpy's days count from.
_EPOCH_ORDINAL = 719_163


def _period_indices(days: np.ndarray, granularity: str) -> np.ndarray:
    """:func:`~valaudit.load.periods.period_index` of each of ``days`` (``datetime64[D]``),
    the same integers, from the arrays at once."""
    if granularity in ("M", "Q"):
        months = days.astype("datetime64[M]").astype(np.int64) + 1970 * 12
        return months if granularity == "M" else months // 3
    if granularity == "Y":
        return days.astype("datetime64[Y]").astype(np.int64) + 1970
    ordinals = days.astype(np.int64) + _EPOCH_ORDINAL
    return ordinals // 7 if granularity == "W" else ordinals


def _grouped_stats(
    key: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct keys (sorted), the position of each one's first row, and each group's
    mean, sum and count of values, to the bit as pandas' grouped ``mean``, ``sum`` and
    ``count`` give them.

    Keys in ascending order with no missing value are where pandas itself sums with numpy's
    ``add.reduceat`` and divides by the group sizes: that is done here directly, without
    building a groupby (which costs more than the sums on a batch folder's table). Any other
    key order goes through pandas' compensated summation.
    """
    if not len(key) or (np.all(key[1:] >= key[:-1]) and not np.isnan(values).any()):
        first = (
            np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else key[:0]
        )
        sums = np.add.reduceat(values, first) if len(key) else values[:0]
        counts = np.diff(first, append=len(key))
        return key[first], first, sums / counts.astype(np.float64), sums, counts
    keys, first = np.unique(key, return_index=True)
    grouped = pd.Series(values).groupby(key, sort=True)
    means = grouped.mean().to_numpy(np.float64)
    sums = grouped.sum().to_numpy(np.float64)
    counts = grouped.count().to_numpy()
    return keys, first, means, sums, counts


def missing_periods(series: Series) -> tuple[str, ...]:
    """Labels of the periods between the first and last value that have none."""
    return series.missing


def _missing_periods(series: Series) -> tuple[str, ...]:
    if len(series) < 2 or series.granularity == "D":
        return ()
    present = set(series.positions.tolist())
    if len(present) == int(series.positions[-1]) - int(series.positions[0]) + 1:
        return ()  # every period from the first to the last is there
    first = series.starts[0]
    missing = []
    from valaudit.load.periods import step

    current = first
    for position in range(int(series.positions[0]), int(series.positions[-1]) + 1):
        if position not in present:
            missing.append(period_label(current, series.granularity))
        current = step(current, series.granularity)
    return tuple(missing)
