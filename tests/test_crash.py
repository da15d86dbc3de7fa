"""The one handler for the unexpected: a short message, a report file, exit code 70.

A failure is injected into a real ``python -m``-style run by a tiny wrapper script that
replaces one function with one that raises, then calls ``valaudit.cli.main()``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from valaudit.crash import ISSUES_URL
from valaudit.exit_codes import ExitCode

WRAPPER = """
import sys
import {module} as target

def broken(*args, **kwargs):
    raise RuntimeError("injected failure")

target.{function} = broken
from valaudit.cli import main
sys.argv = ["valaudit", *sys.argv[1:]]
main()
"""


def run_broken(
    tmp_path: Path, module: str, function: str, *args: str
) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "broken_valaudit.py"
    script.write_text(WRAPPER.format(module=module, function=function), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path), "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "function", "command"),
    [
        ("valaudit.analyse.audit", "run_audit", "audit"),
        ("valaudit.validate.folder", "validate_folder", "validate"),
    ],
)
def test_an_unexpected_error_is_a_bug_report_not_a_traceback(
    tmp_path: Path, module: str, function: str, command: str
) -> None:
    done = run_broken(tmp_path, module, function, command, str(SAMPLES[0]))
    assert done.returncode == ExitCode.BUG
    assert "Traceback" not in done.stderr
    assert "internal error (a bug, not a problem with your files)" in done.stderr
    assert "RuntimeError: injected failure" in done.stderr
    assert ISSUES_URL in done.stderr and "--debug" in done.stderr
    match = re.search(r"A full report was written to (\S+)\.\n", done.stderr)
    assert match, done.stderr
    report = Path(match.group(1))
    assert report.parent == tmp_path
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "injected failure" in text and f"{command} " in text


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = run_broken(
        tmp_path, "valaudit.analyse.audit", "run_audit", "audit", str(SAMPLES[0]), "--debug"
    )
    assert done.returncode not in (0, ExitCode.BUG)
    assert "Traceback" in done.stderr and "RuntimeError: injected failure" in done.stderr
    assert not list(tmp_path.glob("valaudit-crash-*"))


def test_a_crash_report_that_cannot_be_written_is_still_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    script = tmp_path / "broken_valaudit.py"
    script.write_text(
        WRAPPER.format(module="valaudit.analyse.audit", function="run_audit"), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, str(script), "audit", str(SAMPLES[0])],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path / "not-a-folder")},
    )
    assert done.returncode == ExitCode.BUG
    assert "Traceback" not in done.stderr and ISSUES_URL in done.stderr


def test_a_usage_error_is_not_a_crash() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "valaudit", "audit", str(SAMPLES[0]), "--as-of", "yesterday"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
