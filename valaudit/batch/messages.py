"""The short lines the ``batch`` command writes on standard error, as plain strings.

Kept out of the CLI so they can be tested without running it. Paths pass through
:func:`~valaudit.render.safe_text.printable`: a folder name cannot carry escape sequences
to the terminal; and through :func:`~valaudit.render.undecodable.escape_undecodable`: a name
that is not UTF-8 reads as it does in the portfolio.
"""

from __future__ import annotations

from valaudit.batch.discover import SkippedFolder
from valaudit.model.portfolio import Portfolio
from valaudit.render.safe_text import printable
from valaudit.render.undecodable import escape_undecodable

#: Gate lines shown before the rest are only counted (the portfolio lists every folder).
MAX_GATE_LINES = 20


def skipped_lines(skipped: tuple[SkippedFolder, ...]) -> list[str]:
    return [
        f"valaudit: skipped {printable(escape_undecodable(item.path))}: {item.reason}.\n"
        for item in skipped
    ]


def gate_lines(portfolio: Portfolio, limit: int = MAX_GATE_LINES) -> list[str]:
    """One line per tripped gate, in folder order, the rest summed up after ``limit``."""
    lines = [
        f"valaudit: {printable(row.path)}: gate '{gate.gate}' tripped: {printable(gate.reason)}\n"
        for row in portfolio.rows
        for gate in row.gates
        if gate.tripped
    ]
    if len(lines) > limit:
        rest = len(lines) - limit
        lines = [
            *lines[:limit],
            f"valaudit: … and {rest:,} more tripped gates (see the portfolio).\n",
        ]
    return lines
