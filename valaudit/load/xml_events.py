"""A workbook part's XML as calamine reads it, for the checks that run before calamine does.

calamine (through the quick-xml parser) reads XML leniently: it never rejects an undeclared
prefix, a mismatched end tag or a comment with ``--`` inside, it matches element names by
their local part whatever the prefix, and it reads attributes with its own small parser
(``r = "A1"`` and ``r='A1'`` are both ``r``; ``foo r="A1"`` is one attribute named ``foo r``).
A conforming XML parser would answer differently for such input, and a check that reads a
sheet differently from the reader that allocates the memory can be walked around. So this
module reproduces calamine's reading rules, byte for byte, from its source (calamine 0.37,
quick-xml 0.42 with ``expand_empty_elements``):

* :func:`events` splits a part into start tags, end tags and everything else, as quick-xml
  does (a ``>`` inside a quoted attribute value does not end a tag; comments end at the
  first ``-->`` after ``<!--``, CDATA at the first ``]]>``). A self-closing ``<c/>`` is a
  start followed by an end. Every step finds its end with one search forward, so the whole
  part is read in linear time whatever it holds.
* :func:`attributes`, :func:`cell_attributes` and :func:`row_and_column` read attributes and
  cell references as calamine does, including its 32-bit arithmetic.

Input that quick-xml would reject raises :class:`MalformedXml`; a document type declaration
raises it too (no workbook part has one, and it is where entity attacks live).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Event kinds: a start tag, an end tag, and anything else (text, comment, CDATA, a
#: processing instruction), which calamine's cell reader only ever skips.
START, END, OTHER = 0, 1, 2

Event = tuple[int, bytes, int, int]
"""(kind, name, start, end): for a start tag, ``data[start:end]`` is its attributes; for
other content, its text; for an end tag both are 0."""

#: quick-xml's XML whitespace (names end at one); calamine's attribute parser also skips
#: form feeds.
_XML_SPACE = b" \t\r\n"
_ATTR_SPACE = b" \t\r\n\x0c"
#: The rest of a tag after ``<``: up to the first ``>`` outside single or double quotes.
_TAG_REST = re.compile(rb"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_NAME = re.compile(rb"[^ \t\r\n]*+")
_U32 = 0xFFFFFFFF


class MalformedXml(Exception):
    """calamine's parser stops here with an error (or the part holds a DOCTYPE)."""

    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(f"{reason} at byte {offset:,}")
        self.reason = reason
        self.offset = offset


def events(data: bytes, start: int = 0) -> Iterator[Event]:
    """The events quick-xml reads from ``data[start:]``, in order."""
    find, size = data.find, len(data)
    pos = start
    while True:
        lt = find(b"<", pos)
        if lt < 0:
            if pos < size:
                yield OTHER, b"", pos, size
            return
        if lt > pos:
            yield OTHER, b"", pos, lt
        marker = data[lt + 1 : lt + 2]
        if marker == b"!":
            pos = _bang(data, lt)
            yield OTHER, b"", lt, pos
        elif marker == b"?":
            end = find(b"?>", lt + 1)
            if end < lt + 2:  # unclosed, or "<?>"
                raise MalformedXml("a processing instruction is not closed", lt)
            pos = end + 2
            yield OTHER, b"", lt, pos
        else:
            match = _TAG_REST.match(data, lt + 1)
            if match is None:
                raise MalformedXml("a tag is not closed", lt)
            pos = match.end()
            if marker == b"/":
                name = data[lt + 2 : pos - 1].rstrip(_XML_SPACE)
                yield END, name, 0, 0
                continue
            content_end = pos - 1
            empty = data[content_end - 1 : content_end] == b"/" and content_end - 1 > lt
            if empty:
                content_end -= 1
            name_end = _NAME.match(data, lt + 1, content_end).end()  # type: ignore[union-attr]
            name = data[lt + 1 : name_end]
            yield START, name, name_end, content_end
            if empty:
                yield END, name, 0, 0


def _bang(data: bytes, lt: int) -> int:
    """The end of the ``<!...>`` construct starting at ``lt``."""
    kind = data[lt + 2 : lt + 3]
    if kind == b"[":
        end = data.find(b"]]>", lt + 3)
        if end < 0 or not data.startswith(b"<![CDATA[", lt):
            raise MalformedXml("a CDATA section is malformed or not closed", lt)
        return end + 3
    if kind == b"-":
        end = data.find(b"-->", lt + 4)
        if end < 0 or not data.startswith(b"<!--", lt):
            raise MalformedXml("a comment is malformed or not closed", lt)
        return end + 3
    if kind in (b"D", b"d"):
        raise MalformedXml("a document type declaration (DOCTYPE)", lt)
    raise MalformedXml("a '<!' that starts nothing XML knows", lt)


def local_name(name: bytes) -> bytes:
    """The name after its prefix (quick-xml splits at the first colon)."""
    colon = name.find(b":")
    return name if colon < 0 else name[colon + 1 :]


def attributes(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) pairs as calamine's attribute parser reads them; MalformedXml where it
    stops with an error (a key without ``=``, a value without quotes)."""
    pos, size = 0, len(raw)
    while True:
        while pos < size and raw[pos] in _ATTR_SPACE:
            pos += 1
        if pos >= size:
            return
        equals = raw.find(b"=", pos)
        if equals < 0:
            raise MalformedXml("an attribute has no value", pos)
        key = raw[pos:equals].rstrip(_ATTR_SPACE)
        pos = equals + 1
        while pos < size and raw[pos] in _ATTR_SPACE:
            pos += 1
        quote = raw[pos : pos + 1]
        if quote not in (b'"', b"'"):
            raise MalformedXml("an attribute value is not quoted", pos)
        close = raw.find(quote, pos + 1)
        if close < 0:
            close = size
        yield key, raw[pos + 1 : close]
        pos = close + 1


def first_attribute(raw: bytes, wanted: bytes) -> bytes | None:
    """The value of the first attribute named exactly ``wanted`` (calamine's ``raw_attr``)."""
    for key, value in attributes(raw):
        if key == wanted:
            return value
    return None


def cell_attributes(raw: bytes) -> tuple[bytes | None, bytes | None, bytes | None]:
    """A cell's ``r``, ``s`` and ``t`` as calamine's ``get_attrs!`` picks them.

    It stops once it has seen three attributes with one of those names, counting repeats,
    so in ``r="A1" r="B2" s="1"`` the reference is B2 and a later ``r`` is never read.
    """
    found: dict[bytes, bytes] = {}
    seen = 0
    for key, value in attributes(raw):
        if key in (b"r", b"s", b"t"):
            found[key] = value
            seen += 1
            if seen == 3:
                break
    return found.get(b"r"), found.get(b"s"), found.get(b"t")


def row_and_column(reference: bytes) -> tuple[int, int | None]:
    """A reference such as ``B7`` or ``b7`` as calamine reads it: (row, column), 0-based.

    Letters then digits, either case, with the wrap-around of 32-bit unsigned arithmetic
    (``AAAAAAAA1`` is column 4,058,115,285). The column is None when there are no letters;
    MalformedXml where calamine reports an error (another character, or no row).
    """
    column = row = 0
    index, size = 0, len(reference)
    while index < size:
        byte = reference[index]
        index += 1
        if 65 <= byte <= 90:
            column = (column * 26 + byte - 64) & _U32
        elif 97 <= byte <= 122:
            column = (column * 26 + byte - 96) & _U32
        elif 48 <= byte <= 57:
            row = byte - 48
            break
        else:
            raise MalformedXml("a cell reference holds a character that is not a letter", 0)
    while index < size:
        byte = reference[index]
        index += 1
        if not 48 <= byte <= 57:
            raise MalformedXml("a cell reference holds a character that is not a digit", 0)
        row = (row * 10 + byte - 48) & _U32
    if row == 0:
        raise MalformedXml("a cell reference has no row", 0)
    return row - 1, (column - 1 if column else None)


def next_u32(value: int) -> int:
    """``value + 1`` as calamine's 32-bit counters compute it."""
    return (value + 1) & _U32
