"""Reading CSV files as Excel and finance systems export them.

Handles UTF-8 with or without BOM, UTF-16, cp1252/latin-1, comma, semicolon (with decimal
comma), tab and pipe delimiters, quoted cells, blank rows, title rows above the header and
trailing empty columns. Well-formed files take pandas' C parser; a file whose rows do not
line up with the header falls back to Python's csv module, so that every ragged row can be
reported with its line.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO, cast

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Issue
from valaudit.load.csv_frame import parse_frame
from valaudit.load.csv_source import CsvBytes, FileChanged, NotUtf8, StreamedCsv
from valaudit.load.paths import UserPath, regular_size
from valaudit.load.raw import RawTable, TableReadError, find_header_row, fold

_SNIFF_BYTES = 256 * 1024
#: How far a header that does not fit the sniff window is read to count its cells.
_LONGEST_RECORD_BYTES = 16 * 1024 * 1024
#: Line ends as the csv module counts them.
_LINE_END = re.compile(rb"\r\n|\r|\n")
#: Files larger than this are streamed to the parser rather than read whole first.
STREAM_ABOVE = _SNIFF_BYTES
_DELIMITERS = (",", ";", "\t", "|")
#: Any byte that is not blank, a byte-order mark or UTF-16 padding: a file without one is empty.
#: (A search stops at the first; stripping would copy the whole file.)
_CONTENT = re.compile(rb"[^ \t\r\n\xef\xbb\xbf\xff\xfe\x00]")


def detect_encoding(raw: bytes) -> tuple[str, str | None]:
    """The encoding to read ``raw`` with, and its name for a warning when it is not UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", None
    if raw.isascii():  # most exports: a check far cheaper than decoding
        return "utf-8", None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1", "latin-1 (ISO-8859-1)"
        return "cp1252", "Windows-1252 (Western European)"
    return "utf-8", None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most regular, fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        # Lines this delimiter does not split (a title above the header) say nothing about it.
        widths = [len(row) for row in rows if len(row) > 1]
        if not widths:
            continue
        common = max(sorted(set(widths)), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def records_with_lines(text: str | TextIO, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (quoted cells may span several lines).

    Spaces after a delimiter are skipped, as pandas does for the data, so that ``1, "2.5"``
    reads the same in the header search, the row numbering and the data. A record the csv
    module cannot read raises :class:`TableReadError` located at its row.
    """
    stream = io.StringIO(text, newline="") if isinstance(text, str) else text
    reader = csv.reader(stream, delimiter=delimiter, skipinitialspace=True)
    end = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _record_error(error, end + 1) from None
        yield end + 1, record
        end = reader.line_num


def _record_error(error: csv.Error, line: int) -> TableReadError:
    if "field larger than field limit" in str(error):
        return TableReadError(
            "cell_too_large",
            f"The cell starting on row {line} is longer than {csv.field_size_limit():,} "
            "characters; a KPI table holds short labels and numbers.",
            'Look for a quote (") that is opened and never closed on this row, or text pasted '
            "into the table.",
            row=line,
        )
    return TableReadError(
        "not_a_table", f"The file cannot be read as CSV from row {line}: {error}.", row=line
    )


def _whole_record(raw: bytes, encoding: str, delimiter: str, line: int) -> list[str]:
    """The record that starts on ``line``, read beyond the sniff window (up to 16 MiB)."""
    start = 0
    for _, end in zip(range(line - 1), _LINE_END.finditer(raw), strict=False):
        start = end.end()
    text = raw[start : start + _LONGEST_RECORD_BYTES].decode(encoding, errors="ignore")
    return next(records_with_lines(text, delimiter), (line, []))[1]


def read_csv(file: UserPath, required: Sequence[str]) -> tuple[RawTable, list[Issue]]:
    """Read one CSV file; ``required`` are the folded headers that identify the header row.

    Returns the table and notes worth a warning (the encoding used, when not UTF-8).
    Raises :class:`TableReadError` when the file cannot be read as a table at all.
    """
    path, display = file.path, file.shown
    size = regular_size(path)
    if size > limits.MAX_TABLE_BYTES:
        raise TableReadError(
            "file_too_large",
            f"The file is {size / 2**30:.1f} GiB; valaudit reads tables up to "
            f"{limits.MAX_TABLE_BYTES / 2**30:.0f} GiB.",
            "Split the extract by year or by KPI and list each part under data:.",
        )
    with path.open("rb") as handle:
        if size > STREAM_ABOVE:
            streamed = StreamedCsv(handle)
            try:
                try:
                    return _read(streamed, display, required)
                except TableReadError:
                    # The error quotes cells decoded as UTF-8: so they must be.
                    streamed.check_utf8()
                    raise
            except (FileChanged, NotUtf8):
                pass  # read again from one snapshot of all its bytes
            handle.seek(0)
        return _read(CsvBytes(handle.read()), display, required)


def _read(data: CsvBytes, display: str, required: Sequence[str]) -> tuple[RawTable, list[Issue]]:
    head = data.head(_SNIFF_BYTES)
    if not _CONTENT.search(head) and (len(data) <= len(head) or not _CONTENT.search(data.whole())):
        raise TableReadError("empty_file", "The file is empty.", "Export the KPI table again.")
    is_utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head and not is_utf16:
        raise TableReadError(
            "not_a_table",
            "The file holds binary data, not text: it is not a CSV file.",
            "If it is an Excel workbook, give it the .xlsx extension.",
        )
    encoding: str | None = None
    unusual: str | None = None
    if isinstance(data, StreamedCsv):
        encoding = _streamed_encoding(head)
        data.expect_utf8 = encoding == "utf-8"
    if encoding is None:  # told from all of the file's bytes, in memory
        data = CsvBytes(data.whole())
        encoding, unusual = detect_encoding(data.whole())
    notes = [_encoding_note(unusual)] if unusual else []
    if encoding == "utf-16":
        # A truncated file can end in half a character: show it as \ufffd rather than fail.
        data = CsvBytes(data.whole().decode("utf-16", errors="replace").encode("utf-8"))
        encoding = "utf-8"
        head = data.head(_SNIFF_BYTES)
    text = head.decode(encoding, errors="ignore")
    delimiter = sniff_delimiter(text)
    decimal = "," if delimiter == ";" else "."
    first_records = []  # the rows searched for the header, and the one after them
    for item in records_with_lines(text, delimiter):
        first_records.append(item)
        if len(first_records) > limits.HEADER_SEARCH_ROWS:
            break
    searched = first_records[: limits.HEADER_SEARCH_ROWS]
    header_index = find_header_row([record for _, record in searched], required)
    if header_index is None:
        first = next((r for _, r in searched if any(c.strip() for c in r)), [])
        raise header_missing(first, required)
    header_line, header_cells = first_records[header_index]
    if len(data) > _SNIFF_BYTES and header_index == len(first_records) - 1:
        # The sniff window may end inside the header: count all of it.
        header_cells = _whole_record(data.whole(), encoding, delimiter, header_line)
    data_start_line = (
        first_records[header_index + 1][0]
        if header_index + 1 < len(first_records)
        else header_line + 1
    )
    headers = [cell.strip() for cell in header_cells]
    if any(len(cell) > limits.MAX_CELL_CHARS for cell in headers):
        raise TableReadError(
            "cell_too_large",
            f"A header cell is longer than {limits.MAX_CELL_CHARS:,} characters, far longer "
            "than a header can be.",
            row=header_line,
        )
    check_width(len(headers), header_line)
    skip = data_start_line - 1
    labels = label_columns(headers, required)
    first_data = first_records[header_index + 1][1] if header_index + 1 < len(first_records) else []
    # A first row longer than the header would make pandas turn its leading cells into an
    # index, shifting every value one column along; a later one stops the parser. Such a
    # file is read with the header's columns only (the cells beyond are reported below).
    ragged = len(first_data) > len(headers)
    # Without chunksize or iterator, read_csv returns a frame (its stubs allow a reader too);
    # csv_frame asks for chunks, each then parsed in one piece (low_memory=False), so that
    # the parser never splits a chunk into parts typed on their own.
    parse = cast(
        "Callable[..., pd.DataFrame]",
        functools.partial(
            pd.read_csv,
            sep=delimiter,
            header=None,
            names=list(range(len(headers))),
            skiprows=skip,
            skip_blank_lines=False,
            keep_default_na=False,
            na_values=[""],
            encoding=encoding,
            skipinitialspace=True,
            low_memory=False,
            encoding_errors="replace",
            index_col=False,
        ),
    )
    # A small file goes to the parser as the bytes they are.
    source = data if isinstance(data, StreamedCsv) else data.whole()
    try:
        try:
            frame = parse_frame(
                parse, source, len(headers), labels, decimal, len(headers) if ragged else None
            )
        except (pd.errors.ParserError, ValueError):
            if ragged:
                raise
            ragged = True
            frame = parse_frame(parse, source, len(headers), labels, decimal, len(headers))
    except (pd.errors.ParserError, ValueError):
        data.check_utf8()
        return _read_ragged(
            data.whole(), encoding, delimiter, skip, headers, display, decimal, header_line
        ), notes
    data.check_utf8()
    errors: list[tuple[int, int, str, str]] = []
    if not ragged and skip + len(frame) == data.line_count():
        rows = np.arange(skip + 1, skip + 1 + len(frame), dtype=np.int64)
    else:
        rows, errors = _record_lines(
            data.whole(), encoding, delimiter, skip, len(headers) if ragged else None
        )
        if len(rows) < len(frame):
            return _read_ragged(
                data.whole(), encoding, delimiter, skip, headers, display, decimal, header_line
            ), notes
        rows = rows[: len(frame)]
    return _table(display, headers, header_line, frame, rows, decimal, errors), notes


def _streamed_encoding(head: bytes) -> str | None:
    """The encoding of a large file as its first bytes tell it, if they can: UTF-8 (to be
    confirmed by the rest) or UTF-8 with a byte-order mark; None when only all of the
    file's bytes can tell (UTF-16, or bytes that are not UTF-8)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if head.isascii():
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # may end inside a character
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _record_lines(
    raw: bytes, encoding: str, delimiter: str, skip: int, width: int | None
) -> tuple[np.ndarray, list[tuple[int, int, str, str]]]:
    """The line each data record starts on (quoted cells may span lines), and, with a
    ``width``, an ``extra_cells`` error for each record with text beyond it.

    One pass with the csv module over the bytes decoded as it goes; only the line numbers
    are kept, as one integer array.
    """
    text = io.TextIOWrapper(io.BytesIO(raw), encoding, errors="replace", newline="")
    errors: list[tuple[int, int, str, str]] = []

    def starts() -> Iterator[int]:
        for line, record in records_with_lines(text, delimiter):
            if line <= skip:
                continue
            if width is not None and len(record) > width:
                extra = [cell for cell in record[width:] if cell.strip()]
                if extra:
                    errors.append((line, width, "extra_cells", _shown(extra)))
            yield line

    return np.fromiter(starts(), dtype=np.int64), errors


def _shown(cells: list[str]) -> str:
    return ", ".join(repr(c if len(c) <= 40 else c[:37] + "...") for c in cells[:5])


def _encoding_note(encoding: str) -> Issue:
    return Issue(
        "encoding",
        f"The file is not UTF-8; it was read as {encoding}.",
        "Save it as UTF-8 (CSV UTF-8 in Excel) to be sure.",
        severity="warning",
    )


def check_width(width: int, header_row: int) -> None:
    """Refuse a header wider than any spreadsheet can be: it is not a KPI table."""
    if width > limits.MAX_TABLE_COLUMNS:
        raise TableReadError(
            "too_many_columns",
            f"The header row has {width:,} columns; valaudit reads tables of up to "
            f"{limits.MAX_TABLE_COLUMNS:,} columns (Excel's own limit).",
            "Check the delimiter, or split the table.",
            row=header_row,
        )


def label_columns(headers: Sequence[str], required: Sequence[str]) -> list[int]:
    """Positions of columns holding labels (period, kpi, segment): read as categories."""
    wanted = (set(required) | {"segment"}) - {"value"}
    return [i for i, header in enumerate(headers) if fold(header) in wanted]


def header_missing(
    first: Sequence[object], required: Sequence[str], sheet: str | None = None
) -> TableReadError:
    cells = tuple(str(c).strip()[:100] for c in first if c is not None and str(c).strip())
    found = ", ".join(repr(c) for c in cells)
    return TableReadError(
        "header_missing",
        f"No header row with the column(s) {', '.join(repr(r) for r in required)} was found in "
        f"the first {limits.HEADER_SEARCH_ROWS} rows; the first row holds "
        f"{found[:300] or 'nothing'}.",
        "Rename the columns in the file, or map your own headers under 'columns:' in the "
        "thesis, e.g. columns: {period: Month, kpi: Metric, value: Value}.",
        sheet=sheet,
        row=1,
        choices=cells[:50],
    )


def _table(
    display: str,
    headers: list[str],
    header_line: int,
    frame: pd.DataFrame,
    rows: np.ndarray,
    decimal: str,
    cell_errors: list[tuple[int, int, str, str]] | None = None,
) -> RawTable:
    blank = np.ones(len(frame), dtype=bool)
    for _, column in frame.items():  # a column at a time: no frame-sized mask of cells
        blank &= _empty_cells(column)
    if blank.any():
        frame = frame.loc[~blank].reset_index(drop=True)
        rows = rows[~blank]
    return RawTable(
        file=display,
        sheet=None,
        headers=headers,
        header_row=header_line,
        frame=frame,
        rows=rows,
        decimal=decimal,
        cell_errors=cell_errors or [],
    )


def _empty_cells(column: pd.Series) -> np.ndarray:
    """Which of the column's cells are empty; for labels and numbers without the general
    missing-value machinery, which costs a small file more than its parse."""
    values = column.array
    if isinstance(values, pd.Categorical):
        return cast("np.ndarray", values.codes < 0)
    if column.dtype.kind == "f":
        return cast("np.ndarray", np.isnan(column.to_numpy()))
    return column.isna().to_numpy()


def _read_ragged(
    raw: bytes,
    encoding: str,
    delimiter: str,
    skip: int,
    headers: list[str],
    display: str,
    decimal: str,
    header_line: int,
) -> RawTable:
    """The last resort, for files pandas cannot parse even with the header's columns
    only: every record through the csv module (memory some 20 times the file's size)."""
    width = len(headers)
    text = raw.decode(encoding, errors="replace")
    data: list[list[str | None]] = []
    rows: list[int] = []
    errors: list[tuple[int, int, str, str]] = []
    for line, record in records_with_lines(text, delimiter):
        if line <= skip:
            continue
        cells: list[str | None] = [cell if cell.strip() else None for cell in record[:width]]
        cells.extend([None] * (width - len(cells)))
        extra = [cell for cell in record[width:] if cell.strip()]
        if extra:
            errors.append((line, width, "extra_cells", _shown(extra)))
        data.append(cells)
        rows.append(line)
    frame = pd.DataFrame(data, columns=list(range(width)), dtype=object)
    return _table(
        display, headers, header_line, frame, np.asarray(rows, dtype=np.int64), decimal, errors
    )
