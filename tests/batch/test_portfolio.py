"""Sorting and totals: the same portfolio whatever order the rows arrive in."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from valaudit.batch.portfolio import VERDICTS, build_portfolio
from valaudit.model.gates import GateResult
from valaudit.model.portfolio import FolderRow


def audited(path: str, verdict: str, currency: str, expected: float, realized: float) -> FolderRow:
    return FolderRow(
        path=path,
        status="ok",
        initiative=path.upper(),
        type="ai",
        verdict=verdict,
        realization_ratio=realized / expected,
        roi_to_date=-0.5,
        currency=currency,
        expected_annual_benefit=expected,
        realized_annual_benefit=realized,
        as_of=dt.date(2026, 3, 31),
    )


ROWS = [
    audited("b", "value_realized", "USD", 100.0, 100.0),
    audited("a/z", "too_early", "USD", 300.0, 0.0),
    audited("a-b", "value_realized", "EUR", 50.0, 25.0),
    FolderRow(path="a", status="invalid", errors=("a/valaudit.yaml, line 1: bad",), error_count=3),
    FolderRow(path="c", status="crashed", errors=("KeyError: 'x'",), error_count=1),
    FolderRow(
        path="d",
        status="ok",
        verdict="insufficient_data",
        currency="USD",
        expected_annual_benefit=0.0,
        realized_annual_benefit=0.0,
        gates=(GateResult("not-realized", True, "The verdict is insufficient_data."),),
    ),
]


def test_rows_are_sorted_by_path_whatever_the_arrival_order() -> None:
    expected = build_portfolio(ROWS)
    for seed in range(5):
        shuffled = ROWS[:]
        random.Random(seed).shuffle(shuffled)
        assert build_portfolio(shuffled) == expected
    assert [row.path for row in expected.rows] == ["a", "a/z", "a-b", "b", "c", "d"]


def test_totals() -> None:
    totals = build_portfolio(ROWS).totals
    assert (totals.folders, totals.ok, totals.invalid, totals.crashed) == (6, 4, 1, 1)
    assert totals.gates_tripped == 1
    assert [code for code, _ in totals.verdicts] == list(VERDICTS)
    assert dict(totals.verdicts)["value_realized"] == 2
    eur, usd = totals.benefit
    assert (eur.currency, eur.folders, eur.realization_ratio) == ("EUR", 1, 0.5)
    assert (usd.currency, usd.folders) == ("USD", 3)
    assert usd.expected_annual_benefit == 400.0
    assert usd.realization_ratio == pytest.approx(0.25)


def test_invalid_and_crashed_make_the_run_fail_gates_only_trip() -> None:
    portfolio = build_portfolio(ROWS)
    assert portfolio.any_invalid and portfolio.any_gate_tripped and portfolio.complete
    only_gates = build_portfolio([row for row in ROWS if row.status == "ok"])
    assert not only_gates.any_invalid and only_gates.any_gate_tripped


def test_an_interrupted_run_counts_what_was_not_run() -> None:
    portfolio = build_portfolio(ROWS[:2], planned=10)
    assert portfolio.totals.not_run == 8
    assert portfolio.totals.folders == 10
    assert not portfolio.complete


def test_unknown_verdicts_are_kept_after_the_known_ones() -> None:
    totals = build_portfolio([audited("x", "some_new_code", "USD", 1.0, 1.0)]).totals
    assert totals.verdicts[-1] == ("some_new_code", 1)


def test_benefit_totals_are_credited_attributable_and_observed() -> None:
    def row(path: str, credit: str, attributable: float, observed: float) -> FolderRow:
        credited = attributable if credit == "attributable" else observed
        return FolderRow(
            path=path,
            status="ok",
            verdict="partially_realized",
            currency="EUR",
            expected_annual_benefit=1000.0,
            realized_annual_benefit=credited,
            credit=credit,  # type: ignore[arg-type]
            attributable_annual_benefit=attributable,
            observed_annual_benefit=observed,
        )

    (eur,) = build_portfolio(
        [row("a", "attributable", 100.0, 900.0), row("b", "observed", 200.0, 600.0)]
    ).totals.benefit
    assert (eur.realized_annual_benefit, eur.attributable_annual_benefit) == (700.0, 300.0)
    assert (eur.observed_annual_benefit, eur.observed_credit_folders) == (1500.0, 1)
    assert eur.realization_ratio == pytest.approx(0.35)
