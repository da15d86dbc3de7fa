"""The KPI workbook template, reopened with openpyxl as Excel would see it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from tests.onboarding.helpers import TYPES, start
from valaudit.onboarding.presets import preset, template_dates
from valaudit.onboarding.scaffold import THESIS_FILE, WORKBOOK_FILE
from valaudit.onboarding.workbook import render_workbook


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return start(tmp_path_factory.mktemp("wb") / "client", "erp")


@pytest.fixture(scope="module")
def book(folder: Path) -> Any:
    return load_workbook(folder / WORKBOOK_FILE)


def test_sheets_in_order_with_the_data_sheet_first(book: Any) -> None:
    assert book.sheetnames == ["KPIs", "Instructions", "KPI list"]
    assert book.active.title == "KPIs"


def test_the_data_sheet_has_the_long_layout_headers(book: Any) -> None:
    sheet = book["KPIs"]
    assert [c.value for c in sheet[1]] == ["period", "kpi", "value", "segment"]
    assert sheet.freeze_panes == "A2"


def test_the_kpi_column_has_a_drop_down_of_every_thesis_id(book: Any, folder: Path) -> None:
    sheet = book["KPIs"]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    validation = validations[0]
    assert validation.type == "list"
    assert str(validation.sqref).startswith("B2:B")
    assert validation.showErrorMessage and validation.prompt
    name = book.defined_names[validation.formula1]
    (sheet_name, cells), *_ = name.destinations
    listed = [row[0].value for row in book[sheet_name][cells.replace("$", "")]]
    thesis = yaml.safe_load((folder / THESIS_FILE).read_text(encoding="utf-8"))
    ids = [k["id"] for k in thesis["kpis"]] + [g["id"] for g in thesis["guardrails"]]
    assert listed == ids


def test_periods_are_dated_cells_with_a_date_format(book: Any) -> None:
    sheet = book["KPIs"]
    assert sheet.column_dimensions["A"].number_format == "yyyy-mm-dd"
    periods = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert periods
    for cell in periods:
        assert isinstance(cell.value, dt.datetime)
        assert cell.number_format == "yyyy-mm-dd"
        assert cell.value.date() < template_dates().go_live


def test_example_rows_cover_every_measure_before_go_live(book: Any) -> None:
    sheet = book["KPIs"]
    rows = [tuple(c.value for c in row[:3]) for row in sheet.iter_rows(min_row=2)]
    chosen = preset("erp")
    assert {kpi for _, kpi, _ in rows} == {m.id for m in chosen.measures}
    assert len(rows) == len(chosen.measures) * len(template_dates().example_periods)
    assert all(isinstance(value, int | float) for _, _, value in rows)
    assert all(row[0].font.italic for row in sheet.iter_rows(min_row=2))  # marked as examples


def test_the_instructions_sheet_explains_each_column_and_the_examples(book: Any) -> None:
    sheet = book["Instructions"]
    text = "\n".join(str(row[0].value) for row in sheet.iter_rows() if row[0].value)
    for needle in ("period:", "kpi:", "value:", "segment:", "example", "valaudit validate"):
        assert needle in text
    assert template_dates().go_live.isoformat() in text
    assert "{{" not in text


def test_the_kpi_list_sheet_describes_each_measure(book: Any) -> None:
    sheet = book["KPI list"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    by_id = {row[0]: row for row in rows}
    assert by_id["dso_days"][2:5] == ["financial", "days", "down"]
    assert by_id["overtime_hours_per_fte"][2] == "guardrail"
    assert by_id["overtime_hours_per_fte"][5] == "tolerance 15%"


@pytest.mark.parametrize("kind", TYPES)
def test_the_bytes_are_reproducible(kind: str) -> None:
    chosen, dates = preset(kind), template_dates()
    data = render_workbook(chosen, dates)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2
    assert render_workbook(chosen, dates) == data
