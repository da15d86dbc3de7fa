"""The Markdown report's sections on change: what changed since the last audit, written to
read as a pull-request comment, and the trajectory since go-live as a table.

Every string that did not come from this module goes through the report's :func:`escape`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from valaudit.model.codes import ChangeStatus
from valaudit.model.comparison import Comparison
from valaudit.model.trajectory import Trajectory
from valaudit.render.change_wording import (
    comparison_summary,
    figure_rows,
    since_words,
    status_rows,
)
from valaudit.render.trajectory_wording import (
    EVERY_WORDS,
    TIMELINE_HEADER,
    status_grid,
    status_marks,
    timeline_rows,
    trajectory_events,
    trajectory_headline,
)

Escape = Callable[..., str]
Table = Callable[[Sequence[str], Iterable[Sequence[str]], str], list[str]]

_MARK = {
    ChangeStatus.WORSENED: "🔻 Worse",
    ChangeStatus.IMPROVED: "🔺 Better",
    ChangeStatus.CHANGED: "Changed",
    ChangeStatus.UNCHANGED: "Unchanged",
}


def comparison_lines(
    comparison: Comparison, currency: str, escape: Escape, table: Table
) -> list[str]:
    lines = [
        f"### {escape(since_words(comparison))}",
        "",
        f"**{_MARK[comparison.status]}.** {escape(comparison_summary(comparison, currency))}",
    ]
    if comparison.worsened:
        lines += ["", *(f"- 🔻 {escape(reason)}" for reason in comparison.worsened)]
    if comparison.notes:
        lines += ["", *(f"<sub>{escape(note)}</sub>" for note in comparison.notes)]
    rows = [tuple(escape(cell) for cell in row) for row in figure_rows(comparison, currency)]
    lines += ["", *table(("Figure", "Before", "Now", "Change"), rows, "lrrr")]
    changes = [
        (kind, escape(name), escape(before), escape(after))
        for kind, group in (("KPI", comparison.kpis), ("Guardrail", comparison.guardrails))
        for name, before, after in status_rows(group)
    ]
    if changes:
        lines += ["", *table(("", "Status changed", "Before", "Now"), changes, "")]
    problems = [
        f"- {label}: {escape(problem.message)} <sub>{escape(problem.location())}</sub>"
        for label, group in (
            ("New data problem", comparison.new_warnings),
            ("Fixed", comparison.fixed_warnings),
        )
        for problem in group
    ]
    if problems:
        lines += ["", *problems]
    return lines


def trajectory_lines(
    trajectory: Trajectory, currency: str, escape: Escape, table: Table
) -> list[str]:
    """The timeline as a table: a changed verdict and a moved break in bold."""
    period = EVERY_WORDS.get(trajectory.granularity, "period")
    lines = [
        f"### Trajectory since go-live (each {period}-end)",
        "",
        escape(trajectory_headline(trajectory), block=True),
        "",
    ]
    rows = []
    for row in timeline_rows(trajectory, currency):
        cells = list(row.cells())
        if row.verdict_changed:
            cells[1] = f"**{cells[1]}**"
        if row.break_moved:
            cells[2] = f"**{cells[2]}**"
        rows.append(cells)
    lines += table(TIMELINE_HEADER, rows, "lllrrrrr")
    events = trajectory_events(trajectory)
    if events:
        lines += ["", *(f"- {day.isoformat()}: {escape(text)}" for day, text in events)]
    grid = status_grid(trajectory)
    if grid:
        first, last = trajectory.points[0].as_of, trajectory.points[-1].as_of
        header = ("KPI or guardrail", f"Status {first.isoformat()} … {last.isoformat()}")
        lines += [
            "",
            *table(header, [(escape(name), status_marks(s)) for _, name, s in grid], ""),
            "",
            "<sub>✓ on track or achieved · ◐ behind · · flat · ✗ regressed or breached · "
            "… early · ? no data</sub>",
        ]
    return lines
