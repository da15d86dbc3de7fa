"""Planning a run and collecting its rows."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

from valaudit.batch.jobs import TaskOptions
from valaudit.batch.run import collect, folder_task, plan_batch
from valaudit.model.portfolio import FolderRow
from valaudit.signals import Terminated


def test_plan_has_sorted_jobs_with_unique_stems_and_an_absolute_root(tree: Path) -> None:
    plan = plan_batch(tree)
    assert plan.root.is_absolute()
    assert [(job.path, job.report_stem) for job in plan.jobs] == [
        ("clients/acme", "clients__acme"),
        ("clients/broken", "clients__broken"),
        ("clients/globex", "clients__globex"),
        ("zeta", "zeta"),
    ]


def test_the_bound_task_pickles(tree: Path) -> None:
    task = folder_task(TaskOptions(str(tree), gates=("stalled",)))
    again = pickle.loads(pickle.dumps(task))
    assert again.args == task.args


def test_collect_keeps_what_finished_before_ctrl_c_and_closes_the_stream() -> None:
    closed = []

    def stream() -> Iterator[FolderRow]:
        try:
            yield FolderRow(path="a", status="ok")
            raise KeyboardInterrupt
        finally:
            closed.append(True)

    rows, stopped_by = collect(stream())
    assert ([row.path for row in rows], closed) == (["a"], [True])
    assert type(stopped_by) is KeyboardInterrupt
    assert collect(iter([FolderRow(path="b", status="ok")]))[1] is None


def test_collect_tells_sigterm_from_ctrl_c() -> None:
    def stream() -> Iterator[FolderRow]:
        yield FolderRow(path="a", status="ok")
        raise Terminated

    rows, stopped_by = collect(stream())
    assert [row.path for row in rows] == ["a"]
    assert isinstance(stopped_by, Terminated)
