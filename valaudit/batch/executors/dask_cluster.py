"""``--executor dask``: the same per-folder task on a ``dask.distributed`` cluster.

With ``--scheduler ADDRESS`` the folders go to an existing cluster: ROOT (and ``--out-dir``)
must then be paths the workers see too, such as a shared file system, and the workers need
the same valaudit (and dask) installed. Without it, a local cluster of ``--jobs``
single-threaded worker processes is started for the run and closed after it.

A cluster can fail in ways a local pool cannot, and Dask on its own waits for ever in most of
them. Every wait here is bounded instead:

- a scheduler that accepts the connection but never answers (not a Dask scheduler, another
  dask version): an error after :data:`CONNECT_TIMEOUT` + :data:`ANSWER_TIMEOUT` seconds;
- a scheduler with no workers: an error after :data:`WORKER_WAIT` seconds;
- a worker that runs another dask, distributed or valaudit version (it would die on its first
  folder, or audit by other rules): an error before any folder is sent;
- workers that all leave, or a scheduler that stops answering, during the run: the folders
  not yet done get a row saying so after :data:`NO_WORKER_GRACE` seconds, the others keep
  theirs;
- a folder that kills the workers that try it (Dask retries it on a few, then gives up) or
  that cannot be run there at all (a worker that cannot unpickle the task): a crashed row,
  naming the likely cause (a chunk given up is first split into one task per folder, so
  that only the folder at fault gets that row);
- a folder that hangs: with ``--folder-timeout`` each folder runs in a worker process of its
  own (:func:`~valaudit.batch.executors.worker.run_in_child`), stopped after the limit, so
  the Dask worker stays free for the next one.

Folders go to the cluster in chunks (:func:`chunk_size`): a Dask task costs the client,
the scheduler and the worker milliseconds of CPU, as much as auditing a small folder, and a
chunk spreads that cost over its folders. A chunk is a few folders audited one after the
other by one Dask worker, each with its own time limit and its own row; its rows come back
together when the chunk is done, in the order of its folders. A run has at least
:data:`CHUNKS_PER_WORKER` chunks per worker, so the folders still spread over every worker and
a small run sends one folder per task.

Dask is an optional extra (``pip install 'valaudit[dask]'``), so it is imported only here,
only when asked for, and its absence is a clear message rather than an ImportError.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.executors.worker import run_in_child
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row, lost_row
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.portfolio import FolderRow
from valaudit.render.safe_text import printable

INSTALL_HINT = "pip install 'valaudit[dask]'"
#: Seconds to wait for a scheduler to take the connection (Dask's own connect timeout).
CONNECT_TIMEOUT = 20.0
#: Seconds more for it to answer once connected (Dask itself would wait for ever).
ANSWER_TIMEOUT = 10.0
#: Seconds to wait, before the run, for a first worker to join the scheduler.
WORKER_WAIT = 30.0
#: Seconds the run goes on with no worker, or no answer from the scheduler, before the
#: folders not yet done are given up (a worker restarted by its nanny is back within it).
NO_WORKER_GRACE = 30.0
#: Seconds between two looks for finished folders.
POLL = 0.1
#: Seconds between two questions to the scheduler about its workers while folders run.
CHECK_EVERY = 2.0
#: Most folders in one Dask task: enough to spread a task's cost (a few milliseconds of
#: client, scheduler and worker time) over many folders, few enough that the rows of a
#: chunk a dying worker held are soon audited again.
MAX_CHUNK = 16
#: Fewest chunks per worker, so that the last chunks do not leave workers idle.
CHUNKS_PER_WORKER = 4
#: Packages whose versions must be the same on this machine and on the workers.
VERSIONED = ("dask", "distributed", "valaudit")
#: Workers named in the message about versions.
MAX_LISTED = 5
LOST_WORKERS = (
    "Not audited: the Dask cluster had no worker left to run this folder for {seconds:g} "
    "seconds (they all left or died; a worker that runs another dask version than this "
    "machine dies on its first folder)."
)
SCHEDULER_SILENT = (
    "Not audited: the Dask scheduler stopped answering for {seconds:g} seconds before this "
    "folder was done."
)
CONNECTION_LOST = "Not audited: the connection to the Dask scheduler was lost."
KILLED_WORKER = (
    "Dask gave this folder up after it lost the workers that tried it ({error}); a worker "
    "that runs another dask or valaudit version than this machine dies this way on its "
    "first folder."
)


def require_distributed() -> None:
    """Fail early, with how to fix it, when dask.distributed is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise BatchSetupError(
            f"--executor dask needs dask.distributed, which is not installed. Install it with: "
            f"{INSTALL_HINT}"
        ) from None


class DaskExecutor:
    def __init__(
        self,
        workers: int,
        scheduler: str | None = None,
        folder_timeout: float | None = FOLDER_TIMEOUT_SECONDS,
    ) -> None:
        require_distributed()
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self.folder_timeout = folder_timeout

    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        if not jobs:
            return
        sent = task
        if self.folder_timeout is not None:
            sent = functools.partial(run_in_child, task, self.folder_timeout)
        with self._client(len(jobs)) as client:
            where = self.scheduler or "the local cluster"
            _wait_for_workers(client, where)
            _check_versions(client, where)
            workers = _thread_count(client) or self.workers
            chunks = split(jobs, chunk_size(len(jobs), workers))
            # The folders of each chunk not yet answered, and its future, by its task's key.
            owner: dict[str, tuple[FolderJob, ...]] = {}
            futures: dict[str, Any] = {}

            def submit(chunks: list[tuple[FolderJob, ...]]) -> list[Any]:
                # pure=False: a rerun after the files changed must not reuse a cached result.
                sent_now = client.map(functools.partial(run_chunk, sent), chunks, pure=False)
                for future, chunk in zip(sent_now, chunks, strict=True):
                    owner[future.key], futures[future.key] = chunk, future
                return list(sent_now)

            try:
                yield from _rows(client, submit(chunks), owner, submit)
            finally:
                with contextlib.suppress(Exception):
                    client.cancel([futures[key] for key in owner])

    @contextlib.contextmanager
    def _client(self, folders: int) -> Iterator[Any]:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            with _connect(self.scheduler) as client:
                yield client
            return
        cluster = LocalCluster(
            n_workers=min(self.workers, folders),
            threads_per_worker=1,
            processes=True,
            # Distributed still serves HTTP with the dashboard off, on port 8787 when it is
            # given None: a second run at the same time would collide there. A random port on
            # loopback collides with nothing and shows nothing to the network.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster, set_as_default=False) as client:
            yield client


@contextlib.contextmanager
def _connect(address: str) -> Iterator[Any]:
    """A client of the scheduler at ``address``, or a BatchSetupError within a bounded time.

    Dask bounds the TCP connection by its timeout but not the handshake that follows: a
    server that accepts and stays silent would hold the run for ever.
    """
    shown = printable(address)
    try:
        client = _bounded(lambda: _client_of(address), CONNECT_TIMEOUT + ANSWER_TIMEOUT)
    except TimeoutError:
        raise BatchSetupError(
            f"The Dask scheduler at {shown} took the connection but did not answer within "
            f"{CONNECT_TIMEOUT + ANSWER_TIMEOUT:g} seconds: is it a Dask scheduler, running the "
            f"same dask version as this machine ({_versions_here()})?"
        ) from None
    except Exception as error:
        raise BatchSetupError(
            f"Cannot reach the Dask scheduler at {shown}: {printable(error)}"
        ) from None
    with client:
        yield client


def _client_of(address: str) -> Any:
    from distributed import Client
    from distributed.versions import VersionMismatchWarning

    with warnings.catch_warnings():
        # Dask warns about other versions in the cluster; _check_versions says what matters.
        warnings.simplefilter("ignore", VersionMismatchWarning)
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)


def _bounded(call: Callable[[], Any], seconds: float) -> Any:
    """``call()``'s result, or TimeoutError when it has not returned after ``seconds``.

    For Dask calls that can wait for ever: the call runs on a helper thread, which is left
    to finish (or not) on its own; it never holds the process open at exit.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except Exception as error:  # handed over to the waiting thread
            outcome.append((False, error))

    thread = threading.Thread(target=run, daemon=True, name="valaudit-dask-call")
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise TimeoutError
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value


def _check_versions(client: Any, where: str) -> None:
    """A BatchSetupError when a worker runs another dask, distributed or valaudit version than
    this machine (or the scheduler another dask or distributed): such a worker dies on its
    first folder (it cannot read the task), or audits it by other rules."""
    try:
        versions = _bounded(lambda: client.get_versions(packages=["valaudit"]), ANSWER_TIMEOUT)
    except Exception:  # no answer: the watch over the run reports a silent cluster
        return
    here = versions["client"]["packages"]
    machines = [("the scheduler", versions["scheduler"]["packages"], VERSIONED[:2])] + [
        (f"worker {address}", info["packages"], VERSIONED)
        for address, info in sorted(versions["workers"].items())
    ]
    differ = []
    for who, packages, names in machines:
        other = [name for name in names if packages.get(name) != here.get(name)]
        if other:
            differ.append(
                f"{who} has "
                + ", ".join(f"{name} {packages.get(name) or '(not installed)'}" for name in other)
            )
    if differ:
        shown = [printable(line) for line in differ[:MAX_LISTED]]
        if len(differ) > MAX_LISTED:
            shown.append(f"and {len(differ) - MAX_LISTED:,} more workers")
        raise BatchSetupError(
            f"The Dask cluster at {printable(where)} does not run the versions this machine "
            f"runs ({_versions_here()}): " + "; ".join(shown) + ". Install the same versions "
            "on the workers (and dask and distributed on the scheduler)."
        )


def _wait_for_workers(client: Any, where: str) -> None:
    """Return once the scheduler has a worker; a BatchSetupError after :data:`WORKER_WAIT`."""
    deadline = time.monotonic() + WORKER_WAIT
    while True:
        count = _worker_count(client)
        if count:
            return
        if time.monotonic() >= deadline:
            break
        time.sleep(min(1.0, WORKER_WAIT))
    shown = printable(where)
    if count is None:
        raise BatchSetupError(
            f"The Dask scheduler at {shown} stopped answering before the run could start."
        )
    raise BatchSetupError(
        f"The Dask scheduler at {shown} has no workers: none joined within {WORKER_WAIT:g} "
        f"seconds. Start some with: dask worker {shown}"
    )


def _worker_count(client: Any) -> int | None:
    """Workers the scheduler knows of; None when it does not answer in time."""
    try:
        return len(client.nthreads(callback_timeout=ANSWER_TIMEOUT))
    except Exception:  # TimeoutError, a closed connection: no answer
        return None


def chunk_size(folders: int, workers: int) -> int:
    """Folders per Dask task: at most :data:`MAX_CHUNK`, and small enough that every worker
    gets :data:`CHUNKS_PER_WORKER` tasks or more (one folder per task for a small run)."""
    return max(1, min(MAX_CHUNK, folders // (max(1, workers) * CHUNKS_PER_WORKER)))


def split(jobs: Sequence[FolderJob], size: int) -> list[tuple[FolderJob, ...]]:
    """``jobs`` in consecutive chunks of ``size`` (the last one may be shorter)."""
    return [tuple(jobs[start : start + size]) for start in range(0, len(jobs), size)]


def run_chunk(task: FolderTask, chunk: tuple[FolderJob, ...]) -> list[FolderRow]:
    """Runs on a Dask worker: each folder of ``chunk`` in turn, one row each, in order.

    ``task`` never raises (a crash is its folder's row); this guards a custom one, so that
    one folder's exception never takes the other folders' rows with it.
    """
    rows = []
    for job in chunk:
        try:
            rows.append(task(job))
        except Exception as error:
            rows.append(crashed_row(job, error))
    return rows


def _thread_count(client: Any) -> int | None:
    """Threads (folders at once) of the cluster's workers; None when it does not answer."""
    try:
        return sum(client.nthreads(callback_timeout=ANSWER_TIMEOUT).values()) or None
    except Exception:  # TimeoutError, a closed connection: no answer
        return None


Submit = Callable[[list[tuple[FolderJob, ...]]], list[Any]]


def _rows(
    client: Any,
    futures: list[Any],
    owner: dict[str, tuple[FolderJob, ...]],
    submit: Submit,
) -> Iterator[FolderRow]:
    """The rows of each chunk as it completes; rows saying why for the folders left when the
    cluster has had no worker (or no scheduler) for :data:`NO_WORKER_GRACE` seconds."""
    from distributed import as_completed

    finished = as_completed(futures, loop=client.loop)
    last_seen = next_check = time.monotonic()
    while owner:
        done = finished.next_batch(block=False)
        for future in done:
            chunk = owner[future.key]
            rows, given_up = _chunk_rows(future, chunk)
            if rows is None:  # its result went with its worker: Dask runs it again
                finished.add(future)
                continue
            del owner[future.key]
            future.release()
            if given_up and len(chunk) > 1:
                # One of its folders is likely at fault: each is tried again on its own, so
                # that only that one gets the row saying so.
                finished.update(submit([(job,) for job in chunk]))
                continue
            yield from rows
        if done:
            continue
        now = time.monotonic()
        if now >= next_check:
            count = _worker_count(client)
            if count:
                last_seen = now
            elif now - last_seen >= NO_WORKER_GRACE:
                why = SCHEDULER_SILENT if count is None else LOST_WORKERS
                for chunk in owner.values():
                    for job in chunk:
                        yield lost_row(job, why.format(seconds=NO_WORKER_GRACE))
                owner.clear()
                return
            next_check = time.monotonic() + CHECK_EVERY
        time.sleep(POLL)


def _chunk_rows(future: Any, chunk: tuple[FolderJob, ...]) -> tuple[list[FolderRow] | None, bool]:
    """The rows of a finished chunk, in its order, and whether Dask gave the chunk up after
    it killed the workers that tried it. No rows when the result cannot be fetched (the
    worker that held it died after finishing; Dask then schedules the chunk again)."""
    if future.status == "cancelled":  # the client lost its scheduler
        return [lost_row(job, CONNECTION_LOST) for job in chunk], False
    try:
        rows: list[FolderRow] = future.result(timeout=ANSWER_TIMEOUT)
    except TimeoutError:
        return None, False
    except Exception as error:
        if type(error).__name__ == "KilledWorker":
            why = KILLED_WORKER.format(error=printable(error))
            return [lost_row(job, why) for job in chunk], True
        return [crashed_row(job, error) for job in chunk], False
    return rows, False


def _versions_here() -> str:
    from importlib.metadata import version

    from valaudit import __version__

    return f"dask {version('dask')}, distributed {version('distributed')}, valaudit {__version__}"
