"""Recording scorecard scores in a thesis without disturbing anything else in it.

A thesis is a hand-edited document: its comments, order, quoting and blank lines are the
user's. PyYAML cannot write a document back with its comments, and a round-tripping YAML
library would be a new dependency for one block of seven numbers. So this module edits the
text itself, guided by the positions PyYAML's composer reports for each node:

- a score already present is replaced where it stands (its line's comment stays);
- a missing dimension gets a new line at the end of the ``operating_model:`` block;
- ``operating_model: {}`` (the template's "not scored yet") or a one-line ``{...}`` becomes a
  block, keeping the scores it had;
- no ``operating_model:`` at all: the block is appended at the end of the file.

The edited text is read back and must hold exactly the old document with the new scores;
otherwise nothing is written. Line endings and the file's encoding (UTF-8 with or without
a byte-order mark, UTF-16, Windows-1252: see :mod:`valaudit.load.yaml_file`) are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import yaml

from valaudit import limits
from valaudit.errors import Problem
from valaudit.load.yaml_file import FileTooLarge, TextFile, read_text_file
from valaudit.load.yaml_reader import read_yaml
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.errors import ScorecardInputError
from valaudit.onboarding.yaml_text import scalar
from valaudit.output import write_atomic

KEY = "operating_model"


def read_thesis_text(path: Path, display: str) -> TextFile:
    """The thesis's text, refusing what cannot be safely edited (with located problems)."""
    try:
        thesis = read_text_file(path, limits.MAX_THESIS_BYTES)
    except FileTooLarge:
        _fail("file_too_large", "The thesis is too large to be a thesis.", display)
    except FileNotFoundError:
        _fail(
            "file_not_found",
            "There is no thesis here.",
            display,
            hint="Give an audit folder (or its valaudit.yaml); create one with: valaudit init "
            "FOLDER.",
        )
    except OSError as error:
        _fail("file_unreadable", f"The thesis cannot be read: {error.strerror or error}.", display)
    if not thesis.encoding.lossless:
        # Bytes read as U+FFFD could not be written back as they were.
        _fail(
            "encoding",
            "The thesis is damaged UTF-16 text, so it cannot be edited safely."
            if thesis.encoding.is_unicode
            else "The thesis is neither UTF-8 nor Windows-1252 text, so it cannot be edited "
            "safely.",
            display,
            hint="Save it as UTF-8 and run again.",
        )
    return thesis


def write_thesis_text(path: Path, thesis: TextFile, text: str) -> None:
    """Write ``text`` back in the file's own encoding (and byte-order mark), atomically."""
    write_atomic(path, thesis.encoding.encode(text))


def record_scores(text: str, scores: Mapping[str, int], display: str) -> str:
    """``text`` with ``scores`` recorded under ``operating_model``; all else unchanged.

    Raises :class:`ScorecardInputError` when the thesis is not readable YAML, or is laid out
    in a way this edit cannot handle safely (then it says how to proceed).
    """
    document, problems = read_yaml(text, file=display)
    if problems or document is None:
        raise ScorecardInputError(
            [replace(p, path=None) for p in problems]
            or [Problem("thesis_empty", "The thesis is empty.", display)]
        )
    if not isinstance(document.data, dict):
        _fail("not_a_thesis", "The file holds no block of keys, so it is not a thesis.", display)
    old = document.data.get(KEY)
    if KEY in document.data and old is not None and not isinstance(old, dict):
        _fail(
            "invalid_value",
            f"operating_model holds {old!r}, not a block of scores.",
            display,
            line=document.line_of((KEY,)),
            hint="Delete the operating_model line and run the scorecard again.",
        )
    edited = _edit(text, dict(old or {}), dict(scores), display)
    expected = {**document.data, KEY: {**(old or {}), **scores}}
    check, check_problems = read_yaml(edited, file=display)
    if check_problems or check is None or check.data != expected:
        _fail(
            "thesis_layout",
            "The scores could not be recorded without changing other parts of the thesis.",
            display,
            line=document.line_of((KEY,)),
            hint="Write operating_model as a block (one 'dimension: score' line each) and run "
            "again, or copy the scores in by hand.",
        )
    return edited


def _edit(text: str, old: dict[str, Any], scores: dict[str, int], display: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        _fail(
            "thesis_layout",
            "The thesis is written as one {...} block, which cannot be edited safely.",
            display,
            line=1,
            hint="Add the operating_model scores by hand.",
        )
    step = _indent_step(root)
    for key_node, value_node in root.value:
        if key_node.value != KEY:
            continue
        indent = " " * (key_node.start_mark.column + step)
        if isinstance(value_node, yaml.MappingNode) and not value_node.flow_style:
            return _edit_block(text, value_node, scores, newline)
        merged = {**old, **scores}
        return _replace_inline(text, key_node, value_node, merged, indent, newline, display)
    return _append_block(text, scores, " " * step, newline)


def _edit_block(text: str, block: yaml.MappingNode, scores: dict[str, int], newline: str) -> str:
    edits: list[tuple[int, int, str]] = []
    present = {k.value: v for k, v in block.value}
    for dimension, value in scores.items():
        if dimension in present:
            node = present[dimension]
            edits.append((node.start_mark.index, node.end_mark.index, str(value)))
    missing = [d for d in _ordered(scores) if d not in present]
    if missing:
        first_key = block.value[0][0]
        indent = " " * first_key.start_mark.column
        last_end = block.value[-1][1].end_mark.index
        line_end = text.find("\n", last_end)
        lines = "".join(f"{indent}{d}: {scores[d]}{newline}" for d in missing)
        if line_end == -1:
            edits.append((len(text), len(text), newline + lines.removesuffix(newline)))
        else:
            edits.append((line_end + 1, line_end + 1, lines))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _replace_inline(
    text: str,
    key_node: yaml.Node,
    value_node: yaml.Node,
    merged: dict[str, Any],
    indent: str,
    newline: str,
    display: str,
) -> str:
    """``operating_model: {...}`` or ``operating_model:`` (empty) -> a block of ``merged``."""
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if value_node.start_mark.line != key_node.start_mark.line and start != end:
        _fail(
            "thesis_layout",
            "operating_model's value starts on the line after the key, in a form that cannot be "
            "edited safely.",
            display,
            line=key_node.start_mark.line + 1,
            hint="Write it as a block (one 'dimension: score' line each), or delete it.",
        )
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if line_end > end and text[line_end - 1] == "\r":
        line_end -= 1  # keep the line's own CRLF
    rest = text[end:line_end].strip()
    block = newline.join(f"{indent}{scalar(k)}: {scalar(merged[k])}" for k in _ordered(merged))
    comment = f" {rest}" if rest.startswith("#") else ""
    return text[:start] + comment + newline + block + text[line_end:]


def _append_block(text: str, scores: dict[str, int], indent: str, newline: str) -> str:
    lines = [
        "",
        "# The Theory-Reality Gap scorecard, 1 (weak) to 5 (strong): valaudit scorecard.",
        f"{KEY}:",
        *(f"{indent}{d}: {scores[d]}" for d in _ordered(scores)),
    ]
    lead = "" if not text or text.endswith("\n") else newline
    return text + lead + newline.join(lines) + newline


def _ordered(scores: Mapping[str, Any]) -> list[str]:
    """The dimensions in the format's order, then any other keys as they came."""
    known = [d for d in OPERATING_MODEL_DIMENSIONS if d in scores]
    return known + [k for k in scores if k not in OPERATING_MODEL_DIMENSIONS]


def _indent_step(root: yaml.MappingNode) -> int:
    """How far the thesis indents a nested block (2 unless it says otherwise)."""
    for key_node, value_node in root.value:
        if (
            isinstance(value_node, yaml.MappingNode)
            and not value_node.flow_style
            and value_node.value
        ):
            step = value_node.value[0][0].start_mark.column - key_node.start_mark.column
            if step > 0:
                return int(step)
    return 2


def _fail(code: str, message: str, display: str, **where: Any) -> NoReturn:
    raise ScorecardInputError([Problem(code, message, display, **where)])


def check_recordable(path: Path, display: str) -> None:
    """Fail now, before twelve minutes of questions, if the scores could not be recorded."""
    thesis = read_thesis_text(path, display)
    record_scores(thesis.text, dict.fromkeys(OPERATING_MODEL_DIMENSIONS, 3), display)


def record_in_thesis(path: Path, display: str, scores: Mapping[str, int]) -> dict[str, Any]:
    """Record ``scores`` in the thesis file, read afresh (it may have been edited meanwhile).

    Returns the scores the thesis held before, so that the user can see what changed.
    """
    thesis = read_thesis_text(path, display)
    edited = record_scores(thesis.text, scores, display)
    document, _ = read_yaml(thesis.text, file=display)
    before = document.data.get(KEY) if document is not None else None
    write_thesis_text(path, thesis, edited)
    return dict(before) if isinstance(before, dict) else {}
