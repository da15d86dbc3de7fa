"""The board-pack workbook: reopens, charts every KPI, keeps client text as text, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from tests.render.reports import SAMPLE_NAMES, sample_options, sample_report, with_kpi_names
from valaudit.render.wording import kpis_in_chain_order
from valaudit.render.xlsx import render_report

HOSTILE = ('=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "#N/A")


def workbook_of(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def render(name: str) -> bytes:
    return render_report(sample_report(name), sample_options(name))


def test_support_copilot_workbook_has_the_board_pack_sheets() -> None:
    book = workbook_of(render("support_copilot"))
    assert book.sheetnames == ["Summary", "KPIs", "Charts", "Guardrails", "Data", "Chart data"]
    summary = book["Summary"]
    assert summary["A1"].value == "Support copilot rollout"
    labels = {summary.cell(row, 1).value: summary.cell(row, 2).value for row in range(1, 80)}
    assert labels["Verdict"] == "✗ Implementation without outcome"
    assert labels["Headline"] == "The implementation succeeded. The outcome didn't."
    # One-off 1.8M + the 0.3M budget overrun + 0.4M a year for 364 days.
    assert labels["Cost to date"] == pytest.approx(2498631.07, abs=1)
    assert labels["Realization"] == pytest.approx(
        sample_report("support_copilot").money.realization_ratio
    )
    breaks = [row for row in summary.iter_rows(values_only=True) if row[4] == "╳ value leaks here"]
    assert [row[0] for row in breaks] == ["throughput"]


def test_kpi_sheet_rows_and_status_colours() -> None:
    report = sample_report("support_copilot")
    sheet = workbook_of(render("support_copilot"))["KPIs"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[11]) for r in rows] == [
        ("active_agents_pct", "achieved"),
        ("handle_time_min", "achieved"),
        ("tickets_per_agent", "flat"),
        ("csat", "flat"),
        ("cost_per_ticket", "flat"),
    ]
    handle = next(k for k in report.kpis if k.id == "handle_time_min")
    assert rows[1][5:8] == pytest.approx((handle.baseline, handle.current, handle.target))
    assert rows[1][8] == dt.datetime(2026, 3, 31)
    formulas = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for cf in sheet.conditional_formatting
        for rule in cf.rules
    }
    assert formulas['$L2="flat"'] == "00FFD8D3"
    assert formulas['$L2="achieved"'] == "00DAFBE1"
    assert formulas['$L2="behind"'] == "00FFF1C5"
    assert str(next(iter(sheet.conditional_formatting)).sqref) == "A2:Z6"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_one_native_line_chart_per_kpi_with_target_and_go_live(name: str) -> None:
    data = render(name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        )
        report = sample_report(name)
        # A line chart per KPI, then a scatter per link across segments (if any).
        links = len(report.links.links) if report.links is not None else 0
        assert len(charts) == len(report.kpis) + links
        xml = archive.read(charts[0]).decode("utf-8")
    assert "<lineChart>" in xml and "<barChart>" in xml
    # Go-live (the column marker) first, so it is drawn behind Actual, Target, Glide path
    # and, when the effect fitted one, the counterfactual.
    titles = re.findall(r"<tx><strRef><f>'Chart data'!([A-F])2</f>", xml)
    first = kpis_in_chain_order(sample_report(name))[0]
    with_counterfactual = any(p.counterfactual is not None for p in first.series)
    assert titles == ["F", "B", "C", "D"] + (["E"] if with_counterfactual else [])
    assert xml.count("<cat><strRef><f>'Chart data'!$A$3:$A$") == len(titles)
    assert '<delete val="0" />' in xml  # axes shown


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_data_sheet_holds_every_series_point(name: str) -> None:
    report = sample_report(name)
    rows = list(workbook_of(render(name))["Data"].iter_rows(min_row=2, values_only=True))
    expected = [
        (p.period, k.id, p.value, p.post)
        for k in sorted(
            report.kpis, key=lambda k: [s.stage for s in report.chain.stages].index(k.stage)
        )
        for p in k.series
    ] + [(p.period, g.id, p.value, p.post) for g in report.guardrails for p in g.series]
    assert [(r[0], r[2], pytest.approx(r[6], rel=1e-14), r[7]) for r in rows] == expected


def test_go_live_marker_sits_on_the_first_post_period() -> None:
    sheet = workbook_of(render("support_copilot"))["Chart data"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "active_agents_pct: Agents using the copilot weekly"
    assert rows[1] == (
        "Period", "Actual", "Target", "Glide path", "Without initiative", "Go-live"
    )  # fmt: skip
    markers = [(r[0], r[5]) for r in rows[2:14] if r[5] is not None]
    assert markers == [("2025-04", 100.0)]
    assert rows[2][3] == 0.0  # the glide path starts at the baseline at go-live


def test_client_strings_that_look_like_formulas_stay_text() -> None:
    report = with_kpi_names(sample_report("support_copilot"), *HOSTILE)
    data = render_report(report, sample_options("support_copilot"))
    sheet = workbook_of(data)["KPIs"]
    cells = [sheet.cell(row, 3) for row in range(2, 7)]
    assert [cell.value for cell in cells] == list(HOSTILE)
    assert [cell.data_type for cell in cells] == ["s"] * 5
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name


def test_control_characters_do_not_break_the_workbook() -> None:
    report = with_kpi_names(sample_report("support_copilot"), "Bell\x07 and escape\x1b[31m")
    sheet = workbook_of(render_report(report, sample_options("support_copilot")))["KPIs"]
    assert sheet["C2"].value == "Bell\\x07 and escape\\x1b[31m"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_same_report_same_bytes_with_fixed_dates(name: str) -> None:
    first, second = render(name), render(name)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = workbook_of(first).properties
    as_of = dt.datetime.combine(sample_report(name).as_of, dt.time())
    assert (properties.created, properties.modified) == (as_of, as_of)
    assert properties.creator == f"valaudit {sample_report(name).valaudit_version}"


def test_chart_and_data_sheets_carry_the_counterfactual() -> None:
    report = sample_report("erp_finance_close")
    book = workbook_of(render("erp_finance_close"))
    dso = next(k for k in report.kpis if k.id == "dso_days")
    expected = [p.counterfactual for p in dso.series]
    data = [r for r in book["Data"].iter_rows(min_row=2, values_only=True) if r[2] == "dso_days"]
    post = [i for i, value in enumerate(expected) if value is not None]
    assert [r[8] for r in data if r[7] is False] == [None] * (len(expected) - len(post))
    assert [data[i][8] for i in post] == pytest.approx([expected[i] for i in post], rel=1e-14)
    chart_data = list(book["Chart data"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(chart_data) if r[0] == "dso_days: Days sales outstanding")
    block = chart_data[start + 2 : start + 2 + len(dso.series)]
    assert [block[i][4] for i in post] == pytest.approx([expected[i] for i in post], rel=1e-14)
    assert post and post[0] > 0 and all(block[i][4] is None for i in range(post[0]))


def test_kpi_sheet_says_how_each_effect_was_measured() -> None:
    """The last KPIs column holds the same sentences as the other formats, empty when there is
    nothing to add (no season tested, no comparison)."""
    report = sample_report("erp_finance_close")
    sheet = workbook_of(render("erp_finance_close"))["KPIs"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "How the effect was measured"
    measured = {row[1]: row[-1] for row in rows[1:]}
    by_id = {k.id: k for k in report.kpis}
    assert set(measured) == set(by_id)
    assert measured["dso_days"] == "Season: each quarter's level carried forward (p=0.005)."
    assert measured["days_to_close"] == "Season: none found in the pre-go-live years."
    assert measured["users_on_erp_pct"] is None  # measured against a stated baseline only
