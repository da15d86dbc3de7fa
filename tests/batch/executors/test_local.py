"""The local process pool: same rows as in-process; a dead or hanging worker costs one folder."""

from __future__ import annotations

import functools
import multiprocessing
from pathlib import Path

import pytest

from tests.batch import helpers
from tests.batch.conftest import copy_sample
from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors import local, worker
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.executors.local import LocalPoolExecutor
from valaudit.batch.jobs import TaskOptions
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.run import folder_task, plan_batch


def test_pool_rows_equal_in_process_rows(tree: Path) -> None:
    plan = plan_batch(tree)
    task = folder_task(TaskOptions(str(plan.root), gates=("not-realized",)))
    pooled = build_portfolio(LocalPoolExecutor(2).run(task, plan.jobs))
    serial = build_portfolio(InProcessExecutor().run(task, plan.jobs))
    assert pooled == serial
    assert len(pooled.rows) == len(plan.jobs)
    assert multiprocessing.active_children() == []


def test_one_worker_with_a_limit_gives_the_same_rows(tree: Path) -> None:
    plan = plan_batch(tree)
    task = folder_task(TaskOptions(str(plan.root)))
    pooled = build_portfolio(LocalPoolExecutor(1, folder_timeout=300).run(task, plan.jobs))
    assert pooled == build_portfolio(InProcessExecutor().run(task, plan.jobs))


def test_a_worker_that_dies_costs_only_its_own_folder(tree: Path) -> None:
    copy_sample(tree, "manager_training", "clients/poison")
    plan = plan_batch(tree)
    options = TaskOptions(str(plan.root))
    task = functools.partial(helpers.die_on_poison, options)
    rows = {row.path: row for row in LocalPoolExecutor(2).run(task, plan.jobs)}
    assert sorted(rows) == [job.path for job in plan.jobs]
    assert rows["clients/poison"].status == "crashed"
    assert rows["clients/poison"].errors == (worker.WORKER_DIED,)
    healthy = build_portfolio(InProcessExecutor().run(folder_task(options), plan.jobs))
    for row in healthy.rows:
        if row.path != "clients/poison":
            assert rows[row.path] == row


@pytest.mark.slow
def test_a_folder_over_the_time_limit_gets_a_timeout_row_and_the_others_go_on(
    tree: Path,
) -> None:
    copy_sample(tree, "manager_training", "clients/hang")
    plan = plan_batch(tree)
    options = TaskOptions(str(plan.root))
    task = functools.partial(helpers.hang_on_hang, options)
    rows = {row.path: row for row in LocalPoolExecutor(2, folder_timeout=3).run(task, plan.jobs)}
    assert sorted(rows) == [job.path for job in plan.jobs]
    hung = rows["clients/hang"]
    assert (hung.status, hung.error_count) == ("invalid", 1)
    assert hung.errors[0].startswith("timeout: the audit did not finish within 3 seconds")
    healthy = build_portfolio(InProcessExecutor().run(folder_task(options), plan.jobs))
    for row in healthy.rows:
        if row.path != "clients/hang":
            assert rows[row.path] == row
    assert multiprocessing.active_children() == []


def test_interrupt_yields_what_finished_then_stops_the_pool(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_batch(tree)
    real_wait = local.wait
    rows = []

    def wait_then_interrupt(*args: object, **kwargs: object) -> object:
        if rows:
            raise KeyboardInterrupt
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(local, "wait", wait_then_interrupt)
    stream = LocalPoolExecutor(2).run(folder_task(TaskOptions(str(plan.root))), plan.jobs)
    with pytest.raises(KeyboardInterrupt):
        for row in stream:
            rows.append(row)
    assert 1 <= len(rows) < len(plan.jobs)
    assert len({row.path for row in rows}) == len(rows)
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_interrupt_does_not_wait_for_a_folder_that_hangs(tree: Path) -> None:
    """Ctrl-C with a worker stuck in a folder: the pool is killed, the finished rows kept."""
    copy_sample(tree, "manager_training", "zz/hang")
    plan = plan_batch(tree)
    task = functools.partial(helpers.hang_on_hang, TaskOptions(str(plan.root)))
    stream = LocalPoolExecutor(2).run(task, plan.jobs)
    rows = [next(stream) for _ in range(len(plan.jobs) - 1)]  # all but the one that hangs
    with pytest.raises(KeyboardInterrupt):
        stream.throw(KeyboardInterrupt)
    assert sorted(row.path for row in rows) == [j.path for j in plan.jobs if j.path != "zz/hang"]
    assert multiprocessing.active_children() == []


def test_closing_the_stream_early_shuts_the_pool_down(tree: Path) -> None:
    plan = plan_batch(tree)
    stream = LocalPoolExecutor(2).run(folder_task(TaskOptions(str(plan.root))), plan.jobs)
    next(stream)
    stream.close()
    assert multiprocessing.active_children() == []


def test_workers_that_cannot_start_are_a_setup_error(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local, "pool_worker", helpers.exit_at_once)
    plan = plan_batch(tree)
    with pytest.raises(BatchSetupError, match="could not start"):
        list(LocalPoolExecutor(2).run(folder_task(TaskOptions(str(plan.root))), plan.jobs))
    assert multiprocessing.active_children() == []
