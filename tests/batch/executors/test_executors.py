"""Choosing an executor, and the in-process one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from valaudit.batch.errors import BatchSetupError
from valaudit.batch.executors import (
    FOLDERS_PER_WORKER,
    default_jobs,
    make_executor,
    planned_workers,
)
from valaudit.batch.executors.inprocess import InProcessExecutor
from valaudit.batch.executors.local import LocalPoolExecutor
from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.run import folder_task, plan_batch
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.portfolio import FolderRow


def test_one_job_without_a_time_limit_runs_in_process_and_others_use_a_pool() -> None:
    assert isinstance(make_executor("local", 1, folder_timeout=None), InProcessExecutor)
    assert isinstance(make_executor("local", 3, folder_timeout=None), LocalPoolExecutor)
    assert default_jobs() >= 1


def test_the_default_starts_a_worker_per_batch_of_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --jobs, a small portfolio runs on one worker and a large one on every CPU."""
    monkeypatch.setattr("valaudit.batch.executors.default_jobs", lambda: 4)
    monkeypatch.setattr("os.getloadavg", lambda: (0.2, 0.0, 0.0))
    monkeypatch.setattr("valaudit.batch.executors._running_now", lambda: 1)
    per = FOLDERS_PER_WORKER
    assert planned_workers(None, 3) == 1
    assert planned_workers(None, 2 * per - 1) == 1
    assert planned_workers(None, 2 * per) == 2
    assert planned_workers(None, 100 * per) == 4
    assert planned_workers(None, 3, "dask") == 3  # a cluster asked for is used
    assert planned_workers(None, 30, "dask") == 4


def test_a_busy_machine_gets_fewer_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("valaudit.batch.executors.default_jobs", lambda: 4)
    monkeypatch.setattr("valaudit.batch.executors._running_now", lambda: 9)  # busy right now
    monkeypatch.setattr("os.getloadavg", lambda: (2.6, 0.0, 0.0))
    assert planned_workers(None, 100 * FOLDERS_PER_WORKER) == 1  # round(4 - 2.6)
    monkeypatch.setattr("os.getloadavg", lambda: (9.0, 0.0, 0.0))
    assert planned_workers(None, 100 * FOLDERS_PER_WORKER) == 1  # never fewer than one
    monkeypatch.setattr("os.getloadavg", lambda: (1.0, 0.0, 0.0))
    assert planned_workers(None, 100 * FOLDERS_PER_WORKER) == 3


def test_a_load_average_left_by_work_that_has_finished_does_not_cost_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one-minute average still reads busy for minutes after a batch or a build has
    finished; what runs right now says whether the CPUs are really taken."""
    monkeypatch.setattr("valaudit.batch.executors.default_jobs", lambda: 2)
    monkeypatch.setattr("os.getloadavg", lambda: (1.1, 1.2, 2.6))
    monkeypatch.setattr("valaudit.batch.executors._running_now", lambda: 1)  # only this one
    assert planned_workers(None, 3000) == 2
    monkeypatch.setattr("valaudit.batch.executors._running_now", lambda: 2)  # one other task
    assert planned_workers(None, 3000) == 1
    monkeypatch.setattr("valaudit.batch.executors._running_now", lambda: None)  # not Linux
    assert planned_workers(None, 3000) == 1  # round(2 - 1.1)


def test_jobs_given_are_used_up_to_the_folders() -> None:
    assert planned_workers(8, 3) == 3
    assert planned_workers(2, 10) == 2
    assert planned_workers(1, 10_000) == 1


def test_a_time_limit_needs_a_worker_process_even_for_one_job() -> None:
    """Only a process can be stopped whatever it is doing; the limit is on by default."""
    one = make_executor("local", 1)
    assert isinstance(one, LocalPoolExecutor)
    assert (one.workers, one.folder_timeout) == (1, FOLDER_TIMEOUT_SECONDS)
    assert make_executor("local", 2, folder_timeout=5).folder_timeout == 5


def test_dask_missing_is_a_setup_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(BatchSetupError, match=r"pip install 'valaudit\[dask\]'"):
        make_executor("dask", 2)


def test_in_process_yields_one_row_per_folder(tree: Path) -> None:
    plan = plan_batch(tree)
    rows = list(InProcessExecutor().run(folder_task(TaskOptions(str(plan.root))), plan.jobs))
    assert [row.path for row in rows] == [job.path for job in plan.jobs]
    assert [row.status for row in rows] == ["ok", "invalid", "ok", "ok"]


def test_in_process_guards_a_task_that_raises() -> None:
    def task(job: FolderJob) -> FolderRow:
        raise RuntimeError("not caught by the task")

    rows = list(InProcessExecutor().run(task, [FolderJob("a", "a")]))
    assert rows[0].status == "crashed"
    assert rows[0].errors[0].startswith("RuntimeError: not caught by the task")
