"""Turning a raw table into typed observations, reporting every cell that cannot be read.

The output is the canonical long form shared by both layouts: one row per (KPI, segment,
period) with its value and the row and column it came from, so that later checks
(duplicates, gaps) can point back at the user's own cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valaudit.errors import Issue, ProblemLog, Severity
from valaudit.limits import MAX_CELL_CHARS
from valaudit.load.numbers import UNDECIDED
from valaudit.load.periods import Period, parse_period_value, resolve_slash_dates
from valaudit.load.raw import RawTable, fold
from valaudit.model.thesis import DataSource
from valaudit.validate import read_hints
from valaudit.validate.number_column import ValueColumn, read_value_column

#: Granularity codes, "" for a label that is not a period.
GRAINS = ["", "D", "W", "M", "Q", "Y"]

#: Columns of a typed table.
TYPED_COLUMNS = ("kpi", "segment", "start", "granularity", "value", "row", "column")

_CELL_ERROR_TEXT = {
    "excel_error_cell": (
        "The cell holds the Excel error {detail}, not a value.",
        "Fix the formula in the workbook, or leave the cell empty if the value is not known.",
    ),
    "uncached_formula": (
        "The cell holds a formula (={detail}) that has never been calculated, so it has no "
        "value to read. This happens when a program wrote the workbook and Excel never "
        "opened it.",
        "Open the file in Excel and save it (Excel then stores the results), or paste the "
        "column as values.",
    ),
    "extra_cells": (
        "The row has more cells than the header ({detail} beyond the last column).",
        'Is there a comma inside a number or a name? Quote such cells, e.g. "1,234", or '
        "export with a semicolon delimiter.",
    ),
}
#: The hint for extra cells in a semicolon-separated file, where commas are not the cause.
_EXTRA_CELLS_SEMICOLON = (
    'Is there a semicolon inside a name or a note? Quote such cells ("a; b"), or delete the '
    "cells beyond the last column."
)


#: Columns of the rows whose value cell gives no value (see :attr:`TypedTable.blanks`).
BLANK_COLUMNS = ("kpi", "segment", "start", "granularity", "row", "column", "text", "error")


@dataclass(frozen=True)
class TypedTable:
    """Observations from one table, in the canonical long form."""

    source: DataSource
    file: str
    sheet: str | None
    frame: pd.DataFrame
    """Columns: kpi, segment (str, '' when none), start (date of the label), granularity
    (D/W/M/Q/Y of the label), value (float), row (int), column (the value's header)."""
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


def required_headers(source: DataSource) -> list[str]:
    """Folded headers that identify the header row of this source."""
    names = ["period", "kpi", "value"] if source.layout == "long" else ["period"]
    return [fold(source.columns.get(name, name)) for name in names]


class _TableChecker:
    def __init__(
        self, raw: RawTable, source: DataSource, ids: Sequence[str], log: ProblemLog
    ) -> None:
        self.raw = raw
        self.source = source
        self.ids = list(ids)
        self.log = log
        self.folded = [fold(h) for h in raw.headers]

    def problem(
        self,
        code: str,
        message: str,
        *,
        severity: str = "error",
        hint: str | None = None,
        **where: object,
    ) -> None:
        level: Severity = "warning" if severity == "warning" else "error"
        self.log.place(
            Issue(code, message, hint, level), self.raw.file, sheet=self.raw.sheet, **where
        )

    def place(self, issue: Issue, row: int, column: str) -> None:
        """Log a cell's issue at its row and column."""
        self.log.place(issue, self.raw.file, sheet=self.raw.sheet, row=row, column=column)

    def position(self, name: str, required: bool) -> int | None:
        """Column position of canonical ``name`` (via the mapping), reporting misses."""
        header = self.source.columns.get(name, name)
        matches = [i for i, h in enumerate(self.folded) if h == fold(header)]
        if len(matches) > 1:
            self.problem(
                "duplicate_header",
                f"The header '{header}' appears {len(matches)} times in the header row.",
                row=self.raw.header_row,
                column=self.raw.headers[matches[1]],
                hint="Rename or delete the extra column so each header is unique.",
            )
        if matches:
            return matches[0]
        if required:
            present = [h for h in self.raw.headers if h]
            self.problem(
                "column_missing",
                f"The table has no '{header}' column (needed for {name}). Its headers are: "
                + ", ".join(repr(h) for h in present[:20])
                + ".",
                row=self.raw.header_row,
                hint=read_hints.column_missing(name, header, present, self.source),
            )
        return None

    def cell_errors(self, used: dict[int, str]) -> set[tuple[int, int]]:
        """Report the reader's known-bad cells in used columns; return their (row, position)."""
        bad: set[tuple[int, int]] = set()
        for row, position, code, detail in self.raw.cell_errors:
            if code == "extra_cells":
                message, hint = _CELL_ERROR_TEXT[code]
                if self.raw.decimal == ",":  # a semicolon-separated file
                    hint = _EXTRA_CELLS_SEMICOLON
                self.problem(code, message.format(detail=detail), row=row, hint=hint)
                continue
            if position not in used:
                continue
            message, hint = _CELL_ERROR_TEXT[code]
            self.problem(
                code,
                message.format(detail=detail),
                row=row,
                column=self.raw.headers[position],
                hint=hint,
            )
            bad.add((row, position))
        return bad

    def labels(self, position: int, what: str) -> pd.Categorical:
        """A label column (kpi, segment) as stripped text, '' where empty.

        Built as a categorical from the distinct labels, so that no later step has to
        factorize a million strings again. A label longer than ``MAX_CELL_CHARS`` is reported
        at its row and cut short, so that a megabyte pasted into a cell never reaches a
        message or a report whole.
        """
        series = self.raw.frame[position]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            uniques: Sequence[object] = list(series.cat.categories)
        else:
            codes, factorized = pd.factorize(series, use_na_sentinel=True)
            uniques = list(factorized)
        categories: list[str] = []
        index_of: dict[str, int] = {}
        # Position len(uniques) stands for an empty cell (code -1 indexes it).
        remap = np.empty(len(uniques) + 1, dtype=np.int64)
        for unique, value in enumerate([*uniques, None]):
            text = _label_text(value)
            if len(text) > MAX_CELL_CHARS:
                for index in np.flatnonzero(codes == unique).tolist():
                    self.problem(
                        "cell_too_large",
                        f"The {what} cell holds {len(text):,} characters; a {what} is a short "
                        "label.",
                        row=int(self.raw.rows[index]),
                        column=self.raw.headers[position],
                        hint="Check for text pasted into the column.",
                    )
                text = text[:60] + "..."
            if text not in index_of:
                index_of[text] = len(categories)
                categories.append(text)
            remap[unique] = index_of[text]
        return pd.Categorical.from_codes(remap[codes], categories=categories)

    def periods(
        self, position: int, keep: np.ndarray
    ) -> tuple[np.ndarray, pd.Categorical, np.ndarray]:
        """Parse the period column once per distinct label; report each bad cell.

        Returns (start dates as datetime64[D], granularity codes, valid mask).
        """
        series = self.raw.frame[position]
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        parsed: list[Period | Issue | tuple[int, int, int]] = [
            parse_period_value(value) for value in uniques
        ]
        triple_at = [i for i, p in enumerate(parsed) if isinstance(p, tuple)]
        triples = [p for p in parsed if isinstance(p, tuple)]
        if triples:
            day_first, note = resolve_slash_dates(triples)
            for index, item in enumerate(parsed):
                if not isinstance(item, tuple):
                    continue
                a, b, year = item
                if day_first is None:
                    parsed[index] = Issue(
                        "ambiguous_period",
                        f"{uniques[index]!r} could be day-first or month-first, and the column "
                        "does not say which.",
                        "Format the column as dates in Excel (or write them as YYYY-MM-DD)."
                        if self.raw.sheet is not None
                        else "Write dates as YYYY-MM-DD (2025-04-03), which can be read only "
                        "one way.",
                    )
                    continue
                day, month = (a, b) if day_first else (b, a)
                reading = "day first" if day_first else "month first"
                try:
                    parsed[index] = Period(dt.date(year, month, day), "D")
                except ValueError:
                    parsed[index] = Issue(
                        "bad_period",
                        f"{uniques[index]!r} is not a real date (read {reading}, as the column's "
                        "other dates are).",
                        "Check the day and the month, or write dates as YYYY-MM-DD.",
                    )
            if note is not None:
                self.problem(
                    "period_format_assumed",
                    f"Dates such as {uniques[triple_at[0]]!r} were read "
                    f"{note}, the only reading under which they are period starts or ends.",
                    severity="warning",
                    column=self.raw.headers[position],
                    hint="Write dates as YYYY-MM-DD to remove any doubt.",
                )
        starts = np.array(
            [
                np.datetime64(p.start, "D") if isinstance(p, Period) else np.datetime64("NaT")
                for p in parsed
            ]
            + [np.datetime64("NaT")],
            dtype="datetime64[D]",
        )
        grain_codes = np.array(
            [GRAINS.index(p.granularity) if isinstance(p, Period) else 0 for p in parsed] + [0]
        )
        start_values = starts[codes]
        grain_values = pd.Categorical.from_codes(grain_codes[codes], categories=GRAINS)
        valid = ~np.isnat(start_values)
        bad_rows = np.flatnonzero(~valid & keep)
        for index in bad_rows.tolist():
            code = int(codes[index])
            error = (
                parsed[code]
                if code >= 0
                else Issue(
                    "missing_period",
                    "The period is empty.",
                    "Give the row its period, or delete the row.",
                )
            )
            assert isinstance(error, Issue)
            self.place(error, int(self.raw.rows[index]), self.raw.headers[position])
        return start_values, grain_values, valid

    def numbers(
        self,
        position: int,
        bad_cells: set[tuple[int, int]],
        groups: np.ndarray,
        group_names: Sequence[str],
    ) -> tuple[np.ndarray, np.ndarray]:
        """One value column read under its number convention; each bad cell reported.

        ``groups`` (a code per row, -1 for none) are the series whose cells must agree with
        each other: the KPIs of a long table. Returns (values, no_value): values NaN where a
        cell is empty, says there is no value (no_value True) or cannot be read.
        """
        rows = self.raw.rows
        header = self.raw.headers[position]
        percent = np.zeros(len(rows), dtype=bool)
        percent[_indices_of(rows, [r for r, c in self.raw.percent_cells if c == position])] = True
        skip = np.zeros(len(rows), dtype=bool)
        skip[_indices_of(rows, [r for r, c in bad_cells if c == position])] = True
        excel = self.raw.sheet is not None
        column = ValueColumn(
            header=header,
            rows=rows,
            excel=excel,
            default_decimal=UNDECIDED if self.raw.decimal == "," else ".",
            number_format=self.source.number_format,
            groups=groups,
            group_names=group_names,
            percent_cells=percent,
            format_hint=read_hints.format_place(self.source),
        )

        def report(index: int, issue: Issue) -> None:
            self.place(issue, int(rows[index]), header)

        return read_value_column(self.raw.frame[position], column, skip, report)


def _indices_of(rows: np.ndarray, wanted: Sequence[int]) -> np.ndarray:
    """Frame positions of the given user row numbers (``rows`` is ascending)."""
    if not wanted:
        return np.array([], dtype=np.int64)
    targets = np.asarray(sorted(wanted), dtype=np.int64)
    found = np.searchsorted(rows, targets)
    found = found[found < len(rows)]
    return found[np.isin(rows[found], targets)]


def _label_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def check_long(raw: RawTable, source: DataSource, log: ProblemLog) -> TypedTable | None:
    checker = _TableChecker(raw, source, [], log)
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
    groups, names = _series_groups(kpis, segments)
    values, no_value = checker.numbers(value, bad, groups, names)
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
    seen = {str(label) for label in kpis[keep_for_period & (kpis != "")].unique()}
    if not keep.all():  # most tables: every row kept, no copy
        columns = {name: column[keep] for name, column in columns.items()}
    frame = pd.DataFrame(
        {**columns, "column": constant(len(columns["row"]), raw.headers[value])}, copy=False
    )
    return TypedTable(
        source, raw.file, raw.sheet, frame, raw.headers[period], frozenset(seen), blanks
    )


def _series_groups(kpis: pd.Categorical, segments: pd.Categorical) -> tuple[np.ndarray, list[str]]:
    """Per row, a code for its series (KPI and segment), and what each series is called.

    The cells of one series must agree on how they write numbers; series of one KPI in
    different segments may differ in size (a small region and a large one).
    """
    width = len(segments.categories) + 1
    keys = kpis.codes.astype(np.int64) * width + segments.codes.astype(np.int64) + 1
    codes, distinct = pd.factorize(keys)
    names = []
    for key in distinct.tolist():
        kpi = str(kpis.categories[key // width]) if key >= 0 else ""
        segment = str(segments.categories[key % width - 1]) if key % width else ""
        name = f"KPI '{kpi}'" if kpi else "rows without a KPI"
        names.append(name + (f" (segment '{segment}')" if segment else ""))
    return codes.astype(np.int64), names


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
    checker = _TableChecker(raw, source, ids, log)
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
        groups, names = _series_groups(constant(len(raw.rows), kpi), segments)
        read[position] = checker.numbers(position, bad, groups, names)
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
        source, raw.file, raw.sheet, frame, raw.headers[period], frozenset(seen), blanks
    )


def constant(length: int, value: str) -> pd.Categorical:
    """A categorical column holding one value: no per-row strings in memory."""
    return pd.Categorical.from_codes(np.zeros(length, dtype=np.int8), categories=[value])


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": constant(0, ""),
            "segment": constant(0, ""),
            "start": pd.Series([], dtype="datetime64[s]"),
            "granularity": pd.Categorical.from_codes([], categories=GRAINS),
            "value": pd.Series([], dtype=np.float64),
            "row": pd.Series([], dtype=np.int64),
            "column": constant(0, ""),
        }
    )
