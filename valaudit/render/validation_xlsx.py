"""Validation results as a one-sheet workbook: what ``-o report.xlsx`` holds when there is no
report.

A board pack saved from last quarter's run must not stay in place looking current when this
quarter's input is invalid (or valaudit failed): it is replaced by a ``Problems`` sheet, one
row per problem with its file, sheet, row, column, YAML line and key path, the message and
how to fix it, filterable. Every text cell is stored as text, never as a formula; the bytes
are reproducible, like every workbook valaudit writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from valaudit.model.validation import FolderValidation
from valaudit.render.options import RenderOptions
from valaudit.render.validation_text import summary_line
from valaudit.render.workbook_bytes import reproducible_workbook

#: Stands in for "now" in the document properties, so the same problems give the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)
COLUMNS = (
    ("Severity", 10),
    ("File", 36),
    ("Sheet", 14),
    ("Row", 7),
    ("Column", 16),
    ("Line", 7),
    ("Key path", 20),
    ("Code", 20),
    ("Problem", 60),
    ("How to fix", 48),
)


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from valaudit.render.xlsx_cells import BOLD, WRAP, header, put, widths

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Problems"
    put(sheet, 1, 1, summary_line(results)).font = BOLD
    header(sheet, 2, [name for name, _ in COLUMNS])
    widths(sheet, [width for _, width in COLUMNS])
    problems = [problem for result in results for problem in result.problems]
    for number, problem in enumerate(problems, start=3):
        values = (
            problem.severity,
            problem.file,
            problem.sheet,
            problem.row,
            problem.column,
            problem.line,
            problem.path,
            problem.code,
            problem.message,
            problem.hint,
        )
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value).alignment = WRAP
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{len(problems) + 2}"
    return reproducible_workbook(workbook, FIXED_TIME)
