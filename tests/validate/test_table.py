"""Table errors: every cell-level problem with file, sheet, row (as Excel or an editor
shows it, header included) and the user's own column header."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import BASE_THESIS
from valaudit.errors import ProblemLog
from valaudit.load.periods import Period, parse_period_value
from valaudit.load.raw import RawTable
from valaudit.model.thesis import DataSource
from valaudit.validate.folder import validate_folder
from valaudit.validate.table_cells import TableChecker


def thesis_for(path: str, **source: object) -> dict:
    thesis = dict(BASE_THESIS)
    thesis["data"] = [{"path": path, **source}]
    thesis["kpis"] = [
        {"id": "adoption_pct", "stage": "adoption", "direction": "up", "target": 80},
        {"id": "aht", "stage": "productivity", "direction": "down", "target_change": "-10%"},
    ]
    return thesis


def located(result):  # type: ignore[no-untyped-def]
    return [(p.code, p.sheet, p.row, p.column) for p in result.problems if p.is_error]


def test_csv_cell_errors_carry_row_and_column(make_folder) -> None:
    csv = (
        "Month,Metric,Amount\n"  # row 1
        "2024-12,adoption_pct,1\n"  # row 2
        "2025-13,adoption_pct,2\n"  # row 3: no month 13
        "\n"  # row 4: blank, skipped but counted
        "2025-02,adoption_pct,abc\n"  # row 5: not a number
        "2025-03,,5\n"  # row 6: no KPI id
        "2025-04,aht,#N/A\n"  # row 7: Excel error
    )
    folder = make_folder(
        thesis_for("k.csv", columns={"period": "Month", "kpi": "Metric", "value": "Amount"}),
        {"k.csv": csv},
    )
    result = validate_folder(str(folder))
    assert located(result) == [
        ("bad_period", None, 3, "Month"),
        ("bad_number", None, 5, "Amount"),
        ("missing_kpi", None, 6, "Metric"),
        ("excel_error_cell", None, 7, "Amount"),
    ]
    bad_number = next(p for p in result.problems if p.code == "bad_number")
    assert bad_number.file.endswith("k.csv")
    assert "'abc'" in bad_number.message


def test_rows_are_physical_lines_even_with_quoted_line_breaks(make_folder) -> None:
    csv = 'period,kpi,value,comment\n2025-01,aht,5,"two\nlines"\n2025-02,aht,x,ok\n'
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert located(result) == [("bad_number", None, 4, "value")]


def test_a_missing_column_names_the_headers_found(make_folder) -> None:
    csv = "period,kpi,vaule\n2025-01,aht,5\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    problem = next(p for p in result.problems if p.code == "header_missing")
    assert problem.row == 1
    assert "'vaule'" in problem.message


def test_duplicate_rows_name_both_locations(make_folder) -> None:
    csv = "period,kpi,value\n2025-01-31,aht,5\n2025-02-28,aht,6\n2025-01-15,aht,7\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    problem = next(p for p in result.problems if p.code == "duplicate_row")
    assert problem.row == 4
    assert "row 2" in problem.message and "2025-01" in problem.message


def test_ragged_rows_are_reported_not_misread(make_folder) -> None:
    # An unquoted thousands separator splits one number into two cells.
    csv = "period,kpi,value\n2025-01,aht,5\n2025-02,aht,1,234\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert ("extra_cells", None, 3, None) in located(result)


def test_semicolon_files_read_decimal_commas(make_folder) -> None:
    csv = "period;kpi;value\n2024-12;aht;1.234,5\n2025-01;aht;12,5\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert result.valid
    assert sorted(result.observations.frame["value"].tolist()) == [12.5, 1234.5]


def test_wide_layout_maps_headers_and_warns_about_unknown_columns(make_folder) -> None:
    csv = "Quarter,AHT (min),adoption_pct,Comment\n2024Q4,5,1,x\n2025-Q1,4,oops,y\n"
    folder = make_folder(
        thesis_for("w.csv", layout="wide", columns={"period": "Quarter", "aht": "AHT (min)"}),
        {"w.csv": csv},
    )
    result = validate_folder(str(folder))
    assert located(result) == [("bad_number", None, 3, "adoption_pct")]
    warning = next(p for p in result.warnings if p.code == "unknown_kpi_column")
    assert (warning.column, warning.row) == ("Comment", 1)
    assert not result.valid  # one bad cell makes the folder invalid for the audit


def xlsx_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_errors_name_the_sheet_row_and_header(make_folder) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.title = "KPIs"
        ws.append(["Monthly KPI extract"])  # row 1: a title above the header
        ws.append(["Period", "KPI", "Value"])  # row 2
        ws.append([dt.date(2024, 12, 1), "aht", 5])  # row 3
        ws.append([dt.date(2025, 1, 1), "aht", "#N/A"])  # row 4: error cell
        ws.append([dt.date(2025, 2, 1), "aht", "=B3*2"])  # row 5: formula, never calculated
        ws.append([45717, "aht", 4.5])  # row 6: a raw date serial (2025-03-01)

    folder = make_folder(thesis_for("k.xlsx", sheet="kpis"), {"k.xlsx": xlsx_bytes(build)})
    result = validate_folder(str(folder))
    assert located(result) == [
        ("excel_error_cell", "KPIs", 4, "Value"),
        ("uncached_formula", "KPIs", 5, "Value"),
    ]
    uncached = next(p for p in result.problems if p.code == "uncached_formula")
    assert "opened" in uncached.message and "=B3*2" in uncached.message
    assert "Open the file in Excel and save it" in (uncached.hint or "")


def test_xlsx_default_sheet_skips_hidden_sheets_with_a_warning(make_folder) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        hidden = wb.active
        hidden.title = "Calc"
        hidden.sheet_state = "hidden"
        hidden.append(["junk"])
        data = wb.create_sheet("Data")
        data.append(["period", "kpi", "value"])
        data.append(["2024-12", "aht", 5])
        data.append(["2025-01", "aht", 4])

    result = validate_folder(str(make_folder(thesis_for("k.xlsx"), {"k.xlsx": xlsx_bytes(build)})))
    assert result.valid
    warning = next(p for p in result.warnings if p.code == "hidden_sheet")
    assert "'Calc'" in warning.message
    assert len(result.observations.frame) == 2


def test_xlsx_missing_sheet_lists_the_sheets(make_folder) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        wb.active.title = "Data"

    result = validate_folder(
        str(make_folder(thesis_for("k.xlsx", sheet="KPIs"), {"k.xlsx": xlsx_bytes(build)}))
    )
    problem = next(p for p in result.problems if p.code == "sheet_not_found")
    assert "'Data'" in problem.message


def test_xlsx_percent_cells_read_as_the_percent_shown(make_folder) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(["period", "kpi", "value"])
        ws.append(["2024-12", "adoption_pct", 0.125])
        ws.cell(2, 3).number_format = "0.0%"
        ws.append(["2025-01", "adoption_pct", 40])

    result = validate_folder(str(make_folder(thesis_for("k.xlsx"), {"k.xlsx": xlsx_bytes(build)})))
    assert sorted(result.observations.frame["value"].tolist()) == [12.5, 40.0]


def test_xlsx_merged_segment_cells_fill_down(make_folder) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(["period", "segment", "kpi", "value"])
        ws.append(["2024-12", "EMEA", "aht", 5])
        ws.append(["2025-01", None, "aht", 4])
        ws.merge_cells("B2:B3")

    result = validate_folder(str(make_folder(thesis_for("k.xlsx"), {"k.xlsx": xlsx_bytes(build)})))
    assert result.valid
    assert result.observations.frame["segment"].astype(str).tolist() == ["EMEA", "EMEA"]


def test_a_data_path_that_does_not_exist_points_at_the_thesis_line(make_folder) -> None:
    folder = make_folder(thesis_for("missing.csv"))
    result = validate_folder(str(folder))
    problem = next(p for p in result.problems if p.code == "file_not_found")
    assert problem.file.endswith("valaudit.yaml")
    assert problem.path == "data[0].path"
    text = (folder / "valaudit.yaml").read_text()
    assert text.splitlines()[problem.line - 1].strip().startswith("- path: missing.csv")


def test_a_semicolon_file_with_decimal_points_reads_thousands_commas(make_folder) -> None:
    csv = 'period;kpi;value\n2024-12;aht;11.3\n2025-01;aht;"$22,382"\n'
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert result.valid
    assert sorted(result.observations.frame["value"].tolist()) == [11.3, 22382.0]


def test_a_semicolon_file_with_decimal_commas_reads_thousands_dots(make_folder) -> None:
    csv = "period;kpi;value\n2024-12;aht;12,5\n2025-01;aht;1.500\n2025-02;aht;2.250,75\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert result.valid
    assert sorted(result.observations.frame["value"].tolist()) == [12.5, 1500.0, 2250.75]


def test_a_semicolon_column_that_cannot_say_which_separator_is_an_error(make_folder) -> None:
    csv = "period;kpi;value\n2024-12;aht;22,382\n2025-01;aht;1.500\n2025-02;aht;7\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assert located(result) == [
        ("ambiguous_number", None, 2, "value"),
        ("ambiguous_number", None, 3, "value"),
    ]
    problem = next(p for p in result.problems if p.row == 2)
    assert "22382" in problem.message and "22.382" in problem.message


def test_an_assumed_date_order_quotes_the_first_such_date_in_the_file(make_folder) -> None:
    # Both dates are month starts read day first only; the file lists March before February.
    csv = "period,kpi,value\n01/03/2025,aht,5\n01/02/2025,aht,6\n2025-04,aht,x\n"
    result = validate_folder(str(make_folder(thesis_for("k.csv"), {"k.csv": csv})))
    assumed = [p for p in result.problems if p.code == "period_format_assumed"]
    assert [(p.severity, p.column) for p in assumed] == [("warning", "period")]
    assert assumed[0].message.startswith("Dates such as '01/03/2025' were read day first")
    assert located(result) == [("bad_number", None, 4, "value")]


@given(
    days=st.lists(
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), max_size=12
    ),
    others=st.lists(st.sampled_from(["2024-W01", "2024-Q3", "2024", "1969-12", "bad", ""])),
)
@example(days=[dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1969, 12, 31)], others=["x"])
def test_each_period_starts_on_the_day_its_label_names(
    days: list[dt.date], others: list[str]
) -> None:
    """A period column's start dates, NaT where a label is not a period, are the days the
    labels parse to (taken as integers since 1970, not date by date)."""
    texts = [day.isoformat() for day in days] + others
    frame = pd.DataFrame({0: pd.Categorical(texts)})
    raw = RawTable("k.csv", None, ["period"], 1, frame, np.arange(2, 2 + len(texts)))
    source = DataSource(index=0, path="k.csv", sheet=None, layout="long", columns={}, line=1)
    starts, _, valid = TableChecker(raw, source, [], ProblemLog()).periods(
        0, np.ones(len(texts), dtype=bool)
    )
    assert starts.dtype == np.dtype("datetime64[s]")
    for text, start, is_valid in zip(texts, starts, valid, strict=True):
        parsed = parse_period_value(text) if text else None
        if isinstance(parsed, Period):
            assert is_valid and start == np.datetime64(parsed.start, "D"), text
        else:
            assert not is_valid and np.isnat(start), text
