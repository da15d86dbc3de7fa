"""The local process pool: same rows as in-process, one dead worker costs one folder."""

from __future__ import annotations

import functools
import multiprocessing
from pathlib import Path

import pytest

from tests.batch import helpers
from tests.batch.conftest import copy_sample
from valaudit.batch.executors import local
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.executors.local import LocalPoolExecutor, chunk_size
from valaudit.batch.jobs import TaskOptions
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.run import folder_task, plan_batch


@pytest.mark.parametrize(
    ("folders", "workers", "size"), [(1, 2, 1), (8, 2, 1), (100, 2, 13), (1000, 2, 16)]
)
def test_chunks_amortise_round_trips_without_starving_workers(
    folders: int, workers: int, size: int
) -> None:
    assert chunk_size(folders, workers) == size


def test_pool_rows_equal_in_process_rows(tree: Path) -> None:
    plan = plan_batch(tree)
    task = folder_task(TaskOptions(str(plan.root), gates=("not-realized",)))
    pooled = build_portfolio(LocalPoolExecutor(2).run(task, plan.jobs))
    serial = build_portfolio(InProcessExecutor().run(task, plan.jobs))
    assert pooled == serial
    assert len(pooled.rows) == len(plan.jobs)


def test_a_worker_that_dies_costs_only_its_own_folder(tree: Path) -> None:
    copy_sample(tree, "manager_training", "clients/poison")
    plan = plan_batch(tree)
    options = TaskOptions(str(plan.root))
    task = functools.partial(helpers.die_on_poison, options)
    rows = {row.path: row for row in LocalPoolExecutor(2).run(task, plan.jobs)}
    assert sorted(rows) == [job.path for job in plan.jobs]
    assert rows["clients/poison"].status == "crashed"
    assert rows["clients/poison"].errors == (local.WORKER_DIED,)
    healthy = build_portfolio(InProcessExecutor().run(folder_task(options), plan.jobs))
    for row in healthy.rows:
        if row.path != "clients/poison":
            assert rows[row.path] == row


def test_interrupt_yields_what_finished_then_stops_the_pool(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_batch(tree)
    real_wait = local.wait
    calls = iter(range(100))

    def wait_then_interrupt(*args: object, **kwargs: object) -> object:
        if next(calls) == 1:
            raise KeyboardInterrupt
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(local, "wait", wait_then_interrupt)
    rows = []
    stream = LocalPoolExecutor(2).run(folder_task(TaskOptions(str(plan.root))), plan.jobs)
    with pytest.raises(KeyboardInterrupt):
        for row in stream:
            rows.append(row)
    assert 1 <= len(rows) <= len(plan.jobs)
    assert multiprocessing.active_children() == []


def test_closing_the_stream_early_shuts_the_pool_down(tree: Path) -> None:
    plan = plan_batch(tree)
    stream = LocalPoolExecutor(2).run(folder_task(TaskOptions(str(plan.root))), plan.jobs)
    next(stream)
    stream.close()
    assert multiprocessing.active_children() == []
