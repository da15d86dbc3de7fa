"""The portfolio as one flat table: the columns CSV and XLSX share.

Numbers stay numbers (ratios as fractions, money in the folder's currency) so a
spreadsheet can sum and filter them; lists become one cell each. Strings pass through
:func:`~valaudit.render.safe_text.printable`, so no control character from a client's file
reaches a terminal that prints the file, or a workbook that would refuse it.
"""

from __future__ import annotations

import datetime as dt

from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.render.safe_text import printable

Cell = str | float | int | dt.date | None

COLUMNS: tuple[str, ...] = (
    "path",
    "status",
    "initiative",
    "type",
    "verdict",
    "break_from",
    "break_to",
    "realization_ratio",
    "roi_to_date",
    "flags",
    "currency",
    "expected_annual_benefit",
    "realized_annual_benefit",
    "as_of",
    "gates_tripped",
    "errors",
    "credit",
    "attributable_annual_benefit",
    "observed_annual_benefit",
)
#: Columns added by ``batch --compare``: each folder against its row in the earlier portfolio.
CHANGE_COLUMNS: tuple[str, ...] = (
    "change",
    "previous_status",
    "previous_verdict",
    "previous_break_from",
    "previous_break_to",
    "previous_as_of",
    "change_basis",
    "realization_before",
    "realization_after",
    "realization_change",
    "worsened",
)
#: Columns that hold a fraction (shown as a percentage in the workbook).
RATIO_COLUMNS = frozenset(
    {
        "realization_ratio",
        "roi_to_date",
        "realization_before",
        "realization_after",
        "realization_change",
    }
)
#: Columns that hold a date.
DATE_COLUMNS = frozenset({"as_of", "previous_as_of"})
#: Columns that hold an amount of money.
MONEY_COLUMNS = frozenset(
    {
        "expected_annual_benefit",
        "realized_annual_benefit",
        "attributable_annual_benefit",
        "observed_annual_benefit",
    }
)


def _text(value: str | None) -> str | None:
    return None if value is None else printable(value)


def flat_row(row: FolderRow) -> list[Cell]:
    """One cell per column of :data:`COLUMNS`."""
    return [
        _text(row.path),
        row.status,
        _text(row.initiative),
        _text(row.type),
        row.verdict,
        row.break_[0] if row.break_ else None,
        row.break_[1] if row.break_ else None,
        row.realization_ratio,
        row.roi_to_date,
        ", ".join(row.flags) or None,
        _text(row.currency),
        row.expected_annual_benefit,
        row.realized_annual_benefit,
        row.as_of,
        ", ".join(g.gate for g in row.gates if g.tripped) or None,
        _text("; ".join(row.errors)) or None,
        row.credit,
        row.attributable_annual_benefit,
        row.observed_annual_benefit,
    ]


def columns(portfolio: Portfolio) -> tuple[str, ...]:
    """The columns of this portfolio: :data:`COLUMNS`, then the change columns if compared."""
    return COLUMNS + (CHANGE_COLUMNS if portfolio.changes is not None else ())


def table_row(row: FolderRow, portfolio: Portfolio) -> list[Cell]:
    """One cell per column of :func:`columns`."""
    if portfolio.changes is None:
        return flat_row(row)
    change = row.change
    if change is None:
        return [*flat_row(row), *([None] * len(CHANGE_COLUMNS))]
    previous_break = change.previous_break
    return [
        *flat_row(row),
        change.status,
        change.previous_status,
        change.previous_verdict,
        previous_break[0] if previous_break else None,
        previous_break[1] if previous_break else None,
        change.previous_as_of,
        change.basis,
        change.realization_before,
        change.realization_after,
        change.realization_delta,
        _text(" ".join(change.worsened)) or None,
    ]
