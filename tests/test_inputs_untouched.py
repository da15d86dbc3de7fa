"""Nothing lost: inputs are only ever read, and outputs are whole, this run's, or absent.

valaudit runs over client folders that may be the only copy. These tests run the commands
over copies of every sample and compare every input file's bytes and timestamps before and
after; and they check that output files are written by an atomic rename, all of a run's
files or none, so that a failure (a read-only folder, a full disk) leaves no half-written
file, no temporary file, and no earlier run's report looking like this run's.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from valaudit.cli import app

runner = CliRunner()
OUTPUTS = ("report.json", "report.md", "report.html", "report.xlsx", "report.xml", "report.txt")


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``root``: (sha256, mtime in ns, mode)."""
    state = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[str(path.relative_to(root))] = (digest, info.st_mtime_ns, info.st_mode)
    return state


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    for sample in SAMPLES:
        shutil.copytree(sample, root / sample.name)
    return root


def test_validate_and_audit_never_touch_the_inputs(copies: Path, tmp_path: Path) -> None:
    before = snapshot(copies)
    out = tmp_path / "out"
    out.mkdir()
    assert runner.invoke(app, ["validate", *map(str, sorted(copies.iterdir()))]).exit_code == 0
    for folder in sorted(copies.iterdir()):
        args = ["audit", str(folder), "--format", "json"]
        for name in OUTPUTS:
            args += ["-o", str(out / f"{folder.name}-{name}")]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    assert snapshot(copies) == before  # same files, bytes, timestamps and modes; none added
    assert len(list(out.iterdir())) == len(OUTPUTS) * len(SAMPLES)


def _audit(folder: Path, *outputs: Path) -> object:
    args = ["audit", str(folder), "--format", "json"]
    for output in outputs:
        args += ["-o", str(output)]
    return runner.invoke(app, args)


def test_an_invalid_run_replaces_outputs_with_its_errors(copies: Path, tmp_path: Path) -> None:
    folder = copies / SAMPLES[0].name
    (folder / "valaudit.yaml").write_text("valaudit: 1\nkpis: [", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("the previous report", encoding="utf-8")
    done = _audit(folder, out / "report.json", out / "report.md")
    assert done.exit_code == 3  # type: ignore[attr-defined]
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["valid"] is False and document["errors"][0]["code"] == "yaml_syntax"
    assert (
        (out / "report.md")
        .read_text(encoding="utf-8")
        .startswith("## ✗ valaudit: the input is invalid")
    )
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]


def test_a_successful_run_replaces_the_report_whole(copies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("old", encoding="utf-8")
    done = _audit(copies / SAMPLES[0].name, out / "report.json")
    assert done.exit_code == 0  # type: ignore[attr-defined]
    assert (out / "report.json").read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]  # no temporary left


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: permissions do not stop root, so a read-only folder cannot be "
    "simulated with chmod (the full-disk test below covers the same path)",
)
def test_a_read_only_output_folder_is_a_clear_error(copies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("the previous report", encoding="utf-8")
    out.chmod(0o555)
    try:
        done = _audit(copies / SAMPLES[0].name, out / "report.json")
    finally:
        out.chmod(0o755)
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "Cannot write" in done.stderr  # type: ignore[attr-defined]
    assert (out / "report.json").read_text(encoding="utf-8") == "the previous report"


@pytest.mark.parametrize("failing", ["replace", "write"])
def test_a_full_disk_is_a_clear_error_and_leaves_no_stale_report(
    copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("the previous report", encoding="utf-8")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def no_space(*args: object, **kwargs: object) -> None:
        raise full

    if failing == "replace":
        monkeypatch.setattr(Path, "replace", no_space)
        monkeypatch.setattr(os, "replace", no_space)
    else:
        monkeypatch.setattr(os, "fsync", no_space)
    done = _audit(copies / SAMPLES[0].name, out / "report.json")
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "No space left on device" in done.stderr  # type: ignore[attr-defined]
    assert "earlier run left there, if any, was removed" in done.stderr  # type: ignore[attr-defined]
    # Neither half a report nor last quarter's: nothing a CI job could publish as this run's.
    assert list(out.iterdir()) == []


def test_an_output_folder_that_does_not_exist_is_a_clear_error(
    copies: Path, tmp_path: Path
) -> None:
    done = _audit(copies / SAMPLES[0].name, tmp_path / "missing" / "report.json")
    assert done.exit_code == 2  # type: ignore[attr-defined]
    assert "does not exist" in done.stderr  # type: ignore[attr-defined]
