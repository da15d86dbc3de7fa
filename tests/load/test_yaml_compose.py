"""The C composer gives what the pure-Python one gives: values, lines, limits and errors.

valaudit composes a thesis with libyaml when it can (yaml_compose.py) and falls back to the
pure composer for every failure, so that the errors a user sees keep their wording and line.
These tests read texts both ways and compare everything a caller gets back. The one
difference allowed: libyaml reads a few texts that YAML allows and PyYAML's pure scanner
refuses as a syntax error (a tab before a key's colon, ``? `` inside a flow list).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.load.test_yaml_properties import broken_texts, documents
from valaudit.load import yaml_compose
from valaudit.load.yaml_reader import read_yaml

pytestmark = pytest.mark.skipif(
    not yaml_compose._c_composer_is_bounded(), reason="libyaml with a nesting limit is not here"
)


def read_both_ways(text: str, **limits: int) -> tuple[Any, Any]:
    fast = read_yaml(text, file="valaudit.yaml", **limits)
    with mock.patch.object(yaml_compose, "_c_composer_is_bounded", return_value=False):
        pure = read_yaml(text, file="valaudit.yaml", **limits)
    return fast, pure


def assert_same(text: str, *, pure_may_refuse: bool = False, **limits: int) -> None:
    (fast_document, fast_problems), (pure_document, pure_problems) = read_both_ways(text, **limits)
    if pure_may_refuse and pure_document is None and fast_document is not None:
        assert [p.code for p in pure_problems] == ["yaml_syntax"]
        return
    assert fast_problems == pure_problems
    if pure_document is None:
        assert fast_document is None
    else:
        assert fast_document is not None
        assert repr(fast_document.data) == repr(pure_document.data)  # 1 and 1.0, True and 1
        assert fast_document.lines == pure_document.lines
        assert fast_document.unreadable == pure_document.unreadable


@given(document=documents, flow=st.sampled_from([False, None, True]), indent=st.integers(2, 6))
def test_valid_documents_read_the_same_both_ways(
    document: dict[str, Any], flow: bool | None, indent: int
) -> None:
    assert_same(yaml.safe_dump(document, default_flow_style=flow, indent=indent, width=40))


@pytest.mark.parametrize(
    ("text", "data"),
    [("a\t: 1", {"a": 1}), ("a: [x? 6]", {"a": ["x? 6"]}), ("{a? b: 1}", {"a? b": 1})],
    ids=["tab-before-colon", "question-mark-in-flow-list", "question-mark-in-flow-key"],
)
def test_libyaml_reads_what_yaml_allows_and_the_pure_scanner_refused(
    text: str, data: object
) -> None:
    (fast_document, fast_problems), (pure_document, pure_problems) = read_both_ways(text)
    assert fast_problems == [] and fast_document is not None and fast_document.data == data
    assert pure_document is None and [p.code for p in pure_problems] == ["yaml_syntax"]


@given(text=broken_texts())
def test_broken_texts_read_the_same_both_ways(text: str) -> None:
    assert_same(text, pure_may_refuse=True)


def nested(levels: int, inner: str = "1") -> str:
    return "[" * levels + inner + "]" * levels


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"a: {nested(31)}", id="at-the-limit"),
        pytest.param(f"a: {nested(32)}", id="one-past-the-limit"),
        pytest.param(f"a: 1\nb:\n  - {nested(40)}", id="deep-on-line-3"),
        pytest.param(f"? {nested(40)}\n: 1", id="deep-key"),
        pytest.param(f"a: !!set {{x: {nested(40)}}}", id="deep-inside-a-tag"),
        pytest.param(f"a: &x {nested(20)}\nb: {nested(20, '*x')}", id="deep-through-an-alias"),
        pytest.param(f"a: &x {nested(31, '[]')}\nb: *x", id="anchor-at-the-limit"),
        pytest.param(f"a: {nested(31, '&x [1]')}\nb: *x", id="alias-shallower-than-anchor"),
        pytest.param("a: &x [1, *x]", id="alias-inside-itself"),
        pytest.param(f"a: {nested(31, '*x')}", id="undefined-alias-deep"),
        pytest.param("a: &x [1]\nb: {<<: *x}", id="merge-key"),
        pytest.param('a: "\\U99999999"', id="escape-that-is-no-character"),
        pytest.param("a:\n\tb: 1", id="tab"),
        pytest.param("a: 1\x00", id="control-character"),
        pytest.param('a: "\ud800"', id="lone-surrogate"),
        pytest.param("a: 1\n---\nb: 2", id="two-documents"),
        pytest.param("", id="empty"),
    ],
)
def test_limits_and_errors_are_the_same_both_ways(text: str) -> None:
    assert_same(text)


def test_alias_expansion_is_bounded_the_same_both_ways() -> None:
    text = "a: &a [x, y]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]"
    assert_same(text, max_nodes=20)
    assert_same(text, max_nodes=30)


def test_a_good_thesis_is_composed_once_and_a_bad_one_again_by_the_pure_composer() -> None:
    """The fast path is taken: the pure composer only runs to word an error."""
    with mock.patch.object(
        yaml_compose, "_compose_in_python", wraps=yaml_compose._compose_in_python
    ) as pure:
        read_yaml("valaudit: 1\nkpis:\n  - {id: a, stage: adoption}\n", file="valaudit.yaml")
        assert pure.call_count == 0
        read_yaml("valaudit: 1\nkpis: [\n", file="valaudit.yaml")
        assert pure.call_count == 1
        read_yaml(f"a: {nested(40)}", file="valaudit.yaml")
        assert pure.call_count == 2


def test_the_same_text_keeps_the_type_its_quoting_gives_it() -> None:
    """Tags are remembered per text and quoting: a quoted '80' read after a plain 80 (and
    the other way round) is still text, and a plain one still a number."""
    text = 'a: 80\nb: "80"\nc: 80\nd: "80"\ne: [yes, "no", no]\nf: "2025-01-01"\ng: 2025-01-01\n'
    for _ in range(2):
        document, problems = read_yaml(text, file="valaudit.yaml")
        assert problems == [] and document is not None
        assert document.data == {
            "a": 80,
            "b": "80",
            "c": 80,
            "d": "80",
            "e": [True, "no", False],
            "f": "2025-01-01",
            "g": "2025-01-01",
        }
        assert [type(document.data[key]) for key in "abcd"] == [int, str, int, str]
