"""The JUnit report, read back with a real JUnit reader (junitparser) as CI systems do."""

from __future__ import annotations

import dataclasses
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
from valaudit.model.codes import OFF_TRACK
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


def gated(name: str, *gates: str) -> RenderOptions:
    """The sample's options with these ``--fail-on`` gates evaluated, as the CLI passes them."""
    return dataclasses.replace(
        sample_options(name), gates=tuple(evaluate_gates(sample_report(name), gates))
    )


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_one_case_per_kpi_and_guardrail_and_the_verdict(name: str) -> None:
    report = sample_report(name)
    suite = parse(render_report(report, sample_options(name)))
    assert suite.name == f"valaudit: {report.initiative.name}"
    assert [case.classname for case in suite] == [
        f"valaudit.kpi.{k.stage}" for k in report.kpis
    ] + ["valaudit.guardrail"] * len(report.guardrails) + [
        "valaudit.coverage",
        "valaudit.verdict",
    ]
    assert suite.tests == len(report.kpis) + len(report.guardrails) + 2
    # Without --fail-on nothing fails, whatever the statuses.
    assert suite.failures == 0 and suite.errors == 0


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_failures_are_exactly_what_the_asked_gates_trip_on(name: str) -> None:
    report = sample_report(name)
    every_gate = ("off-track", "guardrail", "stalled", "no-outcome", "not-realized")
    suite = parse(render_report(report, gated(name, *every_gate)))
    failing = {case.name for case in suite if outcome(case) == "failure"}
    off_track = {f"{k.id}: {k.name}" for k in report.kpis if k.status in OFF_TRACK}
    breached = {f"{g.id}: {g.name}" for g in report.guardrails if g.status == "breached"}
    verdict = {"verdict"} if report.verdict.code != "value_realized" else set()
    assert failing == off_track | breached | verdict
    assert suite.failures == len(failing)


def test_off_track_kpis_pass_without_the_off_track_gate() -> None:
    """--fail-on guardrail on a folder with off-track KPIs and no breached guardrail: the
    exit code is 0 and no test case fails."""
    report = sample_report("erp_finance_close")
    assert [k.status for k in report.kpis if k.status in OFF_TRACK] == ["behind", "flat"]
    assert all(g.status != "breached" for g in report.guardrails)
    options = gated("erp_finance_close", "guardrail")
    assert [g.tripped for g in options.gates] == [False]
    text = render_report(report, options)
    suite = parse(text)
    assert (suite.failures, suite.errors, suite.skipped) == (0, 0, 0)
    behind = next(c for c in suite if c.name.startswith("invoices_per_fte"))
    assert behind.system_out.startswith("behind: It moved the right way beyond noise")
    assert behind.system_out.endswith("Not a failure: --fail-on off-track was not asked for.")


def test_support_copilot_failures_carry_the_reason() -> None:
    text = render_report(sample_report("support_copilot"), gated("support_copilot", "off-track"))
    suite = parse(text)
    cases = {case.name: case for case in suite}
    assert {name: outcome(case) for name, case in cases.items()} == {
        "active_agents_pct: Agents using the copilot weekly": "passed",
        "handle_time_min: Average handle time": "passed",
        "tickets_per_agent: Tickets resolved per agent per month": "failure",
        "csat: Customer satisfaction (1-5)": "failure",
        "cost_per_ticket: Fully loaded cost per ticket": "failure",
        # Breached, but --fail-on guardrail was not asked for.
        "agent_attrition_pct: Regretted agent attrition (monthly)": "passed",
        "coverage": "passed",
        "verdict": "passed",
    }
    (failure,) = cases["tickets_per_agent: Tickets resolved per agent per month"].result
    assert failure.type == "flat"
    assert failure.message == "No movement beyond its own noise (now 315.67, baseline 313.33)."
    assert failure.text.startswith("Tickets resolved per agent per month: flat. 313.3 → 315.7")
    assert failure.text.endswith("Fails because --fail-on off-track was asked for.")
    assert location(text, "csat: Customer satisfaction (1-5)") == (
        "sample_data/support_copilot/valaudit.yaml",
        "51",
    )
    suite = parse(
        render_report(sample_report("support_copilot"), gated("support_copilot", "guardrail"))
    )
    (breach,) = next(c for c in suite if c.name.startswith("agent_attrition_pct")).result
    assert breach.type == "breached"
    assert breach.message.startswith("It moved the wrong way by 24% (from 1.93%")
    assert suite.failures == 1


def test_behind_and_regressed_fail_and_no_data_is_skipped() -> None:
    report = sample_report("support_copilot")
    report = with_kpi_status(report, "active_agents_pct", "regressed", "It fell.")
    report = with_kpi_status(report, "handle_time_min", "no_data", "No post-period values.")
    report = with_kpi_status(report, "csat", "on_track", "At or beyond the glide path.")
    gates = tuple(evaluate_gates(report, ["off-track"]))
    text = render_report(report, RenderOptions(gates=gates))
    suite = parse(text)
    outcomes = {case.name.split(":")[0]: outcome(case) for case in suite}
    assert outcomes == {
        "active_agents_pct": "failure",
        "handle_time_min": "skipped",
        "tickets_per_agent": "failure",
        "csat": "passed",
        "cost_per_ticket": "failure",
        "agent_attrition_pct": "passed",
        "coverage": "passed",
        "verdict": "passed",
    }
    assert suite.skipped == 1
    skipped = next(case for case in suite if case.name.startswith("handle_time_min"))
    assert skipped.result[0].message == "No post-period values."
    # Without a thesis path the cases point at the thesis file's own name.
    assert location(text, skipped.name) == ("valaudit.yaml", "40")


def test_kpis_too_early_to_judge_are_skipped_with_the_reason() -> None:
    """A too_early folder: every KPI has too few periods since go-live to be judged (status
    ``early``), even the one already at its target."""
    report = sample_report("manager_training")
    assert report.verdict.code == "too_early"
    suite = parse(render_report(report, sample_options("manager_training")))
    outcomes = {case.name.split(":")[0]: outcome(case) for case in suite}
    assert outcomes == {
        "managers_trained_pct": "skipped",
        "engagement_index": "skipped",
        "projects_on_time_pct": "skipped",
        "overtime_cost": "skipped",
        "sick_days_per_fte": "passed",
        "coverage": "passed",
        "verdict": "skipped",
    }
    engagement = next(c for c in suite if c.name.startswith("engagement_index"))
    assert engagement.result[0].message == (
        "Only 3 period(s) since go-live; a KPI is judged from 4 (settings.min_post_periods). "
        "So far 68.17 → 69.4 against a target of 73.17."
    )
    # Early is not off track: even asked for, the gate does not trip on them.
    suite = parse(render_report(report, gated("manager_training", "off-track")))
    assert suite.failures == 0 and suite.skipped == 5


def test_the_verdict_case_fails_only_on_an_asked_verdict_gate() -> None:
    report = sample_report("invoice_automation")
    assert report.verdict.code == "implementation_stalled"
    for gates, expected in (
        ((), "passed"),
        (("no-outcome",), "passed"),
        (("stalled",), "failure"),
        (("not-realized",), "failure"),
    ):
        suite = parse(render_report(report, gated("invoice_automation", *gates)))
        verdict = next(case for case in suite if case.classname == "valaudit.verdict")
        assert outcome(verdict) == expected, gates
    (failure,) = verdict.result
    assert failure.type == "implementation_stalled"
    assert failure.message == "The implementation stalled: adoption did not take hold."


def test_markup_and_control_characters_in_names_are_escaped() -> None:
    report = with_kpi_names(sample_report("support_copilot"), 'A <b>&"quoted"</b>\x1b[2J')
    text = render_report(report, RenderOptions())
    assert "&lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;\\x1b[2J" in text
    suite = parse(text)
    assert next(iter(suite)).name == 'active_agents_pct: A <b>&"quoted"</b>\\x1b[2J'
