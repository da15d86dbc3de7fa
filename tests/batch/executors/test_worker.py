"""A worker process started as a plain child (as on Dask workers): rows, time limit, death."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from tests.batch import helpers
from tests.batch.conftest import copy_sample
from valaudit.batch.executors import worker
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.run import folder_task, plan_batch

pytestmark = pytest.mark.slow


def test_a_child_gives_the_same_row_stops_a_folder_at_its_limit_and_is_replaced(
    tree: Path,
) -> None:
    copy_sample(tree, "manager_training", "hang")
    plan = plan_batch(tree)
    options = TaskOptions(str(plan.root))
    acme = next(job for job in plan.jobs if job.path == "clients/acme")
    expected = next(InProcessExecutor().run(folder_task(options), [acme]))
    hanging = functools.partial(helpers.hang_on_hang, options)

    assert worker.run_in_child(hanging, 60, acme) == expected
    first = worker._local.child
    row = worker.run_in_child(hanging, 2, FolderJob("hang", "hang"))
    assert (row.status, row.errors) == (
        "invalid",
        (
            "timeout: the audit did not finish within 2 seconds (--folder-timeout) and was "
            "stopped; the other folders were not affected.",
        ),
    )
    assert not first.alive
    assert worker.run_in_child(hanging, 60, acme) == expected  # in a fresh child
    assert worker._local.child is not first
    worker._local.child.stop()


def test_a_child_that_dies_costs_its_folder_only(tree: Path) -> None:
    copy_sample(tree, "manager_training", "poison")
    options = TaskOptions(str(plan_batch(tree).root))
    dying = functools.partial(helpers.die_on_poison, options)
    child = worker.ChildProcess()
    try:
        row = child.run(dying, FolderJob("poison", "poison"), 60)
        assert (row.status, row.errors) == ("crashed", (worker.WORKER_DIED,))
        assert not child.alive
    finally:
        child.stop()


def test_a_child_leaves_when_its_parent_closes_the_pipe() -> None:
    child = worker.ChildProcess()
    assert child.alive
    assert child._process.stdin is not None
    child._process.stdin.close()
    assert child._process.wait(timeout=30) == 0
    child.stop()
