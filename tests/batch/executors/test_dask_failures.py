"""A Dask cluster that misbehaves ends the run within a bounded time, with a clear error or a
row per folder, never a hang (real ``dask scheduler`` and ``dask worker`` processes).

The bounds are shortened through module constants (see ``processes.WRAPPER``) so each test
takes seconds; what is checked is the outcome a user sees: exit code, message, rows. The
``communicate`` timeouts only turn a hang into a failure. A worker of another dask version is
simulated by preload scripts (``dask_preloads/``): one reports another version, one cannot
unpickle valaudit's task, as a real dask 2025.1 worker under a 2026.8 scheduler could not.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch.conftest import copy_sample
from tests.batch.processes import (
    finish,
    hooked_env,
    kill_group,
    plain_env,
    scheduler_address,
    start_valaudit,
    started,
    wait_for,
)

pytest.importorskip("distributed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]

PRELOADS = Path(__file__).parent / "dask_preloads"
DONE = ["a", "b"]
SHORT = [
    "valaudit.batch.executors.dask_cluster.CONNECT_TIMEOUT=2",
    "valaudit.batch.executors.dask_cluster.ANSWER_TIMEOUT=2",
    "valaudit.batch.executors.dask_cluster.WORKER_WAIT=3",
    "valaudit.batch.executors.dask_cluster.NO_WORKER_GRACE=3",
    "valaudit.batch.executors.dask_cluster.CHECK_EVERY=0.5",
]
#: A worker started with the scheduler needs time to join on a busy machine.
PATIENT = [*SHORT[:2], "valaudit.batch.executors.dask_cluster.WORKER_WAIT=120", *SHORT[3:]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for name in DONE:
        copy_sample(root, "erp_finance_close", name)
    copy_sample(root, "invoice_automation", "hang")
    return root


@pytest.fixture
def marks(tmp_path: Path) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    return folder


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    """A real Dask scheduler, with no worker yet."""
    address_file = tmp_path / "scheduler.json"
    command = [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0"]
    with started([*command, "--no-dashboard", "--scheduler-file", str(address_file)]):
        yield scheduler_address(address_file)


def _worker(address: str, env: dict[str, str], *options: str) -> list[str]:
    command = [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1"]
    return [*command, "--no-dashboard", "--host", "127.0.0.1", *options]


def _rows(out: str) -> dict[str, dict]:
    return {folder["path"]: folder for folder in json.loads(out)["folders"]}


def test_a_scheduler_that_never_answers_is_an_error(tree: Path, tmp_path: Path) -> None:
    """A server that accepts the connection and says nothing (Dask waits for ever on it)."""
    silent = (
        "import socket, sys\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "print(server.getsockname()[1], flush=True)\n"
        "taken = []\n"
        "while True:\n"
        "    taken.append(server.accept())\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", silent], stdout=subprocess.PIPE, text=True, start_new_session=True
    ) as server:
        try:
            assert server.stdout is not None
            port = server.stdout.readline().strip()
            run = start_valaudit(
                ["batch", tree, "--scheduler", f"tcp://127.0.0.1:{port}"],
                plain_env(),
                SHORT,
                tmp_path,
            )
            code, out, err = finish(run, 60)
        finally:
            kill_group(server.pid)
    assert (code, out) == (2, ""), err
    assert (
        f"valaudit: The Dask scheduler at tcp://127.0.0.1:{port} took the connection but did "
        "not answer within 4 seconds: is it a Dask scheduler, running the same dask version"
    ) in err


def test_a_scheduler_without_workers_is_an_error(
    tree: Path, tmp_path: Path, scheduler: str
) -> None:
    run = start_valaudit(["batch", tree, "--scheduler", scheduler], plain_env(), SHORT, tmp_path)
    code, out, err = finish(run, 60)
    assert (code, out) == (2, ""), err
    assert (
        f"valaudit: The Dask scheduler at {scheduler} has no workers: none joined within 3 "
        f"seconds. Start some with: dask worker {scheduler}\n"
    ) in err


def test_when_every_worker_dies_the_folders_left_get_rows(
    tree: Path, tmp_path: Path, scheduler: str, marks: Path
) -> None:
    env = hooked_env(marks)
    with started(_worker(scheduler, env), env) as worker:
        run = start_valaudit(
            ["batch", tree, "--scheduler", scheduler, "--format", "json"], env, PATIENT, tmp_path
        )
        wait_for([marks / "hang.started", *(marks / f"{name}.done" for name in DONE)])
        time.sleep(2)  # the last row on its way back to the client
        kill_group(worker.pid)  # the worker, its nanny and the folder's process
        code, out, err = finish(run)
    assert code == 3, err
    rows = _rows(out)
    assert [rows[name]["status"] for name in DONE] == ["ok", "ok"]
    assert rows["hang"]["status"] == "crashed"
    assert rows["hang"]["errors"][0].startswith(
        "Not audited: the Dask cluster had no worker left to run this folder for 3 seconds"
    )


def test_a_worker_that_cannot_read_the_task_ends_the_run_with_rows(
    tree: Path, tmp_path: Path, scheduler: str
) -> None:
    """The worker dies on its first folder; nothing else would ever run them."""
    preload = str(PRELOADS / "cannot_unpickle.py")
    with started(_worker(scheduler, plain_env(), "--preload", preload)):
        run = start_valaudit(
            ["batch", tree, "--scheduler", scheduler, "--format", "json"],
            plain_env(),
            PATIENT,
            tmp_path,
        )
        code, out, err = finish(run)
    assert code == 3, err
    rows = _rows(out)
    assert sorted(rows) == ["a", "b", "hang"]
    for row in rows.values():
        assert row["status"] == "crashed"
        assert row["errors"][0].startswith("Not audited: the Dask cluster had no worker left")
        assert "a worker that runs another dask version than this machine" in row["errors"][0]


def test_a_worker_of_another_dask_version_is_refused_before_the_run(
    tree: Path, tmp_path: Path, scheduler: str
) -> None:
    preload = str(PRELOADS / "other_version.py")
    with started(_worker(scheduler, plain_env(), "--preload", preload)):
        run = start_valaudit(
            ["batch", tree, "--scheduler", scheduler], plain_env(), PATIENT, tmp_path
        )
        code, out, err = finish(run)
    assert (code, out) == (2, ""), err
    assert f"valaudit: The Dask cluster at {scheduler} does not run the versions" in err
    assert "has dask 2025.1.0. Install the same versions on the workers" in err


def test_a_folder_over_the_time_limit_on_dask_gets_its_row(
    tree: Path, tmp_path: Path, scheduler: str, marks: Path
) -> None:
    env = hooked_env(marks)
    with started(_worker(scheduler, env), env):
        run = start_valaudit(
            ["batch", tree, "--scheduler", scheduler, "--folder-timeout", "3", "-f", "json"],
            env,
            PATIENT,
            tmp_path,
        )
        code, out, err = finish(run)
    assert code == 3, err
    rows = _rows(out)
    assert [rows[name]["status"] for name in DONE] == ["ok", "ok"]
    assert rows["hang"]["errors"] == [
        "timeout: the audit did not finish within 3 seconds (--folder-timeout) and was "
        "stopped; the other folders were not affected."
    ]
