"""Every format for every outcome: valid, invalid and crashed runs of audit, validate and batch.

A CI job reads what valaudit prints and the files it writes, whatever happened. Each
printable format must give a document of its kind with the outcome in it (the report, the
located errors, or that valaudit failed), with the documented exit code; each -o file must
hold this run's outcome, never an earlier run's report. The runs go through
:func:`valaudit.crash.run_guarded`, as the ``valaudit`` command does, so a crash ends as it
does for a user: exit code 70 and a crash report.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml
from openpyxl import load_workbook

from tests.conftest import SAMPLES
from valaudit.analyse import audit as analysis
from valaudit.cli import app
from valaudit.crash import run_guarded
from valaudit.validate import folder as validation

FORMATS = ("terminal", "text", "json", "markdown", "html", "junit", "github")
OUTCOMES = ("valid", "invalid", "crashed")
#: Every -o suffix of a report, and what a file of it starts with.
FILES = {".txt": "", ".json": "{", ".md": "## ", ".html": "<!doctype html>",
         ".xlsx": "PK", ".xml": "<?xml"}  # fmt: skip
SAMPLE = next(path for path in SAMPLES if path.name == "support_copilot")
#: Client text in a thesis that would be live markup if a report passed it through.
MARKUP = "<img src=x onerror=alert(1)>"
EXIT = {"valid": 0, "invalid": 3, "crashed": 70}
INVALID_CODES = ["unknown_key", "missing_key", "unknown_key"]


class Run:
    """One command's exit code and what it printed."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def invoke(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # crash reports go here
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = run_guarded(app, [str(arg) for arg in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def folder_for(outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An audit folder that audits to ``outcome`` (crashed: the analysis raises)."""
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "clients" / "acme"))
    if outcome == "invalid":
        thesis = folder / "valaudit.yaml"
        text = thesis.read_text(encoding="utf-8")
        # An unknown key quoting client markup, and a misspelt key: three located errors.
        thesis.write_text(
            text.replace("  type: ai\n", f'  type: ai\n  "{MARKUP}": 1\n', 1).replace(
                "direction: up", "direciton: up", 1
            ),
            encoding="utf-8",
        )
    if outcome == "crashed":

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("injected failure")

        monkeypatch.setattr(analysis, "run_audit", broken)
    return folder


def junit_suite(text: str):  # type: ignore[no-untyped-def]
    (suite,) = list(JUnitXml.fromstring(text))
    return suite


def check_document(fmt: str, outcome: str, out: str) -> None:
    """What ``audit`` or ``validate`` prints in ``fmt`` for ``outcome``."""
    if outcome == "crashed" and fmt in ("terminal", "text"):
        assert out == ""  # the message on standard error is the whole story
        return
    if fmt == "json":
        document = json.loads(out)
        if outcome == "valid":
            assert document.get("valid", True) is True
        else:
            codes = [problem["code"] for problem in document["errors"]]
            assert document["valid"] is False
            assert codes == (["internal_error"] if outcome == "crashed" else INVALID_CODES)
    elif fmt == "junit":
        suite = junit_suite(out)
        results = [result for case in suite for result in case.result]
        if outcome == "valid":
            assert suite.failures == suite.errors == 0
        elif outcome == "invalid":
            assert [type(r) for r in results] == [Failure] * 3
            assert [r.type for r in results] == INVALID_CODES
            assert f"Unknown key '{MARKUP}' in initiative." in [r.message for r in results]
        else:
            assert [type(r) for r in results] == [Error]
            assert "RuntimeError: injected failure" in results[0].message
    elif fmt == "github":
        lines = out.splitlines()
        assert lines and all(line.startswith("::") for line in lines)
        errors = [line for line in lines if line.startswith("::error")]
        if outcome == "valid":
            assert errors == []
        elif outcome == "invalid":
            assert [line.split(",", 1)[1].split(",", 1)[0] for line in errors] == [
                "line=6",
                "line=31",
                "line=37",
            ]
        else:
            assert len(errors) == 1 and "internal_error" in errors[0]
    elif fmt == "markdown":
        if outcome == "invalid":
            assert out.startswith("## ✗ valaudit: the input is invalid")
            assert MARKUP not in out and "\\<img src=x onerror=alert(1)\\>" in out
        elif outcome == "crashed":
            assert out.startswith("## ✗ valaudit failed: an internal error")
        else:
            assert out.startswith("## ")
    elif fmt == "html":
        assert out.startswith("<!doctype html>") and out.rstrip().endswith("</html>")
        assert MARKUP not in out
        if outcome == "invalid":
            assert "&lt;img src=x onerror=alert(1)&gt;" in out
        if outcome == "crashed":
            assert "internal error" in out and "RuntimeError: injected failure" in out
    else:  # terminal, text
        if outcome == "invalid":
            assert "✗" in out and "Unknown key" in out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_audit_prints_every_outcome_in_every_format(
    invoke, fmt: str, outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = folder_for(outcome, tmp_path, monkeypatch)
    done = invoke("audit", folder, "--format", fmt)
    assert done.code == EXIT[outcome], done.err
    check_document(fmt, outcome, done.out)
    if outcome == "crashed":
        assert "internal error (a bug, not a problem with your files)" in done.err
        assert len(list(tmp_path.glob("valaudit-crash-*.txt"))) == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_validate_prints_every_outcome_in_every_format(
    invoke, fmt: str, outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = folder_for("invalid" if outcome == "invalid" else "valid", tmp_path, monkeypatch)
    if outcome == "crashed":

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("injected failure")

        monkeypatch.setattr(validation, "validate_folder", broken)
    done = invoke("validate", folder, "--format", fmt)
    assert done.code == EXIT[outcome], done.err
    check_document(fmt, outcome, done.out)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_audit_files_always_hold_this_runs_outcome(
    invoke, outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = folder_for(outcome, tmp_path, monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    targets = [out / f"report{suffix}" for suffix in FILES]
    for target in targets:
        target.write_bytes(b"LAST QUARTER")
    done = invoke("audit", folder, "-q", *[f"-o{target}" for target in targets])
    assert done.code == EXIT[outcome], done.err
    for target in targets:
        content = target.read_bytes()
        assert b"LAST QUARTER" not in content, target.name
        assert content.decode("latin-1").startswith(FILES[target.suffix]), target.name
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    junit = junit_suite((out / "report.xml").read_text(encoding="utf-8"))
    sheets = load_workbook(io.BytesIO((out / "report.xlsx").read_bytes())).sheetnames
    if outcome == "valid":
        assert document["verdict"]["code"] == "implementation_without_outcome"
        assert junit.failures == 0 and sheets[0] == "Summary"
    else:
        assert document["valid"] is False and sheets == ["Problems"]
        assert (junit.failures, junit.errors) == ((3, 0) if outcome == "invalid" else (0, 1))
    assert sorted(p.name for p in out.iterdir()) == sorted(t.name for t in targets)


def test_a_crash_while_writing_a_report_leaves_the_failure_report(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A renderer that fails (a bug) after the audit: the files say so, none is stale."""
    from valaudit.render import html

    def broken(*args: object, **kwargs: object) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(html, "render_report", broken)
    target, other = tmp_path / "r.html", tmp_path / "r.json"
    target.write_text("LAST QUARTER")
    other.write_text("LAST QUARTER")
    done = invoke("audit", SAMPLE, "-q", "-o", target, "-o", other)
    assert done.code == 70
    assert "internal error" in target.read_text(encoding="utf-8")
    assert json.loads(other.read_text(encoding="utf-8"))["errors"][0]["code"] == "internal_error"


def test_github_job_summary_gets_the_errors_of_an_invalid_run(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = invoke("audit", folder_for("invalid", tmp_path, monkeypatch), "--format", "github")
    assert done.code == 3
    assert summary.read_text(encoding="utf-8").startswith("## ✗ valaudit: the input is invalid")


# ---- batch: the portfolio in every format, and each folder's files in --out-dir ----------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ROOT with a valid, an invalid and a crashing folder."""
    root = tmp_path / "root"
    shutil.copytree(SAMPLE, root / "valid")
    shutil.copytree(SAMPLE, root / "crashed")
    (root / "invalid").mkdir()
    (root / "invalid" / "valaudit.yaml").write_text(
        f"valaudit: 1\ninitiative: {{name: '{MARKUP}', tyep: ai}}\n", encoding="utf-8"
    )
    real = analysis.run_audit

    def crash_one(checked, as_of=None):  # type: ignore[no-untyped-def]
        if "crashed" in checked.target:
            raise RuntimeError("injected failure")
        return real(checked, as_of)

    monkeypatch.setattr(analysis, "run_audit", crash_one)
    return root


PORTFOLIO_FORMATS = ("terminal", "text", "json", "markdown", "junit", "github")


@pytest.mark.parametrize("fmt", PORTFOLIO_FORMATS)
def test_batch_prints_every_outcome_in_every_format(invoke, tree: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # In this process (no time limit), where the monkeypatched crash is seen.
    done = invoke("batch", tree, "-j", "1", "--folder-timeout", "0", "--format", fmt)
    assert done.code == 3, done.err
    out = done.out
    if fmt == "json":
        statuses = {f["path"]: f["status"] for f in json.loads(out)["folders"]}
        assert statuses == {"crashed": "crashed", "invalid": "invalid", "valid": "ok"}
    elif fmt == "junit":
        suite = junit_suite(out)
        outcomes = {case.name: [type(r) for r in case.result] for case in suite}
        assert outcomes == {"crashed": [Error], "invalid": [Failure], "valid": []}
    elif fmt == "github":
        errors = [line for line in out.splitlines() if line.startswith("::error")]
        assert len(errors) == 2
        assert errors[0].startswith(f"::error file={tree}/crashed/valaudit.yaml,")
    else:
        assert all(name in out for name in ("crashed", "invalid", "valid"))
        if fmt == "markdown":
            assert MARKUP not in out


REPORT_FORMATS = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html",
                  "xlsx": ".xlsx", "junit": ".xml"}  # fmt: skip


def test_batch_out_dir_files_hold_each_folders_outcome(invoke, tree: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reports"
    out.mkdir()
    stale = [out / f"{name}{suffix}" for name in ("valid", "invalid", "crashed", "gone")
             for suffix in REPORT_FORMATS.values()]  # fmt: skip
    for path in stale:
        path.write_bytes(b"LAST QUARTER")
    formats = [arg for name in REPORT_FORMATS for arg in ("--report-format", name)]
    in_process = ["-j", "1", "--folder-timeout", "0"]  # where the monkeypatched crash is seen
    done = invoke("batch", tree, *in_process, "--out-dir", out, *formats, "--format", "json")
    assert done.code == 3, done.err
    reports = {f["path"]: f["reports"] for f in json.loads(done.out)["folders"]}
    for name in ("valid", "invalid", "crashed"):
        assert reports[name] == [f"{name}{suffix}" for suffix in REPORT_FORMATS.values()]
        for suffix in REPORT_FORMATS.values():
            content = (out / f"{name}{suffix}").read_bytes()
            assert b"LAST QUARTER" not in content, f"{name}{suffix}"
    assert json.loads((out / "valid.json").read_text())["verdict"]["code"]
    invalid = json.loads((out / "invalid.json").read_text())
    assert invalid["valid"] is False and invalid["folders"][0]["thesis"] == "invalid/valaudit.yaml"
    crashed = json.loads((out / "crashed.json").read_text())
    assert crashed["errors"][0]["code"] == "internal_error"
    assert "RuntimeError: injected failure" in crashed["errors"][0]["message"]
    assert junit_suite((out / "crashed.xml").read_text()).errors == 1
    assert MARKUP not in (out / "invalid.html").read_text()
    # A folder no longer under ROOT is not this run's business: its files stay as they were.
    assert (out / "gone.json").read_bytes() == b"LAST QUARTER"


def test_a_folder_the_run_did_not_reach_loses_its_earlier_reports(tmp_path: Path) -> None:
    from valaudit.batch.jobs import FolderJob, TaskOptions
    from valaudit.batch.out_dir import settle_reports

    out = tmp_path / "reports"
    out.mkdir()
    (out / "late.json").write_text("LAST QUARTER")
    options = TaskOptions(root=str(tmp_path), out_dir=str(out), report_formats=("json",))
    assert settle_reports([], [FolderJob("late", "late")], options) == []
    assert list(out.iterdir()) == []


def test_an_interrupted_batch_removes_earlier_portfolio_files(
    invoke, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from valaudit.batch import run as batch_run

    def interrupted(stream):  # type: ignore[no-untyped-def]
        batch_run.close_stream(stream)
        return [], KeyboardInterrupt()

    monkeypatch.setattr(batch_run, "collect", interrupted)
    portfolio = tmp_path / "portfolio.json"
    portfolio.write_text("LAST QUARTER")
    done = invoke("batch", tree, "-j", "1", "-o", portfolio)
    assert done.code == 130
    assert "any left by an earlier run was removed" in done.err
    assert not portfolio.exists()


def test_junit_xml_is_well_formed_for_hostile_names(invoke, tree: Path) -> None:  # type: ignore[no-untyped-def]
    done = invoke("validate", tree / "invalid", "--format", "junit")
    errors = json.loads(invoke("validate", tree / "invalid", "--format", "json").out)["errors"]
    root = ET.fromstring(done.out)
    assert root.get("failures") == str(len(errors)) == "4"
    names = [case.get("name") for case in root.iter("testcase")]
    assert (
        f"{tree}/invalid/valaudit.yaml, line 2, at initiative.tyep: Unknown key 'tyep' in "
        "initiative." in names
    )
