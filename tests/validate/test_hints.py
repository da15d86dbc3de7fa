"""Hints written for the case at hand: the table's layout, its file type, the user's own
headers filled into the mapping, and the thesis line to edit."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import BASE_THESIS, FolderFactory
from tests.validate.samples import edit_thesis, sample_copy, thesis_line
from valaudit.validate.folder import validate_folder


def only(result, code: str):  # type: ignore[no-untyped-def]
    (problem,) = [p for p in result.problems if p.code == code]
    return problem


def test_header_missing_on_a_wide_sheet_shows_the_wide_mapping(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "crm_sales_emea")
    edit_thesis(folder, "      period: Month", "      period: Mon")
    problem = only(validate_folder(str(folder)), "header_missing")
    line = thesis_line(folder, "columns:")
    assert problem.hint == (
        "The thesis maps period to 'Mon', which is not in the first row: did you mean 'Month'? "
        f"Correct it under this table's columns: (line {line} of the thesis): "
        "columns: {period: Month}."
    )


def test_header_missing_on_a_wide_sheet_never_shows_the_long_example(
    make_folder: FolderFactory,
) -> None:
    spec = {**BASE_THESIS, "data": [{"path": "w.csv", "layout": "wide"}]}
    csv = "Quarter,adoption_pct\n2025-Q1,5\n"
    problem = only(validate_folder(str(make_folder(spec, {"w.csv": csv}))), "header_missing")
    assert "columns: {period: Quarter}" in (problem.hint or "")
    assert "kpi:" not in (problem.hint or "") and "value:" not in (problem.hint or "")
    assert "one column per KPI" in (problem.hint or "")


def test_header_missing_on_a_long_table_maps_the_files_own_headers(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "support_copilot")
    edit_thesis(
        folder, "    columns: {period: Month, kpi: Metric, value: Value, segment: Team}\n", ""
    )
    problem = only(validate_folder(str(folder)), "header_missing")
    assert "columns: {period: Month, kpi: Metric, value: Value, segment: Team}" in (
        problem.hint or ""
    )
    assert "(and 5 KPIs that depend on it)" in problem.message


def test_a_wide_table_read_as_long_is_told_to_say_layout_wide(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "crm_sales_emea")
    edit_thesis(folder, "layout: wide", "layout: long")
    problem = only(validate_folder(str(folder)), "header_missing")
    assert "looks like a wide table" in (problem.hint or "")
    assert f"(line {thesis_line(folder, 'layout: long')} of the thesis)" in (problem.hint or "")


def test_unknown_kpi_column_shows_the_mapping_with_its_own_header(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "crm_sales_emea")
    edit_thesis(folder, 'revenue_per_rep_k: "Revenue per rep (kEUR)"', 'revenue_per_rep_k: "Rev"')
    problem = only(validate_folder(str(folder)), "unknown_kpi_column")
    assert problem.column == "Revenue per rep (kEUR)"
    line = thesis_line(folder, "columns:")
    assert problem.hint == (
        f"If it holds 'revenue_per_rep_k', map it under this table's columns: (line {line} of "
        'the thesis): columns: {revenue_per_rep_k: "Revenue per rep (kEUR)"}. Columns that '
        "hold no KPI can stay; they are ignored."
    )


def test_a_total_row_is_told_to_be_deleted(make_folder: FolderFactory) -> None:
    csv = (
        "period,kpi,value\n2025-01,adoption_pct,5\n2025-02,adoption_pct,6\nTotal,adoption_pct,11\n"
    )
    problem = only(validate_folder(str(make_folder(BASE_THESIS, {"data.csv": csv}))), "bad_period")
    assert (problem.row, problem.column) == (4, "period")
    assert "looks like a total row" in problem.message
    assert problem.hint == (
        "Delete total and subtotal rows: valaudit sums and averages the periods itself."
    )


def test_display_names_in_the_kpi_column_are_never_offered_as_valid_names(
    tmp_path: Path,
) -> None:
    """The kpi column holds a KPI's display name instead of its id: the hints say which id to
    write, and no other KPI's display name is suggested as a valid name."""
    folder = sample_copy(tmp_path, "support_copilot")
    workbook = openpyxl.load_workbook(folder / "data" / "kpis.xlsx")
    sheet = workbook["KPIs"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == "handle_time_min":
                cell.value = "Average handle time"
            elif cell.value == "csat":
                cell.value = "Customer happiness"
    workbook.save(folder / "data" / "kpis.xlsx")
    result = validate_folder(str(folder))
    named = [p for p in result.problems if p.code == "unknown_kpi"]
    hints = {p.message.split("'")[1]: p.hint for p in named}
    assert hints["Average handle time"] == (
        "'Average handle time' is the name of 'handle_time_min'; the kpi column holds ids: "
        "write handle_time_min instead."
    )
    without = {
        p.message.split("'")[1]: p.hint or ""
        for p in result.problems
        if p.code == "kpi_without_data"
    }
    assert "under its name 'Average handle time'" in without["handle_time_min"]
    for hint in without.values():
        assert "Valid names here" not in hint and "Customer happiness" not in hint
