"""``--jobs N``: a pool of worker processes on this machine, each one watched.

Every worker (:mod:`~valaudit.batch.executors.worker`) audits one folder at a time, and this
process knows at every moment which folder each worker is on and since when. That is what
lets it:

- stop a folder that runs past ``--folder-timeout``: its worker is killed and replaced, the
  folder gets its ``timeout`` row, and the other folders go on;
- stop at once on Ctrl-C or SIGTERM: the rows that arrived are kept, the workers are killed
  (whatever they were doing), and nothing is left running;
- mark exactly the folder whose worker died (killed for memory, a crash in native code) as
  crashed, and carry on with a fresh worker.

A worker is given :data:`PIPELINE` folders at a time (the one it audits, and the next), so
it never waits for its next folder, and folders queued to a worker that is killed go back to
the queue. Folders and rows travel over one pipe each way per worker: a few hundred bytes a
folder, so a thousand tiny folders cost milliseconds of traffic.

Start method: ``forkserver`` where the platform has it (Linux), else ``spawn``. Plain
``fork`` is avoided: the parent runs threads (the progress bar refreshes from one), and
forking a threaded process can deadlock the child (Python 3.12 warns about it). The fork
server imports the task's modules, pandas included, once; every worker is forked from it
already warm, so a worker starts, or is replaced after a timeout, in milliseconds.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.executors.worker import (
    KILL_WAIT,
    READY,
    START_TIMEOUT,
    WARM_MODULES,
    WORKER_DIED,
    pool_worker,
)
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row, lost_row, timeout_row
from valaudit.model.portfolio import FolderRow

if TYPE_CHECKING:  # ForkServerContext does not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

#: Folders handed to a worker at once: the one it is auditing and the one after.
PIPELINE = 2
#: Longest wait between two looks at the clock and the workers; short enough that Ctrl-C
#: is seen at once on every platform (a wait on Windows is not interrupted by it).
TICK = 0.5
#: Seconds a worker is given to leave by itself once it has no more folders.
GOODBYE = 2.0
NO_WORKER = (
    "No worker process could be started to audit this folder (see the messages above); "
    "run again, or with --jobs 1 --folder-timeout 0 to audit in this process."
)


def pool_context() -> ForkServerContext | SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(WARM_MODULES))
        return context
    return multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    """One worker process, the pipes to it, and the folders it has been given."""

    process: BaseProcess
    jobs: Connection
    rows: Connection
    ready: bool = False
    started: float = field(default_factory=time.monotonic)
    """When it started its current folder (or, before it is ready, when it was started)."""
    assigned: deque[FolderJob] = field(default_factory=deque)
    """Folders sent to it and not yet answered; the first is the one it is auditing."""

    def give(self, task: FolderTask, job: FolderJob) -> None:
        if not self.assigned:
            self.started = time.monotonic()
        self.jobs.send((task, job))
        self.assigned.append(job)

    def stop(self) -> None:
        """Kill the process, whatever it is doing, and close the pipes."""
        if self.process.is_alive():
            self.process.kill()
        # Bounded: a process stuck in the kernel (a hung network drive) dies only when the
        # kernel lets go; the run does not wait for that.
        self.process.join(KILL_WAIT)
        self.jobs.close()
        self.rows.close()


class LocalPoolExecutor:
    def __init__(self, workers: int, folder_timeout: float | None = None) -> None:
        self.workers = max(1, workers)
        self.folder_timeout = folder_timeout
        """Seconds a folder may take before its worker is killed; None for no limit."""

    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        if not jobs:
            return
        pool = _Pool(task, jobs, self.folder_timeout)
        try:
            pool.start(min(self.workers, len(jobs)))
            yield from pool.rows()
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: keep the rows already sent; the finally stops the rest.
            yield from pool.arrived()
            raise
        finally:
            pool.close()


class _Pool:
    """The workers of one run, the folders not yet given out, and the time limit."""

    def __init__(
        self, task: FolderTask, jobs: Sequence[FolderJob], folder_timeout: float | None
    ) -> None:
        self.task = task
        self.queue = deque(jobs)
        self.folder_timeout = folder_timeout
        self.context = pool_context()
        self.workers: list[_Worker] = []
        self.started_one = False
        """True once any worker has said it is ready: the pool can work at all."""

    def start(self, count: int) -> None:
        for _ in range(count):
            self.workers.append(_start(self.context))

    def rows(self) -> Iterator[FolderRow]:
        """Every folder's row, as they finish."""
        while self.queue or any(worker.assigned for worker in self.workers):
            if not self.workers:  # every worker died and none could be started again
                yield from (lost_row(job, NO_WORKER) for job in self.queue)
                return
            for worker in self.workers:
                while worker.ready and self.queue and len(worker.assigned) < PIPELINE:
                    worker.give(self.task, self.queue.popleft())
            for rows in wait([worker.rows for worker in self.workers], self._until_next_look()):
                yield from self._receive(next(w for w in self.workers if w.rows is rows))
            yield from self._stop_overdue()

    def arrived(self) -> Iterator[FolderRow]:
        """The rows the workers have already sent, without waiting for any more."""
        for worker in self.workers:
            try:
                while worker.assigned and worker.rows.poll(0):
                    message = worker.rows.recv()
                    if message != READY:
                        worker.assigned.popleft()
                        yield message
            except (EOFError, OSError):
                continue

    def close(self) -> None:
        """Let idle workers leave by themselves; kill any that is busy or slow to go."""
        for worker in self.workers:
            if worker.assigned:
                worker.stop()
            else:
                worker.jobs.close()  # the end of its folders: it leaves
        deadline = time.monotonic() + GOODBYE
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            worker.stop()

    def _until_next_look(self) -> float:
        """Seconds to wait for rows: until the nearest deadline, at most a tick."""
        now = time.monotonic()
        deadlines = [worker.started + START_TIMEOUT for worker in self.workers if not worker.ready]
        if self.folder_timeout is not None:
            deadlines += [
                worker.started + self.folder_timeout
                for worker in self.workers
                if worker.ready and worker.assigned
            ]
        return max(0.0, min([TICK, *(deadline - now for deadline in deadlines)]))

    def _receive(self, worker: _Worker) -> Iterator[FolderRow]:
        try:
            message = worker.rows.recv()
        except (EOFError, OSError):  # the process died
            if worker.assigned:
                yield lost_row(worker.assigned.popleft(), WORKER_DIED)
            self._replace(worker, died_starting=not worker.ready)
            return
        except Exception as error:  # a row that would not unpickle: a bug, kept to its folder
            message = crashed_row(worker.assigned[0], error)
        if message == READY:
            worker.ready = self.started_one = True
            return
        worker.assigned.popleft()
        worker.started = time.monotonic()
        yield message

    def _stop_overdue(self) -> Iterator[FolderRow]:
        now = time.monotonic()
        for worker in list(self.workers):
            if not worker.ready:
                if now - worker.started > START_TIMEOUT:
                    self._replace(worker, died_starting=True)
            elif (
                self.folder_timeout is not None
                and worker.assigned
                and now - worker.started > self.folder_timeout
            ):
                yield timeout_row(worker.assigned.popleft(), self.folder_timeout)
                self._replace(worker)

    def _replace(self, worker: _Worker, died_starting: bool = False) -> None:
        """Stop ``worker``, put the folders it had not begun back in front of the queue, and
        start another in its place. A worker that could not even start is not replaced: if
        none ever did, the run cannot work at all; else the pool goes on with one fewer."""
        self.queue.extendleft(reversed(worker.assigned))
        worker.assigned.clear()
        worker.stop()
        index = self.workers.index(worker)
        if died_starting:
            if not self.started_one:
                raise BatchSetupError(
                    "The worker processes could not start (see the messages above); run with "
                    "--jobs 1 --folder-timeout 0 to audit in this process."
                )
            del self.workers[index]
            return
        try:
            self.workers[index] = _start(self.context)
        except OSError:
            del self.workers[index]


def _start(context: ForkServerContext | SpawnContext) -> _Worker:
    """A new worker process, forked from the warm fork server where there is one."""
    job_reader, job_writer = context.Pipe(duplex=False)
    row_reader, row_writer = context.Pipe(duplex=False)
    process = context.Process(target=pool_worker, args=(job_reader, row_writer), daemon=True)
    process.start()
    # Only the worker holds these ends now: when it dies, reading its rows ends at once, and
    # when this process dies, so does the worker's reading of its folders.
    job_reader.close()
    row_writer.close()
    return _Worker(process, job_writer, row_reader)
