"""XLSX: text stored as strings (never formulas), numbers as numbers, same bytes each run."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from tests.batch.render.conftest import HOSTILE
from valaudit.batch.render.table import COLUMNS
from valaudit.batch.render.xlsx import render_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def test_text_is_never_a_formula(portfolio: Portfolio) -> None:
    data = render_portfolio(portfolio, RenderOptions())
    sheet = load_workbook(io.BytesIO(data))["Portfolio"]
    initiative = sheet.cell(row=2, column=COLUMNS.index("initiative") + 1)
    assert initiative.value == HOSTILE
    assert initiative.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_figures_are_numbers(portfolio: Portfolio) -> None:
    sheet = load_workbook(io.BytesIO(render_portfolio(portfolio, RenderOptions())))["Portfolio"]
    ratio = sheet.cell(row=2, column=COLUMNS.index("realization_ratio") + 1)
    assert ratio.value == 0.0223
    assert ratio.number_format == "0%"
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)


def test_totals_sheet(portfolio: Portfolio) -> None:
    sheet = load_workbook(io.BytesIO(render_portfolio(portfolio, RenderOptions())))["Totals"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert (values["folders"], values["ok"], values["invalid"], values["crashed"]) == (3, 1, 1, 1)


def test_the_file_carries_no_timestamp(portfolio: Portfolio) -> None:
    data = render_portfolio(portfolio, RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core
