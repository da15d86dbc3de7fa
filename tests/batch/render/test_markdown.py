"""Markdown: client text stays text."""

from __future__ import annotations

from valaudit.batch.render.markdown import escape, render_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def test_escape() -> None:
    assert escape("a|b") == "a\\|b"
    assert escape("<script>") == "&lt;script>"
    assert escape("*x* _y_ [l](u) `c`") == "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`"
    assert escape("two\nlines") == "two lines"


def test_one_table_row_per_folder(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions())
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(portfolio.rows)
    # Every row has exactly the header's number of cells: no "|" from a folder name leaks.
    assert {line.replace("\\|", "").count("|") for line in table} == {8}
    assert "clients/b\\|d" in text
