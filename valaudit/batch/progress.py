"""The progress bar the ``batch`` command shows on standard error, at a terminal only.

Piped, redirected or in CI, nothing is drawn: standard error then carries only what went
wrong, and standard output only the result.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from valaudit.batch.run import close_stream
from valaudit.model.portfolio import FolderRow


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
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
    columns = (
        TextColumn("Auditing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[problems]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    problems = 0
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("batch", total=total, problems="")
        for row in rows:
            if not row.audited:
                problems += 1
            progress.update(
                task, advance=1, problems=f"{problems} invalid or crashed" if problems else ""
            )
            yield row
