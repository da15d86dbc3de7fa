"""The board pack's "Links" sheet: every link across segments, and a native scatter each.

The sheet lists each link (status, slope and interval, segments, correlation, the conversion
the thesis implies, power, the sentence), then one block per link with a row per segment
(upstream effect, downstream effect, the fitted line's value) that its Excel scatter chart
reads, so a finance lead can restyle or extend the chart as usual.
"""

from __future__ import annotations

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.model.links import Link, LinkAnalysis, LinkStatus
from valaudit.render.safe_text import printable
from valaudit.render.xlsx_cells import header, print_setup, put

LINK_COLOUR = {
    LinkStatus.CONVERTING: "1A7F37",
    LinkStatus.NOT_CONVERTING: "CF222E",
    LinkStatus.INCONCLUSIVE: "6E7781",
}
SUMMARY_HEADER = (
    "Link", "Status", "Slope", "Low", "High", "Segments", "Correlation", "Thesis implies",
    "Power", "In words",
)  # fmt: skip
#: Rows a chart covers on the sheet, so the next block starts below it.
ROWS_PER_CHART = 18


def _scatter(link: Link, sheet: Worksheet, first_row: int, count: int) -> ScatterChart:
    chart = ScatterChart()
    chart.title = printable(f"{link.from_stage} → {link.to_stage}: {link.status}")[:250]
    chart.style = 13
    chart.x_axis.title = printable(f"{link.from_stage} improvement ({link.upstream_unit})")
    chart.y_axis.title = printable(f"{link.to_stage} improvement ({link.downstream_unit})")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    xs = Reference(sheet, min_col=2, min_row=first_row, max_row=first_row + count - 1)
    points = Series(
        Reference(sheet, min_col=3, min_row=first_row, max_row=first_row + count - 1),
        xs,
        title="Segments",
    )
    points.marker = Marker(symbol="circle", size=6)
    points.marker.graphicalProperties.solidFill = LINK_COLOUR[link.status]
    points.marker.graphicalProperties.line.solidFill = LINK_COLOUR[link.status]
    points.graphicalProperties.line.noFill = True
    chart.series.append(points)
    if link.slope is not None:
        fitted = Series(
            Reference(sheet, min_col=4, min_row=first_row, max_row=first_row + count - 1),
            xs,
            title="Fitted line",
        )
        fitted.marker = Marker(symbol="none")
        fitted.graphicalProperties.line.solidFill = LINK_COLOUR[link.status]
        chart.series.append(fitted)
    chart.width, chart.height = 16.0, 8.0
    return chart


def links_sheet(sheet: Worksheet, analysis: LinkAnalysis) -> None:
    """The summary table, the caveat, then each link's data block and its chart."""
    header(sheet, 1, SUMMARY_HEADER)
    for row, link in enumerate(analysis.links, start=2):
        values = (
            f"{link.from_stage} → {link.to_stage}", str(link.status), link.slope, link.low,
            link.high, link.segments, link.correlation, link.stated_conversion, link.power,
            link.words,
        )  # fmt: skip
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    row = len(analysis.links) + 3
    if analysis.summary:
        put(sheet, row, 1, analysis.summary)
        row += 1
    put(sheet, row, 1, analysis.caveat)
    row += 2
    for link in analysis.links:
        put(sheet, row, 1, f"{link.from_stage} → {link.to_stage}")
        header(sheet, row + 1, ("Segment", "Upstream", "Downstream", "Fitted line"))
        ordered = sorted(link.points, key=lambda p: (p.upstream, p.segment))
        for offset, point in enumerate(ordered, start=row + 2):
            put(sheet, offset, 1, point.segment)
            put(sheet, offset, 2, point.upstream)
            put(sheet, offset, 3, point.downstream)
            if link.slope is not None and link.intercept is not None:
                put(sheet, offset, 4, link.intercept + link.slope * point.upstream)
        if ordered:
            sheet.add_chart(_scatter(link, sheet, row + 2, len(ordered)), f"F{row}")
        row += max(len(ordered) + 3, ROWS_PER_CHART)
    sheet.column_dimensions["A"].width = 28
    print_setup(sheet, landscape=True)
