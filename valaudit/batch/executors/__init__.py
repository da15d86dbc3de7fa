"""Where the per-folder task runs: in-process, a local process pool, or a Dask cluster.

Each executor is one module behind the small interface in
:mod:`~valaudit.batch.executors.interface`; :func:`make_executor` is the one place that
picks one from the command-line options.
"""

from __future__ import annotations

from valaudit.batch.executors.interface import Executor
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.codes import ExecutorKind


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
