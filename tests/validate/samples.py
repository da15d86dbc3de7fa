"""Editable copies of the bundled samples, for tests that break one thing in a real folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from tests.conftest import ROOT

SAMPLES = ROOT / "sample_data"


def sample_copy(tmp_path: Path, name: str) -> Path:
    """A copy of ``sample_data/<name>`` that a test may change."""
    folder = tmp_path / name
    shutil.copytree(SAMPLES / name, folder)
    return folder


def edit_thesis(folder: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in the folder's valaudit.yaml."""
    thesis = folder / "valaudit.yaml"
    text = thesis.read_text(encoding="utf-8")
    assert old in text, old
    thesis.write_text(text.replace(old, new, 1), encoding="utf-8")


def thesis_line(folder: Path, starts_with: str) -> int:
    """The line number of the first thesis line that starts with ``starts_with`` (stripped)."""
    lines = (folder / "valaudit.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(starts_with))


def crm_workbook(folder: Path) -> tuple[openpyxl.Workbook, object]:
    """The crm_sales_emea workbook and its sheet, for editing (save it to write it back)."""
    workbook = openpyxl.load_workbook(folder / "data" / "regional_kpis.xlsx")
    return workbook, workbook.active


def revenue_in_units(sheet: object) -> None:
    """Turn crm_sales_emea's revenue (column G, kEUR such as 140.2) into whole euros shown
    with a thousands comma (81,613), as a finance user's workbook would hold them."""
    for row in range(2, sheet.max_row + 1):  # type: ignore[attr-defined]
        cell = sheet.cell(row, 7)  # type: ignore[attr-defined]
        if isinstance(cell.value, int | float):
            cell.value = round(cell.value * 580)
            cell.number_format = "#,##0"
