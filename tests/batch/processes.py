"""Running the real ``valaudit batch`` (and Dask's own processes) as separate processes.

For the tests of what only a real process shows: signals, workers left behind, a Dask
scheduler or worker that misbehaves. Every process is started in a session of its own and
killed, with all it started, when the test ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from tests.conftest import ROOT

HOOK = Path(__file__).parent / "process_hook"

#: Runs the command line after setting module constants (e.g. shorter Dask waits), so that a
#: test of a bounded wait does not have to wait for the real bound.
WRAPPER = """
import sys
import importlib
for assignment in {assignments!r}:
    target, value = assignment.split("=")
    module, name = target.rsplit(".", 1)
    setattr(importlib.import_module(module), name, float(value))
from valaudit.cli import main
sys.argv = ["valaudit", *sys.argv[1:]]
main()
"""


def plain_env() -> dict[str, str]:
    """This environment, with this checkout first on the path: every process of the run
    (a script's, a Dask worker's) imports the valaudit under test, whatever is installed."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def hooked_env(marks: Path) -> dict[str, str]:
    """The environment of a run whose folders named ``hang`` hang (see process_hook)."""
    return {
        **plain_env(),
        "PYTHONPATH": os.pathsep.join([str(HOOK), str(ROOT)]),
        "VALAUDIT_TEST_MARKS": str(marks),
    }


def start_valaudit(
    args: Sequence[str | Path],
    env: dict[str, str],
    constants: Sequence[str] = (),
    script_dir: Path | None = None,
) -> subprocess.Popen[str]:
    """``valaudit ARGS`` in a new session (its process group is its pid)."""
    command = [sys.executable, "-m", "valaudit"]
    if constants:
        assert script_dir is not None
        script = script_dir / "valaudit_with_constants.py"
        script.write_text(WRAPPER.format(assignments=list(constants)), encoding="utf-8")
        command = [sys.executable, str(script)]
    return subprocess.Popen(
        [*command, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def wait_for(paths: Sequence[Path], seconds: float = 120) -> None:
    """Return once every path exists; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not all(path.exists() for path in paths):
        assert time.monotonic() < deadline, f"never appeared: {[str(p) for p in paths]}"
        time.sleep(0.1)


def live_processes(group: int) -> list[str]:
    """Command lines of the processes of a process group that are still running (zombies
    waiting to be reaped do not count). Linux only: read from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(command.decode(errors="replace"))
    return alive


def wait_until_gone(group: int, seconds: float = 20) -> list[str]:
    """The processes of ``group`` still running after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while (left := live_processes(group)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def finish(run: subprocess.Popen[str], seconds: float = 120) -> tuple[int, str, str]:
    """Exit code, standard output and error of a run started by :func:`start_valaudit`,
    once it has ended and no process of it is left; the test fails after ``seconds``."""
    try:
        out, err = run.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        kill_group(run.pid)
        run.communicate()
        raise
    try:
        assert wait_until_gone(run.pid) == [], "processes of the run were left running"
    finally:
        kill_group(run.pid)
    return run.returncode, out, err


def kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


@contextlib.contextmanager
def started(
    args: Sequence[str], env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Any command in a session of its own, killed with what it started on the way out."""
    process = subprocess.Popen(
        list(args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env if env is not None else plain_env(),
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        kill_group(process.pid)
        process.wait()


def scheduler_address(scheduler_file: Path, seconds: float = 120) -> str:
    wait_for([scheduler_file], seconds)
    deadline = time.monotonic() + 10
    while True:
        try:
            return str(json.loads(scheduler_file.read_text())["address"])
        except (ValueError, KeyError):  # not yet written whole
            assert time.monotonic() < deadline
            time.sleep(0.1)
