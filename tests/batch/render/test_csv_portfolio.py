"""CSV: one row per folder, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from tests.batch.render.conftest import HOSTILE
from valaudit.batch.render.csv_portfolio import neutralise, render_portfolio
from valaudit.batch.render.table import COLUMNS
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def parse(portfolio: Portfolio) -> list[dict[str, str]]:
    text = render_portfolio(portfolio, RenderOptions())
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝"])
def test_formula_starts_are_neutralised(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("a" + start) == "a" + start


def test_hostile_text_cells_start_with_a_quote(portfolio: Portfolio) -> None:
    rows = parse(portfolio)
    assert rows[0]["initiative"] == "'" + HOSTILE
    assert rows[1]["initiative"] == "'+cmd|' /C calc'!A0"
    assert rows[1]["errors"].startswith("'@SUM")
    assert rows[2]["initiative"].startswith("'-2+3 \\x1b[31m")  # escape shown, not sent
    for row in rows:
        for column, value in row.items():
            if value and value[0] in "=+@-":
                assert column in ("realization_ratio", "roi_to_date")
                float(value)  # a plain number, which no spreadsheet runs


def test_numbers_stay_numbers(portfolio: Portfolio) -> None:
    row = parse(portfolio)[0]
    assert list(row) == list(COLUMNS)
    assert row["roi_to_date"] == "-0.975"
    assert row["expected_annual_benefit"] == "1500000"
    assert row["break_from"] == "productivity"
    assert row["as_of"] == "2026-03-31"
    assert row["gates_tripped"] == "not-realized"
