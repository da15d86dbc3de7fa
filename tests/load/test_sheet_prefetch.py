"""The sheet prefetch: the same thesis and cells as the readers, the same refusals, never an
error, each handed over once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from tests.conftest import BASE_THESIS, FolderFactory
from valaudit.load import xlsx_cells
from valaudit.load.paths import resolve_target
from valaudit.load.sheet_cells import CellNote
from valaudit.load.sheet_prefetch import SheetPrefetch
from valaudit.load.xlsx_cells import prepare_sheet
from valaudit.load.xlsx_package import Package
from valaudit.load.yaml_file import read_yaml_file
from valaudit.validate.folder import validate_folder


def workbook_folder(make_folder: FolderFactory, data_path: str = "kpis.xlsx") -> Path:
    thesis = {**BASE_THESIS, "data": [{"path": data_path, "sheet": "KPIs"}]}
    folder = make_folder(thesis)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["period", "kpi", "value"])
    for month in range(1, 13):
        sheet.append([f"2024-{month:02d}", "adoption_pct", month * 5])
    target = (folder / data_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return folder


def test_a_prefetched_sheet_is_what_the_reader_would_parse(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    with SheetPrefetch.start(str(folder)) as prefetch:
        prepared = prefetch.take_sheet(folder / "kpis.xlsx", "KPIs")
        assert prepared is not None
        direct = prepare_sheet(folder / "kpis.xlsx", "KPIs")
        assert (prepared.info, prepared.notes, prepared.cells) == (
            direct.info,
            direct.notes,
            direct.cells,
        )
        assert prepared.cells[1] == ["2024-01", "adoption_pct", 5]
        prepared.package.close()
        direct.package.close()
        assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is None  # handed over once


def test_the_thesis_read_is_the_readers_and_is_handed_over_once(
    make_folder: FolderFactory,
) -> None:
    folder = workbook_folder(make_folder)
    target = resolve_target(str(folder))
    with SheetPrefetch.start(str(folder)) as prefetch:
        assert prefetch.take_thesis(resolve_target(str(folder / "other")).thesis_file) is None
        read = prefetch.take_thesis(target.thesis_file)
        assert read == read_yaml_file(target.thesis_file, 1 << 20)
        assert read is not None and read.document is not None
        assert read.document.data["data"] == [{"path": "kpis.xlsx", "sheet": "KPIs"}]
        assert prefetch.take_thesis(target.thesis_file) is None


def test_the_validation_is_the_same_with_or_without_it(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    without = validate_folder(str(folder))
    with SheetPrefetch.start(str(folder)) as prefetch:
        with_it = validate_folder(str(folder), prefetch=prefetch)
        # The validation took both the thesis and the sheet.
        assert prefetch.take_thesis(resolve_target(str(folder)).thesis_file) is None
        assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is None
    assert with_it.problems == without.problems and with_it.valid
    assert with_it.observations is not None and without.observations is not None
    assert with_it.observations.frame.equals(without.observations.frame)


def test_the_validation_uses_the_thesis_as_the_prefetch_read_it(
    make_folder: FolderFactory,
) -> None:
    """One read of the thesis per run: a thesis edited after the start is not read again, so
    the tables validated are those of the thesis the sheet was chosen from."""
    folder = workbook_folder(make_folder)
    with SheetPrefetch.start(str(folder)) as prefetch:
        (folder / "valaudit.yaml").write_text("not: [a thesis", encoding="utf-8")
        result = validate_folder(str(folder), prefetch=prefetch)
    assert result.valid, [p.message for p in result.errors]
    assert [p.code for p in validate_folder(str(folder)).errors] == ["yaml_syntax"]


def test_a_prefetch_of_another_folder_is_not_used(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    other = make_folder({**BASE_THESIS, "data": [{"path": "missing.csv"}]}, name="other")
    with SheetPrefetch.start(str(folder)) as prefetch:
        result = validate_folder(str(other), prefetch=prefetch)
        assert [p.code for p in result.errors] == ["file_not_found"]
        assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is not None


def test_paths_outside_the_folder_are_not_read(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder, "../elsewhere/kpis.xlsx")
    with SheetPrefetch.start(str(folder)) as prefetch:
        assert prefetch.take_sheet(folder / "../elsewhere/kpis.xlsx", "KPIs") is None
    with SheetPrefetch.start(str(folder), allow_outside=True) as prefetch:
        assert prefetch.take_sheet(folder / "../elsewhere/kpis.xlsx", "KPIs") is not None


def test_a_broken_workbook_is_left_to_the_reader(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    (folder / "kpis.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    expected = [(p.code, p.file) for p in validate_folder(str(folder)).errors]
    with SheetPrefetch.start(str(folder)) as prefetch:
        assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is None
    with SheetPrefetch.start(str(folder)) as prefetch:
        result = validate_folder(str(folder), prefetch=prefetch)
    assert [(p.code, p.file) for p in result.errors] == expected
    assert expected and expected[0][1].endswith("kpis.xlsx")


@pytest.mark.parametrize("thesis", [b"", b"\x00\x01 not yaml: [", b"data: [{path: k.xlsx}"])
def test_any_thesis_is_survived_without_a_word(make_folder: FolderFactory, thesis: bytes) -> None:
    folder = make_folder(None)
    (folder / "valaudit.yaml").write_bytes(thesis)
    expected = validate_folder(str(folder)).problems
    for argument in (str(folder), str(folder / "missing"), "a\x00b"):
        with SheetPrefetch.start(argument) as prefetch:
            assert prefetch.take_sheet(folder / "k.xlsx", None) is None
            assert validate_folder(str(folder), prefetch=prefetch).problems == expected


def test_a_csv_folder_parses_no_sheet(make_folder: FolderFactory) -> None:
    folder = make_folder(None, {"data.csv": "period,kpi,value\n2024-01,adoption_pct,1\n"})
    with SheetPrefetch.start(str(folder)) as prefetch:
        assert prefetch.take_sheet(folder / "data.csv", None) is None
        assert prefetch.take_thesis(resolve_target(str(folder)).thesis_file) is not None


def test_only_the_first_workbook_is_prefetched(make_folder: FolderFactory) -> None:
    """Its parse overlaps the imports; more would only hold parsed sheets in memory."""
    folder = workbook_folder(make_folder)
    thesis = {
        **BASE_THESIS,
        "data": [{"path": "kpis.xlsx", "sheet": "KPIs"}, {"path": "more.xlsx", "sheet": "KPIs"}],
    }
    (folder / "valaudit.yaml").write_text(yaml.safe_dump(thesis), encoding="utf-8")
    (folder / "more.xlsx").write_bytes((folder / "kpis.xlsx").read_bytes())
    with SheetPrefetch.start(str(folder)) as prefetch:
        assert prefetch.take_sheet(folder / "more.xlsx", "KPIs") is None
        assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is not None


def test_a_path_no_file_can_have_is_left_to_the_validation(make_folder: FolderFactory) -> None:
    folder = make_folder({**BASE_THESIS, "data": [{"path": "a\x00b.xlsx"}]})
    for allow_outside in (False, True):
        with SheetPrefetch.start(str(folder), allow_outside=allow_outside) as prefetch:
            assert prefetch.take_sheet(folder / "a\x00b.xlsx", None) is None
            result = validate_folder(str(folder), prefetch=prefetch)
        assert [p.code for p in result.errors] == ["file_unreadable"]


def test_closing_releases_a_sheet_nobody_took(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    prefetch = SheetPrefetch.start(str(folder))
    prefetch.close()
    assert prefetch.take_sheet(folder / "kpis.xlsx", "KPIs") is None
    assert prefetch.take_thesis(resolve_target(str(folder)).thesis_file) is None


def test_notes_found_while_calamine_parses_are_the_readers(
    make_folder: FolderFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Error cells, uncached formulas and percentages found by the waiting thread, before the
    parse ends (the parse is held until they are), are those the reader finds by itself."""
    folder = workbook_folder(make_folder)
    workbook = openpyxl.load_workbook(folder / "kpis.xlsx")
    sheet = workbook["KPIs"]
    sheet["C3"] = "#N/A"  # an error cell
    sheet["C4"] = "=C2*2"  # a formula never calculated
    sheet["C5"] = 0.25
    sheet["C5"].number_format = "0%"
    workbook.save(folder / "kpis.xlsx")
    expected = validate_folder(str(folder)).problems
    assert {"excel_error_cell", "uncached_formula"} <= {p.code for p in expected}

    found = threading.Event()
    notes, parse = Package.sheet_notes, xlsx_cells.parse_sheet

    def noting(package: Package, part: str) -> list[CellNote]:
        result = notes(package, part)
        found.set()
        return result

    def held(path: Path, name: str) -> tuple[list[list[Any]], list[Any]]:
        assert found.wait(10), "the notes were not looked for while the sheet was parsed"
        return parse(path, name)

    monkeypatch.setattr(Package, "sheet_notes", noting)
    monkeypatch.setattr(xlsx_cells, "parse_sheet", held)
    with SheetPrefetch.start(str(folder)) as prefetch:
        result = validate_folder(str(folder), prefetch=prefetch)
    assert found.is_set()
    assert result.problems == expected
