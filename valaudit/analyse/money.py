"""The money question: what it cost, what it was meant to return, what it returns.

All amounts are in the thesis currency. Each business-case line is valued twice: at its KPI's
observed progress, and at its attributable progress (the effect over the promised change,
credited only when the movement is attributed, with the range its interval allows). The
headline figures are the credited basis, ``settings.credit`` (attributable by default); the
other is always shown beside them. Non-cashable benefit is shown but never counted as return;
a revenue line counts at its margin when the thesis gives one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from valaudit.analyse.attribution import attributable_span, clamp, credited_attributable
from valaudit.load.periods import periods_per_year
from valaudit.model.codes import Attribution, Credit, PaybackStatus
from valaudit.model.report import (
    BenefitResult,
    KpiResult,
    Money,
    Npv,
    Payback,
    Realization,
    Span,
)
from valaudit.model.thesis import Benefit, Thesis

BENEFIT_TYPES = ("cashable", "cost_avoidance", "revenue", "non_cashable")
#: Benefit types that count as financial return (ROI, payback, NPV).
FINANCIAL_TYPES = ("cashable", "cost_avoidance", "revenue")
#: Years over which NPV is computed, counted from go-live.
NPV_HORIZON_YEARS = 5
#: A payback further out than this is no payback: the asset and the business will have
#: changed long before, and a date such as "June 2110" only misleads.
MAX_PAYBACK_YEARS = 20
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class _Cost:
    """What the return is measured against."""

    one_off: float
    """The planned one-off cost plus any budget overrun."""
    annual_run: float
    to_date: float
    years: float
    go_live: dt.date
    discount_rate: float | None


def _benefit_line(
    benefit: Benefit, kpi: KpiResult | None, periods: Sequence[float], credit: Credit
) -> BenefitResult:
    """One business-case line on both bases."""
    value = benefit.annual * (benefit.margin if benefit.margin is not None else 1.0)
    observed = clamp(kpi.progress) if kpi is not None and kpi.progress is not None else None
    attributable = credited_attributable(kpi) if kpi is not None else None
    span = attributable_span(kpi) if kpi is not None else None
    years_observed = (
        len(periods) / periods_per_year(kpi.granularity) if kpi is not None and periods else 0.0
    )
    to_date_observed = 0.0
    if observed is not None and periods:
        # Each period earns at most full realization, but shortfalls are not floored per
        # period: flooring would keep every upward wiggle of a flat KPI and drop every
        # downward one, turning noise into money. Only the average is floored at zero.
        capped = [min(1.0, progress) for progress in periods]
        to_date_observed = value * clamp(sum(capped) / len(capped)) * years_observed
    # The effect is already the average gap since go-live: it accrues over the same years.
    to_date_attributable = value * (attributable or 0.0) * years_observed
    credited = observed if credit == Credit.OBSERVED else attributable
    annual_observed = value * (observed or 0.0)
    annual_attributable = value * (attributable or 0.0)
    return BenefitResult(
        name=benefit.name,
        type=benefit.type,
        kpi=benefit.kpi,
        annual_expected=value,
        progress=credited,
        annual_realized=annual_observed if credit == Credit.OBSERVED else annual_attributable,
        realized_to_date=(to_date_observed if credit == Credit.OBSERVED else to_date_attributable),
        owner=benefit.owner,
        attribution=kpi.attribution if kpi is not None else Attribution.UNKNOWN,
        observed_progress=observed,
        attributable_progress=attributable,
        attributable_range=span,
        annual_realized_observed=annual_observed,
        annual_realized_attributable=annual_attributable,
        annual_realized_range=Span(value * span.low, value * span.high) if span else None,
        realized_to_date_observed=to_date_observed,
        realized_to_date_attributable=to_date_attributable,
        realized_to_date_range=(
            Span(value * span.low * years_observed, value * span.high * years_observed)
            if span
            else None
        ),
        annual_stated=benefit.annual,
        margin=benefit.margin,
        counted_at_full_value=benefit.type == "revenue" and benefit.margin is None,
    )


def _by_type(lines: Sequence[BenefitResult], amount: str) -> dict[str, float]:
    return {t: sum((getattr(b, amount) for b in lines if b.type == t), 0.0) for t in BENEFIT_TYPES}


def _ends(lines: Sequence[BenefitResult], span: str, point: str) -> Span:
    """Every line at its low end, and every line at its high end (a line without an interval
    contributes its point figure to both)."""
    low = high = 0.0
    for line in lines:
        ends = getattr(line, span)
        low += ends.low if ends is not None else getattr(line, point)
        high += ends.high if ends is not None else getattr(line, point)
    return Span(low, high)


def _roi(benefit: float, cost: _Cost) -> float | None:
    return (benefit - cost.to_date) / cost.to_date if cost.to_date > 0 else None


def _npv(rate: float, cost: _Cost) -> float | None:
    if cost.discount_rate is None:
        return None
    return net_present_value(cost.one_off, rate - cost.annual_run, cost.discount_rate)


def _realization(
    basis: Credit, lines: Sequence[BenefitResult], expected: float, cost: _Cost
) -> Realization:
    suffix = "observed" if basis == Credit.OBSERVED else "attributable"
    annual, to_date = f"annual_realized_{suffix}", f"realized_to_date_{suffix}"
    by_type = _by_type(lines, annual)
    realized = sum(by_type.values())
    financial = [b for b in lines if b.type in FINANCIAL_TYPES]
    rate = sum(by_type[t] for t in FINANCIAL_TYPES)
    benefit_to_date = sum((getattr(b, to_date) for b in financial), 0.0)
    ranges: dict[str, Span | None] = dict.fromkeys(
        ("realized_annual_benefit_range", "benefit_to_date_range", "roi_to_date_range", "npv_range")
    )
    if basis == Credit.ATTRIBUTABLE:
        realized_range = _ends(lines, "annual_realized_range", annual)
        rate_range = _ends(financial, "annual_realized_range", annual)
        to_date_range = _ends(financial, "realized_to_date_range", to_date)
        roi_low, roi_high = _roi(to_date_range.low, cost), _roi(to_date_range.high, cost)
        npv_low, npv_high = _npv(rate_range.low, cost), _npv(rate_range.high, cost)
        ranges = {
            "realized_annual_benefit_range": realized_range,
            "benefit_to_date_range": to_date_range,
            "roi_to_date_range": (
                Span(roi_low, roi_high) if roi_low is not None and roi_high is not None else None
            ),
            "npv_range": (
                Span(npv_low, npv_high) if npv_low is not None and npv_high is not None else None
            ),
        }
    return Realization(
        basis=basis,
        realized_annual_benefit=realized,
        realized_by_type=by_type,
        realization_ratio=realized / expected if expected > 0 else None,
        benefit_to_date=benefit_to_date,
        roi_to_date=_roi(benefit_to_date, cost),
        payback=_payback(cost, benefit_to_date, rate),
        npv_at_current_rate=_npv(rate, cost),
        **ranges,
    )


def compute_money(
    thesis: Thesis,
    kpis: Mapping[str, KpiResult],
    post_progress: Mapping[str, Sequence[float]],
    as_of: dt.date,
) -> Money:
    go_live = thesis.initiative.go_live
    investment = thesis.investment
    credit = Credit(thesis.settings.credit)
    years = max(0.0, (as_of - go_live).days / DAYS_PER_YEAR)
    overrun = budget_overrun(thesis)
    cost = _Cost(
        one_off=investment.one_off + overrun,
        annual_run=investment.annual_run,
        to_date=investment.one_off + overrun + investment.annual_run * years,
        years=years,
        go_live=go_live,
        discount_rate=investment.discount_rate,
    )
    lines = tuple(
        _benefit_line(benefit, kpis.get(benefit.kpi), post_progress.get(benefit.kpi, ()), credit)
        for benefit in thesis.benefits
    )
    expected_by_type = _by_type(lines, "annual_expected")
    expected = sum(expected_by_type.values())
    observed = _realization(Credit.OBSERVED, lines, expected, cost)
    attributable = _realization(Credit.ATTRIBUTABLE, lines, expected, cost)
    credited = observed if credit == Credit.OBSERVED else attributable
    npv = None
    if investment.discount_rate is not None and credited.npv_at_current_rate is not None:
        planned_rate = sum(expected_by_type[t] for t in FINANCIAL_TYPES)
        npv = Npv(
            discount_rate=investment.discount_rate,
            horizon_years=NPV_HORIZON_YEARS,
            at_current_rate=credited.npv_at_current_rate,
            as_planned=net_present_value(
                investment.one_off, planned_rate - investment.annual_run, investment.discount_rate
            ),
        )
    notes = tuple(
        f"'{line.name}' is revenue counted at full value: the thesis gives no margin, so ROI, "
        "payback and NPV treat all of it as profit."
        for line in lines
        if line.counted_at_full_value
    )
    return Money(
        currency=thesis.currency,
        years_since_go_live=years,
        one_off=investment.one_off,
        budget_overrun=overrun,
        annual_run=investment.annual_run,
        cost_to_date=cost.to_date,
        expected_annual_benefit=expected,
        realized_annual_benefit=credited.realized_annual_benefit,
        realized_by_type=credited.realized_by_type,
        expected_by_type=expected_by_type,
        realization_ratio=credited.realization_ratio,
        benefit_to_date=credited.benefit_to_date,
        roi_to_date=credited.roi_to_date,
        payback=credited.payback,
        npv=npv,
        benefits=lines,
        credit=credit,
        observed=observed,
        attributable=attributable,
        notes=notes,
    )


def budget_overrun(thesis: Thesis) -> float:
    """What the implementation spent beyond its budget: money spent, so part of the cost.

    ``investment.one_off`` is the planned one-off cost; the overrun is added here, once."""
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


def _payback(cost: _Cost, benefit_to_date: float, financial_rate: float) -> Payback:
    if cost.to_date <= 0:
        return Payback(PaybackStatus.NO_COST, None, None)
    if benefit_to_date >= cost.to_date:
        return Payback(PaybackStatus.PAID_BACK, None, None)
    net = financial_rate - cost.annual_run
    if net <= 0:
        return Payback(PaybackStatus.NOT_AT_CURRENT_RATE, None, None)
    total = cost.years + (cost.to_date - benefit_to_date) / net
    if total > MAX_PAYBACK_YEARS:
        return Payback(PaybackStatus.NOT_AT_CURRENT_RATE, None, None)
    when = cost.go_live + dt.timedelta(days=round(total * DAYS_PER_YEAR))
    return Payback(PaybackStatus.PROJECTED, total, when)
