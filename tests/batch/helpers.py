"""Per-folder tasks for tests, importable by worker processes."""

from __future__ import annotations

import os

from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.task import audit_folder
from valaudit.model.portfolio import FolderRow


def die_on_poison(options: TaskOptions, job: FolderJob) -> FolderRow:
    """The real task, except that a folder named ``poison`` kills its worker outright."""
    if job.path.rsplit("/", 1)[-1] == "poison":
        os._exit(13)
    return audit_folder(options, job)
