"""Composing a YAML text into a node graph: in C where that is safe, with nesting bounded.

Composing (text to a tree of nodes that keep their lines) is most of the cost of reading a
thesis. PyYAML's pure-Python composer takes ~1 ms per KPI; libyaml's, reached through
``yaml.CSafeLoader``, is over ten times faster. Two things keep the C path exactly as safe
and exactly as precise as the pure one:

- **Depth.** The pure composer below counts levels as it goes and stops at the limit with the
  line where the nesting went too deep. The C composer cannot be told a limit; it is used
  only when libyaml itself refuses nesting beyond a thousand levels (checked once per
  process), so it never recurses deep enough to exhaust the C stack, and its result is then
  checked against the limit by a walk over the node graph.
- **Messages.** Whenever the C path fails, or its graph is too deep, the text is composed
  again by the pure composer, whose errors (wording, hints and lines) are the ones valaudit
  reports. A thesis with a mistake is read twice; a good one once, in C.

Alias expansion is bounded later, by the walk that turns nodes into values: both composers
share an anchored node rather than copying it, so a "billion laughs" composes to a small
graph.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

#: libyaml's own nesting limit is 1,000 levels; a document this deep tells whether it has one.
_PROBE_DEPTH = 2_000


class TooComplex(Exception):
    """The document nests or expands beyond a limit; ``line`` is where (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class BadEscape(Exception):
    """A quoted text holds an escape that is not a character; ``line`` is where (1-based)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def compose(text: str, max_depth: int, *, use_c: bool = True) -> yaml.Node | None:
    """The node graph of the single document in ``text`` (None for an empty one).

    Raises :class:`TooComplex` beyond ``max_depth`` levels, :class:`BadEscape` for an escape
    that is not a character, and PyYAML's errors for text that is not YAML, always as the
    pure-Python composer raises them. ``use_c=False`` skips the C path (tests compare both).
    """
    if use_c and _c_composer_is_bounded():
        try:
            root = _compose_in_c(text)
        except _C_ERRORS:
            pass  # composed again below, for the pure composer's message and line
        else:
            if not _deeper_than(root, max_depth):
                return root
    return _compose_in_python(text, max_depth)


#: What the C composer raises for text it cannot compose: PyYAML's errors, and
#: UnicodeEncodeError (a ValueError) for a lone surrogate, which cannot be passed to libyaml.
_C_ERRORS = (yaml.YAMLError, ValueError, OverflowError, RecursionError)


#: Implicit tags already resolved: (node kind, text, implicit flags) -> tag.
_TAGS: dict[tuple[Any, str | None, Any], str] = {}
#: At most this many are kept, of texts at most this long: a process reads many theses.
_MAX_TAGS, _MAX_TAGGED_TEXT = 4_096, 64


class _CLoader(yaml.CSafeLoader):
    """CSafeLoader that works out each implicit tag once per process.

    libyaml parses in C, but asks this Python method for the tag of every node (is ``up``
    text? is ``80`` an integer?). Theses repeat the same keys and values over and over, and
    the answer depends on the node's kind, text and quoting alone (SafeLoader has no path
    resolvers), so it is remembered.
    """

    def resolve(self, kind: Any, value: str | None, implicit: Any) -> str:
        key = (kind, value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_TAGS) < _MAX_TAGS and (value is None or len(value) <= _MAX_TAGGED_TEXT):
                _TAGS[key] = tag
        return tag


def _compose_in_c(text: str) -> yaml.Node | None:
    loader = _CLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@functools.cache
def _c_composer_is_bounded() -> bool:
    """True when libyaml is installed and refuses nesting far beyond any thesis."""
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    probe = "[" * _PROBE_DEPTH + "]" * _PROBE_DEPTH
    try:
        _compose_in_c(probe)
    except yaml.YAMLError:
        return True
    return False


def _deeper_than(root: yaml.Node | None, max_depth: int) -> bool:
    """Whether the pure composer would find a node more than ``max_depth`` levels below the
    root.

    It counts levels in document order, so an anchored node counts at its anchor; an alias
    (a node met again, possibly inside itself) counts at its own level but is not entered.
    So collections are entered here in document order (a stack, children pushed last to
    first), and each one entered only once; every child of a collection at ``level`` sits at
    ``level + 1``, whatever it is.
    """
    if not isinstance(root, yaml.CollectionNode):
        return False
    entered: set[int] = set()
    stack: list[tuple[yaml.CollectionNode, int]] = [(root, 0)]
    while stack:
        node, level = stack.pop()
        if id(node) in entered:
            continue  # an alias: its level was checked with its parent's children
        entered.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value
        if children and level + 1 > max_depth:
            return True
        for child in reversed(children):
            if isinstance(child, yaml.CollectionNode):
                stack.append((child, level + 1))
    return False


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses to nest deeper than a limit.

    PyYAML composes nodes recursively, so ``[[[[...]]]]`` a few thousand levels deep ends in
    a RecursionError deep inside PyYAML. Counting levels here stops it at the limit, with the
    line where the nesting went too deep.
    """

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        self.max_depth = max_depth
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > self.max_depth + 1:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise TooComplex(
                    f"The thesis is nested more than {self.max_depth} levels deep.", mark.line + 1
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose_in_python(text: str, max_depth: int) -> yaml.Node | None:
    loader = _BoundedLoader(text, max_depth)
    try:
        return loader.get_single_node()
    except (ValueError, OverflowError) as error:
        # PyYAML's scanner turns "\U99999999" in a quoted string into chr() without a range
        # check; report it where the scanner stopped.
        raise BadEscape(str(error), loader.line + 1) from None
    finally:
        loader.dispose()
