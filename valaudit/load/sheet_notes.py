"""The cells worth a note in a plain worksheet part, found by a few forward searches.

A cell needs more than its value when it holds an Excel error, a formula (perhaps with no
cached value) or a percentage format. In a part :func:`~valaudit.load.sheet_scan.scan_sheet`
found plain, only the cells that can be such are parsed.
"""

from __future__ import annotations

import functools
import re

from valaudit.load.sheet_cells import TAG_PREFIX, CellNote, column_number, row_number

#: One attribute of a plain cell tag, in any quoting and spacing.
_ATTRIBUTE = rb"""[ \t\r\n]+[^ \t\r\n=<>/"']++[ \t\r\n]*=[ \t\r\n]*(?:"[^"<]*"|'[^'<]*')"""
_NOTE_ATTRIBUTE = re.compile(
    rb"""([^ \t\r\n=<>/"']++)[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')"""
)
_NOTE_FORMULA = re.compile(rb"<" + TAG_PREFIX + rb"f(?:[ \t\r\n][^<>]*+)?(?:/>|>([^<]*+))")
_NOTE_VALUE = re.compile(rb"<" + TAG_PREFIX + rb"v(?:[ \t\r\n][^<>]*+)?(?:/>|>([^<]*+))")
#: Where a formula may start.
_ANY_FORMULA = re.compile(rb"<" + TAG_PREFIX + rb"f[ \t\r\n/>]")
#: An ``f`` after ``<`` or ``:``, as every formula tag has (``<f>``, ``<x:f/>``). The search
#: goes from ``f`` to ``f`` rather than from each ``<``.
_FORMULA_NAME = re.compile(rb"f(?<=[<:]f)")
#: How many ``f`` are looked at one by one before a regular expression takes over.
_FEW_LETTERS = 64


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


def may_hold_notes(data: bytes, percent_styles: frozenset[bytes]) -> bool:
    """Whether a plain part can hold a cell worth a note; False proves it holds none.

    A formula tag, an error cell (``t="e"``, in either quoting) or a percentage format in
    the workbook. Each test is a forward search in C, the cheapest first.
    """
    if percent_styles:
        return True
    return _has_formula_name(data) or b'"e"' in data or (b"'" in data and b"'e'" in data)


def _has_formula_name(data: bytes) -> bool:
    """Whether an ``f`` follows ``<`` or ``:``. A sheet of values has a handful of ``f``
    (``defaultRowHeight``, ``footer``), each found with ``memchr``; past a few dozen, one
    search in C reads the rest."""
    at = data.find(b"f")
    for _ in range(_FEW_LETTERS):
        if at < 0:
            return False
        if data[at - 1 : at] in (b"<", b":"):
            return True
        at = data.find(b"f", at + 1)
    return at >= 0 and _FORMULA_NAME.search(data, at) is not None


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
