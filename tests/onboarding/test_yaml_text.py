"""Hand-written YAML scalars read back as exactly the value written."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from valaudit.onboarding.thesis_template import fill
from valaudit.onboarding.yaml_text import COMMENT_COLUMN, folded, list_item, scalar, with_comment


@given(st.text(max_size=60))
def test_any_text_reads_back(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


@given(st.one_of(st.integers(-(10**12), 10**12), st.floats(-1e9, 1e9, allow_nan=False)))
def test_numbers_read_back(number: float) -> None:
    assert yaml.safe_load(f"key: {scalar(number)}")["key"] == number


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Average handle time", "Average handle time"),
        ("-25%", '"-25%"'),
        ("%", '"%"'),
        ("yes", '"yes"'),
        ("null", '"null"'),
        ("a: b", '"a: b"'),
        ("x # y", '"x # y"'),
        ("2025-01-01", '"2025-01-01"'),
        (0.2, "0.2"),
        (1e-05, "1.0e-05"),
        (2.5e20, "2.5e+20"),
        (600000.0, "600000"),
        (True, "true"),
    ],
)
def test_quotes_only_what_needs_it(value: object, written: str) -> None:
    assert scalar(value) == written


def test_comments_line_up() -> None:
    assert with_comment("  a: 1", "why").index("#") == COMMENT_COLUMN
    long = "  name: " + "x" * 40
    assert with_comment(long, "why") == long + "  # why"
    assert with_comment("a: 1", None) == "a: 1"


def test_list_items_and_folded_text_read_back() -> None:
    lines = list_item({"id": "a", "target_change": "-5%", "skip": None}, indent=2)
    assert lines == ["  - id: a", '    target_change: "-5%"']
    text = "word " * 60
    block = "thesis: >\n" + "\n".join(folded(text, indent=2)) + "\n"
    assert yaml.safe_load(block)["thesis"] == " ".join(text.split()) + "\n"


def test_fill_rejects_unknown_placeholders() -> None:
    with pytest.raises(KeyError):
        fill("a: {{nope}}\n", {}, {})
    assert fill("  x: {{v}}   # c\n{{b}}\n", {"v": "longer value"}, {"b": ["- 1"]}) == (
        "  x: longer value" + " " * (COMMENT_COLUMN - 17) + "# c\n- 1\n"
    )
