"""Writing cells for the workbook safely and legibly: text stays text, rows fit their text.

openpyxl turns any string that starts with ``=`` into a formula and ``#N/A`` into an error
value. Every cell of the workbook is written through :func:`put`, which forces text to be
stored as text, so a KPI named ``=HYPERLINK(...)`` is shown, never evaluated.

Neither Excel nor LibreOffice grows a row to fit wrapped text in a file they did not write,
so :func:`fit_rows` estimates the height from the text length and the column widths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.render.safe_text import printable

FONT = "Calibri"
BOLD = Font(name=FONT, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EAEEF2")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
VALUE_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"
#: Excel shows TRUE/FALSE for a boolean cell anyway; LibreOffice needs the format to.
BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'
LINE_HEIGHT = 15.0
"""Points per line of 11-point text."""
DEFAULT_WIDTH = 8.43

#: Background per status tone, shared by the conditional formats and the summary.
TONE_FILL = {
    "good": "DAFBE1",
    "warn": "FFF1C5",
    "bad": "FFD8D3",
    "info": "DDF4FF",
    "none": "EAEEF2",
}


def fill(tone: str) -> PatternFill:
    colour = TONE_FILL.get(tone, TONE_FILL["none"])
    return PatternFill("solid", fgColor=colour, bgColor=colour)


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str = "") -> Any:
    """Write one cell; text is always stored as text, never as a formula or error value."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, float) and not math.isfinite(value):
        value = None
    if isinstance(value, str):
        cell.value = printable(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def header(sheet: Worksheet, row: int, names: Sequence[str], first_column: int = 1) -> None:
    for column, name in enumerate(names, start=first_column):
        cell = put(sheet, row, column, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def widths(sheet: Worksheet, values: Sequence[float]) -> None:
    for column, width in enumerate(values, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_setup(sheet: Worksheet, landscape: bool) -> None:
    """A4, as wide as the page allows, as many pages long as it takes."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # write-only sheets lack the constant
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _column_width(sheet: Worksheet, column: int) -> float:
    width = sheet.column_dimensions[get_column_letter(column)].width
    return float(width) if width else DEFAULT_WIDTH


def fit_rows(sheet: Worksheet) -> None:
    """Set each row with wrapped text tall enough for its longest cell (a
    :class:`~valaudit.render.xlsx_stream.SheetBuffer` sizes the rows it holds)."""
    spans: dict[tuple[int, int], float] = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = sum(
            _column_width(sheet, c) for c in range(merged.min_col, merged.max_col + 1)
        )
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = spans.get((cell.row, cell.column)) or _column_width(sheet, cell.column)
            # A width unit is one digit of the default font; text averages a little narrower,
            # bold text a little wider.
            per_line = max(1.0, width * (1.0 if cell.font.bold else 1.1) - 1)
            lines = max(lines, wrapped_lines(cell.value, per_line))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def wrapped_lines(text: str, per_line: float) -> int:
    """The lines ``text`` takes when wrapped at word boundaries, ``per_line`` characters to a
    line, as a spreadsheet wraps it: a word that does not fit the rest of a line starts the
    next one (counting characters alone said two lines for a header that wraps to three), and
    a word longer than a line is broken across lines."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            lines += 1 if used else 0
            whole, used = divmod(float(len(word)), per_line)
            if used == 0 and whole:
                whole, used = whole - 1, per_line
            lines += int(whole)
    return lines
