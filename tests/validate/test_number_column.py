"""One number convention per value column: no silent misreads, and each contradicting cell
an error at its own cell with its reading under each convention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import BASE_THESIS, FolderFactory
from tests.validate.samples import crm_workbook, revenue_in_units, sample_copy, thesis_line
from tests.validate.test_table import xlsx_bytes
from valaudit.model.validation import FolderValidation
from valaudit.validate.folder import validate_folder


def errors(result: FolderValidation) -> list[tuple[str, str | None, int | None, str | None]]:
    return [(p.code, p.sheet, p.row, p.column) for p in result.errors]


def values(result: FolderValidation, kpi: str) -> list[float]:
    assert result.observations is not None
    frame = result.observations.frame
    rows = frame.loc[frame["kpi"] == kpi].sort_values("row")
    return [float(v) for v in rows["value"]]


def thesis(path: str, kpis: list[str], **source: object) -> dict[str, object]:
    spec = dict(BASE_THESIS)
    spec["data"] = [{"path": path, **source}]
    spec["kpis"] = [
        {"id": kpi, "stage": "financial", "direction": "up", "target_change": "+5%"} for kpi in kpis
    ]
    return spec


# --- The two misreads of the issue ----------------------------------------------------------


def test_a_text_cell_with_a_thousands_point_among_numbers_is_an_error_at_its_cell(
    tmp_path: Path,
) -> None:
    """`€81.613` typed as text among numeric cells shown as 81,613: read cell by cell it was
    81.613, and the verdict flipped without a word."""
    folder = sample_copy(tmp_path, "crm_sales_emea")
    workbook, sheet = crm_workbook(folder)
    revenue_in_units(sheet)
    sheet.cell(20, 7).value = "€81.613"  # type: ignore[attr-defined]
    workbook.save(folder / "data" / "regional_kpis.xlsx")
    result = validate_folder(str(folder))
    assert errors(result) == [
        ("ambiguous_number", "Regional KPIs", 20, "Revenue per rep (kEUR)"),
    ]
    (problem,) = result.errors
    assert "'€81.613'" in problem.message and "(a text cell)" in problem.message
    assert "reads as 81.613" in problem.message and "it would be 81613" in problem.message
    assert "KPI 'revenue_per_rep_k'" in problem.message
    assert "Type the value as a number" in (problem.hint or "")
    assert result.warnings == []  # its period is not reported again as missing


def test_a_csv_cell_with_a_thousands_point_among_thousands_commas_is_an_error_at_its_cell(
    tmp_path: Path,
) -> None:
    """`€83.900` among `"84,100"`: read alone it was 83.9, and the KPI turned achieved."""
    folder = sample_copy(tmp_path, "invoice_automation")
    table = folder / "data" / "ap_kpis.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    fee_rows = [i for i, line in enumerate(lines) if ",late_payment_fees," in line]
    for count, index in enumerate(fee_rows):
        period = lines[index].split(",")[0]
        cell = f'"{84100 - 100 * count:,}"'
        lines[index] = f"{period},late_payment_fees,{cell}"
    target = fee_rows[4]
    lines[target] = lines[target].split(",")[0] + ",late_payment_fees,€83.900"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate_folder(str(folder))
    assert errors(result) == [("number_format_conflict", None, target + 1, "value")]
    message = result.errors[0].message
    assert "'€83.900'" in message and "KPI 'late_payment_fees'" in message
    assert "groups thousands with ','" in message and "'84,100' in row" in message
    assert "(83.9)" in message and "it would be 83900" in message
    assert "83,900" in (result.errors[0].hint or "")


def test_consistent_european_formatting_still_reads(tmp_path: Path) -> None:
    """erp_finance_close: semicolons, decimal commas (9,7) and thousands points (1.771)."""
    result = validate_folder(str(sample_copy(tmp_path, "erp_finance_close")))
    assert result.valid and result.problems == []
    assert values(result, "invoices_per_fte")[:3] == [1771.0, 1822.0, 1809.0]
    assert values(result, "days_to_close")[:3] == [9.7, 8.7, 9.1]


def test_a_comma_csv_with_quoted_decimal_commas_throughout_reads_them(
    make_folder: FolderFactory,
) -> None:
    csv = 'period,kpi,value\n2024-12,aht,"12,5"\n2025-01,aht,"1.234,5"\n2025-02,aht,"11,75"\n'
    result = validate_folder(str(make_folder(thesis("k.csv", ["aht"]), {"k.csv": csv})))
    assert result.valid
    assert values(result, "aht") == [12.5, 1234.5, 11.75]


def test_a_decimal_comma_among_decimal_points_is_an_error_with_both_readings(
    make_folder: FolderFactory,
) -> None:
    csv = 'period,kpi,value\n2024-12,aht,12.5\n2025-01,aht,"12,1"\n2025-02,aht,11.75\n'
    result = validate_folder(str(make_folder(thesis("k.csv", ["aht"]), {"k.csv": csv})))
    assert errors(result) == [("number_format_conflict", None, 3, "value")]
    message = result.errors[0].message
    assert "'12,1' is written with a decimal comma" in message
    assert "'12.5' in row 2" in message
    assert "With a decimal comma it is 12.1; with a decimal point it is not a number" in message
    assert 'number_format: {decimal: ","}' in (result.errors[0].hint or "")


# --- number_format in the thesis ------------------------------------------------------------


def test_number_format_settles_what_a_semicolon_column_cannot(make_folder: FolderFactory) -> None:
    csv = "period;kpi;value\n2024-12;aht;1.500\n2025-01;aht;1.620\n"
    undecided = validate_folder(str(make_folder(thesis("k.csv", ["aht"]), {"k.csv": csv}, "a")))
    assert [p.code for p in undecided.errors] == ["ambiguous_number"] * 2
    assert 'number_format: {decimal: ","}' in (undecided.errors[0].hint or "")
    per_table = thesis("k.csv", ["aht"], number_format={"decimal": ","})
    settled = validate_folder(str(make_folder(per_table, {"k.csv": csv}, "b")))
    assert settled.valid and values(settled, "aht") == [1500.0, 1620.0]
    shared = {**thesis("k.csv", ["aht"]), "number_format": {"decimal": "."}}
    as_points = validate_folder(str(make_folder(shared, {"k.csv": csv}, "c")))
    assert as_points.valid and values(as_points, "aht") == [1.5, 1.62]


def test_a_table_number_format_overrides_the_thesis_one(make_folder: FolderFactory) -> None:
    csv = "period;kpi;value\n2024-12;aht;1.500\n2025-01;aht;1.620\n"
    spec = {
        **thesis("k.csv", ["aht"], number_format={"decimal": ","}),
        "number_format": {"decimal": "."},
    }
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert values(result, "aht") == [1500.0, 1620.0]


def test_a_cell_the_thesis_number_format_rules_out_is_an_error(make_folder: FolderFactory) -> None:
    csv = 'period,kpi,value\n2024-12,aht,12.5\n2025-01,aht,"1,500"\n'
    spec = thesis("k.csv", ["aht"], number_format={"decimal": ".", "thousands": ""})
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert errors(result) == [("number_format_conflict", None, 3, "value")]
    assert "no thousands separator" in result.errors[0].message


def test_number_format_with_one_separator_for_both_is_an_error_at_its_line(
    make_folder: FolderFactory,
) -> None:
    spec = {**thesis("k.csv", ["aht"]), "number_format": {"decimal": ",", "thousands": ","}}
    folder = make_folder(spec, {"k.csv": "period,kpi,value\n2025-01,aht,1\n"})
    result = validate_folder(str(folder))
    (problem,) = result.errors
    assert (problem.code, problem.path) == ("invalid_value", "number_format.thousands")
    assert problem.line == thesis_line(folder, "thousands:")


# --- Percent signs and currencies -----------------------------------------------------------


def test_a_fraction_among_percentages_is_an_error(make_folder: FolderFactory) -> None:
    csv = (
        "period,kpi,value\n2024-10,adoption_pct,17.4%\n2024-11,adoption_pct,18.1%\n"
        "2024-12,adoption_pct,0.19\n2025-01,adoption_pct,20.5%\n"
    )
    result = validate_folder(str(make_folder(thesis("k.csv", ["adoption_pct"]), {"k.csv": csv})))
    assert errors(result) == [("number_format_conflict", None, 4, "value")]
    message = result.errors[0].message
    assert "'0.19' is not written as a percentage" in message and "19%" in message
    assert result.errors[0].hint == "Write it as the others are written: 19%."


def test_an_unformatted_fraction_among_percentage_cells_is_an_error(
    make_folder: FolderFactory,
) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(["period", "kpi", "value"])
        for month, share in zip(range(1, 6), (0.61, 0.64, 0.66, 0.7, 0.72), strict=True):
            ws.append([dt.datetime(2025, month, 1), "adoption_pct", share])
            ws.cell(ws.max_row, 3).number_format = "0%"
        ws.cell(4, 3).number_format = "General"  # 0.66, shown as 0.66 instead of 66%

    spec = thesis("k.xlsx", ["adoption_pct"])
    result = validate_folder(str(make_folder(spec, {"k.xlsx": xlsx_bytes(build)})))
    assert errors(result) == [("number_format_conflict", "Sheet", 4, "value")]
    assert "66%" in result.errors[0].message
    assert "Format the cell as a percentage in Excel" in (result.errors[0].hint or "")


def test_a_currency_unlike_the_rest_of_the_kpi_is_an_error(make_folder: FolderFactory) -> None:
    csv = "period,kpi,value\n2024-12,fees,$6.46\n2025-01,fees,$6.30\n2025-02,fees,€6.10\n"
    result = validate_folder(str(make_folder(thesis("k.csv", ["fees"]), {"k.csv": csv})))
    assert errors(result) == [("number_format_conflict", None, 4, "value")]
    assert "is in €" in result.errors[0].message and "are in $" in result.errors[0].message


def test_kpis_of_one_long_column_may_differ_in_signs(tmp_path: Path) -> None:
    """invoice_automation's value column mixes 17.4%, $6.46, 11.3 and "$22,382": fine."""
    result = validate_folder(str(sample_copy(tmp_path, "invoice_automation")))
    assert result.valid and result.problems == []


# --- Excel text cells -----------------------------------------------------------------------


def test_an_xlsx_text_cell_with_a_decimal_comma_reads_when_nothing_contradicts_it(
    make_folder: FolderFactory,
) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(["period", "kpi", "value"])
        ws.append(["2024-12", "adoption_pct", 11.5])
        ws.append(["2025-01", "adoption_pct", "12,1%"])

    spec = thesis("k.xlsx", ["adoption_pct"])
    result = validate_folder(str(make_folder(spec, {"k.xlsx": xlsx_bytes(build)})))
    assert result.valid and values(result, "adoption_pct") == [11.5, 12.1]


def test_a_conflicting_xlsx_text_cell_gets_a_workbook_hint(make_folder: FolderFactory) -> None:
    def build(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb.active
        ws.append(["period", "kpi", "value"])
        ws.append(["2024-11", "adoption_pct", "11.5%"])
        ws.append(["2024-12", "adoption_pct", "11.8%"])
        ws.append(["2025-01", "adoption_pct", "12,1%"])

    spec = thesis("k.xlsx", ["adoption_pct"])
    result = validate_folder(str(make_folder(spec, {"k.xlsx": xlsx_bytes(build)})))
    assert errors(result) == [("number_format_conflict", "Sheet", 4, "value")]
    hint = result.errors[0].hint or ""
    assert "Type the value as a number" in hint
    assert "comma-separated" not in hint and "comma-separated" not in result.errors[0].message


# --- Cells that say there is no value -------------------------------------------------------


def test_no_value_cells_are_not_errors_and_not_missing_rows(tmp_path: Path) -> None:
    folder = sample_copy(tmp_path, "invoice_automation")
    table = folder / "data" / "ap_kpis.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    rows = [i for i, line in enumerate(lines) if ",invoice_cycle_days," in line]
    for index, text in zip(rows[3:7], ["n/a", "-", "—", ""], strict=True):
        lines[index] = lines[index].rsplit(",", 1)[0] + "," + text
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate_folder(str(folder))
    assert result.errors == []
    (warning,) = result.warnings
    assert (warning.code, warning.row, warning.column) == ("no_value", rows[3] + 1, "value")
    assert f"(row {rows[3] + 1}: 'n/a')" in warning.message
    assert f"(row {rows[6] + 1}: empty)" in warning.message
    assert "never counted as zero" in warning.message
    assert "Add the missing rows" not in (warning.hint or "")
    assert "A dash that means zero must be written 0." in (warning.hint or "")


def test_a_missing_row_and_a_no_value_cell_are_told_apart(make_folder: FolderFactory) -> None:
    csv = "period,kpi,value\n2024-10,aht,5\n2024-11,aht,n/a\n2025-01,aht,4\n"
    result = validate_folder(str(make_folder(thesis("k.csv", ["aht"]), {"k.csv": csv})))
    by_code = {p.code: p for p in result.warnings}
    assert sorted(by_code) == ["missing_periods", "no_value"]
    assert "2024-12" in by_code["missing_periods"].message
    assert by_code["missing_periods"].hint == "Add the missing rows if the values exist."
    assert "2024-11 (row 3: 'n/a')" in by_code["no_value"].message


def test_readers_keep_every_cell_of_a_wide_workbook_column_they_cannot_read_out(
    tmp_path: Path,
) -> None:
    """A date typed into a value cell is an error at the cell, not a crash or a number."""
    folder = sample_copy(tmp_path, "crm_sales_emea")
    workbook, sheet = crm_workbook(folder)
    sheet.cell(3, 4).value = dt.datetime(2024, 3, 1)  # type: ignore[attr-defined]
    workbook.save(folder / "data" / "regional_kpis.xlsx")
    result = validate_folder(str(folder))
    assert errors(result) == [("bad_number", "Regional KPIs", 3, "Admin hours per rep")]
    assert "date 2024-03-01" in result.errors[0].message


def test_semicolon_extra_cells_hint_does_not_blame_commas(make_folder: FolderFactory) -> None:
    csv = "period;kpi;value\n2024-12;aht;5\n2025-01;aht;4;x\n"
    result = validate_folder(str(make_folder(thesis("k.csv", ["aht"]), {"k.csv": csv})))
    problem = next(p for p in result.problems if p.code == "extra_cells")
    assert "semicolon inside a name" in (problem.hint or "")


def test_each_series_of_a_long_column_is_judged_on_its_own(make_folder: FolderFactory) -> None:
    """Many KPIs and segments in one value column: percentages, dollars and euros side by
    side are fine; the one cell that contradicts its own series is the only error."""
    lines = ["period,kpi,segment,value"]
    for segment in range(150):
        for month in range(1, 5):
            period = f"2024-{month:02d}"
            lines.append(f"{period},share,s{segment},{40 + month}.5%")
            lines.append(f'{period},fees_us,s{segment},"${1000 + month:,}"')
            lines.append(f'{period},fees_eu,s{segment},"€{2000 + segment:,}"')
    bad_row = len(lines) + 1
    lines.append("2024-05,share,s7,0.45")  # a fraction among percentages
    euro_row = len(lines) + 1
    lines.append("2024-05,fees_us,s9,€1005")  # a euro among dollars
    csv = "\n".join(lines) + "\n"
    spec = thesis("k.csv", ["share", "fees_us", "fees_eu"])
    result = validate_folder(str(make_folder(spec, {"k.csv": csv})))
    assert errors(result) == [
        ("number_format_conflict", None, bad_row, "value"),
        ("number_format_conflict", None, euro_row, "value"),
    ]
    assert "segment 's7'" in result.errors[0].message
    assert "(segment 's9')" in result.errors[1].message and "are in $" in result.errors[1].message


def test_huge_numbers_in_a_column_of_plain_numbers_are_errors_at_their_cells(
    make_folder: FolderFactory,
) -> None:
    """The parser reads the column as numbers; the values beyond ±1e18 (and infinity) are
    each an error at its row, the others are kept as they are."""
    csv = (
        "period,kpi,value\n2024-10,revenue,1.5\n2024-11,revenue,1e19\n"
        "2024-12,revenue,-2e18\n2025-01,revenue,3\n2025-02,revenue,1e18\n"
    )
    result = validate_folder(str(make_folder(thesis("k.csv", ["revenue"]), {"k.csv": csv})))
    assert errors(result) == [("bad_number", None, 3, "value"), ("bad_number", None, 4, "value")]
    assert "1e+19" in result.errors[0].message and "-2e+18" in result.errors[1].message
    assert values(result, "revenue") == [1.5, 3.0, 1e18]
