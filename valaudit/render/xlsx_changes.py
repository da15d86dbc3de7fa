"""The board pack's sheets on change: ``Changes`` (since the last audit, ``--compare``) and
``Trajectory`` (every period since go-live, ``--trajectory``), right after the Summary.

Figures stay numbers (ratios as fractions shown as percentages, money in the report's
currency) so a finance lead can chart or sum them. The trajectory has two native line
charts reading its table: realization, and benefit against cost to date. Excel line charts
cannot draw a vertical line, so a verdict change is a narrow column reaching the top of the
value axis at that date (as the KPI charts mark go-live), named "Verdict changed".
Every cell goes through :func:`~valaudit.render.xlsx_cells.put`: client text stays text.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.model.comparison import Comparison
from valaudit.model.report import Report
from valaudit.model.trajectory import Trajectory
from valaudit.render.change_wording import (
    STATUS_WORDS,
    comparison_summary,
    figure_label,
    since_words,
    status_rows,
)
from valaudit.render.formatting import words
from valaudit.render.svg_trajectory import nice_axis
from valaudit.render.trajectory_wording import (
    EVERY_WORDS,
    break_text,
    status_grid,
    trajectory_headline,
)
from valaudit.render.xlsx_cells import (
    BOLD,
    DATE_FORMAT,
    PERCENT_FORMAT,
    TOP,
    WRAP,
    fit_rows,
    header,
    print_setup,
    put,
    widths,
)
from valaudit.render.xlsx_charts import (
    GO_LIVE_COLOUR,
    chart_title,
    small_rotated_labels,
    style_line,
)

ATTRIBUTABLE, OBSERVED, BENEFIT, COST = "0969DA", "8C959F", "1A7F37", "CF222E"
GAP_FORMAT = "0.0"


def add_change_sheets(workbook: Workbook, report: Report) -> None:
    """Add ``Changes`` and ``Trajectory`` after the Summary, for the sections the report has."""
    money_format = f'#,##0 "{report.currency}";-#,##0 "{report.currency}"'
    position = 1
    if report.comparison is not None:
        sheet = workbook.create_sheet("Changes", position)
        _changes_sheet(sheet, report.comparison, report.currency, money_format)
        position += 1
    if report.trajectory is not None:
        sheet = workbook.create_sheet("Trajectory", position)
        _trajectory_sheet(sheet, report.trajectory, report.currency, money_format)


def _paragraph(sheet: Worksheet, row: int, text: str, last_column: int, bold: bool = False) -> None:
    cell = put(sheet, row, 1, text)
    cell.alignment = WRAP
    if bold:
        cell.font = BOLD
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)


def _signed(number_format: str) -> str:
    """The change in the figure's own format, with its sign: +7%, -26.2, +100,977 EUR."""
    positive = number_format.split(";")[0]
    return f"+{positive};-{positive};{positive}"


def _changes_sheet(sheet: Worksheet, comparison: Comparison, currency: str, money: str) -> None:
    widths(sheet, (30, 14, 16, 16, 16, 40))
    _paragraph(sheet, 1, since_words(comparison), 6, bold=True)
    status = STATUS_WORDS[comparison.status].capitalize()
    _paragraph(sheet, 2, f"{status}. {comparison_summary(comparison, currency)}", 6)
    row = 3
    for line in (*comparison.worsened, *comparison.notes):
        _paragraph(sheet, row, line, 6)
        row += 1
    row += 1
    header(sheet, row, ("Figure", "Basis", "Before", "Now", "Change"))
    for figure in comparison.figures:
        row += 1
        number_format = (
            PERCENT_FORMAT
            if figure.figure in ("realization_ratio", "roi_to_date")
            else GAP_FORMAT
            if figure.figure == "gap_index"
            else money
        )
        label = figure_label(figure).split(" (")[0]
        put(sheet, row, 1, label)
        put(sheet, row, 2, str(figure.basis) if figure.basis else None)
        put(sheet, row, 3, figure.before, number_format)
        put(sheet, row, 4, figure.after, number_format)
        put(sheet, row, 5, figure.delta, _signed(number_format))
    row += 2
    groups = (("KPI", comparison.kpis), ("Guardrail", comparison.guardrails))
    if comparison.kpis or comparison.guardrails:
        header(sheet, row, ("Status changed", "Kind", "Before", "Now"))
        for kind, group in groups:
            for name, before, after in status_rows(group):
                row += 1
                for column, text in enumerate((name, kind, before, after), start=1):
                    put(sheet, row, column, text).alignment = WRAP
        row += 2
    problems = [("new", p) for p in comparison.new_warnings]
    problems += [("fixed", p) for p in comparison.fixed_warnings]
    if problems:
        header(sheet, row, ("Data problem", "New or fixed", "Code", "Where"))
        for state, problem in problems:
            row += 1
            texts = (problem.message, state, problem.code, problem.location())
            for column, text in enumerate(texts, start=1):
                put(sheet, row, column, text).alignment = WRAP
    fit_rows(sheet)
    sheet.freeze_panes = "A3"
    print_setup(sheet, landscape=False)


TRAJECTORY_COLUMNS = (
    ("As of", 12), ("Verdict", 30), ("Verdict changed", 10), ("Break", 26),
    ("Realization (attributable)", 13), ("Realization (observed)", 13),
    ("Benefit to date (attributable)", 15), ("Benefit to date (observed)", 15),
    ("Cost to date", 15), ("ROI to date (as credited)", 12), ("Gap index (as credited)", 11),
)  # fmt: skip
#: Helper columns the charts read (hidden): the date as text, and each chart's verdict markers.
CHART_COLUMNS = ("Chart label", "Marker (realization chart)", "Marker (money chart)")
HEADER_ROW = 4


def _trajectory_sheet(sheet: Worksheet, trajectory: Trajectory, currency: str, money: str) -> None:
    points = trajectory.points
    period = EVERY_WORDS.get(trajectory.granularity, "period")
    width = len(TRAJECTORY_COLUMNS)
    widths(sheet, [w for _, w in TRAJECTORY_COLUMNS])
    _paragraph(sheet, 1, f"Trajectory since go-live (each {period}-end)", width, bold=True)
    _paragraph(sheet, 2, trajectory_headline(trajectory), width)
    grid = status_grid(trajectory)
    names = [name for _, name, _ in grid]
    helper = width + len(grid) + 2
    header(sheet, HEADER_ROW, [name for name, _ in TRAJECTORY_COLUMNS])
    header(sheet, HEADER_ROW, names, first_column=width + 1)
    header(sheet, HEADER_ROW, CHART_COLUMNS, first_column=helper)
    ratio_top = nice_axis(
        max(max(p.attributable.realization_ratio or 0, p.observed.realization_ratio or 0)
            for p in points)
    )[1]  # fmt: skip
    money_top = nice_axis(
        max(max(p.cost_to_date, p.attributable.benefit_to_date, p.observed.benefit_to_date)
            for p in points)
    )[1]  # fmt: skip
    previous = None
    for row, point in enumerate(points, start=HEADER_ROW + 1):
        changed = previous is not None and previous.verdict != point.verdict
        values: tuple[Any, ...] = (
            point.as_of, words(point.verdict), "▶" if changed else "", break_text(point.break_),
            point.attributable.realization_ratio, point.observed.realization_ratio,
            point.attributable.benefit_to_date, point.observed.benefit_to_date,
            point.cost_to_date, point.credited.roi_to_date, point.gap_index,
        )  # fmt: skip
        formats = (DATE_FORMAT, "", "", "", PERCENT_FORMAT, PERCENT_FORMAT, money, money, money,
                   PERCENT_FORMAT, GAP_FORMAT)  # fmt: skip
        for column, (value, number_format) in enumerate(zip(values, formats, strict=True), 1):
            # Verdict and break wrap rather than being cut off by the cell to their right.
            put(sheet, row, column, value, number_format).alignment = (
                WRAP if column in (2, 4) else TOP
            )
        for offset, (_, _, statuses) in enumerate(grid, start=width + 1):
            put(sheet, row, offset, words(statuses[row - HEADER_ROW - 1]))
        put(sheet, row, helper, point.as_of.isoformat())
        put(sheet, row, helper + 1, ratio_top if changed else None, PERCENT_FORMAT)
        put(sheet, row, helper + 2, money_top if changed else None, money)
        previous = point
    last = HEADER_ROW + len(points)
    for column in range(width + 1, helper + 3):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    # The charts' helper columns are hidden (not printed, not in the reader's way); the charts
    # are told to plot hidden cells.
    for column in range(helper, helper + 3):
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    anchor_row = last + 3
    ratio = _chart(
        sheet, "Realization: realized ÷ expected benefit a year", ((5, ATTRIBUTABLE, None),
        (6, OBSERVED, "dash")), helper, helper + 1, last, ratio_top, "0%",
    )  # fmt: skip
    sheet.add_chart(ratio, f"A{anchor_row}")
    cash = _chart(
        sheet, f"Benefit and cost to date ({currency})", ((9, COST, None), (7, BENEFIT, None),
        (8, BENEFIT, "dash")), helper, helper + 2, last, money_top, "#,##0",
    )  # fmt: skip
    sheet.add_chart(cash, f"F{anchor_row}")
    fit_rows(sheet)
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width + len(grid))}{last}"
    print_setup(sheet, landscape=True)


def _chart(
    sheet: Worksheet,
    title: str,
    lines: tuple[tuple[int, str, str | None], ...],
    label_column: int,
    marker_column: int,
    last: int,
    top: float,
    number_format: str,
) -> BarChart:
    """Lines for ``lines`` (column, colour, dash) over the dates, with the verdict changes as
    columns reaching ``top``, the fixed top of the value axis."""
    first = HEADER_ROW + 1
    categories = Reference(sheet, min_col=label_column, min_row=first, max_row=last)
    marker = BarChart()
    marker.type = "col"
    marker.gapWidth = 500
    marker.add_data(Reference(sheet, min_col=marker_column, min_row=first, max_row=last))
    marker.series[0].tx = SeriesLabel(v="Verdict changed")
    marker.series[0].graphicalProperties.solidFill = GO_LIVE_COLOUR
    marker.series[0].graphicalProperties.line.noFill = True
    plot = LineChart()
    for column, colour, dash in lines:
        plot.add_data(
            Reference(sheet, min_col=column, min_row=HEADER_ROW, max_row=last),
            titles_from_data=True,
        )
        style_line(plot.series[-1], colour, 22225, dash)
        plot.series[-1].marker.symbol = "circle"
        plot.series[-1].marker.size = 4
        plot.series[-1].marker.graphicalProperties.solidFill = colour
        plot.series[-1].marker.graphicalProperties.line.solidFill = colour
    marker.y_axis.scaling.min = 0
    marker.y_axis.scaling.max = top
    marker.y_axis.number_format = number_format
    marker.y_axis.majorGridlines = None
    marker.x_axis.tickLblSkip = max(1, (last - first + 1) // 8)
    marker.x_axis.txPr = small_rotated_labels()
    marker.x_axis.delete = False
    marker.y_axis.delete = False
    for series in (*marker.series, *plot.series):
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    marker += plot
    marker.visible_cells_only = False
    marker.title = chart_title(title)
    marker.legend.position = "b"
    marker.width, marker.height = 14.0, 8.0
    return marker
