"""What ``--out-dir`` holds once a batch run ends: each folder's outcome of this run, never an
earlier run's report.

A worker writes an audited folder's reports, and an invalid folder's failure reports (its
located errors, in each format). A folder whose audit crashed, whose worker died, or that the
run never reached (it was interrupted) has no worker to write for it; this module, run in
the parent once the rows are in, gives a crashed folder the failure report of each format
saying so, and removes the files of a folder that was not run. So a file in ``--out-dir``
is always this run's, whatever happened to its folder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path

from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.model.codes import FolderStatus
from valaudit.model.portfolio import FolderRow
from valaudit.render import file_suffix

#: What to do about a crashed folder: the parent wrote no crash report for it.
CRASH_HINT = (
    "A bug in valaudit, or a worker that stopped: the batch portfolio has the same message; "
    "please report it."
)


def report_targets(options: TaskOptions, job: FolderJob) -> list[tuple[Path, str]]:
    """The folder's files in ``out_dir`` (empty without one), with their formats."""
    if options.out_dir is None:
        return []
    return [
        (Path(options.out_dir) / f"{job.report_stem}{file_suffix(name)}", name)
        for name in options.report_formats
    ]


def settle_reports(
    rows: Iterable[FolderRow], jobs: Sequence[FolderJob], options: TaskOptions
) -> list[FolderRow]:
    """The rows, with a crashed folder's failure reports written (and listed in its row), and
    the files of every folder without a row removed."""
    from valaudit.folder_audit import write_failure
    from valaudit.model.failure import crashed_validation
    from valaudit.output import remove_all

    by_path = {row.path: row for row in rows}
    settled = []
    for job in jobs:
        targets = report_targets(options, job)
        row = by_path.get(job.path)
        if row is None:
            remove_all(path for path, _ in targets)
            continue
        if row.status == FolderStatus.CRASHED:
            why = row.errors[0] if row.errors else "the folder's audit stopped"
            written: tuple[Path, ...] = ()
            try:
                written = write_failure(crashed_validation(job.path, why, CRASH_HINT), targets)
            except Exception:  # could not say so: at least leave nothing stale
                remove_all(path for path, _ in targets)
            row = dataclasses.replace(row, reports=tuple(path.name for path in written))
        settled.append(row)
    return settled
