"""The KPI data of one audit folder, typed and normalised."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd


def category_codes(column: pd.Series | pd.Categorical) -> np.ndarray:
    """The integer codes of a categorical column (−1 for a missing value), as an array.

    The same numbers as ``column.cat.codes``, without the accessor and the Series it builds:
    on the small tables of a batch folder those cost more than the work done with the codes.
    """
    values = column.array if isinstance(column, pd.Series) else column
    codes: np.ndarray = values.codes
    return codes


@dataclass(frozen=True)
class Observations:
    """Every valid observation of the folder's tables.

    ``columns`` holds them column by column: ``kpi`` and ``segment`` (``pd.Categorical``;
    segment '' when the table has none), ``period`` (datetime64, the start of the period),
    ``value`` (float64), ``source`` (index into ``sources``), ``row`` (the user's row
    number), ``column`` (``pd.Categorical``: the header the value came from) and
    ``period_number`` (int64: the period counted in its KPI's period length, so that
    consecutive periods differ by one). ``frame`` is the same as a DataFrame.

    The checks and the series work on the arrays: on a batch folder's small table, every
    DataFrame operation costs more than the work it does, and most folders never need
    the DataFrame at all.
    """

    columns: dict[str, Any]
    """Column name → array (numpy, or ``pd.Categorical``), every one as long as the others."""
    sources: tuple[Source, ...]
    granularity: dict[str, str]
    """Period length per KPI id: D, W, M, Q or Y."""
    rows_read: int
    """Data rows read from all tables (before dropping empty cells)."""

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The columns as one DataFrame, built the first time it is asked for."""
        return pd.DataFrame(self.columns, copy=False)

    def __len__(self) -> int:
        return len(self.columns["value"])

    def series_keys(self) -> tuple[np.ndarray, np.ndarray, int]:
        """:func:`series_keys` of the columns (callers must not change the arrays). Kept
        for tables of up to ``KEPT_KEYS_ROWS`` rows, where working them out again for each
        check (duplicates, gaps, plausibility) costs more than the checks; not beyond: two
        integers a row, which for millions of rows is more memory than the few checks that
        use them save in time."""
        if len(self) <= KEPT_KEYS_ROWS:
            return self._kept_series_keys
        return series_keys(self.columns)

    @cached_property
    def _kept_series_keys(self) -> tuple[np.ndarray, np.ndarray, int]:
        return series_keys(self.columns)

    @cached_property
    def repeated(self) -> np.ndarray | None:
        """Per row, whether an earlier row has the same KPI, segment and period (None when
        no row does, as nearly always): :func:`unique_positions` of the series keys, worked
        out once for the duplicate and the gap checks."""
        return unique_positions(self.series_keys()[1])


#: Series keys are kept for observations of up to this many rows (1.6 MB of keys).
KEPT_KEYS_ROWS = 100_000
#: Up to this many keys, a sort tells whether they are unique faster than hashing them.
_SORTED_BELOW = 100_000


def unique_positions(keys: np.ndarray) -> np.ndarray | None:
    """Positions of repeated keys after their first (None when all are unique).

    An export sorted by KPI, segment and period has strictly increasing keys: one pass
    proves it; any other order is checked by sorting a copy (a small table) or by hashing.
    """
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        return None
    if len(keys) <= _SORTED_BELOW:
        ordered = np.sort(keys)
        if bool(np.all(ordered[1:] > ordered[:-1])):
            return None
    repeated = pd.Series(keys).duplicated().to_numpy()
    return repeated if repeated.any() else None


def series_keys(columns: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, int]:
    """Per row, its series (KPI, segment) as one integer and (series, period) as another.

    Also returns the number of series codes per KPI code, to turn a series back into its
    KPI and segment. Integer keys make the duplicate and gap checks a few passes over
    arrays instead of hashing tuples of text and dates. ``columns`` are those of
    :class:`Observations`.
    """
    width = len(columns["segment"].categories) + 1  # segment code -1 (none) becomes 0
    # Built in place: each full-length temporary of a 5-million-row table is 40 MB.
    series = category_codes(columns["kpi"]).astype(np.int64)
    series *= width
    series += category_codes(columns["segment"])
    series += 1
    number = columns["period_number"]
    if not len(number):
        return series, number, width
    low, span = number.min(), number.max() - number.min() + 1
    if series.max() >= np.iinfo(np.int64).max // span:  # dates centuries apart: renumber
        number, distinct = pd.factorize(number)
        low, span = 0, len(distinct)
    keys = series * span
    keys += number
    keys -= low
    return series, keys, width


@dataclass(frozen=True)
class Source:
    """A table the observations came from."""

    file: str
    sheet: str | None
