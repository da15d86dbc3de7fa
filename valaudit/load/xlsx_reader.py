"""Reading one worksheet of an XLSX workbook with the Rust-backed calamine reader.

Values come from calamine (fast); error cells, uncached formulas and percentage formats
come from :mod:`valaudit.load.xlsx_package`. Merged cells are filled the way a reader of
the sheet sees them: the merged value stands in every cell of the range.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Issue
from valaudit.load.csv_reader import check_width, header_missing
from valaudit.load.paths import UserPath
from valaudit.load.raw import RawTable, TableReadError, find_header_row
from valaudit.load.xlsx_cells import PreparedSheet, prepare_sheet


def read_xlsx(
    file: UserPath,
    sheet: str | None,
    required: Sequence[str],
    prepared: PreparedSheet | None = None,
) -> tuple[RawTable, list[Issue]]:
    """Read one worksheet; ``required`` are the folded headers that identify the header row.

    ``prepared`` is the sheet already parsed (by the sheet prefetch), if it was.
    """
    if prepared is None:
        prepared = prepare_sheet(file.path, sheet)
    package, info, notes, cells = prepared.package, prepared.info, prepared.notes, prepared.cells
    try:
        _fill_merged(cells, prepared.merged, info.name)
        header_index = find_header_row(cells[: limits.HEADER_SEARCH_ROWS], required)
        if header_index is None:
            first: list[Any] = next((r for r in cells if any(c not in ("", None) for c in r)), [])
            raise header_missing(first, required, info.name)
        header_cells = cells[header_index]
        headers = [_text(c).strip() for c in header_cells]
        while headers and not headers[-1]:
            headers.pop()
        check_width(len(headers), header_index + 1)
        width = len(headers)
        body = cells[header_index + 1 :]
        frame = _body_frame(body, width)
        rows = np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64)
        blank = _blank_rows(frame.to_numpy()) if width else np.ones(len(body), dtype=bool)
        if blank.any():
            frame = frame.loc[~blank].reset_index(drop=True)
            rows = rows[~blank]
        facts = package.sheet_facts(info.part, set(range(width)))
    finally:
        package.close()
    first_data_row = header_index + 1
    table = RawTable(
        file=file.shown,
        sheet=info.name,
        headers=headers,
        header_row=header_index + 1,
        frame=frame,
        rows=rows,
        cell_errors=[
            (row + 1, col, "excel_error_cell", text)
            for row, col, text in facts.errors
            if row >= first_data_row
        ]
        + [
            (row + 1, col, "uncached_formula", text)
            for row, col, text in facts.uncached
            if row >= first_data_row
        ],
        percent_cells={(row + 1, col) for row, col in facts.percent if row >= first_data_row},
    )
    return table, notes


def _body_frame(body: list[list[Any]], width: int) -> pd.DataFrame:
    """The data rows as one object column per header, None for empty cells."""
    if not body:
        return pd.DataFrame({p: pd.Series([], dtype=object) for p in range(width)})
    lengths = set(map(len, body))
    if width and min(lengths) >= width:
        # calamine's rows are rectangular: the cells in one array, read in one pass in C
        # (numpy.array on a list of lists first works out the nesting, cell by cell).
        rows = body if lengths == {width} else (row[:width] for row in body)
        grid = np.fromiter(chain.from_iterable(rows), dtype=object, count=len(body) * width)
        grid = grid.reshape(len(body), width)
        grid[grid == ""] = None
        return pd.DataFrame(grid, columns=range(width), dtype=object, copy=False)
    columns = {
        position: [row[position] if position < len(row) else "" for row in body]
        for position in range(width)
    }
    return pd.DataFrame(
        {p: pd.Series(values, dtype=object) for p, values in columns.items()}
    ).replace("", None)


def _blank_rows(grid: np.ndarray) -> np.ndarray:
    """Which rows hold no value (each cell None or NaN), as a boolean array.

    A column at a time, only for the rows still in doubt: in a table almost every row is
    decided by its first cell, so the rest are hardly looked at.
    """
    doubt = np.arange(len(grid))
    for column in grid.T:
        doubt = doubt[pd.isna(column[doubt])]
        if not doubt.size:
            break
    blank = np.zeros(len(grid), dtype=bool)
    blank[doubt] = True
    return blank


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _fill_merged(
    cells: list[list[Any]],
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    sheet: str,
) -> None:
    """Give every cell of a merged range the value of its top-left cell, in place.

    Merged ranges never overlap in a sheet Excel wrote, so between them they cover each
    cell of the sheet at most once: the work is bounded by the sheet's size. Ranges that
    cover more than that (a range listed 200,000 times, say) are refused before any is
    filled, rather than filled over and over.
    """
    height = len(cells)
    clipped: set[tuple[int, int, int, int]] = set()
    for (top, left), (bottom, right) in merged:
        if top >= height or top > bottom or left > right or left >= len(cells[top]):
            continue
        clipped.add((top, left, min(bottom, height - 1), right))
    covered = 0
    for top, left, bottom, right in clipped:
        covered += (bottom - top + 1) * (min(right, len(cells[top]) - 1) - left + 1)
    size = sum(map(len, cells))
    if covered > size:
        raise TableReadError(
            "not_a_table",
            f"The workbook is damaged: its {len(clipped):,} merged ranges overlap (they cover "
            f"{covered:,} cells of a {size:,}-cell sheet), which Excel does not allow.",
            "Open it in Excel (it offers to repair it) and save it again, or unmerge the "
            "cells (Home > Merge & Center > Unmerge Cells).",
            sheet=sheet,
        )
    for top, left, bottom, right in sorted(clipped):
        value = cells[top][left]
        for r in range(top, bottom + 1):
            row = cells[r]
            end = min(right, len(row) - 1) + 1
            if end > left:
                row[left:end] = [value] * (end - left)
