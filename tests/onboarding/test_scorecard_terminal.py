"""The interactive scorecard in a real pseudo-terminal, as a user at a keyboard runs it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.onboarding.helpers import start
from valaudit.onboarding.questionnaire import questions
from valaudit.onboarding.scaffold import THESIS_FILE

pty = pytest.importorskip("pty")
TOTAL = len(questions())


class Terminal:
    """``python -m valaudit ARGS`` attached to a pseudo-terminal; collects what it shows."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        environment = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "valaudit", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def read_until(self, needle: str, count: int = 1, timeout: float = 30.0) -> str:
        """Read until ``needle`` has been shown ``count`` times (or the program ended)."""
        deadline = time.monotonic() + timeout
        while self.output.count(needle.encode()) < count and time.monotonic() < deadline:
            if not self._read(0.2) and self.process.poll() is not None:
                break
        return self.output.decode(errors="replace")

    def finish(self, timeout: float = 60.0) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.1):
            pass
        os.close(self.master)
        code = self.process.wait(timeout=5)
        return code, self.output.decode(errors="replace").replace("\r\n", "\n")

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other end closed (Linux reports EIO)
            return False
        self.output += chunk
        return bool(chunk)


def test_answers_typed_at_a_terminal_are_recorded(tmp_path: Path) -> None:
    folder = start(tmp_path / "client", "process")
    terminal = Terminal("scorecard", str(folder))
    assert "Your answer (1-5)" in terminal.read_until("Your answer (1-5)")
    terminal.type("8\n")  # refused, asked again
    terminal.type("".join(f"{1 + i % 5}\n" for i in range(TOTAL)))
    code, shown = terminal.finish()
    assert code == 0, shown
    assert "'8' is not an answer" in shown
    assert "Recorded under operating_model" in shown
    thesis = yaml.safe_load((folder / THESIS_FILE).read_text(encoding="utf-8"))
    assert set(thesis["operating_model"]) == {
        "workflow_redesign",
        "decision_rights",
        "priority_alignment",
        "manager_capacity",
        "cross_team_handoffs",
        "incentives",
        "customer_feedback",
    }


def test_interrupting_records_nothing(tmp_path: Path) -> None:
    folder = start(tmp_path / "client", "ai")
    before = (folder / THESIS_FILE).read_bytes()
    terminal = Terminal("scorecard", str(folder))
    terminal.type("3\n")
    assert f"2/{TOTAL}" in terminal.read_until("Your answer (1-5)", count=2)
    time.sleep(0.2)  # let it reach the prompt's read
    terminal.process.send_signal(signal.SIGINT)
    code, shown = terminal.finish()
    assert code == 130, shown
    assert "stopped; nothing was recorded" in shown
    assert "Traceback" not in shown
    assert (folder / THESIS_FILE).read_bytes() == before
