"""Terminal and text: literal client strings, figures whole, names never cut, the width used."""

from __future__ import annotations

import dataclasses

import pytest
from rich.cells import cell_len

from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.terminal import render_portfolio
from valaudit.batch.render.terminal_layout import choose_layout, cut_middle, shorten_middle
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.render.options import RenderOptions

LONG_NAME = "Support copilot rollout for the EMEA contact centres"
LONG_ERROR = (
    "clients/initech/broken/valaudit.yaml, line 2, at initiative.tyep: Unknown key 'tyep' in "
    "initiative. Did you mean 'type'? Fix the spelling or remove the key."
)


@pytest.fixture
def realistic(portfolio: Portfolio) -> Portfolio:
    acme = dataclasses.replace(
        portfolio.rows[0],
        path="clients/acme-corporation/customer-service/support_copilot",
        initiative=LONG_NAME,
    )
    broken = FolderRow(
        path="clients/initech/broken",
        status="invalid",
        initiative="Broken",
        errors=(LONG_ERROR, "second error"),
        error_count=2,
    )
    return build_portfolio([acme, broken])


def test_markup_and_escapes_are_shown_literally(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=200))
    assert "[bold red]no[/]" in text
    assert "\x1b" not in text
    assert "\\x1b[31mred" in text


def test_colour_only_when_asked(portfolio: Portfolio) -> None:
    coloured = render_portfolio(portfolio, RenderOptions(width=200, color=True))
    assert "\x1b[" in coloured
    assert "\x1b[31mred" not in coloured  # the client's own escape is still escaped


@pytest.mark.parametrize("width", [80, 100, 120, 160, 200, 300])
def test_lines_fit_the_width(realistic: Portfolio, portfolio: Portfolio, width: int) -> None:
    for shown in (realistic, portfolio):
        text = render_portfolio(shown, RenderOptions(width=width))
        assert max(cell_len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", [80, 100, 160])
def test_names_wrap_but_are_never_cut(realistic: Portfolio, width: int) -> None:
    text = render_portfolio(realistic, RenderOptions(width=width))
    table = text[: text.index("Folders without an audit")]
    assert " ".join(table.split()).count(LONG_NAME.split()[-1]) == 1
    for word in LONG_NAME.split():
        assert word in table
    assert "…" not in LONG_NAME and "rollout…" not in table


def test_a_long_path_is_shortened_from_the_middle(realistic: Portfolio) -> None:
    text = render_portfolio(realistic, RenderOptions(width=80))
    assert "\n…/support_copilot " in text  # the folder's own name, whole
    wide = render_portfolio(realistic, RenderOptions(width=260))
    assert "clients/acme-corporation/customer-service/support_copilot" in wide


def test_a_wide_terminal_gives_one_line_per_folder(realistic: Portfolio) -> None:
    text = render_portfolio(realistic, RenderOptions(width=300))
    lines = text.splitlines()
    header = lines[0]
    assert "Value stops at" in header and "Owner" in header and "Expected" in header
    assert lines[2].startswith("clients/acme-corporation/customer-service/support_copilot")
    assert LONG_NAME in lines[2] and "productivity → throughput" in lines[2]
    assert lines[3].startswith("clients/initech/broken")  # the next folder, on the next line


def test_at_80_columns_the_break_sits_under_the_verdict(realistic: Portfolio) -> None:
    text = render_portfolio(realistic, RenderOptions(width=80))
    assert "Value stops at" not in text.splitlines()[0]
    assert "stops at" in text and "productivity →" in text


def test_errors_are_shown_in_full_under_the_table(realistic: Portfolio) -> None:
    text = render_portfolio(realistic, RenderOptions(width=80))
    below = text[text.index("Folders without an audit") :]
    assert " ".join(below.split()).count(" ".join(LONG_ERROR.split())) == 1
    assert "second error" in below
    assert "2 errors, listed below" in " ".join(text.split())


def test_group_titles(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=120, group_by="verdict"))
    titles = [line for line in text.splitlines() if line.endswith("(1)")]
    assert titles == ["Crashed (1)", "Invalid (1)", "Implementation without outcome (1)"]


def test_totals_follow_the_table(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions(width=120))
    assert "3 folders: 1 audited, 1 invalid, 1 crashed." in text
    assert (
        "Benefit a year (USD, 1 folder): USD 1.50M expected, USD 34k realized on attributable "
        "progress (2%); USD 34k attributable, USD 120k observed."
    ) in " ".join(text.split())
    assert "A crashed folder is a bug in valaudit" in text


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (60, "clients/acme-corporation/customer-service/support_copilot"),
        (42, "clients/…/customer-service/support_copilot"),
        (41, "clients/…/support_copilot"),
        (25, "clients/…/support_copilot"),
        (20, "…/support_copilot"),
        (12, "client…pilot"),
    ],
)
def test_shorten_middle(width: int, shown: str) -> None:
    path = "clients/acme-corporation/customer-service/support_copilot"
    result = shorten_middle(path, width)
    assert result == shown
    assert cell_len(result) <= width


def test_cut_middle_counts_wide_characters() -> None:
    assert cell_len(cut_middle("日本語のフォルダ名です", 9)) <= 9


def test_layouts_from_narrow_to_wide() -> None:
    needs = {"folder": 30, "initiative": 30, "owner": 20, "verdict": 30, "break": 25,
             "realized": 8, "roi": 6, "expected": 9, "notes": 40}  # fmt: skip
    assert choose_layout(needs, 80).keys == ("folder", "initiative", "verdict", "realized", "roi")
    assert "break" in choose_layout(needs, 140).keys
    assert "owner" in choose_layout(needs, 260).keys
    for width in (80, 140, 260):
        layout = choose_layout(needs, width)
        assert sum(layout.widths) + 2 * (len(layout.widths) - 1) <= width


@pytest.mark.parametrize("color", [False, True])
def test_a_large_portfolio_drawn_in_blocks_is_the_same_table(
    realistic: Portfolio, monkeypatch: pytest.MonkeyPatch, color: bool
) -> None:
    """The table is drawn a block of folders at a time (to bound memory); the blocks must
    join into exactly the table drawn at once: one header, no seams."""
    from valaudit.batch.render import terminal

    rows = [
        dataclasses.replace(realistic.rows[0], path=f"{realistic.rows[0].path}/part{i:03d}")
        for i in range(7)
    ]
    large = build_portfolio(rows)
    options = RenderOptions(width=100, color=color)
    monkeypatch.setattr(terminal, "TABLE_BLOCK_ROWS", 100)
    at_once = render_portfolio(large, options)
    monkeypatch.setattr(terminal, "TABLE_BLOCK_ROWS", 3)
    in_blocks = render_portfolio(large, options)
    assert in_blocks == at_once
    assert at_once.count("Initiative") == 1  # one header
    assert all(at_once.count(f"part{i:03d}") == 1 for i in range(7))
