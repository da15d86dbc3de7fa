"""``valaudit audit -o FILE`` for every document format, exit codes, and the GitHub summary."""

from __future__ import annotations

import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import JUnitXml
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.render.reports import sample_report
from valaudit.cli import app
from valaudit.render import renderer
from valaudit.render.options import RenderOptions

runner = CliRunner()
SAMPLE = str(ROOT / "sample_data" / "support_copilot")


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def broken_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLE, folder)
    thesis = folder / "valaudit.yaml"
    thesis.write_text(thesis.read_text().replace("direction: up", "direciton: up", 1))
    return folder


def test_each_suffix_writes_its_format(tmp_path: Path) -> None:
    names = ["report.md", "report.html", "report.xlsx", "report.xml", "report.json"]
    outputs = [str(tmp_path / name) for name in names]
    result = run("audit", SAMPLE, "--format", "json", *[f"-o{path}" for path in outputs])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"]["code"] == "implementation_without_outcome"

    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("## ✗ Implementation without outcome: Support copilot rollout")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<h1>Support copilot rollout</h1>" in html
    workbook = load_workbook(io.BytesIO((tmp_path / "report.xlsx").read_bytes()))
    assert workbook.sheetnames[:3] == ["Summary", "KPIs", "Charts"]
    suites = list(JUnitXml.fromfile(str(tmp_path / "report.xml")))
    assert [(s.tests, s.failures) for s in suites] == [(8, 0)]  # no --fail-on: nothing fails
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["chain"]["break"] == {"from": "productivity", "to": "throughput"}


def test_files_point_at_the_thesis_as_the_user_named_it(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    assert run("audit", SAMPLE, "-q", "-o", str(target)).exit_code == 0
    expected = renderer("markdown").render_report(
        sample_report("support_copilot"),
        RenderOptions(width=100, thesis_path=os.path.join(SAMPLE, "valaudit.yaml")),
    )
    assert target.read_text(encoding="utf-8") == expected


def test_xlsx_written_twice_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("audit", SAMPLE, "-q", "-o", str(first)).exit_code == 0
    assert run("audit", SAMPLE, "-q", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_invalid_input_exits_3_and_replaces_earlier_outputs_with_the_errors(
    tmp_path: Path,
) -> None:
    """A report from an earlier run never stays looking current: each -o file now holds
    this run's errors, in its own format."""
    outputs = [tmp_path / name for name in ("old.md", "old.html", "old.xlsx", "old.xml")]
    for path in outputs:
        path.write_bytes(b"the previous, good report")
    result = run("audit", str(broken_copy(tmp_path)), *[f"-o{path}" for path in outputs])
    assert result.exit_code == 3
    assert "Did you mean 'direction'?" in result.stdout
    markdown, html, workbook, junit = outputs
    assert markdown.read_text(encoding="utf-8").startswith("## ✗ valaudit: the input is invalid")
    assert "Did you mean &#x27;direction&#x27;?" in html.read_text(encoding="utf-8")
    sheet = load_workbook(io.BytesIO(workbook.read_bytes()))["Problems"]
    assert [cell.value for cell in sheet[2]][:3] == ["Severity", "File", "Sheet"]
    assert [sheet.cell(row, 8).value for row in (3, 4)] == ["missing_key", "unknown_key"]
    (suite,) = list(JUnitXml.fromfile(str(junit)))
    assert (suite.tests, suite.failures) == (2, 2)  # one failing case per error
    assert [case.name.split(": ")[0] for case in suite] == [
        f"{tmp_path}/broken/valaudit.yaml, line 30, at kpis[0]",
        f"{tmp_path}/broken/valaudit.yaml, line 36, at kpis[0].direciton",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["broken", *(p.name for p in outputs)]
    )


def test_xlsx_cannot_go_to_stdout() -> None:
    result = run("audit", SAMPLE, "--format", "xlsx")
    assert result.exit_code == 2
    assert "xlsx" in result.output


def test_unknown_suffix_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    result = run("audit", SAMPLE, "-o", str(tmp_path / "report.pdf"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_junit_failures_follow_the_gates_and_the_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    result = run(
        "audit", SAMPLE, "-q", "--fail-on", "off-track", "--fail-on", "stalled", "-o", str(target)
    )
    assert result.exit_code == 1
    root = ET.parse(target).getroot()
    failing = [
        case.get("name") for case in root.iter("testcase") if case.find("failure") is not None
    ]
    assert failing == [
        "tickets_per_agent: Tickets resolved per agent per month",
        "csat: Customer satisfaction (1-5)",
        "cost_per_ticket: Fully loaded cost per ticket",
    ]
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["fail_on"] == "off-track,stalled"
    result = run("audit", SAMPLE, "-q", "--fail-on", "stalled", "-o", str(target))
    assert result.exit_code == 0
    assert ET.parse(target).getroot().get("failures") == "0"


def test_github_format_appends_the_markdown_report_to_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    result = run("audit", SAMPLE, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("::warning file=")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## ✗ Implementation without outcome: Support copilot")
    assert "| throughput | Tickets resolved per agent per month |" in text


def test_other_formats_leave_the_step_summary_alone(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    result = run("audit", SAMPLE, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert summary.read_text(encoding="utf-8") == ""


def test_an_unwritable_step_summary_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "summary.md"
    result = run("audit", SAMPLE, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(missing)})
    assert result.exit_code == 0
    assert "cannot append to GITHUB_STEP_SUMMARY" in result.stderr
