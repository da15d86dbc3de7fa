"""``--jobs 1``: every folder in this process, one after the other.

No pool to start and nothing to pickle: the fastest choice for a handful of folders, and the
one a debugger or a monkeypatched test can see into.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row
from valaudit.model.portfolio import FolderRow


class InProcessExecutor:
    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        for job in jobs:
            try:
                yield task(job)
            except Exception as error:  # the task catches its own; this guards a custom one
                yield crashed_row(job, error)
