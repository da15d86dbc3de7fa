"""Validation results for people: each problem with its location and how to fix it."""

from __future__ import annotations

import io
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING

from valaudit.errors import Problem
from valaudit.model.validation import FolderValidation
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable

if TYPE_CHECKING:
    from rich.console import RenderableType


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary_line(results: Sequence[FolderValidation]) -> str:
    files = sum(r.stats.files for r in results)
    tables = sum(r.stats.tables for r in results)
    rows = sum(r.stats.rows for r in results)
    kpis = sum(r.stats.kpis for r in results)
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    folders = f"{_plural(len(results), 'folder')}: " if len(results) > 1 else ""
    return (
        f"Checked {folders}{_plural(files, 'file')}, {_plural(tables, 'table')}, "
        f"{_plural(rows, 'row')}, {_plural(kpis, 'KPI')}: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}."
    )


def file_line(problem: Problem) -> int | None:
    """The line of the file a problem is on: its YAML line, or the row of a text table (a
    CSV row is a line of the file; an XLSX row is not)."""
    if problem.line is not None:
        return problem.line
    return problem.row if problem.sheet is None else None


def beside_thesis(thesis: str, file: str) -> str:
    """A file a report names relative to its audit folder, as a path that starts where the
    thesis path does: CI systems resolve it from the job's directory, as they do the thesis."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(thesis), file))


def folder_counts(result: FolderValidation) -> str:
    """``2 errors, 1 warning``."""
    return f"{_plural(len(result.errors), 'error')}, {_plural(len(result.warnings), 'warning')}"


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    console = Console(
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        record=True,
        file=io.StringIO(),
        highlight=False,
        emoji=False,
    )
    for result in results:
        mark, style = ("✓", "green") if not result.errors else ("✗", "red")
        counts = folder_counts(result)
        title = Text()
        title.append(f"{mark} ", style=f"bold {style}")
        title.append(printable(result.target), style="bold")
        title.append(f"  {counts}")
        console.print(title)
        for problem in result.problems:
            console.print(Padding(_problem_text(problem), (0, 0, 0, 2)))
        console.print()
    console.print(Text(summary_line(results), style="bold"))
    text = console.export_text(styles=options.color)
    if not options.color:
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    return text


def _problem_text(problem: Problem) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    head = Text()
    if problem.is_error:
        head.append("error ", style="bold red")
    else:
        head.append("warning ", style="bold yellow")
    head.append(printable(problem.location()), style="cyan")
    head.append(f"  [{problem.code}]", style="dim")
    body = Text(printable(problem.message))
    if problem.hint:
        body.append("\n→ " + printable(problem.hint), style="dim")
    return Group(head, Padding(body, (0, 0, 0, 4)))
