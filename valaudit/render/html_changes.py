"""What the HTML templates of the comparison and the trajectory (``comparison.html.j2``,
``trajectory.html.j2``) call: the shared wording, as template globals."""

from __future__ import annotations

from typing import Any

from valaudit.model.codes import ChangeStatus
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
    timeline_rows,
    trajectory_events,
    trajectory_headline,
)

#: The comparison's status in the words and tone the section leads with.
CHANGE_WORDS = {
    ChangeStatus.WORSENED: "Worse",
    ChangeStatus.IMPROVED: "Better",
    ChangeStatus.CHANGED: "Changed",
    ChangeStatus.UNCHANGED: "Unchanged",
}
CHANGE_TONE = {
    ChangeStatus.WORSENED: "bad",
    ChangeStatus.IMPROVED: "good",
    ChangeStatus.CHANGED: "warn",
    ChangeStatus.UNCHANGED: "none",
}

CHANGE_GLOBALS: dict[str, Any] = {
    "since_words": since_words,
    "comparison_summary": comparison_summary,
    "figure_rows": figure_rows,
    "status_rows": status_rows,
    "change_words": CHANGE_WORDS,
    "change_tone": CHANGE_TONE,
    "every_words": EVERY_WORDS,
    "timeline_header": TIMELINE_HEADER,
    "timeline_rows": timeline_rows,
    "trajectory_events": trajectory_events,
    "trajectory_headline": trajectory_headline,
    "status_grid": status_grid,
}
