"""Every registered portfolio format renders, the same way each time."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from valaudit.batch.portfolio import build_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render import format_for_path, format_names, portfolio_renderer, suffixes
from valaudit.render.options import RenderOptions


def shown(rendered: str | bytes) -> str:
    """What a reader of the output sees: the text, or every cell of every sheet."""
    if isinstance(rendered, str):
        return rendered
    book = load_workbook(io.BytesIO(rendered))
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.mark.parametrize("name", format_names("portfolio"))
def test_every_format_renders_deterministically(name: str, portfolio: Portfolio) -> None:
    module = portfolio_renderer(name)
    first = module.render_portfolio(portfolio, RenderOptions())
    assert module.render_portfolio(portfolio, RenderOptions()) == first
    # Every folder is there, by its path (Markdown escapes the table's own bar).
    text = shown(first).replace("\\|", "|")
    assert [row.path for row in portfolio.rows if row.path not in text] == []


@pytest.mark.parametrize("name", format_names("portfolio"))
def test_every_format_renders_an_empty_portfolio(name: str) -> None:
    rendered = portfolio_renderer(name).render_portfolio(build_portfolio([]), RenderOptions())
    text = shown(rendered)
    if name == "json":
        assert json.loads(text)["folders"] == []
    elif name == "junit":
        assert 'tests="0" failures="0"' in text
    elif name in {"csv", "xlsx"}:
        assert "Folder" in text and "clients/" not in text  # a header, no rows
    else:
        assert "0 folders" in text


def test_every_suffix_names_a_format() -> None:
    assert {format_for_path(f"p{s}", "portfolio") for s in suffixes("portfolio")} <= set(
        format_names("portfolio")
    )
    assert {".csv", ".json", ".xlsx", ".md"} <= set(suffixes("portfolio"))
