"""What qualifies a verdict reads the same in every format: coverage at the top, the caveats right
under the headline, a KPI whose movement is not attributable marked, money observed beside
attributable, revenue counted at full value flagged, and a KPI too early to judge shown so.

The crm_sales_emea sample carries all of it: revenue per rep rose as much in the control region,
and its revenue line states no margin.
"""

from __future__ import annotations

import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from tests.render.reports import SAMPLE_NAMES, hostile, sample_options, sample_report
from valaudit.render import renderer
from valaudit.render.options import RenderOptions
from valaudit.render.wording import return_rows

CRM = "crm_sales_emea"
CAVEAT = "Not credited to the initiative, as its movement is not attributable: Revenue per rep"
FULL_VALUE = "counted at full value"


def rendered(name: str, fmt: str) -> str:
    output = renderer(fmt).render_report(sample_report(name), sample_options(name))
    assert isinstance(output, str)
    return " ".join(output.replace("│", " ").split())


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_reading_of_the_verdict_leads_every_document(fmt: str) -> None:
    text = rendered(CRM, fmt)
    headline = text.index("Value is partly realized")
    caveat = text.index(CAVEAT)
    coverage = text.index("5 of 5 KPI(s) named in the thesis have data")
    chain = text.index("Value chain")
    # Right under the headline, before the money and the coverage, long before the warnings.
    assert headline < caveat < text.index("spent to date") < coverage < chain
    assert "○ not attributable" in text
    assert text.count("○ not attributable") >= 1
    assert FULL_VALUE in text[:chain] and FULL_VALUE in text[chain:]
    assert "(credited)" in text and "evidence allows" in text
    assert "the KPIs show EUR 1.50M (100%); EUR 268k (18%) is attributable" in text
    assert "25/100 (attributable; the evidence allows 15–35; observed 0/100)" in text


def test_the_workbook_reads_the_same() -> None:
    data = renderer("xlsx").render_report(sample_report(CRM), sample_options(CRM))
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    summary = [
        (row[0], row[1]) for row in book["Summary"].iter_rows(values_only=True) if row[0] or row[1]
    ]
    labels = [label for label, _ in summary]
    why = labels.index("Why")
    assert summary[why + 1][0] == "⚠ Read with" and CAVEAT in summary[why + 1][1]
    assert summary[why + 2][0] == "⚠ Read with" and FULL_VALUE in summary[why + 2][1]
    assert labels[why + 3 : why + 5] == ["Money", "Coverage"]
    values = dict(summary)
    assert values["Realized benefit / yr"] == pytest.approx(
        sample_report(CRM).money.realized_annual_benefit
    )
    header = next(row for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Return")
    assert header[:4] == ("Return", "Credited (attributable)", "How", "Observed")
    kpis = list(book["KPIs"].iter_rows(values_only=True))
    column = kpis[0].index("Attribution")
    assert {row[1]: row[column] for row in kpis[1:]}["revenue_per_rep_k"] == "not attributable"


def test_the_json_report_carries_every_figure() -> None:
    document = json.loads(rendered(CRM, "json"))
    assert document["verdict"]["caveats"][0].startswith(CAVEAT)
    assert document["coverage"]["low"] is False
    revenue = next(k for k in document["kpis"] if k["id"] == "revenue_per_rep_k")
    assert revenue["attribution"] == "not_attributed"
    assert revenue["attributable_low"] < 0 < revenue["attributable_high"]
    money = document["money"]
    assert money["credit"] == "attributable" and document["settings"]["credit"] == "attributable"
    assert money["observed"]["realization_ratio"] == 1
    assert money["benefits"][0]["counted_at_full_value"] is True
    assert document["gap"]["observed"] == 0


def test_junit_and_github_mark_the_unattributable_kpi() -> None:
    suite = ET.fromstring(
        renderer("junit").render_report(sample_report(CRM), sample_options(CRM))
    ).find("testsuite")
    assert suite is not None
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("revenue"))
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties["attribution"] == "not_attributed"
    output = case.find("system-out")
    assert output is not None
    # The status line first (as for every passing case), then the attribution.
    assert (
        (output.text or "")
        .splitlines()[1]
        .startswith("Not attributable, so not credited to the initiative.")
    )
    suite_properties = {p.get("name"): p.get("value") for p in suite.find("properties") or []}
    assert (suite_properties["caveats"] or "").startswith(CAVEAT)
    github = rendered(CRM, "github")
    assert "title=valaudit%3A KPI revenue_per_rep_k is not attributable" in github


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_kpi_too_early_to_judge_says_so(fmt: str) -> None:
    text = rendered("manager_training", fmt)
    assert "… early" in text
    assert "4 KPI(s) have fewer than 4 periods since go-live and are not judged yet" in text


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_amount_of_the_return_stays_whole_at_80_columns(name: str) -> None:
    report = sample_report(name)
    text = renderer("text").render_report(report, RenderOptions(width=80))
    assert isinstance(text, str)
    for row in return_rows(report.money):
        for amount in row[1:]:
            assert amount in text, (name, amount)


def test_client_text_in_the_caveats_and_money_notes_stays_text() -> None:
    report = sample_report(CRM)
    verdict = dataclasses.replace(report.verdict, caveats=(hostile("caveat"),))
    money = dataclasses.replace(report.money, notes=(hostile("note"),))
    report = dataclasses.replace(report, verdict=verdict, money=money)
    options = sample_options(CRM)
    html = renderer("html").render_report(report, options)
    markdown = renderer("markdown").render_report(report, options)
    text = renderer("text").render_report(report, options)
    github = renderer("github").render_report(report, options)
    for output in (html, markdown, text, github):
        # No control character reaches a terminal, a log or a page.
        assert isinstance(output, str)
        assert "\x1b" not in output and "\u202e" not in output
    for output in (html, markdown):
        assert isinstance(output, str)
        assert "<i>caveat" not in output and "<i>note" not in output
    assert "&lt;i&gt;caveat&lt;/i&gt;" in html and "&lt;i&gt;note&lt;/i&gt;" in html
    assert r"\<i\>caveat\</i\>" in markdown and r"\<i\>note\</i\>" in markdown
