"""The HTML report: self-contained, escaped, and with one chart per KPI that is drawn right."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from tests.render.reports import (
    SAMPLE_NAMES,
    sample_options,
    sample_report,
    with_kpi_names,
)
from valaudit.model.report import KpiResult, SeriesPoint
from valaudit.render.html import render_report
from valaudit.render.svg_chart import axis_ticks, glide_value, kpi_chart, value_axis


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and fails on anything a viewer would fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def tags_of(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_html_is_self_contained(name: str) -> None:
    text = render_report(sample_report(name), sample_options(name))
    assert not re.search(r"https?:", text, re.IGNORECASE)
    assert "url(" not in text and "@import" not in text
    tags = tags_of(text)
    assert not tags.named("script") and not tags.named("link") and not tags.named("img")
    assert not any("src" in attrs or "href" in attrs for _, attrs in tags.tags)
    csp = [a for a in tags.named("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp[0]["content"] == "default-src 'none'; style-src 'unsafe-inline'"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_one_chart_per_kpi(name: str) -> None:
    report = sample_report(name)
    svgs = tags_of(render_report(report, sample_options(name))).named("svg")
    # The KPI charts; links across segments have scatters of their own (test_links_render).
    charts = [c for c in svgs if c.get("class") != "scatter"]

    def drawn(kpi: KpiResult) -> str:
        if any(point.counterfactual is not None for point in kpi.series):
            return "series, go-live, glide path, target and counterfactual"
        return "series, go-live, glide path and target"

    assert [c["aria-label"] for c in charts] == [
        f"{kpi.name}: {drawn(kpi)}"
        for stage in report.chain.stages
        for kpi in report.kpis
        if kpi.stage == stage.stage
    ]


def test_client_strings_are_escaped_and_urls_defused() -> None:
    report = with_kpi_names(
        sample_report("support_copilot"),
        "<script>alert(1)</script>",
        'Handle "time" & <b>more</b> at https://evil.example/x.png',
    )
    text = render_report(report, sample_options("support_copilot"))
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Handle &quot;time&quot; &amp; &lt;b&gt;more&lt;/b&gt; at https&#58;//evil" in text
    assert not re.search(r"https?://", text)
    assert not tags_of(text).named("script")


def test_support_copilot_leads_with_the_verdict_and_marks_the_break() -> None:
    text = render_report(sample_report("support_copilot"), sample_options("support_copilot"))
    assert '<div class="verdict tone-bad"><div class="code">✗ Implementation without outcome' in (
        text
    )
    assert '<li class="link break" title="value leaks here">╳</li>' in text
    before_break = text.split('<li class="link break"')[0]
    assert before_break.rstrip().endswith("✓ achieved</span></li>")
    assert '<p class="break">Value disappears between productivity and throughput.</p>' in text
    assert "<dt>Thesis</dt><dd>sample_data/support_copilot/valaudit.yaml</dd>" in text
    assert "@page { size: A4;" in text and "@media print" in text


def test_warnings_section_lists_each_warning() -> None:
    from valaudit.errors import Problem

    warning = Problem("unknown_kpi", "Ids <x> in the data are not in the thesis.", "d.csv",
                      "warning")  # fmt: skip
    report = dataclasses.replace(sample_report("support_copilot"), warnings=(warning,))
    text = render_report(report, sample_options("support_copilot"))
    assert "<h2>Warnings (1)</h2><ul><li>Ids &lt;x&gt; in the data are not in the thesis." in text


def test_glide_path_runs_from_baseline_at_go_live_to_target_at_by() -> None:
    kpi = next(k for k in sample_report("support_copilot").kpis if k.id == "active_agents_pct")
    go_live = dt.date(2025, 4, 1)
    assert (kpi.baseline, kpi.target, kpi.by) == (0.0, 80.0, dt.date(2025, 7, 1))
    assert glide_value(kpi, go_live, go_live) == 0.0
    assert glide_value(kpi, go_live, dt.date(2025, 5, 16)) == pytest.approx(80 * 45 / 91)
    assert glide_value(kpi, go_live, dt.date(2025, 7, 1)) == 80.0
    assert glide_value(kpi, go_live, dt.date(2026, 1, 1)) == 80.0


def test_value_axis_has_round_ends_that_hold_everything() -> None:
    kpi = next(k for k in sample_report("support_copilot").kpis if k.id == "active_agents_pct")
    assert value_axis(kpi) == (0.0, 100.0, 20.0)
    assert axis_ticks(0.0, 100.0, 20.0) == [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    handle = next(k for k in sample_report("support_copilot").kpis if k.id == "handle_time_min")
    low, high, step = value_axis(handle)
    values = [p.value for p in handle.series] + [handle.baseline, handle.target]
    assert low <= min(v for v in values if v is not None)
    assert high >= max(v for v in values if v is not None)
    assert (low / step).is_integer() and (high / step).is_integer()
    assert 3 <= (high - low) / step <= 6


def test_chart_draws_every_point_and_the_go_live_line() -> None:
    kpi = next(k for k in sample_report("support_copilot").kpis if k.id == "handle_time_min")
    svg = kpi_chart(kpi, "good", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert svg.count("<circle ") == len(kpi.series) == 27
    assert svg.count('class="golive"') == 1
    assert svg.count('class="glide"') == 1
    assert '<text x="52" y="' in svg and ">target 10.7</text>" in svg


def test_chart_of_a_kpi_without_data_says_so() -> None:
    kpi = dataclasses.replace(sample_report("support_copilot").kpis[0], series=())
    svg = kpi_chart(kpi, "none", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert ">no data</text></svg>" in svg


def test_chart_of_a_single_flat_point_does_not_divide_by_zero() -> None:
    point = SeriesPoint("2025-04", dt.date(2025, 4, 1), 5.0, True)
    kpi = dataclasses.replace(
        sample_report("support_copilot").kpis[0], series=(point,), baseline=5.0, target=5.0
    )
    svg = kpi_chart(kpi, "good", dt.date(2025, 4, 1), dt.date(2025, 4, 1))
    assert "nan" not in svg and "inf" not in svg
    assert svg.count("<circle ") == 1


def test_jinja2_is_loaded_by_an_html_report_only() -> None:
    """Start-up and every other format stay as fast as before the templates."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = (
        "import sys, valaudit.cli, valaudit.render.html as html; "
        "print('jinja2' in sys.modules, end=' '); "
        "from tests.render.reports import sample_options, sample_report; "
        "html.render_report(sample_report('support_copilot'), sample_options('support_copilot')); "
        "print('jinja2' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.stdout.split() == ["False", "True"]


def test_chart_draws_the_counterfactual_over_the_post_period_only() -> None:
    kpi = next(k for k in sample_report("erp_finance_close").kpis if k.id == "dso_days")
    post = [p for p in kpi.series if p.post]
    assert all(p.counterfactual is not None for p in post)
    svg = kpi_chart(kpi, "bad", dt.date(2024, 7, 1), dt.date(2025, 12, 31))
    (points,) = re.findall(r'<polyline points="([^"]+)" class="counterfactual"/>', svg)
    assert len(points.split()) == len(post)
    # It starts at go-live: every x lies right of the go-live line.
    go_live_x = float(re.search(r'<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" '
                                r'class="golive"/>', svg).group(1))  # fmt: skip
    assert min(float(pair.split(",")[0]) for pair in points.split()) >= go_live_x


def test_a_lone_post_point_gets_a_short_counterfactual_dash() -> None:
    kpi = next(k for k in sample_report("erp_finance_close").kpis if k.id == "dso_days")
    last = kpi.series[-1]
    kpi = dataclasses.replace(kpi, series=(*[p for p in kpi.series if not p.post], last))
    svg = kpi_chart(kpi, "bad", dt.date(2024, 7, 1), dt.date(2025, 12, 31))
    assert svg.count('class="counterfactual"') == 1 and "<polyline" in svg
    assert re.search(r'<line [^>]*class="counterfactual"/>', svg)


def test_the_legend_names_the_counterfactual_only_when_a_chart_draws_one() -> None:
    with_line = render_report(
        sample_report("erp_finance_close"), sample_options("erp_finance_close")
    )
    assert 'class="swatch counterfactual"' in with_line
    report = sample_report("erp_finance_close")
    kpis = tuple(
        dataclasses.replace(
            k, series=tuple(dataclasses.replace(p, counterfactual=None) for p in k.series)
        )
        for k in report.kpis
    )
    plain = render_report(
        dataclasses.replace(report, kpis=kpis), sample_options("erp_finance_close")
    )
    assert "swatch counterfactual" not in plain and 'class="counterfactual"' not in plain


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_chart_draws_its_kpis_counterfactual_and_no_other(name: str) -> None:
    """Each KPI whose effect has a counterfactual gets exactly one dashed counterfactual line in
    its own chart; a KPI without one (no pre period, no data) gets none."""
    report = sample_report(name)
    charts = re.findall(
        r'<svg (?!class="scatter").*?</svg>', render_report(report, sample_options(name)), re.S
    )
    kpis = [kpi for stage in report.chain.stages for kpi in report.kpis if kpi.stage == stage.stage]
    assert len(charts) == len(kpis)
    for kpi, svg in zip(kpis, charts, strict=True):
        has_one = any(p.counterfactual is not None for p in kpi.series)
        assert svg.count('class="counterfactual"') == int(has_one), kpi.id


def test_the_chart_draws_the_seasonal_counterfactual_at_its_values() -> None:
    """DSO's counterfactual carries each quarter's level: the dashed line goes up and down with
    it, each vertex at the value's height on the chart's own axis (to the drawn 0.1 px)."""
    kpi = next(k for k in sample_report("erp_finance_close").kpis if k.id == "dso_days")
    expected = [p.counterfactual for p in kpi.series if p.counterfactual is not None]
    assert max(expected) - min(expected) > 5.0  # a season, not a flat level
    svg = kpi_chart(kpi, "bad", dt.date(2024, 7, 1), dt.date(2025, 12, 31))
    (points,) = re.findall(r'<polyline points="([^"]+)" class="counterfactual"/>', svg)
    drawn_y = [float(pair.split(",")[1]) for pair in points.split()]
    low, high, _ = value_axis(kpi)
    plot_height = 190 - 16 - 30  # HEIGHT - TOP - BOTTOM
    assert drawn_y == pytest.approx(
        [16 + (high - value) / (high - low) * plot_height for value in expected], abs=0.051
    )
