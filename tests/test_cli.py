"""The command line: exit codes, formats and messages, through typer's CliRunner."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SAMPLES
from valaudit import __version__
from valaudit.cli import app
from valaudit.schemas import load_schema, schema_text

runner = CliRunner()
SAMPLE = str(ROOT / "sample_data" / "support_copilot")


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def schema_errors(document: object, name: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(document)]


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"valaudit {__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("audit", "validate", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("name", ["thesis", "report", "validation"])
def test_schema_prints_the_shipped_file(name: str) -> None:
    result = run("schema", name)
    assert result.exit_code == 0
    assert result.stdout == schema_text(name)
    assert result.stdout == (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_validate_valid_folders_exit_0_with_a_summary() -> None:
    result = run("validate", *map(str, SAMPLES), "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1].startswith(f"Checked {len(SAMPLES)} folders:")
    assert "0 errors" in result.stdout


def broken_copy(tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLE, folder)
    thesis = folder / "valaudit.yaml"
    thesis.write_text(thesis.read_text().replace("direction: up", "direciton: up", 1))
    return folder


def test_validate_invalid_exits_3_and_lists_each_error_with_its_location(tmp_path) -> None:
    # Wide enough that the temporary path never wraps the location onto two lines.
    result = runner.invoke(
        app, ["validate", str(broken_copy(tmp_path)), "--format", "text"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 3
    assert "line 36" in result.stdout
    assert "Did you mean 'direction'?" in result.stdout


def test_validate_json_conforms_to_the_validation_schema(tmp_path) -> None:
    result = run("validate", str(broken_copy(tmp_path)), SAMPLE, "--format", "json")
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert schema_errors(document, "validation") == []
    assert document["valid"] is False
    assert document["summary"]["folders"] == 2
    assert {e["code"] for e in document["errors"]} == {"unknown_key", "missing_key"}
    assert all("line" in e and "path" in e for e in document["errors"])


def test_validate_github_annotations_point_at_file_and_line(tmp_path) -> None:
    result = run("validate", str(broken_copy(tmp_path)), "--format", "github")
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=") and ",line=36," in line for line in lines)
    assert lines[-1].startswith("::notice")


def test_audit_text_leads_with_the_verdict() -> None:
    result = run("audit", SAMPLE, "--format", "text")
    assert result.exit_code == 0
    assert "IMPLEMENTATION WITHOUT OUTCOME" in result.stdout.splitlines()[1]
    assert "The implementation succeeded. The outcome didn't." in result.stdout
    assert "Value disappears between productivity and throughput." in result.stdout


def test_audit_text_says_which_season_each_effect_carries() -> None:
    result = run("audit", str(ROOT / "sample_data" / "erp_finance_close"), "--format", "text")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "dso_days: Season: each quarter's level carried forward (p=0.005)." in lines
    assert "days_to_close: Season: none found in the pre-go-live years." in lines
    assert not any(line.startswith("users_on_erp_pct: Season") for line in lines)


def test_audit_json_conforms_to_the_report_schema() -> None:
    result = run("audit", SAMPLE, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert schema_errors(document, "report") == []
    for key in (
        "report_version",
        "valaudit_version",
        "as_of",
        "initiative",
        "verdict",
        "chain",
        "kpis",
        "guardrails",
        "money",
        "gap_index",
        "questions",
        "warnings",
    ):
        assert key in document
    assert document["chain"]["break"] == {"from": "productivity", "to": "throughput"}


def test_audit_as_of_option() -> None:
    document = json.loads(run("audit", SAMPLE, "--format", "json", "--as-of", "2025-09-30").stdout)
    assert (document["as_of"], document["as_of_source"]) == ("2025-09-30", "option")


@pytest.mark.parametrize(
    "args",
    [
        ("audit", SAMPLE, "--as-of", "30/09/2025"),
        ("audit", SAMPLE, "--format", "pdf"),
        ("audit", SAMPLE, "-o", "report.pdf"),
        ("audit", SAMPLE, "--fail-on", "sometimes"),
        ("validate",),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    assert run(*args).exit_code == 2


def test_audit_of_invalid_input_exits_3_with_the_validation_errors(tmp_path) -> None:
    result = run("audit", str(broken_copy(tmp_path)), "--format", "text")
    assert result.exit_code == 3
    assert "Unknown key 'direciton'" in result.stdout


def test_output_files_hold_each_runs_outcome(tmp_path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous")
    assert run("audit", str(broken_copy(tmp_path)), "-o", str(target), "--quiet").exit_code == 3
    invalid = json.loads(target.read_text())
    assert invalid["valid"] is False and invalid["errors"][0]["code"] == "missing_key"
    assert run("audit", SAMPLE, "-o", str(target), "--quiet").exit_code == 0
    assert json.loads(target.read_text())["verdict"]["code"] == "implementation_without_outcome"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_quiet_prints_nothing_on_success(tmp_path) -> None:
    result = run("audit", SAMPLE, "--quiet", "-o", str(tmp_path / "r.json"))
    assert (result.exit_code, result.stdout) == (0, "")


def test_unwritable_output_exits_2_with_a_message(tmp_path) -> None:
    result = runner.invoke(app, ["audit", SAMPLE, "-o", str(tmp_path / "no" / "such" / "r.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_output_is_deterministic() -> None:
    first = run("audit", SAMPLE, "--format", "json").stdout
    assert run("audit", SAMPLE, "--format", "json").stdout == first
    assert run("audit", SAMPLE + "/valaudit.yaml", "--format", "json").stdout == first


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["audit"], 2),
        (["frobnicate"], 2),
        (["audit", SAMPLE, "--format", "pdf"], 2),
        (["--version"], 0),
        (["audit", "/no/such/folder", "--format", "text"], 3),
    ],
)
def test_exit_codes_of_the_real_process(args: list[str], code: int) -> None:
    # CliRunner catches what the console entry point must map itself, so run it for real.
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "valaudit", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_the_real_process_delivers_all_its_output_before_it_exits() -> None:
    """main() skips the interpreter's teardown: what was printed must still arrive whole."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "valaudit", "audit", SAMPLE, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"]["code"] == "implementation_without_outcome"
    gated = subprocess.run(
        [sys.executable, "-m", "valaudit", "audit", SAMPLE, "-q", "--fail-on", "not-realized"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert gated.returncode == 1
    assert "gate 'not-realized' tripped" in gated.stderr
