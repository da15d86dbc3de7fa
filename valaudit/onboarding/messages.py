"""Plain-text messages of the onboarding commands: formatters return strings, never print."""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.errors import Problem
from valaudit.render.safe_text import printable


def problems_text(problems: Sequence[Problem]) -> str:
    """Each problem on its own line with its location, then how to fix it."""
    lines = []
    for problem in problems:
        kind = "error" if problem.is_error else "warning"
        lines.append(
            f"{kind} {printable(problem.location())}: {printable(problem.message)} [{problem.code}]"
        )
        if problem.hint:
            lines.append(f"  {printable(problem.hint)}")
    return "\n".join(lines) + "\n"
