"""The Markdown report: what it says, and that client strings cannot change its structure."""

from __future__ import annotations

import dataclasses

import pytest

from tests.render.reports import sample_options, sample_report, with_kpi_names
from valaudit.errors import Problem
from valaudit.render.markdown import escape, render_report


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("[link](x)", r"\[link\](x)"),
        ("<img src=x>", r"\<img src=x\>"),
        ("# heading", r"\# heading"),
        ("**bold** _it_ ~~s~~", r"\*\*bold\*\* \_it\_ \~\~s\~\~"),
        ("$x$ & &amp;", r"\$x\$ \& \&amp;"),
        ("back\\slash", r"back\\slash"),
        ("two\nlines", "two lines"),
        ("see http://example.org", r"see http\://example.org"),
        ("ask @finance-team", "ask @\u2060finance-team"),
        ("bell\x07", r"bell\\x07"),  # shown as the escape, which renders as typed
    ],
)
def test_escape_makes_markdown_render_literally(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("- item", r"\- item"), ("+ item", r"\+ item"), ("1. item", r"1\. item"), ("2) x", r"2\) x")],
)
def test_block_escape_stops_text_from_opening_a_list(raw: str, escaped: str) -> None:
    assert escape(raw, block=True) == escaped
    assert escape(raw) == raw


def kpi_table(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("### KPIs") + 2
    end = lines.index("", start)
    return lines[start:end]


def test_support_copilot_reads_as_a_pr_comment() -> None:
    text = render_report(sample_report("support_copilot"), sample_options("support_copilot"))
    assert text.startswith(
        "## ✗ Implementation without outcome: Support copilot rollout\n\n"
        "**The implementation succeeded. The outcome didn't.**"
    )
    assert (
        "implementation ◐ behind → adoption ✓ achieved → productivity ✓ achieved **╳** "
        "throughput · flat → customer · flat → financial · flat"
    ) in text
    assert "**Value disappears between productivity and throughput.**" in text
    table = kpi_table(text)
    assert table[0] == (
        "| Stage | KPI | Baseline → current (target) | Progress | Status | Effect | Attributable |"
    )
    assert table[3] == (
        "| productivity | Average handle time | 14.27 → 10.52 (target 10.7) | █████ 105% "
        "| ✓ achieved | −2.91 ±0.33 vs level | 82% (72–91%) |"
    )
    assert len(table) == 2 + 5
    assert "| Regretted agent attrition (monthly) | 1.93% → 2.4% | 10% | ✗ breached |" in text
    assert (
        "| NPV as planned (5 yrs @ 8%) | USD 2.59M | the business case at full realization |"
        in (text)
    )
    npv = "| NPV at this rate (5 yrs @ 8%) | −USD 3.70M | −USD 3.70M to −USD 2.53M | −USD 3.56M |"
    assert npv in text
    assert "12. Which approvals and hand-offs outside the team" in text
    assert "### Warnings" not in text


def test_a_pipe_in_a_kpi_name_does_not_add_a_table_column() -> None:
    report = with_kpi_names(sample_report("support_copilot"), "Cost | per <b>ticket</b>")
    table = kpi_table(render_report(report, sample_options("support_copilot")))
    assert r"| Cost \| per \<b\>ticket\</b\> |" in table[2]
    # Every row has the header's seven cells: unescaped pipes are the separators.
    for row in table:
        assert row.replace("\\|", "").count("|") == 8


def test_warnings_are_listed_with_their_location() -> None:
    warning = Problem(
        "missing_periods", "2 periods have no value.", "data/kpis.csv", "warning", row=14
    )
    report = dataclasses.replace(sample_report("crm_sales_emea"), warnings=(warning,))
    text = render_report(report, sample_options("crm_sales_emea"))
    assert "### Warnings (1)\n\n- ⚠ 2 periods have no value. <sub>data/kpis.csv, row 14</sub>" in (
        text
    )


def test_no_break_is_said_plainly() -> None:
    text = render_report(sample_report("invoice_automation"), sample_options("invoice_automation"))
    assert "No break: no stage moved while the next one stood still." in text
    assert "╳" not in text
