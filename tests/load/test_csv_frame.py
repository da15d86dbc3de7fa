"""Parsing in chunks gives the frame a whole-file parse gives, wherever the chunks end.

Files are built from cells that make pandas type a chunk differently from its neighbours:
numbers in one chunk and text in the next, integers and decimals, labels that look like
numbers (``007``, ``2025.10``), TRUE/FALSE, integers beyond float precision, empty cells.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from valaudit.load import csv_frame
from valaudit.validate.folder import validate_folder

_CELLS = st.sampled_from(
    [
        "",
        "1",
        "-3",
        "2.5",
        "1e3",
        "abc",
        "n/a",
        "007",
        "2025.10",
        "2025-03",
        "TRUE",
        "False",
        "9007199254740993",
        "12345678901234567890",
        "1,5",
        "é",
        "inf",
    ]
)


def parser(width: int, decimal: str) -> Callable[..., pd.DataFrame]:
    """The parser as the CSV reader sets it up (without title rows to skip)."""
    return functools.partial(
        pd.read_csv,
        sep=";" if decimal == "," else ",",
        header=None,
        names=list(range(width)),
        skip_blank_lines=False,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
        skipinitialspace=True,
        low_memory=False,
        encoding_errors="replace",
        index_col=False,
    )


def _two_rows(first: list[str], second: list[str], labels: list[int], decimal: str = ".") -> Any:
    """An example of one row per chunk."""
    return example(rows=[first, second], labels=labels, decimal=decimal, chunk=1, ragged=False)


@given(
    rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=1, max_size=14),
    labels=st.sampled_from([[0], [0, 1], [1, 2], []]),
    decimal=st.sampled_from([".", ","]),
    chunk=st.integers(1, 5),
    ragged=st.booleans(),
)
@_two_rows(["a", "1", "x"], ["b", "abc", "y"], [0])  # numbers, then text
@_two_rows(["a", "abc", "x"], ["b", "1", "y"], [0])  # text, then numbers
@_two_rows(["a", "", "x"], ["b", "abc", "y"], [0])  # an empty chunk, then text
@_two_rows(["a", "1", "x"], ["b", "2.5", "y"], [0])  # integers, then decimals
@_two_rows(["a", "9007199254740993", "x"], ["b", "2.5", "y"], [0])
@_two_rows(["a", "TRUE", "x"], ["b", "1", "y"], [0])
@_two_rows(["007", "1", "x"], ["abc", "2", "y"], [0])  # a label that looks like a number
@_two_rows(["b", "1", "x"], ["a", "2", "y"], [0, 2])  # categories sorted across chunks
@_two_rows(["007", "1,5", "x"], ["b", "abc", "y"], [0], ",")
# An integer beyond 64 bits beside an empty cell: the chunk reads as text, whole as decimals
# (with a decimal elsewhere) or as text whose empty cells stay "" (without).
@example(
    rows=[["", "", ""], ["2.5", "", ""], ["", "", ""], ["12345678901234567890", "", ""]],
    labels=[1, 2],
    decimal=".",
    chunk=2,
    ragged=False,
)
@example(
    rows=[["", "", ""], ["", "", ""], ["", "", ""], ["12345678901234567890", "", ""]],
    labels=[1, 2],
    decimal=".",
    chunk=2,
    ragged=False,
)
@example(
    rows=[["", "-3", ""], ["", "12345678901234567890", ""], ["", "", ""]],
    labels=[0],
    decimal=".",
    chunk=2,
    ragged=False,
)
def test_chunks_read_as_the_whole_file(
    rows: list[list[str]], labels: list[int], decimal: str, chunk: int, ragged: bool
) -> None:
    delimiter = ";" if decimal == "," else ","
    raw = "".join(delimiter.join(row) + "\n" for row in rows).encode("utf-8")
    parse = parser(3, decimal)
    # As the reader does, a file whose first row is wider than the header is read ragged.
    ragged |= any(delimiter in cell for cell in rows[0])
    width = 2 if ragged else None
    labels = [p for p in labels if width is None or p < width]  # labels are header columns
    read_whole = functools.partial(parse, usecols=[0, 1]) if ragged else parse
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_frame, "CHUNK_ROWS", chunk)
        try:
            whole = csv_frame._parse_whole(read_whole, raw, labels, decimal)
        except pd.errors.ParserError:  # a row wider than the header: the caller's to handle
            with pytest.raises(pd.errors.ParserError):
                csv_frame.parse_frame(parse, raw, 3, labels, decimal, width)
            return
        chunked = csv_frame.parse_frame(parse, raw, 3, labels, decimal, width)
    assert list(chunked.columns) == list(whole.columns)
    for position in whole.columns:
        expected, got = whole[position], chunked[position]
        if isinstance(expected.dtype, pd.CategoricalDtype):
            assert isinstance(got.dtype, pd.CategoricalDtype)
            assert list(got.cat.categories) == list(expected.cat.categories)
            assert got.cat.codes.tolist() == expected.cat.codes.tolist()
        else:
            assert got.dtype == expected.dtype
            pd.testing.assert_series_equal(got, expected, check_names=False)


def test_the_samples_validate_alike_in_chunks_of_a_few_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every sample's problems and observations, whether its rows are parsed at once or
    seven at a time."""
    root = Path(__file__).resolve().parents[2] / "sample_data"
    folders = sorted(p.parent for p in root.glob("*/valaudit.yaml"))
    assert folders
    for folder in folders:
        results = []
        for chunk in (csv_frame.CHUNK_ROWS, 7):
            monkeypatch.setattr(csv_frame, "CHUNK_ROWS", chunk)
            results.append(validate_folder(str(folder)))
        whole, chunked = results
        assert chunked.problems == whole.problems
        assert whole.observations is not None and chunked.observations is not None
        assert len(whole.observations.frame) > 7
        pd.testing.assert_frame_equal(chunked.observations.frame, whole.observations.frame)


def test_a_late_text_cell_makes_the_whole_column_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers in the first chunks and one bad cell in the last: the bad cell is reported
    at its own row, and the numbers before it read as before."""
    monkeypatch.setattr(csv_frame, "CHUNK_ROWS", 4)
    lines = [f"2025-{m:02d},adoption_pct,{m}.5" for m in range(1, 13)]
    lines[10] = "2025-11,adoption_pct,1O.5"  # a letter O typed for a zero
    (tmp_path / "kpis.csv").write_text("period,kpi,value\n" + "\n".join(lines) + "\n")
    (tmp_path / "valaudit.yaml").write_text(
        "valaudit: 1\ninitiative: {name: X, type: ai, go_live: 2025-06-01}\n"
        "data:\n  - {path: kpis.csv}\n"
        "kpis:\n  - {id: adoption_pct, stage: adoption, direction: up, target: 80}\n",
        encoding="utf-8",
    )
    result = validate_folder(str(tmp_path))
    errors = [(p.code, p.row, p.column) for p in result.problems if p.is_error]
    assert errors == [("bad_number", 12, "value")]
    assert result.observations is not None
    values = result.observations.frame.sort_values("row")["value"].tolist()
    assert values == [m + 0.5 for m in range(1, 13) if m != 11]
