"""The KPI data of one audit folder, typed and normalised."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


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
