"""A worker process: audits the folders its parent sends, one at a time, and can be stopped
at any moment.

The local pool (:mod:`~valaudit.batch.executors.local`) and the Dask runs with a time limit
(:mod:`~valaudit.batch.executors.dask_cluster`) both run folders in such a process, so that
a folder that hangs, or takes its process down, can be stopped or lost without taking
anything else with it. The parent sends ``(task, job)`` and gets the folder's row back. Three
rules make it safe to stop:

- It ignores SIGINT and SIGTERM. Ctrl-C at a terminal reaches every process of the group; the
  parent alone decides what happens (it kills the workers it no longer needs), so a worker is
  never half-stopped by a signal meant for the run.
- It leaves when its parent does: a thread reads the parent's messages, and their end (the
  parent closed the pipe, exited, or was killed outright) ends the process at once, even in
  the middle of a folder. No orphan goes on burning a CPU after the run.
- It answers every job with a row: a task that raises, or a row that will not pickle, is that
  folder's crash, never a silent gap.

The local pool starts it with :mod:`multiprocessing` (:func:`pool_worker`). A Dask worker
process may not have children of its own through :mod:`multiprocessing` (it is a daemon), so
there it is started as ``python -m valaudit.batch.executors.worker`` and spoken to in
length-prefixed pickles over its standard input and output (:class:`ChildProcess`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import IO, Any, cast

from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row, lost_row, timeout_row
from valaudit.model.portfolio import FolderRow

#: The first message of a worker: it has started (and imported what folders need).
READY = "ready"
#: Modules a worker imports before it says it is ready, so that the first folder's time
#: limit is spent on the folder, not on loading pandas.
WARM_MODULES = ("valaudit.batch.pipeline", "valaudit.validate.folder", "valaudit.analyse.audit")
#: Seconds a worker may take to start and import those modules.
START_TIMEOUT = 120.0
#: Seconds to wait for a killed worker to be gone.
KILL_WAIT = 5.0
WORKER_DIED = (
    "The worker process died while auditing this folder (out of memory, or a crash in "
    "native code); the other folders were not affected."
)


def serve(receive: Callable[[], Any], send: Callable[[Any], None]) -> None:
    """The worker's life: say it is ready, then one row for each ``(task, job)`` received."""
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, signal.SIG_IGN)
    for module in WARM_MODULES:
        __import__(module)
    inbox: queue.SimpleQueue[tuple[FolderTask, FolderJob]] = queue.SimpleQueue()
    threading.Thread(target=_read_until_parent_leaves, args=(receive, inbox), daemon=True).start()
    send(READY)
    while True:
        task, job = inbox.get()
        _answer(send, job, _row(task, job))


def _read_until_parent_leaves(receive: Callable[[], Any], inbox: queue.SimpleQueue[Any]) -> None:
    while True:
        try:
            message = receive()
        except Exception:  # EOFError, OSError: the parent has gone, or closed the pipe
            message = None
        if message is None:
            os._exit(0)
        inbox.put(message)


def _row(task: FolderTask, job: FolderJob) -> FolderRow:
    try:
        return task(job)
    except Exception as error:  # the task catches its own; this guards a custom one
        return crashed_row(job, error)


def _answer(send: Callable[[Any], None], job: FolderJob, row: FolderRow) -> None:
    try:
        send(row)
    except (EOFError, OSError):
        os._exit(0)  # the parent has gone
    except Exception as error:  # a row that would not pickle: nothing was sent yet
        send(crashed_row(job, error))


def pool_worker(jobs: Connection, rows: Connection) -> None:
    """Entry point of a local pool worker (started by :mod:`multiprocessing`)."""
    serve(jobs.recv, rows.send)


# --- As a plain child process (on Dask workers) -------------------------------------------

_HEADER = struct.Struct(">Q")


def write_message(stream: IO[bytes], message: object) -> None:
    """Pickle first (a message that will not pickle writes nothing), then length and bytes."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """The next message; EOFError when the other side has gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # our own parent's message, over a private pipe


def main() -> None:
    """``python -m valaudit.batch.executors.worker``: serve over standard input and output."""
    rows = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a task prints goes to standard error, never into the rows
    jobs = sys.stdin.buffer
    serve(lambda: read_message(jobs), lambda message: write_message(rows, message))


class ChildProcess:
    """A worker started with :mod:`subprocess`, running one folder at a time with a limit.

    Its replies are read by a thread into a queue, so that waiting for one can time out the
    same way on every platform.
    """

    _GONE = object()

    def __init__(self) -> None:
        path = os.pathsep.join(entry for entry in sys.path if entry)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "valaudit.batch.executors.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},  # it imports what this process imports
        )
        self._replies: queue.SimpleQueue[Any] = queue.SimpleQueue()
        threading.Thread(target=self._read_replies, daemon=True).start()
        try:
            ready = self._replies.get(timeout=START_TIMEOUT)
        except queue.Empty:
            ready = None
        if ready != READY:
            self.stop()
            raise RuntimeError("The worker process could not start (see its messages above).")

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def run(self, task: FolderTask, job: FolderJob, seconds: float) -> FolderRow:
        """The folder's row; after ``seconds`` the process is killed and the row says so."""
        assert self._process.stdin is not None
        try:
            write_message(self._process.stdin, (task, job))
            reply = self._replies.get(timeout=seconds)
        except queue.Empty:
            self.stop()
            return timeout_row(job, seconds)
        except OSError:  # it had already gone
            reply = self._GONE
        if reply is self._GONE:
            self.stop()
            return lost_row(job, WORKER_DIED)
        return cast(FolderRow, reply)

    def stop(self) -> None:
        """Kill the process (it may be in the middle of a folder) and wait for it, a little:
        a process stuck in the kernel (a hung network drive) dies only when it is let go."""
        if self._process.poll() is None:
            self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(KILL_WAIT)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _read_replies(self) -> None:
        assert self._process.stdout is not None
        while True:
            try:
                self._replies.put(read_message(self._process.stdout))
            except Exception:  # EOFError: it has gone; anything else: it cannot be understood
                self._replies.put(self._GONE)
                return


_local = threading.local()


def run_in_child(task: FolderTask, seconds: float, job: FolderJob) -> FolderRow:
    """Runs on a Dask worker: the folder audited in this thread's own worker process.

    The process is started on the first folder and kept for the next ones (pandas is loaded
    once per thread, not per folder); when a folder runs past ``seconds`` it is killed, the
    folder gets its timeout row and the next folder starts a fresh one. The Dask worker itself
    only waits, so it stays responsive to its scheduler whatever the folder does.
    """
    child: ChildProcess | None = getattr(_local, "child", None)
    if child is None or not child.alive:
        try:
            child = _local.child = ChildProcess()
        except (OSError, RuntimeError) as error:
            return crashed_row(job, error)
    return child.run(task, job, seconds)


if __name__ == "__main__":
    main()
