"""``dumps_indented`` writes exactly the bytes of ``json.dumps(value, indent=2,
ensure_ascii=False)``, which the JSON reports (and their golden files) are made of."""

from __future__ import annotations

import enum
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from valaudit.render.indented_json import dumps_indented


class Status(enum.StrEnum):
    ON_TRACK = "on_track"


class Count(enum.IntEnum):
    TWO = 2


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities too: json writes them its own way
    st.text(),  # control characters, quotes, backslashes, emoji
    st.text(st.characters(categories=("Cs",)), max_size=3),  # lone surrogates
    st.just(Status.ON_TRACK),
    st.just(Count.TWO),
)
keys = st.one_of(st.text(max_size=8), st.integers(-3, 3), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
        st.dictionaries(keys, children, max_size=3),
    ),
    max_leaves=25,
)


@given(value=values)
def test_the_same_bytes_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_report_shaped_document() -> None:
    document = {
        "verdict": {"code": Status.ON_TRACK, "flags": [], "caveats": ['Café "quoted"\n']},
        "kpis": [{"id": "csat", "effect": 1.2345678901e-05, "series": [1.0, 2.5e20, -0.0]}],
        "empty": {},
        "count": Count.TWO,
    }
    expected = json.dumps(document, indent=2, ensure_ascii=False)
    assert dumps_indented(document) == expected
    assert '"effect": 1.2345678901e-05' in expected and '"empty": {}' in expected
