"""Which sheets a workbook has, and which zip member calamine opens for each, as calamine
finds them.

The extent check must look at the very bytes calamine will parse. calamine finds a part
by a lower-cased name (``XL/Worksheets/Sheet1.xml`` and ``xl\\worksheets\\sheet1.xml`` are
both ``xl/worksheets/sheet1.xml`` to it), takes the workbook's folder from the package
relationships rather than assuming ``xl/``, matches ``<sheet>`` elements by local name
whatever their prefix, and opens the *first* sheet of a given name. Each rule is reproduced
here from calamine's source (``Xlsx::new``, ``read_relationships``, ``read_workbook``), with
the parsing rules of :mod:`valaudit.load.xml_events`.

Where calamine would fail to open the workbook, :class:`WorkbookUnreadable` is raised: the
workbook is refused before calamine sees it, and the reader says why. So are two corners
where Python and calamine could read the same bytes differently: two members whose names
differ only in case or slashes, and part text in an encoding other than UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from valaudit.load.xml_events import (
    END,
    OTHER,
    START,
    MalformedXml,
    attributes,
    events,
    local_name,
)

_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_DECIMAL = re.compile(r"[0-9]+")
_HEX = re.compile(r"[0-9A-Fa-f]+")
#: encoding_rs's names for UTF-8 (quick-xml switches encodings by them).
_UTF8_LABELS = {
    "utf-8",
    "utf8",
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "x-unicode20utf8",
}
_SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")
_STATES = {b"visible": "visible", b"hidden": "hidden", b"veryHidden": "veryHidden"}


class WorkbookUnreadable(Exception):
    """calamine cannot open this workbook (or could read it differently from Python)."""


@dataclass(frozen=True)
class WorkbookIndex:
    folder: str
    """The folder of workbook.xml, with a trailing slash (``xl/`` as Excel writes it)."""
    sheets: list[IndexedSheet]


@dataclass(frozen=True)
class IndexedSheet:
    name: str
    state: str
    """visible, hidden or veryHidden."""
    path: str
    """The path calamine asks its zip for (before its case-insensitive lookup)."""


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, as Rust's ``to_ascii_lowercase``."""
    return text.translate({upper: upper + 32 for upper in range(65, 91)})


def member_index(names: list[str]) -> dict[str, str]:
    """calamine's lookup table: each member name, with ``\\`` as ``/`` and lower-cased,
    to the name itself. Two members with one lookup name are refused."""
    index: dict[str, str] = {}
    for name in names:
        key = ascii_lower(name.replace("\\", "/"))
        if key in index:
            raise WorkbookUnreadable(
                f"it holds two parts named '{index[key]}' and '{name}', which a spreadsheet "
                "reader cannot tell apart"
            )
        index[key] = name
    return index


def find_member(index: dict[str, str], names: set[str], path: str) -> str | None:
    """The member calamine opens for ``path``: by lower-cased name, else by exact name."""
    found = index.get(ascii_lower(path))
    if found is not None:
        return found
    return path if path in names else None


def calamine_workbook(read: Callable[[str], bytes | None]) -> WorkbookIndex:
    """The sheets calamine lists, in order; ``read(path)`` gives the bytes of the member
    calamine opens for ``path``, or None when there is none."""
    try:
        folder = _workbook_folder(_required(read, "_rels/.rels"))
        relationships = _relationships(_required(read, f"{folder}_rels/workbook.xml.rels"))
        workbook = read(f"{folder}workbook.xml")
        sheets = [] if workbook is None else _sheets(workbook, folder, relationships)
        return WorkbookIndex(folder, sheets)
    except MalformedXml as error:
        raise WorkbookUnreadable(f"its workbook index is malformed ({error})") from None


def _required(read: Callable[[str], bytes | None], path: str) -> bytes:
    data = read(path)
    if data is None:
        raise WorkbookUnreadable(f"it has no part '{path}'")
    _check_encoding(data, path)
    return data


def _check_encoding(data: bytes, path: str) -> None:
    """Refuse text Python would decode as UTF-8 and calamine in another encoding."""
    if b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WorkbookUnreadable(f"its part '{path}' is not UTF-8 text")
    for kind, _, start, end in events(data):
        if kind != OTHER or not data.startswith(b"<?xml", start):
            continue
        declared = data[start + 5 : end - 2]
        if declared[:1] not in (b" ", b"\t", b"\r", b"\n"):
            continue
        for key, value in attributes(declared):
            label = value.decode("latin-1").strip().lower()
            if key == b"encoding" and label not in _UTF8_LABELS:
                raise WorkbookUnreadable(
                    f"its part '{path}' declares the text encoding '{label}' (Excel writes UTF-8)"
                )


def _attribute_text(value: bytes) -> str:
    """An attribute value as calamine's ``decode_attr`` gives it: UTF-8, entities replaced
    (the five XML ones and character references; anything else is an error)."""
    try:
        raw = value.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkbookUnreadable("a name or path in its index is not UTF-8 text") from None
    parts: list[str] = []
    last = 0
    while True:
        amp = raw.find("&", last)
        if amp < 0:
            break
        semicolon = raw.find(";", amp + 1)
        next_amp = raw.find("&", amp + 1)
        if semicolon < 0 or 0 <= next_amp < semicolon:
            raise WorkbookUnreadable("a name in its index has an unfinished '&' escape")
        parts += [raw[last:amp], _entity(raw[amp + 1 : semicolon])]
        last = semicolon + 1
    parts.append(raw[last:])
    return "".join(parts)


def _entity(name: str) -> str:
    if not name.startswith("#"):
        if name in _PREDEFINED:
            return _PREDEFINED[name]
        raise WorkbookUnreadable(f"a name in its index uses the unknown entity '&{name};'")
    digits, base, pattern = name[1:], 10, _DECIMAL
    if digits.startswith("x"):
        digits, base, pattern = digits[1:], 16, _HEX
    code = int(digits, base) if pattern.fullmatch(digits) and len(digits) <= 8 else -1
    if not (0 < code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
        raise WorkbookUnreadable(f"a name in its index holds the character reference '&{name};'")
    return chr(code)


def _attrs(data: bytes, start: int, end: int, wanted: tuple[bytes, ...]) -> list[bytes | None]:
    """calamine's ``get_attrs!``: the named attributes, stopping after as many hits."""
    found: dict[bytes, bytes] = {}
    hits = 0
    for key, value in attributes(data[start:end]):
        if key in wanted:
            found[key] = value
            hits += 1
            if hits == len(wanted):
                break
    return [found.get(key) for key in wanted]


def _workbook_folder(data: bytes) -> str:
    """``read_package_relationships``: the folder of the officeDocument target."""
    stream = events(data)
    for kind, name, _, _ in stream:
        if kind == START and local_name(name) == b"Relationships":
            break
    else:
        raise WorkbookUnreadable("its package relationships are cut short")
    target = None
    for kind, name, start, end in stream:
        if kind == START and local_name(name) == b"Relationship":
            kind_attr, target_attr = _attrs(data, start, end, (b"Type", b"Target"))
            is_document = kind_attr is not None and kind_attr.endswith(
                b"/relationships/officeDocument"
            )
            if is_document and target_attr is not None:
                target = _attribute_text(target_attr)
        elif kind == END and local_name(name) == b"Relationships":
            if target is None:
                raise WorkbookUnreadable("its package relationships name no workbook")
            slash = target.rfind("/")
            return target[: slash + 1].removeprefix("/") if slash >= 0 else ""
    raise WorkbookUnreadable("its package relationships are cut short")


def _relationships(data: bytes) -> dict[bytes, tuple[str, str]]:
    """``read_relationships``: id -> (target, type), later ids replacing earlier ones."""
    found: dict[bytes, tuple[str, str]] = {}
    for kind, name, start, end in events(data):
        if kind == START and local_name(name) == b"Relationship":
            rel_id, rel_type, target = _attrs(data, start, end, (b"Id", b"Type", b"Target"))
            if rel_id is not None:
                found[rel_id] = (_utf8(target or b""), _utf8(rel_type or b""))
        elif kind == END and local_name(name) == b"Relationships":
            return found
    raise WorkbookUnreadable("its workbook relationships are cut short")


def _utf8(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkbookUnreadable("a path in its index is not UTF-8 text") from None


def _sheets(
    data: bytes, folder: str, relationships: dict[bytes, tuple[str, str]]
) -> list[IndexedSheet]:
    """``read_workbook``: every ``<sheet>`` (any prefix), skipping defined names' content."""
    _check_encoding(data, f"{folder}workbook.xml")
    sheets: list[IndexedSheet] = []
    stream = events(data)
    for kind, name, start, end in stream:
        if kind == END and local_name(name) == b"workbook":
            return sheets
        if kind != START:
            continue
        local = local_name(name)
        if local == b"sheet":
            sheets.append(_sheet(data, start, end, folder, relationships))
        elif local == b"definedName" and _has_attribute(data, start, end, b"name"):
            for inner_kind, inner_name, _, _ in stream:  # to the end tag of the same name
                if inner_kind == END and inner_name == name:
                    break
            else:
                break
    raise WorkbookUnreadable("its workbook part is cut short")


def _has_attribute(data: bytes, start: int, end: int, wanted: bytes) -> bool:
    return any(key == wanted for key, _ in attributes(data[start:end]))


def _sheet(
    data: bytes, start: int, end: int, folder: str, relationships: dict[bytes, tuple[str, str]]
) -> IndexedSheet:
    name, state, rel_id = "", "visible", b""
    for key, value in attributes(data[start:end]):
        if key == b"name":
            name = _attribute_text(value)
        elif key == b"state":
            if value not in _STATES:
                raise WorkbookUnreadable("a sheet has a visibility Excel does not know")
            state = _STATES[value]
        elif key == b"id" or key.endswith(b":id"):
            rel_id = value
    if rel_id not in relationships:
        raise WorkbookUnreadable(f"the sheet '{name}' points to a relationship it does not have")
    target, rel_type = relationships[rel_id]
    path = target[1:] if target.startswith("/") else f"{folder}{target}"
    if rel_type.rsplit("/", 1)[-1] not in _SHEET_TYPES:
        raise WorkbookUnreadable(f"the sheet '{name}' points to a part that is not a sheet")
    return IndexedSheet(name, state, path)
