"""--fail-on gates: each one trips (exit 1, saying which and why) and each one can pass."""

from __future__ import annotations

import dataclasses
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.analyse.synth import build_folder, one_of_six, step_series
from tests.conftest import ROOT
from tests.render.reports import SAMPLE_NAMES, changed_report, sample_report
from valaudit.cli import app
from valaudit.errors import Problem
from valaudit.gates import evaluate_gates
from valaudit.model.codes import Gate
from valaudit.model.gates import GATE_RULES, CaseOutcome, Subject, coverage_status, judge_case

runner = CliRunner()
SAMPLES = ROOT / "sample_data"


@pytest.mark.parametrize(
    ("gate", "tripped_by", "passed_by", "reason"),
    [
        ("stalled", "invoice_automation", "support_copilot", "implementation_stalled"),
        ("no-outcome", "support_copilot", "crm_sales_emea", "implementation_without_outcome"),
        ("guardrail", "support_copilot", "crm_sales_emea", "agent_attrition_pct"),
        ("off-track", "support_copilot", "crm_sales_emea", "tickets_per_agent (flat)"),
    ],
)
def test_gate_trips_and_passes(gate: str, tripped_by: str, passed_by: str, reason: str) -> None:
    tripped = runner.invoke(app, ["audit", str(SAMPLES / tripped_by), "--fail-on", gate, "--quiet"])
    assert tripped.exit_code == 1
    assert f"gate '{gate}' tripped" in tripped.stderr
    assert reason in tripped.stderr
    passed = runner.invoke(app, ["audit", str(SAMPLES / passed_by), "--fail-on", gate, "--quiet"])
    assert passed.exit_code == 0
    assert passed.stderr == ""


def test_not_realized_trips_on_unattributed_revenue_and_passes_on_value_realized(
    tmp_path,
) -> None:
    tripped = runner.invoke(
        app, ["audit", str(SAMPLES / "crm_sales_emea"), "--fail-on", "not-realized", "--quiet"]
    )
    assert tripped.exit_code == 1
    assert "gate 'not-realized' tripped: The verdict is partially_realized." in tripped.stderr
    up = {"direction": "up", "target": 110}
    folder = build_folder(
        tmp_path,
        kpis=[{**up, "id": "a", "stage": "adoption"}, {**up, "id": "f", "stage": "financial"}],
        series={"a": step_series(12, 12, step=12), "f": step_series(12, 12, step=12, seed=2)},
    )
    passed = runner.invoke(app, ["audit", str(folder), "--fail-on", "not-realized", "--quiet"])
    assert passed.exit_code == 0, passed.stderr


def test_the_coverage_gate_trips_on_thin_evidence(tmp_path) -> None:
    folder = one_of_six(tmp_path / "wide")
    tripped = runner.invoke(app, ["audit", str(folder), "--fail-on", "coverage", "--quiet"])
    assert tripped.exit_code == 1
    assert tripped.stderr == (
        "valaudit: gate 'coverage' tripped: Coverage is low: 1 of 6 KPI(s) named in the thesis "
        "have data; adoption, productivity, throughput and customer have none.\n"
    )
    passed = runner.invoke(
        app, ["audit", str(SAMPLES / "crm_sales_emea"), "--fail-on", "coverage", "--quiet"]
    )
    assert (passed.exit_code, passed.stderr) == (0, "")


def test_invalid_gate_is_exit_3_on_invalid_input(tmp_path) -> None:
    (tmp_path / "valaudit.yaml").write_text("valaudit: 2\n")
    result = runner.invoke(app, ["audit", str(tmp_path), "--fail-on", "invalid", "--quiet"])
    assert result.exit_code == 3
    passed = runner.invoke(
        app, ["audit", str(SAMPLES / "crm_sales_emea"), "--fail-on", "invalid", "--quiet"]
    )
    assert passed.exit_code == 0


def test_several_gates_report_each_that_tripped() -> None:
    result = runner.invoke(
        app,
        [
            "audit",
            str(SAMPLES / "support_copilot"),
            "--fail-on",
            "guardrail",
            "--fail-on",
            "no-outcome",
            "--fail-on",
            "stalled",
            "--quiet",
        ],
    )
    assert result.exit_code == 1
    assert "gate 'guardrail' tripped" in result.stderr
    assert "gate 'no-outcome' tripped" in result.stderr
    assert "gate 'stalled'" not in result.stderr


# ---- The one table: what each gate trips on, and how a CI system shows each result -------


def test_every_gate_has_one_rule_and_each_rule_judges_a_known_subject() -> None:
    assert set(GATE_RULES) == set(Gate)
    assert {rule.subject for rule in GATE_RULES.values()} == set(Subject)


@pytest.mark.parametrize(
    ("subject", "status", "asked", "expected"),
    [
        # No gate asked for: nothing fails; off-track is noteworthy, no data is skipped.
        (Subject.KPI, "flat", (), ("passed", ("off-track",))),
        (Subject.KPI, "behind", ("guardrail",), ("passed", ("off-track",))),
        (Subject.KPI, "on_track", ("off-track",), ("passed", ())),
        (Subject.KPI, "no_data", (), ("skipped", ())),
        (Subject.KPI, "no_data", ("off-track", "not-realized"), ("skipped", ())),
        (Subject.KPI, "regressed", ("off-track",), ("failed", ())),
        (Subject.GUARDRAIL, "breached", ("off-track",), ("passed", ("guardrail",))),
        (Subject.GUARDRAIL, "breached", ("guardrail",), ("failed", ())),
        (Subject.VERDICT, "partially_realized", (), ("passed", ())),
        (Subject.VERDICT, "partially_realized", ("no-outcome",), ("passed", ())),
        (Subject.VERDICT, "partially_realized", ("not-realized",), ("failed", ())),
        (Subject.VERDICT, "too_early", (), ("skipped", ())),
        (Subject.VERDICT, "too_early", ("not-realized",), ("failed", ())),
    ],
)
def test_a_case_fails_only_when_an_asked_gate_trips_on_it(
    subject: Subject, status: str, asked: tuple[str, ...], expected: tuple[str, tuple[str, ...]]
) -> None:
    judgement = judge_case(subject, status, asked)
    assert (judgement.outcome, judgement.would_fail_on) == expected
    assert bool(judgement.gates) == (judgement.outcome == CaseOutcome.FAILED)


def test_kpis_too_early_to_judge_are_skipped_whatever_the_gates() -> None:
    report = sample_report("manager_training")
    statuses = {kpi.id: kpi.status for kpi in report.kpis}
    assert statuses == {
        "managers_trained_pct": "early",
        "engagement_index": "early",
        "projects_on_time_pct": "early",
        "overtime_cost": "early",
    }
    for asked in ((), ("off-track",), tuple(Gate)):
        outcomes = {judge_case(Subject.KPI, status, asked).outcome for status in statuses.values()}
        assert outcomes == {CaseOutcome.SKIPPED}, asked


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("compared", [False, True], ids=["alone", "compared"])
def test_the_exit_code_and_the_case_failures_agree(name: str, compared: bool) -> None:
    """Whatever gates are asked for, a gate trips exactly when some case fails on it."""
    report = changed_report(name) if compared else sample_report(name)
    for gate in Gate:
        if gate == Gate.INVALID or (gate == Gate.WORSENED and report.comparison is None):
            continue
        (result,) = evaluate_gates(report, [gate])
        cases = [judge_case(Subject.KPI, k.status, [gate]) for k in report.kpis]
        cases += [judge_case(Subject.GUARDRAIL, g.status, [gate]) for g in report.guardrails]
        cases.append(judge_case(Subject.VERDICT, report.verdict.code, [gate]))
        cases.append(judge_case(Subject.COVERAGE, coverage_status(report), [gate]))
        cases += [judge_case(Subject.VALUES, w.code, [gate]) for w in report.warnings]
        if report.comparison is not None:
            cases.append(judge_case(Subject.CHANGE, report.comparison.status, [gate]))
        assert result.tripped == any(c.outcome == CaseOutcome.FAILED for c in cases), gate


def _with_a_typo(folder: Path) -> Path:
    """support_copilot with cost_per_ticket on row 6 of finance.csv typed 1,000 times over."""
    shutil.copytree(SAMPLES / "support_copilot", folder)
    finance = folder / "data" / "finance.csv"
    lines = finance.read_text().splitlines()
    period, value = lines[5].split(",")
    lines[5] = f"{period},{float(value) * 1000:g}"
    finance.write_text("\n".join(lines) + "\n")
    return folder


def test_suspicious_gate_trips_on_a_value_a_thousand_times_off(tmp_path: Path) -> None:
    folder = _with_a_typo(tmp_path / "copilot")
    tripped = runner.invoke(app, ["audit", str(folder), "--fail-on", "suspicious", "--quiet"])
    assert tripped.exit_code == 1
    assert tripped.stderr == (
        "valaudit: gate 'suspicious' tripped: Values that look like typos: data/finance.csv, "
        "row 6, column 'cost_per_ticket'.\n"
    )
    passed = runner.invoke(
        app, ["audit", str(SAMPLES / "support_copilot"), "--fail-on", "suspicious", "--quiet"]
    )
    assert passed.exit_code == 0
    assert passed.stderr == ""


def test_the_suspicious_cell_fails_in_junit_and_is_an_error_on_github_only_when_asked(
    tmp_path: Path,
) -> None:
    folder = _with_a_typo(tmp_path / "copilot")
    for asked, junit_outcome, level in ((("suspicious",), "failure", "error"), ((), "", "warning")):
        gates = [option for gate in asked for option in ("--fail-on", gate)]
        junit, github = (
            runner.invoke(app, ["audit", str(folder), "-f", fmt, *gates]).stdout
            for fmt in ("junit", "github")
        )
        (case,) = [
            c
            for c in ET.fromstring(junit).iter("testcase")
            if c.get("classname") == "valaudit.values"
        ]
        assert case.get("name") == "data/finance.csv, row 6, column 'cost_per_ticket'"
        assert (case.get("file"), case.get("line")) == (f"{folder}/data/finance.csv", "6")
        assert [child.tag for child in case] == (
            [junit_outcome] if junit_outcome else ["system-out"]
        )
        (line,) = [x for x in github.splitlines() if "suspicious_value" in x]
        assert line.startswith(f"::{level} file={folder}/data/finance.csv,line=6,"), line


def test_the_suspicious_gate_names_three_cells_and_counts_the_rest() -> None:
    report = sample_report("support_copilot")
    cells = tuple(
        Problem(
            "suspicious_value", "Looks like a typo.", "data/k.csv", "warning", row=row, column="v"
        )
        for row in range(2, 7)
    )
    report = dataclasses.replace(report, warnings=(*report.warnings, *cells))
    (result,) = evaluate_gates(report, ["suspicious"])
    assert result.tripped
    assert result.reason == (
        "Values that look like typos: data/k.csv, row 2, column 'v'; data/k.csv, row 3, "
        "column 'v'; data/k.csv, row 4, column 'v' (and 2 more)."
    )
    for gate in Gate:
        if gate in (Gate.INVALID, Gate.WORSENED):  # worsened needs --compare
            continue
        (judged,) = evaluate_gates(report, [gate])
        failed = [judge_case(Subject.VALUES, w.code, [gate]) for w in report.warnings]
        if gate == Gate.SUSPICIOUS:
            assert judged.tripped and any(c.outcome == CaseOutcome.FAILED for c in failed)
        else:
            assert all(c.outcome != CaseOutcome.FAILED for c in failed), gate


def test_worsened_without_a_comparison_is_refused_not_passed() -> None:
    with pytest.raises(ValueError, match="needs an earlier report"):
        evaluate_gates(sample_report("support_copilot"), [Gate.WORSENED])


def test_worsened_trips_in_ci_only_when_asked_and_warns_otherwise() -> None:
    assert judge_case(Subject.CHANGE, "worsened", ["worsened"]).outcome == CaseOutcome.FAILED
    unasked = judge_case(Subject.CHANGE, "worsened", ["off-track"])
    assert (unasked.outcome, unasked.would_fail_on) == (CaseOutcome.PASSED, (Gate.WORSENED,))
    for status in ("improved", "changed", "unchanged"):
        judgement = judge_case(Subject.CHANGE, status, ["worsened"])
        assert (judgement.outcome, judgement.would_fail_on) == (CaseOutcome.PASSED, ())
