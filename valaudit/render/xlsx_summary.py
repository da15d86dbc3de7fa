"""The workbook's Summary sheet: what a board member reads first, top to bottom.

Initiative, verdict and headline, the chain with the break, money as numbers Excel can sum
(with the currency in the number format, not in the text), benefit lines, the scorecard, the
questions and any warnings. Long sentences sit in cells merged across the sheet's text
columns, so they wrap into paragraphs rather than running off the page.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.model.codes import Credit
from valaudit.model.report import Realization, Report, Span
from valaudit.render.formatting import words
from valaudit.render.wording import (
    ATTRIBUTION_WORDS,
    STATUS_MARK,
    STATUS_TONE,
    VERDICT_MARK,
    VERDICT_TONE,
    chain_sentence,
    coverage_sentence,
    expected_note,
    gap_figure,
    money_sentence,
    payback_sentence,
    verdict_title,
)
from valaudit.render.xlsx_cells import (
    BOLD,
    FONT,
    TOP,
    WRAP,
    fill,
    fit_rows,
    header,
    print_setup,
    put,
    widths,
)

#: A: labels; B: statuses and amounts; C: explanations; D-F: more figures.
COLUMN_WIDTHS = (28, 16, 44, 16, 16, 16)
LAST_COLUMN = len(COLUMN_WIDTHS)
RED = "CF222E"
AMBER = "9A6700"
PADDED_PERCENT = "0%_)"


class SummaryWriter:
    """Writes the sheet top to bottom, keeping track of the next free row."""

    def __init__(self, sheet: Worksheet, report: Report) -> None:
        self.sheet, self.report, self.row = sheet, report, 1
        m = report.money
        # The trailing "_)" pads the figure away from the explanation next to it.
        self.amount = f'#,##0 "{m.currency}"_);-#,##0 "{m.currency}"_)'

    def cells(self, *values: Any, formats: tuple[str, ...] = (), bold: bool = False) -> None:
        """One row of cells from column A on."""
        for column, value in enumerate(values, start=1):
            number_format = formats[column - 1] if column - 1 < len(formats) else ""
            cell = put(self.sheet, self.row, column, value, number_format)
            cell.alignment = WRAP if isinstance(value, str) else TOP
            if bold:
                cell.font = BOLD
        self.row += 1

    def paragraph(self, label: str, text: str, *, first_column: int = 2) -> None:
        """A label in A and ``text`` merged across the rest of the row."""
        if label:
            put(self.sheet, self.row, 1, label).font = BOLD
            self.sheet.cell(row=self.row, column=1).alignment = TOP
        put(self.sheet, self.row, first_column, text).alignment = WRAP
        self.sheet.merge_cells(
            start_row=self.row,
            start_column=first_column,
            end_row=self.row,
            end_column=LAST_COLUMN,
        )
        self.row += 1

    def heading(self, title: str) -> None:
        self.row += 1
        put(self.sheet, self.row, 1, title).font = Font(name=FONT, bold=True, size=13)
        self.row += 1

    def write(self) -> None:
        widths(self.sheet, COLUMN_WIDTHS)
        self.title()
        self.chain()
        self.money()
        self.benefits()
        self.scorecard()
        self.questions()
        self.warnings()
        fit_rows(self.sheet)
        print_setup(self.sheet, landscape=False)

    def title(self) -> None:
        r = self.report
        put(self.sheet, 1, 1, r.initiative.name).font = Font(name=FONT, bold=True, size=16)
        put(
            self.sheet,
            2,
            1,
            f"Value realization audit · {r.initiative.type} · go-live "
            f"{r.initiative.go_live.isoformat()} · as of {r.as_of.isoformat()} "
            f"({words(r.as_of_source)})",
        )
        self.row = 4
        code = r.verdict.code
        self.paragraph("Verdict", f"{VERDICT_MARK.get(code, '')} {verdict_title(code)}".strip())
        verdict = self.sheet.cell(row=self.row - 1, column=2)
        verdict.font = Font(name=FONT, bold=True, size=13)
        verdict.fill = fill(VERDICT_TONE.get(code, "none"))
        self.paragraph("Headline", r.verdict.headline)
        self.sheet.cell(row=self.row - 1, column=2).font = BOLD
        self.paragraph("Why", r.verdict.explanation)
        for caveat in r.verdict.caveats:
            self.paragraph("⚠ Read with", caveat)
            self.sheet.cell(row=self.row - 1, column=2).font = Font(name=FONT, color=AMBER)
        self.paragraph("Money", money_sentence(r.money))
        if r.coverage is not None:
            self.paragraph("Coverage", coverage_sentence(r.coverage).removeprefix("Coverage: "))
            if r.coverage.low:
                self.sheet.cell(row=self.row - 1, column=2).font = Font(
                    name=FONT, bold=True, color=AMBER
                )
        self.paragraph("Flags", ", ".join(words(flag) for flag in r.verdict.flags) or "none")
        if r.gap_index is not None:
            self.paragraph(
                "Theory–Reality Gap",
                f"{gap_figure(r)} (0 = the thesis came true, 100 = none of it did)",
            )
        if r.initiative.thesis:
            self.paragraph("Thesis", r.initiative.thesis)

    def chain(self) -> None:
        self.heading("Value chain")
        header(self.sheet, self.row, ("Stage", "Status", "Why", "KPIs / milestones", "Break"))
        self.row += 1
        broken = self.report.chain.break_
        for stage in self.report.chain.stages:
            leak = broken is not None and broken.to_stage == stage.stage
            status = f"{STATUS_MARK.get(stage.status, '')} {words(stage.status)}".strip()
            self.cells(
                stage.stage,
                status,
                stage.reason,
                ", ".join(stage.kpis),
                "╳ value leaks here" if leak else "",
            )
            row = self.row - 1
            self.sheet.cell(row=row, column=2).fill = fill(STATUS_TONE.get(stage.status, "none"))
            if leak:
                self.sheet.cell(row=row, column=5).font = Font(name=FONT, bold=True, color=RED)
        self.paragraph("", chain_sentence(self.report.chain), first_column=1)
        if broken is not None:
            self.sheet.cell(row=self.row - 1, column=1).font = Font(name=FONT, bold=True, color=RED)

    def money(self) -> None:
        m = self.report.money
        self.heading(f"Money ({m.currency})")
        rows: list[tuple[str, Any, str, str]] = [
            ("Cost to date", m.cost_to_date, self.amount,
             f"one-off + budget overrun + run cost for {m.years_since_go_live:.2f} years "
             "since go-live"),
            ("  one-off (planned)", m.one_off, self.amount, ""),
            ("  budget overrun", m.budget_overrun, self.amount,
             "implementation.budget: actual spend beyond the planned budget"),
            ("  run cost per year", m.annual_run, self.amount, ""),
            ("Expected benefit / yr", m.expected_annual_benefit, self.amount, expected_note(m)),
        ]  # fmt: skip
        if m.npv is not None:
            rows.append(
                ("NPV as planned", m.npv.as_planned, self.amount,
                 f"over {m.npv.horizon_years} years at {m.npv.discount_rate:.0%}, full "
                 "realization"),
            )  # fmt: skip
        for label, value, number_format, how in rows:
            self.cells(label, value, how, formats=("", number_format))
        self.returns()
        self.paragraph("Payback", payback_sentence(m).removeprefix("Payback: "))
        for note in m.notes:
            self.paragraph("⚠ Note", note)

    def returns(self) -> None:
        """The return on both bases: the credited figure in B, the others as numbers in D-F."""
        m = self.report.money
        att, obs = m.attributable, m.observed
        if att is None or obs is None:
            return
        credited = "attributable" if m.credit == Credit.ATTRIBUTABLE else "observed"
        self.row += 1
        header(
            self.sheet,
            self.row,
            ("Return", f"Credited ({credited})", "How", "Observed", "Attributable low",
             "Attributable high"),
        )  # fmt: skip
        self.row += 1
        credit: Realization = att if m.credit == Credit.ATTRIBUTABLE else obs
        amount, ratio = self.amount, PADDED_PERCENT

        def ends(span: Span | None) -> tuple[float | None, float | None]:
            return (span.low, span.high) if span is not None else (None, None)

        expected = m.expected_annual_benefit
        realized_span = att.realized_annual_benefit_range
        ratio_span = (
            Span(realized_span.low / expected, realized_span.high / expected)
            if realized_span is not None and expected > 0
            else None
        )
        rows: list[tuple[str, Any, str, Any, tuple[float | None, float | None], str]] = [
            ("Realized benefit / yr", credit.realized_annual_benefit,
             "each benefit line × its KPI's credited progress (0–100%)",
             obs.realized_annual_benefit, ends(realized_span), amount),
            ("Realization", credit.realization_ratio, "realized ÷ expected",
             obs.realization_ratio, ends(ratio_span), ratio),
            ("Benefit to date", credit.benefit_to_date,
             "financial types, accrued over the periods since go-live", obs.benefit_to_date,
             ends(att.benefit_to_date_range), amount),
            ("ROI to date", credit.roi_to_date,
             "(benefit to date − cost to date) ÷ cost to date", obs.roi_to_date,
             ends(att.roi_to_date_range), ratio),
        ]  # fmt: skip
        if m.npv is not None:
            rows.append(
                ("NPV at this rate", credit.npv_at_current_rate,
                 f"over {m.npv.horizon_years} years at {m.npv.discount_rate:.0%}",
                 obs.npv_at_current_rate, ends(att.npv_range), amount),
            )  # fmt: skip
        for label, value, how, observed, (low, high), number_format in rows:
            self.cells(
                label, value, how, observed, low, high,
                formats=("", number_format, "", number_format, number_format, number_format),
            )  # fmt: skip

    def benefits(self) -> None:
        m = self.report.money
        if not m.benefits:
            return
        self.heading("Benefit lines")
        names = ("Benefit line", "Type", "KPI (attribution)", "Expected / yr",
                 "Attributable / yr", "Observed / yr")  # fmt: skip
        header(self.sheet, self.row, names)
        self.row += 1
        for b in m.benefits:
            kind = words(b.type) + (f" at {b.margin:.0%} margin" if b.margin is not None else "")
            self.cells(
                b.name,
                kind,
                f"{b.kpi} ({ATTRIBUTION_WORDS[b.attribution]})",
                b.annual_expected,
                b.annual_realized_attributable,
                b.annual_realized_observed,
                formats=("", "", "", self.amount, self.amount, self.amount),
            )

    def scorecard(self) -> None:
        card = self.report.scorecard
        if card is None:
            return
        self.heading("Operating model (Theory–Reality Gap scorecard, 1–5)")
        for name, score in card.dimensions:
            self.cells(words(name), score, "■" * score + "□" * (5 - score))
            tone = "bad" if score <= 2 else ("warn" if score == 3 else "good")
            self.sheet.cell(row=self.row - 1, column=2).fill = fill(tone)
        self.cells("Overall", round(card.overall, 1), card.interpretation, bold=True)

    def questions(self) -> None:
        if not self.report.questions:
            return
        self.heading("Questions to ask next")
        for index, question in enumerate(self.report.questions, start=1):
            self.paragraph(f"{index}.", f"{question.text} ({question.because})")
            self.sheet.cell(row=self.row - 1, column=1).alignment = TOP

    def warnings(self) -> None:
        if not self.report.warnings:
            return
        self.heading(f"Warnings ({len(self.report.warnings)})")
        for problem in self.report.warnings:
            self.paragraph(problem.code, f"{problem.message} ({problem.location()})")
