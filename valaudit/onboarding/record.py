"""Recording scorecard scores in a thesis without disturbing anything else in it.

A thesis is a hand-edited document: its comments, order, quoting and blank lines are the
user's. ruamel.yaml's round trip edits a YAML document and keeps its comments, but it writes
the whole document in its own layout: ``~`` comes back empty, ``True`` as ``true``, aligned
values and plain text over several lines closed up, trailing spaces dropped (ruamel.yaml 0.19).
So ruamel.yaml makes the edit, and only the lines of the ``operating_model`` block are taken
from what it writes; every other line is copied from the file byte for byte:

- a score already present is replaced where it stands (its line's comment stays; the block's
  other lines keep their layout);
- a missing dimension gets a new line at the end of the block;
- ``operating_model: {}`` (the template's "not scored yet"), a ``{...}``, an empty value or an
  alias (``*name``) becomes a block, keeping the scores it had;
- no ``operating_model:`` at all: the block is appended at the end of the file.

The edited text is read back with the reader the audit uses and must hold exactly the old
document with the new scores, and the block the same comments; otherwise nothing is written.
Line endings and the file's encoding (UTF-8 with or without a byte-order mark, UTF-16,
Windows-1252: see :mod:`valaudit.load.yaml_file`) are kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, NoReturn

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from valaudit import limits
from valaudit.errors import Problem
from valaudit.load.yaml_file import FileTooLarge, TextFile, read_text_file
from valaudit.load.yaml_reader import YamlDocument, read_yaml
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.errors import ScorecardInputError
from valaudit.output import write_atomic

KEY = "operating_model"
_APPENDED_COMMENT = (
    "# The Theory-Reality Gap scorecard, 1 (weak) to 5 (strong): valaudit scorecard."
)
#: One line and its line break, as YAML counts lines (so that YAML line numbers index them).
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+"
)
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
#: Lines that close a block without being part of it: blank, comment, document markers.
_FILLER = re.compile(r"\s*(#.*)?|(---|\.\.\.)(\s.*)?", re.DOTALL)
#: A comment on a line: a ``#`` at the start or after a space.
_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


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
    document = _read_document(text, display)
    tree = _round_trip(text, display)
    lines = _LINE.findall(text)
    start, end = _block_span(lines, document)
    old_block = [line.rstrip(_LINE_BREAKS) for line in lines[start:end]]
    block = _new_block(tree, old_block, dict(scores))
    if _comments(block) != _comments(old_block):
        _fail_layout(document, display)
    if not old_block:
        block = ["", _margin(tree) + _APPENDED_COMMENT, *block]
    edited = _splice(lines, start, end, block, newline="\r\n" if "\r\n" in text else "\n")
    check, check_problems = read_yaml(edited, file=display)
    expected = {**document.data, KEY: {**(document.data.get(KEY) or {}), **scores}}
    if check_problems or check is None or check.data != expected:
        _fail_layout(document, display)
    return edited


def _new_block(tree: CommentedMap, old_block: list[str], scores: dict[str, int]) -> list[str]:
    """The lines of ``operating_model`` with ``scores`` recorded, as ruamel.yaml writes them."""
    indent, margin = _indent_step(tree), _margin(tree)
    in_place = _is_plain_block(tree.get(KEY))
    as_laid_out = _block_of(_dump(tree, indent), margin) if in_place else []
    _set_scores(tree, scores)
    rewritten = _block_of(_dump(tree, indent), margin)
    return _keep_untouched_lines(old_block, as_laid_out, rewritten) if in_place else rewritten


def _splice(lines: list[str], start: int, end: int, block: list[str], newline: str) -> str:
    """``lines`` with ``lines[start:end]`` replaced by ``block`` (ended with ``newline``)."""
    body = "".join(line + newline for line in block)
    if lines and end == len(lines) and not lines[-1].endswith(tuple(_LINE_BREAKS)):
        if start < end:
            body = body.removesuffix(newline)  # the file ended without a line break; so it does
        else:
            lines = [*lines[:-1], lines[-1] + newline]  # the block goes after the last line
    return "".join(lines[:start]) + body + "".join(lines[end:])


def _fail_layout(document: YamlDocument, display: str) -> NoReturn:
    _fail(
        "thesis_layout",
        "The scores could not be recorded without changing other parts of the thesis.",
        display,
        line=document.line_of((KEY,)),
        hint="Write operating_model as a block (one 'dimension: score' line each) and run "
        "again, or copy the scores in by hand.",
    )


def _read_document(text: str, display: str) -> YamlDocument:
    """The thesis as the audit reads it; refused with located problems if it is not one."""
    document, problems = read_yaml(text, file=display)
    if problems or document is None:
        raise ScorecardInputError(
            [replace(p, path=None) for p in problems]
            or [Problem("thesis_empty", "The thesis is empty.", display)]
        )
    if not isinstance(document.data, dict):
        _fail("not_a_thesis", "The file holds no block of keys, so it is not a thesis.", display)
    old = document.data.get(KEY)
    if old is not None and not isinstance(old, dict):
        _fail(
            "invalid_value",
            f"operating_model holds {old!r}, not a block of scores.",
            display,
            line=document.line_of((KEY,)),
            hint="Delete the operating_model line and run the scorecard again.",
        )
    return document


def _round_trip(text: str, display: str) -> CommentedMap:
    """The thesis as ruamel.yaml's editable tree (comments attached)."""
    try:
        tree = _yaml().load(text)
    except YAMLError as error:  # YAML 1.2 reads a few 1.1 texts differently (U+0085 breaks)
        mark = getattr(error, "problem_mark", None)
        _fail(
            "thesis_layout",
            "The thesis is valid, but the editor that keeps its comments reads this line "
            f"differently: {getattr(error, 'problem', None) or error}.",
            display,
            line=mark.line + 1 if mark is not None else None,
            hint="Rewrite that line in plain 'key: value' form, or copy the scores in by hand.",
        )
    except NotImplementedError:  # ruamel.yaml 0.19 cannot place some comments (valid YAML)
        _fail(
            "thesis_layout",
            "The thesis is valid, but its comments are laid out in a way the editor that keeps "
            "them cannot follow (a lone '|' or '>' line, for example).",
            display,
            hint="Copy the scores in by hand.",
        )
    if not isinstance(tree, CommentedMap) or tree.fa.flow_style():
        _fail(
            "thesis_layout",
            "The thesis is written as one {...} block, which cannot be edited safely.",
            display,
            line=1,
            hint="Add the operating_model scores by hand.",
        )
    return tree


def _set_scores(tree: CommentedMap, scores: dict[str, int]) -> None:
    """Record ``scores`` in ``tree``: in the block where it stands, else in a fresh block."""
    block = tree.get(KEY)
    if not _is_plain_block(block):
        # {}, {...}, empty or an alias: a fresh block (an anchor's own text stays as it was).
        merged = {**dict(block or {}), **scores}
        tree[KEY] = CommentedMap((k, merged[k]) for k in _ordered(merged))
        _move_trailing_comments(tree, KEY, tree[KEY])
        return
    for dimension in scores.keys() & block.keys():
        block[dimension] = scores[dimension]
    missing = [d for d in _ordered(scores) if d not in block]
    if missing:
        owner, last = _last_line(block)
        for dimension in missing:
            block[dimension] = scores[dimension]
        _move_trailing_comments(owner, last, block)


def _is_plain_block(block: Any) -> bool:
    """A block mapping of its own (not flow style, not empty, neither anchor nor alias)."""
    return (
        isinstance(block, CommentedMap)
        and bool(block)
        and not block.fa.flow_style()
        and block.anchor.value is None
    )


def _last_line(block: CommentedMap) -> tuple[CommentedMap | CommentedSeq, Any]:
    """The collection and key (or index) whose value ends ``block``'s last line."""
    owner: CommentedMap | CommentedSeq = block
    key: Any = next(reversed(block))
    while _is_nested_block(owner[key]):
        owner = owner[key]
        key = next(reversed(owner)) if isinstance(owner, CommentedMap) else len(owner) - 1
    return owner, key


def _move_trailing_comments(owner: CommentedMap | CommentedSeq, key: Any, to: CommentedMap) -> None:
    """Move the comment lines after ``owner[key]``'s line to after ``to``'s last key.

    ruamel.yaml attaches the blank and comment lines that follow a block (typically the
    heading of the next section) to the line before them; keys added after that line would
    otherwise land below the heading. The line keeps its own end-of-line comment.
    """
    slot = owner.ca.items.get(key)
    place = 0 if isinstance(owner, CommentedSeq) else 2  # where ruamel.yaml keeps them
    token = slot[place] if slot is not None else None
    if token is None:
        return
    own, _, rest = token.value.partition("\n")
    if not rest:
        return
    moved = token.__class__(token.value, token.start_mark, token.end_mark)
    if own:
        token.value, moved.value = own + "\n", "\n" + rest
    else:
        slot[place] = None
    to.ca.items[next(reversed(to))] = [None, None, moved, None]


def _margin(tree: CommentedMap) -> str:
    """The indentation of the file's top-level keys (none, unless the whole file is indented)."""
    column: int = tree.lc.key(next(iter(tree)))[1]
    return " " * column


def _is_nested_block(value: Any) -> bool:
    return (
        isinstance(value, CommentedMap | CommentedSeq) and bool(value) and not value.fa.flow_style()
    )


def _block_of(rewritten: str, margin: str) -> list[str]:
    """The ``operating_model`` lines of ruamel.yaml's text, indented as the file's top level."""
    document, _ = read_yaml(rewritten, file="(rewritten)")  # valaudit's own text: no problems
    lines = _LINE.findall(rewritten)
    start, end = _block_span(lines, document) if document is not None else (0, 0)
    return [
        (margin if line.strip() else "") + line.rstrip(_LINE_BREAKS) for line in lines[start:end]
    ]


def _keep_untouched_lines(
    old_block: list[str], as_laid_out: list[str], rewritten: list[str]
) -> list[str]:
    """``rewritten``, with the lines the edit did not change copied from the file.

    ruamel.yaml lays out every line it writes its own way (``a:   1`` becomes ``a: 1``).
    When its layout of the unedited block has as many lines as the file's, they correspond
    one to one, and a line the edit left alone is taken from the file as it was.
    """
    if len(old_block) != len(as_laid_out):
        return rewritten
    matcher = SequenceMatcher(None, as_laid_out, rewritten, autojunk=False)
    kept: list[str] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        kept += old_block[old_start:old_end] if tag == "equal" else rewritten[new_start:new_end]
    return kept


def _block_span(lines: list[str], document: YamlDocument) -> tuple[int, int]:
    """The 0-based range of lines holding ``operating_model`` (the file's end if it has none).

    The block runs from its key's line to the next top-level key's, less the blank, comment
    and document-marker lines before that key (they introduce what follows).
    """
    if KEY not in document.data:
        return len(lines), len(lines)
    start = document.lines[(KEY,)] - 1
    later = (document.lines[(key,)] - 1 for key in document.data)
    end = min((line for line in later if line > start), default=len(lines))
    while end > start + 1 and _FILLER.fullmatch(lines[end - 1].rstrip(_LINE_BREAKS)):
        end -= 1
    return start, end


def _comments(lines: list[str]) -> list[str]:
    """The comments on ``lines``, in order (a block must keep every one, exactly once)."""
    found = (_COMMENT.search(line.rstrip(_LINE_BREAKS)) for line in lines)
    return [match.group(1).rstrip() for match in found if match]


def _yaml(indent: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line
    yaml.indent(mapping=indent)
    return yaml


def _dump(tree: CommentedMap, indent: int) -> str:
    out = io.StringIO()
    _yaml(indent).dump(tree, out)
    return out.getvalue()


def _ordered(scores: Mapping[str, Any]) -> list[str]:
    """The dimensions in the format's order, then any other keys as they came."""
    known = [d for d in OPERATING_MODEL_DIMENSIONS if d in scores]
    return known + [k for k in scores if k not in OPERATING_MODEL_DIMENSIONS]


def _indent_step(tree: CommentedMap) -> int:
    """How far the block is indented: as it is already, else as the thesis indents blocks."""
    keys = [KEY, *(key for key in tree if key != KEY)]
    for key in keys:
        value = tree.get(key)
        if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
            step = value.lc.key(next(iter(value)))[1] - tree.lc.key(key)[1]
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
