"""valaudit as a library: audit, write reports and run a batch without the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import valaudit
from tests.batch.conftest import copy_sample, write_broken
from tests.conftest import ROOT
from valaudit.batch.errors import NoAuditFolderError
from valaudit.cli import app
from valaudit.errors import OutputError
from valaudit.model.codes import FolderStatus, Gate, VerdictCode
from valaudit.render import renderer
from valaudit.render.options import RenderOptions

SAMPLE = ROOT / "sample_data" / "support_copilot"


@pytest.fixture(scope="module")
def outcome() -> valaudit.AuditOutcome:
    return valaudit.audit_folder(SAMPLE, gates=["not-realized", "stalled", "not-realized"])


def test_a_folder_audits_with_its_gates_in_the_order_asked(outcome: valaudit.AuditOutcome) -> None:
    assert outcome.valid and outcome.report is not None
    assert outcome.report.verdict.code == VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME
    assert outcome.report.chain.break_ is not None
    assert (outcome.report.chain.break_.from_stage, outcome.report.chain.break_.to_stage) == (
        "productivity",
        "throughput",
    )
    assert [(g.gate, g.tripped) for g in outcome.gates] == [
        (Gate.NOT_REALIZED, True),
        (Gate.STALLED, False),
    ]
    assert [g.gate for g in outcome.tripped] == ["not-realized"]
    assert outcome.validation.errors == []


def test_an_invalid_folder_has_no_report_and_trips_only_the_invalid_gate(tmp_path: Path) -> None:
    folder = write_broken(tmp_path, "broken")
    result = valaudit.audit_folder(folder, gates=[Gate.INVALID, Gate.STALLED])
    assert result.report is None and not result.valid
    assert {p.code for p in result.validation.errors} >= {"unknown_key"}
    assert all(p.file.endswith("valaudit.yaml") and p.line for p in result.validation.errors)
    assert [(g.gate, g.tripped, g.reason) for g in result.gates] == [
        ("invalid", True, "The input is invalid.")
    ]
    # What is written is the failure report: the validation object, in every format's way.
    target = tmp_path / "report.json"
    assert valaudit.write_reports(result, [target]) == (target,)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["valid"] is False
    assert {p["code"] for p in document["errors"]} >= {"unknown_key"}


def test_a_gate_that_does_not_exist_is_refused_before_any_work() -> None:
    with pytest.raises(ValueError, match="sometimes"):
        valaudit.audit_folder("/no/such/folder", gates=["sometimes"])


def test_validate_folder_returns_located_problems_and_never_raises(tmp_path: Path) -> None:
    result = valaudit.validate_folder(tmp_path / "missing")
    assert not result.valid
    assert result.errors[0].file.endswith("missing")


def test_written_reports_are_the_bytes_the_cli_writes(
    outcome: valaudit.AuditOutcome, tmp_path: Path
) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "cli"
    ours.mkdir(), theirs.mkdir()
    names = ("report.json", "report.xml", "report.md", "report.xlsx")
    written = valaudit.write_reports(outcome, [ours / name for name in names])
    assert written == tuple(ours / name for name in names)
    arguments = ["audit", str(SAMPLE), "-q", "--fail-on", "not-realized", "--fail-on", "stalled"]
    for name in names:
        arguments += ["-o", str(theirs / name)]
    assert CliRunner().invoke(app, arguments).exit_code == 1  # not-realized trips
    for name in names:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
    # The outcome's gates are junit test cases; the thesis is named as the user named it.
    junit = (ours / "report.xml").read_text(encoding="utf-8")
    assert "not-realized" in junit and str(SAMPLE) in junit


def test_a_bare_report_is_written_without_gates_or_the_path(
    outcome: valaudit.AuditOutcome, tmp_path: Path
) -> None:
    assert outcome.report is not None
    (target,) = valaudit.write_reports(outcome.report, [(tmp_path / "r.txt", "junit")])
    text = target.read_text(encoding="utf-8")
    assert "not-realized" not in text and str(SAMPLE) not in text
    assert text == renderer("junit").render_report(outcome.report, RenderOptions(width=100))


def test_nothing_is_written_unless_every_format_renders(
    outcome: valaudit.AuditOutcome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(OutputError, match=r"Cannot tell the format of .*report\.pdf"):
        valaudit.write_reports(outcome, [tmp_path / "report.json", tmp_path / "report.pdf"])

    def broken(*args: object) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr("valaudit.render.junit.render_report", broken)
    with pytest.raises(RuntimeError, match="renderer bug"):
        valaudit.write_reports(outcome, [tmp_path / "report.json", tmp_path / "report.xml"])
    assert list(tmp_path.iterdir()) == []


def test_a_small_batch_runs_and_writes_each_folders_reports(tmp_path: Path) -> None:
    root = tmp_path / "root"
    copy_sample(root, "support_copilot", "clients/acme")
    copy_sample(root, "invoice_automation", "clients/globex")
    write_broken(root, "clients/broken")
    out = tmp_path / "out" / "reports"
    request = valaudit.BatchRequest(
        root=root,
        jobs=1,
        gates=(Gate.STALLED,),
        out_dir=out,
        report_formats=("json", "markdown"),
    )
    result = valaudit.run_batch(request)
    assert not result.interrupted
    rows = {row.path: row for row in result.portfolio.rows}
    assert [row.path for row in result.portfolio.rows] == [
        "clients/acme",
        "clients/broken",
        "clients/globex",
    ]
    assert rows["clients/broken"].status == FolderStatus.INVALID
    assert rows["clients/acme"].verdict == "implementation_without_outcome"
    assert rows["clients/globex"].gate_tripped and not rows["clients/acme"].gate_tripped
    assert rows["clients/acme"].reports == ("clients__acme.json", "clients__acme.md")
    # The invalid folder's files hold its errors, so no earlier report of it survives.
    assert rows["clients/broken"].reports == ("clients__broken.json", "clients__broken.md")
    assert sorted(p.name for p in out.iterdir()) == [
        "clients__acme.json",
        "clients__acme.md",
        "clients__broken.json",
        "clients__broken.md",
        "clients__globex.json",
        "clients__globex.md",
    ]
    document = json.loads((out / "clients__acme.json").read_text(encoding="utf-8"))
    assert document["verdict"]["code"] == rows["clients/acme"].verdict
    (target,) = valaudit.write_portfolio(result, [tmp_path / "portfolio.csv"])
    with target.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert [(r["Folder"], r["Status"]) for r in table] == [
        ("clients/acme", "audited"),
        ("clients/broken", "invalid"),
        ("clients/globex", "audited"),
    ]


def test_a_batch_with_nothing_to_audit_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoAuditFolderError) as raised:
        valaudit.run_batch(valaudit.BatchRequest(root=tmp_path / "empty", exclude=("x",)))
    assert raised.value.exit_code == 3
    assert "no audit folder that match --include/--exclude under" in str(raised.value)


def test_a_batch_refuses_a_report_format_that_cannot_be_a_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'terminal'"):
        valaudit.prepare_batch(valaudit.BatchRequest(root=tmp_path, report_formats=("terminal",)))
    with pytest.raises(ValueError, match="'sometimes'"):
        valaudit.prepare_batch(valaudit.BatchRequest(root=tmp_path, gates=("sometimes",)))


def test_library_use_needs_neither_the_cli_nor_typer() -> None:
    probe = (
        "import sys, valaudit\n"
        "assert 'valaudit.api' not in sys.modules  # exported on first use only\n"
        f"outcome = valaudit.audit_folder({str(SAMPLE)!r})\n"
        "print(outcome.report.verdict.code)\n"
        "print(sorted(m for m in ('typer', 'click', 'valaudit.cli') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.splitlines() == ["implementation_without_outcome", "[]"]
