"""File names that are not valid UTF-8, made safe to write anywhere.

Linux hands Python a name it cannot decode (``Soci\\xe9t\\xe9``, Latin-1 bytes from a Windows
archive) as a string with surrogate escapes (PEP 383): each undecodable byte becomes one code
point between U+DC80 and U+DCFF. No UTF-8 encoder accepts those, so the first output that
writes such a name (a CSV, a JSON file, a terminal, a crash report) fails. Every place that
shows a folder name, a path or a message that may quote one passes it through
:func:`escape_undecodable` first, so that each such byte reads ``\\xe9`` in every format, on
every run.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
#: The code points that surrogate escapes use: U+DC80 + the byte's value (0x80-0xFF).
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def escape_undecodable(text: str) -> str:
    """``text`` with each undecodable byte shown as ``\\xNN`` (another lone surrogate, which
    no file name produces, as ``\\udNNN``); text without any is returned as it is."""
    return _SURROGATE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"
