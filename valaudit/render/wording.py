"""Sentences and marks shared by the document formats (Markdown, HTML, workbook, JUnit).

The same verdict should read the same in a pull-request comment, a printed board pack and a
CI log, so the few sentences built from figures live here rather than in each format. The
text returned is plain and unescaped: each format escapes it its own way.
"""

from __future__ import annotations

from valaudit.model.codes import GuardrailStatus, PaybackStatus, StageStatus, VerdictCode
from valaudit.model.report import Chain, KpiResult, Money, Payback, Report
from valaudit.render.formatting import money, number, percent, words

#: A one-character mark per status, readable without colour.
STATUS_MARK: dict[str, str] = {
    StageStatus.ACHIEVED: "✓",
    StageStatus.ON_TRACK: "✓",
    StageStatus.BEHIND: "◐",
    StageStatus.FLAT: "·",
    StageStatus.REGRESSED: "✗",
    StageStatus.NO_DATA: "?",
    StageStatus.NOT_MEASURED: "–",
    GuardrailStatus.OK: "✓",
    GuardrailStatus.BREACHED: "✗",
}

#: How each status feels to a reader: drives colours in HTML and the workbook.
STATUS_TONE: dict[str, str] = {
    StageStatus.ACHIEVED: "good",
    StageStatus.ON_TRACK: "good",
    GuardrailStatus.OK: "good",
    StageStatus.BEHIND: "warn",
    StageStatus.FLAT: "bad",
    StageStatus.REGRESSED: "bad",
    GuardrailStatus.BREACHED: "bad",
    StageStatus.NO_DATA: "none",
    StageStatus.NOT_MEASURED: "none",
}

#: The verdict's mark: a reader scanning many reports sees good or bad first.
VERDICT_MARK: dict[str, str] = {
    VerdictCode.VALUE_REALIZED: "✓",
    VerdictCode.PARTIALLY_REALIZED: "◐",
    VerdictCode.TOO_EARLY: "…",
    VerdictCode.INSUFFICIENT_DATA: "?",
    VerdictCode.IMPLEMENTATION_STALLED: "✗",
    VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME: "✗",
}

VERDICT_TONE: dict[str, str] = {
    VerdictCode.VALUE_REALIZED: "good",
    VerdictCode.PARTIALLY_REALIZED: "warn",
    VerdictCode.TOO_EARLY: "info",
    VerdictCode.INSUFFICIENT_DATA: "info",
    VerdictCode.IMPLEMENTATION_STALLED: "bad",
    VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME: "bad",
}


def verdict_title(code: str) -> str:
    """``implementation_without_outcome`` -> ``Implementation without outcome``."""
    return words(code).capitalize()


def payback_words(payback: Payback) -> str:
    if payback.status == PaybackStatus.PAID_BACK:
        return "already paid back"
    if (
        payback.status == PaybackStatus.PROJECTED
        and payback.date is not None
        and payback.years_from_go_live is not None
    ):
        return (
            f"payback {payback.date.strftime('%b %Y')} ({payback.years_from_go_live:.1f} years "
            "after go-live) at the current rate"
        )
    if payback.status == PaybackStatus.NO_COST:
        return "no cost recorded"
    return "no payback at the current rate"


def money_sentence(m: Money) -> str:
    """What was spent and what came back, in two or three sentences for the board."""
    c = m.currency
    parts = [f"{money(m.cost_to_date, c)} spent to date."]
    if m.expected_annual_benefit > 0:
        parts.append(
            f"Of {money(m.expected_annual_benefit, c)} benefit a year in the business case, "
            f"{money(m.realized_annual_benefit, c)} ({percent(m.realization_ratio)}) is realized;"
            f" {money(m.realized_by_type.get('cashable', 0.0), c)} of it cashable."
        )
    else:
        parts.append("The thesis states no benefits, so no return can be computed.")
    if m.roi_to_date is not None:
        parts.append(f"ROI to date {percent(m.roi_to_date)}; {payback_words(m.payback)}.")
    return " ".join(parts)


def chain_sentence(chain: Chain) -> str:
    if chain.break_ is None:
        return "No break: no stage moved while the next one stood still."
    return f"Value disappears between {chain.break_.from_stage} and {chain.break_.to_stage}."


def levels(kpi: KpiResult) -> str:
    """``14.27 → 10.52 (target 10.7)``: where the KPI started, stands and should get to."""
    return (
        f"{number(kpi.baseline, kpi.unit)} → {number(kpi.current, kpi.unit)} "
        f"(target {number(kpi.target, kpi.unit)})"
    )


def money_rows(m: Money) -> list[tuple[str, str, str]]:
    """The money table as (label, amount, how it was computed) rows, for every document format."""
    c = m.currency
    split = ", ".join(
        f"{words(kind)} {money(value, c)}"
        for kind, value in m.realized_by_type.items()
        if value or m.expected_by_type.get(kind)
    )
    rows = [
        (
            "Cost to date",
            money(m.cost_to_date, c),
            cost_note(m),
        ),
        ("Expected benefit / yr", money(m.expected_annual_benefit, c), "at full realization"),
        ("Realized benefit / yr", money(m.realized_annual_benefit, c), split),
        ("Realization", percent(m.realization_ratio), "realized ÷ expected"),
        (
            "Benefit to date",
            money(m.benefit_to_date, c),
            "financial types: mean progress × time since go-live",
        ),
        (
            "ROI to date",
            percent(m.roi_to_date),
            "(benefit to date − cost to date) ÷ cost to date",
        ),
        ("Payback", payback_words(m.payback), ""),
    ]
    if m.npv is not None:
        rows.append(
            (
                f"NPV ({m.npv.horizon_years} yrs @ {m.npv.discount_rate:.0%})",
                money(m.npv.at_current_rate, c),
                f"at today's realization; {money(m.npv.as_planned, c)} as planned",
            )
        )
    return rows


def cost_note(m: Money) -> str:
    """How cost to date is made up: one-off, any budget overrun, run cost so far."""
    c = m.currency
    overrun = f" + overrun {money(m.budget_overrun, c)}" if m.budget_overrun else ""
    return (
        f"one-off {money(m.one_off, c)}{overrun} + run {money(m.annual_run, c)}/yr × "
        f"{m.years_since_go_live:.2f} yrs"
    )


def kpis_in_chain_order(report: Report) -> list[KpiResult]:
    """KPIs stage by stage along the chain, in the thesis's order within a stage."""
    order = {stage.stage: index for index, stage in enumerate(report.chain.stages)}
    return sorted(report.kpis, key=lambda kpi: order.get(kpi.stage, len(order)))
