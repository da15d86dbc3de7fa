"""The KPI data of one audit folder, typed and normalised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def category_codes(column: pd.Series) -> np.ndarray:
    """The integer codes of a categorical column (−1 for a missing value), as an array.

    The same numbers as ``column.cat.codes``, without the accessor and the Series it builds:
    on the small tables of a batch folder those cost more than the work done with the codes.
    """
    codes: np.ndarray = column.array.codes
    return codes


@dataclass(frozen=True)
class Source:
    """A table the observations came from."""

    file: str
    sheet: str | None


@dataclass(frozen=True)
class Observations:
    """Every valid observation of the folder's tables.

    ``frame`` columns: ``kpi`` and ``segment`` (categorical; segment '' when the table has
    none), ``period`` (datetime64, the start of the period), ``value`` (float64), ``source``
    (index into ``sources``), ``row`` (the user's row number), ``column`` (the header the
    value came from) and ``period_number`` (int64: the period counted in its KPI's period
    length, so that consecutive periods differ by one).
    """

    frame: pd.DataFrame
    sources: tuple[Source, ...]
    granularity: dict[str, str]
    """Period length per KPI id: D, W, M, Q or Y."""
    rows_read: int
    """Data rows read from all tables (before dropping empty cells)."""
