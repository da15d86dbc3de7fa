"""Property tests for period parsing: labels in many formats give the right period start and
length, and junk of any type never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from valaudit.errors import Issue
from valaudit.load.periods import (
    SERIAL_RANGE,
    YEAR_RANGE,
    Period,
    parse_period_value,
    resolve_slash_dates,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
dates = st.dates(dt.date(YEAR_RANGE[0], 1, 1), dt.date(YEAR_RANGE[1], 12, 31))


def month_start(date: dt.date) -> dt.date:
    return date.replace(day=1)


def quarter_start(date: dt.date) -> dt.date:
    return dt.date(date.year, 3 * ((date.month - 1) // 3) + 1, 1)


@given(date=dates, padding=st.sampled_from(["", " ", "\t"]))
def test_day_labels(date: dt.date, padding: str) -> None:
    for text in (
        date.isoformat(),
        f"{date.year}/{date.month:02d}/{date.day:02d}",
        f"{date.day:02d}.{date.month:02d}.{date.year}",
        f"{date.isoformat()}T08:30:00Z",
    ):
        assert parse_period_value(padding + text + padding) == Period(date, "D")
    assert parse_period_value(dt.datetime(date.year, date.month, date.day, 13)) == Period(date, "D")
    assert parse_period_value(date) == Period(date, "D")


@given(date=dates, form=st.integers(0, 9))
def test_month_labels(date: dt.date, form: int) -> None:
    y, m = date.year, date.month
    text = [
        f"{y}-{m:02d}",
        f"{y}-{m}",
        f"{y}/{m:02d}",
        f"{y}.{m:02d}",
        f"{y}M{m:02d}",
        f"{m:02d}/{y}",
        f"{MONTHS[m - 1]} {y}",
        f"{FULL[m - 1].upper()}-{y}",
        f"{MONTHS[m - 1]}. {y}",
        f"{y} {MONTHS[m - 1].lower()}",
    ][form]
    assert parse_period_value(text) == Period(month_start(date), "M"), text


@given(date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_two_digit_years_are_this_century(date: dt.date) -> None:
    text = f"{MONTHS[date.month - 1]}-{date.year % 100:02d}"
    assert parse_period_value(text) == Period(month_start(date), "M")


@given(date=dates, form=st.integers(0, 5))
def test_quarter_labels(date: dt.date, form: int) -> None:
    q = (date.month - 1) // 3 + 1
    text = [
        f"{date.year}Q{q}",
        f"{date.year}-Q{q}",
        f"{date.year} q{q}",
        f"Q{q} {date.year}",
        f"Q{q}-{date.year}",
        f"{date.year}/Q{q}",
    ][form]
    assert parse_period_value(text) == Period(quarter_start(date), "Q"), text


@given(date=dates)
def test_week_and_year_labels(date: dt.date) -> None:
    year, week, _ = date.isocalendar()
    if YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        monday = dt.date.fromisocalendar(year, week, 1)
        assert parse_period_value(f"{year}-W{week:02d}") == Period(monday, "W")
    start = dt.date(date.year, 1, 1)
    for text in (str(date.year), f"FY{date.year}", f"FY {date.year}"):
        assert parse_period_value(text) == Period(start, "Y")
    assert parse_period_value(float(date.year)) == Period(start, "Y")
    assert parse_period_value(date.year * 100 + date.month) == Period(month_start(date), "M")


@given(serial=st.integers(*SERIAL_RANGE), fraction=st.sampled_from([0.0, 0.25, 0.999]))
def test_excel_serials(serial: int, fraction: float) -> None:
    expected = dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    assert parse_period_value(serial + fraction) == Period(expected, "D")
    assert parse_period_value(str(serial)) == Period(expected, "D")


@given(
    value=st.one_of(
        st.text(max_size=30),
        st.integers(),
        st.floats(),
        st.booleans(),
        st.none(),
        st.datetimes(),
        st.dates(),
        st.lists(
            st.sampled_from(list("0123456789-/.QWMqw FY")) | st.sampled_from(MONTHS), max_size=12
        ).map("".join),
    )
)
def test_junk_never_raises_and_periods_stay_in_range(value: object) -> None:
    result = parse_period_value(value)
    if isinstance(result, Period):
        assert YEAR_RANGE[0] <= result.start.year <= YEAR_RANGE[1]
        assert result.granularity in {"D", "W", "M", "Q", "Y"}
    elif isinstance(result, Issue):
        assert result.code in {"bad_period", "missing_period"} and result.message
    else:
        _a, _b, year = result  # a slash date left for the column to decide
        assert YEAR_RANGE[0] <= year <= YEAR_RANGE[1]


@given(days=st.lists(dates, min_size=1, max_size=12), day_first=st.booleans(), end=st.booleans())
def test_slash_dates_resolve_to_the_written_reading(
    days: list[dt.date], day_first: bool, end: bool
) -> None:
    """Month-start or month-end dates written DD/MM or MM/DD are read back as written."""
    starts = [d.replace(day=1) for d in days]
    written = [
        (s.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if end
        else s
        for s in starts
    ]
    triples = [(d.day, d.month, d.year) if day_first else (d.month, d.day, d.year) for d in written]
    decided, _note = resolve_slash_dates(triples)
    if decided is None:
        # Neither reading is ruled out: only when every date reads as a period edge both ways.
        assert all(d.day <= 12 for d in written)
    else:
        assert decided == day_first or all(a == b for a, b, _ in triples)
