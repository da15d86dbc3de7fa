"""The portfolio as CSV: one row per folder, for a spreadsheet, with the headers and words
of :mod:`~valaudit.batch.render.table` (a script reads the JSON portfolio's codes instead),
in the order of ``--sort`` and ``--group-by``.

Guarded against CSV injection: a text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a
tab or carriage return, which some spreadsheets skip before looking) is prefixed with ``'``,
so an initiative named ``=HYPERLINK(...)`` in a client's thesis is shown, never run, when the
file is opened. Numbers are written as plain numbers (a negative ROI is a number, not a
formula) so the columns still sum. A UTF-8 byte order mark lets Excel read accents right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

from valaudit.batch.render.arrange import arranged_rows
from valaudit.batch.render.table import Cell, columns, table_row
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions

#: First characters that make a spreadsheet treat a cell as a formula (full-width forms too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """``text`` made inert for a spreadsheet: prefixed with ``'`` if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}" if math.isfinite(value) else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in columns(portfolio)])
    for row in arranged_rows(portfolio, options):
        writer.writerow(
            [csv_cell(value) for value in table_row(row, portfolio, options.client_level)]
        )
    return "\ufeff" + buffer.getvalue()
