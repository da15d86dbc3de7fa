"""What the fast XLSX reader cannot tell: a look inside the workbook's zip package.

calamine reads values quickly but turns Excel error cells (``#N/A``) and formulas that were
never calculated into empty cells, and does not say which cells are formatted as
percentages. Those facts live in the sheet's XML; this module finds them with byte-level
scans (no full XML parse), only when a cheap pre-check says they can be there. It also
guards against zip bombs before anything is decompressed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from valaudit import limits
from valaudit.load.raw import TableReadError

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
#: Attributes may be quoted with " or ' (XML allows both; calamine reads both).
_ATTR = re.compile(rb"""\b([rts])=(["'])(.*?)\2""")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_REF = re.compile(r"^([A-Z]+)(\d+)$")
#: The reference of every cell that is not self-closing (``<c r="B7" s="1"/>`` holds no value
#: and calamine ignores it; a cell with content or a formula counts).
_CONTENT_CELL_REF = re.compile(
    rb"""<(?:\w+:)?c\s[^>]*?\br=(["'])([A-Z]{1,3})(\d+)\1[^>]*?(?<!/)>"""
)
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
    """Path of the sheet's XML inside the zip."""


@dataclass
class SheetFacts:
    """Cells that need more than their value to be read right."""

    errors: list[tuple[int, int, str]] = field(default_factory=list)
    """(row, column, error text) of Excel error cells, 0-based."""
    uncached: list[tuple[int, int, str]] = field(default_factory=list)
    """(row, column, formula) of formula cells with no calculated value, 0-based."""
    percent: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of cells formatted as a percentage, 0-based."""


def column_index(letters: str) -> int:
    """``"A"`` -> 0, ``"AB"`` -> 27."""
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1


class Package:
    """An open XLSX package, checked against zip bombs on opening."""

    def __init__(self, path: str) -> None:
        self._parts: dict[str, bytes] = {}
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
        self._check_sizes()

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

        zipfile stops at the size the member declares (checked by ``_check_sizes``), so a
        member that lies about its size cannot expand beyond it.
        """
        if name in self._parts:
            return self._parts[name]
        try:
            return self.zip.read(name)
        except _ZIP_READ_ERRORS as error:
            raise TableReadError(
                "not_a_table",
                f"The workbook is damaged: its part '{name}' cannot be unpacked ({error}).",
                "Open it in Excel and save it again as an Excel Workbook (.xlsx).",
            ) from None

    def _xml(self, name: str) -> ElementTree.Element | None:
        try:
            return ElementTree.fromstring(self.read_part(name))
        except (KeyError, ElementTree.ParseError):
            return None

    def check_extent(self, part: str | None, sheet: str) -> None:
        """Refuse a sheet whose used range is too large to hold in memory.

        calamine allocates every cell from A1 to the last cell that holds a value, so one
        value in XFD1048576 of a 5 KB file asks for 17 billion cells and aborts the process
        (a Rust allocation failure cannot be caught). The cell references are scanned first.
        Cells written without a reference are placed by calamine one after another; they
        are bounded by the part size and compression limits instead.
        """
        if part is None:
            return
        try:
            data = self.read_part(part)
        except KeyError:
            return
        self._parts[part] = data  # read once: sheet_facts needs it again
        refs = _CONTENT_CELL_REF.findall(data)
        if not refs:
            return
        last_column = max({letters for _, letters, _ in refs}, key=lambda c: (len(c), c))
        rows = max(map(int, {digits for _, _, digits in refs}))  # int: "007" is row 7
        columns = column_index(last_column.decode("ascii")) + 1
        if rows * columns > limits.MAX_XLSX_CELLS:
            raise TableReadError(
                "sheet_too_large",
                f"The sheet '{sheet}' uses cells up to {last_column.decode()}{rows}, a range of "
                f"{rows * columns:,} cells; valaudit reads sheets of up to "
                f"{limits.MAX_XLSX_CELLS:,} cells.",
                f"Delete stray values far from the table (Excel: Ctrl+End shows the last used "
                f"cell, {last_column.decode()}{rows}), or save the KPI table on its own sheet.",
                sheet=sheet,
            )

    def sheets(self) -> list[SheetInfo]:
        workbook = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets: dict[str, str] = {}
        if rels is not None:
            for rel in rels.iter(f"{_NS_PKG}Relationship"):
                target = rel.get("Target", "")
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[rel.get("Id", "")] = target
        result: list[SheetInfo] = []
        if workbook is None:
            return result
        for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
            rid = sheet.get(f"{_NS_REL}id", "")
            result.append(
                SheetInfo(
                    name=sheet.get("name", ""),
                    state=sheet.get("state", "visible"),
                    part=targets.get(rid),
                )
            )
        return result

    def _percent_styles(self) -> set[bytes]:
        styles = self._xml("xl/styles.xml")
        if styles is None:
            return set()
        custom = {
            int(fmt.get("numFmtId", "-1"))
            for fmt in styles.iter(f"{_NS_MAIN}numFmt")
            if "%" in (fmt.get("formatCode") or "").replace('"%"', "").replace("\\%", "")
        }
        percent_ids = _PERCENT_BUILTIN | custom
        cell_xfs = styles.find(f"{_NS_MAIN}cellXfs")
        if cell_xfs is None:
            return set()
        return {
            str(index).encode()
            for index, xf in enumerate(cell_xfs.iter(f"{_NS_MAIN}xf"))
            if int(xf.get("numFmtId", "0")) in percent_ids
        }

    def sheet_facts(self, part: str | None, columns: set[int] | None = None) -> SheetFacts:
        """Error cells, uncached formulas and percentage cells of one sheet.

        ``columns`` limits the result to the columns the table uses.
        """
        facts = SheetFacts()
        if part is None:
            return facts
        try:
            data = self.read_part(part)
        except KeyError:
            return facts
        percent_styles = self._percent_styles()
        has_formula = b"<f" in data or b":f>" in data or b":f " in data
        has_error = b't="e"' in data
        if not (has_formula or has_error or percent_styles):
            return facts
        for match in _CELL.finditer(data):
            attrs = {name: value for name, _, value in _ATTR.findall(match.group(1))}
            body = match.group(2) or b""
            style = attrs.get(b"s")
            kind = attrs.get(b"t")
            is_percent = style is not None and style in percent_styles
            is_formula = b"f" in body and _FORMULA.search(body) is not None
            if not (is_percent or is_formula or kind == b"e"):
                continue
            ref = _REF.match(attrs.get(b"r", b"").decode("ascii", "replace"))
            if ref is None:
                continue
            row, col = int(ref.group(2)) - 1, column_index(ref.group(1))
            if columns is not None and col not in columns:
                continue
            value = _VALUE.search(body)
            if kind == b"e":
                facts.errors.append((row, col, value.group(1).decode() if value else "#ERROR"))
            elif is_formula and (value is None or (not value.group(1) and kind != b"str")):
                formula = _FORMULA.search(body)
                text = (formula.group(1) or b"").decode("utf-8", "replace") if formula else ""
                facts.uncached.append((row, col, text))
            elif is_percent and kind in (None, b"n"):
                facts.percent.add((row, col))
        return facts
