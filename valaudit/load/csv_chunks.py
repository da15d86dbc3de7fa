"""A CSV file's data rows as chunks of frames: from one parser, or from two at once.

pandas' C parser leaves the interpreter lock while it tokenizes and converts, so a large
file cut in two at the start of a line is parsed on two cores in a little over half the
time. Each chunk comes with its place in the file, ``(part, index)``: chunks of the later
part may arrive first, and the caller puts them in order. The cut must not change what is
read, so it is made only where every reading agrees that a new record starts
(:func:`split_point`).
"""

from __future__ import annotations

import io
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO, cast

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.parsers import TextFileReader

#: Files from this size are parsed in two parts at once.
PARALLEL_BYTES = 8 << 20
#: What pandas' tokenizer skips at the start of what it reads: a UTF-8 byte-order mark.
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"
#: Lines tried after the middle of a file for a place to cut it.
_TRIED_LINES = 100

#: Where a chunk belongs: its part of the file, and its place in that part.
Place = tuple[int, int]


def split_point(raw: bytes, delimiter: str, width: int) -> int | None:
    """Where ``raw`` can be cut in two, each part parsed on its own: the start of a line
    near the middle.

    None for a small file, a single core, or when a cut could change what is read: a file
    with quotes (a quoted cell may span lines), or no line near the middle that is plainly
    one record of ``width`` cells (no carriage return inside, not starting with a byte-order
    mark, which the parser would skip). The parser of the later part checks the names it is
    given against the widest of its first rows, as a whole-file parse checks them against
    the file's first rows: a full record first keeps that check as it was.
    """
    if len(raw) < PARALLEL_BYTES or _usable_cores() < 2 or b'"' in raw:
        return None
    separator = delimiter.encode("ascii")
    end = raw.find(b"\n", len(raw) // 2)
    for _ in range(_TRIED_LINES):
        if end == -1:
            return None
        start, end = end + 1, raw.find(b"\n", end + 1)
        line = raw[start : end if end != -1 else len(raw)].removesuffix(b"\r")
        if (
            line.count(separator) == width - 1
            and b"\r" not in line
            and not line.startswith(_BYTE_ORDER_MARK)
        ):
            return start
    return None


def chunks(
    parse: Callable[..., pd.DataFrame],
    raw: bytes,
    rows: int,
    split_at: int | None,
    **options: object,
) -> Iterator[tuple[Place, pd.DataFrame]]:
    """Frames of ``rows`` rows each (the last fewer), each with its place in the file."""
    if split_at is None:
        for index, chunk in enumerate(_read(parse, io.BytesIO(raw), rows, **options)):
            yield (0, index), chunk
        return
    view = memoryview(raw)
    # Two parsers at once, each with half a chunk of tokens: the memory of one.
    half = max(1, rows // 2)
    parts = [
        (io.BufferedReader(_Bytes(view[:split_at])), options),
        (io.BufferedReader(_Bytes(view[split_at:])), {**options, "skiprows": 0}),
    ]
    arrived: queue.Queue[tuple[Place | None, pd.DataFrame | BaseException | None]]
    arrived = queue.Queue()
    stop = threading.Event()

    def parse_part(part: int, stream: BinaryIO, more: dict[str, object]) -> None:
        try:
            for index, chunk in enumerate(_read(parse, stream, half, **more)):
                if stop.is_set():
                    break
                arrived.put(((part, index), chunk))
        except BaseException as error:  # handed to the caller, as a single parser raises it
            arrived.put((None, error))
            return
        arrived.put((None, None))

    threads = [
        threading.Thread(target=parse_part, args=(number, stream, more), daemon=True)
        for number, (stream, more) in enumerate(parts)
    ]
    for thread in threads:
        thread.start()
    try:
        finished = 0
        while finished < len(threads):
            place, item = arrived.get()
            if place is None:
                if isinstance(item, BaseException):
                    raise item
                finished += 1
                continue
            yield place, cast("pd.DataFrame", item)
    finally:
        stop.set()  # a part still being read stops at its next chunk
        for thread in threads:
            thread.join()


def _read(
    parse: Callable[..., pd.DataFrame], stream: BinaryIO, rows: int, **options: object
) -> Iterator[pd.DataFrame]:
    # With a chunk size the parser returns a reader of frames, not a frame.
    reader = cast("TextFileReader", parse(stream, chunksize=rows, **options))
    with reader:
        yield from reader


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on (Linux)
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class _Bytes(io.RawIOBase):
    """Bytes as a stream without copying them (``io.BytesIO`` copies all of a view)."""

    def __init__(self, data: memoryview) -> None:
        self._data = data
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        part = self._data[self._at : self._at + len(buffer)]
        memoryview(buffer)[: len(part)] = part
        self._at += len(part)
        return len(part)
