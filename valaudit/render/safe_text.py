"""Making user-supplied strings safe to show.

Names, headers and cell values come from client files. On a terminal they must appear
literally: no rich markup interpreted and no escape sequences (which can recolour, retitle
or even rewrite a terminal) passed through.
"""

from __future__ import annotations

import re

#: C0 controls except tab and newline (ESC starts every ANSI and OSC sequence), DEL and the
#: C1 controls (U+009B is a one-character CSI), zero-width and bidirectional marks and
#: overrides (they make text read differently from what it is), line and paragraph
#: separators, invisible operators and the zero-width no-break space.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def printable(text: object) -> str:
    """``text`` with control and bidirectional-override characters shown as escapes.

    Rich markup needs no escaping here: renderers pass user text to rich as ``Text`` objects,
    which are never parsed for markup; this function handles what rich would pass through.
    """
    value = str(text)
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        value,
    )
