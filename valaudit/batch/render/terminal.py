"""The portfolio for people at a terminal (``terminal``) or in a log (``text``).

A table, one row per folder (in sections with ``--group-by``), then every failed folder's
errors in full, then the totals. The columns and their widths come from
:mod:`~valaudit.batch.render.terminal_layout`: at 80 columns the break sits under the verdict
and names wrap; from about 120 it has its own column; on a wide terminal every folder takes
one line and the owner and expected benefit appear. Names wrap and are never cut; a path too
long for its column is shortened from the middle, keeping the folder's own name. Errors are
listed in full under the table, where they wrap at spaces, rather than folded into a cell.

Every string from a client's files goes in as a rich ``Text`` after
:func:`~valaudit.render.safe_text.printable`, never as markup, so a thesis cannot style, hide
or rewrite anything on the auditor's terminal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from valaudit.batch.render.arrange import break_label, sections, words_or_status
from valaudit.batch.render.people import change_words, summary_lines
from valaudit.batch.render.table import warnings_words
from valaudit.batch.render.terminal_layout import COLUMNS, Layout, choose_layout, shorten_middle
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.model.portfolio_changes import FolderChangeStatus
from valaudit.render.formatting import money, percent, without_trailing_spaces, words
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.terminal import VERDICT_STYLE

STATUS_STYLE: dict[str, str] = {
    FolderStatus.INVALID: "bold red",
    FolderStatus.CRASHED: "bold magenta",
}
#: Folders drawn (and exported) at a time: bounds the memory of a large portfolio's table.
TABLE_BLOCK_ROWS = 200
#: How a folder's change since the earlier portfolio (``batch --compare``) is coloured.
CHANGE_STYLE: dict[str, str] = {
    FolderChangeStatus.WORSENED: "bold red",
    FolderChangeStatus.IMPROVED: "green",
    FolderChangeStatus.NEW: "cyan",
}


def notes_text(row: FolderRow) -> str:
    """Flags and warnings of an audited folder; for a failed one, where its errors are."""
    if row.audited:
        flags = ", ".join(words(flag) for flag in row.flags)
        warnings = warnings_words(row)
        return "; ".join(part for part in (flags, warnings and f"warnings: {warnings}") if part)
    count = max(row.error_count, len(row.errors))
    noun = "error" if count == 1 else "errors"
    return f"{count:,} {noun}, listed below" if count else ""


def cell_values(row: FolderRow) -> dict[str, str]:
    """Every column's text for one folder (the folder as is: shortened at layout time)."""
    audited = row.audited
    currency = row.currency or ""
    return {
        "folder": printable(row.path),
        "initiative": printable(row.initiative or ""),
        "owner": printable(row.owner or ""),
        "verdict": words_or_status(row),
        "break": break_label(row),
        "realized": percent(row.realization_ratio) if audited else "",
        "roi": percent(row.roi_to_date) if audited else "",
        "expected": printable(money(row.expected_annual_benefit, currency)) if audited else "",
        "notes": printable(notes_text(row)),
    }


def _needs(values: Sequence[dict[str, str]]) -> dict[str, int]:
    """Each column's widest cell, and its header's longest word (headers may wrap)."""
    from rich.cells import cell_len

    needs: dict[str, int] = {}
    for key, column in COLUMNS.items():
        header = max(cell_len(word) for word in column.header.split())
        needs[key] = max([header, *(cell_len(v[key]) for v in values)])
    return needs


class _Discard(io.StringIO):
    """Where the console writes as it draws: nowhere, since the text is taken from its
    record (a second copy of a large portfolio's table would only cost memory)."""

    def write(self, text: str) -> int:
        return len(text)


def _console(options: RenderOptions) -> Any:
    from rich.console import Console

    return Console(
        width=options.width,
        color_system="truecolor" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        record=True,
        file=_Discard(),
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def _table(
    layout: Layout,
    rows: Sequence[FolderRow],
    values: Sequence[dict[str, str]],
    compared: bool = False,
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for key, width in zip(layout.keys, layout.widths, strict=True):
        column = COLUMNS[key]
        table.add_column(
            column.header,
            width=width,
            justify="right" if column.numeric else "left",
            overflow="fold",
            no_wrap=column.numeric or key == "folder",
        )
    for row, cells in zip(rows, values, strict=True):
        verdict_style = STATUS_STYLE.get(row.status) or VERDICT_STYLE.get(row.verdict or "", "")
        notes_style = "yellow" if row.audited else "red"
        shown = []
        for key in layout.keys:
            if key == "folder":
                shown.append(Text(shorten_middle(cells[key], layout.width(key)), style="bold"))
            elif key == "verdict":
                verdict = Text(cells[key], style=verdict_style)
                if not layout.break_column and cells["break"]:
                    verdict.append(f"\nstops at {cells['break']}", style="dim")
                if compared:
                    # Under the verdict rather than in a column of its own: one more column
                    # does not fit 80 characters.
                    status = row.change.status if row.change else ""
                    change = printable(change_words(row))
                    verdict.append("\n" + change, style=CHANGE_STYLE.get(status, "dim"))
                shown.append(verdict)
            elif key == "initiative" and not layout.notes_column:
                initiative = Text(cells[key])
                if cells["notes"]:
                    initiative.append(("\n" if cells[key] else "") + cells["notes"], notes_style)
                shown.append(initiative)
            elif key == "notes":
                shown.append(Text(cells[key], style=notes_style))
            else:
                shown.append(Text(cells[key]))
        table.add_row(*shown)
    return table


def _errors(console: Any, rows: Sequence[FolderRow]) -> None:
    """Every failed folder's errors in full, each on its own lines."""
    from rich.padding import Padding
    from rich.text import Text

    failed = [row for row in rows if not row.audited and row.errors]
    if not failed:
        return
    console.print(Text("Folders without an audit", style="bold"))
    for row in failed:
        more = row.error_count - len(row.errors)
        style = STATUS_STYLE.get(row.status, "bold red")
        console.print(Text.assemble((printable(row.path), "bold"), " ", (str(row.status), style)))
        for error in row.errors:
            console.print(
                Padding(Text(printable(error), style="red", overflow="fold"), (0, 0, 0, 2))
            )
        if more > 0:
            note = f"and {more:,} more (in the folder's own report with --out-dir)"
            console.print(Padding(Text(note), (0, 0, 0, 2)))
    console.print()


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    from rich.text import Text

    console = _console(options)
    parts: list[str] = []
    groups = [section for section in sections(portfolio, options) if section.rows]
    if groups:
        every = [cell_values(row) for section in groups for row in section.rows]
        layout = choose_layout(_needs(every), options.width)
        start = 0
        for section in groups:
            values = every[start : start + len(section.rows)]
            start += len(section.rows)
            if section.title is not None:
                console.print(Text(f"{printable(section.title)} ({len(section.rows):,})", "bold"))
            # In blocks, each exported as it is drawn: the console's record of a 10,000-row
            # table would otherwise hold every styled segment at once. The widths are fixed
            # by the layout, so the blocks join into the one table, byte for byte.
            for first in range(0, len(section.rows), TABLE_BLOCK_ROWS):
                block = slice(first, first + TABLE_BLOCK_ROWS)
                table = _table(
                    layout, section.rows[block], values[block], portfolio.changes is not None
                )
                table.show_header = first == 0
                console.print(table)
                parts.append(console.export_text(clear=True, styles=options.color))
            console.print()
        _errors(console, [row for section in groups for row in section.rows])
    for line in summary_lines(portfolio):
        console.print(Text(printable(line)))
    parts.append(console.export_text(styles=options.color))
    text = "".join(parts)
    return text if options.color else without_trailing_spaces(text)
