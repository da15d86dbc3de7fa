"""--fail-on gates: each one trips (exit 1, saying which and why) and each one can pass."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from valaudit.cli import app

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


def test_suspicious_gate_trips_on_a_value_a_thousand_times_off(tmp_path) -> None:
    import shutil

    folder = tmp_path / "copilot"
    shutil.copytree(SAMPLES / "support_copilot", folder)
    finance = folder / "data" / "finance.csv"
    lines = finance.read_text().splitlines()
    period, value = lines[5].split(",")
    lines[5] = f"{period},{float(value) * 1000:g}"  # row 6
    finance.write_text("\n".join(lines) + "\n")
    tripped = runner.invoke(app, ["audit", str(folder), "--fail-on", "suspicious", "--quiet"])
    assert tripped.exit_code == 1
    assert "gate 'suspicious' tripped: 1 value looks like a typo:" in tripped.stderr
    assert "finance.csv, row 6, column 'cost_per_ticket'" in tripped.stderr
    passed = runner.invoke(
        app, ["audit", str(SAMPLES / "support_copilot"), "--fail-on", "suspicious", "--quiet"]
    )
    assert passed.exit_code == 0
    assert passed.stderr == ""
