"""One entry point for reading a KPI table, whatever its file type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from valaudit.errors import Issue
from valaudit.load.paths import XLSX_SUFFIXES, UserPath
from valaudit.load.raw import RawTable

if TYPE_CHECKING:
    from valaudit.load.sheet_prefetch import SheetPrefetch


def read_table(
    file: UserPath,
    sheet: str | None,
    required: Sequence[str],
    prefetch: SheetPrefetch | None = None,
) -> tuple[RawTable, list[Issue]]:
    """Read a CSV or XLSX table and the notes worth a warning about it.

    A workbook's sheet comes from ``prefetch`` when it parsed that sheet already. Raises
    TableReadError or OSError for files that cannot be read as a table.
    """
    if file.path.suffix.lower() in XLSX_SUFFIXES:
        from valaudit.load.xlsx_reader import read_xlsx

        prepared = prefetch.take_sheet(file.path, sheet) if prefetch is not None else None
        return read_xlsx(file, sheet, required, prepared)
    from valaudit.load.csv_reader import read_csv

    return read_csv(file, required)
