"""Where the per-folder task runs: in-process, a local process pool, or a Dask cluster.

Each executor is one module behind the small interface in
:mod:`~valaudit.batch.executors.interface`; :func:`make_executor` is the one place that
picks one from the command-line options.
"""

from __future__ import annotations

from valaudit.batch.executors.interface import Executor
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.codes import ExecutorKind

#: Folders each worker process of the local pool must have before starting it pays: below
#: this many folders per worker, starting and feeding one more process costs more than it
#: saves (measured on two cores with bench/batch.py; see docs/cli.md, "How many workers").
FOLDERS_PER_WORKER = 150


def make_executor(
    kind: ExecutorKind | str,
    jobs: int,
    scheduler: str | None = None,
    folder_timeout: float | None = FOLDER_TIMEOUT_SECONDS,
) -> Executor:
    """The executor for ``--executor``/``--jobs``/``--scheduler``/``--folder-timeout``.

    ``folder_timeout`` is in seconds; None means no limit. ``local`` with one job and no
    limit runs in this process: no pool to start, nothing to pickle. A folder in this process
    cannot be stopped safely (only a process can be killed whatever it is doing), so with a
    limit one job is one worker process. Raises
    :class:`~valaudit.batch.errors.BatchSetupError` when dask is asked for and missing.
    """
    if ExecutorKind(kind) == ExecutorKind.DASK:
        from valaudit.batch.executors.dask_cluster import DaskExecutor

        return DaskExecutor(jobs, scheduler, folder_timeout)
    if jobs <= 1 and folder_timeout is None:
        from valaudit.batch.executors.inprocess import InProcessExecutor

        return InProcessExecutor()
    from valaudit.batch.executors.local import LocalPoolExecutor

    return LocalPoolExecutor(jobs, folder_timeout)


def default_jobs() -> int:
    """The CPUs this process may use (a container's quota, not the host's core count)."""
    import os

    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def idle_cpus() -> int:
    """The CPUs this process may use less those other work keeps busy, at least one: on a
    shared machine a worker without a free CPU only slows the others down.

    Busy is the smaller of the one-minute load average and the tasks running right now
    (Linux: /proc/loadavg, less this process). The average alone lags by minutes: just after
    a batch or a build finished it still reads about one CPU busy on an idle machine, and a
    large portfolio would run on half the CPUs it has.
    """
    import os

    cpus = default_jobs()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return cpus
    running = _running_now()
    busy = load if running is None else min(load, max(0, running - 1))
    return max(1, min(cpus, round(cpus - busy)))


def _running_now() -> int | None:
    """Tasks running or ready to run at this moment, this one included (None off Linux)."""
    from pathlib import Path

    try:
        return int(Path("/proc/loadavg").read_text(encoding="ascii").split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def planned_workers(
    jobs: int | None, folders: int, kind: ExecutorKind | str = ExecutorKind.LOCAL
) -> int:
    """How many folders run at once: ``jobs`` when the user gave it; otherwise, for the local
    pool, one worker per :data:`FOLDERS_PER_WORKER` folders, up to the CPUs that are free
    (:func:`idle_cpus`): a small portfolio runs on one worker and a large one on every free
    CPU. For Dask, one per CPU of this machine as before (the cluster decides the rest)."""
    if jobs is not None:
        return max(1, min(jobs, folders))
    if ExecutorKind(kind) == ExecutorKind.DASK:
        return max(1, min(default_jobs(), folders))
    wanted = folders // FOLDERS_PER_WORKER
    if wanted <= 1:
        return 1
    return max(1, min(idle_cpus(), wanted))
