"""Property tests for the safe YAML reader.

Valid documents read back to the values that were dumped, with the line of every top-level
key; broken and hostile texts never raise, and every problem is either located on a line of
the text or about the file as a whole.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from valaudit.limits import MAX_ABS_VALUE
from valaudit.load.yaml_reader import read_yaml

keys = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18),
    # Not YAML's extra line breaks (NEL, LS, PS): PyYAML's own dump does not keep them. Not
    # surrogates: a lone one is not text a thesis can hold (tests/load/test_yaml_reader.py).
    st.text(
        st.characters(exclude_characters="\x85\u2028\u2029", exclude_categories=("Cs",)),
        max_size=20,
    ),
    st.dates().map(lambda d: d.isoformat()),
)
documents = st.dictionaries(
    keys,
    st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4)
        ),
        max_leaves=12,
    ),
    min_size=1,
    max_size=6,
)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@given(document=documents, flow=st.sampled_from([False, None]), indent=st.integers(2, 6))
def test_valid_documents_read_back_with_their_key_lines(
    document: dict[str, Any], flow: bool | None, indent: int
) -> None:
    text = yaml.safe_dump(
        document, default_flow_style=flow, indent=indent, sort_keys=False, allow_unicode=True
    )
    read, problems = read_yaml(text, file="valaudit.yaml")
    assert problems == []
    assert read is not None and same(read.data, document)
    if flow is not False:
        return  # a flow document ({a: 1, b: 2}) may hold every key on one line
    lines = text.splitlines()
    for key in document:
        line = read.lines[(key,)]
        assert lines[line - 1].startswith((f"{key}:", f"'{key}':")), (key, line)


_BREAKERS = st.sampled_from(
    [
        "\t",
        ":",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        '"',
        "'",
        "&a ",
        "*a",
        "*b",
        "&b ",
        "<<: *a",
        "!!python/object/apply:os.system ['ls']",
        "!!binary x",
        "!!float x",
        "!!timestamp x",
        "2025-02-30",
        "1e400",
        "1.0e+400",
        ".nan",
        "-.inf",
        "9" * 30,
        "---",
        "...",
        "%YAML 1.1",
        "? ",
        "|",
        ">",
        "\n",
        "\n  ",
        "#",
        "\x00",
        "\ufeff",
        "\u2028",
        "@",
        "`",
        "key: value",
        "key: value\nkey: again",
        "~",
        "0o777",
        "0x1F",
        "12:30:00",
        "[[[[[[[[",
        "{a: {b: {c: ",
    ]
)


@st.composite
def broken_texts(draw: st.DrawFn) -> str:
    """A valid document with pieces cut out and junk put in, or plain noise."""
    if draw(st.booleans()):
        return draw(st.text(max_size=200))
    text = yaml.safe_dump(draw(documents), default_flow_style=draw(st.sampled_from([False, None])))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + text[at + draw(st.integers(0, 10)) :]
        text = text[:at] + draw(_BREAKERS) + text[at:]
    return text


@given(text=broken_texts())
def test_broken_texts_never_raise_and_problems_are_located(text: str) -> None:
    read, problems = read_yaml(text, file="valaudit.yaml")
    # YAML also breaks lines at NEL, LS and PS; an error may point just past the last line.
    line_count = sum(text.count(c) for c in "\n\r\x85\u2028\u2029") + 2
    for problem in problems:
        assert problem.code.startswith(("yaml_", "thesis_")), problem
        assert problem.message
        assert problem.line is None or 1 <= problem.line <= line_count, (problem, line_count)
    if read is None:
        assert problems  # nothing read is always explained
    else:
        _assert_plain(read.data)


def _assert_plain(value: Any) -> None:
    """Only JSON-like values come out: nothing a tag could have constructed."""
    if isinstance(value, dict):
        assert all(isinstance(k, str) for k in value)
        for item in value.values():
            _assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item)
    else:
        assert value is None or isinstance(value, bool | int | float | str), type(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert math.isfinite(value) and abs(value) <= MAX_ABS_VALUE


@given(depth=st.integers(33, 1500), kind=st.sampled_from(["flow list", "flow map", "block"]))
def test_deep_nesting_is_refused_with_a_line(depth: int, kind: str) -> None:
    if kind == "flow list":
        text = "a: " + "[" * depth + "]" * depth
    elif kind == "flow map":
        text = "a: " + "{b: " * depth + "1" + "}" * depth
    else:
        depth = min(depth, 200)  # each level indents one more space: keep the text small
        text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "1\n"
    read, problems = read_yaml(text, file="valaudit.yaml")
    assert read is None
    assert [p.code for p in problems] == ["yaml_too_complex"]
    assert problems[0].line is not None


@given(width=st.integers(1, 12), levels=st.integers(1, 12), limit=st.integers(10, 5000))
def test_alias_expansion_is_bounded_exactly(width: int, levels: int, limit: int) -> None:
    """Aliases count as often as they are expanded: refused exactly when over the limit.

    (The limit is drawn small to keep examples fast; tests/test_security.py runs a billion
    laughs against the default of MAX_YAML_NODES.)
    """
    lines = ["a0: &a0 [x, y]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    read, problems = read_yaml("\n".join(lines), file="valaudit.yaml", max_nodes=limit)
    sizes = [3]  # a0 is a list and its two items
    for _ in range(levels):
        sizes.append(1 + width * sizes[-1])
    expanded = 1 + sum(sizes)  # the root mapping and every key's value, aliases expanded
    if expanded > limit:
        assert read is None and [p.code for p in problems] == ["yaml_too_complex"]
    else:
        assert read is not None and problems == []
