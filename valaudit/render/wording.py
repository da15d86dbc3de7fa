"""Sentences and marks shared by the document formats (Markdown, HTML, workbook, JUnit).

The same verdict should read the same in a pull-request comment, a printed board pack and a
CI log, so the few sentences built from figures live here rather than in each format. The
text returned is plain and unescaped: each format escapes it its own way.
"""

from __future__ import annotations

from valaudit.model.codes import (
    MOVED,
    Attribution,
    Credit,
    GuardrailStatus,
    PaybackStatus,
    StageStatus,
    VerdictCode,
)
from valaudit.model.report import (
    Chain,
    Coverage,
    KpiResult,
    Money,
    Payback,
    Realization,
    Report,
    Span,
)
from valaudit.render.formatting import money, money_range, number, percent, percent_range, words

#: A one-character mark per status, readable without colour.
STATUS_MARK: dict[str, str] = {
    StageStatus.ACHIEVED: "✓",
    StageStatus.ON_TRACK: "✓",
    StageStatus.BEHIND: "◐",
    StageStatus.FLAT: "·",
    StageStatus.REGRESSED: "✗",
    StageStatus.UNATTRIBUTED: "○",
    StageStatus.EARLY: "…",
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
    StageStatus.UNATTRIBUTED: "warn",
    StageStatus.EARLY: "info",
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


#: A KPI's attribution as a reader says it.
ATTRIBUTION_WORDS: dict[str, str] = {
    Attribution.ATTRIBUTED: "attributable",
    Attribution.NOT_ATTRIBUTED: "not attributable",
    Attribution.UNKNOWN: "attribution unknown",
}
#: The mark next to a KPI whose level moved but whose movement is not attributable.
NOT_ATTRIBUTABLE = "○ not attributable"


def attribution_marker(kpi: KpiResult) -> str:
    """``○ not attributable`` for a KPI whose level moved (achieved, on track, behind) but whose
    movement the evidence does not credit to the initiative; empty otherwise."""
    if kpi.status in MOVED and kpi.attribution != Attribution.ATTRIBUTED:
        return NOT_ATTRIBUTABLE
    return ""


def attributable_text(kpi: KpiResult) -> str:
    """``attributable 41% (31–51%)``: the KPI's attributable progress and its interval."""
    if kpi.attributable_progress is None:
        return "attributable n/a"
    text = f"attributable {percent(kpi.attributable_progress)}"
    if kpi.attributable_low is not None and kpi.attributable_high is not None:
        text += f" ({percent_range(kpi.attributable_low, kpi.attributable_high)})"
    return text


def coverage_sentence(coverage: Coverage | None) -> str:
    """``Coverage: 5 of 5 KPI(s) named in the thesis have data (adoption 1/1, ...).``"""
    if coverage is None:
        return ""
    stages = ", ".join(f"{s.stage} {s.with_data}/{s.named}" for s in coverage.stages)
    head = (
        f"Coverage{' is low' if coverage.low else ''}: {coverage.with_data} of {coverage.named} "
        "KPI(s) named in the thesis have data"
    )
    return f"{head} ({stages})." if stages else head + "."


def _basis(credit: Credit) -> str:
    return "attributable" if credit == Credit.ATTRIBUTABLE else "observed"


def held_back(m: Money) -> float:
    """Benefit a year the KPIs show but the evidence does not credit to the initiative."""
    if m.observed is None or m.attributable is None:
        return 0.0
    return max(0.0, m.observed.realized_annual_benefit - m.attributable.realized_annual_benefit)


def money_sentence(m: Money) -> str:
    """What was spent and what came back, in a few sentences for the board."""
    c = m.currency
    parts = [f"{money(m.cost_to_date, c)} spent to date."]
    observed, attributable = m.observed, m.attributable
    if m.expected_annual_benefit <= 0:
        parts.append("The thesis states no benefits, so no return can be computed.")
    elif observed is None or attributable is None:
        parts.append(
            f"Of {money(m.expected_annual_benefit, c)} benefit a year in the business case, "
            f"{money(m.realized_annual_benefit, c)} ({percent(m.realization_ratio)}) is realized;"
            f" {money(m.realized_by_type.get('cashable', 0.0), c)} of it cashable."
        )
    else:
        span = attributable.realized_annual_benefit_range
        allows = f" (the evidence allows {money_range(span.low, span.high, c)})" if span else ""
        parts.append(
            f"Of {money(m.expected_annual_benefit, c)} benefit a year in the business case, the "
            f"KPIs show {money(observed.realized_annual_benefit, c)} "
            f"({percent(observed.realization_ratio)}); "
            f"{money(attributable.realized_annual_benefit, c)} "
            f"({percent(attributable.realization_ratio)}) is attributable to the initiative"
            f"{allows}."
        )
        held = held_back(m)
        if held >= 0.5:
            parts.append(
                f"{money(held, c)} a year is observed but not attributable"
                + (", so it is not credited." if m.credit == Credit.ATTRIBUTABLE else ".")
            )
        cashable = m.realized_by_type.get("cashable", 0.0)
        parts.append(f"{money(cashable, c)} of the {_basis(m.credit)} benefit is cashable.")
        if m.credit == Credit.OBSERVED:
            parts.append("Return is credited on observed progress (settings.credit: observed).")
    if m.roi_to_date is not None:
        roi = f"ROI to date {percent(m.roi_to_date)}"
        if observed is not None and attributable is not None:
            other = attributable if m.credit == Credit.OBSERVED else observed
            span = attributable.roi_to_date_range
            details = []
            if m.credit == Credit.ATTRIBUTABLE and span is not None:
                details.append(percent_range(span.low, span.high))
            details.append(f"{percent(other.roi_to_date)} on {_basis(other.basis)} progress")
            roi += f" ({'; '.join(details)})"
        parts.append(f"{roi}; {payback_words(m.payback)}.")
    return " ".join(parts)


def gap_figure(report: Report) -> str:
    """``62/100`` and, with both bases known, ``(attributable; the evidence allows 40–100;
    observed 0/100)``."""
    if report.gap_index is None:
        return "n/a"
    text = f"{report.gap_index:.0f}/100"
    gap = report.gap
    if gap is None:
        return text
    details = [_basis(gap.credit)]
    span = gap.attributable_range
    if (
        gap.credit == Credit.ATTRIBUTABLE
        and span is not None
        and round(span.low) != round(span.high)
    ):
        details.append(f"the evidence allows {span.low:.0f}–{span.high:.0f}")
    other = gap.observed if gap.credit == Credit.ATTRIBUTABLE else gap.attributable
    if other is not None:
        basis = "observed" if gap.credit == Credit.ATTRIBUTABLE else "attributable"
        details.append(f"{basis} {other:.0f}/100")
    coverage = report.coverage
    if coverage is not None:
        measured = {k.stage for k in report.kpis if k.progress is not None}
        if len(measured) < len(coverage.stages):
            details.append(f"from {len(measured)} of the {len(coverage.stages)} stages named")
    return f"{text} ({'; '.join(details)})"


def chain_sentence(chain: Chain) -> str:
    if chain.break_ is None:
        return "No break: no stage moved while the next one stood still."
    return f"Value disappears between {chain.break_.from_stage} and {chain.break_.to_stage}."


def chain_sentence_after(text: str, chain: Chain) -> str:
    """:func:`chain_sentence`, or nothing when ``text`` (a verdict headline, say) already
    names the break: a one-line summary says where value disappears once."""
    if chain.break_ is not None and (
        f"between {chain.break_.from_stage} and {chain.break_.to_stage}" in text
    ):
        return ""
    return chain_sentence(chain)


def levels(kpi: KpiResult) -> str:
    """``14.27 → 10.52 (target 10.7)``: where the KPI started, stands and should get to."""
    return (
        f"{number(kpi.baseline, kpi.unit)} → {number(kpi.current, kpi.unit)} "
        f"(target {number(kpi.target, kpi.unit)})"
    )


def money_rows(m: Money) -> list[tuple[str, str, str]]:
    """The cost and the business case as (label, amount, how it was computed) rows."""
    c = m.currency
    rows = [
        ("Cost to date", money(m.cost_to_date, c), cost_note(m)),
        ("Expected benefit / yr", money(m.expected_annual_benefit, c), expected_note(m)),
    ]
    if m.npv is not None:
        rows.append(
            (
                f"NPV as planned ({m.npv.horizon_years} yrs @ {m.npv.discount_rate:.0%})",
                money(m.npv.as_planned, c),
                "the business case at full realization",
            )
        )
    return rows


def expected_note(m: Money) -> str:
    margins = [b for b in m.benefits if b.margin is not None]
    note = "at full realization"
    if margins:
        note += (
            "; revenue at its margin ("
            + ", ".join(
                f"{percent(b.margin)} of {money(b.annual_stated, m.currency)}" for b in margins
            )
            + ")"
        )
    return note


def return_header(m: Money) -> tuple[str, str, str, str]:
    """Columns of :func:`return_rows`; the credited basis is marked."""
    attributable = "Attributable" + (" (credited)" if m.credit == Credit.ATTRIBUTABLE else "")
    observed = "Observed" + (" (credited)" if m.credit == Credit.OBSERVED else "")
    return ("", attributable, "Range the evidence allows", observed)


def return_rows(m: Money) -> list[tuple[str, str, str, str]]:
    """The return on both bases: (label, attributable, its range, observed)."""
    att, obs = m.attributable, m.observed
    if att is None or obs is None:
        return []
    c = m.currency

    def amounts(a: float, span: Span | None, o: float) -> tuple[str, str, str]:
        return money(a, c), money_range(span.low, span.high, c) if span else "", money(o, c)

    rows = [
        (
            "Realized benefit / yr",
            *amounts(
                att.realized_annual_benefit,
                att.realized_annual_benefit_range,
                obs.realized_annual_benefit,
            ),
        )
    ]
    for kind, expected in m.expected_by_type.items():
        if expected or att.realized_by_type.get(kind) or obs.realized_by_type.get(kind):
            rows.append(
                (
                    f"  of which {words(kind)}",
                    money(att.realized_by_type.get(kind, 0.0), c),
                    "",
                    money(obs.realized_by_type.get(kind, 0.0), c),
                )
            )
    ratio_span = att.realized_annual_benefit_range
    rows.append(
        (
            "Realization",
            percent(att.realization_ratio),
            percent_range(
                ratio_span.low / m.expected_annual_benefit,
                ratio_span.high / m.expected_annual_benefit,
            )
            if ratio_span is not None and m.expected_annual_benefit > 0
            else "",
            percent(obs.realization_ratio),
        )
    )
    rows.append(
        (
            "Benefit to date",
            *amounts(att.benefit_to_date, att.benefit_to_date_range, obs.benefit_to_date),
        )
    )
    roi_span = att.roi_to_date_range
    rows.append(
        (
            "ROI to date",
            percent(att.roi_to_date),
            percent_range(roi_span.low, roi_span.high) if roi_span is not None else "",
            percent(obs.roi_to_date),
        )
    )
    if m.npv is not None and att.npv_at_current_rate is not None:
        npv_span = att.npv_range
        rows.append(
            (
                f"NPV at this rate ({m.npv.horizon_years} yrs @ {m.npv.discount_rate:.0%})",
                money(att.npv_at_current_rate, c),
                money_range(npv_span.low, npv_span.high, c) if npv_span is not None else "",
                money(obs.npv_at_current_rate, c),
            )
        )
    return rows


def payback_sentence(m: Money) -> str:
    """``Payback: ...`` on the credited basis, and on the other one when it differs."""
    text = f"Payback: {payback_words(m.payback)}"
    other: Realization | None = m.observed if m.credit == Credit.ATTRIBUTABLE else m.attributable
    if other is not None and payback_words(other.payback) != payback_words(m.payback):
        text += (
            f" ({_basis(m.credit)}); {payback_words(other.payback)} on "
            f"{_basis(other.basis)} progress"
        )
    return text + "."


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
