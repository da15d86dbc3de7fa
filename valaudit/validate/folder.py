"""Validating one audit folder: the thesis, then each table, then the tables together.

Every step runs even when an earlier one found errors, as far as its inputs allow, so the
user sees every problem of every file in one run.
"""

from __future__ import annotations

from dataclasses import replace

from valaudit.errors import Location, Problem, ProblemLog
from valaudit.load.data_sources import lenient_sources
from valaudit.load.paths import Target, UnusablePath, outside_folder, resolve_target
from valaudit.load.raw import TableReadError
from valaudit.load.sheet_prefetch import SheetPrefetch
from valaudit.load.tables import read_table
from valaudit.load.yaml_reader import format_path
from valaudit.model.thesis import DataSource
from valaudit.model.validation import FolderValidation, ValidationStats
from valaudit.validate import read_hints
from valaudit.validate.against_thesis import check_against_thesis
from valaudit.validate.dataset import combine
from valaudit.validate.plausibility import check_plausibility
from valaudit.validate.table import TypedTable, check_long, check_wide, required_headers
from valaudit.validate.thesis import check_thesis_file
from valaudit.validate.thesis_checks import SUPPORTED_SUFFIXES


def validate_folder(
    argument: str, *, allow_outside: bool = False, prefetch: SheetPrefetch | None = None
) -> FolderValidation:
    """Validate the folder (or thesis file) ``argument``; never raises for bad input.

    ``prefetch`` is what a :class:`SheetPrefetch` started on ``argument`` read ahead: the
    thesis and the first workbook sheet are taken from it instead of being read again.
    """
    target = resolve_target(argument)
    log = ProblemLog()
    read = prefetch.take_thesis(target.thesis_file) if prefetch is not None else None
    check, thesis_problems = check_thesis_file(target.thesis_file, read)
    log.extend(thesis_problems)
    thesis = check.thesis
    if thesis is not None:
        sources = list(thesis.data)
        ids = list(thesis.measures)
    elif check.document is not None:
        sources, ids = lenient_sources(check.document)
    else:
        return FolderValidation(
            target.display, None, None, log.sorted(), ValidationStats(files=1), (target.thesis,)
        )
    tables: list[TypedTable] = []
    rows_read = 0
    files: set[str] = set()
    for source in sources:
        typed, rows = _read_source(source, ids, target, allow_outside, prefetch, log)
        files.add(source.path)
        rows_read += rows
        if typed is not None:
            tables.append(typed)
    observations = combine(tables, rows_read, log)
    if thesis is not None:
        check_against_thesis(observations, thesis, log, tables)
    check_plausibility(observations, thesis, log)
    stats = ValidationStats(
        files=1 + len(files),
        tables=len(tables),
        rows=rows_read,
        kpis=len(ids),
    )
    return FolderValidation(
        target=target.display,
        thesis=thesis,
        observations=observations if thesis is not None else None,
        problems=log.sorted(),
        stats=stats,
        inputs=(target.thesis, *(target.folder.path / source.path for source in sources)),
    )


def _read_source(
    source: DataSource,
    ids: list[str],
    target: Target,
    allow_outside: bool,
    prefetch: SheetPrefetch | None,
    log: ProblemLog,
) -> tuple[TypedTable | None, int]:
    """Read and check one table. A table that cannot be read is a root cause: the checks
    of the data as a whole (KPIs without rows, comparison segments) depend on it."""
    file = target.folder.join(source.path)
    display = file.shown
    thesis_display = target.display
    where = {"line": source.line, "path": format_path(("data", source.index, "path"))}

    def root(code: str, message: str, file: str, hint: str | None = None, **at: object) -> None:
        log.add_root("data", Problem(code=code, message=message, file=file, hint=hint, **at))  # type: ignore[arg-type]

    if not source.path.lower().endswith(SUPPORTED_SUFFIXES):
        return None, 0  # reported by the thesis checks
    try:
        outside = outside_folder(target.folder.path, source.path)
    except UnusablePath as error:
        root(
            "file_unreadable",
            f"The data path '{source.path}' cannot be used: {error}.",
            thesis_display,
            hint="Check the path for stray characters, and that no link in it points to itself.",
            **where,
        )
        return None, 0
    if not allow_outside and outside:
        root(
            "path_outside_folder",
            f"The data path '{source.path}' points outside the audit folder.",
            thesis_display,
            hint="Copy the file into the audit folder, or run with --allow-outside if you "
            "trust this thesis.",
            **where,
        )
        return None, 0
    try:
        raw, notes = read_table(file, source.sheet, required_headers(source), prefetch)
    except FileNotFoundError:
        root(
            "file_not_found",
            f"The data file '{source.path}' named in the thesis does not exist.",
            thesis_display,
            hint=f"Check the path (it is relative to the thesis file): looked for {display}.",
            **where,
        )
        return None, 0
    except IsADirectoryError:
        root(
            "file_unreadable",
            f"'{source.path}' is a folder, not a data file.",
            thesis_display,
            hint=f"Name the data file inside it, e.g. path: {source.path.rstrip('/')}/kpis.csv.",
            **where,
        )
        return None, 0
    except PermissionError:
        root(
            "file_unreadable",
            "The file cannot be opened: permission denied.",
            display,
            hint="Check the file's permissions, or close it if another program locks it.",
        )
        return None, 0
    except OSError as error:
        root(
            "file_unreadable",
            f"The file cannot be read: {error.strerror or error}.",
            display,
            hint="Check that the file is complete and not open in another program.",
        )
        return None, 0
    except TableReadError as error:
        log.add_root("data", _read_failure(error, source, display, thesis_display, ids))
        return None, 0
    for note in notes:
        log.add(Problem.of(note, Location(display, sheet=raw.sheet)))
    if source.layout == "wide":
        typed = check_wide(raw, source, ids, log)
    else:
        typed = check_long(raw, source, log)
    return typed, len(raw.frame)


def _read_failure(
    error: TableReadError, source: DataSource, display: str, thesis: str, ids: list[str]
) -> Problem:
    """The problem of a table that cannot be read, with a hint for this table."""
    code = error.issue.code
    if code == "sheet_not_found":
        # The fix is in the thesis: point at its sheet: line.
        return Problem(
            code=code,
            message=f"The workbook '{source.path}' has no sheet named '{source.sheet}'. Its "
            f"sheets are: {', '.join(repr(name) for name in error.choices[:20]) or 'none'}.",
            file=thesis,
            line=source.lines.get("sheet", source.line),
            path=format_path(("data", source.index, "sheet")),
            hint=read_hints.sheet_not_found(source.sheet or "", error.choices, source),
        )
    problem = error.at(display)
    if code == "header_missing":
        hint = read_hints.header_missing(source, error.choices, ids)
        return replace(problem, hint=hint)
    return problem
