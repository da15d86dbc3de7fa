"""A CSV file's data rows as a compact frame, parsed in chunks with the whole file's types.

pandas' C parser given a whole file at once (``low_memory=False``) tokenizes all of it before
it converts a column: on a 5-million-row extract the tokens alone take more memory than the
frame. Parsed a chunk of rows at a time, each chunk's label columns become integer codes
into one dictionary of labels and its numbers stay float arrays, so memory follows the
result, not the file.

The result must not depend on where the chunks end: a column is typed from all of its
cells, as a whole-file parse types it. A chunk can only infer its own cells' types, so:

- a label column whose chunk looks numeric (segment ``007``, period ``2025.10``) is read
  again as the text it is;
- a column that is numbers in some chunks and text in others is text throughout, as in a
  whole-file parse: it is read again as text;
- anything rarer (TRUE/FALSE cells, integers beyond float precision mixed with decimals,
  text that may be integers beyond 64 bits) takes the whole-file parse, which types it by
  definition.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, cast

import numpy as np
import pandas as pd
from pandas.api.types import is_string_dtype

from valaudit.load.csv_source import CsvBytes
from valaudit.load.small_csv import read_small

if TYPE_CHECKING:
    from pandas.io.parsers import TextFileReader

#: Rows per chunk: large enough that the per-chunk overhead vanishes, small enough that a
#: chunk's tokens are a few MiB.
CHUNK_ROWS = 1 << 18
#: Integers up to this size read the same as integers and as decimals.
_EXACT_INTEGER = 2**53
#: Digits of the shortest integer beyond 64 bits (2**63 has 19).
_INTEGER_DIGITS_BEYOND_64_BITS = 19


class _NeedsWholeParse(Exception):
    """A column's chunks disagree in a way only a whole-file parse settles."""


def parse_frame(
    parse: Callable[..., pd.DataFrame],
    raw: bytes | CsvBytes,
    width: int,
    labels: list[int],
    decimal: str,
    ragged_width: int | None,
) -> pd.DataFrame:
    """The data rows of a ``width``-column file; label columns as categoricals of their text.

    ``raw`` is the file's bytes, or a large file the parser reads a block at a time.

    In a ragged file only the first ``ragged_width`` columns are read (the parser then drops
    the cells beyond instead of stopping). In semicolon files every column stays text:
    whether 22,382 is a decimal or a thousands separator is decided per column by
    validation, not guessed here. Parser errors propagate, as from a whole-file parse.
    """
    if ragged_width is not None:
        width = ragged_width
        parse = functools.partial(parse, usecols=list(range(width)))
    if len(raw) <= CHUNK_ROWS:
        # No more bytes than a chunk has rows, so no more lines: the chunks would be one,
        # and a chunk reader costs a small file more than its parse (1 of 3 ms for 4 KB).
        # A plain one is split without pandas' parser (see small_csv).
        small = (  # a streamed file is large: never this small outside the tests
            read_small(parse, raw, width, labels)
            if ragged_width is None and isinstance(raw, bytes)
            else None
        )
        return small if small is not None else _parse_whole(parse, raw, labels, decimal)
    try:
        return _parse_in_chunks(parse, raw, width, labels, decimal)
    except _NeedsWholeParse:
        return _parse_whole(parse, raw, labels, decimal)


def _stream(raw: bytes | CsvBytes) -> IO[bytes]:
    """The file's bytes from the start, for one pass of the parser."""
    return raw.stream() if isinstance(raw, CsvBytes) else io.BytesIO(raw)


def _chunks(
    parse: Callable[..., pd.DataFrame], raw: bytes | CsvBytes, **options: object
) -> Iterator[pd.DataFrame]:
    # With a chunk size the parser returns a reader of frames, not a frame.
    reader = cast("TextFileReader", parse(_stream(raw), chunksize=CHUNK_ROWS, **options))
    with reader:
        yield from reader


class _LabelCodes:
    """One label column's codes, chunk by chunk, into one dictionary of its texts."""

    def __init__(self) -> None:
        self.index_of: dict[str, int] = {}
        self.parts: list[np.ndarray] = []

    def add(self, codes: np.ndarray, uniques: Iterable[str]) -> None:
        index_of = self.index_of
        remap = [index_of.setdefault(text, len(index_of)) for text in uniques] + [-1]
        # Code -1 (an empty cell) takes the last entry.
        self.parts.append(np.array(remap, dtype=_code_type(len(index_of)))[codes])

    def categorical(self) -> pd.Categorical:
        """The column, its categories sorted as a whole-file parse sorts them."""
        texts = np.array(list(self.index_of), dtype=object)
        order = np.argsort(texts, kind="stable")
        code_type = _code_type(len(texts))
        if np.array_equal(order, np.arange(len(texts))):
            # Labels met in sorted order (as in an export sorted by them): the codes are
            # the ranks already.
            parts = [part.astype(code_type, copy=False) for part in self.parts]
        else:
            rank = np.empty(len(texts) + 1, dtype=code_type)
            rank[order] = np.arange(len(texts))
            rank[-1] = -1
            parts = [rank[part] for part in self.parts]
        self.parts.clear()
        codes = np.concatenate(parts) if parts else np.array([], dtype=code_type)
        categories = pd.Index(texts[order], dtype="str")
        return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _code_type(count: int) -> type[np.signedinteger]:
    return np.int8 if count < 2**7 else np.int16 if count < 2**15 else np.int32


def _parse_in_chunks(
    parse: Callable[..., pd.DataFrame],
    raw: bytes | CsvBytes,
    width: int,
    labels: list[int],
    decimal: str,
) -> pd.DataFrame:
    label_set = set(labels)
    dtype: dict[int, str | type] = dict.fromkeys(labels, "category")
    if decimal == ",":
        dtype = {p: "category" if p in label_set else str for p in range(width)}
    codes = {p: _LabelCodes() for p in labels}
    parts: dict[int, list[np.ndarray | pd.Series]] = {
        p: [] for p in range(width) if p not in label_set
    }
    as_text: set[int] = set()  # columns to read again as text
    for chunk in _chunks(parse, raw, dtype=dtype):
        for position in labels:
            if position in as_text:
                continue
            column = chunk[position]
            categories = column.cat.categories
            if len(categories) and not is_string_dtype(categories):
                as_text.add(position)
                continue
            codes[position].add(column.cat.codes.to_numpy(), categories.tolist())
        for position, pieces in parts.items():
            if position not in as_text:
                _add_cells(chunk[position], position, pieces, as_text)
    columns: dict[int, object] = {}
    for position in range(width):
        if position in as_text:
            continue
        if position in label_set:
            columns[position] = codes[position].categorical()
        else:
            columns[position] = _joined(parts.pop(position))
    if as_text:
        columns.update(_read_as_text(parse, raw, sorted(as_text), label_set))
    return pd.DataFrame({p: columns[p] for p in range(width)}, copy=False)


def _add_cells(
    column: pd.Series, position: int, pieces: list[np.ndarray | pd.Series], as_text: set[int]
) -> None:
    """Keep one chunk of a non-label column, or mark the column as text."""
    kind = column.dtype.kind
    if isinstance(column.dtype, pd.StringDtype):
        if _beyond_64_bits(column):
            raise _NeedsWholeParse
        pieces.append(column)  # text (every column of a semicolon file)
        if any(isinstance(piece, np.ndarray) for piece in pieces):
            as_text.add(position)
            pieces.clear()
    elif kind in "if":
        if any(not isinstance(piece, np.ndarray) for piece in pieces):
            as_text.add(position)
            pieces.clear()
        else:
            pieces.append(column.to_numpy())
    else:  # TRUE/FALSE, or cells of mixed kinds
        raise _NeedsWholeParse


def _beyond_64_bits(column: pd.Series) -> bool:
    """Whether the text may be the parser's answer to integers beyond 64 bits, which depends
    on the rest of the column: as decimals when it holds one anywhere, else as text whose
    empty cells stay "" (not missing)."""
    if (column == "").any():
        return True
    long = column[column.str.len() >= _INTEGER_DIGITS_BEYOND_64_BITS]
    return bool(long.str.fullmatch(r"\s*[-+]?\d+\s*").any())


def _joined(pieces: list[np.ndarray | pd.Series]) -> np.ndarray | pd.Series:
    """A column's chunks as one: text stays text; integers and decimals become decimals,
    as in a whole-file parse."""
    if not pieces:
        return np.array([], dtype=np.float64)
    if isinstance(pieces[0], pd.Series):
        return pd.concat([p for p in pieces if isinstance(p, pd.Series)], ignore_index=True)
    arrays = [piece for piece in pieces if isinstance(piece, np.ndarray)]
    kinds = {array.dtype.kind for array in arrays}
    if kinds == {"i", "f"} and any(
        len(a) and int(np.abs(a).max()) >= _EXACT_INTEGER for a in arrays if a.dtype.kind == "i"
    ):
        raise _NeedsWholeParse  # such an integer might read differently as a decimal
    joined = np.concatenate(arrays)
    pieces.clear()
    return joined


def _read_as_text(
    parse: Callable[..., pd.DataFrame],
    raw: bytes | CsvBytes,
    positions: list[int],
    labels: set[int],
) -> dict[int, object]:
    """Columns read again, every cell as the text it is; label columns as categoricals."""
    codes = {p: _LabelCodes() for p in positions if p in labels}
    texts: dict[int, list[pd.Series]] = {p: [] for p in positions if p not in labels}
    for chunk in _chunks(parse, raw, usecols=positions, dtype=str):
        for position, column in codes.items():
            found, uniques = pd.factorize(chunk[position])
            column.add(found, uniques.tolist())
        for position, pieces in texts.items():
            pieces.append(chunk[position])
    result: dict[int, object] = {p: column.categorical() for p, column in codes.items()}
    for position, pieces in texts.items():
        result[position] = pd.concat(pieces, ignore_index=True)
    return result


def _parse_whole(
    parse: Callable[..., pd.DataFrame], raw: bytes | CsvBytes, labels: list[int], decimal: str
) -> pd.DataFrame:
    """The whole file at once: the parser types every column from all of its cells."""
    frame = parse(
        _stream(raw),
        low_memory=False,
        dtype=str if decimal == "," else dict.fromkeys(labels, "category"),
    )
    # The parser infers the type of a category's values: when all of a column's labels
    # look like numbers it would turn segment 007 into 7 and period 2025.10 into the
    # year 2025. Such a column is read again as the text it is.
    if decimal == ",":
        for position in labels:
            frame[position] = frame[position].astype("category")
    numeric = [p for p in labels if not is_string_dtype(frame[p].cat.categories)]
    if numeric:
        text = parse(_stream(raw), usecols=numeric, dtype=str, low_memory=False)
        for position in numeric:
            frame[position] = text[position].astype("category")
    return frame
