"""Where calamine will put a worksheet's cells, worked out before calamine reads it.

calamine allocates one slot for every cell from A1 to the last cell that holds a value, and
Python then gets one object per slot; a value placed far away in a tiny file would make it
ask for billions of cells and abort the process (a Rust allocation failure cannot be
caught). So the sheet's XML is read first, in linear time, with calamine's own rules
(:mod:`valaudit.load.xml_events`): a cell's place comes from its ``r`` reference in any case
or quoting, or, without one, from the row's ``r`` and the cells before it in the row.

Two ways, one answer:

* The plain way. Every spreadsheet program writes each cell with its reference first
  (``<c r="B7" s="1" t="s">``). One regular expression finds, in C, every ``<c`` that
  could start a cell tag and reads its reference; when all of them have this plain form,
  so do all the cells calamine will read (and a few in comments or quoted values, which
  only make the estimate larger). A match never spans another ``<``, so none can hide a
  cell from the search.
* The exact way, for anything else: :func:`_walk` replays calamine's cell reader event by
  event, including where its value readers skip nested content. It is slower (Python per
  tag) but only ever needed for unusual files.

Both also note the cells whose meaning needs more than calamine's value: Excel error cells,
formulas, and cells formatted as percentages (:class:`CellNote`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from valaudit.load.xml_events import (
    END,
    START,
    Event,
    MalformedXml,
    cell_attributes,
    events,
    first_attribute,
    local_name,
    next_u32,
    row_and_column,
)


@dataclass(frozen=True)
class CellNote:
    """A cell whose formula, error type or number format matters to the reader."""

    row: int
    """0-based, as calamine places it."""
    column: int
    style: bytes | None
    """The ``s`` attribute: an index into the workbook's cell formats."""
    kind: bytes | None
    """The ``t`` attribute: ``e`` for an error cell, ``str`` for a formula's text, ..."""
    formula: bytes | None
    """The formula's text, ``b""`` for a formula element without text, None for no formula."""
    value: bytes | None
    """The text of the cell's ``<v>``, None when it has none."""


@dataclass
class SheetScan:
    """What calamine will hold for one worksheet."""

    rows: int = 0
    """Rows of the grid from row 1 to the last row holding a value (0 when none does)."""
    columns: int = 0
    """Columns of the grid from column A to the last column holding a value."""
    cells: int = 0
    """Cells holding a value (at most; repeats of one reference count each time)."""
    plain: bool = True
    """The part has the plain form (see the module docstring)."""
    prefix: bytes = b""
    """The prefix of its cell tags, when plain (``x:`` for ``<x:c>``)."""
    notes: list[CellNote] | None = field(default=None, repr=False)
    """Cells worth a note, when the exact walk found them; None after the plain scan."""

    def add(self, row: int, column: int) -> None:
        self.cells += 1
        self.rows = max(self.rows, row + 1)
        self.columns = max(self.columns, column + 1)


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
#: A prefixed cell tag (``<x:c>``), or the bytes of one; and where the prefix is named.
_PREFIXED_CELL = re.compile(rb":c[ \t\r\n/>]")
_CELL_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)c[ \t\r\n/>]")
#: An attribute named ``r`` that is not the first of a ``<c`` or ``<row`` tag. (calamine
#: would take a cell's reference from a later one.) Only a key after a quoted value counts;
#: the search stops at each ``r`` in the part, so keys are checked one by one in Python
#: only where such text occurs (``defaultGridColor=``, ``"r=5"`` in a text cell).
_LATE_R_KEY = re.compile(rb"r(?<!<c r)(?<!:c r)(?<!<row r)(?<!:row r)[ \t\r\n\x0c]*=")
_ATTRIBUTE_SPACE = b" \t\r\n\x0c"


@functools.lru_cache(maxsize=8)
def _plain_cells(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """For cells named ``<{prefix}c``: every tag start, with its reference when it starts
    with one (``<c r="B7"``), else the character after the name (so a superset: the bytes
    of a cell inside a quoted value or a comment are found too, which only makes the
    estimate larger; a match never spans another ``<``, so none can hide a cell); and the
    same tags with what proves one self-closing, holding no value (plain attributes:
    double-quoted, no ``<`` inside, then ``/>``)."""
    cell = rb"<" + re.escape(prefix) + rb"c"
    starts = re.compile(cell + rb'(?: r="([A-Za-z]+)([0-9]+)"|([ \t\r\n/>]))')
    empty = re.compile(
        cell + rb' r="([A-Za-z]+)([0-9]+)"((?:[ ][A-Za-z_][\w.:-]*="[^"<]*")*[ ]?/>)?'
    )
    return starts, empty


def scan_sheet(
    data: bytes, percent_styles: frozenset[bytes] = frozenset(), limit: int | None = None
) -> SheetScan:
    """Where calamine will place the cells of a worksheet part.

    The plain way first: when every cell tag has one name (``<c``, or ``<x:c`` throughout)
    and every occurrence of that name followed by a space, ``/`` or ``>`` starts with a
    reference (``<c r="B7"``), and no cell has a second ``r``, every cell calamine will
    read is among them, at that reference. Self-closing cells hold no value; they are told
    apart only when the range they would add matters, that is when the cells found exceed
    ``limit``. Anything else takes the exact walk.

    Raises :class:`MalformedXml` where calamine's parser would stop with an error (the
    sheet is then damaged for both), or the part holds a DOCTYPE (exact walk only).
    """
    prefix = _cell_prefix(data)
    if prefix == b"" and not _has_late_r(data):
        quick = _quick_extent(data)
        if quick is not None and (limit is None or quick.rows * quick.columns <= limit):
            return quick
    if prefix is not None:
        starts, empty_cells = _plain_cells(prefix)
        found = starts.findall(data)
        # With a prefix, each ":c" must be one of these tags or a "</x:c>".
        ends = data.count(b"</" + prefix + b"c>") if prefix else 0
        prefixed = len(_PREFIXED_CELL.findall(data)) if prefix else 0
        if (
            not any(map(itemgetter(2), found))
            and prefixed == (len(found) + ends if prefix else 0)
            and not _has_late_r(data)
        ):
            scan = _extent(found, prefix)
            if limit is not None and max(scan.cells, scan.rows * scan.columns) > limit:
                content = [(r, d) for r, d, empty in empty_cells.findall(data) if not empty]
                scan = _extent(content, prefix)
            return scan
    scan = SheetScan(plain=False, notes=[])
    _walk(data, scan, percent_styles)
    return scan


#: How far from its end a sheet's last rows are looked for.
_TAIL_BYTES = 64 * 1024


def _quick_extent(data: bytes) -> SheetScan | None:
    """The extent of an unprefixed sheet read from its last cells, proved by one search
    that every cell tag starts with a plain reference and none lies beyond them (no object
    is made per cell); None when one does, or the tail holds no cell: then every reference
    is read."""
    starts, _ = _plain_cells(b"")
    tail = [cell for cell in starts.findall(data, max(0, len(data) - _TAIL_BYTES)) if cell[0]]
    if not tail:
        return None
    scan = _extent(tail, b"")
    if _beyond(scan.rows, scan.columns).search(data) is not None:
        return None
    scan.cells = data.count(b'<c r="')
    return scan


@functools.lru_cache(maxsize=8)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell tag that does not start with a plain reference, or whose reference lies
    beyond ``rows`` and ``columns``: more letters or digits, or as many and larger, or a
    row with a leading zero (not worth reading exactly)."""
    letters, digits = column_letters(columns - 1), str(rows)
    more_letters = f"[A-Za-z]{{{len(letters) + 1},}}|" + _later(letters, letters=True)
    more_digits = f"0[0-9]*|[1-9][0-9]{{{len(digits)},}}|" + _later(digits, letters=False)
    return re.compile(
        f'<c(?:(?! r="[A-Za-z]+[0-9]+")[ \\t\\r\\n/>]'
        f'| r="(?:(?:{more_letters})[0-9]|[A-Za-z]+(?:{more_digits})"))'.encode("ascii")
    )


def _later(text: str, *, letters: bool) -> str:
    """A pattern for strings as long as ``text`` that sort after it (letters in any case)."""
    parts = []
    for index, char in enumerate(text):
        tail = f"[{'A-Za-z' if letters else '0-9'}]{{{len(text) - index - 1}}}"
        if letters:
            same = "".join(f"[{c}{c.lower()}]" for c in text[:index])
            higher = "".join(chr(code) for code in range(ord(char) + 1, ord("Z") + 1))
            if higher:
                parts.append(f"{same}[{higher}{higher.lower()}]{tail}")
        elif char < "9":
            parts.append(f"{text[:index]}[{chr(ord(char) + 1)}-9]{tail}")
    return "|".join(parts) or "(?!)"


def column_letters(index: int) -> str:
    """0 -> ``"A"``, 27 -> ``"AB"``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_prefix(data: bytes) -> bytes | None:
    """The prefix every cell tag has (``b""`` for none); None when they may differ."""
    if _PREFIXED_CELL.search(data) is None:
        return b""
    named = _CELL_PREFIX.search(data)
    if named is None or _plain_cells(b"")[0].search(data) is not None:
        return None
    return named.group(1)


def _has_late_r(data: bytes) -> bool:
    """Whether some attribute named ``r`` follows a quoted value (looking back at most 64
    spaces; a longer run of spaces counts as yes, which only costs the exact walk)."""
    for match in _LATE_R_KEY.finditer(data):
        before = data[max(0, match.start() - 64) : match.start()].rstrip(_ATTRIBUTE_SPACE)
        if before[-1:] in (b"", b'"', b"'"):
            return True
    return False


def _extent(references: Sequence[tuple[bytes, ...]], prefix: bytes) -> SheetScan:
    scan = SheetScan(cells=len(references), prefix=prefix)
    letters = set(map(itemgetter(0), references))
    letters.discard(b"")
    if letters:
        digits = set(map(itemgetter(1), references))
        short = max(map(len, digits)) <= 15  # as almost always: int() on each, in C
        scan.rows = max(map(int if short else row_number, digits))
        scan.columns = max(map(column_number, letters))
    return scan


#: Beyond any sheet: a reference this long is counted as this far (its exact value is not
#: needed, and converting a 5,000-digit number is an error in Python, slow before that).
_FAR = 10**15


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"ab"`` -> 28 (exact: larger than calamine's 32-bit wrap-around)."""
    if len(letters) > 10:
        return _FAR
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def row_number(digits: bytes) -> int:
    """``b"007"`` -> 7 (exact up to 15 digits; longer is beyond any sheet)."""
    stripped = digits.lstrip(b"0")
    return int(stripped) if len(stripped) <= 15 else _FAR


# --- the exact walk ------------------------------------------------------------------------


_LOCAL_NAMES: dict[bytes, bytes] = {}


def _local(name: bytes) -> bytes:
    """:func:`local_name`, remembered (a sheet uses a handful of names a million times)."""
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = local_name(name)
        if len(_LOCAL_NAMES) < 1024:
            _LOCAL_NAMES[name] = local
    return local


def _walk(data: bytes, scan: SheetScan, percent_styles: frozenset[bytes]) -> None:
    """calamine's ``XlsxCellReader``: skip to ``<sheetData>``, then read rows and cells."""
    notes = scan.notes if scan.notes is not None else []
    stream = events(data)
    for kind, name, _, _ in stream:
        if kind == START and _local(name) == b"sheetData":
            break
    else:
        return  # calamine: not a worksheet; nothing is allocated
    row_index = column_index = 0
    for kind, name, start, end in stream:
        if kind == START:
            local = _local(name)
            if local == b"row":
                reference = first_attribute(data[start:end], b"r")
                if reference is not None:
                    row_index = _reference(reference, start)[0]
            elif local == b"c":
                reference, style, cell_kind = cell_attributes(data[start:end])
                if reference is not None:
                    row, column = _reference(reference, start)
                    if column is None:
                        raise MalformedXml("a cell reference has no column", start)
                    column_index = column
                else:
                    row, column = row_index, column_index
                filled, formula, value = _cell_content(data, stream, cell_kind, start)
                column_index = next_u32(column_index)
                if filled:
                    scan.add(row, column)
                if formula is not None or cell_kind == b"e" or style in percent_styles:
                    notes.append(CellNote(row, column, style, cell_kind, formula, value))
        elif kind == END:
            local = _local(name)
            if local == b"row":
                row_index, column_index = next_u32(row_index), 0
            elif local == b"sheetData":
                return
    raise MalformedXml("the sheet ends inside its data", len(data))


def _reference(reference: bytes, offset: int) -> tuple[int, int | None]:
    try:
        return row_and_column(reference)
    except MalformedXml as error:
        raise MalformedXml(error.reason, offset) from None


def _cell_content(
    data: bytes, stream: Iterator[Event], kind: bytes | None, offset: int
) -> tuple[bool, bytes | None, bytes | None]:
    """Read one cell's children as calamine does: (may hold a value, formula, value text).

    calamine keeps the value of the last child it reads, so a cell whose last child is a
    formula holds no value; "may hold" errs on the side of a value.
    """
    filled = False
    formula: bytes | None = None
    value: bytes | None = None
    for event_kind, name, start, end in stream:
        if event_kind == END and _local(name) == b"c":
            return filled, formula, value
        if event_kind != START:
            continue
        local = _local(name)
        if local == b"is":
            _inline_string(stream, name)
            filled = True
        elif local == b"v":
            text = _value(data, stream, name, end, kind)
            filled = text is not None
            if value is None:
                value = text if text is not None else b""
        elif local == b"f":
            if formula is None:
                formula = _text_after(data, end)
            _to_end(stream, name)
            filled = False
        else:
            raise MalformedXml("a cell holds something other than a value or formula", start)
    raise MalformedXml("the sheet ends inside a cell", offset)


def _text_after(data: bytes, end: int) -> bytes:
    """The text right after a start tag whose ``>`` is at ``end`` (none after ``/>``)."""
    if data[end] != 62:  # ">"
        return b""
    following = data.find(b"<", end + 1)
    return data[end + 1 : following if following >= 0 else len(data)]


def _value(
    data: bytes, stream: Iterator[Event], name: bytes, end: int, kind: bytes | None
) -> bytes | None:
    """A ``<v>``: its text, or None when calamine reads no value from it."""
    if kind in (b"inlineStr", b"is"):
        _to_end(stream, name)
        return None
    text = _text_after(data, end)
    if kind in (b"n", b"s", b"b", b"e", None):
        if text:  # calamine reads it, then skips to the end tag
            _to_end(stream, name)
            return text
        first = next(stream, None)
        if first is None:
            raise MalformedXml("the sheet ends inside a value", len(data))
        if first[0] != END or first[1] != name:
            _to_end(stream, name)  # the first event is not counted: calamine took it
        return None
    for event_kind, event_name, _, _ in stream:  # other kinds: to the first end tag
        if event_kind == END and event_name == name:
            return text
    raise MalformedXml("the sheet ends inside a value", len(data))


def _to_end(stream: Iterator[Event], name: bytes) -> None:
    """quick-xml's ``read_to_end``: skip to the end tag matching ``name``, nesting counted."""
    depth = 0
    for event_kind, event_name, _, _ in stream:
        if event_name == name:
            if event_kind == START:
                depth += 1
            elif event_kind == END:
                if depth == 0:
                    return
                depth -= 1
    raise MalformedXml("the sheet ends inside an element", 0)


def _inline_string(stream: Iterator[Event], closing: bytes) -> None:
    """calamine's ``read_string``: to the end tag named like the opening one; a ``<t>`` is
    read to its own end tag, unless inside phonetic text (``<rPh>``)."""
    phonetic = False
    for event_kind, name, _, _ in stream:
        if event_kind == START:
            local = _local(name)
            if local == b"rPh":
                phonetic = True
            elif local == b"t" and not phonetic:
                for inner_kind, inner_name, _, _ in stream:
                    if inner_kind == END and inner_name == name:
                        break
                else:
                    raise MalformedXml("the sheet ends inside a text", 0)
        elif event_kind == END:
            if name == closing:
                return
            if _local(name) == b"rPh":
                phonetic = False
    raise MalformedXml("the sheet ends inside a text", 0)


# --- notes from a plain part ---------------------------------------------------------------

#: One attribute of a plain cell tag, in any quoting and spacing.
_ATTRIBUTE = rb"""[ \t\r\n]+[^ \t\r\n=<>/"']++[ \t\r\n]*=[ \t\r\n]*(?:"[^"<]*"|'[^'<]*')"""
_NOTE_ATTRIBUTE = re.compile(
    rb"""([^ \t\r\n=<>/"']++)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')"""
)
_NOTE_FORMULA = re.compile(rb"<" + _PREFIX + rb"f(?:[ \t\r\n][^<>]*+)?(?:/>|>([^<]*+))")
_NOTE_VALUE = re.compile(rb"<" + _PREFIX + rb"v(?:[ \t\r\n][^<>]*+)?(?:/>|>([^<]*+))")
#: Where a formula may start.
_ANY_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[ \t\r\n/>]")


@functools.lru_cache(maxsize=8)
def _note_cell(prefix: bytes) -> re.Pattern[bytes]:
    """A plain cell: reference, attributes and the body up to its end tag or next cell."""
    cell = re.escape(prefix) + rb"c"
    return re.compile(
        rb"<" + cell + rb' r="([A-Za-z]+)([0-9]+)"((?:' + _ATTRIBUTE + rb")*)[ \t\r\n]*"
        rb"(?:/>|>((?:[^<]++|<(?!/" + cell + rb">|" + cell + rb"[ \t\r\n/>]))*+))"
    )


@functools.lru_cache(maxsize=8)
def _noted_by_attributes(prefix: bytes, percent_styles: frozenset[bytes]) -> re.Pattern[bytes]:
    """Plain cells whose tag says error (``t="e"``) or a percentage style."""
    styles = b"|".join(re.escape(style) for style in sorted(percent_styles))
    wanted = rb"t[ \t\r\n]*=[ \t\r\n]*[\"']e[\"']"
    if styles:
        wanted += rb"|s[ \t\r\n]*=[ \t\r\n]*[\"'](?:" + styles + rb")[\"']"
    return re.compile(
        rb"<"
        + re.escape(prefix)
        + rb'c r="[A-Za-z]+[0-9]+"(?:'
        + _ATTRIBUTE
        + rb")*?[ \t\r\n]+(?:"
        + wanted
        + rb")"
    )


def plain_notes(
    data: bytes, percent_styles: frozenset[bytes], prefix: bytes = b""
) -> list[CellNote]:
    """The cells worth a note in a part :func:`scan_sheet` found plain (cells named
    ``<{prefix}c``).

    Only cells that can be one are parsed: those whose tag says error or percentage, and
    those before a formula element. Each search moves forward only.
    """
    by_attributes = _noted_by_attributes(prefix, percent_styles)
    starts = {m.start() for m in by_attributes.finditer(data)}
    cell_start = b"<" + prefix + b'c r="'
    lower = 0
    for formula_tag in _ANY_FORMULA.finditer(data):
        # Its cell is the last to start before it; each search reads bytes the previous
        # one did not.
        cell = data.rfind(cell_start, lower, formula_tag.start())
        if cell >= 0:
            starts.add(cell)
        lower = formula_tag.start()
    notes = []
    for start in sorted(starts):
        match = _note_cell(prefix).match(data, start)
        if match is None:
            continue
        attributes = {
            key: double or single for key, double, single in _NOTE_ATTRIBUTE.findall(match.group(3))
        }
        body = match.group(4) or b""
        formula_match = _NOTE_FORMULA.search(body)
        value_match = _NOTE_VALUE.search(body)
        style, kind = attributes.get(b"s"), attributes.get(b"t")
        formula = None if formula_match is None else formula_match.group(1) or b""
        if formula is None and kind != b"e" and style not in percent_styles:
            continue
        notes.append(
            CellNote(
                row=row_number(match.group(2)) - 1,
                column=column_number(match.group(1)) - 1,
                style=style,
                kind=kind,
                formula=formula,
                value=None if value_match is None else value_match.group(1),
            )
        )
    return notes
