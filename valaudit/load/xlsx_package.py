"""What the fast XLSX reader cannot tell: a look inside the workbook's zip package.

calamine reads values quickly but turns Excel error cells (``#N/A``) and formulas that were
never calculated into empty cells, and does not say which cells are formatted as
percentages. Those facts live in the sheet's XML; this module finds them with linear scans
(:mod:`valaudit.load.sheet_scan`), only when a cheap pre-check says they can be there. It
also guards against zip bombs before anything is decompressed, finds each sheet's part the
way calamine does (:mod:`valaudit.load.workbook_index`), and bounds what calamine will
allocate for it before calamine reads a byte.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from valaudit import limits
from valaudit.load.raw import TableReadError
from valaudit.load.sheet_cells import CellNote, SheetScan, column_letters
from valaudit.load.sheet_notes import may_hold_notes, plain_notes
from valaudit.load.sheet_scan import scan_sheet
from valaudit.load.workbook_index import (
    WorkbookIndex,
    WorkbookUnreadable,
    calamine_workbook,
    find_member,
    member_index,
)
from valaudit.load.xml_events import MalformedXml

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: How an OLE compound file starts: Excel 97-2003 workbooks (.xls) and the encrypted
#: container Excel saves password-protected workbooks in.
_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What reading a damaged or unusual zip member can raise.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # compression methods zipfile lacks
    RuntimeError,  # encrypted members
    ValueError,
)
_PERCENT_BUILTIN = {9, 10}


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str
    """visible, hidden or veryHidden."""
    part: str | None
    """The zip member calamine reads for this sheet's name (that of the first sheet of the
    name), None when there is none."""


@dataclass
class SheetFacts:
    """Cells that need more than their value to be read right."""

    errors: list[tuple[int, int, str]] = field(default_factory=list)
    """(row, column, error text) of Excel error cells, 0-based."""
    uncached: list[tuple[int, int, str]] = field(default_factory=list)
    """(row, column, formula) of formula cells with no calculated value, 0-based."""
    percent: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of cells formatted as a percentage, 0-based."""


class Package:
    """An open XLSX package, checked against zip bombs on opening."""

    def __init__(self, path: str) -> None:
        self._parts: dict[str, bytes] = {}
        self._scans: dict[str, SheetScan] = {}
        self._notes: dict[str, list[CellNote]] = {}
        self._percent: frozenset[bytes] | None = None
        _refuse_compound_file(path)
        try:
            self.zip = zipfile.ZipFile(path)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            ValueError,
            NotImplementedError,
        ):
            # NotImplementedError: a member needs a zip feature Python lacks (version > 6.3).
            raise TableReadError(
                "not_a_table",
                "The file is not a valid .xlsx workbook (it is not a zip package).",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx). Older .xls "
                "files must be saved as .xlsx too.",
            ) from None
        try:
            self._check_sizes()
            self._names = set(self.zip.namelist())
            self._index = member_index(self.zip.namelist())
            self._workbook: WorkbookIndex = calamine_workbook(self._read_for_calamine)
        except WorkbookUnreadable as error:
            self.zip.close()
            raise TableReadError(
                "not_a_table",
                f"The workbook is damaged: {error}.",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
            ) from None
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def _check_sizes(self) -> None:
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > limits.MAX_XLSX_PART_BYTES
                or (info.file_size > 10 * 2**20 and ratio > limits.MAX_XLSX_COMPRESSION_RATIO)
                or total > 4 * limits.MAX_XLSX_PART_BYTES
            ):
                raise TableReadError(
                    "file_too_large",
                    f"The workbook's part '{info.filename}' would expand to "
                    f"{info.file_size / 2**20:,.0f} MiB ({ratio:,.0f} times its packed size); "
                    "valaudit does not open it, as it may be built to exhaust memory.",
                    "If the workbook is genuine, save the KPI sheet on its own or as CSV.",
                )

    def read_part(self, name: str) -> bytes:
        """One member of the package; KeyError when missing, TableReadError when damaged.

        Unpacked only up to one byte past the size the member declares (checked by
        ``_check_sizes``), so a member that lies about its size cannot expand beyond it.
        (``ZipFile.read`` unpacks the whole stream first and cuts it after: a member
        declaring 100 bytes would take all the memory its data inflates to.) A member whose
        data does not end exactly at its declared size is damaged: zipfile alone would cut
        it there and check the checksum of what it kept, while calamine reads the whole
        stream, so a sheet could show our scan one thing and calamine another.
        """
        if name in self._parts:
            return self._parts[name]
        try:
            info = self.zip.getinfo(name)
            probe = copy.copy(info)
            probe.file_size = info.file_size + 1
            del probe.CRC  # checked below, on the declared size only
            with self.zip.open(probe) as member:
                data = member.read(probe.file_size)
            if len(data) != info.file_size:
                raise zipfile.BadZipFile(
                    f"it holds {'more' if len(data) > info.file_size else 'less'} "
                    "than the size it declares"
                )
            if zlib.crc32(data) != info.CRC:
                raise zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")
            return data
        except _ZIP_READ_ERRORS as error:
            raise TableReadError(
                "not_a_table",
                f"The workbook is damaged: its part '{name}' cannot be unpacked ({error}).",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
            ) from None

    def _member(self, path: str) -> str | None:
        """The member calamine opens for ``path`` (lower-cased, either slash)."""
        return find_member(self._index, self._names, path)

    def _read_for_calamine(self, path: str) -> bytes | None:
        member = self._member(path)
        return None if member is None else self.read_part(member)

    def check_extent(self, part: str | None, sheet: str) -> None:
        """Refuse a sheet whose cells calamine would hold too many of.

        calamine allocates every cell from A1 to the last cell that holds a value, so one
        value in XFD1048576 of a 5 KB file asks for 17 billion cells and aborts the process
        (a Rust allocation failure cannot be caught). The part is read first the way
        calamine will read it (:mod:`valaudit.load.sheet_scan`): references in any case or
        quoting, and cells without a reference placed after the cells before them.
        """
        data = self._sheet_part(part, sheet)
        merged = data.count(b"mergeCell")  # each merged range holds the word once at least
        if merged > limits.MAX_XLSX_MERGED_RANGES:
            raise TableReadError(
                "sheet_too_large",
                f"The sheet '{sheet}' lists about {merged:,} merged ranges; valaudit reads "
                f"sheets with up to {limits.MAX_XLSX_MERGED_RANGES:,}.",
                "Unmerge the cells (Excel: Home > Merge & Center > Unmerge Cells), or save "
                "the KPI table on its own sheet.",
                sheet=sheet,
            )
        try:
            scan = scan_sheet(data, self._percent_styles(), limits.MAX_XLSX_CELLS)
        except MalformedXml as error:
            raise TableReadError(
                "not_a_table",
                f"The workbook is damaged: the XML of its sheet '{sheet}' is malformed ({error}).",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
                sheet=sheet,
            ) from None
        assert part is not None  # _sheet_part refused a missing part
        self._scans[part] = scan
        last = f"{column_letters(scan.columns - 1)}{scan.rows}" if scan.cells else "A1"
        if scan.rows * scan.columns > limits.MAX_XLSX_CELLS:
            raise TableReadError(
                "sheet_too_large",
                f"The sheet '{sheet}' uses cells up to {last}, a range of "
                f"{scan.rows * scan.columns:,} cells; valaudit reads sheets of up to "
                f"{limits.MAX_XLSX_CELLS:,} cells.",
                f"Delete stray values far from the table (Excel: Ctrl+End shows the last used "
                f"cell, {last}), or save the KPI table on its own sheet.",
                sheet=sheet,
            )
        if scan.cells > limits.MAX_XLSX_CELLS:
            raise TableReadError(
                "sheet_too_large",
                f"The sheet '{sheet}' holds {scan.cells:,} cells with values; valaudit reads "
                f"sheets of up to {limits.MAX_XLSX_CELLS:,} cells.",
                "Save the KPI table on its own sheet, or as CSV.",
                sheet=sheet,
            )

    def _sheet_part(self, part: str | None, sheet: str) -> bytes:
        """The bytes of a sheet's part, read once (the facts need them again)."""
        if part is None or part not in self._names:
            raise TableReadError(
                "not_a_table",
                f"The workbook is damaged: the sheet '{sheet}' has no part in the package.",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
                sheet=sheet,
            )
        if part not in self._parts:
            self._parts[part] = self.read_part(part)
        return self._parts[part]

    def sheets(self) -> list[SheetInfo]:
        """The sheets calamine lists, each with the part calamine reads for its name (the
        part of the first sheet of that name)."""
        first_path: dict[str, str] = {}
        for sheet in self._workbook.sheets:
            first_path.setdefault(sheet.name, sheet.path)
        return [
            SheetInfo(name=sheet.name, state=sheet.state, part=self._member(first_path[sheet.name]))
            for sheet in self._workbook.sheets
        ]

    def _percent_styles(self) -> frozenset[bytes]:
        if self._percent is None:
            self._percent = self._read_percent_styles()
        return self._percent

    def _read_percent_styles(self) -> frozenset[bytes]:
        """The cell formats (``s`` of a cell) that show a percentage.

        Read as a stream, each element dropped once read: a styles part may be as large as
        any part, and a tree of it would take ten times its size.
        """
        member = self._member(f"{self._workbook.folder}styles.xml")
        if member is None:
            return frozenset()
        custom: set[int] = set()
        cell_formats: list[int] = []  # numFmtId of each cell format, in order
        open_elements: list[ElementTree.Element] = []
        in_cell_formats = done_cell_formats = False
        try:
            for event, element in ElementTree.iterparse(
                io.BytesIO(self.read_part(member)), events=("start", "end")
            ):
                if event == "start":
                    open_elements.append(element)
                    if element.tag == f"{_NS_MAIN}cellXfs" and len(open_elements) == 2:
                        in_cell_formats = not done_cell_formats
                    continue
                open_elements.pop()
                if element.tag == f"{_NS_MAIN}numFmt":
                    code = (element.get("formatCode") or "").replace('"%"', "").replace("\\%", "")
                    if "%" in code:
                        custom.add(_int(element.get("numFmtId"), -1))
                elif element.tag == f"{_NS_MAIN}xf" and in_cell_formats:
                    cell_formats.append(_int(element.get("numFmtId"), 0))
                elif element.tag == f"{_NS_MAIN}cellXfs" and len(open_elements) == 1:
                    done_cell_formats, in_cell_formats = True, False
                if open_elements:
                    open_elements[-1].remove(element)
        except ElementTree.ParseError:
            return frozenset()
        percent_ids = _PERCENT_BUILTIN | custom
        return frozenset(
            str(index).encode()
            for index, format_id in enumerate(cell_formats)
            if format_id in percent_ids
        )

    def sheet_facts(self, part: str | None, columns: set[int] | None = None) -> SheetFacts:
        """Error cells, uncached formulas and percentage cells of one sheet.

        ``columns`` limits the result to the columns the table uses.
        """
        facts = SheetFacts()
        if part is None or part not in self._scans:
            return facts
        percent_styles = self._percent_styles()
        for note in self.sheet_notes(part):
            if columns is None or note.column in columns:
                _add_fact(facts, note, percent_styles)
        return facts

    def sheet_notes(self, part: str) -> list[CellNote]:
        """The cells worth a note in a part :meth:`check_extent` passed, found once.

        The sheet prefetch asks for them while calamine is still parsing the sheet (the
        main thread would otherwise wait idle), so that the reader finds them ready.
        """
        notes = self._notes.get(part)
        if notes is None:
            scan = self._scans[part]
            if scan.notes is not None:
                notes = scan.notes
            elif may_hold_notes(self._parts[part], self._percent_styles()):
                notes = plain_notes(self._parts[part], self._percent_styles(), scan.prefix)
            else:
                notes = []
            self._notes[part] = notes
        return notes


def _add_fact(facts: SheetFacts, note: CellNote, percent_styles: frozenset[bytes]) -> None:
    """File one noted cell: an error cell, a formula Excel never calculated, a percentage."""
    row, col, kind, value = note.row, note.column, note.kind, note.value
    if kind == b"e":
        facts.errors.append((row, col, value.decode("utf-8", "replace") if value else "#ERROR"))
    elif note.formula is not None and (value is None or (not value and kind != b"str")):
        facts.uncached.append((row, col, note.formula.decode("utf-8", "replace")))
    elif note.style in percent_styles and kind in (None, b"n"):
        facts.percent.add((row, col))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _refuse_compound_file(path: str) -> None:
    """An OLE compound file is how Excel stores a password-protected workbook, and what an
    Excel 97-2003 (.xls) workbook is: say which, and how to get an .xlsx from it."""
    with Path(path).open("rb") as stream:
        head = stream.read(512)
        if not head.startswith(_CFB_SIGNATURE):
            return
        shift = int.from_bytes(head[0x1E:0x20], "little")
        size = 1 << shift if 9 <= shift <= 12 else 512
        stream.seek((int.from_bytes(head[0x30:0x34], "little") + 1) * size)
        directory = stream.read(size)
    names = set()
    for entry in range(0, len(directory) - 127, 128):
        length = int.from_bytes(directory[entry + 64 : entry + 66], "little")
        names.add(directory[entry : entry + min(length, 64)].decode("utf-16-le", "replace"))
    names = {name.rstrip("\x00") for name in names}
    if "EncryptedPackage" in names:
        raise TableReadError(
            "file_unreadable",
            "The workbook is password-protected: Excel saved it encrypted, so it cannot be read.",
            "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
            "with Password, clear it) and save it, or save an unprotected copy of the KPI sheet.",
        )
    if names & {"Workbook", "Book"}:
        raise TableReadError(
            "file_unreadable",
            "The file is an Excel 97-2003 workbook (.xls) under an .xlsx name; valaudit reads "
            "Excel Workbooks (.xlsx).",
            "Open it in Excel and save it as an Excel Workbook (.xlsx) (File > Save As).",
        )
    raise TableReadError(
        "file_unreadable",
        "The file is not an .xlsx workbook: it is a password-protected workbook or one in the "
        "old Excel 97-2003 format (.xls).",
        "Open it in Excel; if it asks for a password, remove the password (File > Info > "
        "Protect Workbook > Encrypt with Password) and save it; otherwise save it as an Excel "
        "Workbook (.xlsx).",
    )
