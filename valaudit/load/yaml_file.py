"""Reading a small YAML file a person writes by hand: a thesis, an answers file.

Every such file is read by one policy, so that a thesis ``validate`` reads is one
``scorecard --record`` can edit, and an answers file reads like a thesis:

- **Size.** The file must be a regular file (not a folder, device or pipe) no larger than
  the caller's limit; the limit is checked before a byte is read.
- **Encoding.** UTF-8, with or without a byte-order mark; UTF-16 when the file starts with
  its byte-order mark (what Notepad calls "Unicode"); anything else that is not UTF-8 is
  read as Windows-1252, the encoding Western European Windows saves text in, and flagged so
  that the caller can warn. Bytes that are not text in the encoding found (the five that
  Windows-1252 leaves undefined, half a UTF-16 character at the end of a cut-off file) are
  read as U+FFFD and flagged as lossy.
- **YAML.** Read safely by :func:`valaudit.load.yaml_reader.read_yaml`, every problem
  located by line and key path.

Callers word the failures themselves (a thesis that is too large is not an answers file
that is too large), from the exceptions listed at each function.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from valaudit.errors import Problem
from valaudit.load.paths import UserPath, regular_size
from valaudit.load.yaml_reader import YamlDocument, read_yaml

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class TextEncoding:
    """How a text file was encoded, so that an edited text can be written back the same way."""

    codec: str
    """``utf-8``, ``utf-16-le``, ``utf-16-be`` or ``cp1252``."""
    bom: bool = False
    """The file starts with a byte-order mark (always, for UTF-16)."""
    lossless: bool = True
    """Every byte was text in this encoding: encoding the text again gives the same bytes."""

    @property
    def is_unicode(self) -> bool:
        """UTF-8 or UTF-16; False for the Windows-1252 fallback."""
        return self.codec != "cp1252"

    def encode(self, text: str) -> bytes:
        """``text`` in this encoding, after the byte-order mark when the file had one."""
        payload = text.encode(self.codec)
        if not self.bom:
            return payload
        return "\ufeff".encode(self.codec) + payload


def decode_text(raw: bytes) -> tuple[str, TextEncoding]:
    """A hand-edited file's text and its encoding, by the policy in this module's docstring."""
    for bom, codec in _UTF16_BOMS:
        if raw.startswith(bom):
            return _decode(raw[len(bom) :], codec, bom=True)
    try:
        return raw.decode("utf-8-sig"), TextEncoding("utf-8", raw.startswith(codecs.BOM_UTF8))
    except UnicodeDecodeError:
        return _decode(raw, "cp1252", bom=False)


def _decode(raw: bytes, codec: str, *, bom: bool) -> tuple[str, TextEncoding]:
    try:
        return raw.decode(codec), TextEncoding(codec, bom)
    except UnicodeDecodeError:
        return raw.decode(codec, errors="replace"), TextEncoding(codec, bom, lossless=False)


class FileTooLarge(Exception):
    """The file is larger than the caller's limit; nothing of it was read."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes, more than {limit:,}")
        self.size = size
        self.limit = limit


@dataclass(frozen=True)
class TextFile:
    """A small text file's text and how it was encoded."""

    text: str
    encoding: TextEncoding


def read_text_file(path: Path, max_bytes: int) -> TextFile:
    """The text of a hand-edited file of at most ``max_bytes`` bytes.

    Raises :class:`FileTooLarge`, or OSError: FileNotFoundError, IsADirectoryError,
    PermissionError, :class:`~valaudit.load.paths.NotRegularFile` and the like.
    """
    size = regular_size(path)
    if size > max_bytes:
        raise FileTooLarge(size, max_bytes)
    with path.open("rb") as stream:
        raw = stream.read(max_bytes + 1)  # a file that grew since it was measured stops here
    if len(raw) > max_bytes:
        raise FileTooLarge(len(raw), max_bytes)
    text, encoding = decode_text(raw)
    return TextFile(text, encoding)


@dataclass(frozen=True)
class YamlFile:
    """A small YAML file as read: its text, its encoding, and its document or why not."""

    text: str
    encoding: TextEncoding
    document: YamlDocument | None
    """None when the text is not one readable YAML document (then ``problems`` say why)."""
    problems: list[Problem]
    """What the YAML reader found, located in the file by line and key path."""


def read_yaml_file(file: UserPath, max_bytes: int) -> YamlFile:
    """Read and parse a hand-edited YAML file; raises as :func:`read_text_file` does."""
    read = read_text_file(file.path, max_bytes)
    document, problems = read_yaml(read.text, file=file.shown)
    return YamlFile(read.text, read.encoding, document, problems)
