"""What a portfolio output format implements."""

from __future__ import annotations

from typing import Protocol

from valaudit.batch.portfolio import Portfolio
from valaudit.render.options import RenderOptions


class PortfolioRenderer(Protocol):
    def render_portfolio(self, portfolio: Portfolio, options: RenderOptions) -> str | bytes:
        """The whole output: ``str`` for text formats, ``bytes`` for xlsx."""
        ...
