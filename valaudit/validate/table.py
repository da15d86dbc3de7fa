"""Turning a raw table into typed observations, reporting every cell that cannot be read.

The output is the canonical long form shared by both layouts: one row per (KPI, segment,
period) with its value and the row and column it came from, so that later checks
(duplicates, gaps) can point back at the user's own cell.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from valaudit.errors import ProblemLog
from valaudit.load.raw import RawTable, fold
from valaudit.model.thesis import DataSource
from valaudit.validate import read_hints
from valaudit.validate.number_column import Series
from valaudit.validate.table_cells import GRAIN_DTYPE, TableChecker

#: Columns of a typed table.
TYPED_COLUMNS = ("kpi", "segment", "start", "granularity", "value", "row", "column")

#: Columns of the rows whose value cell gives no value (see :attr:`TypedTable.blanks`).
BLANK_COLUMNS = ("kpi", "segment", "start", "granularity", "row", "column", "text", "error")


@dataclass(frozen=True)
class TypedTable:
    """Observations from one table, in the canonical long form."""

    source: DataSource
    file: str
    sheet: str | None
    columns: dict[str, Any]
    """Column name → values (numpy arrays, ``pd.Categorical`` or Series), all as long:
    kpi, segment (str, '' when none), start (date of the label), granularity (D/W/M/Q/Y of
    the label), value (float), row (int), column (the value's header)."""
    period_column: str = "period"
    """The header of the period column, as the user wrote it."""
    seen_kpis: frozenset[str] = frozenset()
    """KPI ids with a row that holds a value or a cell reported as bad: a KPI whose rows were
    all dropped for errors has rows, and is not reported as having none."""
    blanks: pd.DataFrame | None = None
    """Rows with a KPI and a period but no value: the cell is empty, says so (``n/a``,
    ``-``; ``text`` holds what it says) or was reported as bad (``error`` True). Columns
    :data:`BLANK_COLUMNS`; None when there are none. The gap check tells these periods from
    periods without a row."""

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The columns as one DataFrame, built the first time it is asked for: a folder of
        one table (a batch folder's usual case) never needs it, and building it costs more
        than such a table's checks."""
        return pd.DataFrame(self.columns, copy=False)

    def __len__(self) -> int:
        return len(self.columns["row"])


def required_headers(source: DataSource) -> list[str]:
    """Folded headers that identify the header row of this source."""
    names = ["period", "kpi", "value"] if source.layout == "long" else ["period"]
    return [fold(source.columns.get(name, name)) for name in names]


def check_long(raw: RawTable, source: DataSource, log: ProblemLog) -> TypedTable | None:
    checker = TableChecker(raw, source, [], log)
    period = checker.position("period", True)
    kpi = checker.position("kpi", True)
    value = checker.position("value", True)
    segment = checker.position("segment", False)
    if period is None or kpi is None or value is None:
        return None
    used = {period: "period", kpi: "kpi", value: "value"}
    if segment is not None:
        used[segment] = "segment"
    bad = checker.cell_errors(used)
    kpis = checker.labels(kpi, "kpi")
    segments = (
        checker.labels(segment, "segment") if segment is not None else constant(len(raw.rows), "")
    )
    values, no_value = checker.numbers(value, bad, functools.partial(_series, kpis, segments))
    has_value = ~np.isnan(values)
    bad_value = ~has_value & ~no_value
    keep_for_period = has_value | bad_value
    starts, grains, valid = checker.periods(period, keep_for_period)
    missing_kpi = (kpis == "") & has_value
    for index in np.flatnonzero(missing_kpi):
        checker.problem(
            "missing_kpi",
            "The row has a value but no KPI id.",
            row=int(raw.rows[index]),
            column=raw.headers[kpi],
            hint="Fill in the KPI id, or delete the row.",
        )
    keep = has_value & valid & ~missing_kpi
    columns = {
        "kpi": kpis,
        "segment": segments,
        "start": starts,
        "granularity": grains,
        "value": values,
        "row": raw.rows,
    }
    blanks = _blanks(columns, no_value, bad_value, valid & (kpis != ""), raw, value)
    counts = np.bincount(kpis.codes[keep_for_period] + 1, minlength=len(kpis.categories) + 1)
    names = kpis.categories.tolist()
    seen = {str(names[code]) for code in np.flatnonzero(counts[1:]).tolist()} - {""}
    if not keep.all():  # most tables: every row kept, no copy
        columns = {name: column[keep] for name, column in columns.items()}
    columns["column"] = constant(len(columns["row"]), raw.headers[value])
    return TypedTable(
        source, raw.file, raw.sheet, columns, raw.headers[period], frozenset(seen), blanks
    )


def _series(kpis: pd.Categorical, segments: pd.Categorical) -> Series:
    """Per row, a code for its series (KPI and segment), and what each series is called.

    The cells of one series must agree on how they write numbers; series of one KPI in
    different segments may differ in size (a small region and a large one).
    """
    width = len(segments.categories) + 1
    keys = kpis.codes.astype(np.int64) * width + segments.codes.astype(np.int64) + 1
    codes, distinct = pd.factorize(keys)

    def name(code: int) -> str:
        key = int(distinct[code])
        kpi = str(kpis.categories[key // width]) if key >= 0 else ""
        segment = str(segments.categories[key % width - 1]) if key % width else ""
        named = f"KPI '{kpi}'" if kpi else "rows without a KPI"
        return named + (f" (segment '{segment}')" if segment else "")

    return Series(codes.astype(np.int64), name)


def _blanks(
    columns: dict[str, object],
    no_value: np.ndarray,
    bad_value: np.ndarray,
    usable: np.ndarray,
    raw: RawTable,
    position: int,
) -> pd.DataFrame | None:
    """The rows of a usable KPI and period without a value, for the gap check."""
    blank = (no_value | bad_value) & usable
    if not blank.any():
        return None
    texts = raw.frame[position].to_numpy(dtype=object)[blank]
    frame = pd.DataFrame(
        {
            name: np.asarray(columns[name])[blank]
            for name in ("kpi", "segment", "start", "granularity", "row")
        }
    )
    frame["column"] = raw.headers[position]
    frame["text"] = ["" if pd.isna(t) else str(t).strip()[:40] for t in texts]
    frame["error"] = bad_value[blank]
    return frame


def check_wide(
    raw: RawTable, source: DataSource, ids: Sequence[str], log: ProblemLog
) -> TypedTable | None:
    checker = TableChecker(raw, source, ids, log)
    period = checker.position("period", True)
    segment = checker.position("segment", False)
    if period is None:
        return None
    by_header: dict[str, str] = {fold(ident): ident for ident in ids}
    by_header.update(
        {fold(header): ident for ident, header in source.columns.items() if ident in ids}
    )
    kpi_columns: dict[int, str] = {}
    unknown: list[int] = []
    for position, header in enumerate(raw.headers):
        if position in (period, segment):
            continue
        folded = fold(header)
        if folded in by_header:
            kpi_columns[position] = by_header[folded]
        elif not header:
            if raw.frame[position].notna().any():
                checker.problem(
                    "column_without_header",
                    f"Column {position + 1} has values but no header; it was ignored.",
                    severity="warning",
                    row=raw.header_row,
                    hint="Give it a header: a KPI id of the thesis if it holds that KPI.",
                )
        else:
            unknown.append(position)
    unmapped = [ident for ident in ids if ident not in kpi_columns.values()]
    for position in unknown:
        header = raw.headers[position]
        checker.problem(
            "unknown_kpi_column",
            f"The column '{header}' is not a KPI or guardrail of the thesis; it was ignored.",
            severity="warning",
            row=raw.header_row,
            column=header,
            hint=read_hints.unknown_kpi_column(header, source, unmapped),
        )
    used = {period: "period", **dict.fromkeys(kpi_columns, "kpi")}
    if segment is not None:
        used[segment] = "segment"
    bad = checker.cell_errors(used)
    segments = (
        checker.labels(segment, "segment") if segment is not None else constant(len(raw.rows), "")
    )
    read = {}
    for position, kpi in kpi_columns.items():
        series = functools.partial(_series, constant(len(raw.rows), kpi), segments)
        read[position] = checker.numbers(position, bad, series)
    any_value = np.zeros(len(raw.rows), dtype=bool)
    for _values, no_value in read.values():
        any_value |= ~no_value
    starts, grains, valid = checker.periods(period, any_value)
    parts = []
    blank_parts = []
    seen = set()
    for position, (values, no_value) in read.items():
        kpi = kpi_columns[position]
        if (~no_value).any():
            seen.add(kpi)
        keep = ~np.isnan(values) & valid
        columns = {
            "kpi": constant(len(raw.rows), kpi),
            "segment": segments,
            "start": starts,
            "granularity": grains,
            "value": values,
            "row": raw.rows,
        }
        bad_value = np.isnan(values) & ~no_value
        found = _blanks(columns, no_value, bad_value, valid, raw, position)
        if found is not None:
            blank_parts.append(found)
        if not keep.any():
            continue  # an empty part would only sway the column types of the result
        parts.append(
            pd.DataFrame(
                {
                    **{name: column[keep] for name, column in columns.items()},
                    "column": constant(int(keep.sum()), raw.headers[position]),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True) if parts else _empty_frame()
    blanks = pd.concat(blank_parts, ignore_index=True) if blank_parts else None
    return TypedTable(
        source,
        raw.file,
        raw.sheet,
        dict(frame.items()),
        raw.headers[period],
        frozenset(seen),
        blanks,
    )


def constant(length: int, value: str) -> pd.Categorical:
    """A categorical column holding one value: no per-row strings in memory."""
    return pd.Categorical.from_codes(
        np.zeros(length, dtype=np.int8), dtype=_one_value(value), validate=False
    )


@functools.lru_cache(maxsize=256)
def _one_value(value: str) -> pd.CategoricalDtype:
    """The categorical type of one value, made once per process: pandas checks the categories
    each time a type is made, which costs more than a small table's column (types are
    immutable, so columns of many tables can share one)."""
    return pd.CategoricalDtype([value])


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": constant(0, ""),
            "segment": constant(0, ""),
            "start": pd.Series([], dtype="datetime64[s]"),
            "granularity": pd.Categorical.from_codes([], dtype=GRAIN_DTYPE),
            "value": pd.Series([], dtype=np.float64),
            "row": pd.Series([], dtype=np.int64),
            "column": constant(0, ""),
        }
    )
