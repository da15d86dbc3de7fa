"""The search that proves a plain sheet's extent from its last cells finds what it did before.

:func:`~valaudit.load.sheet_scan._beyond` builds one regular expression for "a cell tag that
does not start with a plain reference within the last row and column". It is the check
that keeps a far-away cell from reaching calamine, so its answer is held, tag by tag, to
the expression the scanner used before (kept here as the oracle), on references at and
around every edge: one more or less in any digit or letter, either case, leading zeros,
more letters or digits, no letters or digits, odd quoting and spacing.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.load.test_sheet_scan_properties import plain_sheets, sheets
from valaudit.load import sheet_scan
from valaudit.load.sheet_cells import column_letters
from valaudit.load.sheet_scan import _beyond, scan_sheet
from valaudit.load.xml_events import MalformedXml


@functools.lru_cache(maxsize=64)
def _old_beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """The expression the scanner used before: a cell tag that does not start with a plain
    reference, or whose reference has more letters or digits, or as many and larger, or a
    row with a leading zero."""
    letters, digits = column_letters(columns - 1), str(rows)
    more_letters = f"[A-Za-z]{{{len(letters) + 1},}}|" + _old_later(letters, letters=True)
    more_digits = f"0[0-9]*|[1-9][0-9]{{{len(digits)},}}|" + _old_later(digits, letters=False)
    return re.compile(
        f'<c(?:(?! r="[A-Za-z]+[0-9]+")[ \\t\\r\\n/>]'
        f'| r="(?:(?:{more_letters})[0-9]|[A-Za-z]+(?:{more_digits})"))'.encode("ascii")
    )


def _old_later(text: str, *, letters: bool) -> str:
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


EDGES = [1, 2, 9, 10, 11, 26, 27, 99, 100, 101, 702, 703, 999, 16384, 96001, 1048576]
LIMITS = st.one_of(st.sampled_from(EDGES), st.integers(1, 2_000_000))


def _nudge(draw: st.DrawFn, text: str, alphabet: str) -> str:
    """``text`` with one character moved up or down, cut short, or grown by one."""
    kind = draw(st.sampled_from(["same", "change", "shorter", "longer"]))
    if kind == "same" or not text:
        return text
    index = draw(st.integers(0, len(text) - 1))
    if kind == "change":
        return text[:index] + draw(st.sampled_from(alphabet)) + text[index + 1 :]
    if kind == "shorter":
        return text[:index] + text[index + 1 :]
    return text[:index] + draw(st.sampled_from(alphabet)) + text[index:]


@st.composite
def tags(draw: st.DrawFn, rows: int, columns: int) -> bytes:
    """A cell tag whose reference is the last cell, or a neighbour of it in any way."""
    letters = _nudge(draw, column_letters(columns - 1), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if draw(st.integers(0, 2)) == 0:
        letters = letters.lower()
    digits = _nudge(draw, str(rows), "0123456789")
    if draw(st.integers(0, 5)) == 0:
        digits = "0" + digits[draw(st.integers(0, 1)) :]
    end = draw(st.sampled_from(['"', '"', '"', "", "'", "x", '"/', "0", "A"]))
    start = draw(st.sampled_from([' r="', ' r="', ' r="', '\tr="', " r='", '  r="', ' R="']))
    close = draw(st.sampled_from([">", "/>", ' t="n">', ""]))
    return f"<c{start}{letters}{digits}{end}{close}".encode()


@given(data=st.data(), rows=LIMITS, columns=st.one_of(st.sampled_from(EDGES), LIMITS))
@example(data=None, rows=96001, columns=4)
def test_a_tag_is_found_beyond_exactly_when_it_was_before(
    data: st.DataObject | None, rows: int, columns: int
) -> None:
    columns = min(columns, 16384)
    candidates = [f'<c r="{column_letters(columns - 1)}{rows}" s="1">'.encode()]
    if data is not None:
        candidates += [data.draw(tags(rows, columns)) for _ in range(8)]
    for tag in candidates:
        found = _beyond(rows, columns).search(tag) is not None
        assert found == (_old_beyond(rows, columns).search(tag) is not None), (tag, rows, columns)


@pytest.mark.parametrize(
    ("reference", "beyond"),
    [
        ("D96001", False),
        ("d96001", False),
        ("A1", False),
        ("C99999", True),
        ("D96002", True),
        ("E1", True),
        ("AA1", True),
        ("D096001", True),
        ("D09600", True),
        ("D01", True),
        ("a96001", False),
        ("c7", False),
        ("e7", True),
        ("D9600", False),
        ("D960010", True),
        ("D", True),
        ("96001", True),
    ],
)
def test_the_bench_sheet_edges(reference: str, beyond: bool) -> None:
    tag = f'<c r="{reference}" t="n"><v>1</v></c>'.encode()
    assert (_beyond(96001, 4).search(tag) is not None) is beyond


_OLD_LATE_R_KEY = re.compile(rb"r(?<!<c r)(?<!:c r)(?<!<row r)(?<!:row r)[ \t\r\n\x0c]*=")


def _old_has_late_r(data: bytes) -> bool:
    """The late-``r`` test as it was: the look back first, at every ``r``."""
    for match in _OLD_LATE_R_KEY.finditer(data):
        before = data[max(0, match.start() - 64) : match.start()].rstrip(b" \t\r\n\x0c")
        if before[-1:] in (b"", b'"', b"'"):
            return True
    return False


LATE_R_PIECES = [
    '<c r="A1"',
    "<c r='A1'",
    '<c r ="A1"',
    '<c r\t= "A1"',
    '<c\tr="A1"',
    '<x:c r="A1"',
    '<row r="1"',
    '<row r = "1"',
    '<x:row r="2"',
    ' s="1"',
    ' t="inlineStr"',
    ' defaultGridColor="1"',
    ' foo r="B2"',
    ' r="B2"',
    " r = 'B2'",
    ' r  = "B2"',
    " r\x0c='B2'",
    ' r\n\t="B2"',
    "r=",
    "r",
    "=",
    '"',
    "'",
    " ",
    "  ",
    "\t",
    "\n",
    "\x0c",
    ">",
    "<t>row r=5</t>",
]


@given(pieces=st.lists(st.sampled_from(LATE_R_PIECES), max_size=12))
def test_a_late_r_is_found_exactly_where_it_was_before(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    assert sheet_scan._has_late_r(data) == _old_has_late_r(data), data


@given(
    pieces=st.lists(st.sampled_from(['<c r="', '<c r="A1"/>', "<v>1</v>", "x"]), max_size=40),
    limit=st.one_of(st.none(), st.integers(0, 60)),
)
@example(pieces=["x"] * 24, limit=3)  # 24 bytes hold at most 4 cells: the count decides
@example(pieces=['<c r="'] * 4, limit=3)
def test_the_cell_limit_is_decided_as_by_counting(pieces: list[str], limit: int | None) -> None:
    """A part too small to hold more cells than the limit is not counted cell by cell; the
    decision (over the limit or not) is the count's, and the figure never less than it."""
    data = "".join(pieces).encode()
    counted = data.count(b'<c r="')
    cells = sheet_scan._cell_count(data, limit)
    assert cells >= counted
    if limit is None:
        assert cells == counted
    else:
        assert (cells > limit) == (counted > limit), (cells, counted, limit)


def _outcome(sheet: bytes, limit: int | None) -> tuple[object, ...]:
    try:
        scan = scan_sheet(sheet, limit=limit)
    except MalformedXml as error:
        return ("damaged", str(error))
    return (scan.rows, scan.columns, scan.cells, scan.plain, scan.prefix)


#: Ordinary rows after the generated ones, so that the last 64 KiB (where the quick extent
#: takes its first bound) hold none of them: every generated cell must then be found by the
#: search past the last cell.
PADDING = b'<row r="1"><c r="A1"><v>1</v></c></row>' * 2000


@given(
    sheet=st.one_of(plain_sheets(), sheets()),
    padded=st.booleans(),
    limit=st.sampled_from([None, None, 1, 50, 10_000]),
)
def test_any_sheet_is_scanned_as_before(sheet: bytes, padded: bool, limit: int | None) -> None:
    """The whole scan, plain or hostile, with the old expressions (past the last cell, the
    late ``r``) and with the new ones: the same extent, the same damage. (With a limit, the
    cells of a small part are bounded, not counted: compared on the limit's decision.)"""
    if padded:
        sheet = sheet.replace(b"</sheetData>", PADDING + b"</sheetData>", 1)
    new = _outcome(sheet, limit)
    saved = sheet_scan._beyond, sheet_scan._has_late_r, sheet_scan._cell_count
    sheet_scan._beyond, sheet_scan._has_late_r = _old_beyond, _old_has_late_r
    sheet_scan._cell_count = lambda data, limit: data.count(b'<c r="')
    try:
        old = _outcome(sheet, limit)
    finally:
        sheet_scan._beyond, sheet_scan._has_late_r, sheet_scan._cell_count = saved
    if limit is not None and new[0] != "damaged" and old[0] != "damaged":
        assert new[2] >= old[2] and (new[2] > limit) == (old[2] > limit)  # type: ignore[operator]
        new, old = new[:2] + new[3:], old[:2] + old[3:]
    assert new == old
