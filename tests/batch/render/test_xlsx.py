"""XLSX: a Summary sheet with a native chart, and a Portfolio sheet a partner can print and
filter; text stored as strings (never formulas), numbers as numbers, same bytes each run."""

from __future__ import annotations

import dataclasses
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.batch.render.conftest import HOSTILE
from tests.batch.render.test_csv_portfolio import HEADERS
from tests.batch.render.workbook_contents import contents_text
from tests.conftest import ROOT
from tests.golden_files import check_golden
from valaudit.batch.render import xlsx
from valaudit.batch.render.xlsx import render_portfolio
from valaudit.cli import app
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def workbook(portfolio: Portfolio, options: RenderOptions | None = None):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render_portfolio(portfolio, options or RenderOptions())))


def column(name: str) -> int:
    return HEADERS.index(name) + 1


def test_sheets_in_the_order_a_partner_reads_them(portfolio: Portfolio) -> None:
    book = workbook(portfolio)
    assert book.sheetnames == ["Summary", "Portfolio"]


def test_text_is_never_a_formula(portfolio: Portfolio) -> None:
    data = render_portfolio(portfolio, RenderOptions())
    sheet = load_workbook(io.BytesIO(data))["Portfolio"]
    initiative = sheet.cell(row=2, column=column("Initiative"))
    assert initiative.value == HOSTILE
    assert initiative.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_headers_in_words_and_figures_with_number_formats(portfolio: Portfolio) -> None:
    sheet = workbook(portfolio)["Portfolio"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    ratio = sheet.cell(row=2, column=column("Realized vs expected"))
    assert (ratio.value, ratio.number_format) == (0.0223, "0%")
    roi = sheet.cell(row=2, column=column("ROI to date"))
    assert (roi.value, roi.number_format) == (-0.975, "0%")
    cost = sheet.cell(row=2, column=column("Cost to date"))
    assert (cost.value, cost.number_format) == (2_498_631, "#,##0")
    npv = sheet.cell(row=2, column=column("NPV at current rate"))
    assert (npv.value, npv.number_format) == (-3_697_084, "#,##0")
    go_live = sheet.cell(row=2, column=column("Go-live"))
    assert go_live.value.date().isoformat() == "2025-04-01"
    assert go_live.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=column("Verdict")).value == "Implementation without outcome"
    assert sheet.cell(row=2, column=column("Warnings")).value == "stale data ×4, few periods"
    assert sheet.cell(row=3, column=column("Verdict")).value == "Invalid"


def test_the_sheet_prints_on_landscape_a4_one_page_wide(portfolio: Portfolio) -> None:
    sheet = workbook(portfolio)["Portfolio"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:Z4"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"


def test_summary_has_verdicts_money_and_the_break_chart(portfolio: Portfolio) -> None:
    sheet = workbook(portfolio)["Summary"]
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert ("Implementation without outcome", 1) in rows
    assert ("Invalid (no audit)", 1) in rows
    assert ("Crashed (a bug in valaudit)", 1) in rows
    money = next(row for row in rows if row and row[0] == "USD")
    # Currency, folders, cost, expected, realized, ratio, attributable, observed, benefit, ROI.
    assert money[:5] == ("USD", 1, 2_498_631, 1_500_000, 33_510.5)
    assert money[-1] == (62_500 - 2_498_631) / 2_498_631
    assert ("productivity → throughput", 1) in rows
    assert ("implementation → adoption", 0) in rows
    weak = next(row for row in rows if row and row[0] == "workflow redesign")
    assert weak == ("workflow redesign", 0, 0, 1, 0, 0, 0, 1)
    (chart,) = sheet._charts
    assert chart.type == "bar"
    assert len(chart.series) == 1


def test_rows_follow_sort(portfolio: Portfolio) -> None:
    sheet = workbook(portfolio, RenderOptions(sort="verdict"))["Portfolio"]
    folders = [sheet.cell(row=r, column=column("Folder")).value for r in range(2, 5)]
    assert folders == ["clients/crash", "clients/b|d", "clients/acme"]


def test_the_file_carries_no_timestamp(portfolio: Portfolio) -> None:
    data = render_portfolio(portfolio, RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


GOLDEN = Path(__file__).parent / "golden"
PREVIOUS_PORTFOLIO = "tests/data/fixtures/previous_release/portfolio_2025-12-31.json"


@pytest.mark.parametrize("block_rows", [500, 2, 1])
def test_the_streamed_workbook_shows_what_the_in_memory_one_showed(
    portfolio: Portfolio, block_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The golden file was read from the workbook the ordinary (in-memory) openpyxl sheets
    wrote: written a block of rows at a time, every cell, format, height, setting and chart
    is the same, however the rows fall into blocks."""
    monkeypatch.setattr(xlsx, "BLOCK_ROWS", block_rows)
    check_golden(GOLDEN / "portfolio_fixture.txt", contents_text(workbook(portfolio)))


def test_the_samples_with_their_changes_sheet_show_what_they_showed(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    arguments = ["batch", str(ROOT / "sample_data"), "-q", "--jobs", "1", "-o", str(path)]
    arguments += ["--compare", str(ROOT / PREVIOUS_PORTFOLIO)]
    result = CliRunner().invoke(app, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    check_golden(GOLDEN / "portfolio_samples_compare.txt", contents_text(load_workbook(path)))


@pytest.mark.slow
def test_a_long_portfolio_is_written_without_holding_its_rows(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """900 folders written 100 at a time hold about 1 MB of Python objects at the peak; the
    in-memory sheets held all 900 rows of cells, about 11 MB."""
    monkeypatch.setattr(xlsx, "BLOCK_ROWS", 100)
    rows = tuple(
        dataclasses.replace(row, path=f"group_{number}/{row.path}")
        for number in range(300)
        for row in portfolio.rows
    )
    render_portfolio(portfolio, RenderOptions())  # imports and caches outside the measure
    tracemalloc.start()
    try:
        data = render_portfolio(dataclasses.replace(portfolio, rows=rows), RenderOptions())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20
    sheet = load_workbook(io.BytesIO(data))["Portfolio"]
    folders = [sheet.cell(row=r, column=column("Folder")).value for r in range(2, 902)]
    assert sorted(folders) == sorted(row.path for row in rows)
    assert sheet.max_row == 901


def test_a_full_temporary_folder_is_an_output_error_without_tracebacks(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheets pass through temporary files: when the temporary folder is full (the
    Summary sheet written, the Portfolio sheet not), the user gets one message saying where
    and what to do, and no "Exception ignored" reports from the half-written sheets."""
    import errno
    import os
    import sys

    from openpyxl.worksheet import _writer

    from valaudit.errors import OutputError

    real = _writer.create_temporary_file
    calls: list[int] = []

    def full_after_one(suffix: str = "") -> str:
        calls.append(1)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return str(real(suffix))

    unraisable: list[object] = []
    monkeypatch.setattr(_writer, "create_temporary_file", full_after_one)
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(OutputError) as raised:
        render_portfolio(portfolio, RenderOptions())
    import gc

    gc.collect()
    message = str(raised.value)
    assert "could not be assembled in the temporary folder" in message
    assert "No space left on device" in message and "TMPDIR" in message
    assert len(calls) == 2
    assert unraisable == []
