"""The terminal's (and text log's) sections on change: since the last audit, and the
trajectory since go-live.

Drawn on the report's console by :mod:`valaudit.render.terminal`, with its own helpers, so
client strings go in as rich ``Text`` after :func:`printable`, never as markup.
"""

from __future__ import annotations

from typing import Any, Protocol

from valaudit.model.codes import ChangeStatus
from valaudit.model.comparison import Comparison
from valaudit.model.trajectory import Trajectory
from valaudit.render.change_wording import (
    comparison_summary,
    comparison_verdict_line,
    figure_rows,
    status_rows,
)
from valaudit.render.safe_text import printable
from valaudit.render.trajectory_wording import (
    EVERY_WORDS,
    status_grid,
    status_marks,
    timeline_rows,
    trajectory_events,
    trajectory_headline,
)

CHANGE_STYLE = {
    ChangeStatus.WORSENED: "bold red",
    ChangeStatus.IMPROVED: "bold green",
    ChangeStatus.CHANGED: "bold",
    ChangeStatus.UNCHANGED: "dim",
}


class Drawing(Protocol):
    """What these sections need of the report's builder."""

    console: Any

    def text(self, value: object, style: str = "") -> Any: ...

    def heading(self, title: str) -> None: ...


def _table(**options: Any) -> Any:
    from rich.table import Table

    settings: dict[str, Any] = {"show_header": True, "header_style": "bold", **options}
    return Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), **settings)


def draw_comparison(out: Drawing, comparison: Comparison, currency: str) -> None:
    out.heading("Since the last audit")
    out.console.print(
        out.text(comparison_verdict_line(comparison), CHANGE_STYLE[comparison.status])
    )
    out.console.print(out.text(comparison_summary(comparison, currency)))
    for note in comparison.notes:
        out.console.print(out.text(f"ⓘ {note}", "dim"))
    figures = _table()
    for title in ("Figure", "Before", "Now", "Change"):
        figures.add_column(title, justify="left" if title == "Figure" else "right", no_wrap=True)
    for row in figure_rows(comparison, currency):
        figures.add_row(*row)
    out.console.print()
    out.console.print(figures)
    for title, changes in (("KPI", comparison.kpis), ("Guardrail", comparison.guardrails)):
        rows = status_rows(changes)
        if not rows:
            continue
        table = _table()
        for column in (title, "Before", "Now"):
            table.add_column(column, overflow="fold")
        for name, before, after in rows:
            table.add_row(out.text(name), before, after)
        out.console.print()
        out.console.print(table)
    for label, problems in (
        ("New data problem", comparison.new_warnings),
        ("Fixed data problem", comparison.fixed_warnings),
    ):
        for problem in problems:
            line = out.text(f"{label}: ", "bold")
            line.append(printable(problem.message))
            line.append(f"  ({printable(problem.location())})", style="dim")
            out.console.print(line)


def draw_trajectory(out: Drawing, trajectory: Trajectory, currency: str, width: int) -> None:
    """The timeline: one line per date, verdict changes and break moves marked ▶ and in bold;
    then the events and each KPI's and guardrail's status per date."""
    from rich.text import Text

    period = EVERY_WORDS.get(trajectory.granularity, "period")
    out.heading(f"Trajectory since go-live (each {period}-end)")
    out.console.print(out.text(trajectory_headline(trajectory)))
    out.console.print()
    # Benefit and cost to date only where they fit beside the rest: the verdict must not wrap.
    wide = width >= 130
    table = _table()
    columns = ["As of", "Verdict", "Break", "Realized\nattr. / obs."]
    columns += ["Benefit to date", "Cost to date", "ROI"] if wide else ["ROI"]
    for index, title in enumerate(columns):
        table.add_column(title, justify="right" if index >= 3 else "left", no_wrap=index == 0)
    for row in timeline_rows(trajectory, currency):
        verdict = Text(("▶ " if row.verdict_changed else "  ") + row.verdict)
        verdict.stylize("bold yellow" if row.verdict_changed else "dim")
        chain_break = Text(
            ("▶ " if row.break_moved else "  ") + row.break_,
            style="bold red" if row.break_moved else "dim",
        )
        money_cells = (
            [row.benefit_to_date, row.cost_to_date, row.roi_to_date] if wide else [row.roi_to_date]
        )
        realized = f"{row.attributable} / {row.observed}"
        table.add_row(row.as_of, verdict, chain_break, realized, *money_cells)
    out.console.print(table)
    events = trajectory_events(trajectory)
    if events:
        out.console.print()
        for day, sentence in events:
            line = Text(f"{day.isoformat()}  ", style="bold")
            line.append(printable(sentence))
            out.console.print(line)
    grid = status_grid(trajectory)
    if grid:
        out.console.print()
        out.console.print(
            Text("Status at each date (✓ on track · ◐ behind · · flat · ✗ regressed or breached · "
                 "… early · ? no data):", style="dim")
        )  # fmt: skip
        names = _table(show_header=False)
        names.add_column(overflow="fold", max_width=max(16, width - len(trajectory.points) - 4))
        names.add_column(no_wrap=True)
        for _, name, statuses in grid:
            names.add_row(out.text(name), status_marks(statuses))
        out.console.print(names)
