"""The fast schema check says a thesis is valid exactly when jsonschema finds no error.

A thesis the fast check passes is never shown to jsonschema, so it must never pass one
that jsonschema would fault; the reverse only costs time, but the two are held equal.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.validate.test_properties import VALID, _paths
from valaudit.schemas import load_schema
from valaudit.validate.thesis_schema import _conforms, _thesis_check, _thesis_validator
from valaudit.validate.thesis_schema_fast import compile_schema


def jsonschema_valid(thesis: Any) -> bool:
    return next(iter(_thesis_validator().iter_errors(thesis)), None) is None


def fast_valid(thesis: Any) -> bool:
    check = _thesis_check()
    assert check is not None, "the thesis schema must compile"
    return check(thesis)


#: Values at the edges of the schema's rules: types jsonschema tells apart in its own way
#: (1.0 is an integer, True is not a number), bounds, dates, patterns, lengths.
edge_values = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            1,
            1.0,
            1.5,
            -1,
            -0.0,
            2,
            5,
            0.5,
            0.99,
            1e15,
            1e15 + 2,
            -1e15,
            100,
            101,
            "",
            "x",
            "x" * 65,
            "x" * 301,
            "2025-01-01",
            "2025-02-30",
            "2025-1-1",
            "2025-01-01\n",
            "EUR",
            "EUR\n",
            "eur",
            "csat",
            "csat\n",
            "Csat",
            "a b",
            "up",
            "down",
            "ai",
            "mean",
            "sum",
            "synthetic",
            "-20%",
            "20",
            "long",
            "wide",
            ",",
            ".",
            "observed",
            [],
            [1],
            {},
            {"x": 1},
        ]
    ),
    st.integers(-5, 30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)

keys = st.sampled_from(
    ["extra", "id", "name", "sheet", "unit", "by", "margin", "layout", "decimal", "Segment", "1x"]
)


@st.composite
def edited_theses(draw: st.DrawFn) -> dict[str, Any]:
    thesis = copy.deepcopy(VALID)
    thesis["data"][0]["number_format"] = {"decimal": ",", "thousands": "."}
    thesis["benefits"][0]["type"] = "cashable"
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(thesis)
        path = draw(st.sampled_from(paths))
        parent: Any = thesis
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add key", "append"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(edge_values))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add key" and isinstance(parent, dict):
            parent[draw(keys)] = copy.deepcopy(draw(edge_values))
        elif action == "append" and isinstance(parent[path[-1]], list):
            parent[path[-1]].append(copy.deepcopy(draw(edge_values)))
    return thesis


@given(edited_theses())
def test_the_fast_check_agrees_with_jsonschema(thesis: dict[str, Any]) -> None:
    assert fast_valid(thesis) == jsonschema_valid(thesis)


def test_the_template_thesis_is_valid_to_both() -> None:
    assert fast_valid(VALID) and jsonschema_valid(VALID)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("valaudit",), 2),
        (("valaudit",), True),
        (("valaudit",), 1.0),  # jsonschema: 1.0 equals 1, so valid
        (("currency",), "EUR\n"),
        (("initiative", "go_live"), "2025-02-30"),
        (("initiative", "type"), "AI"),
        (("investment", "one_off"), True),
        (("investment", "discount_rate"), 5),
        (("kpis", 0, "id"), "adoption pct"),
        (("kpis", 0, "target"), "80"),
        (("settings", "baseline_periods"), 1.0),  # an integer to jsonschema
        (("settings", "baseline_periods"), 1.5),
        (("data", 0, "columns"), {"Segment": "team"}),
        (("implementation", "budget", "actual"), "lots"),
    ],
)
def test_edge_values_get_the_same_answer(path: tuple[Any, ...], value: Any) -> None:
    thesis = copy.deepcopy(VALID)
    parent: Any = thesis
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    assert fast_valid(thesis) == jsonschema_valid(thesis)


def test_a_schema_with_a_keyword_it_does_not_know_is_left_to_jsonschema() -> None:
    conforms = Draft202012Validator.FORMAT_CHECKER.conforms
    assert compile_schema(load_schema("thesis"), conforms) is not None
    assert compile_schema({"type": "object", "if": {"required": ["a"]}}, conforms) is None
    assert compile_schema({"properties": {"a": {"$ref": "#/$defs/a"}}}, conforms) is None
    assert compile_schema({"enum": [1, "a"]}, conforms) is None


DATE_EDGES = [
    "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "0000-01-01",
    "0001-01-01", "9999-12-31", "2024-1-01", "24-01-01", "2024-01-01\n", "\n2024-01-01",
    " 2024-01-01", "2024-01-01 ", "2024/01/01", "20240101", "2024-W01-1", "2024-001",
    "２０２４-01-01", "2024-01-01T00:00", "", "+2024-01-01",
]  # fmt: skip


@pytest.mark.parametrize("value", DATE_EDGES)
def test_the_date_format_is_checked_as_jsonschema_checks_it(value: str) -> None:
    expected = Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")
    assert _conforms(value, "date") is expected


@given(st.from_regex(r"[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\n?", fullmatch=True) | st.text(max_size=12))
def test_any_text_gets_jsonschema_date_answer(value: str) -> None:
    expected = Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")
    assert _conforms(value, "date") is expected
