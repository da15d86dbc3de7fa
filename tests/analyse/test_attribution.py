"""Attributable progress (docs/method.md §5a): the rule, and money on series with a known truth.

The synthetic truths: a KPI that only follows its pre-go-live trend has no effect, so it must
credit no attributable benefit however far its level rises; a KPI with a true step of half
its promised change must credit about half, within the range its interval allows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analyse.synth import audit, kpi, step_series
from valaudit.analyse.attribution import attribute
from valaudit.model.effect import Effect

SEEDS = range(20)
STEP_SEEDS = range(40)
ANNUAL = 100_000.0


def effect(estimate: float | None, low: float | None, high: float | None, moved: str) -> Effect:
    return Effect("its", estimate, low, high, 0.95, 12, 12, None, False, moved)  # type: ignore[arg-type]


def test_attributable_progress_is_the_effect_over_the_promised_change() -> None:
    result = attribute(effect(3.0, 1.0, 5.0, "good"), baseline=100.0, target=106.0)
    assert result.attribution == "attributed"
    assert (result.progress, result.low, result.high) == pytest.approx((0.5, 1 / 6, 5 / 6))
    assert result.reason == "Attributable: it moved the right way beyond its pre-go-live trend."


def test_a_down_kpi_orders_its_interval() -> None:
    # Better when it falls: the effect is negative, so is the promised change.
    result = attribute(effect(-3.0, -5.0, -1.0, "good"), baseline=10.0, target=4.0)
    assert result.attribution == "attributed"
    assert (result.progress, result.low, result.high) == pytest.approx((0.5, 1 / 6, 5 / 6))


def test_movement_within_the_noise_is_not_attributed() -> None:
    result = attribute(effect(1.0, -1.0, 3.0, "none"), baseline=100.0, target=110.0)
    assert result.attribution == "not_attributed"
    assert (result.progress, result.low, result.high) == pytest.approx((0.1, -0.1, 0.3))
    assert result.reason == "Not attributable: it moved no more than its pre-go-live trend."
    bad = attribute(effect(-3.0, -5.0, -1.0, "bad"), baseline=100.0, target=110.0)
    assert bad.attribution == "not_attributed"


def test_without_an_interval_or_a_target_attribution_is_unknown() -> None:
    no_interval = attribute(effect(3.0, None, None, "none"), baseline=100.0, target=106.0)
    assert (no_interval.attribution, no_interval.progress) == ("unknown", pytest.approx(0.5))
    assert no_interval.low is None
    no_target = attribute(effect(3.0, 1.0, 5.0, "good"), baseline=100.0, target=100.0)
    assert (no_target.attribution, no_target.progress) == ("unknown", None)
    no_effect = attribute(effect(None, None, None, "none"), baseline=100.0, target=106.0)
    assert no_effect.attribution == "unknown"


def truth_audit(tmp_path, seed: int, **series):  # type: ignore[no-untyped-def]
    """A financial KPI stated at baseline 100 and target 106 (noise sd 1), a cashable benefit of
    100,000 a year on it, 24 months before go-live and 12 after."""
    return audit(
        tmp_path / f"s{seed}",
        kpis=[
            {"id": "a", "stage": "adoption", "direction": "up", "baseline": 0, "target": 100},
            {"id": "f", "stage": "financial", "direction": "up", "baseline": 100, "target": 106},
        ],
        series={"a": [None] * 24 + [90.0] * 12, "f": step_series(24, 12, seed=seed, **series)},
        start="2023-01",
        go_live="2025-01-01",
        review_date="2025-12-31",
        extra={
            "benefits": [{"name": "Saving", "annual": ANNUAL, "kpi": "f", "type": "cashable"}],
            "investment": {"one_off": 50_000},
        },
    )


@pytest.mark.slow
def test_a_trend_only_kpi_credits_no_attributable_benefit(tmp_path) -> None:
    # A steady pre-existing trend of 0.5 sd a month and no effect: by the end of the year the
    # level is far beyond its target, which the observed basis credits in full.
    credited, observed, attributed = [], [], 0
    for seed in SEEDS:
        report = truth_audit(tmp_path, seed, slope=0.5)
        result = kpi(report, "f")
        assert result.status == "achieved"
        attributed += result.attribution == "attributed"
        line = report.money.benefits[0]
        credited.append(line.annual_realized)
        observed.append(line.annual_realized_observed)
        if result.attribution != "attributed":
            assert line.annual_realized == 0.0 and report.money.realized_annual_benefit == 0.0
            assert report.verdict.code != "value_realized"
            # The level moved, the evidence did not: the stage does not count as moved.
            financial = next(s for s in report.chain.stages if s.stage == "financial")
            assert (financial.status, financial.unattributed) == ("unattributed", ("f",))
    assert all(value == ANNUAL for value in observed)
    # At most the effect's false-movement rate (10%) of trend-only series credit anything, and
    # together they credit under 5% of what the observed levels would.
    assert attributed <= 2
    assert sum(credited) < 0.05 * sum(observed)


@pytest.mark.slow
def test_a_true_step_credits_its_benefit_within_its_interval(tmp_path) -> None:
    # A step of 3 sd against a promised change of 6: half the benefit is the initiative's.
    # Where the pre period cannot tell a trend from noise (about a quarter of these series)
    # the more cautious of the two estimates is credited, so the average credit sits a few
    # points under half (0.486 over 200 seeds); 40 seeds keep chance well inside ±0.05.
    covered, points = 0, []
    for seed in STEP_SEEDS:
        report = truth_audit(tmp_path, seed, step=3.0)
        result = kpi(report, "f")
        assert result.attribution == "attributed"
        line = report.money.benefits[0]
        span = line.annual_realized_range
        assert span is not None
        assert span.low <= line.annual_realized <= span.high
        assert line.annual_realized == pytest.approx(ANNUAL * result.attributable_progress)
        covered += span.low <= ANNUAL * 0.5 <= span.high
        points.append(result.attributable_progress)
    assert covered >= 34  # a 95% interval covers the truth in about 38 of 40
    assert sum(points) / len(points) == pytest.approx(0.5, abs=0.05)


def test_the_money_ranges_add_up_the_lines(tmp_path) -> None:
    report = truth_audit(tmp_path, 3, step=3.0)
    money = report.money
    attributable = money.attributable
    assert attributable is not None and money.observed is not None
    line = money.benefits[0]
    assert attributable.realized_annual_benefit_range == line.annual_realized_range
    assert attributable.benefit_to_date_range == line.realized_to_date_range
    # Twelve monthly periods: a year of benefit accrued at the attributable rate.
    assert line.realized_to_date_attributable == pytest.approx(line.annual_realized_attributable)
    cost = money.cost_to_date
    assert attributable.roi_to_date_range is not None
    assert attributable.roi_to_date_range.low == pytest.approx(
        (line.realized_to_date_range.low - cost) / cost
    )
    assert money.credit == "attributable"
    assert money.realized_annual_benefit == attributable.realized_annual_benefit
    assert money.payback == attributable.payback
    assert report.as_of == dt.date(2025, 12, 31)


def test_credit_observed_restores_the_observed_figures(tmp_path) -> None:
    base = truth_audit(tmp_path, 5, slope=0.5)
    observed = audit(
        tmp_path / "observed",
        kpis=[
            {"id": "a", "stage": "adoption", "direction": "up", "baseline": 0, "target": 100},
            {"id": "f", "stage": "financial", "direction": "up", "baseline": 100, "target": 106},
        ],
        series={"a": [None] * 24 + [90.0] * 12, "f": step_series(24, 12, seed=5, slope=0.5)},
        start="2023-01",
        go_live="2025-01-01",
        review_date="2025-12-31",
        extra={
            "benefits": [{"name": "Saving", "annual": ANNUAL, "kpi": "f", "type": "cashable"}],
            "investment": {"one_off": 50_000},
            "settings": {"credit": "observed"},
        },
    )
    money = observed.money
    assert money.credit == "observed"
    assert money.realized_annual_benefit == ANNUAL
    assert money.observed == base.money.observed
    assert money.attributable == base.money.attributable
    # The adoption KPI stands at 90% of its target: the observed gap is 5 (of 100).
    assert observed.gap_index == observed.gap.observed == 5.0  # type: ignore[union-attr]
    assert observed.verdict.code == "value_realized"
    assert base.verdict.code != "value_realized"
    assert observed.settings["credit"] == "observed"
