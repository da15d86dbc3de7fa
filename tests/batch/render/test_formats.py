"""Every registered portfolio format renders, the same way each time."""

from __future__ import annotations

import pytest

from valaudit.batch.portfolio import build_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render import format_for_path, format_names, portfolio_renderer, suffixes
from valaudit.render.options import RenderOptions


@pytest.mark.parametrize("name", format_names("portfolio"))
def test_every_format_renders_deterministically(name: str, portfolio: Portfolio) -> None:
    module = portfolio_renderer(name)
    first = module.render_portfolio(portfolio, RenderOptions())
    assert first
    assert module.render_portfolio(portfolio, RenderOptions()) == first


@pytest.mark.parametrize("name", format_names("portfolio"))
def test_every_format_renders_an_empty_portfolio(name: str) -> None:
    assert portfolio_renderer(name).render_portfolio(build_portfolio([]), RenderOptions())


def test_every_suffix_names_a_format() -> None:
    assert {format_for_path(f"p{s}", "portfolio") for s in suffixes("portfolio")} <= set(
        format_names("portfolio")
    )
    assert {".csv", ".json", ".xlsx", ".md"} <= set(suffixes("portfolio"))
