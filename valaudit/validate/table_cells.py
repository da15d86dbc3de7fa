"""Reading a raw table's cells: labels, periods and values, each bad cell reported.

:class:`TableChecker` gives :mod:`valaudit.validate.table` the columns of one table as
arrays (KPI and segment labels as categoricals, periods as start dates and lengths, values
under their column's number convention), parsing each distinct label once and logging every
cell that cannot be read at its row and column.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import cast

import numpy as np
import pandas as pd

from valaudit.errors import Issue, ProblemLog, Severity
from valaudit.limits import MAX_CELL_CHARS
from valaudit.load.numbers import UNDECIDED
from valaudit.load.periods import Period, parse_period_value, resolve_slash_dates
from valaudit.load.raw import RawTable, fold
from valaudit.model.observations import category_codes
from valaudit.model.thesis import DataSource
from valaudit.validate import read_hints
from valaudit.validate.number_column import Series, ValueColumn, read_value_column

#: ``date.toordinal()`` of 1970-01-01, where numpy's days count from.
_EPOCH_ORDINAL = 719_163
#: The integer of datetime64's NaT.
_NAT = np.iinfo(np.int64).min
#: Granularity codes, "" for a label that is not a period.
GRAINS = ["", "D", "W", "M", "Q", "Y"]
#: The type of a column of granularity codes, built once: pandas checks the categories each
#: time a type is made, which costs more than a small table's column itself.
GRAIN_DTYPE = pd.CategoricalDtype(GRAINS)

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


class TableChecker:
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
            # The categorical's own arrays: the .cat accessor builds a Series for each.
            codes = category_codes(series)
            uniques: Sequence[object] = series.array.categories.tolist()
        else:
            codes, factorized = pd.factorize(series, use_na_sentinel=True)
            uniques = list(factorized)
        categories: list[str] = []
        index_of: dict[str, int] = {}
        # Position len(uniques) stands for an empty cell (code -1 indexes it).
        # As small an integer type as the codes need: the result takes that type, uncopied.
        remap = np.empty(len(uniques) + 1, dtype=np.int32 if len(uniques) >= 2**15 else np.int16)
        if len(uniques) < 2**7:
            remap = remap.astype(np.int8)
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
        return pd.Categorical.from_codes(
            remap[codes], dtype=_labels_type(categories), validate=False
        )

    def periods(
        self, position: int, keep: np.ndarray
    ) -> tuple[np.ndarray, pd.Categorical, np.ndarray]:
        """Parse the period column once per distinct label; report each bad cell.

        Returns (start dates as datetime64[s], granularity codes, valid mask).
        """
        codes, uniques = _distinct(self.raw.frame[position])
        parsed: list[Period | Issue | tuple[int, int, int]] = [
            parse_period_value(value) for value in uniques
        ]
        triples_at = [i for i, p in enumerate(parsed) if isinstance(p, tuple)]
        if triples_at:
            # Only the dates in use decide the reading (a category may have lost its rows).
            in_use = np.zeros(len(parsed) + 1, dtype=bool)
            in_use[codes] = True
            triples_at = [i for i in triples_at if in_use[i]]
            triples = [parsed[i] for i in triples_at]
            day_first, note = resolve_slash_dates(cast("list[tuple[int, int, int]]", triples))
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
                    f"Dates such as {_first_of(uniques, codes, triples_at)!r} were read "
                    f"{note}, the only reading under which they are period starts or ends.",
                    severity="warning",
                    column=self.raw.headers[position],
                    hint="Write dates as YYYY-MM-DD to remove any doubt.",
                )
        # Days since 1970 as integers (a date to datetime64 one by one costs more than a small
        # table's other work with them), in the unit a frame holds them in: converted from
        # days, each column would be copied.
        days = [
            p.start.toordinal() - _EPOCH_ORDINAL if isinstance(p, Period) else _NAT for p in parsed
        ]
        starts = (
            np.array([*days, _NAT], dtype=np.int64).view("datetime64[D]").astype("datetime64[s]")
        )
        grain_codes = np.array(
            [GRAINS.index(p.granularity) if isinstance(p, Period) else 0 for p in parsed] + [0],
            dtype=np.int8,
        )
        start_values = starts[codes]
        grain_values = pd.Categorical.from_codes(
            grain_codes[codes], dtype=GRAIN_DTYPE, validate=False
        )
        valid = (~np.isnat(starts))[codes]
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
        series: Callable[[], Series],
    ) -> tuple[np.ndarray, np.ndarray]:
        """One value column read under its number convention; each bad cell reported.

        ``series`` works out, when a check needs it, the series whose cells must agree with
        each other (a KPI and segment). Returns (values, no_value): values NaN where a cell is
        empty, says there is no value (no_value True) or cannot be read.
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
            find_series=series,
            percent_cells=percent,
            format_hint=read_hints.format_place(self.source),
        )

        def report(index: int, issue: Issue) -> None:
            self.place(issue, int(rows[index]), header)

        return read_value_column(self.raw.frame[position], column, skip, report)


def _distinct(series: pd.Series) -> tuple[np.ndarray, Sequence[object]]:
    """Per cell, a code for its value (-1 where empty), and the values.

    A categorical's own codes and categories, uncopied: no pass over the cells.
    """
    if not isinstance(series.dtype, pd.CategoricalDtype):
        found, uniques = pd.factorize(series, use_na_sentinel=True)
        return found, list(uniques)
    # The categorical's own arrays: the .cat accessor builds a Series for each.
    return category_codes(series), series.array.categories.tolist()


def _first_of(uniques: Sequence[object], codes: np.ndarray, among: list[int]) -> object:
    """Of the values ``among`` (positions in ``uniques``), the one met first in the column."""
    wanted = np.zeros(len(uniques) + 1, dtype=bool)
    wanted[among] = True
    return uniques[int(codes[int(np.argmax(wanted[codes]))])]


def _labels_type(categories: list[str]) -> pd.CategoricalDtype:
    """The categorical type of a label column; the few sets of labels a batch of folders
    repeats (its KPI ids) are typed once, as pandas checks the labels each time a type is
    made."""
    if len(categories) > _REMEMBERED_LABELS:
        return pd.CategoricalDtype(categories)
    return _remembered_labels_type(tuple(categories))


#: Label sets up to this size have their type remembered.
_REMEMBERED_LABELS = 1000


@functools.lru_cache(maxsize=256)
def _remembered_labels_type(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(categories))


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
