"""What qualifies a verdict, in the order the line under the headline gives it."""

from __future__ import annotations

import dataclasses

from tests.analyse.factories import kpi_result
from valaudit.analyse.coverage import measure_coverage
from valaudit.analyse.reading import reading_caveats
from valaudit.errors import Problem
from valaudit.model.codes import PaybackStatus
from valaudit.model.report import BenefitResult, Money, Payback

MONEY = Money(
    currency="EUR", years_since_go_live=1.0, one_off=0.0, budget_overrun=0.0, annual_run=0.0,
    cost_to_date=0.0, expected_annual_benefit=0.0, realized_annual_benefit=0.0,
    realized_by_type={}, expected_by_type={}, realization_ratio=None, benefit_to_date=0.0,
    roi_to_date=None, payback=Payback(PaybackStatus.NO_COST, None, None), npv=None, benefits=(),
    credit="attributable",  # type: ignore[arg-type]
)  # fmt: skip


def warning(code: str) -> Problem:
    return Problem(code, "…", "valaudit.yaml", "warning", line=3)


def test_caveats_come_in_a_fixed_order() -> None:
    kpis = [
        kpi_result("a", "adoption", "early", n_post=2),
        kpi_result("t", "throughput", "no_data", progress=None),
        kpi_result("f", "financial", "achieved", moved="none"),
    ]
    full_value = BenefitResult(
        "Uplift", "revenue", "f", 100.0, 0.0, 0.0, 0.0, counted_at_full_value=True
    )
    money = dataclasses.replace(MONEY, benefits=(full_value,))
    warnings = [warning("stale_data"), warning("placebo_effect"), warning("stale_data")]
    warnings.append(warning("missing_periods"))  # not material: left to the warnings list
    caveats = reading_caveats(kpis, measure_coverage(kpis), money, warnings, 3)
    assert caveats == (
        "Coverage is low: 2 of 3 KPI(s) named in the thesis have data; throughput has none.",
        "1 KPI(s) have fewer than 3 periods since go-live and are not judged yet: a.",
        "Not credited to the initiative, as its movement is not attributable: f moved no more "
        "than the noise around its pre-go-live level.",
        "Revenue is counted at full value, as if it were all profit (no margin in the thesis): "
        "Uplift.",
        "See the warnings below: stale data (2); a placebo effect.",
    )


def test_with_observed_credit_the_caveat_says_the_movement_is_credited_anyway() -> None:
    kpis = [kpi_result("f", "financial", "achieved", moved="none")]
    money = dataclasses.replace(MONEY, credit="observed")  # type: ignore[arg-type]
    (caveat,) = reading_caveats(kpis, measure_coverage(kpis), money, [], 3)
    assert caveat.startswith(
        "The verdict and the money credit observed progress (settings.credit: observed), "
        "including movement the evidence does not attribute to the initiative: f moved"
    )


def test_nothing_to_qualify_gives_no_caveat() -> None:
    kpis = [kpi_result("f", "financial", "achieved")]
    assert reading_caveats(kpis, measure_coverage(kpis), MONEY, [], 3) == ()
