"""What a reader of a workbook sees, as lines of text, so that two workbooks whose XML differs
(openpyxl's ordinary and write-only worksheets write different XML for the same sheet) can
be compared, and a golden file of it reviewed as a diff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet


def _cell(cell: Any) -> str:
    font, fill, alignment = cell.font, cell.fill, cell.alignment
    return " | ".join(
        (
            f"{cell.coordinate} {cell.data_type} {cell.value!r}",
            cell.number_format,
            f"{font.name} {font.sz} bold={font.b}",
            f"fill={fill.fill_type} {fill.fgColor.rgb} {fill.bgColor.rgb}",
            f"wrap={alignment.wrap_text} vertical={alignment.vertical}",
            f"border={cell.border.left.style}",
        )
    )


def _text(title: Any) -> str:
    return "".join(run.t for paragraph in title.tx.rich.p for run in paragraph.r or ())


def _chart(chart: Any) -> str:
    series = [(one.val.numRef.f, one.cat.numRef.f) for one in chart.series]
    anchor = chart.anchor._from
    return (
        f"chart {chart.tagname} type={chart.type} at column {anchor.col} row {anchor.row} "
        f"size {chart.width}x{chart.height} series={series} "
        f"titles={[_text(title) for title in (chart.title, chart.y_axis.title)]} "
        f"categories={chart.x_axis.scaling.orientation} legend={chart.legend}"
    )


def sheet_lines(sheet: Worksheet) -> Iterator[str]:
    """Frozen panes, filter, print settings, footer, zoom, column widths, row heights, charts,
    then every cell with a value or a style (value, type, format, font, fill, alignment)."""
    setup = sheet.page_setup
    yield f"[{sheet.title}]"
    view = sheet.sheet_view
    yield f"frozen={sheet.freeze_panes} filter={sheet.auto_filter.ref} zoom={view.zoomScale}"
    yield (
        f"page {setup.orientation} paper={setup.paperSize} fit={setup.fitToWidth}x"
        f"{setup.fitToHeight} fit_to_page={sheet.sheet_properties.pageSetUpPr.fitToPage} "
        f"titles={sheet.print_title_rows} margins={sheet.page_margins.left},"
        f"{sheet.page_margins.right} footer={sheet.oddFooter.center.text!r}"
    )
    widths = {
        letter: dimension.width
        for letter, dimension in sheet.column_dimensions.items()
        if dimension.customWidth
    }
    yield f"column widths {widths}"
    heights = {
        number: dimension.height
        for number, dimension in sheet.row_dimensions.items()
        if dimension.height
    }
    yield f"row heights {heights}"
    yield from map(_chart, sheet._charts)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None or cell.has_style:
                yield _cell(cell)


def contents_text(book: Workbook) -> str:
    """Every sheet's lines, in the order of the sheets."""
    return "".join(f"{line}\n" for sheet in book.worksheets for line in sheet_lines(sheet))
