"""The report as GitHub-flavoured Markdown, sized for a pull-request comment or a job summary.

One screen: the verdict and its headline, the chain with the break marked, one KPI table,
guardrails, money, the questions to ask and any warnings. Every string that did not come
from this module goes through :func:`escape`, so a KPI called ``a | b`` or ``<img>`` cannot
break the table, inject HTML or ping a GitHub user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from valaudit.model.codes import KpiStatus
from valaudit.model.report import KpiResult, Report
from valaudit.render.effect_wording import effect_details
from valaudit.render.formatting import (
    effect_text,
    money,
    money_range,
    number,
    percent,
    progress_bar,
    words,
)
from valaudit.render.markdown_changes import comparison_lines, trajectory_lines
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.wording import (
    STATUS_MARK,
    VERDICT_MARK,
    attributable_text,
    attribution_marker,
    chain_sentence,
    coverage_sentence,
    gap_figure,
    kpis_in_chain_order,
    levels,
    money_rows,
    money_sentence,
    payback_sentence,
    return_header,
    return_rows,
    verdict_title,
)

#: Characters with a meaning anywhere in a line of GitHub Markdown (emphasis, code, links,
#: HTML, tables, strikethrough, maths, entities, headings).
_INLINE = re.compile(r"([\\`*_\[\]<>|~$&#])")
#: Characters that only mean something at the start of a line (lists, setext headings).
_LEADING = re.compile(r"^([-+=])|^(\d+)([.)])")


def escape(value: object, *, block: bool = False) -> str:
    """``value`` as Markdown text that renders literally, on one line.

    ``block`` is for text that starts a paragraph or list item, where a leading ``-`` or
    ``1.`` would open a list; table cells and text after other words need no such escape.
    """
    text = " ".join(printable(value).split())
    text = _INLINE.sub(r"\\\1", text)
    # A backslash before the colon stops GitHub turning a bare URL into a link.
    text = text.replace("://", "\\://")
    # A word joiner after @ keeps "@team" from notifying anyone; it is invisible.
    text = re.sub(r"@(?=\w)", "@\u2060", text)
    if not block:
        return text
    return _LEADING.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column (l, r), left by default."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _status(code: str) -> str:
    return f"{STATUS_MARK.get(code, '')} {words(code)}".strip()


def _headline(report: Report) -> list[str]:
    verdict = report.verdict
    initiative = report.initiative
    lines = [
        f"## {VERDICT_MARK.get(verdict.code, '')} {verdict_title(verdict.code)}: "
        f"{escape(initiative.name)}",
        "",
        f"**{escape(verdict.headline)}** {escape(verdict.explanation)}",
        "",
    ]
    if verdict.caveats:
        lines += [f"- ⚠ {escape(caveat)}" for caveat in verdict.caveats] + [""]
    lines += [escape(money_sentence(report.money), block=True), ""]
    facts = [
        f"{escape(initiative.type)} · go-live {initiative.go_live.isoformat()} · "
        f"as of {report.as_of.isoformat()} ({words(report.as_of_source)})"
    ]
    if report.coverage is not None:
        facts.append(
            f"**{escape(coverage_sentence(report.coverage))}**"
            if report.coverage.low
            else escape(coverage_sentence(report.coverage))
        )
    if verdict.flags:
        facts.append("**Flags:** " + " · ".join(words(flag) for flag in verdict.flags))
    if report.gap_index is not None:
        facts.append(
            f"**Theory–Reality Gap:** {escape(gap_figure(report))} "
            "(0 = the thesis came true, 100 = none of it did)"
        )
    # Two trailing spaces: a hard line break, so the facts stack without a list.
    lines += [line + "  " for line in facts[:-1]] + facts[-1:]
    return lines


def _chain(report: Report) -> list[str]:
    chain = report.chain
    parts = []
    for index, stage in enumerate(chain.stages):
        if index:
            broken = chain.break_ is not None and chain.break_.to_stage == stage.stage
            parts.append(" **╳** " if broken else " → ")
        parts.append(f"{stage.stage} {_status(stage.status)}")
    sentence = chain_sentence(chain)
    return [
        "### Value chain",
        "",
        "".join(parts),
        "",
        f"**{sentence}**" if chain.break_ else sentence,
    ]


def _links(report: Report) -> list[str]:
    """The links across segments: a table, the summary and the caveat."""
    from valaudit.render.link_text import LINK_MARK, link_title, slope_text

    analysis = report.links
    if analysis is None:
        return []
    rows = [
        (
            escape(link_title(link)),
            f"{LINK_MARK[link.status]} {_status(link.status)}",
            escape(slope_text(link)),
            str(link.segments),
            "n/a" if link.correlation is None else f"{link.correlation:.2f}",
            escape(link.reason),
        )
        for link in analysis.links
    ]
    lines = ["#### Links across segments", ""]
    lines += _table(("Link", "Status", "Slope (interval)", "Segments", "r", "Why"), rows)
    if analysis.summary:
        lines += ["", f"**{escape(analysis.summary)}**"]
    return [*lines, "", f"*{escape(analysis.caveat)}*"]


def _kpis(report: Report) -> list[str]:
    if not report.kpis:
        return []
    rows = [
        (
            kpi.stage,
            escape(kpi.name),
            escape(levels(kpi)),
            progress_bar(kpi.progress, width=5),
            _status(kpi.status),
            escape(effect_text(kpi.effect, kpi.unit)),
            _attributable(kpi),
        )
        for kpi in kpis_in_chain_order(report)
    ]
    header = (
        "Stage",
        "KPI",
        "Baseline → current (target)",
        "Progress",
        "Status",
        "Effect",
        "Attributable",
    )
    lines = ["### KPIs", "", *_table(header, rows)]
    measured = [
        f"- **{escape(kpi.name)}**: {escape(' '.join(details))}"
        for kpi in kpis_in_chain_order(report)
        if (details := effect_details(kpi.effect, kpi.granularity, kpi.unit))
    ]
    if measured:
        lines += ["", "How each effect was measured:", "", *measured]
    lines += [
        "",
        "<sub>Effect: the average post-go-live change beyond the counterfactual, ± half its "
        f"{_confidence(report)} interval, and how it was measured (its: against the pre-period "
        "trend; did: against control segments; level: against the pre-period level; none: "
        "against the stated baseline). ≈ marks an indicative estimate. Attributable: the effect "
        "as a share of the promised change, with its interval; ○ marks a KPI whose level moved "
        "but whose movement is not attributable to the initiative.</sub>",
    ]
    return lines


def _attributable(kpi: KpiResult) -> str:
    if kpi.status == KpiStatus.NO_DATA:
        return ""
    text = escape(attributable_text(kpi).removeprefix("attributable "))
    marker = attribution_marker(kpi)
    return f"{text} **{marker}**" if marker else text


def _confidence(report: Report) -> str:
    levels_used = sorted({kpi.effect.confidence for kpi in report.kpis})
    return "/".join(f"{level:.0%}" for level in levels_used) if levels_used else "95%"


def _guardrails(report: Report) -> list[str]:
    if not report.guardrails:
        return []
    rows = [
        (
            escape(rail.name),
            f"{number(rail.baseline, rail.unit)} → {number(rail.current, rail.unit)}",
            escape(rail.tolerance or "beyond noise"),
            _status(rail.status),
            escape(rail.reason),
        )
        for rail in report.guardrails
    ]
    header = ("Guardrail", "Baseline → current", "Tolerance", "Status", "Why")
    return ["### Guardrails", "", *_table(header, rows)]


def _money(report: Report) -> list[str]:
    m = report.money
    c = m.currency
    rows = [(label, amount, escape(how)) for label, amount, how in money_rows(m)]
    lines = [f"### Money ({escape(c)})", "", *_table(("", "Amount", "How"), rows, "lr")]
    returns = return_rows(m)
    if returns:
        lines += ["", *_table(return_header(m), returns, "lrrr")]
    lines += ["", escape(payback_sentence(m), block=True)]
    if m.notes:
        lines += ["", *(f"- ⚠ {escape(note)}" for note in m.notes)]
    if m.benefits:
        benefit_rows = [
            (
                escape(b.name),
                words(b.type) + (f" at {percent(b.margin)}" if b.margin is not None else ""),
                money(b.annual_expected, c),
                money(b.annual_realized_attributable, c),
                money_range(b.annual_realized_range.low, b.annual_realized_range.high, c)
                if b.annual_realized_range is not None
                else "",
                money(b.annual_realized_observed, c),
            )
            for b in m.benefits
        ]
        header = (
            "Benefit line",
            "Type",
            "Expected / yr",
            "Attributable / yr",
            "Range",
            "Observed / yr",
        )
        lines += ["", *_table(header, benefit_rows, "llrrrr")]
    return lines


def _questions(report: Report) -> list[str]:
    if not report.questions:
        return []
    lines = ["### Questions to ask next", ""]
    lines += [
        f"{index}. {escape(q.text, block=True)} <sub>{escape(q.because)}</sub>"
        for index, q in enumerate(report.questions, start=1)
    ]
    return lines


def _warnings(report: Report) -> list[str]:
    if not report.warnings:
        return []
    lines = [f"### Warnings ({len(report.warnings)})", ""]
    lines += [
        f"- ⚠ {escape(problem.message)} <sub>{escape(problem.location())}</sub>"
        for problem in report.warnings
    ]
    return lines


def _footer(report: Report, options: RenderOptions) -> list[str]:
    thesis = options.thesis_path or report.thesis_file
    return [
        f"<sub>valaudit {escape(report.valaudit_version)} · thesis {escape(thesis)} · "
        f"report version {escape(report.report_version)}</sub>"
    ]


def render_report(report: Report, options: RenderOptions) -> str:
    comparison, trajectory = report.comparison, report.trajectory
    sections = [
        _headline(report),
        comparison_lines(comparison, report.currency, escape, _table) if comparison else [],
        _chain(report),
        _links(report),
        _kpis(report),
        _guardrails(report),
        _money(report),
        trajectory_lines(trajectory, report.currency, escape, _table) if trajectory else [],
        _questions(report),
        _warnings(report),
        _footer(report, options),
    ]
    return "\n\n".join("\n".join(section) for section in sections if section) + "\n"
