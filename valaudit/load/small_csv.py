"""The data rows of a small, plain CSV file, split in Python instead of by pandas' parser.

``pandas.read_csv`` costs some 1.5 ms before it reads a single cell (options, the tokenizer,
type inference, categories), which is more than all of a 4 KB KPI file takes to split:
batch users audit hundreds of such folders. A plain file of up to 8 KB is split here
(beyond, pandas is the faster), giving the frame
:func:`valaudit.load.csv_frame.parse_frame` gives — the same columns, types and values — and
anything this module is not sure to read the same way is left to pandas (``None``):

- options other than the ones the CSV reader sets (the parser is read from its keywords);
- bytes that are not UTF-8, a quote anywhere (a quoted cell may hold a line end, even in a
  title row), control characters or a byte-order mark among the data, a lone carriage
  return (``\\r`` ends a line for pandas, not here);
- a cell that starts with a space or a tab (pandas skips those), a tab in a file that is
  not tab-separated, a row with more or fewer cells than the header;
- semicolon files (every column is text there), a label column without any label;
- a number column with any cell that is not a plain decimal of up to 15 digits
  (``-12.5``, ``007``): text, exponents, thousands separators, ``TRUE``. Up to 15 digits,
  a decimal's nearest double is the one every parser finds, so Python's ``float`` reads
  it as pandas does; beyond, pandas' own algorithm decides.

Blank lines are rows of empty cells, as pandas reads them when it keeps blank lines.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Files up to this size are split here. Splitting costs about 0.1 ms per KB in Python
#: against pandas' 1.5 ms before its first cell: beyond 10-15 KB pandas is faster.
SMALL_BYTES = 8 * 1024
#: The parser's options as the CSV reader sets them; any other option, or another value of
#: one of these, leaves the file to pandas.
_EXPECTED = {
    "header": None,
    "skip_blank_lines": False,
    "keep_default_na": False,
    "na_values": [""],
    "skipinitialspace": True,
    "index_col": False,
}
#: Options whose values this module reads (or, for the last two, may ignore).
_READ = {"sep", "names", "skiprows", "encoding", "low_memory", "encoding_errors"}
_ENCODINGS = ("utf-8", "utf-8-sig")
#: Characters pandas' tokenizer may treat apart from plain text.
_UNUSUAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]")
#: A number column, its cells each followed by a line end: empty, or a plain decimal of at
#: most 15 digits (the lookahead caps digits and point at 16 characters). ASCII digits only:
#: Python's ``float`` also reads ``١٧.٤`` or ``６``, pandas reads them as text.
_NUMBER_CELLS = re.compile(r"(?:-?(?=[0-9.]{1,16}\n)[0-9]{1,15}(?:\.[0-9]+)?\n|\n)*")
#: Category types are remembered for tables of up to this many distinct labels.
_CACHED_LABELS = 1000


def read_small(
    parse: Callable[..., pd.DataFrame], raw: bytes, width: int, labels: Sequence[int]
) -> pd.DataFrame | None:
    """The frame ``parse`` would give for ``raw`` (label columns as categoricals of their
    text, the others as numbers), or None when the file is not plain enough to be sure."""
    options = _plain_options(parse, width)
    if options is None or len(raw) > SMALL_BYTES:
        return None
    separator, skip, encoding = options
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if '"' in text:
        return None  # a quoted cell may hold a line end: records are not lines
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line of its own
    data = "\n".join(lines[skip:])
    if not data or _UNUSUAL.search(data) or _skipped_space(data, separator):
        return None
    if encoding == "utf-8-sig" and skip == 0:
        return None
    rows = [line.split(separator) if line else [""] * width for line in lines[skip:]]
    if any(len(row) != width for row in rows):
        return None
    columns: dict[int, object] = {}
    label_set = set(labels)
    for position, cells in enumerate(zip(*rows, strict=True)):
        column = _labels(cells) if position in label_set else _numbers(cells)
        if column is None:
            return None
        columns[position] = column
    frame = pd.DataFrame(columns)
    frame.columns = pd.Index(np.arange(width, dtype=np.int64))  # as the parser names them
    return frame


def _plain_options(parse: Callable[..., pd.DataFrame], width: int) -> tuple[str, int, str] | None:
    """The separator, lines to skip and encoding, when ``parse`` is ``pandas.read_csv`` with
    the CSV reader's options and nothing else."""
    if not isinstance(parse, functools.partial) or parse.func is not pd.read_csv or parse.args:
        return None
    options = parse.keywords
    if set(options) - _READ - set(_EXPECTED):
        return None
    if any(options.get(name, not value) != value for name, value in _EXPECTED.items()):
        return None
    separator = options.get("sep")
    skip = options.get("skiprows", 0)
    encoding = options.get("encoding")
    if separator not in (",", "\t", "|") or encoding not in _ENCODINGS:
        return None
    if not isinstance(skip, int) or skip < 0 or options.get("names") != list(range(width)):
        return None
    return separator, skip, encoding


def _skipped_space(data: str, separator: str) -> bool:
    """Whether a cell starts with a space or tab (pandas skips them), or a tab is not the
    separator."""
    if separator != "\t" and "\t" in data:
        return True
    return data.startswith(" ") or f"{separator} " in data or "\n " in data


def _labels(cells: tuple[str, ...]) -> pd.Categorical | None:
    """A label column: categories sorted, an empty cell missing (code -1)."""
    distinct = set(cells)
    distinct.discard("")
    if not distinct:
        return None  # pandas gives such a column categories of another type
    categories = tuple(sorted(distinct))
    code_of = {text: code for code, text in enumerate(categories)}
    code_of[""] = -1
    code_type = (
        np.int8 if len(categories) < 2**7 else np.int16 if len(categories) < 2**15 else np.int32
    )
    codes: np.ndarray[Any, np.dtype[np.signedinteger]] = np.fromiter(
        map(code_of.__getitem__, cells), dtype=code_type, count=len(cells)
    )
    dtype: pd.CategoricalDtype = (
        _category_type(categories)
        if len(categories) <= _CACHED_LABELS
        else pd.CategoricalDtype(pd.Index(categories, dtype="str"))
    )
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


@functools.lru_cache(maxsize=256)
def _category_type(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The categorical type of these labels, made once per process: building it costs more
    than a small file's column, and the tables of a batch share their periods and KPI ids
    (types are immutable, so columns can share one)."""
    return pd.CategoricalDtype(pd.Index(categories, dtype="str"))


def _numbers(cells: tuple[str, ...]) -> np.ndarray | None:
    """A number column as pandas types it: integers when every cell is a whole number;
    else decimals, NaN where a cell is empty. Whole numbers with empty cells among them are
    read as integers first (``-0`` becomes 0.0, not -0.0)."""
    joined = "\n".join(cells) + "\n"
    if not _NUMBER_CELLS.fullmatch(joined):
        return None
    whole = "." not in joined
    if "\n\n" not in joined and not joined.startswith("\n"):  # no empty cell
        if whole:
            return np.array([int(cell) for cell in cells], dtype=np.int64)
        return np.array([float(cell) for cell in cells], dtype=np.float64)
    read: Callable[[str], float] = (lambda cell: float(int(cell))) if whole else float
    return np.array([read(cell) if cell else math.nan for cell in cells], dtype=np.float64)
