"""GitHub Actions annotations for the report: on the thesis lines, and never injectable."""

from __future__ import annotations

import dataclasses

from tests.render.reports import sample_options, sample_report, with_kpi_names
from valaudit.errors import Problem
from valaudit.gates import evaluate_gates
from valaudit.render.github import problem_annotation, render_report
from valaudit.render.options import RenderOptions

THESIS = "sample_data/support_copilot/valaudit.yaml"


def gated(name: str, *gates: str) -> RenderOptions:
    return dataclasses.replace(
        sample_options(name), gates=tuple(evaluate_gates(sample_report(name), gates))
    )


OFF_TRACK_LINES = [
    (
        f"file={THESIS},line=46,title=valaudit%3A KPI tickets_per_agent is flat::"
        "Tickets resolved per agent per month: No movement beyond its own noise "
        "(now 315.67, baseline 313.33)."
    ),
    (
        f"file={THESIS},line=51,title=valaudit%3A KPI csat is flat::"
        "Customer satisfaction (1-5): No movement beyond its own noise (now 4.12, baseline 4.11)."
    ),
    (
        f"file={THESIS},line=56,title=valaudit%3A KPI cost_per_ticket is flat::"
        "Fully loaded cost per ticket: No movement beyond its own noise "
        "(now 9.35 USD, baseline 9.17 USD)."
    ),
]
BREACH_LINE = (
    f"file={THESIS},line=63,title=valaudit%3A guardrail agent_attrition_pct is "
    "breached::Regretted agent attrition (monthly): It moved the wrong way by 24%25 "
    "(from 1.93%25 to 2.4%25), more than its tolerance of 10%25."
)


def test_without_gates_off_track_kpis_and_breaches_are_warnings_on_their_lines() -> None:
    lines = render_report(
        sample_report("support_copilot"), sample_options("support_copilot")
    ).splitlines()
    assert lines[:4] == [f"::warning {line}" for line in [*OFF_TRACK_LINES, BREACH_LINE]]
    assert len(lines) == 5
    assert lines[4].startswith(
        f"::notice file={THESIS},title=valaudit%3A Implementation without outcome::"
        "The implementation succeeded. The outcome didn't. "
        "Coverage: 5 of 5 KPI(s) named in the thesis have data (adoption 1/1, productivity 1/1, "
        "throughput 1/1, customer 1/1, financial 1/1). "
        "Value disappears between productivity and throughput. USD 2.50M spent to date."
    )


def test_errors_are_only_where_an_asked_gate_trips() -> None:
    report = sample_report("support_copilot")
    lines = render_report(report, gated("support_copilot", "guardrail")).splitlines()
    assert lines[:4] == [f"::warning {line}" for line in OFF_TRACK_LINES] + [
        f"::error {BREACH_LINE}"
    ]
    lines = render_report(report, gated("support_copilot", "off-track", "no-outcome")).splitlines()
    assert lines[:4] == [f"::error {line}" for line in OFF_TRACK_LINES] + [
        f"::warning {BREACH_LINE}"
    ]
    assert lines[4].startswith(f"::error file={THESIS},title=valaudit%3A Implementation without")


def test_a_guardrail_gate_on_off_track_kpis_gives_no_error() -> None:
    """Off-track KPIs, no breached guardrail, --fail-on guardrail: exit 0, no ::error."""
    text = render_report(
        sample_report("erp_finance_close"), gated("erp_finance_close", "guardrail")
    )
    levels = [line.split(" ", 1)[0] for line in text.splitlines()]
    assert levels == ["::warning", "::warning", "::notice"]


def test_kpis_too_early_to_judge_get_no_annotation() -> None:
    text = render_report(sample_report("manager_training"), sample_options("manager_training"))
    assert [line.split("::")[1].split(" ")[0] for line in text.splitlines()] == [
        "warning",  # the breached guardrail
        "notice",
    ]


def test_the_notice_names_the_break_once() -> None:
    (notice,) = [
        line
        for line in render_report(
            sample_report("erp_finance_close"), sample_options("erp_finance_close")
        ).splitlines()
        if line.startswith("::notice")
    ]
    message = notice.split("::", 2)[2]
    assert message.startswith(
        "Value is partly realized: some outcomes moved, the last one has not yet. "
        "Value leaks between throughput and financial. "
    )
    assert "EUR 6.00M spent to date." in message
    assert message.count("between throughput and financial") == 1


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
    assert all(line.startswith(("::warning ", "::notice ")) for line in text.splitlines())
    assert "Tickets%0A::error::pwned%0D%0A%250A: No movement" in text


def test_report_warnings_become_warning_annotations() -> None:
    warning = Problem(
        "missing_periods", "1 period has no value.", "data/kpis.csv", "warning", row=7
    )
    report = dataclasses.replace(sample_report("support_copilot"), warnings=(warning,))
    lines = render_report(report, RenderOptions()).splitlines()
    assert (
        "::warning file=data/kpis.csv,line=7,title=valaudit missing_periods::"
        "row 7: 1 period has no value."
    ) in lines


def test_problems_point_at_the_yaml_line_or_the_csv_row_and_name_xlsx_rows() -> None:
    yaml = Problem("unknown_key", "Unknown key.", "f/valaudit.yaml", line=12, path="kpis[0].x")
    csv = Problem("bad_number", "Not a number: 'n/a'.", "f/data/k.csv", row=14, column="Value")
    xlsx = Problem("bad_number", "Not a number.", "f/data/k.xlsx", sheet="Q1", row=9, column="V")
    assert [problem_annotation(p) for p in (yaml, csv, xlsx)] == [
        "::error file=f/valaudit.yaml,line=12,title=valaudit unknown_key::"
        "at kpis[0].x: Unknown key.",
        "::error file=f/data/k.csv,line=14,title=valaudit bad_number::"
        "row 14, column 'Value': Not a number: 'n/a'.",
        "::error file=f/data/k.xlsx,title=valaudit bad_number::"
        "sheet 'Q1', row 9, column 'V': Not a number.",
    ]
