"""``--jobs N``: a local pool of worker processes.

Start method: ``forkserver`` where the platform has it (Linux), else ``spawn``. Plain
``fork`` is avoided: the parent runs threads (the progress bar refreshes from one), and
forking a threaded process can deadlock the child (Python 3.12 warns about it). The fork
server imports the task module, pandas included, once; every worker is forked from it
already warm, so N workers start in milliseconds instead of each paying the import.

Folders travel in chunks (up to :data:`MAX_CHUNK` per round trip), so 1,000 tiny folders are
not 1,000 round trips, and only a few chunks per worker are in flight at a time, so memory
stays flat however many folders there are and Ctrl-C has little to wait for.

A worker that dies (killed for memory, a crash in native code) breaks the whole pool in
:mod:`concurrent.futures`. The pool is then restarted and the folders that were in flight are
retried one at a time, each alone in the pool, so the folder that kills its worker is found
and marked crashed while every other folder still gets its row.
"""

from __future__ import annotations

import math
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row, lost_row
from valaudit.model.portfolio import FolderRow

#: Most folders sent to a worker in one round trip.
MAX_CHUNK = 16
#: Chunks aimed at per worker, so the last ones finish at about the same time.
CHUNKS_PER_WORKER = 4
#: Chunks queued per worker at any moment: enough to keep it busy, few enough to cancel.
IN_FLIGHT_PER_WORKER = 2
#: Imported by the fork server before any worker is forked from it: the task and what the
#: api loads on a folder's first call (pandas, the validation, the analysis).
WARM_MODULES = ["valaudit.batch.pipeline", "valaudit.validate.folder", "valaudit.analyse.audit"]
WORKER_DIED = (
    "The worker process died while auditing this folder (out of memory, or a crash in "
    "native code); the other folders were not affected."
)


def chunk_size(folders: int, workers: int) -> int:
    """Folders per round trip: large enough to amortise it, small enough to balance load."""
    return max(1, min(MAX_CHUNK, math.ceil(folders / (workers * CHUNKS_PER_WORKER))))


def run_chunk(task: FolderTask, jobs: list[FolderJob]) -> list[FolderRow]:
    """Runs in a worker: the per-folder task over one chunk."""
    return [task(job) for job in jobs]


def worker_init() -> None:
    """Runs once in each worker: Ctrl-C is the parent's to handle (it stops the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pool_context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WARM_MODULES)
        return context
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class _Chunk:
    jobs: tuple[FolderJob, ...]
    alone: bool = False
    """Retried alone after the pool broke, so that whatever happens is this folder's doing."""


class LocalPoolExecutor:
    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        if not jobs:
            return
        workers = min(self.workers, len(jobs))
        size = chunk_size(len(jobs), workers)
        queue = deque(_Chunk(tuple(jobs[i : i + size])) for i in range(0, len(jobs), size))
        limit = workers * IN_FLIGHT_PER_WORKER
        inflight: dict[Future[list[FolderRow]], _Chunk] = {}
        pool = _start(workers)
        try:
            while queue or inflight:
                broken = not _submit(pool, task, queue, inflight, limit)
                done: set[Future[list[FolderRow]]] = set()
                if inflight:
                    done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                    broken = broken or any(_broke(future) for future in done)
                if broken:
                    # The pool is gone: every chunk in flight ends, one way or the other.
                    done, _ = wait(inflight)
                    pool.shutdown(wait=True)
                    pool = _start(workers)
                for future in done:
                    yield from _collect(future, inflight.pop(future), queue)
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            for future in inflight:
                if not future.cancelled() and future.exception() is None:
                    yield from future.result()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _ping() -> bool:
    return True


def _start(workers: int) -> ProcessPoolExecutor:
    """A new pool, checked to be able to run anything at all before folders are sent."""
    pool = ProcessPoolExecutor(workers, mp_context=pool_context(), initializer=worker_init)
    try:
        pool.submit(_ping).result()
    except BrokenProcessPool:
        pool.shutdown(wait=True)
        raise BatchSetupError(
            "The worker processes could not start (see the messages above); run with "
            "--jobs 1 to audit in this process."
        ) from None
    return pool


def _submit(
    pool: ProcessPoolExecutor,
    task: FolderTask,
    queue: deque[_Chunk],
    inflight: dict[Future[list[FolderRow]], _Chunk],
    limit: int,
) -> bool:
    """Top the pool up to ``limit`` chunks; False when it turned out to be broken."""
    while queue and len(inflight) < limit:
        if queue[0].alone and inflight:
            break
        chunk = queue[0]
        try:
            inflight[pool.submit(run_chunk, task, list(chunk.jobs))] = chunk
        except BrokenProcessPool:
            return False
        queue.popleft()
        if chunk.alone:
            break
    return True


def _broke(future: Future[list[FolderRow]]) -> bool:
    return not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


def _collect(
    future: Future[list[FolderRow]], chunk: _Chunk, queue: deque[_Chunk]
) -> Iterator[FolderRow]:
    try:
        rows = future.result()
    except BrokenProcessPool:
        if chunk.alone:
            yield lost_row(chunk.jobs[0], WORKER_DIED)
        else:
            queue.extendleft(_Chunk((job,), alone=True) for job in reversed(chunk.jobs))
        return
    except Exception as error:  # e.g. a result that would not pickle: a bug, kept to its chunk
        for job in chunk.jobs:
            yield crashed_row(job, error)
        return
    yield from rows
