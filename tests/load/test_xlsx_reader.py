"""The table built from calamine's cells: the same frame and blank rows as the plain way.

The reader builds the frame from one flat array and decides blank rows a column at a time;
these tests hold it to what one ``numpy.array`` of the rows and ``DataFrame.isna`` on every
cell give, on rows of any shape and any mix of the values calamine returns (NaN included: a
hand-written sheet can hold ``<v>NaN</v>``).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from valaudit.load.xlsx_reader import _blank_rows, _body_frame

CELLS = st.one_of(
    st.just(""),
    st.just(""),
    st.text(max_size=3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(math.nan),
    st.integers(-5, 5),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.just(dt.time(1, 2)),
)


def _frame_the_plain_way(body: list[list[Any]], width: int) -> pd.DataFrame:
    """The frame as the reader built it before: ``numpy.array`` of the rows."""
    if not body:
        return pd.DataFrame({p: pd.Series([], dtype=object) for p in range(width)})
    if width and all(len(row) >= width for row in body):
        exact = all(len(row) == width for row in body)
        grid = np.array(body if exact else [row[:width] for row in body], dtype=object)
        grid = grid.reshape(len(body), width)
        grid[grid == ""] = None
        return pd.DataFrame(grid, columns=range(width), dtype=object)
    columns = {
        position: [row[position] if position < len(row) else "" for row in body]
        for position in range(width)
    }
    return pd.DataFrame(
        {p: pd.Series(values, dtype=object) for p, values in columns.items()}
    ).replace("", None)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[list[list[Any]], int]:
    width = draw(st.integers(1, 5))
    shape = draw(st.sampled_from(["exact", "exact", "wider", "ragged"]))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        extra = {"exact": 0, "wider": draw(st.integers(0, 2))}.get(shape)
        length = width + extra if extra is not None else draw(st.integers(0, width + 2))
        if draw(st.integers(0, 3)):
            rows.append(draw(st.lists(CELLS, min_size=length, max_size=length)))
        else:  # a row with no value: empty cells and NaN
            rows.append(
                draw(st.lists(st.sampled_from(["", math.nan]), min_size=length, max_size=length))
            )
    return rows, width


@given(body_and_width=bodies())
def test_the_frame_and_blank_rows_are_those_of_the_plain_way(
    body_and_width: tuple[list[list[Any]], int],
) -> None:
    body, width = body_and_width
    expected = _frame_the_plain_way([list(row) for row in body], width)
    frame = _body_frame([list(row) for row in body], width)
    pd.testing.assert_frame_equal(frame, expected)
    if len(expected):
        assert _blank_rows(frame.to_numpy()).tolist() == expected.isna().all(axis=1).tolist()


def test_a_row_is_blank_only_when_every_cell_is_empty_or_nan() -> None:
    grid = np.array(
        [[None, None, None], [None, math.nan, None], [None, None, 0.0], [math.nan, "x", None]],
        dtype=object,
    )
    assert _blank_rows(grid).tolist() == [True, True, False, False]
