"""Recording scores in a thesis: only the scores change, every comment and byte else stays."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.errors import ScorecardInputError
from valaudit.onboarding.record import (
    read_thesis_text,
    record_in_thesis,
    record_scores,
    write_thesis_text,
)
from valaudit.onboarding.thesis_template import render_thesis

ALL = dict(zip(OPERATING_MODEL_DIMENSIONS, (1, 2, 3, 4, 5, 4, 3), strict=True))
HEAD = "valaudit: 1   # version\ninitiative:\n  name: X   # the name\n  go_live: 2025-01-01\n"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+) between two texts."""
    return [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]


def test_the_template_block_becomes_a_block_of_scores() -> None:
    before = render_thesis("ai")
    after = record_scores(before, ALL, "valaudit.yaml")
    assert yaml.safe_load(after)["operating_model"] == ALL
    assert changed_lines(before, after) == [
        "- operating_model: {}",
        "+ operating_model:",
        *(f"+   {d}: {s}" for d, s in ALL.items()),
    ]


def test_existing_scores_change_in_place_and_their_comments_stay() -> None:
    before = HEAD + (
        "operating_model:        # scored at the March workshop\n"
        "  workflow_redesign: 5  # old approvals still run\n"
        "\n"
        "  # decision rights were discussed at length\n"
        "  decision_rights: 5\n"
        "settings:\n"
        "  confidence: 0.9\n"
    )
    after = record_scores(before, ALL, "valaudit.yaml")
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert removed == ["  workflow_redesign: 5  # old approvals still run", "  decision_rights: 5"]
    assert added == [
        "  workflow_redesign: 1  # old approvals still run",
        "  decision_rights: 2",
        *(f"  {d}: {ALL[d]}" for d in OPERATING_MODEL_DIMENSIONS[2:]),
    ]
    lines = after.splitlines()
    assert lines.index("  decision_rights: 2") + 1 == lines.index("  priority_alignment: 3")
    assert yaml.safe_load(after)["settings"] == {"confidence": 0.9}


def test_a_changed_score_replaces_only_the_number() -> None:
    before = HEAD + "operating_model:\n  workflow_redesign: 4   # keep me\n"
    after = record_scores(before, {"workflow_redesign": 2}, "valaudit.yaml")
    assert after == HEAD + "operating_model:\n  workflow_redesign: 2   # keep me\n"


def test_no_block_appends_one_at_the_end() -> None:
    before = HEAD + "# the end\n"
    after = record_scores(before, ALL, "valaudit.yaml")
    assert after.startswith(before)
    assert yaml.safe_load(after)["operating_model"] == ALL


def test_no_final_newline() -> None:
    before = HEAD.rstrip("\n")
    after = record_scores(before, {"incentives": 3}, "valaudit.yaml")
    assert yaml.safe_load(after)["operating_model"] == {"incentives": 3}
    assert after.startswith(before + "\n")


@pytest.mark.parametrize(
    "block",
    [
        "operating_model: {}\n",
        "operating_model: {}   # not yet\n",
        "operating_model: {incentives: 1, workflow_redesign: 5}\n",
        "operating_model:\n",
        "operating_model:   # to do\n",
    ],
)
def test_inline_and_empty_forms(block: str) -> None:
    before = HEAD + block + "settings: {confidence: 0.9}\n"
    after = record_scores(before, ALL, "valaudit.yaml")
    document = yaml.safe_load(after)
    assert document["operating_model"] == ALL
    assert document["settings"] == {"confidence": 0.9}
    if "#" in block:
        assert block.split("#")[1].strip() in after


def test_partial_scores_keep_the_others() -> None:
    before = HEAD + "operating_model: {incentives: 1, workflow_redesign: 5}\n"
    after = record_scores(before, {"incentives": 4}, "valaudit.yaml")
    assert yaml.safe_load(after)["operating_model"] == {"incentives": 4, "workflow_redesign": 5}


def test_the_indentation_of_the_file_is_followed() -> None:
    before = "valaudit: 1\ninitiative:\n    name: X\n    go_live: 2025-01-01\n"
    after = record_scores(before, {"incentives": 4}, "valaudit.yaml")
    assert after.endswith("operating_model:\n    incentives: 4\n")


def test_windows_line_endings_stay(tmp_path: Path) -> None:
    before = (HEAD + "operating_model: {}\nsettings:\n  confidence: 0.9\n").replace("\n", "\r\n")
    after = record_scores(before, ALL, "valaudit.yaml")
    assert "\n" not in after.replace("\r\n", "")
    assert yaml.safe_load(after)["operating_model"] == ALL


def test_bom_and_windows_1252_are_written_back_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "valaudit.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "# caf\xc3\xa9\n").encode("latin-1"))
    thesis = read_thesis_text(path, "valaudit.yaml")
    assert thesis.encoding.bom and thesis.encoding.codec == "utf-8"
    record_in_thesis(path, "valaudit.yaml", {"incentives": 2})
    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + HEAD.encode())
    path.write_bytes((HEAD + "  # Ã©t\xe9 \x80\n").encode("latin-1"))
    thesis = read_thesis_text(path, "valaudit.yaml")
    assert thesis.encoding.codec == "cp1252"
    write_thesis_text(path, thesis, record_scores(thesis.text, {"incentives": 2}, "x"))
    assert path.read_bytes().startswith((HEAD + "  # Ã©t\xe9 \x80\n").encode("latin-1"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_thesis_is_edited_and_written_back_in_utf16(tmp_path: Path, codec: str) -> None:
    """A thesis validate reads (Notepad's "Unicode") can have its scores recorded too."""
    path = tmp_path / "valaudit.yaml"
    text = HEAD + "# café\n"
    path.write_bytes("\ufeff".encode(codec) + text.encode(codec))
    assert record_in_thesis(path, "valaudit.yaml", {"incentives": 2}) == {}
    written = path.read_bytes()
    assert written.startswith("\ufeff".encode(codec) + text.encode(codec))
    assert yaml.safe_load(written.decode("utf-16"))["operating_model"] == {"incentives": 2}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (HEAD.encode() + b"# \x81\n", "neither UTF-8 nor Windows-1252"),
        (b"\xff\xfe" + HEAD.encode("utf-16-le") + b"\x00", "damaged UTF-16"),
    ],
)
def test_bytes_that_could_not_be_written_back_are_refused(
    tmp_path: Path, raw: bytes, message: str
) -> None:
    path = tmp_path / "valaudit.yaml"
    path.write_bytes(raw)
    with pytest.raises(ScorecardInputError) as caught:
        record_in_thesis(path, "valaudit.yaml", {"incentives": 2})
    assert [p.code for p in caught.value.problems] == ["encoding"]
    assert message in caught.value.problems[0].message
    assert path.read_bytes() == raw


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{valaudit: 1, operating_model: {}}\n", "thesis_layout"),
        (HEAD + "operating_model: [1, 2]\n", "invalid_value"),
        # The block's anchor is used elsewhere: recording would change that other place too.
        (HEAD + "operating_model: &om\n  incentives: 1\nother: *om\n", "thesis_layout"),
        ("base: &b {incentives: 1}\n" + HEAD + "operating_model:\n  <<: *b\n", "yaml_merge_key"),
        ("- a\n- b\n", "not_a_thesis"),
        ("a: [1\n", "yaml_syntax"),
        (HEAD + "name: a\nname: b\n", "yaml_duplicate_key"),
        ("", "thesis_empty"),
    ],
)
def test_what_cannot_be_edited_safely_is_refused(text: str, code: str) -> None:
    with pytest.raises(ScorecardInputError) as caught:
        record_scores(text, ALL, "valaudit.yaml")
    assert caught.value.problems[0].code == code
    assert caught.value.exit_code == 3


def test_a_missing_thesis(tmp_path: Path) -> None:
    with pytest.raises(ScorecardInputError) as caught:
        read_thesis_text(tmp_path / "valaudit.yaml", "valaudit.yaml")
    assert caught.value.problems[0].code == "file_not_found"
    assert "valaudit init" in (caught.value.problems[0].hint or "")


@pytest.mark.parametrize(
    "sample",
    sorted(p.name for p in (ROOT / "sample_data").iterdir() if (p / "valaudit.yaml").is_file()),
)
def test_sample_theses_change_only_in_their_scores(tmp_path: Path, sample: str) -> None:
    path = tmp_path / "valaudit.yaml"
    shutil.copy(ROOT / "sample_data" / sample / "valaudit.yaml", path)
    before = path.read_text(encoding="utf-8")
    record_in_thesis(path, "valaudit.yaml", ALL)
    after = path.read_text(encoding="utf-8")
    expected = {**yaml.safe_load(before), "operating_model": ALL}
    assert yaml.safe_load(after) == expected
    kept = [line for line in before.splitlines() if line not in after.splitlines()]
    assert all(line.strip().split(":")[0] in OPERATING_MODEL_DIMENSIONS for line in kept), kept


dimension_subsets = st.lists(st.sampled_from(OPERATING_MODEL_DIMENSIONS), unique=True)
comments = st.sampled_from(["", "  # note", "   # why: a, b"])


@given(
    present=dimension_subsets,
    recorded=dimension_subsets.filter(bool),
    comment=comments,
    old=st.integers(1, 5),
    new=st.integers(1, 5),
)
def test_any_block_gets_exactly_the_new_scores(
    present: list[str], recorded: list[str], comment: str, old: int, new: int
) -> None:
    block = "".join(f"  {d}: {old}{comment}\n" for d in present)
    before = HEAD + ("operating_model:\n" + block if present else "operating_model: {}\n")
    before += "settings:\n  confidence: 0.9\n"
    scores = dict.fromkeys(recorded, new)
    after = record_scores(before, scores, "valaudit.yaml")
    document = yaml.safe_load(after)
    assert document["operating_model"] == {**dict.fromkeys(present, old), **scores}
    assert document["settings"] == {"confidence": 0.9}
    assert after.count("#") == before.count("#")


@pytest.mark.parametrize(
    ("block", "recorded"),
    [
        # A flow block on the line after its key.
        ("operating_model:\n  {incentives: 1}\n", "operating_model:\n  incentives: 4\n"),
        # An alias: the block takes its scores; the anchor's own line stays as it was.
        ("operating_model: *s\n", "operating_model:\n  workflow_redesign: 1\n  incentives: 4\n"),
        # An alias as a score: replaced when that score changes, left alone when not.
        ("operating_model:\n  incentives: *s1\n", "operating_model:\n  incentives: 4\n"),
        (
            "operating_model:\n  workflow_redesign: *s1\n",
            "operating_model:\n  workflow_redesign: *s1\n  incentives: 4\n",
        ),
    ],
)
def test_flow_blocks_on_their_own_line_and_aliases_are_recorded(block: str, recorded: str) -> None:
    anchors = "s: &s {workflow_redesign: 1}\none: &s1 1\n"
    after = record_scores(anchors + HEAD + block, {"incentives": 4}, "valaudit.yaml")
    assert after == anchors + HEAD + recorded


#: Lines a YAML editor would lay out its own way (~ to empty, True to true, aligned values and
#: text over several lines closed up, trailing spaces dropped, escapes written out).
UNUSUAL = (
    "valaudit: 1\n"
    "initiative:\n"
    "  name:     Support copilot   \n"
    "  owner: ~\n"
    '  note: "caf\\u00e9 \\x41"\n'
    "  thesis: Agents will resolve\n"
    "    more tickets without escalation\n"
    "flag: True\n"
)


@pytest.mark.parametrize(
    "block",
    [
        "operating_model:   # March\n  workflow_redesign:   5   # aligned\n  incentives: 2\n",
        "operating_model: {}   # not yet\n",
        "operating_model: {incentives: 1,\n    workflow_redesign: 5}\n",
        "",
    ],
)
def test_lines_outside_the_block_stay_byte_for_byte(block: str) -> None:
    tail = "\n# Settings follow\nsettings:\n    confidence:   0.9\n    list: [1,   2]\n"
    if not block:
        tail = ""
    before = UNUSUAL + block + tail
    after = record_scores(before, ALL, "valaudit.yaml")
    assert after.startswith(UNUSUAL)
    assert after.endswith(tail)
    assert yaml.safe_load(after) == {**yaml.safe_load(before), "operating_model": ALL}


def test_only_the_changed_lines_of_the_block_are_rewritten() -> None:
    before = HEAD + (
        "operating_model:\n"
        "  workflow_redesign:   5   # aligned by hand\n"
        "  decision_rights:     3\n"
        "  incentives:          2\n"
    )
    after = record_scores(before, {"workflow_redesign": 1, "skills": 4}, "valaudit.yaml")
    assert changed_lines(before, after) == [
        "-   workflow_redesign:   5   # aligned by hand",
        "+   workflow_redesign: 1     # aligned by hand",
        "+   skills: 4",
    ]


@pytest.mark.parametrize(
    "last",
    [
        "  incentives: 1   # kept on its line\n",
        "  incentives: 1\n  notes:\n    - a   # kept on its line\n",
        "  incentives: 1\n  notes: [a, b]\n",
    ],
)
def test_a_heading_after_the_block_stays_above_its_section(last: str) -> None:
    before = HEAD + "operating_model:\n" + last + "\n# Settings\nsettings:\n  confidence: 0.9\n"
    after = record_scores(before, {"incentives": 4, "skills": 2}, "valaudit.yaml")
    block = last.replace("incentives: 1", "incentives: 4")
    assert after == HEAD + "operating_model:\n" + block + "  skills: 2\n" + (
        "\n# Settings\nsettings:\n  confidence: 0.9\n"
    )


@pytest.mark.parametrize(
    "block",
    ["operating_model:\n  incentives: 1  # c\n", "operating_model: {}\n", "operating_model:\n", ""],
)
def test_windows_line_endings_give_the_same_edit(block: str) -> None:
    before = HEAD + block + "settings:\n  confidence: 0.9\n" * bool(block)
    crlf = record_scores(before.replace("\n", "\r\n"), ALL, "valaudit.yaml")
    assert crlf == record_scores(before, ALL, "valaudit.yaml").replace("\n", "\r\n")


def test_a_thesis_indented_as_a_whole_keeps_its_indentation() -> None:
    before = "  valaudit: 1\n  operating_model: {}\n"
    after = record_scores(before, {"incentives": 4}, "valaudit.yaml")
    assert after == "  valaudit: 1\n  operating_model:\n    incentives: 4\n"
    after = record_scores("  valaudit: 1\n", {"incentives": 4}, "valaudit.yaml")
    assert after.endswith("\n  operating_model:\n    incentives: 4\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # U+0085 (NEL) breaks a line for the reader the audit uses (YAML 1.1), not for the
        # editor (YAML 1.2).
        (HEAD + "note: a\x85b: 1\n", 5),
        # ruamel.yaml 0.19 cannot place a comment before a lone '>' (a NotImplementedError).
        (HEAD + "note:   # c\n  >\n  x\n\n# d\nlast: 1\n", None),
    ],
)
def test_valid_yaml_the_comment_keeping_editor_cannot_follow_is_refused(
    text: str, line: int | None
) -> None:
    assert yaml.safe_load(text)["valaudit"] == 1
    with pytest.raises(ScorecardInputError) as caught:
        record_scores(text, ALL, "valaudit.yaml")
    problem = caught.value.problems[0]
    assert (problem.code, problem.line) == ("thesis_layout", line)
    assert "by hand" in (problem.hint or "")


unusual_values = st.sampled_from(
    ["~", "null", "True", "yes", "'it''s'", '"caf\\u00e9"', "1.50", "0x1F", "[1,   2]", "{a: 1}"]
)
spacing = st.sampled_from(["", " ", "    "])


@given(
    values=st.lists(st.tuples(unusual_values, spacing, comments), min_size=1, max_size=4),
    block=st.sampled_from(["operating_model: {}\n", "operating_model:\n  incentives: 1\n", ""]),
    where=st.integers(0, 4),
)
def test_any_layout_around_the_block_is_kept(
    values: list[tuple[str, str, str]], block: str, where: int
) -> None:
    lines = [f"k{n}:{pad} {value}{trail}\n" for n, (value, pad, trail) in enumerate(values)]
    lines.insert(min(where, len(lines)), block)
    before = "valaudit: 1\n" + "".join(lines)
    head, _, tail = before.partition(block) if block else (before, "", "")
    after = record_scores(before, ALL, "valaudit.yaml")
    assert after.startswith(head)
    assert after.endswith(tail)
    assert yaml.safe_load(after) == {**yaml.safe_load(before), "operating_model": ALL}


def test_ruamel_yaml_is_loaded_by_the_scorecard_only() -> None:
    import subprocess
    import sys

    probe = "import sys, valaudit.cli; print('ruamel.yaml' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False"]
