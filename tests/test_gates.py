"""--fail-on gates: each one trips (exit 1, saying which and why) and each one can pass."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.analyse.synth import build_folder, one_of_six, step_series
from tests.conftest import ROOT
from valaudit.cli import app

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
