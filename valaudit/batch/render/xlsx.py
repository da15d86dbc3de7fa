"""The portfolio as an Excel workbook a consultant can hand over: a ``Summary`` sheet (verdict
mix, money per currency, where value stops with a native bar chart, operating-model
weaknesses against the break) and a ``Portfolio`` sheet (one row per folder, the columns of
:mod:`~valaudit.batch.render.table`, in the order of ``--sort`` and ``--group-by``) and, with
``batch --compare``, a ``Changes`` sheet (:mod:`~valaudit.batch.render.xlsx_changes`).

Both sheets print on A4 landscape, fitted to the page width; the Portfolio sheet repeats
its header row on every page, keeps the header and the folder in view while scrolling, and
can be filtered. Every text cell is stored as a string, never as a formula
(:func:`~valaudit.render.xlsx_cells.put`): a client's initiative named ``=HYPERLINK(...)``
is shown, never run, in the partner's Excel. Ratios are real numbers shown as percentages,
money real numbers, dates real dates, so the sheet sums, sorts and filters. The file is
byte-for-byte reproducible: the document dates and the zip entries' timestamps are fixed.

The workbook is written in openpyxl's write-only mode through
:class:`~valaudit.render.xlsx_stream.SheetBuffer`: the Summary and Changes sheets are
buffered whole, the Portfolio sheet is written :data:`BLOCK_ROWS` folders at a time, so
rendering 10,000 folders needs about as much memory as rendering 100.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from valaudit.batch.render.arrange import arranged_rows
from valaudit.batch.render.table import Kind, columns, table_row
from valaudit.batch.render.xlsx_changes import changes_sheet
from valaudit.batch.render.xlsx_summary import summary_sheet
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions
from valaudit.render.workbook_bytes import reproducible_workbook

if TYPE_CHECKING:
    from valaudit.render.xlsx_stream import SheetBuffer

#: Stands in for "now" wherever the file format wants a date, so the same run gives the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)
#: How each kind of column is shown.
NUMBER_FORMATS: dict[Kind, str] = {
    "ratio": "0%",
    "money": "#,##0",
    "date": "yyyy-mm-dd",
    "count": "#,##0",
}
#: Text columns at least this wide wrap their text rather than run into the next cell.
WRAP_FROM_WIDTH = 24
#: Header row height in points: two lines of 11-point text.
HEADER_HEIGHT = 30.0
#: Folders held in memory before they are written out (a few MB of cells).
BLOCK_ROWS = 500


def portfolio_sheet(sheet: SheetBuffer, portfolio: Portfolio, options: RenderOptions) -> None:
    """One row per folder, flushed every :data:`BLOCK_ROWS` rows. What a write-only sheet
    writes at its top (widths, frozen panes, zoom) is set before the header row is flushed."""
    from openpyxl.utils import get_column_letter

    from valaudit.render.xlsx_cells import TOP, WRAP, fit_rows, header, print_setup, put, widths

    shown = columns(portfolio)
    rows = arranged_rows(portfolio, options)
    widths(sheet, [column.width for column in shown])
    sheet.freeze_panes = "C2"  # the header, the client and the folder stay in view
    sheet.sheet_view.zoomScale = 90
    last = get_column_letter(len(shown))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    print_setup(sheet, landscape=True)
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "Page &P of &N"
    header(sheet, 1, [column.header for column in shown])
    sheet.row_dimensions[1].height = HEADER_HEIGHT
    sheet.flush()
    alignments = [
        WRAP if column.kind == "text" and column.width >= WRAP_FROM_WIDTH else TOP
        for column in shown
    ]
    formats = [NUMBER_FORMATS.get(column.kind, "") for column in shown]
    for start in range(0, len(rows), BLOCK_ROWS):
        block = rows[start : start + BLOCK_ROWS]
        for row_number, row in enumerate(block, start=start + 2):
            for index, value in enumerate(table_row(row, portfolio, options.client_level)):
                number_format = formats[index] if value is not None else ""
                cell = put(sheet, row_number, index + 1, value, number_format)
                cell.alignment = alignments[index]
        fit_rows(sheet)
        sheet.flush()


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> bytes:
    """The workbook's bytes. Its sheets pass through temporary files while it is assembled
    (openpyxl's write-only mode); when the temporary folder cannot take them, an
    :class:`~valaudit.errors.OutputError` says so, and nothing has been written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    try:
        return _assembled(workbook, portfolio, options)
    except OSError as error:
        reason = error.strerror or str(error)
    # Out of the except block, so the half-written sheets no longer hang on its traceback:
    # they are let go here, quietly, rather than complain later on the user's terminal.
    _discard(workbook)
    import tempfile

    from valaudit.errors import OutputError

    raise OutputError(
        f"The XLSX portfolio could not be assembled in the temporary folder "
        f"{tempfile.gettempdir()}: {reason}. It needs about 1.5 KB there per folder while it "
        "is written; free some space there, or point the TMPDIR environment variable at a "
        "folder with room. No output file was written."
    )


def _assembled(workbook: Any, portfolio: Portfolio, options: RenderOptions) -> bytes:
    from valaudit.render.xlsx_stream import SheetBuffer

    workbook.properties.creator = "valaudit"
    workbook.properties.created = FIXED_TIME
    summary = SheetBuffer(workbook.create_sheet("Summary"))
    summary_sheet(summary, portfolio)
    summary.flush()
    portfolio_sheet(SheetBuffer(workbook.create_sheet("Portfolio")), portfolio, options)
    if portfolio.changes is not None:
        changes = SheetBuffer(workbook.create_sheet("Changes"))
        changes_sheet(changes, portfolio.changes)
        changes.flush()
    return reproducible_workbook(workbook, FIXED_TIME)


def _discard(workbook: Any) -> None:
    """Let go of a workbook whose sheets failed half-way, without the "Exception ignored"
    reports openpyxl's unfinished row writers would print as they are collected."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        workbook._sheets.clear()
        gc.collect()
    finally:
        sys.unraisablehook = hook
