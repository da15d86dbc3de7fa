"""The portfolio as Markdown, for a wiki page, a pull request comment or a board note, in
the order of ``--sort`` and ``--group-by``.

Text from clients' files is escaped so it stays text: ``|`` cannot open a new table cell,
``<`` cannot start HTML, and ``*``, ``_``, ``[`` and backticks cannot turn a name into
emphasis, a link or code.
"""

from __future__ import annotations

import re

from valaudit.batch.render.arrange import arranged_rows
from valaudit.batch.render.people import headers, row_cells, summary_lines
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable

#: Characters that mean something inside a line of (GitHub-flavoured) Markdown. Line-start
#: markers (``#``, ``-``, ``>``) need no escape: escaped text never starts a line.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line."""
    flat = " ".join(printable(text).split())
    return _SPECIAL.sub(r"\\\1", flat.replace("&", "&amp;").replace("<", "&lt;"))


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    lines = ["# valaudit portfolio", ""]
    if portfolio.rows:
        titles = headers(portfolio)
        lines.append("| " + " | ".join(titles) + " |")
        lines.append("|" + "|".join("---" for _ in titles) + "|")
        for row in arranged_rows(portfolio, options):
            values = row_cells(row, portfolio)
            lines.append("| " + " | ".join(escape(value) for value in values) + " |")
        lines.append("")
    lines.extend(escape(line) for line in summary_lines(portfolio))
    return "\n\n".join(_paragraphs(lines)) + "\n"


def _paragraphs(lines: list[str]) -> list[str]:
    """Table lines stay together; every other line is its own paragraph."""
    out: list[str] = []
    table: list[str] = []
    for line in lines:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            out.append("\n".join(table))
            table = []
        if line:
            out.append(line)
    if table:
        out.append("\n".join(table))
    return out
