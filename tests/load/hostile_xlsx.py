"""Small workbooks with hand-written parts, for the XLSX scanner tests.

A workbook here is openpyxl's smallest valid one ("KPIs": a header and a few rows), with its
sheet XML, part names or relationships replaced. Nothing here calls calamine; the tests that
do keep every coordinate small, or run it in a subprocess with a memory limit.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from tests.conftest import ROOT

SHEET_PART = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: The rows every test sheet starts with: a header the reader finds, and two data rows.
HEADER_ROWS = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>period</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>kpi</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>2024-07</t></is></c>'
    b'<c r="B2" t="inlineStr"><is><t>adoption_pct</t></is></c><c r="C2"><v>1</v></c></row>'
    b'<row r="3"><c r="A3" t="inlineStr"><is><t>2024-08</t></is></c>'
    b'<c r="B3" t="inlineStr"><is><t>adoption_pct</t></is></c><c r="C3"><v>2</v></c></row>'
)


def _base_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["period", "kpi", "value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BASE = _base_workbook()


def sheet_xml(rows: bytes = b"", *, before: bytes = b"", after: bytes = b"") -> bytes:
    """A worksheet part: the header rows, then ``rows``; ``before``/``after`` go around
    ``<sheetData>`` (a ``<dimension>``, ``<mergeCells>``, comments)."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="'
        + MAIN_NS.encode()
        + b'">'
        + before
        + b"<sheetData>"
        + HEADER_ROWS
        + rows
        + b"</sheetData>"
        + after
        + b"</worksheet>"
    )


def workbook(
    sheet: bytes,
    *,
    part: str = SHEET_PART,
    renamed: dict[str, str] | None = None,
    replaced: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """The base workbook with its sheet part replaced by ``sheet`` (stored as ``part``),
    members renamed or replaced, and ``extra`` members added."""
    source = zipfile.ZipFile(io.BytesIO(BASE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = (replaced or {}).get(name, source.read(name))
            if name == SHEET_PART:
                archive.writestr(part, sheet)
            else:
                archive.writestr((renamed or {}).get(name, name), content)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def base_part(name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(BASE)).read(name)


THESIS = """valaudit: 1
initiative: {name: Hostile, type: ai, go_live: 2024-09-01}
data:
  - {path: data.xlsx}
kpis:
  - {id: adoption_pct, stage: adoption, direction: up, target: 80}
"""

#: Address space allowed to a ``valaudit`` run in a subprocess: a normal run needs a few
#: hundred megabytes; calamine asking for gigabytes then fails at once (and aborts).
ADDRESS_SPACE = 1536 * 2**20


def validate_in_subprocess(folder: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``valaudit validate --format json FOLDER`` in a fresh process with bounded memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    return subprocess.run(
        [sys.executable, "-m", "valaudit", "validate", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=limit,
        check=False,
    )
