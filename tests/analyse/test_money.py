"""Money figures to the cent, against hand computations (docs/method.md, "Money").

The scenario: go-live 2025-01-01, review 2025-12-31 (364 days = 364/365.25 years); a KPI
with a stated baseline of 0 and a target of 100 that sits at 50 for the whole year, so its
progress is exactly 0.5 in every period.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analyse.synth import audit

YEARS = 364 / 365.25
HALF = [None] * 12 + [50.0] * 12
KPIS = [
    {"id": "a", "stage": "adoption", "direction": "up", "baseline": 0, "target": 100},
    {"id": "f", "stage": "financial", "direction": "up", "baseline": 0, "target": 100},
]


def money_of(tmp_path, benefits, investment):  # type: ignore[no-untyped-def]
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": HALF},
        review_date="2025-12-31",
        extra={"benefits": benefits, "investment": investment},
    )
    return report.money


def test_cost_benefit_roi_payback_and_npv_to_the_cent(tmp_path) -> None:
    money = money_of(
        tmp_path,
        [{"name": "Saving", "annual": 120000, "kpi": "f", "type": "cashable"}],
        {"one_off": 100000, "annual_run": 36525, "discount_rate": 0.10},
    )
    assert money.years_since_go_live == pytest.approx(YEARS)
    # 36,525 a year is exactly 100 a day: 364 days cost 36,400.
    assert round(money.cost_to_date, 2) == 136400.00
    assert money.expected_annual_benefit == 120000
    assert round(money.realized_annual_benefit, 2) == 60000.00
    assert money.realization_ratio == pytest.approx(0.5)
    # Twelve monthly periods, each 1/12 of a year at half of 120,000.
    assert round(money.benefit_to_date, 2) == 60000.00
    assert round(money.roi_to_date, 6) == round((60000 - 136400) / 136400, 6)
    net = 60000 - 36525
    remaining = (136400 - 60000) / net
    assert money.payback.status == "projected"
    assert money.payback.years_from_go_live == pytest.approx(YEARS + remaining)
    assert money.payback.date == dt.date(2025, 1, 1) + dt.timedelta(
        days=round((YEARS + remaining) * 365.25)
    )
    annuity = sum(1 / 1.1**year for year in range(1, 6))
    assert money.npv is not None
    assert round(money.npv.at_current_rate, 2) == round(-100000 + net * annuity, 2)
    assert round(money.npv.as_planned, 2) == round(-100000 + (120000 - 36525) * annuity, 2)
    assert money.npv.horizon_years == 5


def test_benefit_types_split_and_non_cashable_never_counts_as_return(tmp_path) -> None:
    money = money_of(
        tmp_path,
        [
            {"name": "Cash", "annual": 100000, "kpi": "f", "type": "cashable"},
            {"name": "Avoided", "annual": 40000, "kpi": "f", "type": "cost_avoidance"},
            {"name": "Time", "annual": 80000, "kpi": "a", "type": "non_cashable"},
        ],
        {"one_off": 50000},
    )
    assert money.realized_by_type == {
        "cashable": pytest.approx(50000),
        "cost_avoidance": pytest.approx(20000),
        "revenue": 0,
        "non_cashable": pytest.approx(40000),
    }
    assert money.realized_annual_benefit == pytest.approx(110000)
    assert money.realization_ratio == pytest.approx(0.5)
    # Only the 70,000 of financial benefit accrues as return.
    assert round(money.benefit_to_date, 2) == 70000.00
    assert money.roi_to_date == pytest.approx((70000 - 50000) / 50000)
    assert money.payback.status == "paid_back"
    assert money.npv is None


def test_progress_beyond_the_target_is_clamped_to_full_realization(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": [None] * 12 + [150.0] * 12},
        review_date="2025-12-31",
        extra={"benefits": [{"name": "B", "annual": 1000, "kpi": "f"}]},
    )
    assert report.money.realized_annual_benefit == pytest.approx(1000)
    assert report.money.benefits[0].progress == 1.0
    assert report.money.benefits[0].type == "cashable"


def test_no_payback_when_benefit_does_not_cover_the_run_cost(tmp_path) -> None:
    money = money_of(
        tmp_path,
        [{"name": "Small", "annual": 10000, "kpi": "f"}],
        {"one_off": 100000, "annual_run": 20000},
    )
    assert money.payback.status == "not_at_current_rate"
    assert money.payback.date is None


def test_benefit_of_a_kpi_without_data_realizes_nothing(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=[*KPIS, {"id": "n", "stage": "customer", "direction": "up", "target": 5}],
        series={"a": HALF, "f": HALF},
        review_date="2025-12-31",
        extra={"benefits": [{"name": "N", "annual": 5000, "kpi": "n"}]},
    )
    line = report.money.benefits[0]
    assert (line.progress, line.annual_realized, line.realized_to_date) == (None, 0.0, 0.0)
    assert report.money.realization_ratio == 0.0


def test_noise_around_the_baseline_does_not_accrue_benefit(tmp_path) -> None:
    # Progress alternates +0.3 / -0.3: on average nothing happened. Clamping period by period
    # would credit half a year at 30%; the average is clamped instead.
    wiggle = [None] * 12 + [30.0, -30.0] * 6
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": wiggle},
        review_date="2025-12-31",
        extra={"benefits": [{"name": "B", "annual": 100000, "kpi": "f"}]},
    )
    assert report.money.benefit_to_date == 0.0


def test_a_budget_overrun_is_part_of_the_cost(tmp_path) -> None:
    money = money_of(
        tmp_path,
        [{"name": "Saving", "annual": 120000, "kpi": "f"}],
        {"one_off": 100000, "annual_run": 36525},
    )
    assert money.budget_overrun == 0.0
    report = audit(
        tmp_path / "over",
        kpis=KPIS,
        series={"a": HALF, "f": HALF},
        review_date="2025-12-31",
        extra={
            "benefits": [{"name": "Saving", "annual": 120000, "kpi": "f"}],
            "investment": {"one_off": 100000, "annual_run": 36525},
            "implementation": {"budget": {"planned": 100000, "actual": 125000.5}},
        },
    )
    assert round(report.money.budget_overrun, 2) == 25000.50
    assert round(report.money.cost_to_date, 2) == 161400.50


def test_revenue_counts_at_its_margin(tmp_path) -> None:
    money = money_of(
        tmp_path,
        [{"name": "Uplift", "annual": 200000, "kpi": "f", "type": "revenue", "margin": "35%"}],
        {"one_off": 10000},
    )
    line = money.benefits[0]
    assert (line.annual_stated, line.margin) == (200000, pytest.approx(0.35))
    assert line.annual_expected == pytest.approx(70000)
    assert money.expected_by_type["revenue"] == pytest.approx(70000)
    assert money.realized_annual_benefit == pytest.approx(35000)
    # Twelve months at half of the margin.
    assert money.benefit_to_date == pytest.approx(35000)
    assert not line.counted_at_full_value and money.notes == ()


def test_revenue_without_a_margin_is_flagged_as_counted_at_full_value(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": HALF},
        review_date="2025-12-31",
        extra={"benefits": [{"name": "Uplift", "annual": 200000, "kpi": "f", "type": "revenue"}]},
    )
    money = report.money
    assert money.benefits[0].counted_at_full_value
    assert money.benefits[0].annual_expected == 200000
    assert money.notes == (
        "'Uplift' is revenue counted at full value: the thesis gives no margin, so ROI, "
        "payback and NPV treat all of it as profit.",
    )
    assert (
        "Revenue is counted at full value, as if it were all profit (no margin in the thesis): "
        "Uplift." in report.verdict.caveats
    )


def test_movement_that_is_not_attributable_credits_nothing_but_shows_its_range(tmp_path) -> None:
    # The financial KPI ends the year at its target, but only because it swings as it did
    # before go-live: its effect cannot be told from noise, so nothing is credited.
    swing = [0.0, 100.0] * 12
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": swing},
        review_date="2025-12-31",
        extra={
            "benefits": [{"name": "Saving", "annual": 100000, "kpi": "f"}],
            "investment": {"one_off": 50000, "discount_rate": 0.1},
        },
    )
    money = report.money
    line = money.benefits[0]
    assert line.attribution == "not_attributed"
    assert (line.progress, line.annual_realized, line.realized_to_date) == (0.0, 0.0, 0.0)
    assert line.annual_realized_observed == 100000  # the last value is at the target
    span = line.annual_realized_range
    assert span is not None and span.low == 0.0 and 0 < span.high <= 100000
    assert money.realized_annual_benefit == 0.0 and money.roi_to_date == -1.0
    assert money.payback.status == "not_at_current_rate"
    assert money.observed is not None and money.observed.payback.status == "paid_back"
    assert money.npv is not None and money.attributable is not None
    assert money.npv.at_current_rate == money.attributable.npv_at_current_rate
    assert money.attributable.npv_range is not None
    assert money.attributable.npv_range.low == pytest.approx(money.npv.at_current_rate)


def test_the_overrun_is_counted_once_with_one_off_as_planned(tmp_path) -> None:
    report = audit(
        tmp_path,
        kpis=KPIS,
        series={"a": HALF, "f": HALF},
        review_date="2025-12-31",
        extra={
            "investment": {"one_off": 4200000},
            "implementation": {"budget": {"planned": 4200000, "actual": 5100000}},
        },
    )
    assert report.money.one_off == 4200000
    assert report.money.budget_overrun == 900000
    assert report.money.cost_to_date == 5100000
