"""From observations to one series per KPI: segments combined per period.

``aggregate`` says how: ``mean`` of the segments reporting that period, ``sum`` of all
segments (a period where a segment is missing is left out rather than under-counted), or
``last``, the last row of that period in file order (e.g. a total row after the segments).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from valaudit.load.periods import period_index, period_label


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
        return tuple(period_label(start, self.granularity) for start in self.starts)

    def labels(self) -> list[str]:
        return list(self._labels)

    @cached_property
    def start_days(self) -> np.ndarray:
        """The period starts as ``datetime64[D]``, to compare with a date at once."""
        return np.array([np.datetime64(s, "D") for s in self.starts], dtype="datetime64[D]")

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """Labels of the periods between the first and last value that have none."""
        return _missing_periods(self)


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
        codes = np.unique(column.cat.codes.to_numpy())
        names = np.asarray(column.cat.categories, dtype=object)[codes[codes >= 0]]
        return tuple(sorted({*map(str, names), *(["nan"] if codes.size and codes[0] < 0 else [])}))
    return tuple(sorted(map(str, pd.unique(column.astype(str)))))


def missing_periods(series: Series) -> tuple[str, ...]:
    """Labels of the periods between the first and last value that have none."""
    return series.missing


def _missing_periods(series: Series) -> tuple[str, ...]:
    if len(series) < 2 or series.granularity == "D":
        return ()
    present = set(series.positions.tolist())
    first = series.starts[0]
    missing = []
    from valaudit.load.periods import step

    current = first
    for position in range(int(series.positions[0]), int(series.positions[-1]) + 1):
        if position not in present:
            missing.append(period_label(current, series.granularity))
        current = step(current, series.granularity)
    return tuple(missing)
