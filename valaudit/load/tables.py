"""One entry point for reading a KPI table, whatever its file type."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from valaudit.load.raw import RawTable


def read_table(
    path: Path, display: str, sheet: str | None, required: Sequence[str]
) -> tuple[RawTable, list[str]]:
    """Read a CSV or XLSX table; raises TableReadError or OSError for unreadable files."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from valaudit.load.xlsx_reader import read_xlsx

        return read_xlsx(path, display, sheet, required)
    from valaudit.load.csv_reader import read_csv

    return read_csv(path, display, required)
