"""Combining a folder's tables into one set of observations: period lengths, duplicates.

These run on the combined typed tables with vectorized pandas operations; only the rows
that are reported are touched one by one. The checks against the thesis (ids, comparison
segments, gaps) are in :mod:`valaudit.validate.against_thesis`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import period_label
from valaudit.model.observations import Observations, Source, category_codes
from valaudit.validate.period_lengths import granularities
from valaudit.validate.table import TypedTable
from valaudit.validate.table_cells import GRAINS

_GRAIN_WORDS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}


def combine(tables: Sequence[TypedTable], rows_read: int, log: ProblemLog) -> Observations:
    """Stack the typed tables, give each KPI one period length and normalise its periods."""
    sources = tuple(Source(t.file, t.sheet) for t in tables)
    frames = [table.frame.assign(source=np.int16(index)) for index, table in enumerate(tables)]
    if frames:
        frame = _stack(frames)
    else:
        frame = pd.DataFrame(
            columns=["kpi", "segment", "start", "granularity", "value", "row", "column", "source"]
        )
    # The typed tables' columns have these types already (only a frame of no table lacks
    # them); converting a column to its own type would copy it for nothing.
    if frame["start"].dtype != "datetime64[s]":
        frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[s]")
    if not isinstance(frame["kpi"].dtype, pd.CategoricalDtype):
        frame["kpi"] = frame["kpi"].astype("category")
    ids = _distinct_ids(frame["kpi"])
    if ids > limits.MAX_DATA_KPIS:
        # Checked before the per-KPI work below, which is linear in the number of ids.
        _too_many_kpis(ids, tables, log)
        frame = frame.iloc[0:0]
    period_columns = [table.period_column for table in tables]
    granularity, row_grains = granularities(frame, sources, period_columns, log)
    counters, periods = _period_numbers(frame["start"].to_numpy(), row_grains)
    keep = row_grains > 0
    columns = {
        "kpi": frame["kpi"].array,
        "segment": _categorical(frame["segment"]),
        "period": periods,
        "value": frame["value"].to_numpy(),
        "row": frame["row"].to_numpy(),
        "column": _categorical(frame["column"]),
        "source": frame["source"].to_numpy(),
        "period_number": counters,
    }
    if not keep.all():
        columns = {name: values[keep] for name, values in columns.items()}
    # Built once, from arrays: assigning, dropping and re-indexing the columns of a
    # million-row frame one at a time copies it each time.
    frame = pd.DataFrame(columns, copy=False)
    _duplicates(frame, sources, granularity, log)
    return Observations(frame=frame, sources=sources, granularity=granularity, rows_read=rows_read)


def _categorical(column: pd.Series) -> pd.Categorical:
    """The column's values as a categorical array (as they are, when they are one already)."""
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
    codes, distinct = pd.factorize(key)
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


def _distinct_ids(kpi: pd.Series) -> int:
    """KPI ids in use: a category no row uses, or the empty label of a blank kpi cell (a
    problem of its own), is not an id."""
    codes = category_codes(kpi)
    in_use = np.bincount(codes[codes >= 0], minlength=len(kpi.cat.categories)) > 0
    return int(in_use.sum()) - int(bool(in_use[kpi.cat.categories == ""].any()))


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


def located(frame: pd.DataFrame, index: int, sources: Sequence[Source]) -> dict[str, object]:
    source = sources[int(frame["source"].iat[index])]
    return {
        "file": source.file,
        "sheet": source.sheet,
        "row": int(frame["row"].iat[index]),
        "column": str(frame["column"].iat[index]),
    }


def _describe(location: dict[str, object]) -> str:
    text = f"{location['file']}"
    if location.get("sheet"):
        text += f", sheet '{location['sheet']}'"
    return text + f", row {location['row']}"


def series_keys(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int]:
    """Per row, its series (KPI, segment) as one integer and (series, period) as another.

    Also returns the number of series codes per KPI code, to turn a series back into its
    KPI and segment. Integer keys make the duplicate and gap checks a few passes over
    arrays instead of hashing tuples of text and dates.
    """
    width = len(frame["segment"].cat.categories) + 1  # segment code -1 (none) becomes 0
    # Built in place: each full-length temporary of a 5-million-row table is 40 MB.
    series = category_codes(frame["kpi"]).astype(np.int64)
    series *= width
    series += category_codes(frame["segment"])
    series += 1
    number = frame["period_number"].to_numpy()
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


def unique_positions(keys: np.ndarray) -> np.ndarray | None:
    """Positions of repeated keys after their first (None when all are unique).

    An export sorted by KPI, segment and period has strictly increasing keys: one pass
    proves it; any other order is checked by hashing.
    """
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        return None
    repeated = pd.Series(keys).duplicated().to_numpy()
    return repeated if repeated.any() else None


def _duplicates(
    frame: pd.DataFrame, sources: Sequence[Source], granularity: dict[str, str], log: ProblemLog
) -> None:
    keys = ["kpi", "segment", "period"]
    _, series_period, _ = series_keys(frame)
    if unique_positions(series_period) is None:
        return
    duplicated = pd.Series(series_period).duplicated(keep=False).to_numpy()
    dupes = frame.loc[duplicated]
    for _, group in dupes.groupby(keys, observed=True, sort=True):
        indices = group.index.to_numpy()
        first = located(frame, int(indices[0]), sources)
        kpi = str(group["kpi"].iat[0])
        segment = str(group["segment"].iat[0])
        period = period_label(
            pd.Timestamp(group["period"].iat[0]).date(), granularity.get(kpi, "D")
        )
        for index in indices[1:]:
            where = located(frame, int(index), sources)
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
