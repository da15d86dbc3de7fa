"""A large file parsed in two parts at once reads as the file parsed in one piece.

The parts are cut at the start of a line near the middle, only where every reading agrees a
record starts there; the tests force the cut on small files (no size threshold, two cores)
with chunks of a few rows, so that both parts have several chunks arriving in any order.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.load.test_csv_frame import parser
from valaudit.load import csv_chunks, csv_frame
from valaudit.load.csv_chunks import split_point
from valaudit.validate.folder import validate_folder

_CELLS = st.sampled_from(["", "1", "2.5", "abc", "007", "2025-03", "TRUE", "1,5", "é", " x"])


@pytest.fixture
def split_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_chunks, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(csv_chunks, "_usable_cores", lambda: 2)


@given(
    rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=2, max_size=30),
    line_end=st.sampled_from(["\n", "\r\n"]),
    decimal=st.sampled_from([".", ","]),
    chunk=st.integers(1, 4),
    mark=st.booleans(),
)
def test_two_parts_read_as_the_whole_file(
    rows: list[list[str]], line_end: str, decimal: str, chunk: int, mark: bool
) -> None:
    """As tests/load/test_csv_frame.py checks chunks against a whole-file parse, with the
    file also cut in two (rows of chunk size 1 to 4 arrive from both parts at once)."""
    delimiter = ";" if decimal == "," else ","
    lines = [delimiter.join(row) for row in rows]
    if mark:  # a line that starts with what the parser takes for a byte-order mark
        lines[len(lines) // 2] = "\ufeff" + lines[len(lines) // 2]
    raw = (line_end.join(lines) + line_end).encode("utf-8")
    # As the reader does, a file whose first row is wider than the header is read ragged.
    width = 2 if any(delimiter in cell for cell in rows[0]) else None
    labels = [0]
    parse = parser(3, decimal)
    read_whole = functools.partial(parse, usecols=[0, 1]) if width else parse
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_chunks, "PARALLEL_BYTES", 0)
        patch.setattr(csv_chunks, "_usable_cores", lambda: 2)
        patch.setattr(csv_frame, "CHUNK_ROWS", chunk)
        split_at = split_point(raw, delimiter, 3)
        try:
            whole = csv_frame._parse_whole(read_whole, raw, labels, decimal)
        except pd.errors.ParserError:  # a row wider than the header: the reader's to handle
            with pytest.raises(pd.errors.ParserError):
                csv_frame.parse_frame(parse, raw, 3, labels, decimal, width, split_at)
            return
        parts = csv_frame.parse_frame(parse, raw, 3, labels, decimal, width, split_at)
    assert list(parts.columns) == list(whole.columns)
    for position in whole.columns:
        expected, got = whole[position], parts[position]
        if isinstance(expected.dtype, pd.CategoricalDtype):
            assert list(got.cat.categories) == list(expected.cat.categories)
            assert got.cat.codes.tolist() == expected.cat.codes.tolist()
        else:
            pd.testing.assert_series_equal(got, expected, check_names=False)


@pytest.mark.usefixtures("split_anything")
def test_the_cut_is_made_at_the_start_of_a_plain_record() -> None:
    assert split_point(b"a,1\n" * 20, ",", 2) == 44  # the first line begun after the middle
    # The middle falls in the last line of ``head``. A blank line, a carriage return inside
    # a line, a byte-order mark, a wider and a narrower line are passed over: the cut is
    # made before the first full plain record after them.
    head, tricky = b"a,1\n" * 10, b"\n" + b"c\r,3\n" + b"\xef\xbb\xbfd,4\n" + b"e,5,6\n" + b"g\n"
    raw = head + tricky + b"f,7\n" + b"h,8\n" * 2
    assert len(head) - 4 <= len(raw) // 2 < len(head)
    assert split_point(raw, ",", 2) == len(head) + len(tricky)


@pytest.mark.usefixtures("split_anything")
def test_no_cut_where_it_could_change_what_is_read() -> None:
    assert split_point(b'a,"1\n2"\n' * 10, ",", 2) is None  # a quoted cell may span lines
    assert split_point(b"a,1\r" * 10, ",", 2) is None  # no line feed: no line to start
    assert split_point(b"a,1\n" * 10 + b"a,1,2,3\n" * 200, ",", 2) is None


def test_no_cut_for_a_small_file_or_a_single_core(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b"a,1\n" * 10
    assert split_point(raw, ",", 2) is None  # smaller than PARALLEL_BYTES
    monkeypatch.setattr(csv_chunks, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(csv_chunks, "_usable_cores", lambda: 1)
    assert split_point(raw, ",", 2) is None


@pytest.mark.usefixtures("split_anything")
def test_the_samples_validate_alike_in_two_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sample's problems and observations, whether parsed in one piece or in two parts
    of seven-row chunks."""
    root = Path(__file__).resolve().parents[2] / "sample_data"
    folders = sorted(p.parent for p in root.glob("*/valaudit.yaml"))
    assert folders
    for folder in folders:
        whole = validate_folder(str(folder))
        monkeypatch.setattr(csv_frame, "CHUNK_ROWS", 7)
        parts = validate_folder(str(folder))
        monkeypatch.setattr(csv_frame, "CHUNK_ROWS", 1 << 18)
        assert parts.problems == whole.problems
        assert whole.observations is not None and parts.observations is not None
        pd.testing.assert_frame_equal(parts.observations.frame, whole.observations.frame)
