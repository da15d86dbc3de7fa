"""``--executor dask``: the same per-folder task on a ``dask.distributed`` cluster.

With ``--scheduler ADDRESS`` the folders go to an existing cluster: ROOT (and ``--out-dir``)
must then be paths the workers see too, such as a shared file system, and the workers need
the same valaudit installed. Without it, a local cluster of ``--jobs`` single-threaded worker
processes is started for the run and closed after it.

Dask is an optional extra (``pip install 'valaudit[dask]'``), so it is imported only here,
only when asked for, and its absence is a clear message rather than an ImportError.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob
from valaudit.batch.task import crashed_row
from valaudit.model.portfolio import FolderRow

INSTALL_HINT = "pip install 'valaudit[dask]'"
#: Seconds to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = 20


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
    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        require_distributed()
        self.workers = max(1, workers)
        self.scheduler = scheduler

    def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
        if not jobs:
            return
        from distributed import as_completed

        with self._client(len(jobs)) as client:
            # pure=False: a rerun after the files changed must not reuse a cached result.
            futures = client.map(task, list(jobs), pure=False)
            owner = {future.key: job for future, job in zip(futures, jobs, strict=True)}
            try:
                for future in as_completed(futures):
                    job = owner.pop(future.key)
                    try:
                        row = future.result()
                    except Exception as error:  # a worker lost, or killed for memory
                        row = crashed_row(job, error)
                    future.release()
                    yield row
            finally:
                with contextlib.suppress(Exception):
                    client.cancel([f for f in futures if f.key in owner])

    @contextlib.contextmanager
    def _client(self, folders: int) -> Iterator[Any]:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as error:
                raise BatchSetupError(
                    f"Cannot reach the Dask scheduler at {self.scheduler}: {error}"
                ) from None
            with client:
                yield client
            return
        cluster = LocalCluster(
            n_workers=min(self.workers, folders),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:
            yield client
