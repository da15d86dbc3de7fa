"""Property tests for number parsing: every export format of a number reads back to it, and
no text, however odd, raises or turns into a number that is not finite and bounded."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from tests.load.tables import NUMBER_STYLES, number_text
from valaudit.errors import Issue
from valaudit.limits import MAX_ABS_VALUE
from valaudit.load.numbers import EXCEL_ERRORS, parse_number

cents = st.integers(-(10**13), 10**13)


@given(amount=cents, style=st.sampled_from(NUMBER_STYLES), decimal=st.sampled_from(".,"))
def test_formatted_numbers_read_back(amount: int, style: str, decimal: str) -> None:
    value = amount / 100
    assert parse_number(number_text(value, style, decimal), decimal) == value


@given(
    amount=cents,
    separator=st.sampled_from([" ", "\u00a0", "\u202f", "'"]),
    padding=st.sampled_from(["", " ", "  ", "\t"]),
    minus=st.sampled_from(["-", "−"]),
)
def test_space_grouping_padding_and_unicode_minus(
    amount: int, separator: str, padding: str, minus: str
) -> None:
    value = amount / 100
    grouped = f"{abs(value):,.2f}".replace(",", separator)
    text = padding + (minus if value < 0 else "") + grouped + padding
    assert parse_number(text, ".") == value


@given(mantissa=st.integers(-999_999, 999_999), exponent=st.integers(-12, 12))
def test_scientific_notation(mantissa: int, exponent: int) -> None:
    text = f"{mantissa}e{exponent}"
    assert parse_number(text) == float(text)


@given(text=st.text(max_size=40), decimal=st.sampled_from(".,"))
def test_any_text_gives_a_bounded_number_or_a_reason(text: str, decimal: str) -> None:
    result = parse_number(text, decimal)
    if isinstance(result, Issue):
        assert result.code in {"bad_number", "ambiguous_number", "excel_error_cell"}
        assert result.message
    else:
        assert math.isfinite(result) and abs(result) <= MAX_ABS_VALUE


@given(
    text=st.lists(
        st.sampled_from(list("0123456789.,-+()%$€ eE")) | st.sampled_from(["USD", "1e400", "nan"]),
        max_size=30,
    ).map("".join),
    decimal=st.sampled_from(".,"),
)
def test_number_like_junk_never_raises(text: str, decimal: str) -> None:
    result = parse_number(text, decimal)
    assert isinstance(result, Issue) or (math.isfinite(result) and abs(result) <= MAX_ABS_VALUE)


@given(error=st.sampled_from(sorted(EXCEL_ERRORS)), case=st.sampled_from([str.upper, str.lower]))
def test_excel_error_texts_are_named_as_such(error: str, case: object) -> None:
    result = parse_number(f" {case(error)} ")  # type: ignore[operator]
    assert isinstance(result, Issue) and result.code == "excel_error_cell"


@given(magnitude=st.floats(min_value=1e18, max_value=1e308, exclude_min=True))
def test_values_beyond_the_limit_are_refused(magnitude: float) -> None:
    assert isinstance(parse_number(repr(magnitude)), Issue)
    assert isinstance(parse_number("-" + repr(magnitude)), Issue)


def test_a_megabyte_of_digits_is_refused_quickly() -> None:
    result = parse_number("9" * 5_000_000)
    assert isinstance(result, Issue) and "5,000,000 characters" in result.message
