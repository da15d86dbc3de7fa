"""The XLSX package checks: the used-range bound holds whatever the XML spelling, scans are
linear, merged ranges are bounded, and a compound (OLE) file is named for what it is.

The bound is checked through :class:`Package` itself, which never calls calamine, so a
regression fails the test instead of aborting the test run; one case per kind of bypass
also runs the whole CLI in a subprocess with a memory limit.
"""

from __future__ import annotations

import io
import json
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FolderFactory
from tests.load.hostile_xlsx import (
    MAIN_NS,
    SHEET_PART,
    THESIS,
    base_part,
    sheet_xml,
    validate_in_subprocess,
    workbook,
)
from valaudit import limits
from valaudit.cli import app
from valaudit.load.raw import TableReadError
from valaudit.load.xlsx_cells import choose_sheet
from valaudit.load.xlsx_package import Package
from valaudit.load.xlsx_reader import _fill_merged
from valaudit.validate.folder import validate_folder

LAST_ROW = b'<row r="1048576">'


def check(tmp_path: Path, data: bytes, sheet: str | None = None) -> None:
    """Open ``data`` and check the extent of the sheet the reader would choose."""
    path = tmp_path / "data.xlsx"
    path.write_bytes(data)
    package = Package(str(path))
    try:
        info, _ = choose_sheet(package.sheets(), sheet)
        package.check_extent(info.part, info.name)
    finally:
        package.close()


def refused(tmp_path: Path, data: bytes, sheet: str | None = None) -> TableReadError:
    with pytest.raises(TableReadError) as raised:
        check(tmp_path, data, sheet)
    return raised.value


#: A value far away, spelt as XML allows and calamine reads: (rows after the header, the
#: last cell the message names).
FAR_CELLS = {
    "lower-case": (LAST_ROW + b'<c r="xfd1048576"><v>1</v></c></row>', "XFD1048576"),
    "spaces-around-equals": (
        b'<row r = "1048576"><c r = "XFD1048576" ><v>1</v></c></row>',
        "XFD1048576",
    ),
    "four-letter-column": (LAST_ROW + b'<c r="AAAA1048576"><v>1</v></c></row>', "AAAA1048576"),
    "reference-less-after-a-high-row": (
        LAST_ROW + b"<c><v>1</v></c>" * 16_384 + b"</row>",
        "XFD1048576",
    ),
    "100-reference-less": (LAST_ROW + b"<c><v>1</v></c>" * 100 + b"</row>", "CV1048576"),
    "after-a-styled-empty-cell": (
        LAST_ROW + b'<c r="XFC1048576" s="1"/><c><v>1</v></c></row>',
        "XFD1048576",
    ),
    "second-reference-wins": (
        b'<row r="4"><c r="A4" r="XFD1048576"><v>1</v></c></row>',
        "XFD1048576",
    ),
    "prefixed-cell": (
        b'<row r="4"><x:c xmlns:x="urn:x" r="XFD1048576"><v>1</v></x:c></row>',
        "XFD1048576",
    ),
    "5000-digit-row": (
        b'<row r="4"><c r="A' + b"9" * 5000 + b'"><v>1</v></c></row>',
        "C1000000000000000",  # beyond any sheet: not converted in full
    ),
    "5000-digit-row-after-a-reference-less-cell": (
        b'<row r="4"><c><v>1</v></c><c r="A' + b"9" * 5000 + b'"><v>1</v></c></row>',
        "C4294967295",  # as calamine's 32-bit arithmetic wraps it
    ),
    "cells-behind-quotes": (
        LAST_ROW + b'<x a=\'<c r="A1" s="\'/>' + b"<c><v>1</v></c>" * 100 + b"<x b='\">'/></row>",
        "CV1048576",
    ),
}


@pytest.mark.parametrize("rows", [v[0] for v in FAR_CELLS.values()], ids=list(FAR_CELLS))
def test_a_far_cell_in_any_spelling_is_refused(tmp_path: Path, rows: bytes) -> None:
    error = refused(tmp_path, workbook(sheet_xml(rows)))
    shown = dict(FAR_CELLS.values())[rows]
    assert (error.issue.code, error.sheet) == ("sheet_too_large", "KPIs")
    assert shown in error.issue.message and shown in (error.issue.hint or "")


FAR = LAST_ROW + b'<c r="XFD1048576"><v>1</v></c></row>'
RELS = "xl/_rels/workbook.xml.rels"


def _rels_target(target: str) -> bytes:
    return base_part(RELS).replace(b"/xl/worksheets/sheet1.xml", target.encode())


PART_SPELLINGS = {
    "part-in-capitals": {"part": "XL/WORKSHEETS/SHEET1.XML"},
    "part-with-backslashes": {"part": "xl\\worksheets\\sheet1.xml"},
    "relationship-in-other-case": {"replaced": {RELS: _rels_target("/XL/Worksheets/Sheet1.xml")}},
    "relationship-relative": {"replaced": {RELS: _rels_target("worksheets/SHEET1.xml")}},
}


@pytest.mark.parametrize("spelling", list(PART_SPELLINGS.values()), ids=list(PART_SPELLINGS))
def test_the_part_calamine_opens_is_the_part_checked(tmp_path: Path, spelling: dict) -> None:
    error = refused(tmp_path, workbook(sheet_xml(FAR), **spelling))
    assert error.issue.code == "sheet_too_large"


WORKBOOK = "xl/workbook.xml"


def test_a_decoy_sheet_named_like_the_real_one_is_not_the_one_checked(tmp_path: Path) -> None:
    """calamine opens the first sheet of a name, whatever the prefix of its element; a
    hidden or prefixed decoy before the visible sheet is what it reads."""
    decoy_sheet = b'<x:sheet xmlns:x="urn:x" name="KPIs" sheetId="9" r:id="rIdFar"/>'
    book = base_part(WORKBOOK).replace(b"<sheets>", b"<sheets>" + decoy_sheet)
    assert book != base_part(WORKBOOK)
    rels = base_part(RELS).replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFar" Target="/xl/worksheets/far.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
    )
    data = workbook(
        sheet_xml(),
        replaced={WORKBOOK: book, RELS: rels},
        extra={"xl/worksheets/far.xml": sheet_xml(FAR)},
    )
    assert refused(tmp_path, data).issue.code == "sheet_too_large"


def test_the_workbook_calamine_reads_is_the_one_indexed(tmp_path: Path) -> None:
    """The package relationships, not the name ``xl/workbook.xml``, say where it is."""
    package_rels = base_part("_rels/.rels").replace(b"xl/workbook.xml", b"book/workbook.xml")
    assert package_rels != base_part("_rels/.rels")
    real_rels = _rels_target("/book/far.xml")
    data = workbook(
        sheet_xml(),
        replaced={"_rels/.rels": package_rels},
        extra={
            "book/workbook.xml": base_part(WORKBOOK),
            "book/_rels/workbook.xml.rels": real_rels,
            "book/far.xml": sheet_xml(FAR),
        },
    )
    assert refused(tmp_path, data).issue.code == "sheet_too_large"


def test_a_5000_digit_character_reference_in_a_sheet_name_is_a_damaged_workbook(
    tmp_path: Path,
) -> None:
    """Python refuses to convert a number this long (an error, not a crash, here)."""
    book = base_part(WORKBOOK).replace(b'name="KPIs"', b'name="&#' + b"9" * 5000 + b';"')
    assert book != base_part(WORKBOOK)
    error = refused(tmp_path, workbook(sheet_xml(), replaced={WORKBOOK: book}))
    assert error.issue.code == "not_a_table" and "character reference" in error.issue.message


def test_two_parts_differing_only_in_case_are_a_damaged_workbook(tmp_path: Path) -> None:
    data = workbook(sheet_xml(), extra={"XL/worksheets/sheet1.xml": sheet_xml(FAR)})
    error = refused(tmp_path, data)
    assert error.issue.code == "not_a_table" and "two parts" in error.issue.message


@pytest.mark.parametrize(
    "rows",
    [
        b'<row r="4"><c r=" XFD1048576"><v>1</v></c></row>',  # calamine: not a reference
        b'<row r="4"><c><x/></c></row>',  # calamine: not a value
        b'<row r="4"><c><v>1</v>',  # cut short
    ],
    ids=["space-inside-quotes", "unknown-child", "cut-short"],
)
def test_what_calamine_cannot_read_is_a_damaged_sheet(tmp_path: Path, rows: bytes) -> None:
    """Where the exact walk meets what calamine would stop on, it stops too. (Plain sheets
    are not parsed to that depth: calamine reports their damage itself.)"""
    error = refused(tmp_path, workbook(sheet_xml(rows)))
    assert error.issue.code == "not_a_table" and "'KPIs'" in error.issue.message


def test_a_document_type_declaration_is_refused(tmp_path: Path) -> None:
    sheet = sheet_xml(b"<row><c><v>1</v></c></row>").replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY e "x">]><worksheet', 1
    )
    assert "DOCTYPE" in refused(tmp_path, workbook(sheet)).issue.message


def test_styled_empty_cells_and_cells_in_comments_far_away_do_not_count_or_are_bounded(
    tmp_path: Path,
) -> None:
    """A self-closing cell holds no value (Excel writes them for formatting)."""
    check(tmp_path, workbook(sheet_xml(LAST_ROW + b'<c r="XFD1048576" s="1"/></row>')))
    check(tmp_path, workbook(sheet_xml(b"<!-- a note --><row><c><v>1</v></c></row>")))


@pytest.mark.parametrize(
    "rows",
    [
        b"<!-- <f " + b"<c >" * 50_000 + b" -->",
        b"<c " * 50_000,
        b'<c r="A9" x="' + b"<c " * 50_000 + b'">',
        b"<c r='A9' " + b"r=" * 50_000 + b">",
    ],
    ids=["in-a-comment", "unclosed-cells", "in-a-value", "repeated-r"],
)
def test_hostile_repetitions_are_scanned_in_linear_time(tmp_path: Path, rows: bytes) -> None:
    """50,000 ``<c >`` after an unclosed ``<f`` (2 KB zipped) took 90 s with the old
    regular expressions; every scan now reads each byte a bounded number of times. Run in
    a subprocess: a regression fails on the timeout instead of stalling the suite."""
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text(THESIS, encoding="utf-8")
    (folder / "data.xlsx").write_bytes(workbook(sheet_xml(b"<row>" + rows + b"</row>")))
    done = validate_in_subprocess(folder, timeout=60)
    assert done.returncode in (0, 1, 3), done.stderr[-2000:]
    assert done.stdout.startswith("{"), done.stderr[-2000:]


@pytest.mark.parametrize(
    "rows",
    [
        LAST_ROW + b'<c r="xfd1048576"><v>1</v></c></row>',
        LAST_ROW + b"<c><v>1</v></c>" * 100 + b"</row>",
    ],
    ids=["lower-case", "100-reference-less"],
)
def test_a_far_cell_is_an_error_not_an_abort(tmp_path: Path, rows: bytes) -> None:
    """The whole CLI, with memory limited: calamine is never asked for the range."""
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text(THESIS, encoding="utf-8")
    (folder / "data.xlsx").write_bytes(workbook(sheet_xml(rows)))
    done = validate_in_subprocess(folder)
    assert done.returncode == 3, done.stderr[-2000:]
    errors = json.loads(done.stdout)["errors"]
    assert [(e["code"], Path(e["file"]).name, e["sheet"]) for e in errors] == [
        ("sheet_too_large", "data.xlsx", "KPIs")
    ]


# --- merged cells ---------------------------------------------------------------------------


class CountingRow(list):  # type: ignore[type-arg]
    """A row that counts the cells written into it."""

    writes = 0

    def __setitem__(self, index: object, value: object) -> None:
        CountingRow.writes += len(value) if isinstance(index, slice) else 1  # type: ignore[arg-type]
        super().__setitem__(index, value)  # type: ignore[index]


def test_merged_ranges_fill_each_cell_once_at_most() -> None:
    """200 copies of one merged range over a 1,000 x 26 sheet: 26,000 cell writes at most
    (the old fill wrote the range 200 times, 4.6 million writes; 200,000 copies took 104 s)."""
    CountingRow.writes = 0
    cells = [CountingRow([f"r{r}c{c}" for c in range(26)]) for r in range(1000)]
    _fill_merged(cells, [((0, 3), (999, 25))] * 200, "KPIs")
    assert CountingRow.writes <= 26 * 1000
    assert cells[999][25] == "r0c3" and cells[999][2] == "r999c2"


def test_overlapping_merged_ranges_are_a_damaged_sheet() -> None:
    cells = [["x"] * 26 for _ in range(100)]
    overlapping = [((0, 3), (99 - shift, 25)) for shift in range(50)]
    with pytest.raises(TableReadError) as raised:
        _fill_merged(cells, overlapping, "KPIs")
    assert raised.value.issue.code == "not_a_table" and "overlap" in raised.value.issue.message
    assert raised.value.sheet == "KPIs"


@pytest.mark.slow
def test_200000_copies_of_a_merged_range_are_read(tmp_path: Path) -> None:
    """A 15 KB workbook; run in a subprocess so that a regression times out."""
    merges = b"<mergeCells>" + b'<mergeCell ref="D1:Z1000"/>' * 200_000 + b"</mergeCells>"
    sheet = sheet_xml(b'<row r="1000"><c r="Z1000"><v>1</v></c></row>', after=merges)
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text(THESIS, encoding="utf-8")
    data = workbook(sheet)
    assert len(data) < 64 * 1024
    (folder / "data.xlsx").write_bytes(data)
    done = validate_in_subprocess(folder, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]


def test_too_many_merged_ranges_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_MERGED_RANGES", 10)
    merges = b'<mergeCells count="11">' + b'<mergeCell ref="D1:E1"/>' * 11 + b"</mergeCells>"
    error = refused(tmp_path, workbook(sheet_xml(after=merges)))
    assert error.issue.code == "sheet_too_large" and "merged ranges" in error.issue.message


# --- compound files ---------------------------------------------------------------------------


def compound_file(*streams: str) -> bytes:
    """The header and first directory sector of an OLE compound file naming ``streams``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[0x30:0x34] = (0).to_bytes(4, "little")  # directory in sector 0
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = (name + "\x00").encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        directory += entry
    return bytes(header) + bytes(directory.ljust(512, b"\x00")) + b"\x00" * 1024


@pytest.mark.parametrize(
    ("streams", "said", "fix"),
    [
        (("EncryptionInfo", "EncryptedPackage"), "password-protected", "remove the password"),
        (("Workbook",), "Excel 97-2003 workbook (.xls)", "save it as an Excel Workbook"),
        (("Something",), "password-protected workbook or one in the old", "(.xlsx)"),
    ],
    ids=["encrypted", "xls", "unknown"],
)
def test_a_compound_file_is_named_for_what_it_is(
    make_folder: FolderFactory, streams: tuple[str, ...], said: str, fix: str
) -> None:
    folder = make_folder(THESIS, {"data.xlsx": compound_file(*streams)})
    [error] = validate_folder(str(folder)).errors
    assert error.code == "file_unreadable" and Path(error.file or "").name == "data.xlsx"
    assert said in error.message and "zip" not in error.message
    assert fix in (error.hint or "")


def test_the_cli_reports_a_compound_file_without_a_traceback(make_folder: FolderFactory) -> None:
    folder = make_folder(THESIS, {"data.xlsx": compound_file("EncryptedPackage")})
    done = CliRunner().invoke(app, ["validate", "--format", "text", str(folder)])
    assert done.exit_code == 3 and "Traceback" not in done.stdout
    assert "password-protected" in done.stdout


def _lying_member(data: bytes, name: str, inflated_mib: int) -> bytes:
    """``data`` with member ``name`` (moved last) replaced by ``inflated_mib`` MiB of zeros,
    still declaring the size and checksum it had."""
    had = zipfile.ZipFile(io.BytesIO(data)).read(name)
    return _declaring(data, name, b"\0" * (inflated_mib << 20), len(had), zlib.crc32(had))


def test_a_part_lying_about_its_size_is_not_unpacked_beyond_it(tmp_path: Path) -> None:
    """A sheet declaring a few hundred bytes whose data inflates to 64 MiB: damaged, and
    never held in memory whole (zipfile's own read would inflate it all before checking)."""
    path = tmp_path / "data.xlsx"
    path.write_bytes(_lying_member(workbook(sheet_xml()), SHEET_PART, 64))
    package = Package(str(path))
    try:
        tracemalloc.start()
        with pytest.raises(TableReadError) as refused:
            package.read_part(SHEET_PART)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        package.close()
    issue = refused.value.issue
    assert issue.code == "not_a_table" and "cannot be unpacked" in issue.message
    assert peak < 8 * 2**20, peak


def test_a_sheet_holding_more_cells_than_the_limit_says_how_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One cell written 60 times over: a one-cell range, but 60 cells for calamine to hold."""
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 50)
    rows = b'<row r="2">' + b'<c r="A2"><v>1</v></c>' * 60 + b"</row>"
    error = refused(tmp_path, workbook(sheet_xml(rows)))
    assert error.issue.code == "sheet_too_large"
    assert "holds 69 cells with values" in error.issue.message  # with the 9 of the header rows
    check(
        tmp_path, workbook(sheet_xml(b'<row r="2">' + b'<c r="A2"><v>1</v></c>' * 41 + b"</row>"))
    )


def test_a_prefixed_formula_without_text_is_noted_as_never_calculated(tmp_path: Path) -> None:
    """``<x:f/>``: a formula with no text and no value. The old quick test looked for
    ``<f``, ``:f>`` and ``:f `` only, and passed this sheet over."""
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1">'
        '<x:c r="A1" t="inlineStr"><x:is><x:t>period</x:t></x:is></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>value</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>2024-07</x:t></x:is></x:c>'
        '<x:c r="B2"><x:f/></x:c></x:row></x:sheetData></x:worksheet>'
    ).encode()
    path = tmp_path / "data.xlsx"
    path.write_bytes(workbook(sheet))
    package = Package(str(path))
    try:
        info, _ = choose_sheet(package.sheets(), None)
        package.check_extent(info.part, info.name)
        facts = package.sheet_facts(info.part)
    finally:
        package.close()
    assert facts.uncached == [(1, 1, "")]


def _declaring(data: bytes, name: str, holds: bytes, size: int, crc: int) -> bytes:
    """``data`` with member ``name`` (moved last) holding ``holds`` while declaring ``size``
    and ``crc`` in its local header and its central directory entry."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.namelist():
            if member != name:
                archive.writestr(member, source.read(member))
        archive.writestr(name, holds)
    packed = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(packed))).getinfo(name)
    entry = packed.find(b"PK\x01\x02")
    while packed[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = packed.find(b"PK\x01\x02", entry + 4)
    for header in (info.header_offset + 14, entry + 16):  # CRC, packed size, size
        struct.pack_into("<I", packed, header, crc)
        struct.pack_into("<I", packed, header + 8, size)
    return bytes(packed)


def _read_refused(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "data.xlsx"
    path.write_bytes(data)
    package = Package(str(path))
    try:
        with pytest.raises(TableReadError) as refused:
            package.read_part(SHEET_PART)
    finally:
        package.close()
    assert refused.value.issue.code == "not_a_table"
    return refused.value.issue.message


def test_a_part_whose_data_runs_past_its_declared_size_is_damaged(tmp_path: Path) -> None:
    """A sheet declaring its first bytes' size and checksum, with a far-away cell after
    them: zipfile alone cuts at the declared size and finds the checksum right, calamine
    reads on, so the extent scan would pass a prefix of what calamine reads."""
    content = zipfile.ZipFile(io.BytesIO(workbook(sheet_xml()))).read(SHEET_PART)
    data = _declaring(
        workbook(sheet_xml()),
        SHEET_PART,
        content + b'<c r="XFD1048576"/>',
        len(content),
        zlib.crc32(content),
    )
    assert "holds more than the size it declares" in _read_refused(tmp_path, data)


def test_a_part_whose_data_ends_before_its_declared_size_is_damaged(tmp_path: Path) -> None:
    content = zipfile.ZipFile(io.BytesIO(workbook(sheet_xml()))).read(SHEET_PART)
    data = _declaring(
        workbook(sheet_xml()), SHEET_PART, content, len(content) + 5, zlib.crc32(content)
    )
    assert "holds less than the size it declares" in _read_refused(tmp_path, data)


def test_a_part_with_a_wrong_checksum_is_damaged(tmp_path: Path) -> None:
    content = zipfile.ZipFile(io.BytesIO(workbook(sheet_xml()))).read(SHEET_PART)
    data = _declaring(
        workbook(sheet_xml()), SHEET_PART, content, len(content), zlib.crc32(content) ^ 1
    )
    assert "Bad CRC-32" in _read_refused(tmp_path, data)


def test_a_part_whose_data_ends_at_its_declared_size_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(workbook(sheet_xml()))
    package = Package(str(path))
    try:
        assert package.read_part(SHEET_PART) == zipfile.ZipFile(path).read(SHEET_PART)
    finally:
        package.close()
