"""Reading numbers the way finance exports write them.

Clean numbers go through pandas' vectorized parser; only the cells it cannot read come here,
one distinct text at a time. Conversions are made only where the meaning is unambiguous
(``1,234.5``, ``12.5%``, ``$1,200``, ``(300)``); anything else is a located error rather than
a guess, because a silently misread number is worse than a question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from valaudit.errors import Issue
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
_CURRENCY = re.compile(
    r"^(?:[$€£¥₹₩₽₺₪¢]|[A-Z]{3}|CHF|R\$|US\$|A\$|C\$|kr\.?|zł)\s*|\s*(?:[$€£¥₹₩₽₺₪¢]|[A-Z]{3}|CHF|kr\.?|zł)$"
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
#: One separator followed by exactly three digits: 22,382 or 1.500 could be either a
#: thousands separator or a decimal one.
_THREE_DIGIT_GROUP = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
#: Forms that only one reading explains: a separator followed by 1-2 or 4+ digits, or
#: grouped thousands followed by the other separator.
_COMMA_DECIMAL_EVIDENCE = re.compile(r"\d,(\d{1,2}|\d{4,})(?!\d)|\d\.\d{3},\d")
_DOT_DECIMAL_EVIDENCE = re.compile(r"\d\.(\d{1,2}|\d{4,})(?!\d)|\d,\d{3}\.\d")

#: Decimal separator when a semicolon file's column gives no evidence either way.
UNDECIDED = "?"


def column_decimal(texts: Iterable[str]) -> str:
    """The decimal separator a column of a semicolon-delimited file uses.

    European exports write 1.234,5, but many systems write semicolons with decimal points.
    The column decides: values such as 12,5 show a decimal comma, 12.5 a decimal point. With
    no such value, 22,382 and 1.500 stay ambiguous (see :data:`UNDECIDED`).
    """
    comma = dot = False
    for text in texts:
        comma = comma or _COMMA_DECIMAL_EVIDENCE.search(text) is not None
        dot = dot or _DOT_DECIMAL_EVIDENCE.search(text) is not None
        if comma and dot:
            break
    if comma:
        return ","
    return "." if dot else UNDECIDED


def parse_number(text: str, decimal: str = ".") -> float | Issue:
    """Read one cell's text as a number, or say why not.

    ``decimal`` is ``","`` for semicolon-delimited files, where ``1.234,5`` means 1234.5.
    Percentages are read as the number of percent (``12.5%`` -> 12.5), matching how a KPI
    with unit "%" is written in the thesis.
    """
    original = text
    text = text.strip()
    if len(text) > MAX_CELL_CHARS:
        return Issue(
            "bad_number",
            f"{text[:40]!r}... ({len(text):,} characters) is not a number.",
            "A value cell holds one number; check for text pasted into the column.",
        )
    if text.upper() in EXCEL_ERRORS:
        return Issue(
            "excel_error_cell",
            f"The cell holds the Excel error {text}, not a number.",
            "Fix the formula in the source workbook, or leave the cell empty if the value is "
            "not known.",
        )
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith(("-", "−")) and len(text) > 1 and not text[1:2].isdigit():
        negative, text = not negative, text[1:].strip()
    text = text.replace("−", "-")
    previous = None
    while previous != text:
        previous = text
        text = _CURRENCY.sub("", text).strip()
    if text.startswith(("-", "+")) and len(text) > 1 and not text[1].isdigit() and text[1] != ".":
        sign, text = text[0], text[1:]
        text = _CURRENCY.sub("", text).strip()
        text = sign + text
    if text.endswith("%"):
        text = text[:-1].strip()
    text = _SPACES.sub("", text)
    value = _read_plain(text, decimal)
    if isinstance(value, Issue) or value is None:
        if value is None:
            return _not_a_number(original)
        return value
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        return Issue(
            "bad_number",
            f"{original.strip()[:60]!r} is not a usable number (infinite or beyond ±1e18).",
            "Enter the KPI's real value.",
        )
    return -value if negative else value


def _read_plain(text: str, decimal: str) -> float | Issue | None:
    if not text:
        return None
    if decimal == UNDECIDED:
        if _THREE_DIGIT_GROUP.match(text):
            return Issue(
                "ambiguous_number",
                f"{text!r} could mean {text.replace(',', '').replace('.', '')} (thousands "
                f"separator) or {text.replace(',', '.')} (decimal separator), and no other value "
                "in this column says which.",
                "Write it without thousands separators and with the file's decimal separator, "
                "e.g. 22382 or 22,382 written as 22382.",
            )
        decimal = ","
    if _PLAIN.match(text):
        if decimal == "," and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
            return float(text.replace(".", ""))
        return float(text)
    if decimal == ".":
        if _GROUPED_DOT.match(text):
            return float(text.replace(",", ""))
        if _DECIMAL_COMMA.match(text):
            return Issue(
                "ambiguous_number",
                f"{text!r} uses a comma, which could be a decimal comma or a thousands "
                "separator in this comma-separated file.",
                "Write it with a decimal point (1.5) or without separators (1500).",
            )
        return None
    if _GROUPED_COMMA.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(text) or re.fullmatch(r"[+-]?\d+,\d*", text):
        return float(text.replace(",", "."))
    return None


def _not_a_number(original: str) -> Issue:
    shown = original.strip()
    if shown.lower() in ("-", "–", "—"):
        hint = "Write 0 if the dash means zero, or leave the cell empty if the value is not known."
    elif shown.lower() in ("na", "n/a", "nan", "null", "none", "missing", "tbd", "?"):
        hint = "Leave the cell empty when a value is not known."
    else:
        hint = (
            "Enter a plain number such as 1234.5 (thousands separators, %, and currency signs "
            "are fine)."
        )
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return Issue("bad_number", f"{shown!r} is not a number.", hint)
