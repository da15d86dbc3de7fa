"""A CSV file's bytes as the reader needs them: whole for a small file, streamed for a large one.

Read into one bytes object, a 150 MB extract costs a tenth of a second of fresh memory (page
faults) before the parser has seen a byte, and that memory stays in the peak to the end of
the read. A large file is instead read by the parser from the open file, a block at a time,
as ``pandas.read_csv`` reads a path; the same pass counts the file's lines and checks that
its bytes are UTF-8, which otherwise take passes of their own over the whole file.

Both kinds answer the same questions (the first bytes, a stream from the start, the line
count, the whole file for the rare paths that need it), so the reader has one code path. A
streamed file can be read more than once (a column read again as text); should it change
between two reads, :class:`FileChanged` makes the reader start again from one snapshot.
"""

from __future__ import annotations

import codecs
import io
import os
from typing import IO, cast

import numpy as np

_NEWLINE = ord("\n")


class FileChanged(Exception):
    """The file changed between two reads of it (it is being written): read it again whole."""


class NotUtf8(Exception):
    """A streamed file read as UTF-8 turned out not to be: read it again whole, so that its
    encoding is told from all of its bytes."""


def line_count(raw: bytes) -> int:
    """Lines of ``raw``, as the csv module and an editor count them at each line feed."""
    counter = _LineCounter()
    counter.add(raw)
    return counter.lines()


class _LineCounter:
    """Line feeds counted a block at a time: ``bytes.count`` walks the bytes one by one, at a
    third of the speed (0.3 s for a 150 MB file)."""

    _BLOCK = 1 << 20

    def __init__(self) -> None:
        self.feeds = 0
        self.last = b""

    def add(self, block: bytes) -> None:
        view = np.frombuffer(block, dtype=np.uint8)
        for start in range(0, len(view), self._BLOCK):
            self.feeds += int(np.count_nonzero(view[start : start + self._BLOCK] == _NEWLINE))
        if block:
            self.last = block[-1:]

    def lines(self) -> int:
        return self.feeds + (0 if self.last == b"\n" else 1)


class CsvBytes:
    """The bytes of a CSV file held in memory (a small file, or a snapshot of a large one)."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def __len__(self) -> int:
        return len(self.raw)

    def head(self, size: int) -> bytes:
        return self.raw[:size]

    def stream(self) -> IO[bytes]:
        return io.BytesIO(self.raw)

    def whole(self) -> bytes:
        return self.raw

    def line_count(self) -> int:
        return line_count(self.raw)

    def check_utf8(self) -> None:
        """Nothing to check: the encoding of a file in memory is told from all of it."""


class StreamedCsv(CsvBytes):
    """A large CSV file read from its open ``handle`` by each pass of the parser.

    The first pass that reads to the end also counts the lines and, when
    :attr:`expect_utf8` is set (a file taken to be UTF-8 from its first bytes), checks the
    rest. ``handle`` stays open (and unchanged, or :class:`FileChanged` is raised) for as
    long as the file is read.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self._stat = _identity(handle)
        self.expect_utf8 = False
        """Set before the first stream: check that the bytes are UTF-8 as they pass."""
        self._scan: _ScanningReader | None = None
        self._lines: int | None = None
        self._utf8 = True
        self._raw: bytes | None = None

    def __len__(self) -> int:
        return self._stat[0]

    def head(self, size: int) -> bytes:
        self._rewind()
        return self.handle.read(size)

    def stream(self) -> IO[bytes]:
        self._rewind()
        if self._lines is not None:  # scanned: the bytes alone (the parser may close its stream)
            return cast("IO[bytes]", _ScanningReader(self.handle, scan=False, check_utf8=False))
        self._scan = _ScanningReader(self.handle, scan=True, check_utf8=self.expect_utf8)
        return cast("IO[bytes]", self._scan)

    def whole(self) -> bytes:
        if self._raw is None:
            self._rewind()
            self._raw = self.handle.read()
            if _identity(self.handle) != self._stat:
                raise FileChanged
        return self._raw

    def line_count(self) -> int:
        self._finish_scan()
        assert self._lines is not None
        return self._lines

    def check_utf8(self) -> None:
        """Raise :class:`NotUtf8` if the file was taken to be UTF-8 and is not."""
        self._finish_scan()
        if not self._utf8:
            raise NotUtf8

    def _finish_scan(self) -> None:
        """The scan's results: from the pass that read the whole file, or from a pass of
        its own when none did (the parser stopped early)."""
        if self._lines is not None:
            return
        scan = self._scan
        if scan is None or not scan.at_end:
            scan = _ScanningReader(self.handle, scan=True, check_utf8=self.expect_utf8)
            self._rewind()
            while scan.read(1 << 20):
                pass
        self._lines, self._utf8 = scan.counter.lines(), scan.utf8
        if _identity(self.handle) != self._stat:
            raise FileChanged

    def _rewind(self) -> None:
        if _identity(self.handle) != self._stat:
            raise FileChanged
        self.handle.seek(0)


def _identity(handle: IO[bytes]) -> tuple[int, int]:
    """Size and modification time: they change when the file is written."""
    info = os.fstat(handle.fileno())
    return info.st_size, info.st_mtime_ns


class _ScanningReader(io.RawIOBase):
    """The file's bytes for the parser, with ``scan`` counted and checked on the way."""

    def __init__(self, handle: IO[bytes], *, scan: bool, check_utf8: bool) -> None:
        super().__init__()
        self._handle = handle
        self._counting = scan
        self._decoder = codecs.getincrementaldecoder("utf-8")() if check_utf8 else None
        self.counter = _LineCounter()
        self.utf8 = True
        self.at_end = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._handle.read(size)
        if not self._counting:
            return block
        self.counter.add(block)
        decoder = self._decoder
        # ASCII needs no decoding, unless it follows the first bytes of a character.
        if (
            decoder is not None
            and self.utf8
            and not (block.isascii() and not decoder.getstate()[0])
        ):
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError:
                self.utf8 = False
        if not block:
            self.at_end = True
        return block

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        block = self.read(len(buffer))
        buffer[: len(block)] = block
        return len(block)
