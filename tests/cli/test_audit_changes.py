"""``valaudit audit --trajectory`` and ``--compare``: exit codes, messages and files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.batch.conftest import write_broken
from tests.conftest import ROOT
from valaudit.cli import app

runner = CliRunner()
SAMPLES = ROOT / "sample_data"
SUPPORT = str(SAMPLES / "support_copilot")
OLD_REPORT = ROOT / "tests" / "data" / "fixtures" / "previous_release"
OLD_SUPPORT = str(OLD_REPORT / "support_copilot_2025-12-31.json")


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def _json(result: Any) -> dict[str, Any]:
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_trajectory_adds_the_series_and_every_implies_it() -> None:
    document = _json(run("audit", SUPPORT, "--trajectory", "--format", "json"))
    assert len(document["trajectory"]) == 12
    quarterly = _json(run("audit", SUPPORT, "--every", "quarter", "--format", "json"))
    assert [e["as_of"] for e in quarterly["trajectory"]] == [
        "2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31",
    ]  # fmt: skip
    assert "trajectory" not in _json(run("audit", SUPPORT, "--format", "json"))


def test_compare_with_a_report_of_the_previous_release() -> None:
    document = _json(run("audit", SUPPORT, "--compare", OLD_SUPPORT, "--format", "json"))
    comparison = document["comparison"]
    assert comparison["previous"] == {
        "file": "support_copilot_2025-12-31.json",
        "as_of": "2025-12-31",
        "valaudit_version": "0.1.0",
        "credit": None,
    }
    assert {figure["basis"] for figure in comparison["figures"]} == {"observed", None}
    assert comparison["kpis"] == [
        {"id": "handle_time_min", "name": "Average handle time", "before": "behind",
         "after": "achieved"}
    ]  # fmt: skip


def test_a_report_of_another_folder_is_refused_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run(
        "audit", str(SAMPLES / "crm_sales_emea"), "--compare", OLD_SUPPORT, "-o", str(target)
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"valaudit: {OLD_SUPPORT} is the report of another audit: ")
    assert "Compare with an earlier report of this folder" in result.stderr
    assert not target.exists()


def test_a_file_that_is_not_a_report_is_refused_before_the_folder_is_read(
    tmp_path: Path,
) -> None:
    broken = write_broken(tmp_path, "broken")
    not_json = tmp_path / "notes.txt"
    not_json.write_text("Q4 went fine\n", encoding="utf-8")
    result = run("audit", str(broken), "--compare", str(not_json))
    assert result.exit_code == 2
    assert result.stderr == (
        f"valaudit: {not_json} is not JSON (line 1, column 1: Expecting value). Give the JSON "
        "report an earlier run wrote (valaudit audit DIR -o report.json).\n"
    )


def test_an_invalid_folder_with_a_usable_report_to_compare_is_exit_3(tmp_path: Path) -> None:
    broken = write_broken(tmp_path, "broken")
    result = run("audit", str(broken), "--compare", OLD_SUPPORT, "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["valid"] is False


def test_worsened_needs_compare() -> None:
    result = run("audit", SUPPORT, "--fail-on", "worsened")
    assert result.exit_code == 2
    assert "'worsened' compares with an earlier report: add --compare FILE" in result.stderr


def test_worsened_trips_with_exit_1_and_says_what_got_worse(tmp_path: Path) -> None:
    may = tmp_path / "may.json"
    assert run("audit", SUPPORT, "--as-of", "2025-05-31", "-o", str(may), "-q").exit_code == 0
    june = ("audit", SUPPORT, "--as-of", "2025-06-30", "--compare", str(may))
    tripped = run(*june, "--fail-on", "worsened", "-q")
    assert tripped.exit_code == 1
    assert tripped.stderr == (
        "valaudit: gate 'worsened' tripped: Worse than the report as of 2025-05-31: The verdict "
        "went from too early to implementation without outcome. Guardrail 'Regretted agent "
        "attrition (monthly)' is newly breached.\n"
    )
    assert run(*june, "-q").exit_code == 0
    # A quarter later nothing got worse than in June.
    june_report = tmp_path / "june.json"
    assert run(*june, "-o", str(june_report), "-q").exit_code == 0
    later = run(
        "audit", SUPPORT, "--as-of", "2025-09-30", "--compare", str(june_report),
        "--fail-on", "worsened", "-q",
    )  # fmt: skip
    assert (later.exit_code, later.stderr) == (0, "")


def test_the_earlier_report_can_be_replaced_by_this_run(tmp_path: Path) -> None:
    """The quarterly job: compare with last quarter's file, then write this quarter's over it."""
    rolling = tmp_path / "latest.json"
    first = ("audit", SUPPORT, "--as-of", "2025-09-30", "--trajectory", "-o", str(rolling), "-q")
    assert run(*first).exit_code == 0
    for as_of, previous in (("2025-12-31", "2025-09-30"), ("2026-03-31", "2025-12-31")):
        # Each earlier file has its own trajectory or comparison section: it still reads.
        result = run(
            "audit", SUPPORT, "--as-of", as_of, "--compare", str(rolling), "-o", str(rolling),
            "-q",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        written = json.loads(rolling.read_text(encoding="utf-8"))
        assert written["as_of"] == as_of
        assert written["comparison"]["previous"]["as_of"] == previous


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for attempt in ("a", "b"):
        folder = tmp_path / attempt
        folder.mkdir()
        files = [folder / name for name in ("r.json", "r.html", "r.xlsx", "r.md")]
        arguments = ["audit", SUPPORT, "--trajectory", "--compare", OLD_SUPPORT, "-q"]
        for path in files:
            arguments += ["-o", str(path)]
        assert run(*arguments).exit_code == 0
        outputs.append([path.read_bytes() for path in files])
    assert outputs[0] == outputs[1]
