"""The portfolio workbook's Changes sheet (``batch --compare``): what changed since the
earlier portfolio, first as sentences, then as figures a spreadsheet can use (verdict moves,
benefit a year per currency then and now, folders gone). Labels are words, money numbers."""

from __future__ import annotations

from typing import Any

from valaudit.batch.render.people import change_lines
from valaudit.model.portfolio_changes import PortfolioChanges
from valaudit.render.wording import verdict_title

MONEY_HEADERS = (
    "Currency",
    "Expected a year before",
    "Expected a year now",
    "Attributable a year before",
    "Attributable a year now",
    "Observed a year before",
    "Observed a year now",
)


def changes_sheet(sheet: Any, changes: PortfolioChanges) -> None:
    """The sentences from A1, then each block under a header row."""
    from valaudit.render.xlsx_cells import header, print_setup, put, widths

    row = 1
    for line in change_lines(changes):
        put(sheet, row, 1, line)
        row += 1
    row += 1
    moves = [
        (path, verdict_title(before), verdict_title(after))
        for path, before, after in changes.verdict_moves
    ]
    money = [
        (m.currency, m.expected_before, m.expected_after, m.attributable_before,
         m.attributable_after, m.observed_before, m.observed_after)
        for m in changes.money
    ]  # fmt: skip
    gone = [(path,) for path in changes.gone]
    blocks: list[tuple[tuple[str, ...], list[tuple[Any, ...]]]] = [
        (("Folder", "Verdict before", "Verdict now"), moves),
        (MONEY_HEADERS, money),
        (("Folders gone",), gone),
    ]
    for titles, lines in blocks:
        header(sheet, row, titles)
        row += 1
        for values in lines:
            for column, value in enumerate(values, start=1):
                put(sheet, row, column, value, "#,##0" if column > 1 else "")
            row += 1
        row += 1
    widths(sheet, (32, 24, 24, 20, 20, 20, 20))
    print_setup(sheet, landscape=True)
