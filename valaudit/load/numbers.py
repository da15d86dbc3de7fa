"""Reading numbers the way finance exports write them, a column's distinct texts at a time.

Whether ``1.500`` is one and a half or fifteen hundred depends on the column it stands in,
not on the text alone, so this module does not decide it. For each distinct text of a value
column it says what it is written as (its :class:`Shape`: digits only, a form only a decimal
point explains, one only a decimal comma explains, a single three-digit group that either
could, no value, not a number) and what it reads as under each convention: with a decimal
point (``1,234.5``) and with a decimal comma (``1.234,5``). :mod:`valaudit.validate.number_column`
then decides the column's convention from all its cells and reports the cells that contradict
it, because a silently misread number is worse than a question.

The work is done on the distinct texts with pandas string methods, a handful of passes over
the column's distinct values whatever their number; the structure of texts that hold more
than digits and separators (currency signs, %, parentheses, spaces) is read in one more pass
over those texts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import pandas as pd

from valaudit.limits import MAX_ABS_VALUE, MAX_CELL_CHARS

EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#N/A!",
    }
)
#: Texts that say a cell has no value (compared lower-cased): read like an empty cell.
NO_VALUE_TEXTS = frozenset({"-", "--", "–", "—", "n/a", "na", "n.a."})

#: Decimal separator of a column whose cells do not say which they use.
UNDECIDED = "?"

#: Currency signs and codes a number may carry before or after it.
_CURRENCY_BEFORE = r"US\$|A\$|C\$|R\$|[$€£¥₹₩₽₺₪¢]|CHF|kr\.?|zł|[A-Z]{3}"
_CURRENCY_AFTER = r"[$€£¥₹₩₽₺₪¢]|CHF|kr\.?|zł|[A-Z]{3}"
_SIGN = "[-+\u2212\u2013]"
#: Characters that group digits besides the separators: spaces and apostrophes.
_GROUPING = "\\s\u00a0\u202f\u2009'"
_STRUCTURE = (
    rf"^(?P<open>\()?\s*(?P<sign>{_SIGN})?\s*(?P<before>{_CURRENCY_BEFORE})?\s*"
    rf"(?P<sign2>{_SIGN})?\s*(?P<body>[.,]?\d(?:[\d.,{_GROUPING}]*\d)?)"
    rf"(?P<exponent>[eE][+-]?\d+)?\s*(?P<percent>%)?\s*(?P<after>{_CURRENCY_AFTER})?\s*"
    rf"(?P<percent2>%)?\s*(?P<close>\))?$"
)
#: The same sign for the same currency, written several ways.
_SAME_CURRENCY = {"US$": "$", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "kr.": "kr"}


class Shape(IntEnum):
    """How a number is written, as far as its separators tell."""

    PLAIN = 0
    """Digits only (``1234``, ``$5``, ``12%``): the same under both conventions."""
    POINT_DECIMAL = 1
    """Only a decimal point explains it: ``12.5``, ``1,234.5``, ``1,234,567``, ``.5``."""
    COMMA_DECIMAL = 2
    """Only a decimal comma explains it: ``12,5``, ``1.234,5``, ``1.234.567``."""
    POINT_GROUP = 3
    """``1.500``: a thousands point, or a decimal point before three decimals."""
    COMMA_GROUP = 4
    """``1,500``: a thousands comma, or a decimal comma before three decimals."""
    NO_VALUE = 5
    """``n/a``, ``-``, ``—``: the cell says it has no value."""
    NOT_A_NUMBER = 6
    EXCEL_ERROR = 7
    """``#N/A``, ``#DIV/0!`` typed or exported as text."""
    TOO_LONG = 8
    """Longer than any number: text pasted into the column."""
    OUT_OF_RANGE = 9
    """A number, but infinite or beyond ±1e18."""


#: Shapes that are numbers under at least one convention.
NUMBER_SHAPES = (
    Shape.PLAIN,
    Shape.POINT_DECIMAL,
    Shape.COMMA_DECIMAL,
    Shape.POINT_GROUP,
    Shape.COMMA_GROUP,
)


@dataclass(frozen=True)
class TextNumbers:
    """Each distinct text of a column, read under both conventions (arrays of one length)."""

    shape: np.ndarray
    """:class:`Shape` of each text (int8)."""
    with_point: np.ndarray
    """The value read with a decimal point and thousands comma; NaN where that reading fails."""
    with_comma: np.ndarray
    """The value read with a decimal comma and thousands point; NaN where that reading fails."""
    percent: np.ndarray
    """True where the text carries a % sign (the value is the number of percent)."""
    currency: np.ndarray
    """The currency sign the text carries ('' when none), one spelling per currency."""


def read_texts(texts: np.ndarray | list[str]) -> TextNumbers:
    """Read distinct cell texts as numbers under both separator conventions.

    Spaces, non-breaking spaces and apostrophes between digits group thousands under either
    convention; a leading or trailing currency sign or code and a % sign are allowed;
    ``(300)`` and ``-300`` are negative.
    """
    series = pd.Series(np.asarray(texts, dtype=object), dtype=object).astype(str)
    count = len(series)
    shape = np.full(count, Shape.NOT_A_NUMBER, dtype=np.int8)
    with_point = np.full(count, np.nan)
    with_comma = np.full(count, np.nan)
    percent = np.zeros(count, dtype=bool)
    currency = np.full(count, "", dtype=object)
    result = TextNumbers(shape, with_point, with_comma, percent, currency)
    if not count:
        return result
    too_long = (series.str.len() > MAX_CELL_CHARS).to_numpy()
    shape[too_long] = Shape.TOO_LONG
    stripped = series.where(~too_long, "").str.strip()
    lowered = stripped.str.lower()
    no_value = lowered.isin(NO_VALUE_TEXTS).to_numpy()
    excel_error = stripped.str.upper().isin(EXCEL_ERRORS).to_numpy()
    shape[no_value] = Shape.NO_VALUE
    shape[excel_error] = Shape.EXCEL_ERROR
    blank = (stripped == "").to_numpy() & ~too_long
    shape[blank] = Shape.NO_VALUE
    todo = ~(too_long | no_value | excel_error | blank)
    # Most texts are bare numbers: digits and separators, perhaps a leading sign.
    unsigned = stripped.str.lstrip("+-\u2212\u2013")
    bare = todo & (unsigned.str.replace(r"[\d.,]", "", regex=True) == "").to_numpy()
    bare &= (unsigned != "").to_numpy() & (stripped.str.len() - unsigned.str.len() <= 1).to_numpy()
    negative = np.zeros(count, dtype=bool)
    body = pd.Series(np.full(count, "", dtype=object), dtype=object)
    exponent = pd.Series(np.full(count, "", dtype=object), dtype=object)
    if bare.any():
        body[bare] = unsigned[bare]
        negative[bare] = stripped[bare].str[:1].isin(["-", "\u2212", "\u2013"]).to_numpy()
    dressed = todo & ~bare
    if dressed.any():
        _read_dressed(stripped[dressed], np.flatnonzero(dressed), body, exponent, negative, result)
    readable = todo & (body != "").to_numpy()
    _classify(body, exponent, readable, result)
    signs = np.where(negative, -1.0, 1.0)
    with_point *= signs
    with_comma *= signs
    _refuse_out_of_range(result)
    return result


def _read_dressed(
    texts: pd.Series,
    positions: np.ndarray,
    body: pd.Series,
    exponent: pd.Series,
    negative: np.ndarray,
    result: TextNumbers,
) -> None:
    """Texts with more than a number: their body, sign, currency and % sign, in one pass."""
    parts = texts.str.extract(_STRUCTURE)
    matched = parts["body"].notna().to_numpy().copy()
    opened, closed = parts["open"].notna().to_numpy(), parts["close"].notna().to_numpy()
    matched &= opened == closed
    where = positions[matched]
    parts = parts[matched]
    body[where] = parts["body"].str.replace(f"[{_GROUPING}]", "", regex=True).to_numpy()
    exponent[where] = parts["exponent"].fillna("").to_numpy()
    minus = ("-", "\u2212", "\u2013")
    negative[where] = (
        opened[matched]
        ^ parts["sign"].isin(minus).to_numpy()
        ^ parts["sign2"].isin(minus).to_numpy()
    )
    result.percent[where] = (parts["percent"].notna() | parts["percent2"].notna()).to_numpy()
    sign = parts["before"].fillna(parts["after"]).fillna("")
    result.currency[where] = sign.replace(_SAME_CURRENCY).to_numpy()


def _classify(
    body: pd.Series, exponent: pd.Series, readable: np.ndarray, result: TextNumbers
) -> None:
    """Each body's shape and its value under both conventions."""
    shape = result.shape
    text = body[readable]
    places = np.flatnonzero(readable)
    has_point = text.str.contains(".", regex=False).to_numpy()
    has_comma = text.str.contains(",", regex=False).to_numpy()
    scientific = (exponent[readable] != "").to_numpy()
    kinds = np.full(len(text), Shape.NOT_A_NUMBER, dtype=np.int8)

    def matches(mask: np.ndarray, pattern: str) -> np.ndarray:
        found = np.zeros(len(text), dtype=bool)
        if mask.any():
            found[mask] = text[mask].str.fullmatch(pattern).to_numpy()
        return found

    kinds[~has_point & ~has_comma] = Shape.PLAIN
    for separator, other, group, decimal in (
        (".", ",", Shape.POINT_GROUP, Shape.POINT_DECIMAL),
        (",", ".", Shape.COMMA_GROUP, Shape.COMMA_DECIMAL),
    ):
        own, others = (has_point, has_comma) if separator == "." else (has_comma, has_point)
        escaped, other_escaped = f"\\{separator}", f"\\{other}"
        only = own & ~others & ~scientific
        grouped = matches(only, rf"[1-9]\d{{0,2}}{escaped}\d{{3}}")
        several = matches(only & ~grouped, rf"\d{{1,3}}(?:{escaped}\d{{3}}){{2,}}")
        single = matches(only & ~grouped & ~several, rf"\d*{escaped}\d*")
        kinds[grouped] = group
        kinds[several] = Shape.COMMA_DECIMAL if separator == "." else Shape.POINT_DECIMAL
        kinds[single] = decimal
        # Both separators: the last one is the decimal separator, the other groups thousands.
        both = matches(
            own & others & ~scientific, rf"\d{{1,3}}(?:{other_escaped}\d{{3}})+{escaped}\d*"
        )
        kinds[both] = decimal
    kinds[scientific & has_point & ~has_comma] = Shape.POINT_DECIMAL
    kinds[scientific & ~has_point & ~has_comma] = Shape.PLAIN
    shape[places] = kinds
    point_ok = np.isin(
        kinds, [Shape.PLAIN, Shape.POINT_DECIMAL, Shape.POINT_GROUP, Shape.COMMA_GROUP]
    )
    comma_ok = np.isin(
        kinds, [Shape.PLAIN, Shape.COMMA_DECIMAL, Shape.POINT_GROUP, Shape.COMMA_GROUP]
    )
    if point_ok.any():
        digits = text[point_ok].str.replace(",", "", regex=False) + exponent[readable][point_ok]
        result.with_point[places[point_ok]] = _to_float(digits)
    if comma_ok.any():
        digits = text[comma_ok].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        plain = kinds[comma_ok] == Shape.PLAIN
        digits = digits.where(~plain, digits + exponent[readable][comma_ok])
        result.with_comma[places[comma_ok]] = _to_float(digits)
    unreadable = places[np.isnan(result.with_point[places]) & np.isnan(result.with_comma[places])]
    shape[unreadable] = Shape.NOT_A_NUMBER


def _to_float(texts: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(texts, errors="coerce")
    return np.asarray(numbers, dtype=np.float64)


def _refuse_out_of_range(result: TextNumbers) -> None:
    """Infinite values and values beyond ±1e18 are not usable under either reading."""
    for values in (result.with_point, result.with_comma):
        with np.errstate(invalid="ignore"):
            beyond = ~np.isnan(values) & ~(np.abs(values) <= MAX_ABS_VALUE)
        result.shape[beyond] = Shape.OUT_OF_RANGE
        values[beyond] = np.nan


def reading(numbers: TextNumbers, decimal: str) -> np.ndarray:
    """Each text's value with ``decimal`` as the decimal separator (NaN where unreadable)."""
    return numbers.with_comma if decimal == "," else numbers.with_point
