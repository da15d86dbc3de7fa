"""Making user-supplied strings safe to show.

Names, headers and cell values come from client files. On a terminal they must appear
literally: no rich markup interpreted and no escape sequences (which can recolour, retitle
or even rewrite a terminal) passed through. Nor may a report carry text that looks like
something else: invisible format characters (a soft hyphen, bidirectional overrides, the
"tag" characters that can hide a message inside an innocent word) are shown as escapes.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode categories shown as escapes: controls (Cc; C0, DEL and C1, whose U+009B is a
#: one-character CSI), format characters (Cf: zero-width, bidirectional and tag characters,
#: the soft hyphen, ...), line and paragraph separators (Zl, Zp), surrogates (Cs: half a
#: character, which no output can encode) and private-use characters (Co: anything a font
#: chooses). Tab and newline are kept: the renderers lay text out with them.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
_KEPT = frozenset("\t\n")
#: Everything but printable ASCII: the only characters that can need an escape.
_CANDIDATE = re.compile(r"[^ -~]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: object) -> str:
    """``text`` with control, format and other invisible characters shown as escapes
    (``\\x1b``, ``\\u202e``, ``\\U000e0041``).

    Rich markup needs no escaping here: renderers pass user text to rich as ``Text`` objects,
    which are never parsed for markup; this function handles what rich would pass through.
    """
    value = str(text)
    if value.isprintable():  # no control, format, separator or unassigned character
        return value
    return _CANDIDATE.sub(_escape, value)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _KEPT or unicodedata.category(char) not in ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def encodable_json(document: str) -> str:
    """A JSON document as ``json.dumps(..., ensure_ascii=False)`` writes it, with each lone
    surrogate (which can only sit inside a string there) written as its ``\\u`` escape:
    the same JSON, now encodable as UTF-8."""
    try:
        document.encode("utf-8")  # fails only on a lone surrogate; far cheaper than the search
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
    return document
