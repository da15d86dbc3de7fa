"""The per-folder task: one row per folder, whatever happens inside it."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

from tests.batch.conftest import copy_sample, write_broken
from valaudit.batch import pipeline
from valaudit.batch.jobs import FolderJob, TaskOptions
from valaudit.batch.task import audit_folder


def test_a_valid_folder_gives_its_figures(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")
    row = audit_folder(TaskOptions(root=str(tmp_path)), FolderJob("acme", "acme"))
    assert row.status == "ok"
    assert row.initiative == "Support copilot rollout"
    assert row.verdict == "implementation_without_outcome"
    assert row.break_ == ("productivity", "throughput")
    assert row.currency == "USD"
    assert row.expected_annual_benefit == pytest.approx(1_500_000)
    # Realized as credited: none of the copilot's outcome movement is attributable, though a
    # little of it shows in the observed levels.
    assert row.credit == "attributable"
    assert row.realization_ratio == 0.0 and row.realized_annual_benefit == 0.0
    assert 0 < (row.observed_annual_benefit or 0) < 0.1 * 1_500_000
    assert "guardrail_breached" in row.flags
    assert row.errors == ()


def test_the_row_is_small_and_picklable(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")
    row = audit_folder(TaskOptions(root=str(tmp_path)), FolderJob("acme", "acme"))
    data = pickle.dumps(row)
    assert pickle.loads(data) == row
    assert len(data) < 2_000  # no data frame, no report: just the row


def test_an_invalid_folder_gives_its_located_errors_relative_to_root(tmp_path: Path) -> None:
    write_broken(tmp_path, "clients/broken")
    row = audit_folder(
        TaskOptions(root=str(tmp_path), gates=("invalid",)), FolderJob("clients/broken", "x")
    )
    assert row.status == "invalid"
    assert row.error_count >= 2
    assert row.errors[0].startswith("clients/broken/valaudit.yaml, line ")
    assert all(str(tmp_path) not in error for error in row.errors)
    assert [(g.gate, g.tripped) for g in row.gates] == [("invalid", True)]


def test_errors_shown_are_capped(tmp_path: Path) -> None:
    keys = "\n".join(f"typo{i}: 1" for i in range(40))
    write_broken(tmp_path, "many", f"valaudit: 1\n{keys}\n")
    row = audit_folder(TaskOptions(root=str(tmp_path)), FolderJob("many", "many"))
    assert row.error_count > pipeline.MAX_ERRORS_SHOWN == len(row.errors)


def test_an_unexpected_exception_becomes_a_crashed_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")

    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError(f"boom in {tmp_path}/acme/data")

    monkeypatch.setattr("valaudit.analyse.audit.run_audit", explode)
    row = audit_folder(TaskOptions(root=str(tmp_path)), FolderJob("acme", "acme"))
    assert row.status == "crashed"
    assert row.errors[0].startswith("ZeroDivisionError: boom in acme/data (in test_task.py, line")
    assert row.verdict is None


def test_gates_are_evaluated_per_folder(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")
    options = TaskOptions(root=str(tmp_path), gates=("not-realized", "stalled"))
    row = audit_folder(options, FolderJob("acme", "acme"))
    assert [(g.gate, g.tripped) for g in row.gates] == [("not-realized", True), ("stalled", False)]
    assert row.gate_tripped


def test_as_of_is_passed_on(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")
    options = TaskOptions(root=str(tmp_path), as_of=dt.date(2025, 12, 31))
    assert audit_folder(options, FolderJob("acme", "acme")).as_of == dt.date(2025, 12, 31)


def test_reports_are_written_to_the_out_dir(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "clients/acme")
    out = tmp_path / "out"
    out.mkdir()
    options = TaskOptions(root=str(tmp_path), out_dir=str(out), report_formats=("json", "text"))
    row = audit_folder(options, FolderJob("clients/acme", "clients__acme"))
    assert row.reports == ("clients__acme.json", "clients__acme.txt")
    assert sorted(p.name for p in out.iterdir()) == ["clients__acme.json", "clients__acme.txt"]
    report = json.loads((out / "clients__acme.json").read_text())
    assert report["verdict"]["code"] == row.verdict


def test_a_report_that_cannot_be_written_marks_only_that_folder(tmp_path: Path) -> None:
    copy_sample(tmp_path, "support_copilot", "acme")
    options = TaskOptions(root=str(tmp_path), out_dir=str(tmp_path / "missing"))
    row = audit_folder(options, FolderJob("acme", "acme"))
    assert row.status == "crashed"
    assert "OutputError: Cannot write" in row.errors[0]
