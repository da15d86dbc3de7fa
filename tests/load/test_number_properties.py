"""Property tests for reading number texts: every export format of a number reads back to it
under its convention, and no text, however odd, raises or turns into a number that is not
finite and bounded."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from tests.load.tables import NUMBER_STYLES, number_text
from valaudit.limits import MAX_ABS_VALUE
from valaudit.load.numbers import EXCEL_ERRORS, NO_VALUE_TEXTS, Shape, read_texts, reading

cents = st.integers(-(10**13), 10**13)


def read_one(text: str, decimal: str = ".") -> float | Shape:
    """One text's value under ``decimal``, or its shape when it has no value there."""
    numbers = read_texts([text])
    value = float(reading(numbers, decimal)[0])
    return Shape(numbers.shape[0]) if math.isnan(value) else value


@given(amount=cents, style=st.sampled_from(NUMBER_STYLES), decimal=st.sampled_from(".,"))
def test_formatted_numbers_read_back(amount: int, style: str, decimal: str) -> None:
    value = amount / 100
    assert read_one(number_text(value, style, decimal), decimal) == value


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
    assert read_one(text, ".") == value


@given(mantissa=st.integers(-999_999, 999_999), exponent=st.integers(-12, 12))
def test_scientific_notation(mantissa: int, exponent: int) -> None:
    text = f"{mantissa}e{exponent}"
    assert read_one(text) == float(text)


@given(texts=st.lists(st.text(max_size=40), max_size=20))
def test_any_text_gives_a_bounded_number_or_a_shape_that_says_why(texts: list[str]) -> None:
    numbers = read_texts(texts)
    assert len(numbers.shape) == len(texts)
    for shape, point, comma in zip(
        numbers.shape, numbers.with_point, numbers.with_comma, strict=True
    ):
        for value in (point, comma):
            assert math.isnan(value) or abs(value) <= MAX_ABS_VALUE
        if Shape(shape) not in (
            Shape.PLAIN,
            Shape.POINT_DECIMAL,
            Shape.COMMA_DECIMAL,
            Shape.POINT_GROUP,
            Shape.COMMA_GROUP,
        ):
            assert math.isnan(point) and math.isnan(comma)
        else:
            assert not (math.isnan(point) and math.isnan(comma))


@given(
    text=st.lists(
        st.sampled_from(list("0123456789.,-+()%$€ eE")) | st.sampled_from(["USD", "1e400", "nan"]),
        max_size=30,
    ).map("".join),
    decimal=st.sampled_from(".,"),
)
def test_number_like_junk_never_raises(text: str, decimal: str) -> None:
    result = read_one(text, decimal)
    assert isinstance(result, Shape) or (math.isfinite(result) and abs(result) <= MAX_ABS_VALUE)


@given(amount=st.integers(1, 999), group=st.integers(0, 999))
def test_a_single_three_digit_group_has_both_readings(amount: int, group: int) -> None:
    numbers = read_texts([f"{amount}.{group:03d}", f"{amount},{group:03d}"])
    assert list(numbers.shape) == [Shape.POINT_GROUP, Shape.COMMA_GROUP]
    assert numbers.with_point[0] == numbers.with_comma[1] == float(f"{amount}.{group:03d}")
    assert numbers.with_comma[0] == numbers.with_point[1] == amount * 1000 + group


def test_forms_only_one_convention_explains() -> None:
    texts = ["12,5", "1.234,5", "1.234.567", "0,125", "12.5", "1,234.5", "1,234,567", "0.125"]
    numbers = read_texts(texts)
    assert [Shape(s) for s in numbers.shape] == [Shape.COMMA_DECIMAL] * 4 + [
        Shape.POINT_DECIMAL
    ] * 4
    assert list(numbers.with_comma[:4]) == [12.5, 1234.5, 1234567.0, 0.125]
    assert list(numbers.with_point[4:]) == [12.5, 1234.5, 1234567.0, 0.125]


def test_currency_and_percent_signs_are_read_and_named() -> None:
    numbers = read_texts(["€81.613", "$22,382", "USD 5", "17.4%", "(1,200)", "12 apples"])
    assert list(numbers.currency) == ["€", "$", "$", "", "", ""]
    assert list(numbers.percent) == [False, False, False, True, False, False]
    assert numbers.with_point[4] == -1200.0
    assert numbers.shape[5] == Shape.NOT_A_NUMBER


@given(text=st.sampled_from(sorted(NO_VALUE_TEXTS)), padding=st.sampled_from(["", " "]))
def test_no_value_texts_are_no_value(text: str, padding: str) -> None:
    assert read_one(padding + text.upper() + padding) == Shape.NO_VALUE


@given(error=st.sampled_from(sorted(EXCEL_ERRORS)), case=st.sampled_from([str.upper, str.lower]))
def test_excel_error_texts_are_named_as_such(error: str, case: object) -> None:
    assert read_one(f" {case(error)} ") == Shape.EXCEL_ERROR  # type: ignore[operator]


@given(magnitude=st.floats(min_value=1e18, max_value=1e308, exclude_min=True))
def test_values_beyond_the_limit_are_refused(magnitude: float) -> None:
    assert read_one(repr(magnitude)) == Shape.OUT_OF_RANGE
    assert read_one("-" + repr(magnitude)) == Shape.OUT_OF_RANGE


def test_a_megabyte_of_digits_is_refused_quickly() -> None:
    assert read_one("9" * 5_000_000) == Shape.TOO_LONG
