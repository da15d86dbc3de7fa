"""The Dask executor against a real dask.distributed LocalCluster: same portfolio as local.

One cluster for the module (two single-threaded worker processes start in a few seconds),
so the suite stays quick. Skipped when the optional dask extra is not installed.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.batch.conftest import copy_sample, write_broken
from valaudit.batch.executors import dask_cluster
from valaudit.batch.executors.dask_cluster import DaskExecutor, chunk_size, split
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.json_portfolio import render_portfolio
from valaudit.batch.run import folder_task, plan_batch
from valaudit.model.portfolio import FolderRow
from valaudit.render.options import RenderOptions

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster: Any = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address="127.0.0.1:0",  # None still binds 8787: runs at once would clash
        silence_logs=logging.ERROR,
    )
    with cluster:
        yield cluster.scheduler_address


def test_dask_gives_the_same_portfolio_as_local(tree: Path, scheduler: str) -> None:
    plan = plan_batch(tree)
    task = folder_task(TaskOptions(str(plan.root), gates=("not-realized",)))
    on_dask = build_portfolio(DaskExecutor(2, scheduler).run(task, plan.jobs))
    local = build_portfolio(InProcessExecutor().run(task, plan.jobs))
    assert render_portfolio(on_dask, RenderOptions()) == render_portfolio(local, RenderOptions())
    assert [row.status for row in on_dask.rows] == ["ok", "invalid", "ok", "ok"]


def test_a_chunk_is_at_most_sixteen_folders_and_every_worker_gets_four() -> None:
    assert chunk_size(3, 2) == 1  # a small run: one folder per task
    assert chunk_size(40, 2) == 5
    assert chunk_size(200, 2) == 16
    assert chunk_size(100_000, 8) == 16
    jobs = [FolderJob(f"f{index}", f"f{index}") for index in range(10)]
    assert split(jobs, 4) == [tuple(jobs[:4]), tuple(jobs[4:8]), tuple(jobs[8:])]


@pytest.fixture
def twelve(tmp_path: Path) -> Path:
    """Twelve folders: three samples, each four times; b1's thesis is broken."""
    root = tmp_path / "twelve"
    for index in range(4):
        copy_sample(root, "support_copilot", f"a{index}")
        copy_sample(root, "invoice_automation", f"b{index}")
        copy_sample(root, "erp_finance_close", f"c{index}")
    write_broken(root, "b1")
    return root


def test_folders_sent_in_chunks_give_the_same_portfolio_as_local(
    twelve: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_cluster, "CHUNKS_PER_WORKER", 1)  # chunks of six folders
    plan = plan_batch(twelve)
    task = folder_task(TaskOptions(str(plan.root)))
    rows = list(DaskExecutor(2, scheduler).run(task, plan.jobs))
    local = build_portfolio(InProcessExecutor().run(task, plan.jobs))
    on_dask = build_portfolio(rows)
    assert render_portfolio(on_dask, RenderOptions()) == render_portfolio(local, RenderOptions())
    # Each chunk's rows arrive together, in the order of its folders.
    paths = [row.path for row in rows]
    assert sorted([paths[:6], paths[6:]]) == [
        [job.path for job in plan.jobs[:6]],
        [job.path for job in plan.jobs[6:]],
    ]


def _exits_on_boom(task: FolderTask, job: FolderJob) -> FolderRow:
    """A task that kills its Dask worker on the folder named zboom (as a crash in native code
    would), and audits the others.

    It dies half a second in, as a real crash would not come in the first millisecond: a
    worker reports finished tasks in batches, and one that exits the instant it starts the
    next task can take the report of the folder it just finished with it, so that Dask
    counts that folder as lost too (seen under load: the chunk's last other folder came back
    crashed)."""
    if job.path == "zboom":
        time.sleep(0.5)
        os._exit(1)
    return task(job)


@pytest.mark.slow
def test_a_folder_that_kills_its_workers_costs_only_its_own_row(
    twelve: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Last in the run: a folder queued on a worker when it dies counts as having been on it
    # (Dask's rule, whatever the chunks), and this test is about the chunk's other folders.
    copy_sample(twelve, "support_copilot", "zboom")
    monkeypatch.setattr(dask_cluster, "CHUNKS_PER_WORKER", 1)  # one chunk of 13 folders
    plan = plan_batch(twelve)
    task = functools.partial(_exits_on_boom, folder_task(TaskOptions(str(plan.root))))
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster: Any = distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
        )
    with cluster:
        executor = DaskExecutor(1, cluster.scheduler_address, folder_timeout=None)
        rows = {row.path: row for row in executor.run(task, plan.jobs)}
    assert sorted(rows) == sorted(job.path for job in plan.jobs)
    assert rows["zboom"].status == "crashed"
    assert rows["zboom"].errors[0].startswith("Dask gave this folder up after it lost the workers")
    others = [row.status for path, row in sorted(rows.items()) if path != "zboom"]
    assert others == ["ok"] * 4 + ["ok", "invalid", "ok", "ok"] + ["ok"] * 4
