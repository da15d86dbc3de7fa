"""A table's cells as read from a file, before any meaning is given to them.

Readers (CSV, XLSX) produce a :class:`RawTable`; validation then turns it into typed
observations. Keeping the two apart lets each reader be small and lets every cell error
be reported with the row number the user sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from valaudit.errors import Issue, Location, Problem

if TYPE_CHECKING:  # the XLSX package checks and the sheet prefetch load without pandas
    import numpy as np
    import pandas as pd


@dataclass
class RawTable:
    """Cells of one table (one CSV file or one worksheet)."""

    file: str
    sheet: str | None
    headers: list[str]
    """The header row's cells as text, exactly as the user wrote them."""
    header_row: int
    """Row number of the header (1-based, as Excel or an editor shows it)."""
    frame: pd.DataFrame
    """Data rows; column labels are positions into ``headers``. Blank rows are dropped."""
    rows: np.ndarray
    """User-visible row number of each frame row."""
    decimal: str = "."
    """Decimal separator of text numbers in this table."""
    cell_errors: list[tuple[int, int, str, str]] = field(default_factory=list)
    """(row, column position, code, detail) for cells the reader knows are bad, e.g. Excel
    error cells or formulas without a cached value."""
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    """(row, column position) of cells formatted as a percentage in Excel."""


def fold(header: object) -> str:
    """Headers match after trimming spaces, case-insensitively."""
    return " ".join(str(header).split()).casefold()


def find_header_row(records: Sequence[Sequence[object]], required: Sequence[str]) -> int | None:
    """Index of the first record that holds every ``required`` (folded) header."""
    wanted = set(required)
    for index, record in enumerate(records):
        if wanted <= {fold(cell) for cell in record if cell is not None}:
            return index
    return None


class TableReadError(Exception):
    """The file cannot be read as a table at all: the issue, and where in the table it is.

    The reader knows the sheet and row; its caller, which knows how the user named the file,
    places it with :meth:`at`.
    """

    def __init__(
        self,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        sheet: str | None = None,
        row: int | None = None,
        choices: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.issue = Issue(code, message, hint)
        self.sheet = sheet
        self.row = row
        self.choices = choices
        """What the user could have meant, for a hint: the workbook's sheet names, or the
        cells of the first row when no header row was found."""

    def at(self, file: str) -> Problem:
        """The problem, in the file as the user named it."""
        return Problem.of(self.issue, Location(file, sheet=self.sheet, row=self.row))
