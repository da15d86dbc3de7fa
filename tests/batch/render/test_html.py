"""HTML portfolio: one self-contained page, every client string escaped, links to reports."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re

from tests.batch.render.conftest import HOSTILE
from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.html import render_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def test_nothing_is_fetched_and_only_its_own_script_runs(portfolio: Portfolio) -> None:
    page = render_portfolio(portfolio, RenderOptions())
    (policy,) = re.findall(r'Content-Security-Policy" content="([^"]+)"', page)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert policy == (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    )
    assert not re.search(r"\b(src|href)=\"?(https?:|//)", page)
    assert "url(" not in page and "@import" not in page


def test_client_text_is_escaped(portfolio: Portfolio) -> None:
    page = render_portfolio(portfolio, RenderOptions())
    assert "<b>Ops" not in page
    assert "VP &lt;b&gt;Ops&lt;/b&gt;" in page
    assert HOSTILE not in page  # its quote and link are escaped, the link not live
    assert "=HYPERLINK(&quot;http&#58;//evil.example&quot;,&quot;click&quot;)" in page
    assert "\x1b" not in page and "\\x1b[31mred" in page
    assert "[bold red]no[/]" in page  # literal, not markup


def test_the_picture_of_the_portfolio(portfolio: Portfolio) -> None:
    page = render_portfolio(portfolio, RenderOptions())
    assert "<h1>3 folders: 1 audited, 1 invalid, 1 crashed.</h1>" in page
    assert "Value stops most often at productivity → throughput: 1 of 1 audited folders." in page
    # The chart: one bar per link of the chain, the most frequent in the alarm colour.
    assert page.count('<rect class="hbar') == 5
    assert '<rect class="hbar tone-bad" x="200" y="58" width="396.0"' in page
    # Money per currency: cost, expected, realized, ratio, attributable, observed, to date, ROI.
    assert (
        '<td>USD</td><td class="num">1</td><td class="num">USD 2.50M</td>'
        '<td class="num">USD 1.50M</td><td class="num">USD 34k</td>'
        '<td class="num">2%</td>'
    ) in page
    assert "<td>workflow redesign</td>" in page
    assert "stale data ×4, few periods" in page


def test_failed_folders_with_their_errors(portfolio: Portfolio) -> None:
    page = render_portfolio(portfolio, RenderOptions())
    failed = page[page.index("Folders without an audit") :]
    assert "<li>@SUM(1+1) in clients/b|d/valaudit.yaml, line 2: [bold red]no[/]</li>" in failed
    assert "and 3 more." in failed
    assert "KeyError: &#x27;x&#x27; (in effect.py, line 10)" in failed
    assert "A crashed folder is a bug in valaudit" in failed


def test_folder_names_link_their_reports(portfolio: Portfolio) -> None:
    acme = dataclasses.replace(
        portfolio.rows[0], reports=("clients__acme.json", "clients__acme.html")
    )
    broken = dataclasses.replace(portfolio.rows[1], reports=("clients__b_d.json",))
    linked = build_portfolio([acme, broken, portfolio.rows[2]])
    page = render_portfolio(linked, RenderOptions(report_dir="reports/q 1"))
    assert '<a href="reports/q%201/clients__acme.html">clients/acme</a>' in page
    assert '<a href="reports/q%201/clients__b_d.json">its errors in full</a>' in page
    assert "href" not in render_portfolio(linked, RenderOptions()).split("<body>")[1]


def test_rows_follow_sort_and_group(portfolio: Portfolio) -> None:
    page = render_portfolio(portfolio, RenderOptions(sort="verdict", group_by="client"))
    assert page.count('<tr class="group">') == 1
    assert '<th colspan="9">clients (3)</th>' in page
    order = re.findall(r'data-key="path" data-v="([^"]+)"', page)
    assert order == ["clients/crash", "clients/b|d", "clients/acme"]


def test_an_empty_portfolio_is_a_page() -> None:
    page = render_portfolio(build_portfolio([]), RenderOptions())
    assert "<h1>0 folders: 0 audited.</h1>" in page
    assert '<table class="folders"' not in page
