"""The portfolio workbook's Summary sheet: what a partner reads before any folder.

Four blocks, each a small table with a header row: the verdict mix, money per currency
(never converted: valaudit has no exchange rates), where value stops along the chain (with a
native Excel bar chart over that block, so it can be restyled or copied like any chart), and
the operating-model dimensions scored weak against where value stops. Labels are words;
figures are numbers with number formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from valaudit.batch.render.breakdown import (
    NO_BREAK_LABEL,
    break_counts,
    break_links,
    link_label,
    unbroken_folders,
    weakness_by_break,
)
from valaudit.batch.render.people import summary_lines
from valaudit.model.portfolio import Portfolio
from valaudit.render.formatting import words
from valaudit.render.wording import VERDICT_TONE, verdict_title

MONEY_HEADERS = (
    "Currency",
    "Folders",
    "Cost to date",
    "Expected benefit a year",
    "Realized a year (credited)",
    "Realized vs expected",
    "Attributable a year",
    "Observed a year",
    "Benefit to date",
    "ROI to date",
)
MONEY_FORMATS = ("", "#,##0", "#,##0", "#,##0", "#,##0", "0%", "#,##0", "#,##0", "#,##0", "0%")
SHEET_WIDTHS = (34, 12, 14, 14, 14, 14, 14, 14, 14, 12)
#: Rows the chart covers, beside the block it reads.
CHART_ROWS = 16


def _block(
    sheet: Any,
    row: int,
    title: str,
    headers: Sequence[str],
    lines: Sequence[Sequence[Any]],
    formats: Sequence[str] = (),
) -> int:
    """A titled table from ``row``; returns the row after it (and a blank line)."""
    from valaudit.render.xlsx_cells import BOLD, header, put

    put(sheet, row, 1, title).font = BOLD
    header(sheet, row + 1, headers)
    for offset, values in enumerate(lines, start=row + 2):
        for column, value in enumerate(values, start=1):
            number_format = formats[column - 1] if column - 1 < len(formats) else "#,##0"
            put(sheet, offset, column, value, number_format if column > 1 else "")
    return row + 2 + len(lines) + 1


def _verdict_lines(portfolio: Portfolio) -> list[tuple[Any, ...]]:
    totals = portfolio.totals
    lines: list[tuple[Any, ...]] = [
        (verdict_title(code), count) for code, count in totals.verdicts if count
    ]
    for label, count in (
        ("Invalid (no audit)", totals.invalid),
        ("Crashed (a bug in valaudit)", totals.crashed),
        ("Not run (interrupted)", totals.not_run),
    ):
        if count:
            lines.append((label, count))
    return lines


def _money_lines(portfolio: Portfolio) -> list[tuple[Any, ...]]:
    return [
        (
            line.currency,
            line.folders,
            line.cost_to_date,
            line.expected_annual_benefit,
            line.realized_annual_benefit,
            line.realization_ratio,
            line.attributable_annual_benefit,
            line.observed_annual_benefit,
            line.benefit_to_date,
            line.roi_to_date,
        )
        for line in portfolio.totals.benefit
    ]


def _break_chart(sheet: Any, header_row: int, links: int) -> Any:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"  # horizontal bars: the link names read left to right
    chart.style = 10
    chart.title = "Where value stops"
    chart.y_axis.title = "Folders"
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "0"
    chart.x_axis.scaling.orientation = "maxMin"  # implementation at the top, as in the chain
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    data = Reference(sheet, min_col=2, min_row=header_row, max_row=header_row + links)
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + links)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.series[0].graphicalProperties.solidFill = "CF222E"
    chart.series[0].graphicalProperties.line.noFill = True
    chart.width, chart.height = 16.0, 7.5
    return chart


def summary_sheet(sheet: Any, portfolio: Portfolio) -> None:
    from openpyxl.styles import Font

    from valaudit.render.xlsx_cells import BOLD, fill, fit_rows, print_setup, put, widths

    title = put(sheet, 1, 1, "valaudit portfolio")
    title.font = Font(name="Calibri", bold=True, size=14)
    put(sheet, 2, 1, summary_lines(portfolio)[0])
    row = 4
    verdicts = _verdict_lines(portfolio)
    verdict_start = row + 2
    row = _block(sheet, row, "Verdicts", ("Verdict", "Folders"), verdicts)
    shown = [code for code, count in portfolio.totals.verdicts if count]
    for offset, code in enumerate(shown):
        sheet.cell(row=verdict_start + offset, column=1).fill = fill(VERDICT_TONE.get(code, "none"))
    if portfolio.totals.benefit:
        row = _block(
            sheet, row, "Money per currency", MONEY_HEADERS, _money_lines(portfolio), MONEY_FORMATS
        )
    counts = break_counts(portfolio)
    break_header = row + 1
    breaks: list[tuple[Any, ...]] = [(c.label, c.folders) for c in counts]
    row = _block(
        sheet,
        row,
        "Where value stops (audited folders)",
        ("Link of the chain", "Folders"),
        [*breaks, (NO_BREAK_LABEL, unbroken_folders(portfolio))],
    )
    sheet.add_chart(_break_chart(sheet, break_header, len(counts)), f"D{break_header}")
    row = max(row, break_header + CHART_ROWS)
    weak = weakness_by_break(portfolio)
    if weak:
        headers = (
            "Weak operating-model dimension",
            *map(link_label, break_links(portfolio)),
            NO_BREAK_LABEL,
        )
        row = _block(
            sheet,
            row,
            "Operating-model dimensions scored weak (2 or lower), by where value stops",
            (*headers, "Folders"),
            [(words(line.dimension), *line.by_break, line.total) for line in weak],
        )
    put(sheet, row, 1, "Each folder's figures are on the Portfolio sheet.").font = BOLD
    widths(sheet, SHEET_WIDTHS)
    fit_rows(sheet)
    print_setup(sheet, landscape=True)
