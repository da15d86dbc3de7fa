"""What an executor implements: run the per-folder task over many folders.

An executor yields rows as folders complete, in whatever order that is; the portfolio sorts
them. It never lets one folder's failure escape: a task that raises, or a worker that dies,
becomes that folder's ``crashed`` row, and a folder over the run's time limit its ``timeout``
row. On ``KeyboardInterrupt`` (Ctrl-C, or SIGTERM turned into one by
:mod:`valaudit.signals`) it yields what did finish, stops its workers without waiting for
the folders they are on, and re-raises, so the caller can report the partial run. Closing
the iterator early stops the workers too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from valaudit.batch.jobs import FolderJob
from valaudit.model.portfolio import FolderRow

#: The per-folder task, with the run's options bound: ``partial(audit_folder, options)``.
FolderTask = Callable[[FolderJob], FolderRow]


class Executor(Protocol):
    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        """Yield one row per job, in completion order."""
        ...
