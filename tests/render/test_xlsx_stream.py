"""A SheetBuffer lets the cell helpers write a write-only sheet: cells anywhere below the
rows already written, text kept as text, rows sized to their wrapped text, written in order."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from valaudit.render.xlsx_cells import WRAP, fit_rows, header, print_setup, put, widths
from valaudit.render.xlsx_stream import SheetBuffer


def saved(workbook: Workbook) -> Workbook:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(buffer)


def test_cells_put_out_of_order_are_written_in_place_with_gaps_kept() -> None:
    workbook = Workbook(write_only=True)
    sheet = SheetBuffer(workbook.create_sheet("Notes"))
    put(sheet, 4, 3, 1234.5, "#,##0")
    header(sheet, 1, ["Name", "Value"])
    put(sheet, 2, 1, '=HYPERLINK("http://evil.example")')
    sheet.flush()
    put(sheet, 6, 2, "after the flush")
    sheet.flush()
    read = saved(workbook)["Notes"]
    assert [[cell.value for cell in row] for row in read.iter_rows()] == [
        ["Name", "Value", None],
        ['=HYPERLINK("http://evil.example")', None, None],
        [None, None, None],
        [None, None, 1234.5],
        [None, None, None],
        [None, "after the flush", None],
    ]
    assert read["A2"].data_type == "s"
    assert read["C4"].number_format == "#,##0"
    assert read["A1"].font.b is True


def test_rows_are_sized_and_sheet_settings_kept() -> None:
    workbook = Workbook(write_only=True)
    sheet = SheetBuffer(workbook.create_sheet("Long"))
    widths(sheet, [10, 20])
    sheet.freeze_panes = "B2"
    put(sheet, 1, 1, "a long line of text that wraps over several lines").alignment = WRAP
    put(sheet, 2, 2, "short").alignment = WRAP
    fit_rows(sheet)
    print_setup(sheet, landscape=True)
    sheet.flush()
    read = saved(workbook)["Long"]
    # Wrapped at words, 10 characters to a line: 'a long' / 'line of' / 'text that' /
    # 'wraps over' / 'several' / 'lines'.
    assert read.row_dimensions[1].height == 6 * 15.0
    assert read.row_dimensions[2].height is None
    assert read.column_dimensions["B"].width == 20
    assert read.freeze_panes == "B2"
    assert (read.page_setup.orientation, read.page_setup.paperSize) == ("landscape", 9)


def test_a_flushed_row_is_forgotten_and_cannot_be_written_again() -> None:
    workbook = Workbook(write_only=True)
    sheet = SheetBuffer(workbook.create_sheet("Once"))
    put(sheet, 1, 1, "first")
    sheet.row_dimensions[1].height = 30.0
    sheet.flush()
    assert list(sheet.iter_rows()) == []
    assert 1 not in sheet.row_dimensions
    with pytest.raises(ValueError, match="row 1 of sheet 'Once' was already written"):
        put(sheet, 1, 2, "late")
    assert saved(workbook)["Once"]["A1"].value == "first"
