"""The quick test of whether a plain sheet can hold a cell worth a note.

When it says no, the notes (error cells, uncached formulas, percentages) are not looked
for at all; so it must say yes wherever they are found, and wherever the earlier test
(five substring searches) said yes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valaudit.load.sheet_notes import may_hold_notes, plain_notes


def _old_test(data: bytes, percent_styles: frozenset[bytes]) -> bool:
    """The test the reader used before: five substring searches."""
    has_formula = b"<f" in data or b":f>" in data or b":f " in data
    has_error = b'"e"' in data or b"'e'" in data
    return has_formula or has_error or bool(percent_styles)


PIECES = [
    '<c r="A1"><v>1</v></c>',
    '<c r="B2" t="s"><v>0</v></c>',
    '<c r="C3" t="inlineStr"><is><t>fee</t></is></c>',
    '<c r="A4" t="e"><v>#N/A</v></c>',
    "<c r='A5' t='e'><v>#REF!</v></c>",
    '<c r="A6" t = "e"/>',
    '<c r="A7"><f>SUM(A1:A2)</f></c>',
    '<c r="A8"><f/></c>',
    '<c r="A9"><f t="shared" si="0"/><v>3</v></c>',
    '<x:c r="A10"><x:f>A1</x:f></x:c>',
    '<x:c r="A11"><x:f/></x:c>',
    '<x:c r="A12"><x:f\t>A1</x:f></x:c>',
    "<foo>f</foo>",
    "<sheetFormatPr defaultRowHeight='15'/>",
    '<c r="A13" s="1"><v>0.5</v></c>',
    ":f",
    "<f",
    '"e"',
    "'e'",
]


@st.composite
def parts(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(st.sampled_from(PIECES), max_size=6))
    return f"<worksheet><sheetData><row>{''.join(pieces)}</row></sheetData></worksheet>".encode()


@given(
    data=parts(),
    percent=st.sampled_from([frozenset(), frozenset({b"1"})]),
    prefix=st.sampled_from([b"", b"x:"]),
)
def test_no_note_is_hidden_by_the_quick_test(
    data: bytes, percent: frozenset[bytes], prefix: bytes
) -> None:
    if _old_test(data, percent) or plain_notes(data, percent, prefix):
        assert may_hold_notes(data, percent)


def test_an_ordinary_sheet_without_formulas_or_errors_is_passed_over() -> None:
    data = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetPr><outlinePr summaryBelow="1"/></sheetPr><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>period</t></is></c><c r="B1" t="n"><v>1.5</v></c>'
        b"</row></sheetData><pageMargins footer='0.5'/></worksheet>"
    )
    assert not may_hold_notes(data, frozenset())
    assert may_hold_notes(data.replace(b"<v>1.5</v>", b"<f>A1</f>"), frozenset())
    assert may_hold_notes(data.replace(b't="n"', b't="e"'), frozenset())
    assert may_hold_notes(data, frozenset({b"3"}))


@pytest.mark.parametrize("letters", [0, 1, 63, 64, 65, 200])
def test_a_formula_after_many_letters_f_is_found(letters: int) -> None:
    """The first few dozen ``f`` are looked at one by one, the rest by one search."""
    text = b"<c r='A1' t='inlineStr'><is><t>" + b"f" * letters + b"</t></is></c>"
    assert not may_hold_notes(text, frozenset())
    assert may_hold_notes(text + b'<c r="A2"><f>A1</f></c>', frozenset())
    assert may_hold_notes(text.replace(b"</t>", b"</t><x:f/>"), frozenset())
