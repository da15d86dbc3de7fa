"""The money question: what it cost, what it was meant to return, what it returns.

All amounts are in the thesis currency. Realized benefit scales each business-case line by
its KPI's progress, clamped to 0..1; benefit to date accrues that, period by period, over
the post period. Non-cashable benefit is shown but never counted as return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from valaudit.load.periods import periods_per_year
from valaudit.model.codes import PaybackStatus
from valaudit.model.report import BenefitResult, KpiResult, Money, Npv, Payback
from valaudit.model.thesis import Thesis

BENEFIT_TYPES = ("cashable", "cost_avoidance", "revenue", "non_cashable")
#: Benefit types that count as financial return (ROI, payback, NPV).
FINANCIAL_TYPES = ("cashable", "cost_avoidance", "revenue")
#: Years over which NPV is computed, counted from go-live.
NPV_HORIZON_YEARS = 5
#: A payback further out than this is no payback: the asset and the business will have
#: changed long before, and a date such as "June 2110" only misleads.
MAX_PAYBACK_YEARS = 20
DAYS_PER_YEAR = 365.25


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def compute_money(
    thesis: Thesis,
    kpis: Mapping[str, KpiResult],
    post_progress: Mapping[str, Sequence[float]],
    as_of: dt.date,
) -> Money:
    go_live = thesis.initiative.go_live
    investment = thesis.investment
    years = max(0.0, (as_of - go_live).days / DAYS_PER_YEAR)
    overrun = budget_overrun(thesis)
    cost_to_date = investment.one_off + overrun + investment.annual_run * years
    benefits: list[BenefitResult] = []
    for benefit in thesis.benefits:
        kpi = kpis.get(benefit.kpi)
        progress = _clamp(kpi.progress) if kpi is not None and kpi.progress is not None else None
        realized = benefit.annual * (progress or 0.0)
        to_date = 0.0
        periods = post_progress.get(kpi.id, ()) if kpi is not None else ()
        if kpi is not None and kpi.progress is not None and periods:
            # Each period earns at most full realization, but shortfalls are not floored per
            # period: flooring would keep every upward wiggle of a flat KPI and drop every
            # downward one, turning noise into money. Only the average is floored at zero.
            capped = [min(1.0, progress) for progress in periods]
            years_observed = len(periods) / periods_per_year(kpi.granularity)
            to_date = benefit.annual * _clamp(sum(capped) / len(capped)) * years_observed
        benefits.append(
            BenefitResult(
                name=benefit.name,
                type=benefit.type,
                kpi=benefit.kpi,
                annual_expected=benefit.annual,
                progress=progress,
                annual_realized=realized,
                realized_to_date=to_date,
                owner=benefit.owner,
            )
        )
    expected_by_type = {
        t: sum((b.annual_expected for b in benefits if b.type == t), 0.0) for t in BENEFIT_TYPES
    }
    realized_by_type = {
        t: sum((b.annual_realized for b in benefits if b.type == t), 0.0) for t in BENEFIT_TYPES
    }
    expected = sum(expected_by_type.values())
    realized = sum(realized_by_type.values())
    financial_rate = sum(realized_by_type[t] for t in FINANCIAL_TYPES)
    planned_rate = sum(expected_by_type[t] for t in FINANCIAL_TYPES)
    benefit_to_date = sum((b.realized_to_date for b in benefits if b.type in FINANCIAL_TYPES), 0.0)
    roi = (benefit_to_date - cost_to_date) / cost_to_date if cost_to_date > 0 else None
    payback = _payback(
        cost_to_date, benefit_to_date, financial_rate, investment.annual_run, years, go_live
    )
    npv = None
    if investment.discount_rate is not None:
        npv = Npv(
            discount_rate=investment.discount_rate,
            horizon_years=NPV_HORIZON_YEARS,
            at_current_rate=net_present_value(
                investment.one_off + overrun,
                financial_rate - investment.annual_run,
                investment.discount_rate,
            ),
            as_planned=net_present_value(
                investment.one_off, planned_rate - investment.annual_run, investment.discount_rate
            ),
        )
    return Money(
        currency=thesis.currency,
        years_since_go_live=years,
        one_off=investment.one_off,
        budget_overrun=overrun,
        annual_run=investment.annual_run,
        cost_to_date=cost_to_date,
        expected_annual_benefit=expected,
        realized_annual_benefit=realized,
        realized_by_type=realized_by_type,
        expected_by_type=expected_by_type,
        realization_ratio=realized / expected if expected > 0 else None,
        benefit_to_date=benefit_to_date,
        roi_to_date=roi,
        payback=payback,
        npv=npv,
        benefits=tuple(benefits),
    )


def budget_overrun(thesis: Thesis) -> float:
    """What the implementation spent beyond its budget: money spent, so part of the cost."""
    implementation = thesis.implementation
    budget = implementation.budget if implementation is not None else None
    if budget is None or budget.actual is None:
        return 0.0
    return max(0.0, budget.actual - budget.planned)


def net_present_value(
    one_off: float, net_annual: float, rate: float, years: int = NPV_HORIZON_YEARS
) -> float:
    """-one_off at go-live, then ``net_annual`` at the end of each year of the horizon."""
    return -one_off + sum(net_annual / (1.0 + rate) ** year for year in range(1, years + 1))


def _payback(
    cost_to_date: float,
    benefit_to_date: float,
    financial_rate: float,
    annual_run: float,
    years: float,
    go_live: dt.date,
) -> Payback:
    if cost_to_date <= 0:
        return Payback(PaybackStatus.NO_COST, None, None)
    if benefit_to_date >= cost_to_date:
        return Payback(PaybackStatus.PAID_BACK, None, None)
    net = financial_rate - annual_run
    if net <= 0:
        return Payback(PaybackStatus.NOT_AT_CURRENT_RATE, None, None)
    remaining_years = (cost_to_date - benefit_to_date) / net
    total = years + remaining_years
    if total > MAX_PAYBACK_YEARS:
        return Payback(PaybackStatus.NOT_AT_CURRENT_RATE, None, None)
    when = go_live + dt.timedelta(days=round(total * DAYS_PER_YEAR))
    return Payback(PaybackStatus.PROJECTED, total, when)
