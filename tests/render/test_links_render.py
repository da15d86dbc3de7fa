"""Links across segments in every format: the same figures, a scatter per link."""

from __future__ import annotations

import dataclasses
import io
import json
import re

from openpyxl import load_workbook
from openpyxl.chart import ScatterChart

from tests.render.reports import sample_options, sample_report
from valaudit.model.links import SegmentPoint
from valaudit.render import html, json_report, markdown, terminal, xlsx
from valaudit.render.svg_scatter import link_scatter

NAME = "contact_centre_teams"


def test_json_carries_every_link_and_is_absent_without_links() -> None:
    document = json.loads(json_report.render_report(sample_report(NAME), sample_options(NAME)))
    links = document["links"]
    assert [(link["from_stage"], link["status"]) for link in links["links"]] == [
        ("adoption", "converting"),
        ("productivity", "not_converting"),
    ]
    assert len(links["links"][1]["points"]) == 18
    assert links["evidence"] == "confirms"
    other = json.loads(
        json_report.render_report(sample_report("support_copilot"), sample_options(NAME))
    )
    assert "links" not in other


def test_terminal_shows_the_links_under_the_chain() -> None:
    text = terminal.render_report(sample_report(NAME), sample_options(NAME))
    chain_at = text.index("Value disappears between productivity and throughput.")
    links_at = text.index("Links across segments")
    kpis_at = text.index("Implementation — ")
    assert chain_at < links_at < kpis_at
    flat = " ".join(text.split())
    assert "╳ productivity → throughput: not converting." in flat
    assert "✓ adoption → productivity: converting." in flat
    assert "Comparisons across segments are associations" in flat


def test_markdown_has_a_row_per_link() -> None:
    text = markdown.render_report(sample_report(NAME), sample_options(NAME))
    assert "| productivity → throughput | ╳ not converting | +0.49 (−2.56 to +3.08) | 18 |" in text


def test_html_draws_a_scatter_per_link_with_a_point_per_segment() -> None:
    page = html.render_report(sample_report(NAME), sample_options(NAME))
    scatters = re.findall(r'<svg class="scatter".*?</svg>', page)
    assert len(scatters) == 2
    assert all(s.count("<circle") == 18 for s in scatters)
    assert "<title>Leeds Day: " in scatters[0]


def test_scatter_escapes_segment_names() -> None:
    link = sample_report(NAME).links.links[0]  # type: ignore[union-attr]
    hostile = dataclasses.replace(link, points=(SegmentPoint("<b>&x", 1.0, 2.0), *link.points))
    svg = link_scatter(hostile)
    assert "<b>" not in svg and "&lt;b&gt;&amp;x" in svg


def test_workbook_has_a_native_scatter_per_link() -> None:
    data = xlsx.render_report(sample_report(NAME), sample_options(NAME))
    book = load_workbook(io.BytesIO(data))
    sheet = book["Links"]
    assert [sheet.cell(r, 2).value for r in (2, 3)] == ["converting", "not_converting"]
    charts = sheet._charts
    assert len(charts) == 2 and all(isinstance(c, ScatterChart) for c in charts)
    assert [len(c.series) for c in charts] == [2, 2]
    assert (
        "Links"
        not in load_workbook(
            io.BytesIO(xlsx.render_report(sample_report("support_copilot"), sample_options(NAME)))
        ).sheetnames
    )
