"""GitHub Actions annotations for the report: on the thesis lines, and never injectable."""

from __future__ import annotations

import dataclasses

from tests.render.reports import sample_options, sample_report, with_kpi_names
from valaudit.errors import Problem
from valaudit.render.github import render_report
from valaudit.render.options import RenderOptions

THESIS = "sample_data/support_copilot/valaudit.yaml"


def test_off_track_kpis_and_breached_guardrails_are_errors_on_their_lines() -> None:
    lines = render_report(
        sample_report("support_copilot"), sample_options("support_copilot")
    ).splitlines()
    assert lines[:4] == [
        f"::error file={THESIS},line=46,title=valaudit%3A KPI tickets_per_agent is flat::"
        "Tickets resolved per agent per month: No movement beyond its own noise "
        "(now 315.67, baseline 313.33).",
        f"::error file={THESIS},line=51,title=valaudit%3A KPI csat is flat::"
        "Customer satisfaction (1-5): No movement beyond its own noise (now 4.12, baseline 4.11).",
        f"::error file={THESIS},line=56,title=valaudit%3A KPI cost_per_ticket is flat::"
        "Fully loaded cost per ticket: No movement beyond its own noise "
        "(now 9.35 USD, baseline 9.17 USD).",
        f"::error file={THESIS},line=63,title=valaudit%3A guardrail agent_attrition_pct is "
        "breached::Regretted agent attrition (monthly): It moved the wrong way by 24%25 "
        "(from 1.93%25 to 2.4%25), more than its tolerance of 10%25.",
    ]
    assert len(lines) == 5
    assert lines[4].startswith(
        f"::notice file={THESIS},title=valaudit%3A Implementation without outcome::"
        "The implementation succeeded. The outcome didn't. "
        "Coverage: 5 of 5 KPI(s) named in the thesis have data (adoption 1/1, productivity 1/1, "
        "throughput 1/1, customer 1/1, financial 1/1). "
        "Value disappears between productivity and throughput. USD 2.50M spent to date."
    )


def test_a_kpi_that_moved_but_is_not_attributable_is_a_warning_on_its_line() -> None:
    lines = render_report(sample_report("crm_sales_emea"), RenderOptions()).splitlines()
    assert lines[0] == (
        "::warning file=valaudit.yaml,line=55,title=valaudit%3A KPI revenue_per_rep_k is not "
        "attributable::Revenue per rep (kEUR per month): achieved in level. Not attributable: it "
        "moved no more than its comparison group. Its movement is not credited to the initiative."
    )
    assert len(lines) == 2
    assert lines[1].startswith("::notice file=valaudit.yaml,title=valaudit%3A Partially realized::")
    # The notice carries what qualifies the verdict, right after the headline.
    assert "Value leaks between customer and financial. Not credited to the initiative" in lines[1]


def test_a_report_on_track_has_only_the_notice() -> None:
    report = sample_report("crm_sales_emea")
    kpis = tuple(dataclasses.replace(kpi, attribution="attributed") for kpi in report.kpis)
    lines = render_report(dataclasses.replace(report, kpis=kpis), RenderOptions()).splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("::notice file=valaudit.yaml,title=valaudit%3A Partially realized::")


def test_a_kpi_name_cannot_inject_a_workflow_command() -> None:
    report = with_kpi_names(
        sample_report("support_copilot"), "x", "y", "Tickets\n::error::pwned\r\n%0A"
    )
    text = render_report(report, sample_options("support_copilot"))
    assert all(line.startswith(("::error ", "::notice ")) for line in text.splitlines())
    assert "Tickets%0A::error::pwned%0D%0A%250A: No movement" in text


def test_report_warnings_become_warning_annotations() -> None:
    warning = Problem(
        "missing_periods", "1 period has no value.", "data/kpis.csv", "warning", row=7
    )
    report = dataclasses.replace(sample_report("support_copilot"), warnings=(warning,))
    lines = render_report(report, RenderOptions()).splitlines()
    assert lines[4] == (
        "::warning file=data/kpis.csv,line=7,title=valaudit missing_periods::1 period has no value."
    )
