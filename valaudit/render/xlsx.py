"""The report as an Excel workbook for a board pack.

Sheets: Summary (verdict, chain, money, benefits, scorecard, questions), KPIs and Guardrails
(coloured by status with conditional formatting, so the colours follow if someone edits a
status), Charts (a native line chart per KPI), Data (every normalised series in long form,
ready for a pivot table) and Chart data (what the charts read).

Two promises beyond openpyxl's defaults:

- Text from client files is always a text cell. openpyxl turns any string starting with
  ``=`` into a formula and ``#N/A`` into an error value; every cell is written through
  :func:`valaudit.render.xlsx_cells.put`, which forces the cell type, so a KPI named
  ``=HYPERLINK(...)`` is shown, never run.
- The same report gives the same bytes. The document dates come from the report's as-of
  date, and the zip is rewritten with fixed entry timestamps (openpyxl stamps the time of
  saving on each entry and on the "modified" property).
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from valaudit.model.report import Report
from valaudit.render.effect_wording import effect_details
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.wording import ATTRIBUTION_WORDS, STATUS_TONE, kpis_in_chain_order
from valaudit.render.workbook_bytes import reproducible_workbook
from valaudit.render.xlsx_cells import (
    BOLD,
    BOOLEAN_FORMAT,
    DATE_FORMAT,
    PERCENT_FORMAT,
    TOP,
    VALUE_FORMAT,
    WRAP,
    fill,
    fit_rows,
    header,
    print_setup,
    put,
    widths,
)
from valaudit.render.xlsx_changes import add_change_sheets
from valaudit.render.xlsx_charts import (
    CHART_HEADER,
    ROWS_PER_CHART,
    ROWS_PER_PAGE,
    chart_anchor,
    chart_rows,
    kpi_chart,
)
from valaudit.render.xlsx_summary import SummaryWriter


def _status_colours(sheet: Worksheet, status_column: int, last_row: int, width: int) -> None:
    """Colour each row by the status in ``status_column``, as live conditional formatting."""
    if last_row < 2:
        return
    letter = get_column_letter(status_column)
    cells = f"A2:{get_column_letter(width)}{last_row}"
    for status, tone in STATUS_TONE.items():
        sheet.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f'${letter}2="{status}"'],
                fill=fill(tone),
                stopIfTrue=True,
            ),
        )


KPI_COLUMNS = (
    ("Stage", 13), ("KPI id", 22), ("KPI", 34), ("Unit", 7), ("Direction", 9),
    ("Baseline", 11), ("Current", 11), ("Target", 11), ("By", 11), ("Expected now", 12),
    ("Progress", 9), ("Status", 11), ("Attribution", 15), ("Attributable progress", 12),
    ("Attributable low", 12), ("Attributable high", 12), ("Effect", 10), ("Low", 10),
    ("High", 10), ("Method", 8), ("Indicative", 10), ("Reason", 60), ("Attribution reason", 40),
    ("Owner", 20), ("Thesis line", 10), ("How the effect was measured", 60),
)  # fmt: skip
KPI_STATUS_COLUMN = 12


def _kpi_sheet(sheet: Worksheet, report: Report) -> None:
    header(sheet, 1, [name for name, _ in KPI_COLUMNS])
    widths(sheet, [width for _, width in KPI_COLUMNS])
    kpis = kpis_in_chain_order(report)
    for row, kpi in enumerate(kpis, start=2):
        e = kpi.effect
        values = (
            kpi.stage, kpi.id, kpi.name, kpi.unit, kpi.direction,
            kpi.baseline, kpi.current, kpi.target, kpi.by, kpi.expected_now,
            kpi.progress, kpi.status, ATTRIBUTION_WORDS[kpi.attribution],
            kpi.attributable_progress, kpi.attributable_low, kpi.attributable_high,
            e.estimate, e.low, e.high, e.method, e.indicative, kpi.reason, kpi.attribution_reason,
            kpi.owner, kpi.line, " ".join(effect_details(e, kpi.granularity, kpi.unit)) or None,
        )  # fmt: skip
        formats = {6: VALUE_FORMAT, 7: VALUE_FORMAT, 8: VALUE_FORMAT, 9: DATE_FORMAT,
                   10: VALUE_FORMAT, 11: PERCENT_FORMAT, 14: PERCENT_FORMAT, 15: PERCENT_FORMAT,
                   16: PERCENT_FORMAT, 17: VALUE_FORMAT, 18: VALUE_FORMAT, 19: VALUE_FORMAT,
                   21: BOOLEAN_FORMAT}  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value, formats.get(column, ""))
            cell.alignment = WRAP if column in (3, 22, 23, 24, 26) else TOP
    _status_colours(sheet, KPI_STATUS_COLUMN, len(kpis) + 1, len(KPI_COLUMNS))
    fit_rows(sheet)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(KPI_COLUMNS))}{len(kpis) + 1}"
    print_setup(sheet, landscape=True)


GUARDRAIL_COLUMNS = (
    ("Guardrail id", 22), ("Guardrail", 34), ("Unit", 7), ("Good direction", 13),
    ("Baseline", 11), ("Current", 11), ("Change", 11), ("Tolerance", 10), ("Status", 11),
    ("Reason", 60), ("Owner", 20), ("Thesis line", 10),
)  # fmt: skip


def _guardrail_sheet(sheet: Worksheet, report: Report) -> None:
    header(sheet, 1, [name for name, _ in GUARDRAIL_COLUMNS])
    widths(sheet, [width for _, width in GUARDRAIL_COLUMNS])
    for row, g in enumerate(report.guardrails, start=2):
        values = (
            g.id, g.name, g.unit, g.direction, g.baseline, g.current, g.change,
            g.tolerance or "beyond noise", g.status, g.reason, g.owner, g.line,
        )  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value, VALUE_FORMAT if column in (5, 6, 7) else "")
            cell.alignment = WRAP if column in (2, 10) else TOP
    _status_colours(sheet, 9, len(report.guardrails) + 1, len(GUARDRAIL_COLUMNS))
    fit_rows(sheet)
    sheet.freeze_panes = "C2"
    print_setup(sheet, landscape=True)


def _data_sheet(sheet: Worksheet, report: Report) -> None:
    """Every series in long form: one row per measure and period, ready for a pivot."""
    names = ("Period", "Period start", "Measure", "Name", "Kind", "Stage", "Value",
             "Post go-live", "Without initiative")  # fmt: skip
    header(sheet, 1, names)
    widths(sheet, (11, 12, 24, 36, 10, 13, 12, 12, 12))
    row = 2
    measures = [(k.id, k.name, "kpi", k.stage, k.series) for k in kpis_in_chain_order(report)]
    measures += [(g.id, g.name, "guardrail", "", g.series) for g in report.guardrails]
    for ident, name, kind, stage, series in measures:
        for point in series:
            values = (point.period, point.start, ident, name, kind, stage, point.value,
                      point.post, point.counterfactual)  # fmt: skip
            for column, value in enumerate(values, start=1):
                number_format = {2: DATE_FORMAT, 7: VALUE_FORMAT, 8: BOOLEAN_FORMAT,
                                 9: VALUE_FORMAT}.get(column, "")  # fmt: skip
                put(sheet, row, column, value, number_format)
            row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:I{max(row - 1, 1)}"
    print_setup(sheet, landscape=False)


def _charts(charts: Worksheet, data: Worksheet, report: Report) -> None:
    """One chart per KPI on ``charts``, each reading its block on ``data``."""
    widths(data, (12, 12, 12, 12, 12, 10))
    row = 1
    for index, kpi in enumerate(kpis_in_chain_order(report)):
        put(data, row, 1, f"{kpi.id}: {kpi.name}").font = BOLD
        header(data, row + 1, CHART_HEADER)
        rows = chart_rows(kpi, report.initiative.go_live)
        for offset, values in enumerate(rows, start=row + 2):
            for column, value in enumerate(values, start=1):
                put(data, offset, column, value, VALUE_FORMAT if column > 1 else "")
        if rows:
            charts.add_chart(kpi_chart(kpi, data, row + 1, len(rows)), chart_anchor(index))
        else:
            put(charts, 1 + index, 20, f"{kpi.id}: no data to chart")
        row += len(rows) + 3
    charted = len(report.kpis)
    for page_end in range(ROWS_PER_PAGE, ROWS_PER_CHART * ((charted + 1) // 2), ROWS_PER_PAGE):
        charts.row_breaks.append(Break(id=page_end))
    print_setup(charts, landscape=True)


def build_workbook(report: Report) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    SummaryWriter(summary, report).write()
    _kpi_sheet(workbook.create_sheet("KPIs"), report)
    charts = workbook.create_sheet("Charts")
    if report.guardrails:
        _guardrail_sheet(workbook.create_sheet("Guardrails"), report)
    _data_sheet(workbook.create_sheet("Data"), report)
    _charts(charts, workbook.create_sheet("Chart data"), report)
    if report.links is not None:
        from valaudit.render.xlsx_links import links_sheet

        links_sheet(workbook.create_sheet("Links"), report.links)
    add_change_sheets(workbook, report)

    stamp = dt.datetime.combine(report.as_of, dt.time())
    properties = workbook.properties
    properties.creator = f"valaudit {report.valaudit_version}"
    properties.lastModifiedBy = "valaudit"
    properties.title = printable(f"{report.initiative.name}: value realization audit")
    properties.created = stamp
    properties.modified = stamp
    return workbook


def render_report(report: Report, options: RenderOptions) -> bytes:
    workbook = build_workbook(report)
    return reproducible_workbook(workbook, dt.datetime.combine(report.as_of, dt.time()))
