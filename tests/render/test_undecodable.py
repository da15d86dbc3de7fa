"""Names that are not UTF-8 (surrogate escapes) shown as \\xNN, the same everywhere."""

from __future__ import annotations

import os

import pytest

from valaudit.render.undecodable import escape_undecodable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"Soci\xe9t\xe9", "Soci\\xe9t\\xe9"),  # Latin-1 from a Windows archive
        (b"clients/\x80\xff/q1", "clients/\\x80\\xff/q1"),
        ("Société".encode(), "Société"),  # valid UTF-8 is left alone
        (b"plain", "plain"),
    ],
)
def test_each_undecodable_byte_reads_as_its_escape(raw: bytes, shown: str) -> None:
    decoded = os.fsdecode(raw) if os.name != "nt" else raw.decode("utf-8", "surrogateescape")
    assert escape_undecodable(decoded) == shown
    assert escape_undecodable(decoded).encode("utf-8")  # writable by any UTF-8 output


def test_other_lone_surrogates_are_escaped_too() -> None:
    assert escape_undecodable("a\ud800b\udc00") == "a\\ud800b\\udc00"
