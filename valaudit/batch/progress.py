"""The progress bar the ``batch`` command shows on standard error, at a terminal only.

Piped, redirected or in CI, nothing is drawn: standard error then carries only what went
wrong, and standard output only the result.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from valaudit.batch.run import close_stream
from valaudit.model.portfolio import FolderRow

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, Task


def progress_wanted(quiet: bool = False) -> bool:
    """True when standard error is an interactive terminal outside CI."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def with_progress(rows: Iterator[FolderRow], total: int, enabled: bool) -> Iterator[FolderRow]:
    """``rows``, passed through, advancing a bar on standard error as each one arrives.

    The bar is transient: once the run ends (or is interrupted) it is wiped, so what stays
    on the screen is the portfolio. Closing this iterator closes ``rows`` (stopping workers).
    """
    if not enabled:
        yield from rows
        return
    try:
        yield from _drawn(rows, total)
    finally:
        close_stream(rows)


def _drawn(rows: Iterator[FolderRow], total: int) -> Iterator[FolderRow]:
    from rich.console import Console

    console = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
    problems = 0
    with folder_progress(console) as progress:
        task = progress.add_task("batch", total=total, problems="")
        for row in rows:
            if not row.audited:
                problems += 1
            progress.update(
                task, advance=1, problems=f"{problems} invalid or crashed" if problems else ""
            )
            yield row


def folder_progress(console: Console, get_time: Callable[[], float] | None = None) -> Progress:
    """The bar: folders done of the total, those that failed, the time spent, the rate in
    folders a second and the time remaining at that rate (both over the last 30 seconds, so
    they follow a pool that speeds up or a machine that gets busy). ``get_time`` is for tests."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("Auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[problems]}"),
        TimeElapsedColumn(),
        _rate_column(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        get_time=get_time,
    )


def _rate_column() -> ProgressColumn:
    """A column with the rate, in folders a second (rich's own speed column counts bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class FolderRateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(folder_rate(task.speed), style="progress.data.speed")

    return FolderRateColumn()


def folder_rate(speed: float | None) -> str:
    """``12 folders/s``, one decimal below ten a second, ``? folders/s`` before a rate is known."""
    if speed is None:
        return "? folders/s"
    return f"{speed:,.1f} folders/s" if speed < 10 else f"{speed:,.0f} folders/s"
