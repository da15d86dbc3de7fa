"""The pre-commit hook: which files trigger it, and which folders it validates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.onboarding.helpers import start
from valaudit.onboarding.precommit import audit_folders, main


@pytest.fixture(scope="module")
def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["valaudit-validate"]
    return dict(hooks[0])


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("valaudit.yaml", True),
        ("clients/acme/valaudit.yaml", True),
        ("clients/acme/valaudit.yml", True),
        ("clients/acme/data/kpis.xlsx", True),
        ("clients/acme/data/finance.csv", True),
        ("clients/acme/notes.md", False),
        ("clients/acme/other.yaml", False),
        ("clients/acme/my_valaudit.yaml", False),
        ("report.pdf", False),
    ],
)
def test_the_hook_runs_on_theses_and_tables(hook: dict[str, object], path: str, runs: bool) -> None:
    assert bool(re.search(str(hook["files"]), path)) is runs


def test_the_hook_sees_every_file_at_once_through_the_package(hook: dict[str, object]) -> None:
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    assert str(hook["entry"]).startswith("python -m valaudit.onboarding.precommit")
    assert hook.get("pass_filenames", True) is True


def test_changed_files_map_to_their_audit_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    start(Path("clients/acme"), "crm")
    start(Path("clients/globex"), "erp")
    Path("clients/README.csv").write_text("x\n", encoding="utf-8")
    changed = [
        "clients/acme/data/kpis.xlsx",
        "clients/acme/valaudit.yaml",
        "clients/globex/data/kpis.xlsx",
        "clients/README.csv",  # in no audit folder
        "clients/acme/data/deleted.csv",  # gone from disk: its folder still counts
    ]
    assert audit_folders(changed, Path.cwd()) == ["clients/acme", "clients/globex"]


def test_validate_options_come_before_or_after_the_files_and_the_last_format_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pre-commit puts the hook's own args (``--format text``) first and the files after."""
    monkeypatch.chdir(tmp_path)
    start(Path("good"))
    assert main(["--format", "text", "good/data/kpis.xlsx", "--no-color", "--format=github"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("::notice")
    assert main(["-f", "json", "good/valaudit.yaml"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_a_bad_option_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    start(Path("good"))
    assert main(["--format", "pdf", "good/valaudit.yaml"]) == 2
    assert "'pdf' is not one of" in capsys.readouterr().err


def test_main_fails_the_commit_only_for_an_invalid_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    start(Path("good"))
    start(Path("bad"))
    assert main(["--format", "text", "good/data/kpis.xlsx"]) == 0
    assert "good/valaudit.yaml" in capsys.readouterr().out
    Path("bad/valaudit.yaml").write_text("valaudit: 1\ninitiative: {}\n", encoding="utf-8")
    assert main(["--format", "text", "good/valaudit.yaml", "bad/data/kpis.xlsx"]) == 3
    shown = capsys.readouterr().out
    assert "bad/valaudit.yaml" in shown and "good/valaudit.yaml" in shown
    assert main(["--format", "text", "unrelated.csv"]) == 0
    assert capsys.readouterr().out == ""
