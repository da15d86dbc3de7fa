"""A small plain CSV file split in Python gives the frame pandas' parser gives, or is left to it.

Files are built from cells, separators and line ends that pandas reads in its own way
(quotes, leading spaces, tabs, exponents, long decimals, TRUE, ``007``, blank lines, lone
carriage returns, ragged rows, a byte-order mark): each file either reads the same, column
types, categories, codes and bits of every number included, or is declined.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from valaudit.load import csv_frame, small_csv
from valaudit.load.csv_reader import read_csv
from valaudit.load.paths import UserPath
from valaudit.load.small_csv import read_small

_PLAIN = st.sampled_from(["", "1", "-0", "2.5", "-0.25", "007", "a", "b", "2025-03", "é x"])
_ODD = st.sampled_from(
    [
        "",
        "1",
        "-0",
        "-3",
        "2.5",
        "-0.25",
        "007",
        "1e3",
        "1.",
        ".5",
        "+1",
        "abc",
        "a b",
        " a",
        "a ",
        "n/a",
        "NA",
        "nan",
        "inf",
        "2025-03",
        "2025.10",
        "TRUE",
        "False",
        "123456789012345",
        "1234567890123456",
        "9007199254740993",
        "0.123456789012345",
        "0.1234567890123456789",
        "é",
        "١٧.٤",
        "６",
        "𝟙",
        '"q"',
        'a"b',
        "x\ty",
        "\ufeffz",
        "\x0c",
    ]
)
_CELLS = st.one_of(_PLAIN, _PLAIN, _PLAIN, _ODD)


def parser(width: int, separator: str, skip: int, encoding: str) -> Callable[..., pd.DataFrame]:
    """The parser as the CSV reader sets it up."""
    return functools.partial(
        pd.read_csv,
        sep=separator,
        header=None,
        names=list(range(width)),
        skiprows=skip,
        skip_blank_lines=False,
        keep_default_na=False,
        na_values=[""],
        encoding=encoding,
        skipinitialspace=True,
        low_memory=False,
        encoding_errors="replace",
        index_col=False,
    )


def assert_same_frame(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal down to the types of the column labels, categories and codes, and the sign of
    every zero."""
    pd.testing.assert_frame_equal(
        got, expected, check_exact=True, check_column_type=True, check_index_type=True
    )
    assert got.columns.dtype == expected.columns.dtype
    for position in expected.columns:
        want, have = expected[position], got[position]
        assert have.dtype == want.dtype
        if isinstance(want.dtype, pd.CategoricalDtype):
            assert have.cat.categories.dtype == want.cat.categories.dtype
            assert have.cat.codes.dtype == want.cat.codes.dtype
            assert have.cat.codes.tolist() == want.cat.codes.tolist()
        else:
            values, wanted = have.to_numpy(), want.to_numpy()
            assert values.tobytes() == wanted.tobytes()  # -0.0 and NaN bits too


def check(
    raw: bytes, width: int, labels: Sequence[int], parse: Callable[..., pd.DataFrame]
) -> bool:
    """Compare with a whole-file parse; whether the small reader read the file."""
    try:
        with warnings.catch_warnings():  # rows wider than the header: the data is cut
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            expected = csv_frame._parse_whole(parse, raw, list(labels), ".")
    except (pd.errors.ParserError, ValueError):
        assert read_small(parse, raw, width, labels) is None
        return False
    got = read_small(parse, raw, width, labels)
    if got is None:
        return False
    assert_same_frame(got, expected)
    return True


@given(
    rows=st.lists(st.lists(_CELLS, min_size=4, max_size=4), min_size=1, max_size=12),
    width=st.integers(1, 4),
    ragged=st.sampled_from([0, 0, 0, -1, 1]),
    labels=st.sampled_from([[0], [0, 1], [1, 2], [], [2]]),
    separator=st.sampled_from([",", "\t", "|"]),
    line_end=st.sampled_from(["\n", "\n", "\r\n", "\r"]),
    title=st.sampled_from(["", "Extract of May\n", '"A, title"\n', "\n"]),
    bom=st.booleans(),
    last_line_end=st.booleans(),
)
@example(
    rows=[["2025-01", "a", "1.5"], ["2025-02", "b", "2"]],
    width=3,
    ragged=0,
    labels=[0, 1],
    separator=",",
    line_end="\n",
    title="",
    bom=False,
    last_line_end=True,
).via("the plain file of a batch folder")
@example(
    rows=[["2025-01", "a", "1"], ["", "", ""], ["2025-02", "b", "-0"]],
    width=3,
    ragged=0,
    labels=[0, 1],
    separator=",",
    line_end="\r\n",
    title="",
    bom=True,
    last_line_end=False,
).via("blank rows, Windows line ends, a byte-order mark")
@example(
    rows=[["2025-01", " a", "1", ""], ["2025-02", "b\tc", "2", ""]],
    width=3,
    ragged=0,
    labels=[0, 1],
    separator=",",
    line_end="\n",
    title="",
    bom=False,
    last_line_end=True,
).via("a space pandas skips, a tab in a comma file")
@example(
    rows=[["2025-01", "a", "1", ""], ["2025-02", "b", "2", ""]],
    width=3,
    ragged=0,
    labels=[0, 1],
    separator="|",
    line_end="\r",
    title="",
    bom=False,
    last_line_end=True,
).via("old Mac line ends")
def test_a_plain_file_reads_as_pandas_reads_it(
    rows: list[list[str]],
    width: int,
    ragged: int,
    labels: list[int],
    separator: str,
    line_end: str,
    title: str,
    bom: bool,
    last_line_end: bool,
) -> None:
    header = separator.join(f"h{p}" for p in range(width))
    lines = [title.rstrip("\n"), header] if title else [header]
    cut = [row[:width] for row in rows]
    cut[-1] = rows[-1][: width + ragged]  # a row with a cell more or less than the header
    body = [separator.join(row) if any(row) else "" for row in cut]
    text = line_end.join(lines + body) + (line_end if last_line_end else "")
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    skip = len(lines)
    labels = [p for p in labels if p < width]
    parse = parser(width, separator, skip, "utf-8-sig" if bom else "utf-8")
    event("read here" if check(raw, width, labels, parse) else "left to pandas")


@given(
    numbers=st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False, width=64).map(
                lambda x: f"{x:.{np.random.default_rng(abs(hash(x)) % 2**32).integers(0, 16)}f}"
            ),
            st.integers(-(10**15), 10**15).map(str),
            st.decimals(places=6, allow_nan=False, allow_infinity=False).map(str),
            st.from_regex(r"-?[0-9]{1,9}\.[0-9]{1,9}", fullmatch=True),
            st.just(""),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_numbers_read_as_pandas_reads_them(numbers: list[str]) -> None:
    """Every plain decimal the small reader accepts is the double pandas makes of it, and an
    all-integer column stays integers."""
    raw = ("value\n" + "\n".join(numbers) + "\n").encode()
    event("read here" if check(raw, 1, [], parser(1, ",", 1, "utf-8")) else "left to pandas")


def test_a_batch_folders_file_is_read_without_pandas_parser() -> None:
    raw = b"period,kpi,value\n" + b"".join(
        f"2024-{m:02d},kpi_{k},{m * 1.25 - k:.3f}\n".encode()
        for k in range(6)
        for m in range(1, 13)
    )
    assert check(raw, 3, [0, 1], parser(3, ",", 1, "utf-8"))


def test_a_file_beyond_the_small_size_is_left_to_pandas() -> None:
    row = b"2024-01,kpi_0,1.25\n"
    header = b"period,kpi,value\n"
    raw = header + row * ((small_csv.SMALL_BYTES - len(header)) // len(row))
    parse = parser(3, ",", 1, "utf-8")
    assert len(raw) <= small_csv.SMALL_BYTES
    assert check(raw, 3, [0, 1], parse)
    assert read_small(parse, raw + row, 3, [0, 1]) is None


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("sep", ";"),  # every column of a semicolon file is text
        ("encoding", "cp1252"),
        ("skipinitialspace", False),
        ("keep_default_na", True),
        ("names", [0, 1, 5]),
        ("usecols", [0, 1]),
        ("thousands", ","),
    ],
)
def test_an_option_it_does_not_know_leaves_the_file_to_pandas(change: str, value: object) -> None:
    raw = b"period,kpi,value\n2024-01,a,1.5\n"
    parse = functools.partial(parser(3, ",", 1, "utf-8"), **{change: value})
    assert read_small(parse, raw, 3, [0, 1]) is None


def test_the_csv_reader_gives_the_small_reader_options_it_knows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain file read by the CSV reader never reaches pandas' parser: if the reader's
    options change, the small reader must learn them (or every small file pays the parser)."""

    def refuse(*args: object, **kwargs: object) -> pd.DataFrame:
        raise AssertionError("the plain file reached pandas' parser")

    monkeypatch.setattr(csv_frame, "_parse_whole", refuse)
    file = tmp_path / "kpis.csv"
    file.write_bytes(b"Extract\n\nperiod,kpi,value\r\n2024-01,a,1.5\r\n2024-02,a,\r\n")
    table, notes = read_csv(UserPath(file, "kpis.csv"), ["period", "kpi", "value"])
    assert notes == []
    assert table.rows.tolist() == [4, 5]
    assert table.frame[0].tolist() == ["2024-01", "2024-02"]
    assert table.frame[2].tolist()[0] == 1.5 and np.isnan(table.frame[2].tolist()[1])


@pytest.mark.parametrize("cell", ["١٧.٤", "६", "６", "𝟙", "1٢"])
def test_digits_of_other_scripts_are_left_to_pandas(cell: str) -> None:
    """Python's ``float`` reads them as numbers, pandas as text (a ``bad_number`` for the
    user): the file goes to pandas, so a file's answer does not depend on its size."""
    raw = f"value\n1\n{cell}\n".encode()
    assert not check(raw, 1, [], parser(1, ",", 1, "utf-8"))
