"""Parsing a folder's first Excel sheet while the rest of valaudit is still loading.

calamine parses a worksheet in Rust without holding Python's interpreter lock, while
importing pandas and the analysis holds it for a third of a second. ``validate`` and
``audit`` start a :class:`SheetPrefetch` before they import either, so on a machine with two
cores the two run side by side, and hand it to the validation, which takes the parsed cells
from it instead of parsing the sheet itself.

To know which sheet to parse, the prefetch reads the thesis, with the validation's own
reader; it keeps what it read, and the validation takes that too rather than reading and
parsing the thesis a second time.

Nothing here reports a problem. The same checks as in the reader come first (the path
stays in the folder, the file is a regular file of sane size, the zip and the sheet's extent
are within limits); whatever fails or is refused is simply not prefetched, and the reader
does the work again and reports it in its own words. This module imports neither pandas
nor anything that does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from valaudit import limits
from valaudit.load.data_sources import lenient_sources
from valaudit.load.paths import (
    THESIS_SUFFIXES,
    XLSX_SUFFIXES,
    UnusablePath,
    UserPath,
    outside_folder,
    resolve_target,
)
from valaudit.load.yaml_file import YamlFile, read_yaml_file

if TYPE_CHECKING:
    from valaudit.load.xlsx_cells import PreparedSheet
    from valaudit.load.xlsx_package import Package, SheetInfo


@dataclass
class _Job:
    path: Path
    sheet: str | None
    done: threading.Event = field(default_factory=threading.Event)
    result: PreparedSheet | None = None
    checked: threading.Event = field(default_factory=threading.Event)
    """Set once the sheet passed the limits (or the job ended): calamine is parsing it."""
    checked_part: tuple[Package, str] | None = None
    """The package and the sheet's part, once checked."""

    def run(self) -> None:
        from valaudit.load.xlsx_cells import prepare_sheet  # imported by start(): a lookup

        try:
            self.result = prepare_sheet(self.path, self.sheet, self._checked)
        except Exception:  # the reader will meet the same problem and report it
            self.result = None
        finally:
            self.checked.set()
            self.done.set()

    def _checked(self, package: Package, info: SheetInfo) -> None:
        if info.part is not None:
            self.checked_part = (package, info.part)
        self.checked.set()

    def find_notes_while_parsed(self) -> None:
        """Find the sheet's notes (error cells, formulas, percentages) while calamine is
        still parsing it, without the interpreter lock: work the reader would otherwise do
        after the parse, done while this thread would only wait for it."""
        self.checked.wait()
        if self.checked_part is not None and not self.done.is_set():
            package, part = self.checked_part
            package.sheet_notes(part)


class SheetPrefetch:
    """The thesis of one audit folder as read, and its first workbook sheet being parsed.

    Each is handed over once: :meth:`take_thesis` and :meth:`take_sheet` return None for
    anything this prefetch did not read (another folder, another sheet) or already handed
    over. :meth:`close` releases a sheet nobody took; a prefetch is also a context manager.
    """

    def __init__(
        self, thesis: tuple[UserPath, YamlFile] | None = None, job: _Job | None = None
    ) -> None:
        self._thesis = thesis
        self._job = job

    @classmethod
    def start(cls, argument: str, *, allow_outside: bool = False) -> SheetPrefetch:
        """Read the thesis at ``argument`` and begin parsing its first workbook sheet.

        Only the first: its parse overlaps the imports, and a folder of many workbooks would
        otherwise hold every parsed sheet in memory at once. Never raises: an odd thesis or
        path gives an empty prefetch, and the validation says what is wrong.
        """
        try:
            target = resolve_target(argument)
            if target.thesis.suffix.lower() not in THESIS_SUFFIXES:
                return cls()
            thesis = read_yaml_file(target.thesis_file, limits.MAX_THESIS_BYTES)
        except Exception:
            return cls()
        job = _first_workbook(target.folder, thesis, allow_outside)
        if job is not None:
            # The XLSX reader is imported only for a workbook, and in this thread: an import
            # in the parsing thread could wait on a module this thread is importing.
            import valaudit.load.xlsx_cells  # noqa: F401

            threading.Thread(target=job.run, name="valaudit-sheets", daemon=True).start()
        return cls((target.thesis_file, thesis), job)

    def take_thesis(self, file: UserPath) -> YamlFile | None:
        """The thesis as read at the start, if ``file`` is the one read; once."""
        if self._thesis is None or self._thesis[0] != file:
            return None
        thesis = self._thesis[1]
        self._thesis = None
        return thesis

    def take_sheet(self, path: Path, sheet: str | None) -> PreparedSheet | None:
        """The parsed sheet, if it is ``sheet`` of the workbook at ``path``; once.

        Waits for the parse to finish. The caller closes the sheet's package.
        """
        job = self._job
        if job is None or job.path != path or job.sheet != sheet:
            return None
        self._job = None
        job.find_notes_while_parsed()
        job.done.wait()
        return job.result

    def close(self) -> None:
        """Drop whatever was not taken, closing a parsed workbook."""
        job, self._job, self._thesis = self._job, None, None
        if job is not None and job.done.wait() and job.result is not None:
            job.result.package.close()

    def __enter__(self) -> SheetPrefetch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _first_workbook(folder: UserPath, thesis: YamlFile, allow_outside: bool) -> _Job | None:
    """The first workbook sheet the thesis names that the validation would read."""
    if thesis.document is None:
        return None
    try:
        sources, _ = lenient_sources(thesis.document)
    except Exception:  # an odd thesis: the validation will say what is wrong
        return None
    for source in sources:
        if not source.path.lower().endswith(XLSX_SUFFIXES):
            continue
        try:
            if not allow_outside and outside_folder(folder.path, source.path):
                continue
        except UnusablePath:
            continue
        return _Job(folder.join(source.path).path, source.sheet)
    return None
