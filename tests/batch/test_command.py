"""``valaudit batch`` end to end, through typer's CliRunner."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.batch.conftest import copy_sample, write_broken
from valaudit.analyse import audit
from valaudit.batch.executors.interface import FolderTask
from valaudit.batch.jobs import FolderJob
from valaudit.cli import app
from valaudit.model.portfolio import FolderRow
from valaudit.model.report import Report
from valaudit.model.validation import FolderValidation

runner = CliRunner()


def batch(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def portfolio_json(*args: str | Path) -> tuple[int, dict]:
    code, out, _ = batch(*args, "--format", "json")
    return code, json.loads(out)


def test_valid_invalid_and_crashed_folders_give_one_row_each(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_sample(tree, "manager_training", "clients/crashy")
    real_run_audit = audit.run_audit

    def run_audit(validation: FolderValidation, as_of: dt.date | None = None) -> Report:
        if "crashy" in validation.target:
            raise RuntimeError("injected")
        return real_run_audit(validation, as_of)

    monkeypatch.setattr(audit, "run_audit", run_audit)
    # In this process (no time limit), where the monkeypatch is seen.
    code, document = portfolio_json(tree, "--jobs", "1", "--folder-timeout", "0")
    assert code == 3
    statuses = {f["path"]: f["status"] for f in document["folders"]}
    assert statuses == {
        "clients/acme": "ok",
        "clients/broken": "invalid",
        "clients/crashy": "crashed",
        "clients/globex": "ok",
        "zeta": "ok",
    }
    crashed = next(f for f in document["folders"] if f["status"] == "crashed")
    assert crashed["errors"][0].startswith("RuntimeError: injected")
    totals = document["totals"]
    assert (totals["ok"], totals["invalid"], totals["crashed"]) == (3, 1, 1)


def test_all_valid_exits_0_and_a_tripped_gate_exits_1(tree: Path) -> None:
    code, out, err = batch(tree, "--exclude", "clients/broken", "--jobs", "1")
    assert code == 0, err
    assert "clients/acme" in out and "clients/broken" not in out
    code, _, err = batch(tree, "--exclude", "**/broken", "-j", "1", "--fail-on", "stalled")
    assert code == 1
    assert "valaudit: clients/globex: gate 'stalled' tripped" in err


def test_invalid_wins_over_a_tripped_gate(tree: Path) -> None:
    code, _, _ = batch(tree, "-j", "1", "--fail-on", "not-realized")
    assert code == 3


def test_jobs_1_and_jobs_2_print_the_same_bytes(tree: Path) -> None:
    for fmt in ("json", "text"):
        one = batch(tree, "--jobs", "1", "--format", fmt)
        two = batch(tree, "--jobs", "2", "--format", fmt)
        assert one == two


def test_text_output_has_no_trailing_spaces(tree: Path) -> None:
    """Logs and diffs of the portfolio should not carry rich's padding."""
    _, out, _ = batch(tree, "--jobs", "1", "--format", "text")
    assert "clients/acme" in out
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_output_files(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    targets = [out / name for name in ("p.csv", "p.json", "p.xlsx", "p.md")]
    code, _, _ = batch(tree, "-j", "1", "-q", *[arg for t in targets for arg in ("-o", t)])
    assert code == 3
    assert all(target.stat().st_size > 0 for target in targets)
    rows = list(csv.DictReader(io.StringIO(targets[0].read_text(encoding="utf-8-sig"))))
    assert [row["Folder"] for row in rows] == [
        "clients/acme",
        "clients/broken",
        "clients/globex",
        "zeta",
    ]
    assert len(json.loads(targets[1].read_text())["folders"]) == 4


def test_an_unknown_output_suffix_is_a_usage_error(tree: Path) -> None:
    code, _, err = batch(tree, "-o", "portfolio.pdf")
    assert code == 2
    assert "Cannot tell the format" in err


def test_out_dir_gets_each_folders_reports(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "q1"
    code, document = portfolio_json(
        tree, "-j", "2", "--out-dir", out, "--report-format", "json", "--report-format", "text"
    )
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == [
        "clients__acme.json",
        "clients__acme.txt",
        "clients__broken.json",
        "clients__broken.txt",
        "clients__globex.json",
        "clients__globex.txt",
        "zeta.json",
        "zeta.txt",
    ]
    acme = next(f for f in document["folders"] if f["path"] == "clients/acme")
    assert acme["reports"] == ["clients__acme.json", "clients__acme.txt"]


def test_an_unavailable_report_format_is_a_usage_error(tree: Path, tmp_path: Path) -> None:
    code, _, err = batch(tree, "--out-dir", tmp_path, "--report-format", "terminal")
    assert code == 2
    assert "not a report format" in err


def test_no_folders_found_exits_3_with_a_message(tmp_path: Path) -> None:
    code, out, err = batch(tmp_path)
    assert (code, out) == (3, "")
    assert "no audit folder under" in err
    write_broken(tmp_path, "a")
    code, _, err = batch(tmp_path, "--include", "b/**")
    assert code == 3
    assert "that match --include/--exclude" in err


def test_root_must_be_a_folder(tmp_path: Path) -> None:
    assert batch(tmp_path / "missing")[0] == 2
    (tmp_path / "file").write_text("")
    assert batch(tmp_path / "file")[0] == 2


def test_scheduler_with_the_local_executor_is_a_usage_error(tree: Path) -> None:
    code, _, err = batch(tree, "--executor", "local", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2
    assert "--executor dask" in err


def test_dask_not_installed_exits_2_with_how_to_install(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = batch(tree, "--executor", "dask")
    assert (code, out) == (2, "")
    assert "pip install 'valaudit[dask]'" in err


def test_ctrl_c_reports_what_finished_and_writes_no_files(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class InterruptedAfterTwo:
        def run(self, task: FolderTask, jobs: Sequence[FolderJob]) -> Iterator[FolderRow]:
            yield task(jobs[0])
            yield task(jobs[1])
            raise KeyboardInterrupt

    monkeypatch.setattr(
        "valaudit.batch.executors.make_executor", lambda *args: InterruptedAfterTwo()
    )
    target = tmp_path / "portfolio.csv"
    code, document = portfolio_json(tree, "-o", target)
    assert code == 130
    assert [f["path"] for f in document["folders"]] == ["clients/acme", "clients/broken"]
    assert document["complete"] is False
    assert document["totals"]["not_run"] == 2
    assert not target.exists()


def test_symlinked_folder_out_of_root_is_skipped_with_a_note(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    copy_sample(outside, "support_copilot", "secret")
    (tree / "escape").symlink_to(outside, target_is_directory=True)
    code, document = portfolio_json(tree, "-j", "1", "--exclude", "clients/broken")
    assert code == 0
    assert all(not f["path"].startswith("escape") for f in document["folders"])
    _, _, err = batch(tree, "-j", "1")
    assert "valaudit: skipped escape: a link to a folder outside ROOT." in err


def test_dask_executor_with_its_own_local_cluster(tree: Path) -> None:
    pytest.importorskip("distributed")
    local = batch(tree, "--jobs", "1", "--format", "json")
    on_dask = batch(tree, "--executor", "dask", "--jobs", "2", "--format", "json")
    assert on_dask == local


@pytest.mark.skipif(not hasattr(os, "mkfifo") or os.name == "nt", reason="named pipes, links")
def test_a_thesis_that_is_not_a_file_gets_a_row_and_a_pipe_never_blocks(tree: Path) -> None:
    """A time limit bounds the test: a pipe that were opened would block its folder."""
    os.mkfifo(tree / "clients" / "broken" / "pipe")
    (tree / "clients" / "broken" / "valaudit.yaml").unlink()
    (tree / "clients" / "broken" / "valaudit.yaml").symlink_to("pipe")
    (tree / "folder" / "valaudit.yaml").mkdir(parents=True)
    (tree / "dangling").mkdir()
    (tree / "dangling" / "valaudit.yaml").symlink_to("gone.yaml")
    code, document = portfolio_json(tree, "--jobs", "2", "--folder-timeout", "60")
    assert code == 3
    rows = {f["path"]: (f["status"], f["errors"]) for f in document["folders"]}
    assert rows["clients/broken"] == (
        "invalid",
        [
            "clients/broken/valaudit.yaml: The thesis cannot be read: it is not a regular file "
            "(it is a device, pipe or socket)."
        ],
    )
    assert rows["folder"] == (
        "invalid",
        ["folder/valaudit.yaml: Expected a thesis file but found a folder."],
    )
    assert rows["dangling"] == (
        "invalid",
        ["dangling/valaudit.yaml: The thesis file does not exist."],
    )
    assert [rows[p][0] for p in ("clients/acme", "clients/globex", "zeta")] == ["ok"] * 3
