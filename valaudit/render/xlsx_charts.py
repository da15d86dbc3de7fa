"""Native Excel line charts for the board-pack workbook: one per KPI.

Each chart reads a small block on the "Chart data" sheet (period, actual, target, glide
path, the effect's counterfactual, go-live), so a finance lead can restyle, copy or extend it
in Excel as usual. The counterfactual — what the KPI was expected to do without the
initiative — is drawn over the post period when the effect fitted one. Excel
line charts cannot draw a vertical line, so go-live is a narrow column reaching the top of
the value axis at the first post-go-live period, drawn behind the lines; the value axis is
fixed so that column always spans the plot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
    RichTextProperties,
)
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.model.report import KpiResult
from valaudit.render.safe_text import printable
from valaudit.render.svg_chart import glide_value, value_axis
from valaudit.render.wording import STATUS_TONE

#: Line colours per status tone (hex without #, as DrawingML wants them).
TONE_COLOUR = {
    "good": "1A7F37",
    "warn": "9A6700",
    "bad": "CF222E",
    "info": "0969DA",
    "none": "6E7781",
}
GUIDE_COLOUR = "57606A"
GO_LIVE_COLOUR = "D0D7DE"
COUNTERFACTUAL_COLOUR = "8250DF"
CHART_HEADER = ("Period", "Actual", "Target", "Glide path", "Without initiative", "Go-live")
#: Columns of the block: the lines run from Actual to the counterfactual, then go-live.
COUNTERFACTUAL_COLUMN, GO_LIVE_COLUMN = 5, 6
#: Size of one chart in centimetres, and where the next one goes on the Charts sheet.
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.0, 7.5
CHART_COLUMNS = ("A", "J")
ROWS_PER_CHART = 16


def chart_rows(kpi: KpiResult, go_live: dt.date) -> list[tuple[Any, ...]]:
    """The block a KPI's chart reads, one row per period: label, actual, target, glide,
    counterfactual, go-live."""
    top = value_axis(kpi)[1]
    first_post = next((p.period for p in kpi.series if p.post), None)
    return [
        (
            printable(point.period),
            point.value,
            kpi.target,
            glide_value(kpi, go_live, point.start) if point.post else None,
            point.counterfactual,
            top if point.period == first_post else None,
        )
        for point in kpi.series
    ]


def chart_title(text: str) -> Title:
    """A chart title in 11-point bold: Excel's default 14 points wraps most KPI names."""
    font = CharacterProperties(sz=1100, b=True)
    run = RegularTextRun(rPr=font, t=text)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=font), r=[run])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def small_rotated_labels() -> RichText:
    """8-point period labels at 45 degrees, so quarter labels do not wrap onto two lines."""
    font = CharacterProperties(sz=800)
    return RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)],
    )


def style_line(series: Any, colour: str, width_emu: int, dash: str | None = None) -> None:
    series.smooth = False
    series.marker.symbol = "none"
    series.graphicalProperties.line.solidFill = colour
    series.graphicalProperties.line.width = width_emu
    if dash:
        series.graphicalProperties.line.dashStyle = dash


def kpi_chart(kpi: KpiResult, data_sheet: Worksheet, header_row: int, rows: int) -> BarChart:
    """A chart over the block whose header is ``header_row`` on ``data_sheet``."""
    first, last = header_row + 1, header_row + rows
    categories = Reference(data_sheet, min_col=1, min_row=first, max_row=last)

    marker = BarChart()
    marker.type = "col"
    marker.gapWidth = 500
    marker.add_data(
        Reference(data_sheet, min_col=GO_LIVE_COLUMN, min_row=header_row, max_row=last),
        titles_from_data=True,
    )
    marker.series[0].graphicalProperties.solidFill = GO_LIVE_COLOUR
    marker.series[0].graphicalProperties.line.noFill = True

    lines = LineChart()
    with_counterfactual = any(p.counterfactual is not None for p in kpi.series)
    last_line = COUNTERFACTUAL_COLUMN if with_counterfactual else COUNTERFACTUAL_COLUMN - 1
    lines.add_data(
        Reference(data_sheet, min_col=2, max_col=last_line, min_row=header_row, max_row=last),
        titles_from_data=True,
    )
    colour = TONE_COLOUR[STATUS_TONE.get(kpi.status, "none")]
    actual, target, glide = lines.series[:3]
    style_line(actual, colour, 28575)
    style_line(target, colour, 15875, "sysDot")
    style_line(glide, GUIDE_COLOUR, 15875, "dash")
    if with_counterfactual:
        style_line(lines.series[3], COUNTERFACTUAL_COLOUR, 19050, "sysDash")

    low, high, step = value_axis(kpi)
    marker.y_axis.scaling.min = low
    marker.y_axis.scaling.max = high
    marker.y_axis.majorUnit = step
    marker.y_axis.majorGridlines = None
    marker.y_axis.number_format = "#,##0.##"
    marker.x_axis.tickLblSkip = max(1, rows // 6)
    marker.x_axis.txPr = small_rotated_labels()
    # openpyxl 3.1 hides axes unless told otherwise.
    marker.x_axis.delete = False
    marker.y_axis.delete = False
    # Period labels are text: a string reference, or Excel may number the categories 1, 2, 3.
    for series in (*marker.series, *lines.series):
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    marker += lines

    unit = f" ({printable(kpi.unit)})" if kpi.unit else ""
    marker.title = chart_title(f"{printable(kpi.name)}{unit}: {kpi.status.replace('_', ' ')}")
    marker.legend.position = "b"
    marker.width, marker.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    return marker


#: Two rows of charts fit on a landscape A4 page.
ROWS_PER_PAGE = 2 * ROWS_PER_CHART


def chart_anchor(index: int) -> str:
    """Two charts side by side, row after row."""
    column = CHART_COLUMNS[index % len(CHART_COLUMNS)]
    return f"{column}{1 + (index // len(CHART_COLUMNS)) * ROWS_PER_CHART}"
