"""Every corpus file through every reader path, and the fixtures the corpus lacks.

The corpus (tests/data/corpus, see its INDEX.md) is a public data-validation project's set of
awkward CSV and XLSX files. Each goes through a thesis as a long table, a wide table, and
with ``columns:`` mapping its own headers (long and wide): never a traceback, every problem
with its file, and with its row when it is about a row. Files whose meaning is known get
their exact outcome checked. tests/data/fixtures holds what the corpus lacks (made by
tests/data/make_fixtures.py): a hidden sheet, uncached formulas, raw serial dates, UTF-16
text and a sheet whose dimension claims 1,024 columns.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CORPUS, ROOT
from tests.load.tables import assert_located
from valaudit.model.validation import FolderValidation
from valaudit.validate.folder import validate_folder

FIXTURES = ROOT / "tests" / "data" / "fixtures"
CORPUS_FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx"))

#: For each corpus file, three of its own headers: mapped to period, kpi and value (long), or
#: to period and two KPIs (wide).
HEADERS: dict[str, tuple[str, str, str]] = {
    "adjust-floating-point-error.xlsx": ("peak PO4", "Sample Name", "actual PO4 (formula)"),
    "ascii-notvalid.csv": ("A", "B", "C"),
    "blank-headers.csv": ("id", "age", "age"),
    "blank-rows-multiple.csv": ("id", "name", "age"),
    "blank-rows-no-fields.csv": ("id", "name", "age"),
    "bom.csv": ("id", "name", "id"),
    "capital-invalid.csv": ("id", "name", "id"),
    "cast-int-to-string-issue-1251.xlsx": ("C", "A", "E"),
    "defective-rows.csv": ("id", "name", "age"),
    "delimiter.csv": ("id", "name", "id"),
    "duplicate-headers.csv": ("age", "name", "id"),
    "empty.csv": ("id", "name", "age"),
    "encoding-issue-274.csv": ("founding_date", "name", "parent_id"),
    "escaping.csv": ("ID", "Test", "ID"),
    "invalid.csv": ("id", "name", "id"),
    "issue-1024.xlsx": ("Date of Analysis", "Country", "Country Population"),
    "issue-1066-largecellsize.csv": ("status", "Description", "status"),
    "issue-1100.csv": ("timestamp", "id", "id"),
    "issue-1105-timezone.csv": ("timestamp", "id", "id"),
    "issue-1109.csv": ("int", "string", "number"),
    "issue-312.xlsx": ("id", "name", "id"),
    "issue-313.xlsx": ("Column_1", "Column_3", "Column_2"),
    "issue-825.csv": ("2011", "Musei", "2010"),
    "issue-844.csv": ("età", "nome", "età"),
    "issue-870.xlsx": ("Date", "First Name", "Age"),
    "latin1.csv": ("id", "name", "id"),
    "leading-zeros.csv": ("value", "value", "value"),
    "matrix-with-comment.csv": ("f1", "f2", "f3"),
    "merged-cells.xlsx": ("data", "data", "data"),
    "multiline-headers.xlsx": ("Region", "Caloric contribution", "Region"),
    "preserve-formatting.xlsx": ("m/d/yy", "empty", "0.00"),
    "schema-errors.csv": ("id", "name", "age"),
    "sheet2.xlsx": ("id", "name", "id"),
    "sheets.xlsx": ("id", "name", "id"),
    "skip-rows.xlsx": ("A", "B", "A"),
    "structure-errors.csv": ("id", "name", "age"),
    "table-infer-iso-8859-7.csv": ("age", "name", "id"),
    "table.xlsx": ("id", "name", "id"),
    "unique-field.csv": ("id", "name", "slug"),
    "without-rows.csv": ("id", "name", "id"),
}
MODES = ("long", "wide", "mapped long", "mapped wide")


def source_for(name: str, mode: str) -> dict[str, Any]:
    period, second, third = HEADERS[name]
    source: dict[str, Any] = {"path": name}
    if mode.endswith("wide"):
        source["layout"] = "wide"
    if mode == "mapped long":
        source["columns"] = {"period": period, "kpi": second, "value": third}
    elif mode == "mapped wide":
        source["columns"] = {"period": period, "kpi_one": second, "kpi_two": third}
    return source


def run(folder: Path, file: Path, source: dict[str, Any]) -> FolderValidation:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(file, folder / file.name)
    thesis = {
        "valaudit": 1,
        "initiative": {"name": "Corpus", "go_live": "2025-01-01"},
        "data": [source],
        "kpis": [
            {"id": "kpi_one", "stage": "adoption", "direction": "up", "target": 1},
            {"id": "kpi_two", "stage": "throughput", "direction": "up", "target": 1},
            {"id": "adoption_pct", "stage": "adoption", "direction": "up", "target": 80},
        ],
    }
    (folder / "valaudit.yaml").write_text(yaml.safe_dump(thesis, allow_unicode=True), "utf-8")
    return validate_folder(str(folder))


def test_every_corpus_file_has_its_headers_listed() -> None:
    assert sorted(HEADERS) == CORPUS_FILES


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_file_reads_without_traceback_and_problems_are_located(
    tmp_path: Path, name: str, mode: str
) -> None:
    result = run(tmp_path / "audit", CORPUS / name, source_for(name, mode))
    assert_located(result.problems)
    table_problems = [p for p in result.problems if not p.file.endswith("valaudit.yaml")]
    assert all(p.file.endswith(name) for p in table_problems)
    if mode in ("long", "wide") and name not in ("empty.csv",):
        # The corpus has no column called "period": an unmapped read stops at the header.
        assert [p.code for p in result.errors] == ["header_missing"], result.errors
        assert result.errors[0].row == 1


SHEETS = [
    ("sheet2.xlsx", "Sheet2"),
    ("sheets.xlsx", "Sheet2"),
    ("sheets.xlsx", "sheet3"),
    ("table.xlsx", "Sheet 2"),
    ("table.xlsx", "Лист1"),
]


@pytest.mark.parametrize(("name", "sheet"), SHEETS)
def test_named_sheets_are_read(tmp_path: Path, name: str, sheet: str) -> None:
    source = source_for(name, "mapped long") | {"sheet": sheet}
    result = run(tmp_path / "audit", CORPUS / name, source)
    assert_located(result.problems)
    assert "sheet_not_found" not in {p.code for p in result.problems}
    assert "header_missing" not in {p.code for p in result.problems} or sheet == "Sheet 2"


def codes(result: FolderValidation) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in result.errors]


def test_empty_csv_is_an_empty_file(tmp_path: Path) -> None:
    result = run(tmp_path / "a", CORPUS / "empty.csv", source_for("empty.csv", "mapped long"))
    assert [(p.code, p.file.endswith("empty.csv")) for p in result.errors] == [("empty_file", True)]


def test_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    result = run(tmp_path / "a", CORPUS / "bom.csv", source_for("bom.csv", "mapped wide"))
    assert not {"header_missing", "column_missing"} & {p.code for p in result.problems}


def test_latin1_is_read_with_a_warning(tmp_path: Path) -> None:
    result = run(tmp_path / "a", CORPUS / "latin1.csv", source_for("latin1.csv", "mapped wide"))
    assert [p.code for p in result.warnings if p.code == "encoding"] == ["encoding"]


def test_row_longer_than_the_header_is_reported_at_its_row(tmp_path: Path) -> None:
    result = run(
        tmp_path / "a",
        CORPUS / "defective-rows.csv",
        source_for("defective-rows.csv", "mapped long"),
    )
    assert ("extra_cells", 3, None) in codes(result)


def test_quoted_headers_after_spaces_are_found(tmp_path: Path) -> None:
    """issue-1109.csv writes `"int", "number", "string"`: a space, then a quoted header."""
    result = run(
        tmp_path / "a", CORPUS / "issue-1109.csv", source_for("issue-1109.csv", "mapped long")
    )
    assert "header_missing" not in {p.code for p in result.problems}


def test_comment_and_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    for name, header_row in (("matrix-with-comment.csv", 2), ("skip-rows.xlsx", 2)):
        result = run(tmp_path / name, CORPUS / name, source_for(name, "mapped long"))
        assert "header_missing" not in {p.code for p in result.problems}
        assert min(p.row for p in result.errors if p.row is not None) > header_row


def test_cached_formula_values_are_read(tmp_path: Path) -> None:
    for name in ("adjust-floating-point-error.xlsx", "table.xlsx"):
        result = run(tmp_path / name, CORPUS / name, source_for(name, "mapped wide"))
        assert "uncached_formula" not in {p.code for p in result.problems}


def test_phantom_columns_of_the_corpus_are_not_read(tmp_path: Path) -> None:
    """issue-313.xlsx claims A1:AMJ3; only Column_1..Column_5 exist."""
    result = run(
        tmp_path / "a", CORPUS / "issue-313.xlsx", source_for("issue-313.xlsx", "mapped wide")
    )
    unknown = [p.column for p in result.warnings if p.code == "unknown_kpi_column"]
    assert sorted(unknown) == ["Column_4", "Column_5"]
    assert "column_without_header" not in {p.code for p in result.problems}


# --- Fixtures for what the corpus lacks ---------------------------------------------------


def fixture(tmp_path: Path, name: str, **source: Any) -> FolderValidation:
    return run(tmp_path / "audit", FIXTURES / name, {"path": name, **source})


def about_the_table(result: FolderValidation) -> list[Any]:
    """Problems other than the thesis KPIs this fixture has no data for."""
    return [p for p in result.problems if p.code != "kpi_without_data"]


def observed(result: FolderValidation) -> list[tuple[str, str, float, int]]:
    assert result.observations is not None
    frame = result.observations.frame
    return sorted(
        zip(
            frame["period"].dt.strftime("%Y-%m-%d"),
            frame["segment"].astype(str),
            frame["value"].astype(float),
            frame["row"].astype(int),
            strict=True,
        )
    )


def test_hidden_sheet_is_skipped_with_a_warning(tmp_path: Path) -> None:
    result = fixture(tmp_path, "hidden_sheet.xlsx")
    assert result.errors == []
    (warning,) = [p for p in result.warnings if p.code == "hidden_sheet"]
    assert "'Old KPIs'" in warning.message and warning.sheet == "KPIs"
    assert [v for _, _, v, _ in observed(result)] == [10, 20, 30, 40, 50, 60]


def test_hidden_sheet_named_explicitly_is_read_with_a_warning(tmp_path: Path) -> None:
    result = fixture(tmp_path, "hidden_sheet.xlsx", sheet="Old KPIs")
    (warning,) = [p for p in result.warnings if p.code == "hidden_sheet"]
    assert "hidden" in warning.message
    assert observed(result) == [("2020-01-01", "", 999.0, 2)]


def test_uncached_formulas_are_errors_at_their_cells(tmp_path: Path) -> None:
    result = fixture(
        tmp_path,
        "uncached_formula.xlsx",
        columns={"period": "Month", "kpi": "Metric", "value": "Value"},
    )
    assert [(p.code, p.sheet, p.row, p.column) for p in result.errors] == [
        ("uncached_formula", "KPIs", 3, "Value"),
        ("uncached_formula", "KPIs", 6, "Value"),
    ]
    assert "=B3*2" in result.errors[0].message
    assert "never been calculated" in result.errors[0].message
    assert [row for _, _, _, row in observed(result)] == [2, 4, 5, 7]


def test_raw_serial_dates_are_read_as_dates(tmp_path: Path) -> None:
    result = fixture(tmp_path, "serial_dates.xlsx")
    assert about_the_table(result) == []
    assert [(period, value) for period, _, value, _ in observed(result)] == [
        (f"2025-{m:02d}-01", 10.0 * m) for m in range(1, 7)
    ]


def test_utf16_text_export_is_read(tmp_path: Path) -> None:
    result = fixture(tmp_path, "utf16.csv")
    assert about_the_table(result) == []
    rows = observed(result)
    assert len(rows) == 12
    assert {segment for _, segment, _, _ in rows} == {"Zürich", "São Paulo"}
    assert ("2025-03-01", "São Paulo", 1200.0, 7) in rows
    assert ("2025-01-01", "Zürich", 10.5, 2) in rows


def test_phantom_dimension_reads_only_the_used_columns(tmp_path: Path) -> None:
    result = fixture(tmp_path, "phantom_columns.xlsx", layout="long")
    assert about_the_table(result) == []
    assert observed(result)[0] == ("2025-01-01", "North", 10.0, 2)
    result = fixture(tmp_path, "phantom_columns.xlsx", layout="wide", columns={"kpi_one": "value"})
    assert "column_without_header" not in {p.code for p in result.problems}
