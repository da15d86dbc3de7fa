"""The Dask executor against a real dask.distributed LocalCluster: same portfolio as local.

One cluster for the module (two single-threaded worker processes start in a few seconds),
so the suite stays quick. Skipped when the optional dask extra is not installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from valaudit.batch.executors.dask_cluster import DaskExecutor
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.jobs import TaskOptions
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.json_portfolio import render_portfolio
from valaudit.batch.run import folder_task, plan_batch
from valaudit.render.options import RenderOptions

distributed = pytest.importorskip("distributed")


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
