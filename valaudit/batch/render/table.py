"""The portfolio as one flat table for people: the columns CSV and XLSX share.

Headers and values are in words (``Realized vs expected``, ``Implementation without
outcome``, ``stale data ×4``); the machine names stay in the JSON portfolio, and each column
here keeps its JSON name in :attr:`Column.name` for anyone mapping one onto the other.
With ``batch --compare`` the change columns (:data:`CHANGE_COLUMNS`) follow. Numbers stay
numbers (ratios as fractions, money in the folder's currency, dates as dates)
so a spreadsheet can sum and filter them; lists become one cell each. Strings pass through
:func:`~valaudit.render.safe_text.printable`, so no control character from a client's file
reaches a terminal that prints the file, or a workbook that would refuse it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Literal, NamedTuple

from valaudit.batch.render.arrange import break_label, client_of, words_or_status
from valaudit.batch.render.people import CHANGE_WORDS
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.model.portfolio_changes import FolderChange
from valaudit.render.formatting import words
from valaudit.render.safe_text import printable
from valaudit.render.wording import verdict_title

Cell = str | float | int | dt.date | None
Kind = Literal["text", "ratio", "money", "date", "count"]


class Column(NamedTuple):
    """One column of the table."""

    name: str
    """The field's name in the JSON portfolio (or what it is derived from)."""
    header: str
    """What a person reads at the top of the column."""
    kind: Kind
    """How the workbook formats it: text, a ratio as a percentage, money, a date, a count."""
    width: float
    """Column width in the workbook, in characters."""
    value: Callable[[FolderRow, int], Cell]
    """The cell of one folder, given the client level."""


def _text(value: str | None) -> str | None:
    return None if value is None else printable(value)


def warnings_words(row: FolderRow) -> str | None:
    """The audit's warnings by kind, most frequent first: ``stale data ×4, few periods``."""
    if not row.warnings:
        return None
    counts = Counter(row.warnings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(words(code) + (f" ×{count}" if count > 1 else "") for code, count in ordered)


def errors_words(row: FolderRow) -> str | None:
    """Every error the row carries, and how many more the folder has."""
    if not row.errors:
        return None
    more = row.error_count - len(row.errors)
    return printable("; ".join(row.errors) + (f" (+{more} more)" if more > 0 else ""))


def _payback(row: FolderRow) -> str | None:
    return words(row.payback_status) if row.payback_status else None


def _status(row: FolderRow) -> str:
    return "audited" if row.audited else str(row.status)


COLUMNS: tuple[Column, ...] = (
    Column("client", "Client", "text", 16, lambda row, level: _text(client_of(row.path, level))),
    Column("path", "Folder", "text", 30, lambda row, level: _text(row.path)),
    Column("initiative", "Initiative", "text", 30, lambda row, level: _text(row.initiative)),
    Column("owner", "Owner", "text", 18, lambda row, level: _text(row.owner)),
    Column("status", "Status", "text", 10, lambda row, level: _status(row)),
    Column("verdict", "Verdict", "text", 26, lambda row, level: words_or_status(row)),
    Column("break", "Value stops at", "text", 24, lambda row, level: break_label(row) or None),
    Column(
        "realization_ratio",
        "Realized vs expected",
        "ratio",
        12,
        lambda row, level: row.realization_ratio,
    ),
    Column("roi_to_date", "ROI to date", "ratio", 11, lambda row, level: row.roi_to_date),
    Column("currency", "Currency", "text", 9, lambda row, level: _text(row.currency)),
    Column("cost_to_date", "Cost to date", "money", 14, lambda row, level: row.cost_to_date),
    Column(
        "expected_annual_benefit",
        "Expected benefit a year",
        "money",
        14,
        lambda row, level: row.expected_annual_benefit,
    ),
    Column(
        "realized_annual_benefit",
        "Realized benefit a year (credited)",
        "money",
        14,
        lambda row, level: row.realized_annual_benefit,
    ),
    Column(
        "attributable_annual_benefit",
        "Attributable benefit a year",
        "money",
        14,
        lambda row, level: row.attributable_annual_benefit,
    ),
    Column(
        "observed_annual_benefit",
        "Observed benefit a year",
        "money",
        14,
        lambda row, level: row.observed_annual_benefit,
    ),
    Column(
        "benefit_to_date", "Benefit to date", "money", 14, lambda row, level: row.benefit_to_date
    ),
    Column("npv", "NPV at current rate", "money", 14, lambda row, level: row.npv),
    Column("payback", "Payback", "text", 14, lambda row, level: _payback(row)),
    Column("payback_date", "Payback date", "date", 12, lambda row, level: row.payback_date),
    Column("credit", "Credited on", "text", 12, lambda row, level: row.credit),
    Column("go_live", "Go-live", "date", 11, lambda row, level: row.go_live),
    Column("as_of", "As of", "date", 11, lambda row, level: row.as_of),
    Column(
        "flags",
        "Flags",
        "text",
        30,
        lambda row, level: ", ".join(words(flag) for flag in row.flags) or None,
    ),
    Column("warnings", "Warnings", "text", 30, lambda row, level: warnings_words(row)),
    Column(
        "gates",
        "Gates tripped",
        "text",
        14,
        lambda row, level: ", ".join(g.gate for g in row.gates if g.tripped) or None,
    ),
    Column("errors", "Errors", "text", 60, lambda row, level: errors_words(row)),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)


def _change(field: Callable[[FolderChange], Cell]) -> Callable[[FolderRow, int], Cell]:
    """A change column's cell: ``field`` of the folder's change, empty for a folder without."""
    return lambda row, level: field(row.change) if row.change is not None else None


def _previous_break(change: FolderChange) -> str | None:
    before = change.previous_break
    return f"{before[0]} → {before[1]}" if before else None


#: Columns added by ``batch --compare``: each folder against its row in the earlier portfolio.
CHANGE_COLUMNS: tuple[Column, ...] = (
    Column("change", "Since last", "text", 14, _change(lambda c: CHANGE_WORDS[c.status])),
    Column(
        "previous_status",
        "Status before",
        "text",
        10,
        _change(lambda c: words(c.previous_status) if c.previous_status else None),
    ),
    Column(
        "previous_verdict",
        "Verdict before",
        "text",
        26,
        _change(lambda c: verdict_title(c.previous_verdict) if c.previous_verdict else None),
    ),
    Column("previous_break", "Value stopped at before", "text", 24, _change(_previous_break)),
    Column("previous_as_of", "As of before", "date", 11, _change(lambda c: c.previous_as_of)),
    Column("change_basis", "Compared on", "text", 12, _change(lambda c: c.basis)),
    Column(
        "realization_before",
        "Realized before",
        "ratio",
        11,
        _change(lambda c: c.realization_before),
    ),
    Column(
        "realization_after", "Realized now", "ratio", 11, _change(lambda c: c.realization_after)
    ),
    Column(
        "realization_change",
        "Realization change",
        "ratio",
        11,
        _change(lambda c: c.realization_delta),
    ),
    Column(
        "worsened",
        "What got worse",
        "text",
        40,
        _change(lambda c: printable(" ".join(c.worsened)) or None),
    ),
)


def columns(portfolio: Portfolio) -> tuple[Column, ...]:
    """The columns of this portfolio: :data:`COLUMNS`, then the change columns if compared."""
    return COLUMNS + (CHANGE_COLUMNS if portfolio.changes is not None else ())


def flat_row(row: FolderRow, client_level: int = 1) -> list[Cell]:
    """One cell per column of :data:`COLUMNS`."""
    return [column.value(row, client_level) for column in COLUMNS]


def table_row(row: FolderRow, portfolio: Portfolio, client_level: int = 1) -> list[Cell]:
    """One cell per column of :func:`columns`."""
    return [column.value(row, client_level) for column in columns(portfolio)]
