"""The trajectory in words and rows, shared by every format that shows it.

A timeline row per date (the verdict, the break, realization on both bases, benefit and cost
to date, ROI), the events worth a sentence (the verdict changed, the break appeared, moved or
closed, a guardrail was breached or recovered), a status grid per KPI, and one headline
sentence: where realization went and whether the gap is closing. Plain, unescaped text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from valaudit.model.trajectory import Trajectory, TrajectoryPoint
from valaudit.render.formatting import money, percent, words
from valaudit.render.wording import STATUS_MARK

EVERY_WORDS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
TIMELINE_HEADER = (
    "As of",
    "Verdict",
    "Break",
    "Realization (attributable)",
    "Realization (observed)",
    "Benefit to date",
    "Cost to date",
    "ROI to date",
)


@dataclass(frozen=True)
class TimelineRow:
    """One date of the timeline, as text, with what changed since the date before."""

    as_of: str
    verdict: str
    break_: str
    attributable: str
    observed: str
    benefit_to_date: str
    cost_to_date: str
    roi_to_date: str
    verdict_changed: bool
    """The verdict differs from the date before (never for the first date)."""
    break_moved: bool
    """The break appeared, moved or closed since the date before."""

    def cells(self) -> tuple[str, ...]:
        """In :data:`TIMELINE_HEADER` order."""
        return (
            self.as_of,
            self.verdict,
            self.break_,
            self.attributable,
            self.observed,
            self.benefit_to_date,
            self.cost_to_date,
            self.roi_to_date,
        )


def break_text(value: tuple[str, str] | None) -> str:
    return f"{value[0]} → {value[1]}" if value else "—"


def timeline_rows(trajectory: Trajectory, currency: str) -> list[TimelineRow]:
    rows = []
    previous: TrajectoryPoint | None = None
    for point in trajectory.points:
        rows.append(
            TimelineRow(
                as_of=point.as_of.isoformat(),
                verdict=words(point.verdict),
                break_=break_text(point.break_),
                attributable=percent(point.attributable.realization_ratio),
                observed=percent(point.observed.realization_ratio),
                benefit_to_date=money(point.credited.benefit_to_date, currency),
                cost_to_date=money(point.cost_to_date, currency),
                roi_to_date=percent(point.credited.roi_to_date),
                verdict_changed=previous is not None and previous.verdict != point.verdict,
                break_moved=previous is not None and previous.break_ != point.break_,
            )
        )
        previous = point
    return rows


def trajectory_events(trajectory: Trajectory) -> list[tuple[dt.date, str]]:
    """(date, sentence) for each date where the verdict, the break or a guardrail changed."""
    names = dict(trajectory.names)
    events: list[tuple[dt.date, str]] = []
    points = trajectory.points
    for before, after in itertools.pairwise(points):
        if before.verdict != after.verdict:
            events.append(
                (after.as_of, f"verdict {words(before.verdict)} → {words(after.verdict)}")
            )
        if before.break_ != after.break_:
            if before.break_ is None:
                text = f"the break appeared at {break_text(after.break_)}"
            elif after.break_ is None:
                text = f"the break at {break_text(before.break_)} closed"
            else:
                text = (
                    f"the break moved from {break_text(before.break_)} to "
                    f"{break_text(after.break_)}"
                )
            events.append((after.as_of, text))
        earlier = dict(before.guardrails)
        for ident, status in after.guardrails:
            if earlier.get(ident, status) != status:
                events.append(
                    (
                        after.as_of,
                        f"guardrail {names.get(ident, ident)} {words(earlier[ident])} → "
                        f"{words(status)}",
                    )
                )
    return events


def status_grid(trajectory: Trajectory) -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, name, one status per date) for every KPI, then every guardrail."""
    names = dict(trajectory.names)
    rows = []
    for kind in ("kpis", "guardrails"):
        first = trajectory.points[0]
        for ident, _ in getattr(first, kind):
            statuses = tuple(
                next((str(s) for i, s in getattr(point, kind) if i == ident), "")
                for point in trajectory.points
            )
            rows.append((ident, names.get(ident, ident), statuses))
    return rows


def status_marks(statuses: tuple[str, ...]) -> str:
    """A status per date as one mark each: ``……◐✓✓✓``."""
    return "".join(STATUS_MARK.get(status, " ") for status in statuses)


def trajectory_headline(trajectory: Trajectory) -> str:
    """Where realization went, when the verdict last changed, and whether the gap closes."""
    points = trajectory.points
    first, last = points[0], points[-1]
    span = f"{len(points)} dates"
    parts = [
        f"From {first.as_of.isoformat()} to {last.as_of.isoformat()} ({span}): realization "
        f"{percent(first.attributable.realization_ratio)} → "
        f"{percent(last.attributable.realization_ratio)} attributable, "
        f"{percent(first.observed.realization_ratio)} → "
        f"{percent(last.observed.realization_ratio)} observed"
    ]
    changes = [p for b, p in itertools.pairwise(points) if b.verdict != p.verdict]
    if changes:
        parts.append(
            f"the verdict became {words(changes[-1].verdict)} on {changes[-1].as_of.isoformat()}"
        )
    else:
        parts.append(f"the verdict stayed {words(last.verdict)}")
    if first.gap_index is not None and last.gap_index is not None:
        if last.gap_index < first.gap_index - 0.5:
            trend = "closing"
        elif last.gap_index > first.gap_index + 0.5:
            trend = "widening"
        else:
            trend = "not moving"
        parts.append(f"the gap is {trend} ({first.gap_index:.0f} → {last.gap_index:.0f} of 100)")
    return "; ".join(parts) + "."
