"""Terminal and text: literal client strings, figures whole, within the width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from valaudit.batch.render.terminal import column_widths, render_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def test_markup_and_escapes_are_shown_literally(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=200))
    assert "[bold red]no[/]" in text
    assert "\x1b" not in text
    assert "\\x1b[31mred" in text


def test_colour_only_when_asked(portfolio: Portfolio) -> None:
    coloured = render_portfolio(portfolio, RenderOptions(width=200, color=True))
    assert "\x1b[" in coloured
    assert "\x1b[31mred" not in coloured  # the client's own escape is still escaped


@pytest.mark.parametrize("width", [80, 100, 160])
def test_lines_fit_the_width(portfolio: Portfolio, width: int) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=width))
    assert max(cell_len(line) for line in text.splitlines()) <= width


def test_columns_give_way_in_order() -> None:
    rows = [
        ("clients/acme-corporation", "A" * 40, "implementation stalled", "", "2%", "−98%", "x" * 90)
    ]
    wide = column_widths(rows, 200)
    narrow = column_widths(rows, 100)
    assert narrow[0] == wide[0] == len("clients/acme-corporation")  # the folder stays whole
    assert narrow[6] < wide[6] and narrow[1] < wide[1]


def test_totals_follow_the_table(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=120))
    assert "3 folders: 1 audited, 1 invalid, 1 crashed." in text
    assert (
        "Benefit a year (USD, 1 folder): USD 1.50M expected, USD 34k realized on attributable "
        "progress (2%); USD 34k attributable, USD 120k observed."
    ) in " ".join(text.split())
    assert "A crashed folder is a bug in valaudit" in text
