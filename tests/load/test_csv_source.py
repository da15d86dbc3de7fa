"""A large CSV file streamed to the parser reads exactly as the same file read whole.

Streaming starts above a size; here it is forced on small files, with a sniff window of a few
bytes, so that what only the rest of the file shows (bytes that are not UTF-8, quoted line
breaks, rows wider than the header, a header longer than the window) lies beyond the bytes the
reader decides from.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from valaudit.load import csv_frame, csv_reader, csv_source
from valaudit.load.csv_reader import read_csv
from valaudit.load.paths import UserPath
from valaudit.load.raw import RawTable, TableReadError

REQUIRED = ["period", "kpi", "value"]

_CELLS = st.sampled_from(
    ["2025-01", "2025-02", "adoption", "team é", "1.5", "", "n/a", "€ 3", "1,5", '"a\nb"', "x"]
)
_ROWS = st.lists(st.lists(_CELLS, min_size=1, max_size=5), max_size=12)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A KPI table (sometimes under a title row, with blank rows) in some encoding."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lines = [delimiter.join(["period", "kpi", "value", "segment"])]
    if draw(st.booleans()):
        lines.insert(0, "Export of KPIs")
    lines += [delimiter.join(row) for row in draw(_ROWS)]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def read(path: Path, *, streamed: bool) -> object:
    """What the reader makes of the file: the table and notes, or the error it raises."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_reader, "STREAM_ABOVE", 0 if streamed else 1 << 40)
        try:
            table, notes = read_csv(UserPath(path, "kpis.csv"), REQUIRED)
        except TableReadError as error:
            return ("error", error.issue, error.row)
    return (*summary(table), notes)


def summary(table: RawTable) -> tuple[object, ...]:
    frame = table.frame.astype(object).where(table.frame.notna(), None)
    return (
        table.headers,
        table.header_row,
        [list(row) for row in frame.itertuples(index=False)],
        [str(dtype) for dtype in table.frame.dtypes],
        table.rows.tolist(),
        table.decimal,
        table.cell_errors,
    )


# A window that ends inside the first data row hides that it is wider than the header; the
# parser then warns, streamed or not (a window of 256 KiB ends inside no real first row).
@pytest.mark.filterwarnings("ignore::pandas.errors.ParserWarning")
@given(
    content=st.one_of(csv_files(), st.binary(max_size=200)),
    window=st.sampled_from([8, 40, 1 << 18]),
    chunk=st.sampled_from([2, 1 << 18]),
)
@example(content="period,kpi,value\n2025-01,a,1\n2025-02,é,2\n".encode("cp1252"), window=8, chunk=2)
@example(content=b"period,kpi,value\n2025-01,a,1\n2025-02,\xc3", window=8, chunk=2)  # cut short
@example(content=b"period,kpi,value\n2025-01,a,1\n2025-02,b,2,extra\n", window=8, chunk=2)
@example(content=b'period,kpi,value\n2025-01,"a\nb",1\n', window=8, chunk=2)
def test_a_streamed_file_reads_as_the_file_read_whole(
    content: bytes, window: int, chunk: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_reader, "_SNIFF_BYTES", window)
        patch.setattr(csv_frame, "CHUNK_ROWS", chunk)
        path = Path(folder) / "kpis.csv"
        path.write_bytes(content)
        assert read(path, streamed=True) == read(path, streamed=False)


def large_csv(path: Path, rows: int) -> None:
    lines = [f"2025-{m % 12 + 1:02d},kpi_{m % 7},team_{m % 5},{m}.5" for m in range(rows)]
    path.write_text("period,kpi,segment,value\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_a_large_well_formed_file_is_never_held_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The point of streaming: no copy of the file's bytes beside the frame."""

    def refuse(self: object) -> bytes:
        raise AssertionError("the whole file was read into memory")

    monkeypatch.setattr(csv_source.StreamedCsv, "whole", refuse)
    monkeypatch.setattr(csv_source.CsvBytes, "__init__", refuse)
    path = tmp_path / "kpis.csv"
    large_csv(path, 30_000)
    assert path.stat().st_size > csv_reader.STREAM_ABOVE
    table, notes = read_csv(UserPath(path, "kpis.csv"), REQUIRED)
    assert notes == [] and len(table.frame) == 30_000
    assert table.rows[[0, -1]].tolist() == [2, 30_001]
    assert table.frame[3].iloc[-1] == 29_999.5


def test_a_file_that_changes_while_read_is_read_again_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its size or time differ from one pass to the next: it is read again as one snapshot,
    which gives what reading it whole gives."""
    path = tmp_path / "kpis.csv"
    large_csv(path, 30_000)
    expected = read(path, streamed=False)
    stamps = iter(range(1_000_000))
    monkeypatch.setattr(csv_source, "_identity", lambda handle: (next(stamps), 0))
    streamed: list[bool] = []
    real_read = csv_reader._read

    def recorded(data: csv_source.CsvBytes, *args: object) -> object:
        streamed.append(isinstance(data, csv_source.StreamedCsv))
        return real_read(data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_reader, "_read", recorded)
    assert read(path, streamed=True) == expected
    assert streamed == [True, False]


def test_a_large_file_not_utf8_beyond_its_first_bytes_is_read_as_before(tmp_path: Path) -> None:
    """Its first 256 KiB are ASCII; a Windows-1252 'é' far below makes it Windows-1252."""
    path = tmp_path / "kpis.csv"
    large_csv(path, 30_000)
    path.write_bytes(path.read_bytes() + "2025-01,kpi_é,team_0,1.5\n".encode("cp1252"))
    table, notes = read_csv(UserPath(path, "kpis.csv"), REQUIRED)
    assert [note.code for note in notes] == ["encoding"]
    assert table.frame[1].iloc[-1] == "kpi_é"
    assert isinstance(table.frame[1].dtype, pd.CategoricalDtype)
