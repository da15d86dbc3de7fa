"""A workbook part's XML as calamine reads it, for the checks that run before calamine does.

calamine (through the quick-xml parser) reads XML leniently: it never rejects an undeclared
prefix, a mismatched end tag or a comment with ``--`` inside, it matches element names by
their local part whatever the prefix, and it reads attributes with its own small parser
(``r = "A1"`` and ``r='A1'`` are both ``r``; ``foo r="A1"`` is one attribute named ``foo r``).
A conforming XML parser would answer differently for such input, and a check that reads a
sheet differently from the reader that allocates the memory can be walked around. So this
module reproduces calamine's reading rules, byte for byte, from its source (calamine 0.37,
quick-xml 0.42 with ``expand_empty_elements``):

* :func:`events` splits a part into start tags, end tags and other markup, as quick-xml
  does (a ``>`` inside a quoted attribute value does not end a tag; comments end at the
  first ``-->`` after ``<!--``, CDATA at the first ``]]>``). A self-closing ``<c/>`` is a
  start followed by an end. One regular expression finds each construct where the previous
  one ended, so the whole part is read once, in linear time, whatever it holds.
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
"""(kind, name, start, end): for a start tag, ``data[start:end]`` is its attributes and
``data[end]`` its ``>`` (or the ``/`` of ``/>``); for a comment, CDATA section or processing
instruction, its span; for an end tag both are 0."""

#: quick-xml's XML whitespace (names end at one); calamine's attribute parser also skips
#: form feeds.
_XML_SPACE = b" \t\r\n"
_ATTR_SPACE = b" \t\r\n\x0c"
#: Every markup construct, found by one search from the end of the previous one (text has
#: no ``<``, so only text is skipped). Each branch ends at its closing sequence or at the end
#: of the data, so every search succeeds where it starts and nothing is read twice. Groups:
#: a comment (to the first ``-->`` after ``<!--``), a CDATA section (``]]>``), any other
#: ``<!``, a processing instruction (``?>`` after ``<?``), and a tag: ``/`` for an end tag,
#: then its content up to the first ``>`` outside single or double quotes, in two parts: the
#: name, when it is plain, and the rest.
_MARKUP = re.compile(
    rb"<(?:(!--.*?(?:-->|\Z))"
    rb"|(!\[CDATA\[.*?(?:\]\]>|\Z))"
    rb"|(!)"
    rb"|(\?(?:>|.*?(?:\?>|\Z)))"
    rb"""|(/?)([^ \t\r\n>"'/]*+)((?:[^>"']++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z))""",
    re.DOTALL,
)
_COMMENT, _CDATA, _BANG, _PI, _TAG = 1, 2, 3, 4, 7
_CLOSING = {_COMMENT: b"-->", _CDATA: b"]]>", _PI: b"?>"}
_XML_SPACE_CODES = frozenset(b" \t\r\n")
_NAME = re.compile(rb"[^ \t\r\n]*+")
#: One attribute as calamine reads it: spaces, a key (anything up to ``=``, spaces at its
#: end dropped), ``=``, spaces, a quote and the value to the same quote (or the end).
_ATTRIBUTE = re.compile(rb"""[ \t\r\n\x0c]*+([^=]*)=[ \t\r\n\x0c]*+(?:"([^"]*+)"?|'([^']*+)'?)""")
#: Attributes in the form XML writers use, read in one step: ``name="value"`` each after one
#: space.
_PLAIN_ATTRIBUTES = re.compile(rb'(?:[ ][A-Za-z_][\w.:-]*="[^"]*")*[ ]?')
_PLAIN_ATTRIBUTE = re.compile(rb'[ ]([A-Za-z_][\w.:-]*)="([^"]*)"')
#: A reference in the plain form (then read without a loop per character).
_PLAIN_REFERENCE = re.compile(rb"([A-Za-z]+)([0-9]+)")
_U32 = 0xFFFFFFFF


class MalformedXml(Exception):
    """calamine's parser stops here with an error (or the part holds a DOCTYPE)."""

    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(f"{reason} at byte {offset:,}")
        self.reason = reason
        self.offset = offset


def events(data: bytes) -> Iterator[Event]:
    """The events quick-xml reads from ``data``, in order, text left out (its place is
    between a start tag's ``end`` and the next ``<``)."""
    size = len(data)
    for match in _MARKUP.finditer(data):
        kind = match.lastindex
        if kind == _TAG:
            content_start, rest, content_end = match.start(6), match.start(7), match.end(7)
            if content_end == size:
                raise MalformedXml("a tag is not closed", match.start())
            if data[match.start() + 1] == 47:  # "</": the name is all of it, spaces dropped
                yield END, data[content_start:content_end].rstrip(_XML_SPACE), 0, 0
                continue
            empty = data[content_end - 1] == 47 and content_end > content_start
            if empty:
                content_end -= 1
            if rest >= content_end or data[rest] in _XML_SPACE_CODES:
                name = match.group(6)  # a plain name: up to a space or the end
            else:  # a quote or "/" inside the name
                name = _NAME.match(data, content_start, content_end).group()  # type: ignore[union-attr]
            yield START, name, content_start + len(name), content_end
            if empty:
                yield END, name, 0, 0
        elif kind == _BANG:
            lt = match.start()
            if data[lt + 2 : lt + 3] in (b"D", b"d"):
                raise MalformedXml("a document type declaration (DOCTYPE)", lt)
            raise MalformedXml("a '<!' that starts no comment or CDATA section", lt)
        else:
            text = match.group()
            if not text.endswith(_CLOSING[kind]) or text == b"<?>":  # type: ignore[index]
                raise MalformedXml(
                    "a comment, CDATA section or instruction is not closed", match.start()
                )
            yield OTHER, b"", match.start(), match.end()


def local_name(name: bytes) -> bytes:
    """The name after its prefix (quick-xml splits at the first colon)."""
    colon = name.find(b":")
    return name if colon < 0 else name[colon + 1 :]


def attributes(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) pairs as calamine's attribute parser reads them; MalformedXml where it
    stops with an error (a key without ``=``, a value without quotes)."""
    if _PLAIN_ATTRIBUTES.fullmatch(raw):
        yield from _PLAIN_ATTRIBUTE.findall(raw)
        return
    pos, size = 0, len(raw)
    while pos < size:
        match = _ATTRIBUTE.match(raw, pos)
        if match is None:  # only spaces left, a key with no "=", or a value with no quote
            left = raw[pos:].lstrip(_ATTR_SPACE)
            if not left:
                return
            if b"=" not in left:
                raise MalformedXml("an attribute has no value", pos)
            raise MalformedXml("an attribute value is not quoted", pos)
        key, double, single = match.groups()
        yield key.rstrip(_ATTR_SPACE), double if double is not None else single
        pos = match.end()


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
    plain = _PLAIN_REFERENCE.fullmatch(reference)
    if plain is not None:
        letters, digits = plain.groups()
        column = 0
        for byte in letters.upper():
            column = (column * 26 + byte - 64) & _U32
        # The digit-by-digit 32-bit sum wraps to the number modulo 2**32, which its last 32
        # digits decide (10**32 is a multiple of 2**32).
        row = int(digits[-32:]) & _U32
        if row == 0:
            raise MalformedXml("a cell reference has no row", 0)
        return row - 1, column - 1
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
