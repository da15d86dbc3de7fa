"""Reading period labels: dates, months, quarters, weeks and years, as people write them.

Every label becomes the start date of its period plus its granularity (``D``, ``W``,
``M``, ``Q``, ``Y``). A table holds few distinct labels, so parsing is done once per
distinct label and mapped back, which keeps a million-row column cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from valaudit.errors import Issue

Granularity = str  # "D" | "W" | "M" | "Q" | "Y"

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero", "gennaio", "jän", "janv"),
            (
                "feb",
                "february",
                "février",
                "fevrier",
                "februar",
                "febrero",
                "febbraio",
                "fév",
                "fev",
                "févr",
            ),
            ("mar", "march", "mars", "märz", "marz", "marzo", "mär"),
            ("apr", "april", "avril", "abril", "aprile", "avr"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio", "juil"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "okt"),
            ("nov", "november", "novembre", "noviembre"),
            (
                "dec",
                "december",
                "décembre",
                "decembre",
                "dezember",
                "diciembre",
                "dicembre",
                "dez",
                "déc",
            ),
        ],
        start=1,
    )
    for name in names
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:\s+[\d:]+(?:\s*[AaPp][Mm])?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:[-/.]|-?M)(\d{1,2})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q([1-4])$|^Q([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:FY\s*)?(\d{4})$", re.IGNORECASE)
_NAMED_MONTH = re.compile(
    r"^([^\W\d_]+)\.?[\s\-/,']*(\d{4}|\d{2})$|^(\d{4})[\s\-/]*([^\W\d_]+)\.?$"
)

#: Excel serial day numbers accepted as dates (1954-10-03 .. 2119-01-10).
SERIAL_RANGE = (20_000, 80_000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Years a period may fall in: long historical series and back-filled KPI histories reach
#: into the 1800s; years such as 0 or 9999 are typos or junk, and would make the gap check
#: walk (or overflow) thousands of years of periods.
YEAR_RANGE = (1800, 2200)
#: Labels longer than this are not periods; they are reported without being parsed.
_MAX_LABEL_CHARS = 100


@dataclass(frozen=True)
class Period:
    """A parsed period: its start date and granularity."""

    start: dt.date
    granularity: Granularity


_FORMATS_HINT = (
    "Write periods as dates (2025-03-31), months (2025-03) or quarters (2025Q1 or 2025-Q1)."
)
#: Labels of total and subtotal rows, which are not periods (compared lower-cased, the first
#: word of the label).
_TOTAL_WORDS = frozenset(
    {
        "total",
        "totals",
        "subtotal",
        "sub-total",
        "grand",
        "sum",
        "ytd",
        "average",
        "avg",
        "mean",
        "gesamt",
        "summe",
        "totaal",
        "totale",
    }
)


_EMPTY_HINT = "Give the row its period, or delete the row."


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _out_of_range(year: int, text: str) -> Issue | None:
    if YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return None
    return Issue(
        "bad_period",
        f"{_shown(text)} falls in the year {year}, outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}.",
        "Check the year: a digit typed twice or left out?",
    )


def _month(year: int, month: int, text: str) -> Period | Issue:
    if not 1 <= month <= 12:
        return Issue(
            "bad_period",
            f"{_shown(text)} has no month {month}.",
            "Months run from 01 to 12: check the cell (2025-03 is March 2025).",
        )
    return _out_of_range(year, text) or Period(dt.date(year, month, 1), "M")


def _date(year: int, month: int, day: int, text: str) -> Period | Issue:
    if error := _out_of_range(year, text):
        return error
    try:
        return Period(dt.date(year, month, day), "D")
    except ValueError:
        return Issue(
            "bad_period",
            f"{_shown(text)} is not a real date.",
            "Check the day and the month: the date does not exist in the calendar.",
        )


def _day(date: dt.date, text: str) -> Period | Issue:
    return _out_of_range(date.year, text) or Period(date, "D")


def excel_serial_to_date(serial: float) -> dt.date:
    """Excel's day number (1900 system) to a date."""
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_number_period(value: float) -> Period | Issue:
    """A number in a period column: an Excel serial date, a year, or YYYYMM."""
    if not math.isfinite(value) or abs(value) > 1e15:
        return Issue("bad_period", f"The number {value:g} is not a period.", _FORMATS_HINT)
    number = int(value)
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return Period(excel_serial_to_date(number), "D")  # a fraction is the time of day
    if value != number:
        # 2025.1 may be the year 2025 or October 2025 (2025.10 typed into a number cell).
        return Issue(
            "bad_period",
            f"The number {value:g} is not a period: a year or a month has no fraction.",
            "Format the column as text and write periods as 2025-10, or as dates.",
        )
    if YEAR_RANGE[0] <= number <= YEAR_RANGE[1]:
        return Period(dt.date(number, 1, 1), "Y")
    if YEAR_RANGE[0] * 100 + 1 <= number <= YEAR_RANGE[1] * 100 + 12:
        return _month(number // 100, number % 100, str(number))
    return Issue(
        "bad_period",
        f"The number {number} is not a period (nor an Excel date serial).",
        _FORMATS_HINT,
    )


def parse_period_text(text: str) -> Period | Issue | tuple[int, int, int]:
    """Parse one label. Slash dates (``03/04/2025``) come back as (a, b, year) for the caller
    to resolve day-first or month-first from the whole column."""
    text = text.strip()
    if not text:
        return Issue("missing_period", "The period is empty.", _EMPTY_HINT)
    if len(text) > _MAX_LABEL_CHARS:
        return Issue(
            "bad_period",
            f"{_shown(text)} ({len(text):,} characters) is not a date, month or quarter.",
            _FORMATS_HINT,
        )
    if m := _ISO_DATE.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _YMD_SLASH.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _QUARTER.match(text):
        year, quarter = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return _out_of_range(year, text) or Period(dt.date(year, 3 * quarter - 2, 1), "Q")
    if m := _SLASH.match(text):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000
        return _out_of_range(year, text) or (int(m[1]), int(m[2]), year)
    if m := _DOTTED.match(text):
        return _date(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _YEAR_MONTH.match(text):
        return _month(int(m[1]), int(m[2]), text)
    if m := _MONTH_YEAR.match(text):
        return _month(int(m[2]), int(m[1]), text)
    if m := _WEEK.match(text):
        if error := _out_of_range(int(m[1]), text):
            return error
        try:
            return Period(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "W")
        except ValueError:
            return Issue(
                "bad_period",
                f"{_shown(text)} is not a real ISO week.",
                "ISO weeks run from W01 to W52, W53 in some years: check the cell.",
            )
    if m := _YEAR.match(text):
        return _out_of_range(int(m[1]), text) or Period(dt.date(int(m[1]), 1, 1), "Y")
    if m := _NAMED_MONTH.match(text):
        name, year_text = (m[1], m[2]) if m[1] else (m[4], m[3])
        month = _MONTHS.get(name.lower())
        if month is not None:
            year = int(year_text)
            return _month(year + 2000 if len(year_text) == 2 else year, month, text)
    if re.fullmatch(r"\d+(\.0+)?", text):
        return parse_number_period(float(text))
    return _not_a_period(text)


def _not_a_period(text: str) -> Issue:
    """A label no format reads: a total row is told apart, being one to delete."""
    words = re.split(r"[\s:()/_-]+", text.casefold())
    if words and words[0] in _TOTAL_WORDS:
        return Issue(
            "bad_period",
            f"{_shown(text)} is not a period: this looks like a total row.",
            "Delete total and subtotal rows: valaudit sums and averages the periods itself.",
        )
    return Issue("bad_period", f"{_shown(text)} is not a date, month or quarter.", _FORMATS_HINT)


def parse_period_value(value: object) -> Period | Issue | tuple[int, int, int]:
    """One cell from a table (text, number, or a date from an Excel date cell)."""
    if isinstance(value, dt.datetime):
        return _day(value.date(), value.isoformat())
    if isinstance(value, dt.date):
        return _day(value, value.isoformat())
    if isinstance(value, bool):
        return Issue("bad_period", f"{value} is not a period.", _FORMATS_HINT)
    if isinstance(value, int | float):
        if value != value:  # NaN: an empty cell
            return Issue("missing_period", "The period is empty.", _EMPTY_HINT)
        return parse_number_period(float(value))
    text = str(value)
    return _parse_label(text) if len(text) <= _MAX_LABEL_CHARS else parse_period_text(text)


@functools.lru_cache(maxsize=4096)
def _parse_label(text: str) -> Period | Issue | tuple[int, int, int]:
    """:func:`parse_period_text`, remembered: a batch of folders repeats the same few
    hundred labels (2025-01, 2025-02, ...), and the results are immutable."""
    return parse_period_text(text)


def resolve_slash_dates(
    triples: Iterable[tuple[int, int, int]],
) -> tuple[bool | None, str | None]:
    """Decide whether slash dates in one column are day-first.

    Returns (day_first, note): day_first is None when the column cannot be read either way.
    A column is day-first if some first number exceeds 12, month-first if some second number
    does. When neither tells, the reading under which every date is a month's first or last
    day wins (periods are usually written so), with a note saying which reading was taken.
    """
    values = list(triples)
    first_big = any(a > 12 for a, _, _ in values)
    second_big = any(b > 12 for _, b, _ in values)
    if first_big and second_big:
        return None, None
    if first_big:
        return True, None
    if second_big:
        return False, None

    def period_like(day_first: bool) -> bool:
        for a, b, year in values:
            day, month = (a, b) if day_first else (b, a)
            try:
                date = dt.date(year, month, day)
            except ValueError:
                return False
            if day != 1 and (date + dt.timedelta(days=1)).day != 1:
                return False
        return True

    dmy, mdy = period_like(True), period_like(False)
    if dmy and not mdy:
        return True, "day first (DD/MM/YYYY)"
    if mdy and not dmy:
        return False, "month first (MM/DD/YYYY)"
    return None, None


# Normalising, stepping, numbering and labelling periods below is plain date arithmetic, not
# pandas.Period: the answers are the same (tests/load/test_period_arithmetic.py checks them
# against pandas.Period for the years 1800-2200), but a pandas.Period costs 20-60 times as
# much per call and an audit makes tens of thousands of these calls; with pandas.Period the
# benchmark audits took 30-100% longer.


def normalise(start: dt.date, granularity: Granularity) -> dt.date:
    """The start date of the period of ``granularity`` that contains ``start``."""
    if granularity == "M":
        return start.replace(day=1)
    if granularity == "Q":
        return dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    if granularity == "Y":
        return dt.date(start.year, 1, 1)
    if granularity == "W":
        return start - dt.timedelta(days=start.weekday())
    return start


def infer_granularity(dates: list[dt.date]) -> Granularity:
    """The period length of a series of dates, from the typical gap between them."""
    distinct = sorted(set(dates))
    if len(distinct) < 2:
        return "M"
    gaps = sorted((b - a).days for a, b in itertools.pairwise(distinct))
    median = gaps[len(gaps) // 2]
    if median <= 2:
        return "D"
    if median <= 10:
        return "W"
    if median <= 45:
        return "M"
    if median <= 135:
        return "Q"
    return "Y"


def period_label(start: dt.date, granularity: Granularity) -> str:
    """How a period is shown in reports: 2025-03, 2025-Q1, 2025-W14, 2025, 2025-03-31."""
    if granularity == "M":
        return f"{start.year:04d}-{start.month:02d}"
    if granularity == "Q":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if granularity == "Y":
        return f"{start.year:04d}"
    if granularity == "W":
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return start.isoformat()


def step(start: dt.date, granularity: Granularity, count: int = 1) -> dt.date:
    """The start of the period ``count`` periods after ``start``."""
    if granularity in ("M", "Q", "Y"):
        months = {"M": 1, "Q": 3, "Y": 12}[granularity] * count
        total = start.year * 12 + start.month - 1 + months
        return dt.date(total // 12, total % 12 + 1, 1)
    days = 7 if granularity == "W" else 1
    return start + dt.timedelta(days=days * count)


def period_index(start: dt.date, granularity: Granularity) -> int:
    """An integer that counts periods, so that consecutive periods differ by one."""
    if granularity == "M":
        return start.year * 12 + start.month - 1
    if granularity == "Q":
        return start.year * 4 + (start.month - 1) // 3
    if granularity == "Y":
        return start.year
    if granularity == "W":
        return start.toordinal() // 7
    return start.toordinal()


def periods_per_year(granularity: Granularity) -> float:
    return {"D": 365.25, "W": 365.25 / 7, "M": 12.0, "Q": 4.0, "Y": 1.0}[granularity]
