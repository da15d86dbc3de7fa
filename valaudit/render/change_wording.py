"""The comparison with an earlier report in words, shared by every format.

One summary line reads like a pull-request comment ("Realization 12% → 31%; the break moved
from productivity → throughput to throughput → customer; guardrail Agent attrition newly
breached"), then the figures, the statuses and the data problems that changed, each a row a
format lays out its own way. The text is plain and unescaped: each format escapes it.
"""

from __future__ import annotations

from valaudit.model.codes import ChangeStatus, Credit, GuardrailStatus
from valaudit.model.comparison import Comparison, FigureChange, StatusChange
from valaudit.render.formatting import money, percent, words

#: Figures as people name them.
FIGURE_WORDS = {
    "realization_ratio": "Realization",
    "realized_annual_benefit": "Realized a year",
    "benefit_to_date": "Benefit to date",
    "cost_to_date": "Cost to date",
    "roi_to_date": "ROI to date",
    "gap_index": "Theory–Reality Gap",
    "expected_annual_benefit": "Expected a year",
}
STATUS_WORDS = {
    ChangeStatus.WORSENED: "worse",
    ChangeStatus.IMPROVED: "better",
    ChangeStatus.CHANGED: "changed",
    ChangeStatus.UNCHANGED: "unchanged",
}
_RATIOS = frozenset({"realization_ratio", "roi_to_date"})


def since_words(comparison: Comparison) -> str:
    """``Since the report as of 2025-12-31 (last-quarter.json)``."""
    return (
        f"Since the report as of {comparison.previous_as_of.isoformat()} "
        f"({comparison.previous_file})"
    )


def break_words(value: tuple[str, str] | None) -> str:
    return f"{value[0]} → {value[1]}" if value else "none"


def _lead_basis(comparison: Comparison) -> Credit:
    """The basis the summary leads with: attributable, unless the earlier report predates it."""
    return Credit.ATTRIBUTABLE if comparison.previous_credit is not None else Credit.OBSERVED


def figure_value(figure: str, value: float | None, currency: str) -> str:
    if value is None:
        return "n/a"
    if figure in _RATIOS:
        return percent(value)
    if figure == "gap_index":
        return f"{value:.0f}/100"
    return money(value, currency)


def figure_delta(change: FigureChange, currency: str) -> str:
    """The change, signed: ``+18 pts`` for a ratio, ``+USD 12k`` for money."""
    delta = change.delta
    if delta is None:
        return ""
    if change.figure in _RATIOS:
        return _signed(delta * 100) + " pts" if abs(delta) >= 0.0005 else "±0"
    if change.figure == "gap_index":
        return _signed(delta) if abs(delta) >= 0.05 else "±0"
    if abs(delta) < 0.5:
        return "±0"
    return ("+" if delta > 0 else "") + money(delta, currency)


def _signed(value: float) -> str:
    """One decimal, with its sign: ``+1.8``, ``−3.3``."""
    return f"{value:+.1f}".replace("-", "−")


def figure_label(change: FigureChange) -> str:
    label = FIGURE_WORDS.get(change.figure, words(change.figure))
    return f"{label} ({change.basis})" if change.basis else label


def figure_rows(comparison: Comparison, currency: str) -> list[tuple[str, str, str, str]]:
    """(figure, before, now, change) for every figure compared."""
    return [
        (
            figure_label(change),
            figure_value(change.figure, change.before, currency),
            figure_value(change.figure, change.after, currency),
            figure_delta(change, currency),
        )
        for change in comparison.figures
    ]


def status_rows(changes: tuple[StatusChange, ...]) -> list[tuple[str, str, str]]:
    """(name, before, now) for each KPI or guardrail whose status changed."""
    return [
        (
            change.name,
            words(change.before) if change.before else "not in the earlier report",
            words(change.after) if change.after else "no longer in the thesis",
        )
        for change in changes
    ]


def _realization_part(comparison: Comparison) -> str | None:
    basis = _lead_basis(comparison)
    lead = comparison.figure("realization_ratio", basis)
    if lead is None:
        return None
    text = f"Realization {percent(lead.before)} → {percent(lead.after)} {basis}"
    other = comparison.figure("realization_ratio", Credit.OBSERVED)
    if basis == Credit.ATTRIBUTABLE and other is not None:
        text += f" ({percent(other.before)} → {percent(other.after)} observed)"
    return text


def _break_part(comparison: Comparison) -> str | None:
    before, after = comparison.break_before, comparison.break_after
    if before == after:
        return None
    if before is None:
        return f"the break appeared at {break_words(after)}"
    if after is None:
        return f"the break at {break_words(before)} closed"
    return f"the break moved from {break_words(before)} to {break_words(after)}"


def _guardrail_parts(comparison: Comparison) -> list[str]:
    parts = []
    for change in comparison.guardrails:
        if change.after == GuardrailStatus.BREACHED:
            parts.append(f"guardrail {change.name} newly breached")
        elif change.before == GuardrailStatus.BREACHED and change.after == GuardrailStatus.OK:
            parts.append(f"guardrail {change.name} back within tolerance")
        elif change.after is None:
            parts.append(f"guardrail {change.name} no longer in the thesis")
        else:
            parts.append(
                f"guardrail {change.name} {words(change.before or 'new')} → {words(change.after)}"
            )
    return parts


#: KPI changes named one by one in the summary; more are counted.
_KPIS_NAMED = 3


def _kpi_part(comparison: Comparison) -> str | None:
    kpis = comparison.kpis
    if not kpis:
        return None
    named = [
        f"{change.name} {words(change.before or 'new')} → {words(change.after or 'gone')}"
        for change in kpis[:_KPIS_NAMED]
    ]
    more = len(kpis) - _KPIS_NAMED
    return "KPI " + ", ".join(named) + (f" and {more} more" if more > 0 else "")


def summary_parts(comparison: Comparison, currency: str) -> list[str]:
    """The changes that matter most, a short clause each, most important first."""
    parts = []
    if comparison.verdict_before != comparison.verdict_after:
        parts.append(
            f"verdict {words(comparison.verdict_before)} → {words(comparison.verdict_after)}"
        )
    realization = _realization_part(comparison)
    if realization:
        parts.append(realization)
    broken = _break_part(comparison)
    if broken:
        parts.append(broken)
    parts += _guardrail_parts(comparison)
    kpis = _kpi_part(comparison)
    if kpis:
        parts.append(kpis)
    basis = _lead_basis(comparison)
    to_date = comparison.figure("benefit_to_date", basis)
    if to_date is not None and to_date.delta:
        parts.append(
            f"benefit to date {money(to_date.before, currency)} → {money(to_date.after, currency)}"
        )
    if comparison.flags_added:
        parts.append("flags raised: " + ", ".join(words(f) for f in comparison.flags_added))
    if comparison.flags_removed:
        parts.append("flags cleared: " + ", ".join(words(f) for f in comparison.flags_removed))
    new, fixed = len(comparison.new_warnings), len(comparison.fixed_warnings)
    if new or fixed:
        parts.append(f"data problems: {new} new, {fixed} fixed")
    return parts


def comparison_summary(comparison: Comparison, currency: str) -> str:
    """One sentence: what changed, for a pull-request comment or a CI log."""
    parts = summary_parts(comparison, currency)
    if not parts:
        return "Nothing changed."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def comparison_verdict_line(comparison: Comparison) -> str:
    """``Worse since the report as of …: …`` or ``Better …``: the line a reader sees first."""
    since = since_words(comparison)
    if comparison.status == ChangeStatus.WORSENED:
        return f"Worse {since[0].lower()}{since[1:]}: " + " ".join(comparison.worsened)
    label = {
        ChangeStatus.IMPROVED: "Better",
        ChangeStatus.CHANGED: "Changed",
        ChangeStatus.UNCHANGED: "Unchanged",
    }[comparison.status]
    return f"{label} {since[0].lower()}{since[1:]}."
