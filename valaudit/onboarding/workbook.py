"""The KPI workbook template ``valaudit init`` writes next to the thesis (``data/kpis.xlsx``).

A long-layout sheet (period, kpi, value, segment) with example rows dated before the
placeholder go-live, a drop-down of the thesis's KPI ids on the kpi column, a date format on
the period column, an Instructions sheet and a KPI list sheet the drop-down reads from.
The bytes depend on the preset alone: document dates and zip timestamps are fixed.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from valaudit.data import data_yaml
from valaudit.onboarding.presets import TEMPLATES, MeasurePreset, Preset, TemplateDates
from valaudit.render.workbook_bytes import reproducible_workbook

#: The canonical long-layout headers (docs/thesis-format.md), in the order written.
HEADERS = ("period", "kpi", "value", "segment")
#: The name the kpi column's drop-down refers to.
KPI_IDS_NAME = "kpi_ids"
#: Rows of the KPIs sheet that get the drop-down and the date format: far more than a
#: typical history (a few KPIs over a few years of months).
VALIDATED_ROWS = 10_000
DATE_FORMAT = "yyyy-mm-dd"

#: Stands in for "now" in the document properties and the zip entries.
FIXED_TIME = dt.datetime(2000, 1, 1)

_HEADER_FILL = "D9E1F2"
_EXAMPLE_COLOUR = "808080"


@cache
def workbook_text() -> dict[str, Any]:
    """The sheet names and instructions from ``data/templates/workbook.yaml``."""
    loaded: dict[str, Any] = data_yaml(TEMPLATES, "workbook.yaml")
    return loaded


def render_workbook(chosen: Preset, dates: TemplateDates) -> bytes:
    """The workbook's bytes: reproducible, ready to write."""
    from openpyxl import Workbook

    names = workbook_text()["sheets"]
    workbook = Workbook()
    workbook.properties.creator = "valaudit"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    data = workbook.active
    data.title = names["data"]
    _data_sheet(data, chosen, dates, names["kpi_list"])
    _instructions_sheet(workbook.create_sheet(names["instructions"]), dates)
    _kpi_list_sheet(workbook.create_sheet(names["kpi_list"]), chosen)
    workbook.active = 0
    return reproducible_workbook(workbook, FIXED_TIME)


def _data_sheet(sheet: Any, chosen: Preset, dates: TemplateDates, list_sheet: str) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    example = Font(italic=True, color=_EXAMPLE_COLOUR)
    row = 2
    for measure in chosen.measures:
        for period, value in zip(dates.example_periods, measure.example, strict=True):
            cells = (
                sheet.cell(row=row, column=1, value=dt.datetime.combine(period, dt.time())),
                sheet.cell(row=row, column=2, value=measure.id),
                sheet.cell(row=row, column=3, value=value),
            )
            cells[0].number_format = DATE_FORMAT
            for cell in cells:
                cell.font = example
            row += 1
    # The column's own format, so that dates typed below the examples show as dates too.
    sheet.column_dimensions["A"].number_format = DATE_FORMAT
    for letter, width in zip("ABCD", (14, 30, 14, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    last = len(chosen.measures) + 1
    reference = f"'{list_sheet}'!$A$2:$A${last}"
    sheet.parent.defined_names[KPI_IDS_NAME] = DefinedName(KPI_IDS_NAME, attr_text=reference)
    validation = DataValidation(
        type="list",
        formula1=KPI_IDS_NAME,
        allow_blank=True,
        showDropDown=False,  # Excel's flag is inverted: False shows the drop-down arrow
        errorStyle="warning",
        errorTitle="Not a KPI of the thesis",
        error="This id is not on the KPI list sheet. Add the KPI to valaudit.yaml and to the "
        "KPI list sheet, or pick an id from the list.",
        promptTitle="KPI id",
        prompt="Pick the KPI's id, as in valaudit.yaml.",
        showErrorMessage=True,
        showInputMessage=True,
    )
    validation.add(f"B2:B{VALIDATED_ROWS + 1}")
    sheet.add_data_validation(validation)


def _instructions_sheet(sheet: Any, dates: TemplateDates) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, paragraph in enumerate(workbook_text()["instructions"], start=1):
        text = paragraph.replace("{{go_live}}", dates.go_live.isoformat())
        heading = text.startswith("## ")
        cell = sheet.cell(row=row, column=1, value=text.removeprefix("## "))
        cell.data_type = "s"
        cell.alignment = wrap
        if heading:
            cell.font = Font(bold=True, size=12)


def _kpi_list_sheet(sheet: Any, chosen: Preset) -> None:
    from openpyxl.styles import Font

    headers = ("id", "name", "stage", "unit", "better when it goes", "target")
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=column, value=header).font = Font(bold=True)
    for row, measure in enumerate(chosen.measures, start=2):
        values = (
            measure.id,
            measure.name,
            measure.fields.get("stage", "guardrail"),
            measure.fields.get("unit", ""),
            measure.fields["direction"],
            _target_text(measure),
        )
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value).data_type = "s"
    for letter, width in zip("ABCDEF", (30, 44, 14, 8, 20, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _target_text(measure: MeasurePreset) -> str:
    fields = measure.fields
    if "target" in fields:
        return f"{fields['target']:g}"
    if "target_change" in fields:
        return f"{fields['target_change']} from baseline"
    if "tolerance" in fields:
        return f"tolerance {fields['tolerance']}"
    return ""
