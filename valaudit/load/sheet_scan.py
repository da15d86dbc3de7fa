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
* The exact way, for anything else: :mod:`valaudit.load.sheet_walk` replays calamine's cell
  reader event by event, including where its value readers skip nested content. It is
  slower (Python per tag) but only ever needed for unusual files.

Both also note the cells whose meaning needs more than calamine's value: Excel error cells,
formulas, and cells formatted as percentages (:mod:`valaudit.load.sheet_notes`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from operator import itemgetter

from valaudit.load.sheet_cells import (
    SheetScan,
    column_letters,
    column_number,
    row_number,
)
from valaudit.load.sheet_walk import walk

#: A prefixed cell tag (``<x:c>``), or the bytes of one; and where the prefix is named.
_PREFIXED_CELL = re.compile(rb":c[ \t\r\n/>]")
_CELL_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)c[ \t\r\n/>]")
#: An attribute named ``r`` that is not the first of a ``<c`` or ``<row`` tag. (calamine
#: would take a cell's reference from a later one.) Only a key after a quoted value counts;
#: the search stops at each ``r`` in the part, so keys are checked one by one in Python
#: only where such text occurs (``defaultGridColor=``, ``"r=5"`` in a text cell). The ``=``
#: is looked for first, which settles almost every ``r`` at once; ``<c r =`` with spaces
#: passes the look back and is told apart in Python.
_LATE_R_KEY = re.compile(rb"r[ \t\r\n\x0c]*+=(?<!<c r=)(?<!:c r=)(?<!<row r=)(?<!:row r=)")
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
        quick = _quick_extent(data, limit)
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
    walk(data, scan, percent_styles)
    return scan


#: How far from its end a sheet's last rows are looked for.
_TAIL_BYTES = 64 * 1024


def _quick_extent(data: bytes, limit: int | None = None) -> SheetScan | None:
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
    scan.cells = _cell_count(data, limit)
    return scan


_CELL_START = b'<c r="'


def _cell_count(data: bytes, limit: int | None) -> int:
    """How many cell tags start with a reference, at most. Counted, unless the part is too
    small to hold more than ``limit`` of them (each takes the six bytes of ``<c r="``):
    then its size over six bounds them, and decides the limit the same way."""
    bound = len(data) // len(_CELL_START)
    if limit is not None and bound <= limit:
        return bound
    return data.count(_CELL_START)


@functools.lru_cache(maxsize=8)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell tag that does not start with a plain reference within ``rows`` and
    ``columns`` (``<c r="B7"``: letters, then digits without a leading zero, then the quote).

    One negative lookahead, which an ordinary cell passes in a few steps: each level of
    :func:`_within` tells its branches apart by their first character.
    """
    letters, digits = column_letters(columns - 1), str(rows)
    within = f'(?:{_within(letters, letters=True)})(?:{_within(digits, letters=False)})"'
    return re.compile(f'<c(?! r="{within})[ \\t\\r\\n/>]'.encode("ascii"))


def _within(text: str, *, letters: bool, first: bool = True) -> str:
    """A pattern for runs of at most ``len(text)`` letters (or digits) that, when as long as
    ``text``, do not sort after it: letters in either case, digits without a leading zero.

    By the first character: one below ``text``'s, then any shorter tail; the same, then a
    tail within the rest of ``text`` (or none); one above, then a tail shorter by one. Each
    run is read to its end (possessive), so a longer one fails on what follows it.
    """
    char, rest = text[0], text[1:]
    any_char = "[A-Za-z]" if letters else "[0-9]"
    low = "A" if letters else ("1" if first else "0")
    high = "Z" if letters else "9"

    def span(start: str, stop: str) -> str:
        if start > stop:
            return ""
        if letters:
            return f"[{start}-{stop}{start.lower()}-{stop.lower()}]"
        return f"[{start}-{stop}]"

    branches = []
    below = span(low, chr(ord(char) - 1))
    if below:
        branches.append(f"{below}{any_char}{{0,{len(rest)}}}+")
    same = f"[{char}{char.lower()}]" if letters else char
    tail = f"(?:{_within(rest, letters=letters, first=False)})?+" if rest else ""
    branches.append(same + tail)
    above = span(chr(ord(char) + 1), high)
    if above and rest:
        branches.append(f"{above}{any_char}{{0,{len(rest) - 1}}}+")
    return "|".join(branches)


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
