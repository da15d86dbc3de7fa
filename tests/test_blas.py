"""A ``valaudit`` command loads numpy's OpenBLAS with one thread, unless the user set a number.

Threads are counted in /proc: OpenBLAS starts its helpers when numpy loads it, and a
command's own threads (the sheet prefetch) have ended by the time it returns.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent.parent / "sample_data" / "invoice_automation"

#: Runs `valaudit validate` on a folder, then prints its exit code and the process's threads.
_PROBE = (
    "import contextlib, io, os, sys\n"
    "from valaudit.cli import app\n"
    "from valaudit.crash import run_guarded\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    code = run_guarded(app, ['validate', sys.argv[1], '--format', 'json'])\n"
    "print(code, 'numpy' in sys.modules, len(os.listdir('/proc/self/task')))\n"
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
    reason="threads are counted in /proc, on a machine where OpenBLAS would start some",
)


def after_a_command(setting: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if setting is not None:
        env["OPENBLAS_NUM_THREADS"] = setting
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout.strip()


def test_a_command_starts_no_blas_thread() -> None:
    assert after_a_command(None) == "0 True 1"


def test_a_users_own_thread_count_is_kept() -> None:
    assert after_a_command("2") == "0 True 2"
