"""A worksheet's cells as calamine will place them: the scan's result and reference arithmetic.

Shared by the two ways of reading a sheet's XML (:mod:`valaudit.load.sheet_scan` and
:mod:`valaudit.load.sheet_walk`) and by the notes read from a plain sheet
(:mod:`valaudit.load.sheet_notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: An optional namespace prefix of a tag name (``x:`` in ``<x:c>``).
TAG_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"


@dataclass(frozen=True)
class CellNote:
    """A cell whose formula, error type or number format matters to the reader."""

    row: int
    """0-based, as calamine places it."""
    column: int
    style: bytes | None
    """The ``s`` attribute: an index into the workbook's cell formats."""
    kind: bytes | None
    """The ``t`` attribute: ``e`` for an error cell, ``str`` for a formula's text, ..."""
    formula: bytes | None
    """The formula's text, ``b""`` for a formula element without text, None for no formula."""
    value: bytes | None
    """The text of the cell's ``<v>``, None when it has none."""


@dataclass
class SheetScan:
    """What calamine will hold for one worksheet."""

    rows: int = 0
    """Rows of the grid from row 1 to the last row holding a value (0 when none does)."""
    columns: int = 0
    """Columns of the grid from column A to the last column holding a value."""
    cells: int = 0
    """Cells holding a value (at most; repeats of one reference count each time). A plain
    part too small to hold more cells than the limit has them bounded from its size."""
    plain: bool = True
    """The part has the plain form (see the module docstring)."""
    prefix: bytes = b""
    """The prefix of its cell tags, when plain (``x:`` for ``<x:c>``)."""
    notes: list[CellNote] | None = field(default=None, repr=False)
    """Cells worth a note, when the exact walk found them; None after the plain scan."""

    def add(self, row: int, column: int) -> None:
        self.cells += 1
        self.rows = max(self.rows, row + 1)
        self.columns = max(self.columns, column + 1)


def column_letters(index: int) -> str:
    """0 -> ``"A"``, 27 -> ``"AB"``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


#: Beyond any sheet: a reference this long is counted as this far (its exact value is not
#: needed, and converting a 5,000-digit number is an error in Python, slow before that).
FAR = 10**15


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"ab"`` -> 28 (exact: larger than calamine's 32-bit wrap-around)."""
    if len(letters) > 10:
        return FAR
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def row_number(digits: bytes) -> int:
    """``b"007"`` -> 7 (exact up to 15 digits; longer is beyond any sheet)."""
    stripped = digits.lstrip(b"0")
    return int(stripped) if len(stripped) <= 15 else FAR
