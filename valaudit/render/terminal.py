"""The report for people at a terminal (``terminal``) or in a log (``text``).

Leads with the verdict and the money question, draws the chain with the break marked,
then one table per stage, guardrails, money, the scorecard and the questions; warnings
last. Every user-supplied string goes in as a rich ``Text`` (never markup) after
:func:`printable`, so nothing in a client's file can style or control the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from valaudit.model.codes import (
    GuardrailStatus,
    KpiStatus,
    MilestoneStatus,
    Movement,
    StageStatus,
    VerdictCode,
)
from valaudit.model.report import GuardrailResult, KpiResult, Report, StageResult
from valaudit.render.effect_wording import effect_details
from valaudit.render.formatting import (
    METHOD_WORDS,
    effect_text,
    money,
    number,
    percent,
    progress_bar,
    sparkline,
    without_trailing_spaces,
    words,
)
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.terminal_changes import draw_comparison, draw_trajectory
from valaudit.render.terminal_money import draw_money
from valaudit.render.wording import (
    attributable_text,
    attribution_marker,
    chain_sentence,
    coverage_sentence,
    gap_figure,
    money_sentence,
)

#: Mark and colour per stage, KPI or guardrail status (KPI statuses are stage statuses too).
STATUS_MARK: dict[str, tuple[str, str]] = {
    StageStatus.ACHIEVED: ("✓", "green"),
    StageStatus.ON_TRACK: ("✓", "green"),
    StageStatus.BEHIND: ("◐", "yellow"),
    StageStatus.FLAT: ("·", "red"),
    StageStatus.REGRESSED: ("✗", "red"),
    StageStatus.UNATTRIBUTED: ("○", "yellow"),
    StageStatus.EARLY: ("…", "cyan"),
    StageStatus.NO_DATA: ("?", "dim"),
    StageStatus.NOT_MEASURED: ("–", "dim"),
    GuardrailStatus.OK: ("✓", "green"),
    GuardrailStatus.BREACHED: ("✗", "red"),
}
VERDICT_STYLE: dict[str, str] = {
    VerdictCode.VALUE_REALIZED: "green",
    VerdictCode.PARTIALLY_REALIZED: "yellow",
    VerdictCode.TOO_EARLY: "cyan",
    VerdictCode.INSUFFICIENT_DATA: "cyan",
    VerdictCode.IMPLEMENTATION_STALLED: "red",
    VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME: "red",
}


class _Builder:
    def __init__(self, report: Report, options: RenderOptions) -> None:
        from rich.console import Console

        self.report = report
        self.options = options
        self.console = Console(
            width=options.width,
            color_system="truecolor" if options.color else None,
            force_terminal=options.color,
            no_color=not options.color,
            record=True,
            file=io.StringIO(),
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
            soft_wrap=False,
        )

    def text(self, value: object, style: str = "") -> Any:
        from rich.text import Text

        return Text(printable(value), style=style)

    def heading(self, title: str) -> None:
        from rich.rule import Rule

        self.console.print()
        self.console.print(Rule(self.text(title, "bold"), align="left", characters="─"))

    def render(self) -> str:
        self.headline()
        if self.report.comparison is not None:
            draw_comparison(self, self.report.comparison, self.report.currency)
        self.chain()
        self.stage_tables()
        self.guardrails()
        draw_money(self, self.report.money, self.options.width)
        if self.report.trajectory is not None:
            trajectory = self.report.trajectory
            draw_trajectory(self, trajectory, self.report.currency, self.options.width)
        self.scorecard()
        self.questions()
        self.warnings()
        text = self.console.export_text(styles=self.options.color)
        if not self.options.color:
            text = without_trailing_spaces(text)
        return text

    def headline(self) -> None:
        from rich.panel import Panel
        from rich.text import Text

        r = self.report
        verdict = r.verdict
        style = VERDICT_STYLE.get(verdict.code, "bold")
        body = Text()
        body.append(words(verdict.code).upper(), style=f"bold {style}")
        body.append("\n")
        body.append(verdict.headline, style="bold")
        body.append("\n")
        body.append(verdict.explanation, style="dim")
        for caveat in verdict.caveats:
            body.append("\n⚠ ", style="bold yellow")
            body.append(printable(caveat), style="yellow")
        body.append("\n\n")
        body.append(money_sentence(self.report.money))
        if r.coverage is not None:
            body.append(
                "\n" + coverage_sentence(r.coverage), style="yellow" if r.coverage.low else ""
            )
        if verdict.flags:
            body.append("\nFlags: ", style="bold")
            body.append(" · ".join(words(flag) for flag in verdict.flags), style="yellow")
        if r.gap_index is not None:
            body.append("\nTheory–Reality Gap: ", style="bold")
            body.append(gap_figure(r), style=style)
            body.append(" (0 = the thesis came true, 100 = none of it did)", style="dim")
        title = Text()
        title.append(printable(r.initiative.name), style="bold")
        title.append(f" · {r.initiative.type} · as of {r.as_of.isoformat()}")
        self.console.print(
            Panel(body, title=title, title_align="left", border_style=style, padding=(0, 1))
        )

    def chain(self) -> None:
        from rich.table import Table
        from rich.text import Text

        self.heading("Value chain")
        stages = self.report.chain.stages
        broken = self.report.chain.break_
        if self.options.width >= 90:
            table = Table.grid(padding=(0, 0))
            cells_top: list[Any] = []
            cells_bottom: list[Any] = []
            for index, stage in enumerate(stages):
                mark, style = STATUS_MARK[stage.status]
                if index:
                    is_break = broken is not None and broken.to_stage == stage.stage
                    cells_top.append(
                        Text(" ╳ " if is_break else " → ", style="bold red" if is_break else "dim")
                    )
                    cells_bottom.append(Text(""))
                    table.add_column(no_wrap=True)
                table.add_column(no_wrap=True)
                cells_top.append(Text(stage.stage, style="bold"))
                cells_bottom.append(Text(f"{mark} {words(stage.status)}", style=style))
            table.add_row(*cells_top)
            table.add_row(*cells_bottom)
            self.console.print(table)
        else:
            for index, stage in enumerate(stages):
                mark, style = STATUS_MARK[stage.status]
                if index:
                    is_break = broken is not None and broken.to_stage == stage.stage
                    self.console.print(
                        Text(
                            "  ╳ value leaks here" if is_break else "  │",
                            style="bold red" if is_break else "dim",
                        )
                    )
                line = Text(f"  {mark} ", style=style)
                line.append(f"{stage.stage:<15}", style="bold")
                line.append(words(stage.status), style=style)
                self.console.print(line)
        style = "bold red" if broken is not None else "dim"
        self.console.print(Text(chain_sentence(self.report.chain), style=style))
        self.links()

    def links(self) -> None:
        """The links across segments, right under the chain they test."""
        from rich.text import Text

        from valaudit.render.link_text import link_lines

        analysis = self.report.links
        if analysis is None:
            return
        self.console.print(Text("Links across segments", style="bold"))
        for line in link_lines(analysis):
            self.console.print(Text(printable(line)))

    def stage_tables(self) -> None:
        kpis = self.report.kpis
        for stage in self.report.chain.stages:
            if stage.stage == "implementation":
                self.implementation(stage)
                continue
            members = [k for k in kpis if k.stage == stage.stage]
            if members:
                self.kpi_table(stage, members)

    def implementation(self, stage: StageResult) -> None:
        from rich.table import Table

        result = self.report.implementation
        if result.status == StageStatus.NOT_MEASURED:
            return
        mark, _style = STATUS_MARK[result.status]
        self.heading(f"Implementation — {mark} {words(result.status)}")
        if result.milestones:
            table = Table(
                box=None,
                show_header=True,
                header_style="bold",
                pad_edge=False,
                padding=(0, 2, 0, 0),
            )
            for column in ("Milestone", "Planned", "Delivered", "Status"):
                table.add_column(column)
            for m in result.milestones:
                delay = (
                    f" (+{m.delay_days} days)"
                    if m.status in (MilestoneStatus.LATE, MilestoneStatus.NOT_DELIVERED)
                    and m.delay_days
                    else ""
                )
                table.add_row(
                    self.text(m.name),
                    m.planned.isoformat(),
                    m.actual.isoformat() if m.actual else "—",
                    self.text(
                        words(m.status) + delay,
                        "green" if m.status == MilestoneStatus.ON_TIME else "yellow",
                    ),
                )
            self.console.print(table)
        if result.budget_planned is not None:
            currency = self.report.currency
            line = f"Budget {money(result.budget_planned, currency)}"
            if result.budget_actual is not None:
                spent = money(result.budget_actual, currency)
                line += f", spent {spent} ({percent(result.budget_variance)} vs plan)"
            self.console.print(self.text(line))

    def kpi_table(self, stage: StageResult, kpis: Sequence[KpiResult]) -> None:
        from rich.table import Table
        from rich.text import Text

        mark, _style = STATUS_MARK[stage.status]
        self.heading(f"{stage.stage.capitalize()} — {mark} {words(stage.status)}")
        narrow = self.options.width < 100
        table = Table(
            box=None,
            show_header=True,
            header_style="bold",
            pad_edge=False,
            padding=(0, 2, 0, 0),
            expand=False,
        )
        table.add_column("KPI / status", ratio=3, overflow="fold")
        table.add_column("Baseline → now (target)", ratio=3, min_width=15)
        with_trend = self.options.width >= 72
        if with_trend:
            table.add_column("Trend", no_wrap=True)
        table.add_column("Effect (±)", no_wrap=True)
        points = 12 if narrow else 24
        for kpi in kpis:
            kmark, kstyle = STATUS_MARK[kpi.status]
            name = self.text(kpi.name, "bold")
            name.append(f"\n{kmark} {words(kpi.status)}", style=kstyle)
            marker = attribution_marker(kpi)
            if marker:
                name.append(f"\n{marker}", style="yellow")
            levels = Text(f"{number(kpi.baseline, kpi.unit)} → {number(kpi.current, kpi.unit)}")
            levels.append(f" ({number(kpi.target, kpi.unit)})", style="dim")
            levels.append(f"\n{progress_bar(kpi.progress)}", style=kstyle)
            if kpi.status != KpiStatus.NO_DATA:
                levels.append(f"\n{attributable_text(kpi)}", style="dim")
            # Estimate, interval and method on their own short lines, so a narrow terminal
            # wraps the table rather than cutting numbers off.
            method = METHOD_WORDS.get(kpi.effect.method, kpi.effect.method)
            figures = effect_text(kpi.effect, kpi.unit).removesuffix(f" {method}")
            estimate, _, rest = figures.partition(" ±")
            effect = Text(estimate, style="bold" if kpi.effect.moved != Movement.NONE else "")
            if rest:
                effect.append(f"\n±{rest}")
            effect.append(f"\n{method}", style="dim")
            cells = [name, levels]
            if with_trend:
                cells.append(Text(sparkline(kpi.series[-points:]), style="cyan"))
            table.add_row(*cells, effect)
        self.console.print(table)
        for kpi in kpis:
            if kpi.effect.caveats:
                note = Text(f"≈ {printable(kpi.id)}: ", style="dim bold")
                note.append("; ".join(kpi.effect.caveats), style="dim")
                self.console.print(note)
            details = effect_details(kpi.effect, kpi.granularity, kpi.unit)
            if details:
                note = Text(f"  {printable(kpi.id)}: ", style="dim bold")
                note.append(" ".join(details), style="dim")
                self.console.print(note)

    def guardrails(self) -> None:
        from rich.table import Table
        from rich.text import Text

        rails: Sequence[GuardrailResult] = self.report.guardrails
        if not rails:
            return
        self.heading("Guardrails")
        table = Table(
            box=None, show_header=True, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0)
        )
        for column in ("Guardrail", "Baseline → now", "Tolerance", "Status"):
            table.add_column(column)
        for g in rails:
            mark, style = STATUS_MARK[g.status]
            table.add_row(
                self.text(g.name),
                f"{number(g.baseline, g.unit)} → {number(g.current, g.unit)}",
                self.text(g.tolerance or "beyond noise"),
                Text(f"{mark} {words(g.status)}", style=style),
            )
        self.console.print(table)

    def scorecard(self) -> None:
        from rich.table import Table
        from rich.text import Text

        card = self.report.scorecard
        if card is None:
            return
        self.heading("Operating model (Theory–Reality Gap scorecard)")
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column()
        table.add_column(no_wrap=True)
        for name, score in card.dimensions:
            style = "red" if score <= 2 else ("yellow" if score == 3 else "green")
            table.add_row(
                words(name), Text("■" * score + "□" * (5 - score) + f" {score}/5", style=style)
            )
        self.console.print(table)
        self.console.print(
            Text(f"Overall {card.overall:.1f}/5 — {card.interpretation}", style="bold")
        )

    def questions(self) -> None:
        from rich.padding import Padding
        from rich.text import Text

        if not self.report.questions:
            return
        self.heading("Questions to ask next")
        reasons = list(dict.fromkeys(q.because for q in self.report.questions))
        for reason in reasons:
            self.console.print(Text(reason, style="dim"))
            for question in self.report.questions:
                if question.because == reason:
                    line = Text("• ", style="bold")
                    line.append(question.text)
                    self.console.print(Padding(line, (0, 0, 0, 2)))

    def warnings(self) -> None:
        from rich.text import Text

        if not self.report.warnings:
            return
        self.heading(f"Warnings ({len(self.report.warnings)})")
        for problem in self.report.warnings:
            line = Text("⚠ ", style="yellow")
            line.append(printable(problem.message))
            line.append(f"  ({printable(problem.location())})", style="dim")
            self.console.print(line)


def render_report(report: Report, options: RenderOptions) -> str:
    return _Builder(report, options).render()
