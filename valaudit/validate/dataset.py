"""Combining a folder's tables into one set of observations: period lengths, duplicates.

These run on the combined typed tables with vectorized pandas operations; only the rows
that are reported are touched one by one. The checks against the thesis (ids, comparison
segments, gaps) are in :mod:`valaudit.validate.against_thesis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import period_label
from valaudit.model.observations import Observations, Source, category_codes
from valaudit.validate.dense_codes import factorized
from valaudit.validate.period_lengths import granularities
from valaudit.validate.table import TypedTable
from valaudit.validate.table_cells import GRAINS

#: The columns of a typed table.
_TABLE_COLUMNS = ("kpi", "segment", "start", "granularity", "value", "row", "column")
_GRAIN_WORDS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}


def combine(tables: Sequence[TypedTable], rows_read: int, log: ProblemLog) -> Observations:
    """Stack the typed tables, give each KPI one period length and normalise its periods."""
    sources = tuple(Source(t.file, t.sheet) for t in tables)
    table: dict[str, Any]
    if len(tables) == 1:
        # One table (a batch folder's usual case): its columns as they are, no copy and no
        # frame (building one costs more than a small table's checks).
        table = tables[0].columns
        source = np.zeros(len(tables[0]), dtype=np.int16)
    else:
        frames = [table.frame.assign(source=np.int16(index)) for index, table in enumerate(tables)]
        frame = _stack(frames) if frames else pd.DataFrame(columns=[*_TABLE_COLUMNS, "source"])
        source = frame["source"].to_numpy()
        # Each column taken out once (a frame's column lookup costs more than a small
        # table's work with it).
        table = dict(frame.items())
    kpi = _categorical(table["kpi"])
    ids = _distinct_ids(kpi)
    if ids > limits.MAX_DATA_KPIS:
        # Checked before the per-KPI work below, which is linear in the number of ids.
        _too_many_kpis(ids, tables, log)
        table = {name: column[0:0] for name, column in table.items()}
        kpi, source = kpi[0:0], source[0:0]
    # The typed tables' columns have these types already (only a frame of no table lacks
    # them); converting a column to its own type would copy it for nothing.
    start = table["start"]
    if start.dtype != "datetime64[s]":
        start = pd.to_datetime(start).astype("datetime64[s]")
    table_columns = {
        "kpi": kpi,
        "granularity": _categorical(table["granularity"]),
        "start": np.asarray(start),
        "row": np.asarray(table["row"]),
        "source": source,
    }
    period_columns = [table.period_column for table in tables]
    granularity, row_grains = granularities(table_columns, sources, period_columns, log)
    counters, periods = _period_numbers(table_columns["start"], row_grains)
    keep = row_grains > 0
    columns = {
        "kpi": kpi,
        "segment": _categorical(table["segment"]),
        "period": periods,
        "value": np.asarray(table["value"]),
        "row": table_columns["row"],
        "column": _categorical(table["column"]),
        "source": source,
        "period_number": counters,
    }
    if not keep.all():
        columns = {name: values[keep] for name, values in columns.items()}
    # Kept as arrays: the frame is built only if something asks for it (see Observations).
    observations = Observations(
        columns=columns, sources=sources, granularity=granularity, rows_read=rows_read
    )
    _duplicates(observations, log)
    return observations


def _categorical(column: pd.Series | pd.Categorical) -> pd.Categorical:
    """The column's values as a categorical array (as they are, when they are one already)."""
    if isinstance(column, pd.Categorical):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array
    return column.astype("category").array


def _period_numbers(starts: np.ndarray, grains: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, its period number and the first day of its period (NaT where grain is 0).

    Worked out once per distinct (start, grain) pair: a million rows hold a few hundred.
    """
    # Built in place: each full-length temporary of a 5-million-row table is 40 MB.
    key = starts.astype("datetime64[D]").view(np.int64)
    key *= len(GRAINS)
    key += grains
    codes, distinct = factorized(key)
    del key
    distinct_starts = (distinct // len(GRAINS)).astype("datetime64[D]")
    distinct_grains = distinct % len(GRAINS)
    numbers = np.zeros(len(distinct), dtype=np.int64)
    firsts = np.full(len(distinct), np.datetime64("NaT"), dtype="datetime64[s]")
    for grain in _GRAIN_WORDS:
        mask = distinct_grains == GRAINS.index(grain)
        if mask.any():
            numbers[mask] = period_counters(distinct_starts[mask], grain)
            firsts[mask] = _period_starts(numbers[mask], grain)
    return numbers[codes], firsts[codes]


#: Label columns kept as categoricals from the table checks on.
CATEGORICAL_COLUMNS = ("kpi", "segment", "granularity", "column")


def _stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate typed tables, uniting their categoricals instead of re-factorizing text."""
    from pandas.api.types import union_categoricals

    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns = list(CATEGORICAL_COLUMNS)
    united = {
        column: union_categoricals([pd.Categorical(f[column]) for f in frames])
        for column in columns
    }
    # Empty tables add no rows; left out, they cannot sway the result's column types.
    parts = [f.drop(columns=columns) for f in frames if len(f)] or [frames[0].drop(columns=columns)]
    frame = pd.concat(parts, ignore_index=True)
    for column, values in united.items():
        frame[column] = values
    return frame


def _distinct_ids(kpi: pd.Categorical) -> int:
    """KPI ids in use: a category no row uses, or the empty label of a blank kpi cell (a
    problem of its own), is not an id."""
    codes = category_codes(kpi)
    categories = kpi.categories
    in_use = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0
    blank_in_use = "" in categories and bool(in_use[categories.get_loc("")])
    return int(in_use.sum()) - int(blank_in_use)


def _too_many_kpis(count: int, tables: Sequence[TypedTable], log: ProblemLog) -> None:
    widest = max(tables, key=lambda t: t.frame["kpi"].nunique())
    log.error(
        "too_many_kpis",
        f"The data holds {count:,} different KPI ids; valaudit reads at most "
        f"{limits.MAX_DATA_KPIS:,}, far more than a thesis names.",
        widest.file,
        sheet=widest.sheet,
        hint="Check that the kpi column really holds KPI ids (and the layout: long or wide).",
    )


def _period_starts(counters: np.ndarray, grain: str) -> np.ndarray:
    """The first day of each period, from :func:`period_counters` (their inverse)."""
    if grain == "M":
        return counters.astype("datetime64[M]").astype("datetime64[s]")
    if grain == "Q":
        return (counters * 3).astype("datetime64[M]").astype("datetime64[s]")
    if grain == "Y":
        return counters.astype("datetime64[Y]").astype("datetime64[s]")
    if grain == "W":
        # Counters count Monday-to-Sunday weeks; 1970-01-01 was a Thursday.
        return (counters * 7 - 3).astype("datetime64[D]").astype("datetime64[s]")
    return counters.astype("datetime64[D]").astype("datetime64[s]")


def located(observations: Observations, index: int) -> dict[str, object]:
    """The file, sheet, row and column of the observation at position ``index``."""
    columns = observations.columns
    source = observations.sources[int(columns["source"][index])]
    return {
        "file": source.file,
        "sheet": source.sheet,
        "row": int(columns["row"][index]),
        "column": str(columns["column"][index]),
    }


def _describe(location: dict[str, object]) -> str:
    text = f"{location['file']}"
    if location.get("sheet"):
        text += f", sheet '{location['sheet']}'"
    return text + f", row {location['row']}"


def _duplicates(observations: Observations, log: ProblemLog) -> None:
    if observations.repeated is None:
        return
    _, series_period, _ = observations.series_keys()
    frame = observations.frame
    duplicated = pd.Series(series_period).duplicated(keep=False).to_numpy()
    dupes = frame.loc[duplicated]
    for _, group in dupes.groupby(["kpi", "segment", "period"], observed=True, sort=True):
        indices = group.index.to_numpy()
        first = located(observations, int(indices[0]))
        kpi = str(group["kpi"].iat[0])
        segment = str(group["segment"].iat[0])
        period = period_label(
            pd.Timestamp(group["period"].iat[0]).date(), observations.granularity.get(kpi, "D")
        )
        for index in indices[1:]:
            where = located(observations, int(index))
            for_segment = f" for segment '{segment}'" if segment else ""
            log.add(
                Problem(
                    code="duplicate_row",
                    message=f"KPI '{kpi}' has two values for {period}{for_segment}: this row and "
                    f"{_describe(first)}.",
                    hint="Keep one row per KPI, period and segment. Dates in the same "
                    "period (e.g. 2025-03-15 and 2025-03-31 for a monthly KPI) count as the "
                    "same period.",
                    **where,
                )
            )


def period_counters(periods: np.ndarray, grain: str) -> np.ndarray:
    """Vectorized :func:`period_index`: consecutive periods differ by one."""
    days = periods.astype("datetime64[D]")
    if grain == "M":
        return days.astype("datetime64[M]").astype(np.int64)
    if grain == "Q":
        return days.astype("datetime64[M]").astype(np.int64) // 3
    if grain == "Y":
        return days.astype("datetime64[Y]").astype(np.int64)
    if grain == "W":
        return (days.astype(np.int64) + 3) // 7
    return days.astype(np.int64)
