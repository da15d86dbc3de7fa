"""Making user-supplied strings safe to show.

Names, headers and cell values come from client files. On a terminal they must appear
literally: no rich markup interpreted and no escape sequences (which can recolour, retitle
or even rewrite a terminal) passed through.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with control and bidirectional-override characters shown as escapes."""
    value = str(text)
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        value,
    )
