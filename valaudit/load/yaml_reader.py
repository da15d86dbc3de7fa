"""Safe YAML reading that remembers where every key came from.

PyYAML's safe loader loses line numbers once it builds Python objects, yet every error a
user sees must name its line. So the document is first *composed* (a node tree that keeps
marks, with aliases shared rather than expanded; :mod:`valaudit.load.yaml_compose`) and then
walked here into plain JSON-like
values, recording the line of each key path. The walk is where YAML's dangerous corners are
closed: alias expansion and nesting depth are bounded, duplicate keys are errors (PyYAML
silently keeps the last one), and only plain scalar types are accepted.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from valaudit import limits
from valaudit.errors import Problem
from valaudit.load.yaml_compose import BadEscape, TooComplex, compose

KeyPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass(frozen=True)
class YamlDocument:
    """A YAML document as plain values plus the 1-based line of every key path."""

    data: Any
    lines: dict[KeyPath, int]
    unreadable: frozenset[KeyPath] = frozenset()
    """Paths whose value was reported as unreadable (and replaced by null)."""

    def line_of(self, path: KeyPath) -> int:
        """Line of ``path``, or of its nearest ancestor that has one (line 1 at worst)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def format_path(path: KeyPath) -> str:
    """``('kpis', 2, 'target')`` -> ``kpis[2].target``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _problem(
    file: str,
    code: str,
    message: str,
    line: int | None,
    hint: str | None = None,
    path: KeyPath | None = None,
) -> Problem:
    return Problem(
        code=code,
        message=message,
        file=file,
        line=line,
        path=format_path(path) if path is not None else None,
        hint=hint,
    )


class _Walker:
    def __init__(self, file: str, max_nodes: int, max_depth: int) -> None:
        self.file = file
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.nodes = 0
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.unreadable: set[KeyPath] = set()
        self._constructor = yaml.SafeLoader("")

    def walk(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise TooComplex(
                f"The thesis expands to more than {self.max_nodes:,} values. This happens when "
                "YAML anchors and aliases (&name, *name) refer to each other over and over.",
                node.start_mark.line + 1,
            )
        if depth > self.max_depth:
            raise TooComplex(
                f"The thesis is nested more than {self.max_depth} levels deep (or an alias refers "
                "to itself).",
                node.start_mark.line + 1,
            )
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_COLLECTION_TAGS:
            # Safe loading would refuse it too; say so rather than quietly dropping the tag.
            self.problems.append(
                _problem(
                    self.file,
                    "yaml_bad_value",
                    f"The tag {node.tag!r} is not allowed in a thesis: only plain lists and "
                    "blocks of keys are.",
                    node.start_mark.line + 1,
                    "Remove the '!!' tag.",
                    path,
                )
            )
            self.unreadable.add(path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                item_path = (*path, index)
                self.lines.setdefault(item_path, item.start_mark.line + 1)
                result.append(self.walk(item, item_path, depth + 1))
            return result
        try:
            return self._scalar(node, path)
        except _BadValue as error:
            self.problems.append(
                _problem(self.file, "yaml_bad_value", str(error), error.line, error.hint, path=path)
            )
            self.unreadable.add(path)
            return None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    _problem(
                        self.file,
                        "yaml_merge_key",
                        "YAML merge keys ('<<') are not supported in a thesis.",
                        line,
                        "Write the keys out in full.",
                        path,
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or map"
                self.problems.append(
                    _problem(
                        self.file,
                        "yaml_bad_key",
                        f"The key {shown!r} is not a name: keys must be text such as 'target'.",
                        line,
                        "Put the key in quotes if it really is a name.",
                        path,
                    )
                )
                continue
            key = _whole_characters(key_node.value)
            if key is None:
                message, hint = _half_character(key_node.value, "key")
                self.problems.append(
                    _problem(self.file, "yaml_bad_value", message, line, hint, path)
                )
                continue
            key_path = (*path, key)
            if key in result:
                self.problems.append(
                    _problem(
                        self.file,
                        "yaml_duplicate_key",
                        f"The key '{key}' appears twice in the same block (first on line "
                        f"{first_line[key]}, again on line {line}); only one can count.",
                        line,
                        "Delete one of the two, or merge them.",
                        key_path,
                    )
                )
                continue
            first_line[key] = line
            self.lines[key_path] = line
            result[key] = self.walk(value_node, key_path, depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        if node.tag == _STR_TAG and isinstance(node.value, str):
            # What SafeLoader constructs for text: the node's own value (most of a thesis's
            # scalars are text; the constructor's bookkeeping costs more than that).
            text = _whole_characters(node.value)
            if text is None:
                message, hint = _half_character(node.value, "value")
                raise _BadValue(message, node.start_mark.line + 1, hint)
            return text
        try:
            value = self._constructor.construct_object(node, deep=True)
        except _CONSTRUCTOR_ERRORS as error:
            # PyYAML's constructors raise more than YAMLError for a bad scalar: ValueError for
            # 2025-02-30 or a 5,000-digit integer, AttributeError for '!!timestamp x'.
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise _BadValue(
                    f"{_clip(node.value)} is not a real date ({_first_line(str(error))}).",
                    node.start_mark.line + 1,
                    "Check the day and month: dates are written YYYY-MM-DD.",
                ) from None
            raise _BadValue(
                f"The value {_clip(node.value)} cannot be read: {_first_line(str(error))}",
                node.start_mark.line + 1,
            ) from None
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            raise _BadValue(
                f"The value {_clip(node.value)} is not a finite number.", node.start_mark.line + 1
            )
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and abs(value) > limits.MAX_ABS_VALUE:
            # Larger integers overflow floats in the analysis; no KPI or amount is this big.
            raise _BadValue(
                f"The number {_clip(node.value)} is too large: numbers in a thesis are at "
                f"most ±{limits.MAX_ABS_VALUE:.0e}.",
                node.start_mark.line + 1,
            )
        if isinstance(value, str):
            text = _whole_characters(value)
            if text is None:
                message, hint = _half_character(value, "value")
                raise _BadValue(message, node.start_mark.line + 1, hint)
            return text
        if isinstance(value, bool | int | float) or value is None:
            return value
        raise _BadValue(
            f"The value {_clip(node.value)} has a type ({type(value).__name__}) a thesis cannot "
            "hold.",
            node.start_mark.line + 1,
        )


class _BadValue(Exception):
    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(text: str) -> str | None:
    """``text`` with each pair of ``\\u`` escapes that spells one character (``"\\ud83d\\ude80"``,
    as JSON writers escape an emoji) joined into that character, as ``json.loads`` does;
    None when one of them is half a character on its own (a lone surrogate), which no
    output can hold."""
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return None


def _half_character(text: str, what: str) -> tuple[str, str]:
    """The message and hint for a key or value holding a lone surrogate."""
    half = next(m.group() for m in _SURROGATE.finditer(_pair_free(text)))
    return (
        f"The {what} {_clip(text)} holds the escape \\u{ord(half):04x}, which is half of a "
        "character (the other half of the pair is missing), so it cannot be shown or saved.",
        "Write the character itself, or the whole pair of escapes (\\ud83d\\ude80 for a "
        "rocket), or one long escape (\\U0001F680).",
    )


def _pair_free(text: str) -> str:
    """``text`` without its whole surrogate pairs (so only the lone halves are left)."""
    return re.sub("[\ud800-\udbff][\udc00-\udfff]", "", text)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else text


def _clip(value: object) -> str:
    """A scalar as quoted in a message: a 5,000-digit number is shown by its start."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: What PyYAML's SafeConstructor raises for a scalar it cannot build.
_CONSTRUCTOR_ERRORS = (
    yaml.YAMLError,
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    OverflowError,
)


_SYNTAX_HINTS = (
    ("character '\\t' that cannot start", "YAML indentation must use spaces, not tab characters."),
    (
        "that cannot start any token",
        "Text that starts with @, ` or another special character must be in quotes, e.g. "
        'owner: "@jane".',
    ),
    (
        "expected <block end>",
        "Check the indentation: every key of one block starts in the same column, and a "
        "list item ('- ') is indented under its key.",
    ),
    (
        "mapping values are not allowed",
        "Put text that contains ': ' in quotes, and check the indentation.",
    ),
    ("could not find expected ':'", "Each key needs a colon after it, e.g. 'target: 80'."),
    (
        "did not find expected key",
        "Check the indentation of this block: keys of one block line up.",
    ),
    ("expected a single document", "A thesis is one YAML document: remove the extra '---' line."),
    ("found undefined alias", "An alias (*name) must refer to an anchor (&name) defined above it."),
)


#: The parser's reasons, in words: (a piece of PyYAML's wording, what it means, how to fix it).
#: The parser's own wording follows in brackets, for whoever knows YAML.
_PLAIN_REASONS = (
    (
        "expected ',' or ']'",
        "a list in square brackets ('[') is not closed, or two of its items lack a comma "
        "between them",
        "Close the list with ']' and separate its items with commas, e.g. 'tags: [erp, finance]'.",
    ),
    (
        "expected ',' or '}'",
        "a mapping in curly brackets ('{') is not closed, or two of its entries lack a comma "
        "between them",
        "Close it with '}' and separate its entries with commas, e.g. "
        "'{id: csat, stage: customer}'.",
    ),
    (
        "while scanning a quoted scalar",
        "a quoted text is never closed",
        "Close the text with the same quote it opens with (\" or ').",
    ),
    (
        "'<stream end>'",
        "the file ends in the middle of an entry",
        "Finish the last entry, or check that the whole file was saved.",
    ),
)


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    """A parser error in words: what is wrong, where, and how to fix it.

    For something left open (a bracket, a quote), the line given is the one where it opened:
    where the parser gave up — often the end of the file — says little about where to look.
    """
    reason = " ".join(part for part in (error.context, error.problem) if part)
    plain = next(((words, fix) for needle, words, fix in _PLAIN_REASONS if needle in reason), None)
    opened = error.context_mark if plain is not None else None
    mark = opened or error.problem_mark or error.context_mark
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in reason), None)
    message = f"The file is not valid YAML: {reason}."
    if plain is not None:
        message = f"The file is not valid YAML: {plain[0]} (the YAML reader says: {reason})."
        hint = hint or plain[1]
    return _problem(file, "yaml_syntax", message, mark.line + 1 if mark else None, hint)


def read_yaml(
    text: str,
    *,
    file: str,
    max_nodes: int = limits.MAX_YAML_NODES,
    max_depth: int = limits.MAX_YAML_DEPTH,
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML document safely; return it with its key lines, or the problems found.

    ``file`` is the file the text came from, as the user named it: every problem is in it.

    Problems inside an otherwise readable document (duplicate keys, merge keys) come back
    alongside the document so that every one can be reported at once.
    """
    try:
        root = compose(text, max_depth)
    except TooComplex as error:
        return None, [_problem(file, "yaml_too_complex", str(error), error.line)]
    except RecursionError:
        return None, [_problem(file, "yaml_too_complex", "The thesis is nested too deeply.", None)]
    except BadEscape as error:
        return None, [
            _problem(
                file,
                "yaml_syntax",
                f"The file is not valid YAML: a quoted text holds an escape sequence that is not "
                f"a character ({_first_line(str(error))}).",
                error.line,
                "Check the backslashes in double-quoted text, or use single quotes.",
            )
        ]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(file, error)]
    except yaml.YAMLError as error:
        return None, [_problem(file, "yaml_syntax", f"The file is not valid YAML: {error}.", None)]
    if root is None:
        return None, [
            _problem(
                file,
                "thesis_empty",
                "The thesis file is empty.",
                None,
                "Start from a template: valaudit init FOLDER.",
            )
        ]
    walker = _Walker(file, max_nodes, max_depth)
    try:
        data = walker.walk(root, (), 0)
    except TooComplex as error:
        return None, [_problem(file, "yaml_too_complex", str(error), error.line)]
    except RecursionError:
        return None, [_problem(file, "yaml_too_complex", "The thesis is nested too deeply.", None)]
    walker.lines.setdefault((), 1)
    document = YamlDocument(data=data, lines=walker.lines, unreadable=frozenset(walker.unreadable))
    return document, walker.problems
