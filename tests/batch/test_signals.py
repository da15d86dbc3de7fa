"""Ctrl-C, SIGTERM and --folder-timeout on a real ``valaudit batch`` process.

A folder named ``hang`` never finishes (see ``process_hook``), as a folder stuck in native
code would; the others audit as usual. Each test waits until every other folder is done,
then signals the run, and checks what a user and a CI job rely on: the exit code, the line on
standard error, the folders listed, no -o file, and no process of the run left behind.
Timings are not asserted: the bounds (60 s) only turn a hang into a failure.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.batch.conftest import copy_sample
from tests.batch.processes import (
    finish,
    hooked_env,
    kill_group,
    start_valaudit,
    wait_for,
    wait_until_gone,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

DONE = ["a", "b", "c", "d"]


@pytest.fixture
def hanging_tree(tmp_path: Path) -> Path:
    """Four folders that audit, and one that hangs; sorted last, so two workers reach it."""
    root = tmp_path / "root"
    for name in DONE:
        copy_sample(root, "erp_finance_close", name)
    copy_sample(root, "invoice_automation", "hang")
    return root


def _interrupt(hanging_tree: Path, tmp_path: Path, how: signal.Signals) -> tuple[int, str, str]:
    marks = tmp_path / "marks"
    marks.mkdir()
    target = tmp_path / "portfolio.csv"
    run = start_valaudit(
        ["batch", hanging_tree, "--jobs", "2", "--format", "json", "-o", target],
        hooked_env(marks),
    )
    try:
        wait_for([marks / "hang.started", *(marks / f"{name}.done" for name in DONE)])
        time.sleep(1)  # the last row on its way back to the parent
        if how == signal.SIGINT:
            os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C at a terminal: the whole group
        else:
            os.kill(run.pid, how)  # as `kill`, or a CI runner cancelling the job
    except BaseException:
        kill_group(run.pid)
        run.communicate()
        raise
    code, out, err = finish(run, 60)
    assert not target.exists()
    return code, out, err


@pytest.mark.parametrize(
    ("how", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped by SIGTERM")],
)
def test_a_signal_stops_the_workers_and_lists_the_finished_folders(
    hanging_tree: Path, tmp_path: Path, how: signal.Signals, code: int, said: str
) -> None:
    returncode, out, err = _interrupt(hanging_tree, tmp_path, how)
    assert returncode == code, err
    assert (
        f"valaudit: {said}: 4 of 5 folders done; no -o file was written (any left by an "
        "earlier run was removed).\n"
    ) in err
    assert "Traceback" not in err
    document = json.loads(out)
    assert [folder["path"] for folder in document["folders"]] == DONE
    assert document["complete"] is False
    assert document["totals"]["not_run"] == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_over_the_time_limit_gets_its_row_and_the_others_go_on(
    hanging_tree: Path, tmp_path: Path, jobs: str
) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    run = start_valaudit(
        ["batch", hanging_tree, "--jobs", jobs, "--folder-timeout", "3", "--format", "json"],
        hooked_env(marks),
    )
    code, out, err = finish(run)
    assert code == 3, err
    rows = {folder["path"]: folder for folder in json.loads(out)["folders"]}
    assert [rows[name]["status"] for name in DONE] == ["ok"] * 4
    assert rows["hang"]["status"] == "invalid"
    assert rows["hang"]["errors"] == [
        "timeout: the audit did not finish within 3 seconds (--folder-timeout) and was "
        "stopped; the other folders were not affected."
    ]


def test_workers_leave_when_the_run_is_killed_outright(hanging_tree: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be handled: the workers, even the one busy in a folder, see their parent
    go and leave by themselves."""
    marks = tmp_path / "marks"
    marks.mkdir()
    run = start_valaudit(["batch", hanging_tree, "--jobs", "2"], hooked_env(marks))
    try:
        wait_for([marks / "hang.started"])
        os.kill(run.pid, signal.SIGKILL)
        run.communicate(timeout=60)  # ends when no process of the run holds its output
        assert wait_until_gone(run.pid) == [], "workers outlived the run"
    except BaseException:
        kill_group(run.pid)
        run.communicate()
        raise
