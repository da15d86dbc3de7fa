"""The report as one self-contained HTML file that a finance lead can open, forward and print.

Nothing is fetched when the file is viewed: the styles are inline, the charts are inline SVG
(:mod:`valaudit.render.svg_chart`), there are no fonts, scripts or images, and a
Content-Security-Policy forbids loading anything should a later edit slip one in. The print
styles fit A4 portrait. Every string that did not come from this module goes through
:func:`esc`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from valaudit.model.report import GuardrailResult, Report
from valaudit.render.formatting import effect_text, money, number, percent, words
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.svg_chart import esc, kpi_chart
from valaudit.render.wording import (
    STATUS_MARK,
    STATUS_TONE,
    VERDICT_MARK,
    VERDICT_TONE,
    chain_sentence,
    kpis_in_chain_order,
    money_rows,
    money_sentence,
    verdict_title,
)

STYLE = """
:root { --good:#1a7f37; --warn:#9a6700; --bad:#cf222e; --info:#0969da; --none:#6e7781;
  --line:#d0d7de; --soft:#f6f8fa; --text:#1f2328; --muted:#57606a; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--text); margin: 0 auto; max-width: 980px; padding: 24px;
  font-size: 14px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid
  var(--line); break-after: avoid; }
.eyebrow, .muted, figcaption, footer { color: var(--muted); }
.eyebrow { margin: 0; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.verdict { border-left: 6px solid var(--tone); background: var(--soft); padding: 10px 14px;
  margin: 14px 0; }
.verdict .code { color: var(--tone); font-weight: 700; text-transform: uppercase;
  letter-spacing: .03em; }
.verdict .headline { font-size: 18px; font-weight: 600; margin: 4px 0; }
.verdict p { margin: 4px 0; }
.tone-good { --tone: var(--good); } .tone-warn { --tone: var(--warn); }
.tone-bad { --tone: var(--bad); } .tone-info { --tone: var(--info); }
.tone-none { --tone: var(--none); }
.status { color: var(--tone); font-weight: 600; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
ol.chain { list-style: none; display: flex; align-items: stretch; gap: 4px;
  padding: 0; margin: 8px 0; }
ol.chain { flex-wrap: nowrap; }
ol.chain .stage { border: 1px solid var(--line); border-top: 4px solid var(--tone);
  padding: 6px 8px; flex: 1 1 0; min-width: 0; }
ol.chain .stage b { display: block; text-transform: capitalize; }
ol.chain .link { align-self: center; color: var(--muted); font-size: 18px; }
ol.chain .link.break { color: var(--bad); font-weight: 700; }
p.break { color: var(--bad); font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px 4px 0;
  border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kpis td:first-child { width: 34%; }
tr { break-inside: avoid; }
.why { display: block; color: var(--muted); font-size: 12px; }
.progress { white-space: nowrap; }
.bar { display: inline-block; width: 56px; height: 8px; background: var(--line);
  vertical-align: middle; margin-right: 6px; }
.bar span { display: block; height: 100%; background: var(--tone); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
  gap: 10px 16px; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: 12px; }
figcaption b { color: var(--text); }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .ylab { font-size: 10px; fill: var(--muted); text-anchor: end; dominant-baseline: middle; }
svg .xlab { font-size: 10px; fill: var(--muted); text-anchor: middle; }
svg .xlab.first { text-anchor: start; } svg .xlab.last { text-anchor: end; }
svg .glab { font-size: 10px; fill: var(--muted); text-anchor: start; }
svg .glab.last { text-anchor: end; }
svg .tlab { font-size: 10px; }
svg .post { fill: #f6f8fa; }
svg .golive { stroke: #57606a; stroke-width: 1; stroke-dasharray: 4 3; }
svg .target { stroke-width: 1.2; stroke-dasharray: 1.5 2.5; }
svg .glide { fill: none; stroke: #57606a; stroke-width: 1.2; stroke-dasharray: 6 3; }
svg .series { fill: none; stroke-width: 1.8; }
svg .empty { font-size: 12px; fill: var(--muted); text-anchor: middle; }
.legend { font-size: 12px; color: var(--muted); }
.legend span { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 18px; height: 0; vertical-align: middle;
  margin-right: 4px; border-top: 2px solid var(--muted); }
.swatch.pre { border-top-color: #8c959f; } .swatch.post { border-top-color: var(--good); }
.swatch.glide { border-top: 2px dashed #57606a; }
.swatch.target { border-top: 2px dotted var(--good); }
.swatch.golive { width: 0; height: 12px; border-top: 0; border-left: 1px dashed #57606a; }
.score { letter-spacing: 1px; color: var(--tone); }
ol.questions li { margin-bottom: 4px; }
footer { margin-top: 28px; font-size: 11px; border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { margin-top: 18px; }
  .charts { grid-template-columns: repeat(2, 1fr); }
  ol.chain .stage { padding: 4px 5px; font-size: 8.5pt; }
  table.kpis { font-size: 9pt; }
  section { break-inside: auto; }
}
"""

#: Nothing may load over the network: not a script, a style sheet, a font nor an image.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _tone(status: str) -> str:
    return f"tone-{STATUS_TONE.get(status, 'none')}"


def _status(status: str) -> str:
    return (
        f'<span class="status {_tone(status)}">{STATUS_MARK.get(status, "")} '
        f"{esc(words(status))}</span>"
    )


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Sequence[int] = (),
    klass: str = "",
) -> str:
    """A table from cells that are already HTML; ``numeric`` columns are right-aligned."""

    def cell(tag: str, index: int, content: str) -> str:
        klass = ' class="num"' if index in numeric else ""
        return f"<{tag}{klass}>{content}</{tag}>"

    head = "".join(cell("th", i, esc(h)) for i, h in enumerate(header))
    body = "".join(
        "\n<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    opening = f'<table class="{klass}">' if klass else "<table>"
    return f"{opening}<thead><tr>{head}</tr></thead><tbody>{body}\n</tbody></table>"


def _section(title: str, content: str) -> str:
    return f"<section><h2>{esc(title)}</h2>{content}</section>"


def _header(report: Report, options: RenderOptions) -> str:
    verdict, initiative = report.verdict, report.initiative
    tone = VERDICT_TONE.get(verdict.code, "none")
    facts = [
        (
            "Initiative",
            f"{esc(initiative.type)}"
            + (f" · owner {esc(initiative.owner)}" if initiative.owner else ""),
        ),
        ("Go-live", initiative.go_live.isoformat()),
        ("As of", f"{report.as_of.isoformat()} ({esc(words(report.as_of_source))})"),
    ]
    if verdict.flags:
        facts.append(("Flags", esc(" · ".join(words(flag) for flag in verdict.flags))))
    if report.gap_index is not None:
        facts.append(
            (
                "Theory–Reality Gap",
                f"<b>{report.gap_index:.0f}/100</b> "
                '<span class="muted">(0 = the thesis came true, 100 = none of it did)</span>',
            )
        )
    facts.append(("Thesis", esc(options.thesis_path or report.thesis_file)))
    thesis = f'<p class="muted">{esc(initiative.thesis)}</p>' if initiative.thesis else ""
    return (
        "<header>"
        '<p class="eyebrow">Value realization audit</p>'
        f"<h1>{esc(initiative.name)}</h1>"
        f'<div class="verdict tone-{tone}">'
        f'<div class="code">{VERDICT_MARK.get(verdict.code, "")} '
        f"{esc(verdict_title(verdict.code))}</div>"
        f'<p class="headline">{esc(verdict.headline)}</p>'
        f"<p>{esc(verdict.explanation)}</p>"
        f"<p>{esc(money_sentence(report.money))}</p>"
        "</div>"
        '<dl class="facts">'
        + "".join(f"<dt>{esc(term)}</dt><dd>{value}</dd>" for term, value in facts)
        + "</dl>"
        + thesis
        + "</header>"
    )


def _chain(report: Report) -> str:
    chain = report.chain
    items = []
    for index, stage in enumerate(chain.stages):
        if index:
            broken = chain.break_ is not None and chain.break_.to_stage == stage.stage
            items.append(
                '<li class="link break" title="value leaks here">╳</li>'
                if broken
                else '<li class="link">→</li>'
            )
        items.append(
            f'<li class="stage {_tone(stage.status)}" title="{esc(stage.reason)}">'
            f"<b>{esc(stage.stage)}</b>{_status(stage.status)}</li>"
        )
    sentence = esc(chain_sentence(chain))
    closing = f'<p class="break">{sentence}</p>' if chain.break_ else f"<p>{sentence}</p>"
    return _section("Value chain", f'<ol class="chain">{"".join(items)}</ol>{closing}')


def _progress(progress: float | None, status: str) -> str:
    if progress is None:
        return "n/a"
    width = max(0.0, min(1.0, progress)) * 100
    return (
        f'<span class="progress"><span class="bar {_tone(status)}">'
        f'<span style="width:{width:.0f}%"></span></span>{percent(progress)}</span>'
    )


def _kpis(report: Report) -> str:
    if not report.kpis:
        return ""
    rows = [
        (
            f'{esc(kpi.name)}<span class="why">{esc(kpi.stage)} · {esc(kpi.reason)}</span>',
            esc(number(kpi.baseline, kpi.unit)),
            esc(number(kpi.current, kpi.unit)),
            f'{esc(number(kpi.target, kpi.unit))}<span class="why">by {kpi.by.isoformat()}'
            f"<br>path now {esc(number(kpi.expected_now, kpi.unit))}</span>",
            _progress(kpi.progress, kpi.status),
            _status(kpi.status),
            esc(effect_text(kpi.effect, kpi.unit)),
        )
        for kpi in kpis_in_chain_order(report)
    ]
    header = ("KPI", "Baseline", "Current", "Target", "Progress", "Status", "Effect")
    note = (
        '<p class="muted">Effect: the average post-go-live change beyond the counterfactual, '
        "± half its confidence interval, and how it was measured (its: against the pre-period "
        "trend; did: against control segments; level: against the pre-period level; none: "
        "against the stated baseline). ≈ marks an indicative estimate.</p>"
    )
    return _section("KPIs", _table(header, rows, numeric=(1, 2, 3), klass="kpis") + note)


def _charts(report: Report) -> str:
    if not report.kpis:
        return ""
    go_live, as_of = report.initiative.go_live, report.as_of
    figures = []
    for kpi in kpis_in_chain_order(report):
        tone = STATUS_TONE.get(kpi.status, "none")
        unit = f" ({esc(kpi.unit)})" if kpi.unit else ""
        figures.append(
            f"\n<figure>{kpi_chart(kpi, tone, go_live, as_of)}"
            f"<figcaption><b>{esc(kpi.name)}</b>{unit}<br>{esc(kpi.stage)} — "
            f"{_status(kpi.status)}</figcaption></figure>"
        )
    legend = (
        '<p class="legend"><span><i class="swatch pre"></i>before go-live</span>'
        '<span><i class="swatch post"></i>after go-live (colour = status)</span>'
        '<span><i class="swatch golive"></i> go-live</span>'
        '<span><i class="swatch glide"></i>glide path to target</span>'
        '<span><i class="swatch target"></i>target</span></p>'
    )
    return _section("KPI charts", legend + f'<div class="charts">{"".join(figures)}</div>')


def _implementation(report: Report) -> str:
    result = report.implementation
    if result.status == "not_measured":
        return ""
    rows = [
        (
            esc(m.name),
            m.planned.isoformat(),
            m.actual.isoformat() if m.actual else "—",
            esc(words(m.status))
            + (
                f" (+{m.delay_days} days)"
                if m.status in ("late", "not_delivered") and m.delay_days
                else ""
            ),
        )
        for m in result.milestones
    ]
    content = _table(("Milestone", "Planned", "Delivered", "Status"), rows) if rows else ""
    if result.budget_planned is not None:
        line = f"Budget {money(result.budget_planned, report.currency)}"
        if result.budget_actual is not None:
            line += (
                f", spent {money(result.budget_actual, report.currency)} "
                f"({percent(result.budget_variance)} vs plan)"
            )
        content += f"<p>{esc(line)}.</p>"
    return _section("Implementation", f"<p>{_status(result.status)}</p>" + content)


def _guardrail_row(rail: GuardrailResult) -> tuple[str, ...]:
    return (
        f'{esc(rail.name)}<span class="why">{esc(rail.reason)}</span>',
        esc(number(rail.baseline, rail.unit)),
        esc(number(rail.current, rail.unit)),
        esc(rail.tolerance or "beyond noise"),
        _status(rail.status),
    )


def _guardrails(report: Report) -> str:
    if not report.guardrails:
        return ""
    rows = [_guardrail_row(rail) for rail in report.guardrails]
    header = ("Guardrail", "Baseline", "Current", "Tolerance", "Status")
    return _section("Guardrails", _table(header, rows, numeric=(1, 2)))


def _money(report: Report) -> str:
    m = report.money
    rows = [(esc(label), esc(amount), esc(how)) for label, amount, how in money_rows(m)]
    content = _table(("", "Amount", "How"), rows, numeric=(1,))
    if m.benefits:
        lines = [
            (
                esc(b.name),
                esc(words(b.type)),
                esc(money(b.annual_expected, m.currency)),
                esc(money(b.annual_realized, m.currency)),
                esc(percent(b.progress)),
            )
            for b in m.benefits
        ]
        header = ("Benefit line", "Type", "Expected / yr", "Realized / yr", "KPI progress")
        content += _table(header, lines, numeric=(2, 3, 4))
    return _section(f"Money ({m.currency})", content)


def _scorecard(report: Report) -> str:
    card = report.scorecard
    if card is None:
        return ""
    rows = []
    for name, score in card.dimensions:
        tone = "bad" if score <= 2 else ("warn" if score == 3 else "good")
        rows.append(
            (
                esc(words(name)),
                f'<span class="score tone-{tone}">{"■" * score}{"□" * (5 - score)}</span>',
                f"{score}/5",
            )
        )
    summary = f"<p><b>Overall {card.overall:.1f}/5</b> — {esc(card.interpretation)}</p>"
    return _section(
        "Operating model (Theory–Reality Gap scorecard)",
        _table(("Dimension", "Score", ""), rows, numeric=(2,)) + summary,
    )


def _questions(report: Report) -> str:
    if not report.questions:
        return ""
    items = "\n".join(
        f'<li>{esc(q.text)} <span class="muted">({esc(q.because)})</span></li>'
        for q in report.questions
    )
    return _section("Questions to ask next", f'<ol class="questions">{items}</ol>')


def _warnings(report: Report) -> str:
    if not report.warnings:
        return ""
    items = "".join(
        f'<li>{esc(p.message)} <span class="muted">({esc(p.location())})</span></li>'
        for p in report.warnings
    )
    return _section(f"Warnings ({len(report.warnings)})", f"<ul>{items}</ul>")


def _footer(report: Report) -> str:
    sources = ", ".join(esc(source) for source in report.sources) or "none"
    return (
        f"<footer>valaudit {esc(report.valaudit_version)} · report version "
        f"{esc(report.report_version)} · data: {sources}. Figures are as of "
        f"{report.as_of.isoformat()}; the same files always give the same report.</footer>"
    )


def render_report(report: Report, options: RenderOptions) -> str:
    title = f"{printable(report.initiative.name)}: value realization audit"
    body = "\n".join(
        section
        for section in (
            _header(report, options),
            _chain(report),
            _kpis(report),
            _charts(report),
            _implementation(report),
            _guardrails(report),
            _money(report),
            _scorecard(report),
            _questions(report),
            _warnings(report),
            _footer(report),
        )
        if section
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="valaudit {esc(report.valaudit_version)}">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
