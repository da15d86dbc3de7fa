"""Opening a workbook, choosing its worksheet and parsing the cells with calamine.

Kept apart from the table reader, and free of pandas, so that the sheet prefetch
(:mod:`valaudit.load.sheet_prefetch`) can run it while pandas is still loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valaudit import limits
from valaudit.errors import Issue
from valaudit.load.paths import regular_size
from valaudit.load.raw import TableReadError, fold
from valaudit.load.xlsx_package import Package, SheetInfo


@dataclass
class PreparedSheet:
    """One worksheet, opened, checked against the limits and parsed."""

    package: Package
    """Still open: the reader asks it for error cells, formulas and formats, then closes it."""
    info: SheetInfo
    notes: list[Issue]
    """Warnings about hidden sheets read or skipped."""
    cells: list[list[Any]]
    merged: list[Any]


def prepare_sheet(
    path: Path, sheet: str | None, on_checked: Callable[[Package, SheetInfo], None] | None = None
) -> PreparedSheet:
    """Check the workbook's size, zip and extent, then parse the chosen sheet.

    ``on_checked`` is called with the package and sheet once the limits are checked, just
    before calamine parses the sheet. Raises :class:`TableReadError` (or OSError) for a
    workbook that cannot be read.
    """
    size = regular_size(path)
    if size > limits.MAX_TABLE_BYTES:
        raise TableReadError("file_too_large", f"The workbook is {size / 2**30:.1f} GiB.")
    package = Package(str(path))
    try:
        info, notes = choose_sheet(package.sheets(), sheet)
        package.check_extent(info.part, info.name)
        if on_checked is not None:
            on_checked(package, info)
        cells, merged = parse_sheet(path, info.name)
    except BaseException:
        package.close()
        raise
    return PreparedSheet(package, info, notes, cells, merged)


def choose_sheet(sheets: list[SheetInfo], wanted: str | None) -> tuple[SheetInfo, list[Issue]]:
    """The sheet to read and notes for warnings (hidden sheets read or skipped)."""
    notes: list[Issue] = []
    if wanted is not None:
        exact = [s for s in sheets if s.name == wanted]
        loose = [s for s in sheets if fold(s.name) == fold(wanted)]
        match = next(iter(exact or loose), None)
        if match is None:
            names = ", ".join(repr(s.name) for s in sheets) or "none"
            raise TableReadError(
                "sheet_not_found",
                f"The workbook has no sheet named '{wanted}'. Its sheets are: {names}.",
                "Correct 'sheet:' in the thesis (names are matched ignoring case and spaces).",
                choices=tuple(s.name for s in sheets),
            )
        if match.state != "visible":
            notes.append(
                _hidden(f"The sheet '{match.name}' is hidden in Excel; it was read as asked.")
            )
        return match, notes
    visible = [s for s in sheets if s.state == "visible"]
    if not sheets:
        raise TableReadError("not_a_table", "The workbook has no worksheets.")
    chosen = (visible or sheets)[0]
    hidden_before = [s.name for s in sheets[: sheets.index(chosen)] if s.state != "visible"]
    if hidden_before:
        notes.append(
            _hidden(
                "Hidden sheet(s) " + ", ".join(repr(n) for n in hidden_before) + " were skipped; "
                f"the first visible sheet '{chosen.name}' was read. Name a sheet with 'sheet:' "
                "to choose another."
            )
        )
    return chosen, notes


def _hidden(message: str) -> Issue:
    return Issue("hidden_sheet", message, severity="warning")


def parse_sheet(path: Path, sheet: str) -> tuple[list[list[Any]], list[Any]]:
    """The sheet's cells (rows of values) and merged ranges, as calamine reads them."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        calamine_sheet = workbook.get_sheet_by_name(sheet)
        return calamine_sheet.to_python(skip_empty_area=False), (
            calamine_sheet.merged_cell_ranges or []
        )
    except python_calamine.PasswordError:
        raise TableReadError(
            "file_unreadable",
            "The workbook is password-protected.",
            "Save an unprotected copy of the KPI sheet.",
        ) from None
    except Exception as error:  # calamine raises several unrelated types for bad files
        raise TableReadError(
            "not_a_table",
            f"The workbook cannot be read: {str(error)[:200]}.",
            "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
        ) from None
    except BaseException as error:
        # A Rust panic in calamine reaches Python as pyo3's PanicException, which derives
        # from BaseException so that ``except Exception`` misses it: a damaged file too.
        if type(error).__name__ != "PanicException":
            raise
        raise TableReadError(
            "not_a_table",
            "The workbook cannot be read: the Excel reader stopped on a damaged part.",
            "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
        ) from None
