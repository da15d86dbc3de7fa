"""Planning a batch run: from ROOT and the patterns to the jobs an executor runs.

The steps :func:`valaudit.api.run_batch` strings together (a script or a notebook calls
that, not these)::

    plan = plan_batch(Path("clients"))
    task = folder_task(TaskOptions(root=str(plan.root)))
    rows, stopped_by = collect(make_executor("local", jobs=4).run(task, plan.jobs))
    portfolio = build_portfolio(rows, planned=len(plan.jobs))
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from valaudit.batch.discover import SkippedFolder, discover
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.reports import unique_stems
from valaudit.batch.task import audit_folder
from valaudit.model.portfolio import FolderRow


@dataclass(frozen=True)
class BatchPlan:
    root: Path
    """ROOT, absolute and with links resolved: workers elsewhere must find the same place."""
    jobs: tuple[FolderJob, ...]
    """One per audit folder, sorted by relative path."""
    skipped: tuple[SkippedFolder, ...]


def plan_batch(root: Path, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> BatchPlan:
    found = discover(root, include, exclude)
    stems = unique_stems(found.folders)
    return BatchPlan(
        root=root.resolve(),
        jobs=tuple(FolderJob(folder, stems[folder]) for folder in found.folders),
        skipped=found.skipped,
    )


def folder_task(options: TaskOptions) -> FolderTask:
    """The per-folder task with the run's options bound; picklable (a partial of a
    module-level function), so it travels to process-pool and Dask workers alike."""
    return functools.partial(audit_folder, options)


def collect(stream: Iterator[FolderRow]) -> tuple[list[FolderRow], KeyboardInterrupt | None]:
    """Every row the stream yields, and the interrupt that cut it short, if one did: Ctrl-C's
    KeyboardInterrupt, or :class:`~valaudit.signals.Terminated` for SIGTERM.

    An interrupted run is a result, not an error: the rows that finished are kept so they can
    still be reported. The stream is closed either way, which stops its workers.
    """
    rows: list[FolderRow] = []
    try:
        rows.extend(stream)
    except KeyboardInterrupt as interrupt:
        return rows, interrupt
    finally:
        close_stream(stream)
    return rows, None


def close_stream(stream: Iterator[FolderRow]) -> None:
    """Close a generator (running its clean-up now, not whenever it is collected)."""
    close = getattr(stream, "close", None)
    if close is not None:
        close()
