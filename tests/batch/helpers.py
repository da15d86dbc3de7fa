"""Per-folder tasks for tests, importable by worker processes."""

from __future__ import annotations

import os
import time

from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.task import audit_folder
from valaudit.model.portfolio import FolderRow


def die_on_poison(options: TaskOptions, job: FolderJob) -> FolderRow:
    """The real task, except that a folder named ``poison`` kills its worker outright."""
    if job.path.rsplit("/", 1)[-1] == "poison":
        os._exit(13)
    return audit_folder(options, job)


def hang_on_hang(options: TaskOptions, job: FolderJob) -> FolderRow:
    """The real task, except that a folder named ``hang`` never finishes (and burns a CPU,
    as a folder stuck in a quadratic scan does)."""
    if job.path.rsplit("/", 1)[-1] == "hang":
        while True:
            time.monotonic()
    return audit_folder(options, job)


def exit_at_once(*args: object) -> None:
    """A worker process that ends before it is ready (as one that cannot import pandas)."""
    os._exit(3)
