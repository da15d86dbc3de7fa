"""One root cause, one message: a problem that makes later checks meaningless counts their
findings ("and N ... that depend on it") instead of listing them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FolderFactory
from tests.validate.samples import crm_workbook, edit_thesis, sample_copy, thesis_line
from valaudit.validate.folder import validate_folder


def test_a_missing_sheet_is_one_problem_at_its_thesis_line(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "support_copilot")
    edit_thesis(folder, "sheet: KPIs", "sheet: KPI")
    result = validate_folder(str(folder))
    (problem,) = result.problems
    assert (problem.code, problem.path) == ("sheet_not_found", "data[0].sheet")
    assert problem.file.endswith("valaudit.yaml")
    assert problem.line == thesis_line(folder, "sheet: KPI")
    assert problem.message == (
        "The workbook 'data/kpis.xlsx' has no sheet named 'KPI' (and 5 KPIs that depend on "
        "it). Its sheets are: 'KPIs', 'Notes'."
    )
    assert problem.hint == (
        f"Did you mean 'KPIs'? Correct line {problem.line} of the thesis: sheet: KPIs."
    )


def test_a_missing_data_file_is_one_problem(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "crm_sales_emea")
    (folder / "data" / "regional_kpis.xlsx").unlink()
    result = validate_folder(str(folder))
    (problem,) = result.problems
    assert problem.code == "file_not_found"
    assert "(and 6 KPIs and 3 comparison segments that depend on it)" in problem.message


def test_a_table_that_cannot_be_read_hides_nothing_about_the_others(
    make_folder: FolderFactory,
) -> None:
    """KPIs of tables that were read are still checked when another table fails."""
    spec = {
        "valaudit": 1,
        "initiative": {"name": "X", "go_live": "2025-01-01"},
        "data": [{"path": "gone.csv"}, {"path": "k.csv"}],
        "kpis": [{"id": "aht", "stage": "productivity", "direction": "down", "target": 4}],
    }
    csv = "period,kpi,value\n2024-10,aht,5\n2024-12,aht,5\n2025-01,aht,other\n"
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert sorted(p.code for p in result.problems) == ["bad_number", "file_not_found"]
    (root,) = [p for p in result.problems if p.code == "file_not_found"]
    assert root.message.endswith("(and 1 warning about missing periods that depends on it).")


def test_one_quarter_among_months_is_one_problem_at_its_cell(tmp_path: Path) -> None:
    """A 2025-Q2 in row 5 of a wide sheet: every KPI of the row is broken by one cell."""
    folder = sample_copy(tmp_path, "crm_sales_emea")
    workbook, sheet = crm_workbook(folder)
    sheet.cell(5, 1).value = "2025-Q2"  # type: ignore[attr-defined]
    workbook.save(folder / "data" / "regional_kpis.xlsx")
    result = validate_folder(str(folder))
    (problem,) = result.problems
    assert (problem.code, problem.sheet, problem.row, problem.column) == (
        "mixed_periods",
        "Regional KPIs",
        5,
        "Month",
    )
    assert problem.message.startswith("The period 2025-Q2 is a quarter, but the other periods")
    assert "the 6 KPIs of this row" in problem.message
    assert "rows that depend on it)" in problem.message
    assert "e.g. 2025-04" in (problem.hint or "")


def test_a_bad_cell_is_not_reported_again_as_a_missing_period(
    make_folder: FolderFactory,
) -> None:
    spec = {
        "valaudit": 1,
        "initiative": {"name": "X", "go_live": "2025-01-01"},
        "data": [{"path": "k.csv"}],
        "kpis": [{"id": "aht", "stage": "productivity", "direction": "down", "target": 4}],
    }
    csv = "period,kpi,value\n2024-10,aht,5\n2024-11,aht,abc\n2024-12,aht,5\n"
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert [(p.code, p.row) for p in result.problems] == [("bad_number", 3)]


def test_a_kpi_whose_rows_all_hold_errors_is_not_without_data(make_folder: FolderFactory) -> None:
    spec = {
        "valaudit": 1,
        "initiative": {"name": "X", "go_live": "2025-01-01"},
        "data": [{"path": "k.csv"}],
        "kpis": [{"id": "aht", "stage": "productivity", "direction": "down", "target": 4}],
    }
    csv = "period,kpi,value\n2024-10,aht,x\n2024-11,aht,y\n"
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert [p.code for p in result.problems] == ["bad_number", "bad_number"]
