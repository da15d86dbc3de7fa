"""``valaudit --help`` printed from the kept text is exactly what the app prints, and only
where it would print that text (the widest help, under the name valaudit)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from valaudit.cli import root_help, terminal_columns

#: The console script installed beside this interpreter.
SCRIPT = Path(sys.executable).with_name("valaudit")

#: The app itself, run under the program name valaudit, as the console script runs it.
_APP_HELP = (
    "import sys\n"
    "sys.argv[0] = 'valaudit'\n"
    "from valaudit.cli import app\n"
    "from valaudit.crash import run_guarded\n"
    "run_guarded(app, ['--help'])\n"
)


def printed(command: list[str], columns: str | None) -> tuple[str, set[str]]:
    """What ``command`` prints with ``COLUMNS`` set (or unset), and the modules it loaded."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = columns
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60, env=env)
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return done.stdout, modules


@pytest.mark.parametrize("columns", [None, "80", "200"])
def test_the_kept_text_is_the_apps_help(columns: str | None) -> None:
    app_help, _ = printed([sys.executable, "-c", _APP_HELP], columns)
    assert app_help == root_help.TEXT, (
        "valaudit --help changed: put this in valaudit/cli/root_help.py as TEXT:\n" + app_help
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_the_console_script_prints_it_without_typer(option: str) -> None:
    text, modules = printed([str(SCRIPT), option], "100")
    assert text == root_help.TEXT
    assert "typer" not in modules and "valaudit.cli.commands" not in modules


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
def test_a_narrow_terminal_gets_the_help_wrapped_by_the_app() -> None:
    text, modules = printed([str(SCRIPT), "--help"], "60")
    app_help, _ = printed([sys.executable, "-c", _APP_HELP], "60")
    assert text == app_help != root_help.TEXT
    assert "typer" in modules


@pytest.mark.parametrize("columns", [None, "100", "79", "0", "-3", "wide"])
def test_the_width_is_the_one_click_asks_for(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
@pytest.mark.parametrize("option", ["--version", "--help"])
def test_a_closed_pipe_ends_quietly_as_the_app_ends(option: str) -> None:
    """``valaudit --help | true`` when the reader has gone: click's quiet exit 1, no
    traceback (the fast path used to let BrokenPipeError through)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [str(SCRIPT), option], stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (1, "")
