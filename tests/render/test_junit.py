"""The JUnit report, read back with a real JUnit reader (junitparser) as CI systems do."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from junitparser import Failure, JUnitXml, Skipped

from tests.render.reports import (
    SAMPLE_NAMES,
    sample_options,
    sample_report,
    with_kpi_names,
    with_kpi_status,
)
from valaudit.gates import evaluate_gates
from valaudit.render.junit import render_report
from valaudit.render.options import RenderOptions


def parse(text: str):  # type: ignore[no-untyped-def]
    suites = list(JUnitXml.fromstring(text))
    assert len(suites) == 1
    return suites[0]


def location(text: str, case_name: str) -> tuple[str | None, str | None]:
    """The file and line attributes (outside the JUnit core, so read them directly)."""
    case = next(c for c in ET.fromstring(text).iter("testcase") if c.get("name") == case_name)
    return case.get("file"), case.get("line")


def outcome(case) -> str:  # type: ignore[no-untyped-def]
    if not case.result:
        return "passed"
    (result,) = case.result
    return {Failure: "failure", Skipped: "skipped"}[type(result)]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_one_case_per_kpi_and_guardrail(name: str) -> None:
    report = sample_report(name)
    suite = parse(render_report(report, sample_options(name)))
    assert suite.name == f"valaudit: {report.initiative.name}"
    assert [case.classname for case in suite] == [
        f"valaudit.kpi.{k.stage}" for k in report.kpis
    ] + ["valaudit.guardrail"] * len(report.guardrails)
    assert suite.tests == len(report.kpis) + len(report.guardrails)
    failing = [k for k in report.kpis if k.status in ("behind", "regressed", "flat")]
    breached = [g for g in report.guardrails if g.status == "breached"]
    assert suite.failures == len(failing) + len(breached)
    # A KPI too early to judge is skipped, not passed (manager_training has four).
    early = [k for k in report.kpis if k.status in ("no_data", "early")]
    assert suite.errors == 0 and suite.skipped == len(early)


def test_support_copilot_failures_carry_the_reason() -> None:
    text = render_report(sample_report("support_copilot"), sample_options("support_copilot"))
    suite = parse(text)
    cases = {case.name: case for case in suite}
    assert {name: outcome(case) for name, case in cases.items()} == {
        "active_agents_pct: Agents using the copilot weekly": "passed",
        "handle_time_min: Average handle time": "passed",
        "tickets_per_agent: Tickets resolved per agent per month": "failure",
        "csat: Customer satisfaction (1-5)": "failure",
        "cost_per_ticket: Fully loaded cost per ticket": "failure",
        "agent_attrition_pct: Regretted agent attrition (monthly)": "failure",
    }
    (failure,) = cases["tickets_per_agent: Tickets resolved per agent per month"].result
    assert failure.type == "flat"
    assert failure.message == "No movement beyond its own noise (now 315.67, baseline 313.33)."
    assert failure.text.startswith("Tickets resolved per agent per month: flat. 313.3 → 315.7")
    (breach,) = cases["agent_attrition_pct: Regretted agent attrition (monthly)"].result
    assert breach.type == "breached"
    assert breach.message.startswith("It moved the wrong way by 24% (from 1.93%")
    assert location(text, "csat: Customer satisfaction (1-5)") == (
        "sample_data/support_copilot/valaudit.yaml",
        "51",
    )


def test_behind_and_regressed_fail_and_no_data_is_skipped() -> None:
    report = sample_report("support_copilot")
    report = with_kpi_status(report, "active_agents_pct", "regressed", "It fell.")
    report = with_kpi_status(report, "handle_time_min", "no_data", "No post-period values.")
    report = with_kpi_status(report, "csat", "on_track", "At or beyond the glide path.")
    text = render_report(report, RenderOptions())
    suite = parse(text)
    outcomes = {case.name.split(":")[0]: outcome(case) for case in suite}
    assert outcomes == {
        "active_agents_pct": "failure",
        "handle_time_min": "skipped",
        "tickets_per_agent": "failure",
        "csat": "passed",
        "cost_per_ticket": "failure",
        "agent_attrition_pct": "failure",
    }
    assert suite.skipped == 1
    skipped = next(case for case in suite if case.name.startswith("handle_time_min"))
    assert skipped.result[0].message == "No post-period values."
    # Without a thesis path the cases point at the thesis file's own name.
    assert location(text, skipped.name) == ("valaudit.yaml", "40")


def test_gates_become_test_cases() -> None:
    report = sample_report("erp_finance_close")
    gates = tuple(evaluate_gates(report, ("off-track", "guardrail", "stalled")))
    suite = parse(render_report(report, RenderOptions(gates=gates)))
    gate_cases = [case for case in suite if case.classname == "valaudit.gate"]
    assert [(c.name, outcome(c)) for c in gate_cases] == [
        ("--fail-on off-track", "failure"),
        ("--fail-on guardrail", "passed"),
        ("--fail-on stalled", "passed"),
    ]
    assert gate_cases[0].result[0].message == (
        "Off track: invoices_per_fte (behind), dso_days (flat)."
    )
    assert suite.tests == 4 + 1 + 3


def test_markup_and_control_characters_in_names_are_escaped() -> None:
    report = with_kpi_names(sample_report("support_copilot"), 'A <b>&"quoted"</b>\x1b[2J')
    text = render_report(report, RenderOptions())
    assert "&lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;\\x1b[2J" in text
    suite = parse(text)
    assert next(iter(suite)).name == 'active_agents_pct: A <b>&"quoted"</b>\\x1b[2J'
