"""The one error path: user errors end with their exit code; the unexpected with a bug report.

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
import typer
from typer.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from valaudit.batch.errors import BatchSetupError, NoAuditFolderError
from valaudit.cli import app
from valaudit.crash import ISSUES_URL, run_guarded, user_error
from valaudit.errors import OutputError, Problem, ValauditError
from valaudit.exit_codes import ExitCode
from valaudit.onboarding.errors import ScorecardInputError

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


# The one error path: a ValauditError raised anywhere ends the run with its own exit code.


class BudgetNotSignedOff(ValauditError):
    """A failure a future module might raise: the handler must not need to know it."""

    exit_code = ExitCode.USAGE


@pytest.mark.parametrize(
    ("error", "code", "shown"),
    [
        (ValauditError("The thesis cannot be read."), 3, "valaudit: The thesis cannot be read.\n"),
        (OutputError("Cannot write r.json: disk full."), 2, "valaudit: Cannot write r.json: "),
        (BudgetNotSignedOff("Ask finance to sign off."), 2, "valaudit: Ask finance to sign off.\n"),
        (BatchSetupError("No dask here."), 2, "valaudit: No dask here.\n"),
        (NoAuditFolderError("root", filtered=False), 3, "valaudit: no audit folder under root"),
        (
            ScorecardInputError(
                [Problem("invalid_answer", "7 is not an answer.", "answers.yaml", line=4)]
            ),
            3,
            "error answers.yaml, line 4: 7 is not an answer. [invalid_answer]\n",
        ),
    ],
)
def test_a_user_error_raised_anywhere_ends_with_its_exit_code(
    monkeypatch: pytest.MonkeyPatch, error: ValauditError, code: int, shown: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("valaudit.analyse.audit.run_audit", fail)
    result = CliRunner().invoke(app, ["audit", str(SAMPLES[0])])
    assert result.exit_code == code
    assert result.stderr.startswith(shown)
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_notes_added_on_the_way_up_follow_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    error = OutputError("Cannot write thesis.")
    error.add_note("The thesis was not changed.")
    assert user_error(error) == ExitCode.USAGE
    assert (
        capsys.readouterr().err == "valaudit: Cannot write thesis.\nThe thesis was not changed.\n"
    )


def test_a_user_error_outside_any_command_is_mapped_too(capsys: pytest.CaptureFixture[str]) -> None:
    """run_guarded maps what a plain typer app (the pre-commit hook's) lets through."""
    plain = typer.Typer()

    @plain.command()
    def go() -> None:
        raise BudgetNotSignedOff("Ask finance to sign off.")

    assert run_guarded(plain, []) == ExitCode.USAGE
    assert capsys.readouterr().err == "valaudit: Ask finance to sign off.\n"


def test_a_user_error_in_a_real_process_is_a_message_not_a_crash(tmp_path: Path) -> None:
    script = tmp_path / "refusing_valaudit.py"
    script.write_text(
        "import sys\n"
        "import valaudit.analyse.audit as target\n"
        "from valaudit.errors import OutputError\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OutputError('Cannot write report.json: disk full.')\n"
        "target.run_audit = refuse\n"
        "from valaudit.cli import main\n"
        "sys.argv = ['valaudit', *sys.argv[1:]]\n"
        "main()\n",
        encoding="utf-8",
    )
    for debug in ([], ["--debug"]):
        done = subprocess.run(
            [sys.executable, str(script), *debug, "audit", str(SAMPLES[0])],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env={**os.environ, "TMPDIR": str(tmp_path)},
            check=False,
        )
        assert done.returncode == ExitCode.USAGE
        assert done.stderr == "valaudit: Cannot write report.json: disk full.\n"
    assert not list(tmp_path.glob("valaudit-crash-*"))


def test_debug_before_the_command_shows_the_traceback(tmp_path: Path) -> None:
    done = run_broken(
        tmp_path, "valaudit.analyse.audit", "run_audit", "--debug", "audit", str(SAMPLES[0])
    )
    assert done.returncode not in (0, ExitCode.BUG)
    assert "Traceback" in done.stderr and "RuntimeError: injected failure" in done.stderr
    assert not list(tmp_path.glob("valaudit-crash-*"))


def test_debug_is_a_documented_option_of_valaudit() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--debug" in result.stdout and "traceback" in result.stdout
    assert "--debug" not in CliRunner().invoke(app, ["audit", "--help"]).stdout


# A file name that is not UTF-8 (surrogate escapes) in the command line or the error.

UNDECODABLE_WRAPPER = """
import os
import sys
import valaudit.analyse.audit as target

def broken(*args, **kwargs):
    raise RuntimeError("injected failure in " + os.fsdecode(b"Soci\\\\xe9t\\\\xe9"))

target.run_audit = broken
from valaudit.cli import main
sys.argv = ["valaudit", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX byte file names")
def test_a_crash_quoting_a_name_that_is_not_utf8_still_writes_its_report(tmp_path: Path) -> None:
    script = tmp_path / "broken_valaudit.py"
    script.write_text(UNDECODABLE_WRAPPER, encoding="utf-8")
    output = os.fsencode(tmp_path) + b"/Soci\xe9t\xe9.json"
    done = subprocess.run(
        [sys.executable, str(script), "audit", str(SAMPLES[0]), "-o", output],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env={
            **os.environ,
            "TMPDIR": str(tmp_path),
            "PYTHONIOENCODING": "utf-8",
            "PYTHONPATH": str(ROOT),
        },
        check=False,
    )
    err = done.stderr.decode("utf-8")
    assert done.returncode == ExitCode.BUG, err
    assert "Traceback" not in err
    assert "RuntimeError: injected failure in Soci\\xe9t\\xe9\n" in err
    match = re.search(r"A full report was written to (\S+)\.\n", err)
    assert match, err
    text = Path(match.group(1)).read_bytes().decode("utf-8")
    assert "-o " + os.fsdecode(os.fsencode(tmp_path)) + "/Soci\\xe9t\\xe9.json" in text
    assert "RuntimeError: injected failure in Soci\\xe9t\\xe9" in text
