"""Write the fixture files the corpus lacks (see tests/data/corpus/INDEX.md, "Gaps").

Run from the repository root after changing it: ``python tests/data/make_fixtures.py``.
The files are committed; tests/validate/test_corpus.py states what each must read as.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent / "fixtures"
FIXED_TIME = dt.datetime(2025, 1, 1)
MONTHS = [f"2025-{m:02d}" for m in range(1, 7)]


def _workbook() -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def _save(
    workbook: openpyxl.Workbook, name: str, patch: dict[str, tuple[bytes, bytes]] | None = None
) -> None:
    """Save with fixed zip timestamps; ``patch`` replaces bytes inside named parts."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if patch and info.filename in patch:
                old, new = patch[info.filename]
                assert old in data, (name, info.filename, old)
                data = data.replace(old, new)
            archive.writestr(
                zipfile.ZipInfo(info.filename, (2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    (HERE / name).write_bytes(out.getvalue())


def hidden_sheet() -> None:
    """A hidden sheet of stale numbers before the visible KPI sheet."""
    workbook = _workbook()
    stale = workbook.active
    stale.title = "Old KPIs"
    stale.append(["period", "kpi", "value"])
    stale.append(["2020-01", "adoption_pct", 999])
    stale.sheet_state = "hidden"
    sheet = workbook.create_sheet("KPIs")
    sheet.append(["period", "kpi", "value"])
    for index, month in enumerate(MONTHS):
        sheet.append([month, "adoption_pct", 10 * (index + 1)])
    _save(workbook, "hidden_sheet.xlsx")


def uncached_formulas() -> None:
    """Formulas written by a program and never calculated: rows 3 and 6 of column 'Value'."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    sheet.append(["Month", "Metric", "Value"])
    for index, month in enumerate(MONTHS):
        value: object = 10 * (index + 1)
        if index in (1, 4):
            value = f"=B{index + 2}*2" if index == 1 else "=SUM(C2:C5)"
        sheet.append([month, "adoption_pct", value])
    _save(workbook, "uncached_formula.xlsx")


def serial_dates() -> None:
    """Month-end dates stored as raw Excel serial numbers in a General-formatted column."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    sheet.append(["period", "kpi", "value"])
    for index in range(6):
        month_end = dt.date(2025, index + 2, 1) - dt.timedelta(days=1)
        serial = (month_end - dt.date(1899, 12, 30)).days
        sheet.append([serial, "adoption_pct", 10 * (index + 1)])
    _save(workbook, "serial_dates.xlsx")


def phantom_columns() -> None:
    """The sheet's dimension claims A1:AMJ7 (1,024 columns); only A-D hold anything."""
    workbook = _workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    sheet.append(["period", "kpi", "value", "segment"])
    for index, month in enumerate(MONTHS):
        sheet.append([month, "adoption_pct", 10 * (index + 1), "North"])
    _save(
        workbook,
        "phantom_columns.xlsx",
        {"xl/worksheets/sheet1.xml": (b'<dimension ref="A1:D7"', b'<dimension ref="A1:AMJ7"')},
    )


def utf16_csv() -> None:
    """Excel's "Unicode Text" export: UTF-16 LE with a BOM, tab-delimited, CRLF."""
    lines = ["period\tkpi\tvalue\tsegment"]
    for index, month in enumerate(MONTHS):
        lines.append(f"{month}\tadoption_pct\t{10 * (index + 1)}.5\tZürich")
        lines.append(f"{month}\tadoption_pct\t1,{index}00\tSão Paulo")
    text = "\r\n".join(lines) + "\r\n"
    (HERE / "utf16.csv").write_bytes(text.encode("utf-16"))


def main() -> None:
    HERE.mkdir(exist_ok=True)
    hidden_sheet()
    uncached_formulas()
    serial_dates()
    phantom_columns()
    utf16_csv()


if __name__ == "__main__":
    main()
