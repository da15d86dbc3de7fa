"""Validation results as GitHub-flavoured Markdown: for a pull-request comment or a job summary.

One table per folder with each problem's location, message and how to fix it. This is also
what ``audit --format markdown`` (and ``-o report.md``) gives on invalid input, so a job
summary shows the errors instead of nothing. Every string from the user's files goes through
:func:`valaudit.render.markdown.escape`: a cell holding ``<img>`` or ``a | b`` is shown as
text and cannot break the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.errors import Problem
from valaudit.model.failure import INTERNAL_ERROR
from valaudit.model.validation import FolderValidation
from valaudit.render.markdown import escape
from valaudit.render.options import RenderOptions
from valaudit.render.validation_text import folder_counts, summary_line


def _mark(failed: bool) -> str:
    return "✗" if failed else "✓"


def _row(problem: Problem) -> str:
    severity = "✗ error" if problem.is_error else "⚠ warning"
    cells = (
        severity,
        escape(problem.location()),
        f"{escape(problem.message)} <sub>{escape(problem.code)}</sub>",
        escape(problem.hint or ""),
    )
    return "| " + " | ".join(cells) + " |"


def _folder(result: FolderValidation) -> list[str]:
    lines = [f"### {_mark(bool(result.errors))} {escape(result.target)}: {folder_counts(result)}"]
    if result.problems:
        lines += [
            "",
            "| | Where | Problem | How to fix |",
            "| --- | --- | --- | --- |",
            *(_row(problem) for problem in result.problems),
        ]
    return lines


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    errors = sum(len(result.errors) for result in results)
    heading = f"## {_mark(bool(errors))} valaudit: the input is {'in' if errors else ''}valid"
    if any(problem.code == INTERNAL_ERROR for r in results for problem in r.errors):
        heading = "## ✗ valaudit failed: an internal error"
    sections = [[heading], *(_folder(result) for result in results)]
    sections.append([f"<sub>{escape(summary_line(results))}</sub>"])
    return "\n\n".join("\n".join(section) for section in sections) + "\n"
