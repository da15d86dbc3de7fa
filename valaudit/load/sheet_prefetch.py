"""Parsing a folder's first Excel sheet while the rest of valaudit is still loading.

calamine parses a worksheet in Rust without holding Python's interpreter lock, while
importing pandas and the analysis holds it for a third of a second. ``validate`` and
``audit`` call :func:`start` before they import either, so on a machine with two cores the
two run side by side; the XLSX reader then picks the parsed cells up with :func:`take`.

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

from valaudit import limits
from valaudit.load.paths import outside_folder, regular_size, resolve_target
from valaudit.load.xlsx_cells import PreparedSheet, prepare_sheet

_XLSX = (".xlsx", ".xlsm")


@dataclass
class _Job:
    path: Path
    sheet: str | None
    done: threading.Event = field(default_factory=threading.Event)
    result: PreparedSheet | None = None


_jobs: dict[tuple[str, str | None], _Job] = {}


def start(argument: str, *, allow_outside: bool = False) -> None:
    """Begin parsing the first XLSX sheet named by the thesis at ``argument`` on a thread.

    Only the first: its parse overlaps the imports, and a folder of many workbooks would
    otherwise hold every parsed sheet in memory at once.
    """
    try:
        jobs = _sheets_named(argument, allow_outside)[:1]
    except Exception:  # an odd thesis or path: the validation will say what is wrong
        return
    for job in jobs:
        stale = _jobs.pop(_key(job), None)  # not taken by an earlier run: the file may differ
        if stale is not None and stale.done.wait() and stale.result is not None:
            stale.result.package.close()
        _jobs[_key(job)] = job
    if jobs:
        threading.Thread(
            target=_prepare_all, args=(jobs,), name="valaudit-sheets", daemon=True
        ).start()


def take(path: Path, sheet: str | None) -> PreparedSheet | None:
    """The prefetched sheet for this path and sheet name, once; None if there is none."""
    job = _jobs.pop((str(path), sheet), None)
    if job is None:
        return None
    job.done.wait()
    return job.result


def _key(job: _Job) -> tuple[str, str | None]:
    return str(job.path), job.sheet


def _sheets_named(argument: str, allow_outside: bool) -> list[_Job]:
    from valaudit.load.yaml_reader import read_yaml
    from valaudit.validate.thesis import decode_text, lenient_sources

    try:
        target = resolve_target(argument)
        if regular_size(target.thesis) > limits.MAX_THESIS_BYTES:
            return []
        raw = target.thesis.read_bytes()
    except (OSError, ValueError):
        return []
    if b".xls" not in raw.lower():
        return []  # no workbook named: not worth reading the thesis twice
    document, _ = read_yaml(decode_text(raw)[0])
    if document is None:
        return []
    sources, _ = lenient_sources(document)
    return [
        _Job(target.folder / source.path, source.sheet)
        for source in sources
        if source.path.lower().endswith(_XLSX)
        and (allow_outside or not outside_folder(target.folder, source.path))
    ]


def _prepare_all(jobs: list[_Job]) -> None:
    for job in jobs:
        try:
            job.result = prepare_sheet(job.path, job.sheet)
        except Exception:  # the reader will meet the same problem and report it
            job.result = None
        finally:
            job.done.set()
