"""Writing outputs: all of a run's files or none, modes kept, never over an input."""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from valaudit.cli import app
from valaudit.errors import OutputError
from valaudit.output import refuse_inputs, write_all, write_atomic

runner = CliRunner()
SAMPLE = next(path for path in SAMPLES if path.name == "support_copilot")


def fail_on_call(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Make the ``number``-th ``os.fsync`` of the test fail as on a full disk."""
    real = os.fsync
    calls = []

    def fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == number:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of a sample audit folder."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "acme"))


# ---- #15.14: several -o files are all or nothing -------------------------------------------


def test_a_second_file_failing_leaves_neither(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fail_on_call(monkeypatch, 2)  # a.md is written, then the disk is full for b.html
    result = runner.invoke(app, ["audit", str(folder), "-q", "-o", str(out / "a.md"),
                                 "-o", str(out / "b.html")])  # fmt: skip
    assert result.exit_code == 2
    assert "Cannot write" in result.stderr and "b.html: No space left on device" in result.stderr
    assert "None of the 2 output files was written" in result.stderr
    assert list(out.iterdir()) == []  # no a.md, and no temporary file


def test_earlier_files_at_the_targets_are_removed_when_this_run_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.html"
    first.write_text("last quarter")
    second.write_text("last quarter")
    fail_on_call(monkeypatch, 2)
    with pytest.raises(OutputError, match="earlier run left at those paths were removed"):
        write_all([(first, "new a"), (second, "new b")], remove_earlier_on_failure=True)
    assert list(tmp_path.iterdir()) == []


def test_without_removal_a_failed_set_keeps_every_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")
    second.write_text("old b")
    fail_on_call(monkeypatch, 2)
    with pytest.raises(OutputError, match="None of the 2 output files was written"):
        write_all([(first, "new a"), (second, "new b")])
    assert (first.read_text(), second.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_ctrl_c_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all([(tmp_path / "a.txt", "a")])
    assert list(tmp_path.iterdir()) == []


# ---- #15.15: a rewritten file keeps its mode ---------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_rewriting_an_output_keeps_its_mode(folder: Path, tmp_path: Path) -> None:
    private = tmp_path / "board-pack.xlsx"
    private.write_bytes(b"last quarter")
    private.chmod(0o600)
    result = runner.invoke(app, ["audit", str(folder), "-q", "-o", str(private)])
    assert result.exit_code == 0
    assert private.read_bytes().startswith(b"PK")  # this quarter's workbook
    assert oct(private.stat().st_mode & 0o777) == oct(0o600)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(previous)
    assert oct((tmp_path / "new.txt").stat().st_mode & 0o777) == oct(0o640)


# ---- #15.13: an output that is an input, or inside the audit folder, is refused ----------


def test_audit_refuses_to_write_over_its_workbook(folder: Path) -> None:
    workbook = folder / "data" / "kpis.xlsx"
    before = workbook.read_bytes()
    result = runner.invoke(app, ["audit", str(folder), "-o", str(workbook)])
    assert result.exit_code == 2
    assert "inside the audit folder" in result.stderr and "Nothing was written" in result.stderr
    assert workbook.read_bytes() == before


def test_audit_refuses_any_file_inside_the_audit_folder(folder: Path) -> None:
    before = sorted(p.name for p in folder.rglob("*"))
    for target in (folder / "report.html", folder / "new" / "r.md", folder / "valaudit.yaml"):
        result = runner.invoke(app, ["audit", str(folder / "valaudit.yaml"), "-o", str(target)])
        assert result.exit_code == 2, target
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_audit_refuses_the_thesis_even_when_the_input_is_invalid(folder: Path) -> None:
    thesis = folder / "valaudit.yaml"
    thesis.write_text("valaudit: 1\nkpis: [", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(folder), "-o", str(folder / "data" / "x.json")])
    assert result.exit_code == 2
    assert thesis.read_text(encoding="utf-8") == "valaudit: 1\nkpis: ["


def test_links_and_other_spellings_of_an_input_are_refused(folder: Path, tmp_path: Path) -> None:
    workbook = folder / "data" / "kpis.xlsx"
    link = tmp_path / "report.xlsx"
    link.symlink_to(workbook)
    folder_link = tmp_path / "acme-link"
    folder_link.symlink_to(folder, target_is_directory=True)
    hard = tmp_path / "hard.xlsx"
    os.link(workbook, hard)
    for target in (link, folder_link / "data" / "kpis.xlsx", folder / "data" / ".." / "r.md"):
        with pytest.raises(OutputError, match="inside the audit folder"):
            refuse_inputs([target], folders=[folder])
    with pytest.raises(OutputError, match="an input of this run"):
        refuse_inputs([hard], files=[workbook])


def test_a_data_file_outside_the_folder_is_refused_with_allow_outside(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "acme"))
    shared = tmp_path / "shared"
    shared.mkdir()
    (folder / "data" / "kpis.xlsx").rename(shared / "kpis.xlsx")
    thesis = folder / "valaudit.yaml"
    thesis.write_text(
        thesis.read_text(encoding="utf-8").replace("data/kpis.xlsx", "../shared/kpis.xlsx"),
        encoding="utf-8",
    )
    before = (shared / "kpis.xlsx").read_bytes()
    args = ["audit", str(folder), "--allow-outside", "-q"]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, [*args, "-o", str(shared / "kpis.xlsx")])
    assert result.exit_code == 2
    assert "an input of this run" in result.stderr
    assert (shared / "kpis.xlsx").read_bytes() == before


def test_the_same_file_named_twice_is_refused(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["audit", str(folder), "-o", str(tmp_path / "r.md"), "-o", f"{tmp_path}/./r.md"]
    )
    assert result.exit_code == 2
    assert "are the same file" in result.stderr
    assert list(tmp_path.glob("r.md")) == []


def test_batch_refuses_outputs_inside_an_audit_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    acme = Path(shutil.copytree(SAMPLE, root / "clients" / "acme"))
    workbook = acme / "data" / "kpis.xlsx"
    before = workbook.read_bytes()
    for args in (
        ["-o", str(workbook)],
        ["-o", str(acme / "portfolio.csv")],
        ["--out-dir", str(acme / "reports")],
    ):
        result = runner.invoke(app, ["batch", str(root), "-j", "1", *args])
        assert result.exit_code == 2, args
        assert "inside the audit folder" in result.stderr
    assert workbook.read_bytes() == before
    assert not (acme / "reports").exists() and not (acme / "portfolio.csv").exists()
    # Beside the audit folders, under ROOT, is fine.
    result = runner.invoke(app, ["batch", str(root), "-j", "1", "-o", str(root / "p.csv")])
    assert result.exit_code == 0
