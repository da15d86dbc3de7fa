"""The one reader of hand-written YAML files: its size guard, its encoding policy, and that
every file it serves (thesis, answers file, scorecard --record) follows the same policy."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BASE_THESIS, FolderFactory
from valaudit.load import yaml_file
from valaudit.load.paths import NotRegularFile, UserPath
from valaudit.load.yaml_file import (
    FileTooLarge,
    TextEncoding,
    decode_text,
    read_text_file,
    read_yaml_file,
)
from valaudit.onboarding.answers import answers_yaml, read_answers
from valaudit.onboarding.questionnaire import questions
from valaudit.onboarding.record import record_in_thesis
from valaudit.validate.folder import validate_folder

TEXT = "name: Café Zürich — 5 €\n"

#: Each encoding the policy reads, with the bytes a file in it starts with.
ENCODED = [
    (TEXT.encode("utf-8"), TextEncoding("utf-8")),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TextEncoding("utf-8", bom=True)),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TextEncoding("utf-16-le", bom=True)),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TextEncoding("utf-16-be", bom=True)),
    (TEXT.encode("cp1252"), TextEncoding("cp1252")),
]


@pytest.mark.parametrize(("raw", "encoding"), ENCODED)
def test_each_encoding_of_the_policy_is_read_and_named(raw: bytes, encoding: TextEncoding) -> None:
    text, found = decode_text(raw)
    assert (text, found) == (TEXT, encoding)
    assert found.is_unicode == (encoding.codec != "cp1252")
    assert found.encode(text) == raw  # written back byte for byte


@pytest.mark.parametrize(
    ("raw", "codec", "text"),
    [
        (b"a: \x81\n", "cp1252", "a: \ufffd\n"),  # a byte Windows-1252 leaves undefined
        (codecs.BOM_UTF16_LE + "a: 1".encode("utf-16-le") + b"\x00", "utf-16-le", "a: 1\ufffd"),
    ],
)
def test_bytes_that_are_not_text_are_replaced_and_flagged(
    raw: bytes, codec: str, text: str
) -> None:
    assert decode_text(raw) == (text, TextEncoding(codec, bom=codec != "cp1252", lossless=False))


@given(text=st.text(), bom=st.booleans())
def test_any_utf8_text_is_read_as_itself(text: str, bom: bool) -> None:
    raw = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    read, encoding = decode_text(raw)
    assert encoding.codec == "utf-8" and encoding.lossless
    # A text that itself starts with U+FEFF is read as having a byte-order mark.
    assert read == (text.removeprefix("\ufeff") if not bom else text)
    assert encoding.encode(read) == raw


@given(text=st.text(st.characters(exclude_categories=("Cs",))), big_endian=st.booleans())
def test_any_utf16_text_with_its_mark_round_trips(text: str, big_endian: bool) -> None:
    codec = "utf-16-be" if big_endian else "utf-16-le"
    raw = "\ufeff".encode(codec) + text.encode(codec)
    read, encoding = decode_text(raw)
    assert (read, encoding) == (text, TextEncoding(codec, bom=True))
    assert encoding.encode(read) == raw


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n")
    assert read_text_file(path, 5).text == "a: 1\n"
    with pytest.raises(FileTooLarge) as caught:
        read_text_file(path, 4)
    assert (caught.value.size, caught.value.limit) == (5, 4)


def test_the_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(1 << 34)  # 16 GiB, sparse: reading it would exhaust memory
    with pytest.raises(FileTooLarge) as caught:
        read_text_file(path, 1 << 20)
    assert caught.value.size == 1 << 34


def test_a_file_that_grew_after_it_was_measured_is_not_read_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    monkeypatch.setattr(yaml_file, "regular_size", lambda _: 5)  # measured before it grew
    with pytest.raises(FileTooLarge) as caught:
        read_text_file(path, 10)
    assert caught.value.size == 11  # read stopped one byte past the limit


def test_what_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_text_file(tmp_path / "missing.yaml", 100)
    with pytest.raises(IsADirectoryError):
        read_text_file(tmp_path, 100)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        read_text_file(fifo, 100)  # opening it would wait for a writer forever


def test_yaml_problems_are_located_in_the_file_as_shown(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(codecs.BOM_UTF16_LE + "a: 1\na: 2\n".encode("utf-16-le"))
    read = read_yaml_file(UserPath(path, "in/answers.yaml"), 1000)
    assert read.document is not None and read.document.data == {"a": 1}
    assert [(p.code, p.file, p.line, p.path) for p in read.problems] == [
        ("yaml_duplicate_key", "in/answers.yaml", 2, "a")
    ]
    assert read.encoding == TextEncoding("utf-16-le", bom=True)


# --- One policy for every file it serves ----------------------------------------------------


def _encodings() -> list[tuple[str, bool]]:
    return [("utf-8", False), ("utf-8", True), ("utf-16-le", True), ("utf-16-be", True)]


@pytest.mark.parametrize(("codec", "bom"), _encodings())
def test_a_thesis_in_any_unicode_encoding_validates_without_a_warning(
    make_folder: FolderFactory, codec: str, bom: bool
) -> None:
    rows = "".join(f"2024-{m:02d},adoption_pct,{m}\n" for m in range(1, 13))
    folder = make_folder(None, {"data.csv": "period,kpi,value\n" + rows})
    text = yaml.safe_dump(
        {**BASE_THESIS, "initiative": {**BASE_THESIS["initiative"], "name": "Café"}},
        allow_unicode=True,
    )
    (folder / "valaudit.yaml").write_bytes(TextEncoding(codec, bom).encode(text))
    result = validate_folder(str(folder))
    assert result.valid and result.problems == []
    assert result.thesis is not None and result.thesis.initiative.name == "Café"


def test_a_windows_1252_thesis_is_read_with_a_warning(make_folder: FolderFactory) -> None:
    rows = "".join(f"2024-{m:02d},adoption_pct,{m}\n" for m in range(1, 13))
    folder = make_folder(None, {"data.csv": "period,kpi,value\n" + rows})
    text = yaml.safe_dump(
        {**BASE_THESIS, "initiative": {**BASE_THESIS["initiative"], "name": "Café"}},
        allow_unicode=True,
    )
    (folder / "valaudit.yaml").write_bytes(text.encode("cp1252"))
    result = validate_folder(str(folder))
    assert result.thesis is not None and result.thesis.initiative.name == "Café"
    assert [(p.code, p.severity, p.message) for p in result.problems] == [
        (
            "encoding",
            "warning",
            "The thesis is not UTF-8; it was read as Windows-1252 (Western European).",
        )
    ]


@pytest.mark.parametrize(("codec", "bom"), [*_encodings(), ("cp1252", False)])
def test_an_answers_file_is_read_by_the_same_policy(tmp_path: Path, codec: str, bom: bool) -> None:
    answers = {q.id: (i % 5) + 1 for i, q in enumerate(questions())}
    path = tmp_path / "answers.yaml"
    path.write_bytes(TextEncoding(codec, bom).encode("# réponses\n" + answers_yaml(answers)))
    assert read_answers(path, "answers.yaml") == answers


@pytest.mark.parametrize(("codec", "bom"), [*_encodings(), ("cp1252", False)])
def test_scorecard_record_keeps_the_encoding_it_read(tmp_path: Path, codec: str, bom: bool) -> None:
    path = tmp_path / "valaudit.yaml"
    encoding = TextEncoding(codec, bom)
    text = "valaudit: 1\ninitiative:\n  name: Café   # the name\n"
    path.write_bytes(encoding.encode(text))
    record_in_thesis(path, "valaudit.yaml", {"incentives": 2})
    written, found = decode_text(path.read_bytes())
    assert found == encoding
    assert written.startswith(text)
    assert yaml.safe_load(written)["operating_model"] == {"incentives": 2}
