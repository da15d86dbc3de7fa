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
from valaudit.model.report import SeriesPoint
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
    charts = tags_of(render_report(report, sample_options(name))).named("svg")
    assert [c["aria-label"] for c in charts] == [
        f"{kpi.name}: series, go-live, glide path and target"
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
