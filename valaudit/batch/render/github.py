"""The portfolio as GitHub Actions annotations: an error at each folder that needs a look.

An ``::error`` on the thesis of each invalid folder (its first located errors), each
crashed folder, and each folder where a ``--fail-on`` gate tripped (the reasons); then one
``::notice`` with the totals. Audited folders that trip no gate get no annotation: a
portfolio of hundreds of folders should point at the few that fail.
"""

from __future__ import annotations

from valaudit.batch.render.junit import thesis_of
from valaudit.batch.render.people import summary_lines
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.render.github import annotation
from valaudit.render.options import RenderOptions


def _annotation(row: FolderRow, options: RenderOptions) -> str | None:
    file = thesis_of(row, options)
    more = row.error_count - len(row.errors)
    errors = "; ".join(row.errors) + (f"; … and {more:,} more" if more > 0 else "")
    if row.status == FolderStatus.CRASHED:
        title = f"valaudit: internal error auditing {row.path}"
        return annotation("error", errors or "The audit stopped.", file=file, title=title)
    if row.status == FolderStatus.INVALID:
        title = f"valaudit: {row.path} is invalid"
        return annotation("error", errors, file=file, title=title)
    tripped = [gate for gate in row.gates if gate.tripped]
    if not tripped:
        return None
    message = " ".join(f"--fail-on {gate.gate}: {gate.reason}" for gate in tripped)
    return annotation("error", message, file=file, title=f"valaudit: gate tripped in {row.path}")


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    lines = [line for row in portfolio.rows if (line := _annotation(row, options))]
    lines.append(annotation("notice", " ".join(summary_lines(portfolio)), title="valaudit batch"))
    return "\n".join(lines) + "\n"
