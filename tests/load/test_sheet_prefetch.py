"""The sheet prefetch: the same cells as the reader, the same refusals, never an error."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.conftest import BASE_THESIS, FolderFactory
from valaudit.load import sheet_prefetch
from valaudit.load.xlsx_cells import prepare_sheet
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


@pytest.fixture(autouse=True)
def _no_leftovers() -> None:
    sheet_prefetch._jobs.clear()


def test_a_prefetched_sheet_is_what_the_reader_would_parse(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    sheet_prefetch.start(str(folder))
    prepared = sheet_prefetch.take(folder / "kpis.xlsx", "KPIs")
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
    assert sheet_prefetch.take(folder / "kpis.xlsx", "KPIs") is None  # handed over once


def test_the_validation_is_the_same_with_or_without_it(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    without = validate_folder(str(folder))
    sheet_prefetch.start(str(folder))
    with_it = validate_folder(str(folder))
    assert sheet_prefetch._jobs == {}  # the reader took it
    assert with_it.problems == without.problems and with_it.valid
    assert with_it.observations is not None and without.observations is not None
    assert with_it.observations.frame.equals(without.observations.frame)


def test_paths_outside_the_folder_are_not_read(make_folder: FolderFactory, tmp_path: Path) -> None:
    folder = workbook_folder(make_folder, "../elsewhere/kpis.xlsx")
    sheet_prefetch.start(str(folder))
    assert sheet_prefetch._jobs == {}
    sheet_prefetch.start(str(folder), allow_outside=True)
    assert sheet_prefetch.take(folder / "../elsewhere/kpis.xlsx", "KPIs") is not None


def test_a_broken_workbook_is_left_to_the_reader(make_folder: FolderFactory) -> None:
    folder = workbook_folder(make_folder)
    (folder / "kpis.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    expected = [(p.code, p.file) for p in validate_folder(str(folder)).errors]
    sheet_prefetch.start(str(folder))
    assert sheet_prefetch.take(folder / "kpis.xlsx", "KPIs") is None
    sheet_prefetch.start(str(folder))
    assert [(p.code, p.file) for p in validate_folder(str(folder)).errors] == expected
    assert expected and expected[0][1].endswith("kpis.xlsx")


@pytest.mark.parametrize("thesis", [b"", b"\x00\x01 not yaml: [", b"data: [{path: k.xlsx}"])
def test_any_thesis_is_survived_without_a_word(make_folder: FolderFactory, thesis: bytes) -> None:
    folder = make_folder(None)
    (folder / "valaudit.yaml").write_bytes(thesis)
    sheet_prefetch.start(str(folder))
    sheet_prefetch.start(str(folder / "missing"))
    assert sheet_prefetch._jobs == {}


def test_a_csv_folder_costs_nothing(make_folder: FolderFactory) -> None:
    folder = make_folder(None, {"data.csv": "period,kpi,value\n2024-01,adoption_pct,1\n"})
    sheet_prefetch.start(str(folder))
    assert sheet_prefetch._jobs == {}


def test_only_the_first_workbook_is_prefetched(make_folder: FolderFactory) -> None:
    """Its parse overlaps the imports; more would only hold parsed sheets in memory."""
    folder = workbook_folder(make_folder)
    thesis = {
        **BASE_THESIS,
        "data": [{"path": "kpis.xlsx", "sheet": "KPIs"}, {"path": "more.xlsx", "sheet": "KPIs"}],
    }
    (folder / "valaudit.yaml").write_text(yaml.safe_dump(thesis), encoding="utf-8")
    (folder / "more.xlsx").write_bytes((folder / "kpis.xlsx").read_bytes())
    sheet_prefetch.start(str(folder))
    assert list(sheet_prefetch._jobs) == [(str(folder / "kpis.xlsx"), "KPIs")]


def test_a_path_no_file_can_have_is_left_to_the_validation(make_folder: FolderFactory) -> None:
    folder = make_folder({**BASE_THESIS, "data": [{"path": "a\x00b.xlsx"}]})
    sheet_prefetch.start(str(folder))  # must not raise
    sheet_prefetch.start(str(folder), allow_outside=True)
    assert sheet_prefetch.take(folder / "a\x00b.xlsx", None) is None
