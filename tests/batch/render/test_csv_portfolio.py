"""CSV: one row per folder under headers in words, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest

from tests.batch.render.conftest import HOSTILE
from valaudit.batch.render.csv_portfolio import neutralise, render_portfolio
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions

HEADERS = [
    "Client",
    "Folder",
    "Initiative",
    "Owner",
    "Status",
    "Verdict",
    "Value stops at",
    "Realized vs expected",
    "ROI to date",
    "Currency",
    "Cost to date",
    "Expected benefit a year",
    "Realized benefit a year (credited)",
    "Attributable benefit a year",
    "Observed benefit a year",
    "Benefit to date",
    "NPV at current rate",
    "Payback",
    "Payback date",
    "Credited on",
    "Go-live",
    "As of",
    "Flags",
    "Warnings",
    "Gates tripped",
    "Errors",
]


def parse(portfolio: Portfolio, options: RenderOptions | None = None) -> list[dict[str, str]]:
    text = render_portfolio(portfolio, options or RenderOptions())
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝"])
def test_formula_starts_are_neutralised(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("a" + start) == "a" + start


def test_hostile_text_cells_start_with_a_quote(portfolio: Portfolio) -> None:
    rows = parse(portfolio)
    assert rows[0]["Initiative"] == "'" + HOSTILE
    assert rows[1]["Initiative"] == "'+cmd|' /C calc'!A0"
    assert rows[1]["Errors"].startswith("'@SUM")
    assert rows[2]["Initiative"].startswith("'-2+3 \\x1b[31m")  # escape shown, not sent
    for row in rows:
        for column, value in row.items():
            if value and value[0] in "=+@-":
                assert column in ("ROI to date", "NPV at current rate")
                float(value)  # a plain number, which no spreadsheet runs


def test_headers_and_values_are_words_for_people(portfolio: Portfolio) -> None:
    text = render_portfolio(portfolio, RenderOptions())
    assert next(csv.reader(io.StringIO(text[1:]))) == HEADERS
    acme, broken, crashed = parse(portfolio)
    assert acme["Client"] == "clients"
    assert acme["Status"] == "audited"
    assert acme["Verdict"] == "Implementation without outcome"
    assert acme["Value stops at"] == "productivity → throughput"
    assert acme["Flags"] == "guardrail breached, over budget"
    assert acme["Warnings"] == "stale data ×4, few periods"
    assert acme["Payback"] == "not at current rate"
    assert acme["Owner"] == "VP <b>Ops</b>"  # CSV is plain text: shown as written
    assert (broken["Status"], broken["Verdict"]) == ("invalid", "Invalid")
    # Every error the row carries, and how many more there are.
    assert broken["Errors"].endswith("[bold red]no[/] (+3 more)")
    assert crashed["Status"] == "crashed"


def test_numbers_and_dates_stay_numbers_and_dates(portfolio: Portfolio) -> None:
    row = parse(portfolio)[0]
    assert row["ROI to date"] == "-0.975"
    assert row["Realized vs expected"] == "0.0223"
    assert row["Expected benefit a year"] == "1500000"
    assert row["Cost to date"] == "2498631"
    assert row["Benefit to date"] == "62500"
    assert row["NPV at current rate"] == "-3697084"
    assert row["Go-live"] == "2025-04-01"
    assert row["As of"] == "2026-03-31"
    assert row["Gates tripped"] == "not-realized"


def test_the_client_level_picks_the_folder_that_names_the_client(portfolio: Portfolio) -> None:
    rows = parse(portfolio, RenderOptions(client_level=2))
    assert [row["Client"] for row in rows] == ["acme", "b|d", "crash"]


def test_rows_follow_sort_and_group(portfolio: Portfolio) -> None:
    by_path = [row["Folder"] for row in parse(portfolio)]
    assert by_path == ["clients/acme", "clients/b|d", "clients/crash"]
    by_verdict = [row["Folder"] for row in parse(portfolio, RenderOptions(sort="verdict"))]
    assert by_verdict == ["clients/crash", "clients/b|d", "clients/acme"]
