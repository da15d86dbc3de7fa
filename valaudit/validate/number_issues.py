"""What is wrong with a number cell, in words: the issues :mod:`number_column` reports.

Each message quotes the cell, names the cell or KPI it contradicts and gives the reading
under each convention; each hint is written for the file type (a workbook's text cell is
fixed by typing a number, a CSV cell by writing it like its neighbours) and names the
thesis line where a ``number_format`` would settle the question.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from valaudit.errors import Issue
from valaudit.load.numbers import Shape

DECIMAL_NAME = {".": "decimal point", ",": "decimal comma"}
GROUP_NAME = {".": "thousands point", ",": "thousands comma"}


def plain_number(value: float) -> str:
    """A number as digits and at most one decimal point, never grouped: a message about
    separators must not use them ambiguously itself."""
    text = np.format_float_positional(value, precision=10, unique=False, fractional=False, trim="-")
    return text.rstrip(".")


def about(value: float) -> str:
    """A typical size, to two significant digits: "81000"."""
    if value == 0 or not np.isfinite(value):
        return plain_number(value)
    digits = 1 - int(np.floor(np.log10(abs(value))))
    return plain_number(round(value, digits))


def written(value: float, decimal: str) -> str:
    """``value`` written with ``decimal`` and thousands grouped by the other separator."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    if decimal == ".":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def not_a_number_object(value: object) -> Issue:
    """A cell that is neither text nor a number: a date or TRUE/FALSE in a value column."""
    if isinstance(value, dt.date):
        return Issue(
            "bad_number",
            f"The cell holds the date {value:%Y-%m-%d}, not a number.",
            "Enter the KPI's value; dates belong in the period column. If Excel turned the "
            "number into a date, format the cell as Number.",
        )
    return Issue(
        "bad_number",
        f"{value!r} is not a number.",
        "Enter the KPI's value as a number, or leave the cell empty if it is not known.",
    )


def out_of_range(value: float) -> Issue:
    return Issue(
        "bad_number",
        f"The value {value:g} is not a usable number (infinite or beyond ±1e18).",
        "Enter the KPI's real value.",
    )


def unreadable(text: str, shape: Shape, *, excel: bool, decimal: str) -> Issue:
    """A text that is no number under either convention."""
    if shape == Shape.EXCEL_ERROR:
        return Issue(
            "excel_error_cell",
            f"The cell holds the Excel error {text.upper()}, not a number.",
            "Fix the formula in the workbook, or leave the cell empty if the value is not known."
            if excel
            else "The export wrote an Excel error: fix the formula in the source workbook and "
            "export again, or leave the cell empty if the value is not known.",
        )
    if shape == Shape.TOO_LONG:
        return Issue(
            "bad_number",
            f"{text[:40]!r}... ({len(text):,} characters) is not a number.",
            "A value cell holds one number; check for text pasted into the column.",
        )
    if shape == Shape.OUT_OF_RANGE:
        return Issue(
            "bad_number",
            f"{shown(text)} is not a usable number (infinite or beyond ±1e18).",
            "Enter the KPI's real value.",
        )
    if text.lower() in ("tbd", "?", "??", "missing", "none", "unknown", "pending"):
        hint = "Leave the cell empty when the value is not known; it is then left out."
    elif excel:
        hint = (
            "Type the value as a number (Excel then stores a number, not text), or leave "
            "the cell empty if it is not known."
        )
    else:
        example = "1234,5" if decimal == "," else "1234.5"
        hint = (
            f"Write a number such as {example} (thousands separators, % and currency signs "
            "are fine), or leave the cell empty if the value is not known."
        )
    return Issue("bad_number", f"{shown(text)} is not a number.", hint)


def undecided(text: str, header: str, format_hint: str) -> Issue:
    """``22,382`` in a semicolon file whose column gives no other clue."""
    as_decimal = text.replace(",", ".")
    digits = "".join(c for c in text if c.isdigit() or c in "+-")
    return Issue(
        "ambiguous_number",
        f"{shown(text)} could mean {digits} (with a thousands separator) or {as_decimal} (with "
        f"a decimal separator), and no other value in column '{header}' says which.",
        f'Say which in the thesis: number_format: {{decimal: ","}} or {{decimal: "."}} '
        f"{format_hint}; or write the number without a thousands separator ({digits}).",
    )


def wrong_decimal(
    text: str,
    decimal: str,
    as_other: float,
    basis: str,
    *,
    excel: bool,
    format_hint: str,
) -> Issue:
    """``12,5`` in a column that uses a decimal point (or the mirror image)."""
    other = "," if decimal == "." else "."
    message = (
        f"{shown(text)} is written with a {DECIMAL_NAME[other]}, but {basis}. With a "
        f"{DECIMAL_NAME[other]} it is {plain_number(as_other)}; with a {DECIMAL_NAME[decimal]} "
        "it is not a number."
    )
    first = (
        "Type the value as a number (Excel then stores a number, not text), or write it as "
        "the other cells are written"
        if excel
        else "Write it as the other cells are written"
    )
    hint = (
        f"{first} ({written(as_other, decimal)}). If the table really uses a "
        f'{DECIMAL_NAME[other]}, say so: number_format: {{decimal: "{other}"}} {format_hint}.'
    )
    return Issue("number_format_conflict", message, hint)


def wrong_grouping_for_thesis(
    text: str, decimal: str, grouping: str, as_read: float, as_other: float, format_hint: str
) -> Issue:
    """``1,500`` where the thesis says the table groups thousands otherwise (or not at all)."""
    other = "," if decimal == "." else "."
    said = "no thousands separator" if grouping == "" else f"thousands grouped with {grouping!r}"
    return Issue(
        "number_format_conflict",
        f"{shown(text)} does not fit the thesis's number_format for this table ({said}): with a "
        f"{GROUP_NAME[other]} it is {plain_number(as_read)}; with a {DECIMAL_NAME[other]} "
        f"{plain_number(as_other)}.",
        f"Write the number without {other!r}, or correct number_format {format_hint}.",
    )


def ambiguous_group(
    text: str, decimal: str, as_read: float, as_other: float, series: str, example: str
) -> Issue:
    """``83.900`` in a KPI whose other values group thousands with commas (``84,100``)."""
    other = "," if decimal == "." else "."
    return Issue(
        "number_format_conflict",
        f"{shown(text)} is ambiguous: {series} groups thousands with {other!r} (such as "
        f"{example}), so its {decimal!r} would be a {DECIMAL_NAME[decimal]} "
        f"({plain_number(as_read)}); as a {GROUP_NAME[decimal]} it would be "
        f"{plain_number(as_other)}.",
        f"Write it the way the other cells are written: {written(as_other, decimal)} if it "
        f"means {plain_number(as_other)}, or {written(as_read, decimal)} if it means "
        f"{plain_number(as_read)}.",
    )


def ambiguous_size(
    text: str,
    separator: str,
    read_as_decimal: bool,
    as_read: float,
    as_other: float,
    series: str,
    typical: float,
    *,
    excel: bool,
) -> Issue:
    """``€81.613`` among values around 80,000: the other reading fits, this one does not."""
    read_as = (DECIMAL_NAME if read_as_decimal else GROUP_NAME)[separator]
    other_as = (GROUP_NAME if read_as_decimal else DECIMAL_NAME)[separator]
    cell = "(a text cell) " if excel else ""
    message = (
        f"{shown(text)} {cell}reads as {plain_number(as_read)} with its {separator!r} as a "
        f"{read_as}, but the other values of {series} are around {about(typical)}; with a "
        f"{other_as} it would be {plain_number(as_other)}."
    )
    both = f"{plain_number(as_other)} or {plain_number(as_read)}, as meant"
    hint = (
        f"Type the value as a number ({both}), so that Excel stores a number, not text."
        if excel
        else f"Write the value without a thousands separator ({both})."
    )
    return Issue("ambiguous_number", message, hint)


def percent_mismatch(
    cell: str, value: float, factor: float, series: str, example: str, *, excel: bool
) -> Issue:
    """A plain value among percentages (``factor`` 100), or a percentage among plain values
    (``factor`` 0.01), that fits the others only when read the other way."""
    other = value * factor
    if factor > 1:
        message = (
            f"{cell} is not written as a percentage, but the other values of {series} are "
            f"(such as {example}): as written it is {plain_number(value)}; as a fraction of one "
            f"it would be {plain_number(other)}%."
        )
        hint = (
            "Format the cell as a percentage in Excel, like the others."
            if excel
            else f"Write it as the others are written: {plain_number(other)}%."
        )
    else:
        message = (
            f"{cell} is a percentage, but the other values of {series} are plain numbers (such "
            f"as {example}): as written it is {plain_number(value)}; as a fraction like the "
            f"others it would be {plain_number(other)}."
        )
        hint = (
            "Format the cell like the others (General or Number) and enter the fraction."
            if excel
            else f"Write it as the others are written: {plain_number(other)}."
        )
    return Issue("number_format_conflict", message, hint)


def currency_mismatch(text: str, sign: str, usual: str, series: str, example: str) -> Issue:
    return Issue(
        "number_format_conflict",
        f"{shown(text)} is in {sign}, but the other values of {series} are in {usual} (such "
        f"as {example}).",
        f"Convert the value to {usual} like the others: one KPI holds one currency.",
    )
