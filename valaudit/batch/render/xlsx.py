"""The portfolio as an Excel workbook: a ``Portfolio`` sheet (one row per folder, filterable)
and a ``Totals`` sheet.

Every text cell is stored as a string, never as a formula: openpyxl would otherwise write a
value starting with ``=`` as a live formula, and a client's initiative name could then run in
the partner's Excel. Ratios are real numbers shown as percentages, money real numbers, so
the sheet sums and sorts. The file is byte-for-byte reproducible: the document dates and the
zip entries' timestamps are fixed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from valaudit.batch.render.people import change_lines
from valaudit.batch.render.table import (
    DATE_COLUMNS,
    MONEY_COLUMNS,
    RATIO_COLUMNS,
    Cell,
    columns,
    table_row,
)
from valaudit.model.portfolio import Portfolio
from valaudit.model.portfolio_changes import PortfolioChanges
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.workbook_bytes import reproducible_workbook

#: Stands in for "now" wherever the file format wants a date, so the same run gives the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)
_WIDTHS = {"path": 32, "initiative": 32, "flags": 40, "errors": 80, "worsened": 60}


def _put(sheet: Any, row: int, column: int, value: Cell, number_format: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a string, even when it starts with "=": never a formula
    if number_format is not None and isinstance(value, int | float | dt.date):
        cell.number_format = number_format


def _portfolio_sheet(sheet: Any, portfolio: Portfolio) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    formats = {
        **dict.fromkeys(RATIO_COLUMNS, "0%"),
        **dict.fromkeys(MONEY_COLUMNS, "#,##0"),
        **dict.fromkeys(DATE_COLUMNS, "yyyy-mm-dd"),
    }
    headers = columns(portfolio)
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(header, 16)
    for row_number, row in enumerate(portfolio.rows, start=2):
        cells = table_row(row, portfolio)
        for column, (header, value) in enumerate(zip(headers, cells, strict=True), 1):
            _put(sheet, row_number, column, value, formats.get(header))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(portfolio.rows) + 1}"


def _totals_sheet(sheet: Any, portfolio: Portfolio) -> None:
    from openpyxl.styles import Font

    totals = portfolio.totals
    lines: list[tuple[Cell, ...]] = [
        ("folders", totals.folders),
        ("ok", totals.ok),
        ("invalid", totals.invalid),
        ("crashed", totals.crashed),
        ("not_run", totals.not_run),
        ("gates_tripped", totals.gates_tripped),
        (),
        ("verdict", "folders"),
        *totals.verdicts,
        (),
        (
            "currency",
            "folders",
            "expected_annual_benefit",
            "realized_annual_benefit",
            "ratio",
            "attributable_annual_benefit",
            "observed_annual_benefit",
            "observed_credit_folders",
        ),
        *(
            (
                printable(line.currency),
                line.folders,
                line.expected_annual_benefit,
                line.realized_annual_benefit,
                line.realization_ratio,
                line.attributable_annual_benefit,
                line.observed_annual_benefit,
                line.observed_credit_folders,
            )
            for line in totals.benefit
        ),
    ]
    for row_number, values in enumerate(lines, start=1):
        for column, value in enumerate(values, start=1):
            number_format = {3: "#,##0", 4: "#,##0", 5: "0%", 6: "#,##0", 7: "#,##0"}.get(column)
            _put(sheet, row_number, column, value, number_format)
        if values and values[0] in ("verdict", "currency"):
            for column in range(1, len(values) + 1):
                sheet.cell(row=row_number, column=column).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 18


def _changes_sheet(sheet: Any, changes: PortfolioChanges) -> None:
    """What changed since the earlier portfolio: the sentences, then the figures as numbers."""
    from openpyxl.styles import Font

    row = 1
    for line in change_lines(changes):
        _put(sheet, row, 1, printable(line))
        row += 1
    row += 1
    titles = ("path", "verdict_before", "verdict_now")
    moves = [titles, *changes.verdict_moves]
    money_titles = (
        "currency", "expected_before", "expected_now", "attributable_before",
        "attributable_now", "observed_before", "observed_now",
    )  # fmt: skip
    money_rows: list[tuple[Cell, ...]] = [
        money_titles,
        *(
            (printable(m.currency), m.expected_before, m.expected_after, m.attributable_before,
             m.attributable_after, m.observed_before, m.observed_after)
            for m in changes.money
        ),
    ]  # fmt: skip
    gone: list[tuple[Cell, ...]] = [("gone",), *((printable(path),) for path in changes.gone)]
    for block in (moves, money_rows, gone):
        for index, values in enumerate(block):
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value, "#,##0" if column > 1 and index else None)
                if index == 0:
                    sheet.cell(row=row, column=column).font = Font(bold=True)
            row += 1
        row += 1
    sheet.column_dimensions["A"].width = 32
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 20


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = "valaudit"
    workbook.properties.created = FIXED_TIME
    sheet = workbook.active
    sheet.title = "Portfolio"
    _portfolio_sheet(sheet, portfolio)
    _totals_sheet(workbook.create_sheet("Totals"), portfolio)
    if portfolio.changes is not None:
        _changes_sheet(workbook.create_sheet("Changes"), portfolio.changes)
    return reproducible_workbook(workbook, FIXED_TIME)
