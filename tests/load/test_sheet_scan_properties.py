"""Property tests for the XLSX scanner, against calamine itself.

Hypothesis writes hostile worksheet XML — references in either case, spaces around ``=``,
either quote, attributes in any order or repeated, cells without references, self-closing
cells, prefixes, comments, CDATA and processing instructions holding cell-like text, nested
elements, merged ranges — and workbooks whose parts are named in other cases or spellings,
with decoy sheets. Every coordinate stays small, so calamine can be asked in this process
what it really holds; the scanner must never say less. Where the scanner calls a sheet
damaged, calamine must fail on it too.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import python_calamine
from hypothesis import event, given
from hypothesis import strategies as st

from tests.load.hostile_xlsx import BASE, base_part, workbook
from valaudit.load.raw import TableReadError
from valaudit.load.sheet_cells import SheetScan, column_letters
from valaudit.load.sheet_scan import scan_sheet
from valaudit.load.sheet_walk import walk
from valaudit.load.xlsx_cells import choose_sheet
from valaudit.load.xlsx_package import Package
from valaudit.load.xml_events import MalformedXml

SPACE = st.sampled_from([" ", "  ", "\t", "\n", " \r\n "])
GAP = st.sampled_from(["", "", " ", "\t"])


@st.composite
def attribute(draw: st.DrawFn, name: str, value: str) -> str:
    quote = draw(st.sampled_from(['"', "'"]))
    return f"{name}{draw(GAP)}={draw(GAP)}{quote}{value}{quote}"


@st.composite
def reference(draw: st.DrawFn) -> str:
    letters = column_letters(draw(st.integers(0, 29)))
    letters = letters.lower() if draw(st.booleans()) else letters
    row = draw(st.integers(1, 40)) if draw(st.integers(0, 60)) else 0  # 0: not a reference
    return f"{letters}{row}" if draw(st.integers(0, 60)) else f"${letters}${row}"


#: Cell contents, the ordinary ones several times over: any cell calamine cannot read makes
#: the whole sheet fail, and such examples say nothing about the bound.
VALUES = [
    *["<v>1</v>"] * 12,
    "",
    "<v></v>",
    "<v/>",
    "<v>&amp;</v>",
    "<v><!-- x --></v>",
    "<f>SUM(A1)</f><v>2</v>",
    "<v>2</v><f>A1</f>",
    "<f/>",
    "<is><t>x</t></is>",
    "<is></is>",
    "<is><r><t>a</t></r><rPh><t>b</t></rPh></is>",
    '<v><![CDATA[<c r="Z9"><v>1</v></c>]]></v>',
    '<f><c r="J1"><v>1</v></c></f>',
    "<v><v>3</v></v>",
    "<x:v>4</x:v>",
    " text ",
]
RARE_VALUES = ["<x/>", "<v>2</v"]


@st.composite
def cell(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["", "", "", "x:"]))
    attributes = []
    if draw(st.integers(0, 3)):
        attributes.append(draw(attribute("r", draw(reference()))))
    if draw(st.booleans()):
        attributes.append(draw(attribute("s", draw(st.sampled_from(["0", "1", "3"])))))
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["n", "str", "inlineStr"] * 6 + ["s", "e", "b", "d"]))
        attributes.append(draw(attribute("t", kind)))
    if not draw(st.integers(0, 8)):
        attributes.append(draw(attribute("r", draw(reference()))))  # a second reference
    if not draw(st.integers(0, 10)):
        attributes.append(draw(attribute(f"foo{draw(SPACE)}r", draw(reference()))))
    attributes = draw(st.permutations(attributes))
    head = "".join(draw(SPACE) + item for item in attributes)
    if not draw(st.integers(0, 5)):
        return f"<{prefix}c{head}{draw(GAP)}/>"
    values = st.sampled_from(VALUES if draw(st.integers(0, 30)) else RARE_VALUES)
    return f"<{prefix}c{head}>{draw(values)}</{prefix}c>"


JUNK = [
    '<!-- <c r="Z40"><v>1</v></c> -->',
    "<?pi <c r='Z40'><v>1</v></c> ?>",
    '<x a=\'<c r="A1" s="\'/>',
    "<x b='\">'/>",
    '<x:row xmlns:x="urn:x"/>',
    '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>',
]
#: Tags that unbalance the document (quick-xml refuses a close tag with nothing open).
RARE_JUNK = ["</row>", "<row>", "</x:c>"]


@st.composite
def row(draw: st.DrawFn) -> str:
    head = ""
    if draw(st.integers(0, 3)):
        head = draw(SPACE) + draw(attribute("r", str(draw(st.integers(1, 40))))) + draw(GAP)
    if not draw(st.integers(0, 8)):
        return f"<row{head}/>"
    junk = st.sampled_from(JUNK if draw(st.integers(0, 10)) else RARE_JUNK)
    parts = draw(st.lists(st.one_of(cell(), cell(), cell(), junk), min_size=1, max_size=8))
    return f"<row{head}>{''.join(parts)}</row>"


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    rows = "".join(
        draw(st.lists(st.one_of(row(), row(), st.sampled_from(JUNK)), min_size=1, max_size=10))
    )
    before = draw(st.sampled_from(["", '<dimension ref="A1:XFD1048576"/>', JUNK[0]]))
    after = draw(st.sampled_from(["", JUNK[-1], '<c r="Z40"><v>1</v></c>']))
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:x="urn:x">{before}<sheetData>{rows}</sheetData>{after}</worksheet>'
    )
    return text.encode()


@st.composite
def plain_sheets(draw: st.DrawFn) -> bytes:
    """Sheets as spreadsheet programs write them (every cell tag starting with its
    reference), with what a hand or a hostile writer adds: lower-case references, styled
    empty cells far away, cells in comments, rows out of order."""
    cells = []
    for _ in range(draw(st.integers(1, 30))):
        ref = f"{column_letters(draw(st.integers(0, 29)))}{draw(st.integers(1, 40))}"
        ref = ref.lower() if not draw(st.integers(0, 5)) else ref
        style = ' s="1"' if draw(st.booleans()) else ""
        shape = draw(st.sampled_from(["value", "value", "value", "empty", "comment"]))
        if shape == "empty":
            cells.append(f'<c r="{ref}"{style}/>')
        elif shape == "comment":
            cells.append(f'<!-- <c r="{ref}"><v>1</v></c> -->')
        else:
            cells.append(f'<c r="{ref}"{style}><v>{draw(st.integers(0, 9))}</v></c>')
    rows = "".join(f'<row r="{index + 1}">{cell}</row>' for index, cell in enumerate(cells))
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


@given(sheet=plain_sheets(), limit=st.sampled_from([None, 1, 50, 10_000]))
def test_a_plain_sheet_is_bounded_from_its_references(sheet: bytes, limit: int | None) -> None:
    """Read from the last rows and proved by one search, or from every reference."""
    scan = scan_sheet(sheet, limit=limit)
    assert scan.plain
    grid = calamine_grid(workbook(sheet))
    assert grid is not None
    assert scan.rows >= grid[0] and scan.columns >= grid[1], (scan, grid)
    event("bound: exact" if (scan.rows, scan.columns) == grid else "bound: larger")


def calamine_grid(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) of the grid calamine builds for the sheet "KPIs"; None if it fails."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        end = book.get_sheet_by_name("KPIs").end
    except python_calamine.CalamineError:
        return None
    return (0, 0) if end is None else (end[0] + 1, end[1] + 1)


@given(sheet=sheets())
def test_the_scan_never_says_less_than_calamine_holds(sheet: bytes) -> None:
    try:
        scan = scan_sheet(sheet)
    except MalformedXml:
        event("scan: damaged")
        assert calamine_grid(workbook(sheet)) is None
        return
    event(f"scan: {'plain' if scan.plain else 'exact walk'}")
    grid = calamine_grid(workbook(sheet))
    if grid is None or grid == (0, 0):
        event("calamine: fails or holds nothing")
        return
    assert scan.rows >= grid[0] and scan.columns >= grid[1], (scan, grid)
    event("bound: exact" if (scan.rows, scan.columns) == grid else "bound: larger")


@given(sheet=sheets())
def test_the_exact_walk_places_cells_as_calamine_does(sheet: bytes) -> None:
    """The walk replays calamine's reader, so where calamine reads the sheet, the grid is
    the same (larger only where a value calamine leaves empty is counted as one)."""
    scan = SheetScan(plain=False, notes=[])
    try:
        walk(sheet, scan, frozenset())
    except MalformedXml:
        assert calamine_grid(workbook(sheet)) is None
        return
    grid = calamine_grid(workbook(sheet))
    if grid is None or grid == (0, 0):
        return
    assert scan.rows >= grid[0] and scan.columns >= grid[1], (scan, grid)
    event("walk: exact" if (scan.rows, scan.columns) == grid else "walk: larger")


# --- which part ------------------------------------------------------------------------------

RELS = "xl/_rels/workbook.xml.rels"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _sheet_with_last_cell(row: int) -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="{row}"><c r="B{row}"><v>1</v></c></row></sheetData></worksheet>'
    ).encode()


def _case(draw: st.DrawFn, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@st.composite
def packages(draw: st.DrawFn) -> bytes:
    """A workbook whose KPIs sheet is found through odd spellings, beside decoys: each
    candidate part has its own last row, so the grid calamine builds says which it read."""
    stored = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"]))
    stored = _case(draw, stored)
    target = draw(st.sampled_from(["/xl/worksheets/sheet1.xml", "worksheets/sheet1.xml"]))
    target = _case(draw, target)
    rels = base_part(RELS).replace(b"/xl/worksheets/sheet1.xml", target.encode())
    decoys = draw(st.lists(st.sampled_from(["prefixed", "hidden", "plain"]), max_size=3))
    book = base_part("xl/workbook.xml")
    extra = {}
    for index, kind in enumerate(decoys, start=2):
        part = f"xl/worksheets/decoy{index}.xml"
        extra[part] = _sheet_with_last_cell(index)
        rels = rels.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdD{index}" Target="/{part}" Type="{WORKSHEET_TYPE}"/>'
            "</Relationships>".encode(),
        )
        element = "x:sheet xmlns:x='urn:x'" if kind == "prefixed" else "sheet"
        state = ' state="hidden"' if kind == "hidden" else ""
        decoy = f'<{element} name="KPIs" sheetId="{index}"{state} r:id="rIdD{index}"/>'
        if draw(st.booleans()):
            book = book.replace(b"<sheets>", b"<sheets>" + decoy.encode())
        else:
            book = book.replace(b"</sheets>", decoy.encode() + b"</sheets>")
    return workbook(
        _sheet_with_last_cell(40),
        part=stored,
        replaced={RELS: rels, "xl/workbook.xml": book},
        extra=extra,
    )


@given(data=packages())
def test_the_part_checked_is_the_part_calamine_reads(data: bytes) -> None:
    assert data != BASE
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.xlsx"
        path.write_bytes(data)
        try:
            package = Package(str(path))
        except TableReadError:
            assert calamine_grid(data) is None
            return
        try:
            info, _ = choose_sheet(package.sheets(), "KPIs")
            assert info.part is not None
            scan = scan_sheet(package.read_part(info.part))
        finally:
            package.close()
    assert calamine_grid(data) == (scan.rows, scan.columns)
