"""Property tests for the XLSX reader: generated workbooks read back exactly.

Each example writes a workbook with openpyxl (numbers as numbers, as text in finance formats
or as percentage cells; periods as labels, dates or raw serial numbers; title and blank rows;
sometimes a hidden sheet first; junk as text, Excel error cells or formulas never calculated)
and reads it through the real reader. Damaged workbooks never raise.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.load.tables import (
    KpiTable,
    assert_located,
    check_read_back,
    kpi_tables,
    read_back,
    styles,
    write_xlsx,
)
from valaudit.validate.folder import validate_folder


@given(
    data=st.data(),
    table=kpi_tables(),
    layout=st.sampled_from(["long", "wide"]),
    mapped=st.booleans(),
    hidden_first=st.booleans(),
    formula_junk=st.booleans(),
)
def test_xlsx_reads_back_what_was_written(
    data: st.DataObject,
    table: KpiTable,
    layout: str,
    mapped: bool,
    hidden_first: bool,
    formula_junk: bool,
) -> None:
    style = data.draw(styles(table, excel=True))
    with tempfile.TemporaryDirectory() as folder:
        written = write_xlsx(
            Path(folder) / "kpis.xlsx",
            table,
            layout,
            style,
            hidden_first=hidden_first,
            formula_junk=formula_junk,
        )
        check_read_back(table, written, read_back(written, mapped=mapped))


@given(data=st.data(), table=kpi_tables(junk=False))
def test_xlsx_long_and_wide_read_the_same(data: st.DataObject, table: KpiTable) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for layout in ("long", "wide"):
            style = data.draw(styles(table, excel=True))
            written = write_xlsx(
                Path(folder) / f"{layout}.xlsx",
                table,
                layout,
                style,
                hidden_first=data.draw(st.booleans()),
                formula_junk=False,
            )
            back = read_back(written)
            assert back.failure is None
            results.append({key: value for key, (value, _, _) in back.observations.items()})
    assert results[0].keys() == results[1].keys() == table.values.keys()
    for key, value in table.values.items():
        assert abs(results[0][key] - value) <= 1e-9 * max(1.0, abs(value))
        assert abs(results[1][key] - value) <= 1e-9 * max(1.0, abs(value))


def _small_workbook() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["period", "kpi", "value"])
    for month in range(1, 4):
        sheet.append([f"2025-{month:02d}", "adoption_pct", month * 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = _small_workbook()
SHEET = "xl/worksheets/sheet1.xml"
_XML_PIECES = st.sampled_from(
    [
        "<row>",
        "</row>",
        '<row r="2">',
        '<c r="A2">',
        '<c r="XFD1048576">',
        '<c t="e">',
        '<c t="s">',
        '<c t="inlineStr"><is><t>',
        "</t></is>",
        "<v>",
        "</v>",
        "1",
        "#N/A",
        "2025-03",
        "<f>SUM(A1)</f>",
        "</c>",
        "<sheetData>",
        "</sheetData>",
        "&amp;",
        "&bogus;",
        '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
        "\x00",
        "é",
    ]
)


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """A valid workbook with one part replaced, or its bytes cut or flipped."""
    how = draw(st.sampled_from(["sheet", "part", "truncate", "flip"]))
    if how == "truncate":
        return WORKBOOK[: draw(st.integers(0, len(WORKBOOK) - 1))]
    if how == "flip":
        data = bytearray(WORKBOOK)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
    names = source.namelist()
    target = SHEET if how == "sheet" else draw(st.sampled_from(names))
    content = draw(st.lists(_XML_PIECES, max_size=40).map("".join)).encode()
    if how == "sheet" and draw(st.booleans()):
        original = source.read(SHEET)
        cut = draw(st.integers(0, len(original)))
        content = original[:cut] + content + original[cut:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, content if name == target else source.read(name))
    return out.getvalue()


THESIS = """valaudit: 1
initiative: {name: Fuzz, type: ai, go_live: 2025-01-01}
data:
  - {path: kpis.xlsx, layout: LAYOUT}
kpis:
  - {id: adoption_pct, stage: adoption, direction: up, target: 80}
"""


@given(content=damaged_workbooks(), layout=st.sampled_from(["long", "wide"]))
def test_damaged_xlsx_never_raises_and_every_problem_is_located(
    content: bytes, layout: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "valaudit.yaml").write_text(THESIS.replace("LAYOUT", layout), encoding="utf-8")
        (root / "kpis.xlsx").write_bytes(content)
        result = validate_folder(str(root))
    assert_located(result.problems)
