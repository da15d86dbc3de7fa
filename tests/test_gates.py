"""--fail-on gates: each one trips (exit 1, saying which and why) and each one can pass."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.render.reports import SAMPLE_NAMES, sample_report
from valaudit.cli import app
from valaudit.gates import evaluate_gates
from valaudit.model.codes import Gate
from valaudit.model.gates import GATE_RULES, CaseOutcome, Subject, judge_case, kpi_judged

runner = CliRunner()
SAMPLES = ROOT / "sample_data"


@pytest.mark.parametrize(
    ("gate", "tripped_by", "passed_by", "reason"),
    [
        ("stalled", "invoice_automation", "support_copilot", "implementation_stalled"),
        ("no-outcome", "support_copilot", "crm_sales_emea", "implementation_without_outcome"),
        ("not-realized", "erp_finance_close", "crm_sales_emea", "partially_realized"),
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


def test_a_flat_kpi_with_too_few_periods_is_not_judged_yet() -> None:
    report = sample_report("manager_training")
    minimum = report.settings["min_post_periods"]
    judged = {kpi.id: kpi_judged(kpi, minimum) for kpi in report.kpis}
    assert judged == {
        "managers_trained_pct": True,  # achieved: judged, however early
        "engagement_index": False,
        "projects_on_time_pct": False,
        "overtime_cost": False,
    }
    flat = next(kpi for kpi in report.kpis if kpi.id == "engagement_index")
    assert judge_case(Subject.KPI, flat.status, (), judged=False).outcome == "skipped"
    assert judge_case(Subject.KPI, flat.status, ("off-track",), judged=False).outcome == "failed"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_exit_code_and_the_case_failures_agree(name: str) -> None:
    """Whatever gates are asked for, a gate trips exactly when some case fails on it."""
    report = sample_report(name)
    for gate in Gate:
        if gate == Gate.INVALID:
            continue
        (result,) = evaluate_gates(report, [gate])
        cases = [judge_case(Subject.KPI, k.status, [gate]) for k in report.kpis]
        cases += [judge_case(Subject.GUARDRAIL, g.status, [gate]) for g in report.guardrails]
        cases.append(judge_case(Subject.VERDICT, report.verdict.code, [gate]))
        assert result.tripped == any(c.outcome == CaseOutcome.FAILED for c in cases), gate
