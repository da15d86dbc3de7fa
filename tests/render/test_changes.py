"""The comparison and the trajectory in every report format: there, deterministic, escaped."""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import openpyxl
import pytest

from tests.render.reports import (
    SAMPLE_NAMES,
    changed_report,
    hostile,
    sample_options,
    worsened_report,
)
from valaudit.errors import Problem
from valaudit.gates import evaluate_gates
from valaudit.model.codes import ChangeStatus, Gate
from valaudit.model.comparison import StatusChange
from valaudit.model.report import Report
from valaudit.render import format_names, renderer
from valaudit.render.options import RenderOptions
from valaudit.render.svg_trajectory import trajectory_chart
from valaudit.schemas import load_schema

BINARY_FORMATS = {"xlsx"}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", format_names("report"))
def test_every_format_renders_the_changes_the_same_twice(fmt: str, name: str) -> None:
    report = changed_report(name)
    first = renderer(fmt).render_report(report, sample_options(name))
    assert first == renderer(fmt).render_report(report, sample_options(name))
    assert isinstance(first, bytes if fmt in BINARY_FORMATS else str)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_json_sections_follow_the_schema(name: str) -> None:
    report = changed_report(name)
    document = json.loads(renderer("json").render_report(report, sample_options(name)))
    jsonschema.Draft202012Validator(load_schema("report")).validate(document)
    assert report.trajectory is not None and report.comparison is not None
    assert [e["as_of"] for e in document["trajectory"]] == [
        p.as_of.isoformat() for p in report.trajectory.points
    ]
    assert document["comparison"]["status"] == report.comparison.status
    assert list(document)[-2:] == ["trajectory", "comparison"]


def test_the_terminal_shows_a_line_per_date_and_marks_what_changed() -> None:
    report = worsened_report()
    text = renderer("text").render_report(report, RenderOptions(width=100))
    assert "Since the last audit" in text
    assert (
        "Worse since the report as of 2025-05-31 (support_copilot_2025-05-31.json): The "
        "verdict went from too early to implementation without outcome." in text.replace("\n", " ")
    )
    timeline = text[text.index("Trajectory since go-live (each month-end)") :]
    rows = [line for line in timeline.splitlines() if line[:4] == "2025"]
    assert [row[:10] for row in rows[:3]] == ["2025-04-30", "2025-05-31", "2025-06-30"]
    assert "▶ implementation without outcome" in rows[2]
    assert "▶ productivity → throughput" in rows[2]
    assert "▶" not in rows[0] + rows[1]
    assert "2025-06-30  verdict too early → implementation without outcome" in timeline


@pytest.mark.parametrize("width", [80, 100, 140])
def test_the_terminal_sections_fit_the_width(width: int) -> None:
    text = renderer("text").render_report(
        changed_report("crm_sales_emea"), RenderOptions(width=width)
    )
    assert max(len(line) for line in text.splitlines()) <= width
    assert ("Benefit to date" in text.split("Trajectory since go-live")[1]) is (width >= 130)


def test_markdown_reads_as_a_pull_request_comment() -> None:
    text = renderer("markdown").render_report(worsened_report(), RenderOptions())
    section = text[text.index("### Since the report as of 2025-05-31") :]
    assert section.splitlines()[2].startswith(
        "**🔻 Worse.** Verdict too early → implementation without outcome; Realization 0% → 0% "
        "attributable (4% → 2% observed); the break appeared at productivity → throughput; "
        "guardrail Regretted agent attrition (monthly) newly breached;"
    )
    assert "- 🔻 Guardrail 'Regretted agent attrition (monthly)' is newly breached." in section
    table = text[text.index("### Trajectory since go-live") :].split("\n\n")[2].splitlines()
    assert len(table) == 2 + 3  # header, rule, one row per date
    assert table[4].startswith("| 2025-06-30 | **implementation without outcome** | "
                               "**productivity → throughput** |")  # fmt: skip


def test_html_has_the_chart_with_each_verdict_change_marked() -> None:
    report = changed_report("crm_sales_emea")
    assert report.trajectory is not None
    html = renderer("html").render_report(report, sample_options("crm_sales_emea"))
    assert '<section class="changes"><h2>Since the report as of 2025-03-31' in html
    assert html.count('<svg viewBox="0 0 720 400" role="img" class="chart trajectory"') == 1
    points = report.trajectory.points
    changes = sum(a.verdict != b.verdict for a, b in itertools.pairwise(points))
    assert changes == 1
    assert html.count('class="vchange"/>') == changes
    assert "▶ partially realized</text>" in html
    assert html.count('<td class="changed">') == 3  # the verdict once, the break twice


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_verdict_band_changes_colour_where_the_change_is_marked(name: str) -> None:
    """Each band segment starts at its own date (the verdict holds until the next one), so a
    colour change sits on the dashed line of that change, not half a period before it."""
    report = changed_report(name)
    assert report.trajectory is not None
    svg = trajectory_chart(report.trajectory, "USD")
    band = re.findall(r'<rect x="([\d.]+)"[^>]*><title>([\d-]+): ', svg)
    starts = {day: float(x) for x, day in band}
    assert len(starts) == len(report.trajectory.points)
    changes = [float(x) for x in re.findall(r'<line x1="([\d.]+)"[^>]*class="vchange"', svg)]
    changed_on = [
        b.as_of.isoformat()
        for a, b in itertools.pairwise(report.trajectory.points)
        if a.verdict != b.verdict
    ]
    assert changes == [starts[day] for day in changed_on]


def test_a_one_date_trajectory_draws_without_lines() -> None:
    report = changed_report("support_copilot")
    assert report.trajectory is not None
    single = dataclasses.replace(report.trajectory, points=report.trajectory.points[-1:])
    svg = trajectory_chart(single, "USD")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<polyline" not in svg and 'class="vchange"' not in svg


def test_the_workbook_has_the_changes_and_the_trajectory_with_native_charts() -> None:
    report = worsened_report()
    book = openpyxl.load_workbook(
        io.BytesIO(renderer("xlsx").render_report(report, RenderOptions()))
    )
    assert book.sheetnames[:3] == ["Summary", "Changes", "Trajectory"]
    trajectory = book["Trajectory"]
    assert len(trajectory._charts) == 2
    assert [trajectory.cell(row=r, column=2).value for r in (5, 6, 7)] == [
        "too early", "too early", "implementation without outcome",
    ]  # fmt: skip
    assert trajectory.cell(row=7, column=3).value == "▶"
    assert trajectory.cell(row=7, column=9).number_format.startswith("#,##0")
    assert isinstance(trajectory.cell(row=7, column=6).value, float)
    # The charts' verdict markers read as the figures they reach, not bare numbers.
    headers = {cell.value: cell.column for cell in trajectory[4] if cell.value}
    marker = trajectory.cell(row=7, column=headers["Marker (realization chart)"])
    assert marker.number_format == "0%"
    realization = [trajectory.cell(row=r, column=c).value or 0 for r in (5, 6, 7) for c in (5, 6)]
    assert marker.value >= max(realization)  # it reaches the top of the realization axis
    assert trajectory.cell(row=7, column=headers["Marker (money chart)"]).number_format.startswith(
        "#,##0"
    )
    # The helper columns are hidden and the charts still plot them.
    helpers = [headers[name] for name in ("Chart label", "Marker (realization chart)")]
    letters = [openpyxl.utils.get_column_letter(column) for column in helpers]
    assert [trajectory.column_dimensions[letter].hidden for letter in letters] == [True, True]
    assert not trajectory.column_dimensions["B"].hidden
    assert [chart.visible_cells_only for chart in trajectory._charts] == [False, False]
    changes = book["Changes"]
    assert changes.cell(row=1, column=1).value == (
        "Since the report as of 2025-05-31 (support_copilot_2025-05-31.json)"
    )
    figures = {
        (changes.cell(row=r, column=1).value, changes.cell(row=r, column=2).value): r
        for r in range(1, changes.max_row + 1)
    }
    row = figures[("Cost to date", None)]
    assert changes.cell(row=row, column=5).value == pytest.approx(
        changes.cell(row=row, column=4).value - changes.cell(row=row, column=3).value
    )


def _junit_case(report: Report, gates: list[Gate]) -> ET.Element:
    options = RenderOptions(gates=tuple(evaluate_gates(report, gates)))
    root = ET.fromstring(renderer("junit").render_report(report, options))
    (case,) = [c for c in root.iter("testcase") if c.get("classname") == "valaudit.comparison"]
    return case


def test_junit_fails_the_comparison_only_when_worsened_is_asked_for() -> None:
    report = worsened_report()
    failed = _junit_case(report, [Gate.WORSENED])
    assert failed.get("name") == "since 2025-05-31"
    failure = failed.find("failure")
    assert failure is not None and failure.get("type") == "worsened"
    assert "newly breached" in (failure.get("message") or "")
    passed = _junit_case(report, [Gate.OFF_TRACK])
    assert passed.find("failure") is None
    assert "Not a failure: --fail-on worsened was not asked for." in (
        passed.findtext("system-out") or ""
    )


def test_github_makes_the_comparison_an_error_only_when_the_gate_trips() -> None:
    report = worsened_report()
    asked = RenderOptions(gates=tuple(evaluate_gates(report, [Gate.WORSENED])))
    lines = renderer("github").render_report(report, asked).splitlines()
    assert any(line.startswith("::error ") and "title=valaudit%3A worse since 2025-05-31" in line
               for line in lines)  # fmt: skip
    unasked = renderer("github").render_report(report, RenderOptions()).splitlines()
    assert any(line.startswith("::warning ") and "worse since 2025-05-31" in line
               for line in unasked)  # fmt: skip
    better = renderer("github").render_report(
        changed_report("erp_finance_close"), sample_options("erp_finance_close")
    )
    assert "::notice file=sample_data/erp_finance_close/valaudit.yaml,title=valaudit%3A better" \
        in better  # fmt: skip


def _hostile_changes() -> Report:
    """The worsened report with client text in every string the change sections show."""
    report = worsened_report()
    comparison = report.comparison
    trajectory = report.trajectory
    assert comparison is not None and trajectory is not None
    warning = Problem("stale_data", hostile("message"), hostile("file"), "warning", line=3)
    comparison = dataclasses.replace(
        comparison,
        previous_file=hostile("previous"),
        kpis=(StatusChange("k", hostile("kpi"), "on_track", "flat"),),
        guardrails=(StatusChange("g", hostile("rail"), "ok", "breached"),),
        new_warnings=(warning,),
        fixed_warnings=(warning,),
        worsened=(hostile("worsened"),),
        notes=(hostile("note"),),
    )
    names = tuple((ident, hostile(f"name-{ident}")) for ident, _ in trajectory.names)
    return dataclasses.replace(
        report,
        comparison=comparison,
        trajectory=dataclasses.replace(trajectory, names=names),
    )


@pytest.mark.parametrize("fmt", ["text", "terminal", "markdown", "html", "junit", "github"])
def test_client_text_in_the_change_sections_stays_text(fmt: str) -> None:
    output = renderer(fmt).render_report(_hostile_changes(), RenderOptions(width=100))
    assert isinstance(output, str)
    assert "\x1b" not in output and "\u202e" not in output
    if fmt == "html":
        assert "<i>" not in output and "&lt;i&gt;kpi&lt;/i&gt;" in output
    if fmt == "markdown":
        assert "<i>" not in output and "\\<i\\>kpi\\</i\\>" in output
    if fmt in ("text", "terminal"):
        assert "<i>kpi</i>" in output and "<i>name-agent_attrition_pct</i>" in output


def test_client_text_in_the_change_sheets_is_never_a_formula() -> None:
    report = _hostile_changes()
    assert report.comparison is not None
    hostile_kpi = StatusChange("k", '=HYPERLINK("http://x")', "on_track", "flat")
    report = dataclasses.replace(
        report, comparison=dataclasses.replace(report.comparison, kpis=(hostile_kpi,))
    )
    book = openpyxl.load_workbook(
        io.BytesIO(renderer("xlsx").render_report(report, RenderOptions()))
    )
    cells = [cell for row in book["Changes"].iter_rows() for cell in row]
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula and all(c.data_type == "s" for c in formula)


def test_an_unchanged_comparison_says_so() -> None:
    report = changed_report("manager_training")
    assert report.comparison is not None
    assert report.comparison.status == ChangeStatus.UNCHANGED
    text = renderer("markdown").render_report(report, RenderOptions())
    assert "**Unchanged.** Realization 0% → 0% attributable (3% → 3% observed)." in text
