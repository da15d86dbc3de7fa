"""Writing a worksheet a block of rows at a time, so that a 10,000-folder portfolio does not
hold 10,000 rows of cell objects until the file is saved.

openpyxl's ordinary worksheet keeps every cell in memory until the workbook is saved (about
12 KB per row of the portfolio). Its write-only worksheet writes each row to a temporary file
as it is appended, but has no ``cell(row, column)``, which every helper of
:mod:`valaudit.render.xlsx_cells` writes through. A :class:`SheetBuffer` gives a write-only
worksheet that addressing for the rows not yet written: cells are put anywhere below the last
row written, :func:`~valaudit.render.xlsx_cells.fit_rows` sizes the buffered rows, and
:meth:`SheetBuffer.flush` appends them in order and forgets them. A small sheet is buffered
whole and flushed once; a long one is flushed every block of rows.

A write-only sheet writes its column widths, frozen panes, zoom and sheet properties when the
first row is flushed, and each row's height when that row is flushed: set them before. The
filter, print setup, footer and charts go at the end of the sheet and may be set any time
before the workbook is saved. Everything else is read and set on the worksheet itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.cell import WriteOnlyCell


class SheetBuffer:
    """A write-only worksheet whose unwritten rows can be addressed like a normal sheet's."""

    __slots__ = ("_rows", "_sheet", "_written")

    def __init__(self, sheet: Any) -> None:
        """``sheet``: a worksheet of a ``Workbook(write_only=True)``."""
        object.__setattr__(self, "_sheet", sheet)
        #: The cells not yet written: row number → column number → cell.
        object.__setattr__(self, "_rows", {})
        #: The last row number written to the sheet.
        object.__setattr__(self, "_written", 0)

    def cell(self, row: int, column: int) -> Any:
        """The cell at ``row``, ``column``, created empty if new; written rows are gone."""
        if row <= self._written:
            raise ValueError(f"row {row} of sheet {self._sheet.title!r} was already written")
        cells: dict[int, Any] = self._rows.setdefault(row, {})
        found = cells.get(column)
        if found is None:
            found = cells[column] = WriteOnlyCell(self._sheet)
            found.row, found.column = row, column  # fit_rows reads them
        return found

    def iter_rows(self) -> Iterator[tuple[Any, ...]]:
        """The buffered rows in order, each as its cells from left to right."""
        for number in sorted(self._rows):
            cells = self._rows[number]
            if cells:
                yield tuple(cells[column] for column in sorted(cells))

    def flush(self) -> None:
        """Append the buffered rows to the sheet (empty rows for the gaps) and forget them."""
        if not self._rows:
            return
        dimensions = self._sheet.row_dimensions
        for number in range(self._written + 1, max(self._rows) + 1):
            cells = self._rows.pop(number, {})
            width = max(cells, default=0)
            self._sheet.append([cells.get(column) for column in range(1, width + 1)])
            # The height went out with the row; keeping it would grow with the sheet.
            dimensions.pop(number, None)
            object.__setattr__(self, "_written", number)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._sheet, name, value)
