"""The exact way to read a worksheet part: calamine's cell reader, replayed event by event.

Slower than the plain scan (Python per tag) and needed only for unusual files: cells
without references, prefixes that differ, a second ``r`` attribute. It follows calamine
where its value readers skip nested content, so that the extent it finds is the one calamine
will allocate.
"""

from __future__ import annotations

from collections.abc import Iterator

from valaudit.load.sheet_cells import CellNote, SheetScan
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


def walk(data: bytes, scan: SheetScan, percent_styles: frozenset[bytes]) -> None:
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
