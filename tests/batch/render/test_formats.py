"""Every registered portfolio format renders, the same way each time."""

from __future__ import annotations

import pytest

from valaudit.batch.portfolio import Portfolio, build_portfolio
from valaudit.batch.render import PORTFOLIO_FORMATS, SUFFIX_FORMATS, portfolio_renderer
from valaudit.render.options import RenderOptions


@pytest.mark.parametrize("name", sorted(PORTFOLIO_FORMATS))
def test_every_format_renders_deterministically(name: str, portfolio: Portfolio) -> None:
    module = portfolio_renderer(name)
    first = module.render_portfolio(portfolio, RenderOptions())
    assert first
    assert module.render_portfolio(portfolio, RenderOptions()) == first


@pytest.mark.parametrize("name", sorted(PORTFOLIO_FORMATS))
def test_every_format_renders_an_empty_portfolio(name: str) -> None:
    assert portfolio_renderer(name).render_portfolio(build_portfolio([]), RenderOptions())


def test_every_suffix_names_a_format() -> None:
    assert set(SUFFIX_FORMATS.values()) <= set(PORTFOLIO_FORMATS)
    assert {".csv", ".json", ".xlsx", ".md"} <= set(SUFFIX_FORMATS)
