"""The portfolio for people at a terminal (``terminal``) or in a log (``text``).

A table, one row per folder, then the totals. Every string from a client's files goes in as
a rich ``Text`` after :func:`~valaudit.render.safe_text.printable`, never as markup, so a
thesis cannot style, hide or rewrite anything on the auditor's terminal.

Column widths are decided here rather than by rich: rich shares a narrow terminal out in
proportion, which folds folder names and verdicts mid-word. Here the columns give way in a
fixed order instead (flags and errors wrap first, then the break and the verdict wrap, then
the initiative is cut with an ellipsis, the folder last), so at 100 columns the folder, the
initiative's name and the figures stay readable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from valaudit.batch.render.people import HEADERS, cells, change_words, summary_lines
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import Portfolio
from valaudit.model.portfolio_changes import FolderChangeStatus
from valaudit.render.formatting import without_trailing_spaces
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.terminal import VERDICT_STYLE

STATUS_STYLE: dict[str, str] = {
    FolderStatus.INVALID: "bold red",
    FolderStatus.CRASHED: "bold magenta",
}
#: Per column (in HEADERS order): the narrowest it may become, and the widest it needs to be.
MIN_WIDTHS = (20, 14, 14, 12, 8, 6, 14)
MAX_WIDTHS = (48, 28, 30, 28, 8, 6, 72)
#: Which columns give way first when the table is too wide: flags/errors, break, verdict,
#: initiative, folder (the folder names the row, so it wraps last).
SHRINK_ORDER = (6, 3, 2, 1, 0)
#: Space between two columns: the column's right padding and the table's divider.
GUTTER = 2


def column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Widths that fit ``width`` where possible, shrinking columns in :data:`SHRINK_ORDER`."""
    from rich.cells import cell_len

    widths = [
        min(MAX_WIDTHS[i], max(cell_len(HEADERS[i]), *(cell_len(row[i]) for row in rows)))
        for i in range(len(HEADERS))
    ]
    available = width - GUTTER * (len(HEADERS) - 1)
    for index in SHRINK_ORDER:
        excess = sum(widths) - available
        if excess <= 0:
            break
        widths[index] = max(min(MIN_WIDTHS[index], widths[index]), widths[index] - excess)
    return widths


def _console(options: RenderOptions) -> Any:
    from rich.console import Console

    return Console(
        width=options.width,
        color_system="truecolor" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        record=True,
        file=io.StringIO(),
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )


#: How a folder's change since the earlier portfolio is coloured.
CHANGE_STYLE: dict[str, str] = {
    FolderChangeStatus.WORSENED: "bold red",
    FolderChangeStatus.IMPROVED: "green",
    FolderChangeStatus.NEW: "cyan",
}


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = _console(options)
    values = [tuple(printable(value) for value in cells(row)) for row in portfolio.rows]
    if values:
        widths = column_widths(values, options.width)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        for index, header in enumerate(HEADERS):
            table.add_column(
                header,
                width=widths[index],
                justify="right" if index in (4, 5) else "left",
                overflow="ellipsis" if index == 1 else "fold",
                no_wrap=index in (1, 4, 5),
            )
        for row, texts in zip(portfolio.rows, values, strict=True):
            verdict_style = STATUS_STYLE.get(row.status) or VERDICT_STYLE.get(row.verdict or "", "")
            last_style = "yellow" if row.audited else "red"
            styles = ("bold", "", verdict_style, "", "", "", last_style)
            shown = [Text(text, style=style) for text, style in zip(texts, styles, strict=True)]
            if portfolio.changes is not None:
                # Under the verdict rather than in a column of its own: eight columns do not
                # fit 100 characters.
                status = row.change.status if row.change else None
                shown[2].append(
                    "\n" + printable(change_words(row)), style=CHANGE_STYLE.get(status or "", "dim")
                )
            table.add_row(*shown)
        console.print(table)
        console.print()
    for line in summary_lines(portfolio):
        console.print(Text(printable(line)))
    text = console.export_text(styles=options.color)
    return text if options.color else without_trailing_spaces(text)
