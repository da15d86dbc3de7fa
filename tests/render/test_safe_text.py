"""Text from client files is shown literally: every invisible code point as a visible escape,
and nothing any output cannot encode (a lone surrogate from a YAML ``\\u`` escape)."""

from __future__ import annotations

import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from valaudit.cli import app
from valaudit.render import file_format_names, file_suffix, format_names
from valaudit.render.safe_text import encodable_json, printable

runner = CliRunner()


def code_points(*categories: str) -> list[str]:
    return [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in categories
    ]


def escape_of(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


INVISIBLE = [c for c in code_points("Cc", "Cf", "Zl", "Zp") if c not in "\t\n"]


def test_every_control_and_format_code_point_is_escaped() -> None:
    """All of Unicode's controls, format characters and line/paragraph separators (230 in
    Python 3.11's Unicode 14) but tab and newline; 144 of them passed through before,
    among them the soft hyphen, U+180E, U+206A-206F, U+FFF9-FFFB and the tag characters."""
    assert {"\u00ad", "\u180e", "\u206a", "\ufff9", "\U000e0001", "\U000e007f"} <= set(INVISIBLE)
    passed = [f"U+{ord(c):04X}" for c in INVISIBLE if printable(f"a{c}b") != f"a{escape_of(c)}b"]
    assert passed == []


def test_surrogates_and_private_use_characters_are_escaped() -> None:
    for char in code_points("Cs", "Co"):
        assert printable(char) == escape_of(char)


@pytest.mark.parametrize(
    "text",
    ["Net revenue, € (NBSP: 1\u00a0234)", "Café 東京 🚀 Ω", "two\tcolumns\nand lines", "[b]x[/b]"],
)
def test_visible_text_tabs_and_newlines_are_kept(text: str) -> None:
    assert printable(text) == text


def test_the_escapes_are_ascii_and_say_which_character_it_was() -> None:
    shown = printable("".join(INVISIBLE))
    assert shown.isascii() and shown.isprintable()
    assert shown.encode().decode("unicode_escape") == "".join(INVISIBLE)


def test_json_with_a_lone_surrogate_is_encodable_and_reads_back_the_same() -> None:
    value = {"name": "half \ud83d of a rocket", "ok": "🚀"}
    document = encodable_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(document.encode("utf-8")) == value
    assert "🚀" in document


# --- end to end: lone surrogates from a thesis ----------------------------------------------

SAMPLE = ROOT / "sample_data" / "support_copilot"


def thesis_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "audit"
    shutil.copytree(SAMPLE, folder)
    thesis = folder / "valaudit.yaml"
    text = thesis.read_text(encoding="utf-8")
    assert "  name: Support copilot rollout\n" in text
    thesis.write_text(text.replace("  name: Support copilot rollout\n", f"  name: {name}\n"))
    return folder


def every_output(tmp_path: Path) -> list[str]:
    """One ``-o`` file per report format that can be a file."""
    suffixes = [file_suffix(name) for name in file_format_names("report")]
    return [f"-o{tmp_path / ('report' + str(suffix))}" for suffix in suffixes]


@pytest.mark.parametrize("fmt", format_names("report", printable=True))
def test_an_emoji_written_as_json_escapes_reaches_every_output(tmp_path: Path, fmt: str) -> None:
    """``"Rollout \\ud83d\\ude80"`` is how json.dumps writes an emoji: the pair is the emoji
    (it crashed every output with UnicodeEncodeError, exit 70)."""
    folder = thesis_folder(tmp_path, '"Rollout \\ud83d\\ude80"')
    outputs = every_output(tmp_path) if fmt == "json" else []
    done = runner.invoke(app, ["audit", str(folder), "--format", fmt, *outputs])
    assert done.exit_code == 0, done.output
    if fmt in ("text", "terminal", "json", "markdown", "html"):
        assert "Rollout 🚀" in done.stdout
    if outputs:
        assert "Rollout 🚀" in (tmp_path / "report.md").read_text(encoding="utf-8")
        assert "Rollout 🚀" in (tmp_path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("validate", fmt) for fmt in ("text", "json", "github")]
    + [("audit", fmt) for fmt in ("text", "json", "github", "markdown", "html", "junit")],
)
def test_a_lone_half_of_a_character_is_an_error_at_its_line(
    tmp_path: Path, command: str, fmt: str
) -> None:
    folder = thesis_folder(tmp_path, '"Rollout \\ud800"')
    done = runner.invoke(app, [command, str(folder), "--format", fmt])
    assert done.exit_code == 3, done.output
    assert "\\ud800" in done.stdout
    if fmt == "json":
        [error] = json.loads(done.stdout)["errors"]
        assert (error["code"], error["line"]) == ("yaml_bad_value", 4)
        assert "half of a character" in error["message"]
