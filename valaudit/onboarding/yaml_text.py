"""Writing small pieces of YAML by hand, so that templates keep their comments and layout.

PyYAML's dumper drops comments and chooses its own layout; the templates are read by people
first, so their values are written here one line at a time, quoting only what needs it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import yaml

#: The column where trailing comments start, so that they line up down the file.
COMMENT_COLUMN = 31


def scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as exactly the same value.

    >>> scalar("Average handle time"), scalar("-25%"), scalar(0.2), scalar("yes")
    ('Average handle time', '"-25%"', '0.2', '"yes"')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written in a thesis")
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        mantissa, _, exponent = repr(value).partition("e")
        if exponent and "." not in mantissa:
            mantissa += ".0"  # PyYAML reads 1e-05 as text; 1.0e-05 is a number
        return mantissa + ("e" + exponent if exponent else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    text = str(value)
    if _reads_back(text):
        return text
    return double_quoted(text)


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: readable characters as they are, the rest
    escaped (line breaks such as U+2028 would otherwise be folded into spaces)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif _readable(code) and char not in _UNSAFE:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _readable(code: int) -> bool:
    """Printable in YAML (and in the Basic Multilingual Plane, outside the surrogates)."""
    return 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD


#: Characters YAML reads as line breaks or byte order marks, even inside quotes.
_UNSAFE = frozenset("\u2028\u2029\ufeff")


def _reads_back(text: str) -> bool:
    """True when ``text`` written plain (unquoted) reads back as the same string."""
    if not text or text != text.strip() or "\n" in text or text.startswith(("%", "@", "`")):
        return False
    if text.endswith("%"):
        return False  # "-25%" reads back plain too, but the format's docs always quote changes
    try:
        loaded = yaml.safe_load(f"key: {text}")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("key") == text


def with_comment(code: str, comment: str | None) -> str:
    """``code`` followed by ``# comment`` at :data:`COMMENT_COLUMN` (or two spaces later)."""
    if not comment:
        return code
    padding = max(COMMENT_COLUMN - len(code), 2)
    return f"{code}{' ' * padding}# {comment}"


def list_item(fields: Mapping[str, Any], indent: int) -> list[str]:
    """One ``- key: value`` item of a block list, keys in the order given, ``None`` skipped."""
    lines = []
    for position, (key, value) in enumerate((k, v) for k, v in fields.items() if v is not None):
        lead = " " * indent + ("- " if position == 0 else "  ")
        lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def folded(text: str, indent: int, width: int = 96) -> list[str]:
    """A paragraph as the indented lines of a YAML folded (``>``) block."""
    import textwrap

    return textwrap.wrap(
        " ".join(text.split()),
        width=width,
        initial_indent=" " * indent,
        subsequent_indent=" " * indent,
        break_on_hyphens=False,
    )
