"""Problems are values: every finding about the user's input is a located record.

An :class:`Issue` says what is wrong, a :class:`Location` where; a :class:`Problem` is the
two together. Loaders and validators append problems to a :class:`ProblemLog` instead of
raising, so that one bad cell never hides the next and one bad file never hides the
next file. Only the CLI decides what a collection of problems means for the exit code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from valaudit.exit_codes import ExitCode

Severity = Literal["error", "warning"]

#: Every code a problem was built with in this process, checked against the registry
#: (:mod:`valaudit.problem_codes`) by the test suite. Kept here, not checked here, so that
#: importing this module does not load the registry's texts.
CODES_SEEN: set[str] = set()

#: At most this many problems of one code are kept per file; the rest are summarised in one
#: more problem, so that a million bad rows give a readable report rather than a flood.
MAX_PROBLEMS_PER_CODE = 50


@dataclass(frozen=True, slots=True)
class Issue:
    """What is wrong (or worth knowing), without where.

    Parsers of one cell, one period label or one table know what is wrong before their
    caller knows which file, row or key path it is in; they return (or raise) an Issue and
    the caller places it with :meth:`Problem.of`.
    """

    code: str
    """Stable machine-readable code, e.g. ``bad_number`` (see :mod:`valaudit.problem_codes`)."""
    message: str
    """Plain-English description that quotes the offending value."""
    hint: str | None = None
    """How to fix it, when there is something specific to say."""
    severity: Severity = "error"
    """``error`` makes the input invalid; ``warning`` never changes the exit code."""

    def __post_init__(self) -> None:
        CODES_SEEN.add(self.code)


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is in the user's files; the parts that do not apply stay None."""

    file: str
    """The file as the user named it (relative paths stay relative)."""
    sheet: str | None = None
    """Worksheet name, for XLSX files."""
    row: int | None = None
    """Row number as shown by Excel or a text editor (header row included)."""
    column: str | None = None
    """The column header exactly as the user wrote it."""
    line: int | None = None
    """1-based line in a YAML file."""
    path: str | None = None
    """Key path in the thesis, e.g. ``kpis[2].target``."""

    def describe(self) -> str:
        """Human-readable location, e.g. ``data/kpis.csv, row 14, column 'Value'``."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.path is not None:
            parts.append(f"at {self.path}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with (or worth knowing about) the user's input, and where it is.

    An :class:`Issue` at a :class:`Location`. Its fields are kept flat (rather than the two
    parts nested) because the flat form is the problem's JSON form in every report.
    """

    code: str
    """Stable machine-readable code, e.g. ``bad_number``; every code is registered in
    :mod:`valaudit.problem_codes` and listed in docs/errors.md."""
    message: str
    """Plain-English description that quotes the offending value."""
    file: str
    """The file as the user named it (relative paths stay relative)."""
    severity: Severity = "error"
    """``error`` makes the input invalid; ``warning`` never changes the exit code."""
    sheet: str | None = None
    """Worksheet name, for XLSX files."""
    row: int | None = None
    """Row number as shown by Excel or a text editor (header row included)."""
    column: str | None = None
    """The column header exactly as the user wrote it."""
    line: int | None = None
    """1-based line in a YAML file."""
    path: str | None = None
    """Key path in the thesis, e.g. ``kpis[2].target``."""
    hint: str | None = None
    """How to fix it, when there is something specific to say."""

    def __post_init__(self) -> None:
        CODES_SEEN.add(self.code)

    @classmethod
    def of(cls, issue: Issue, where: Location) -> Problem:
        """The ``issue`` placed at ``where``."""
        return cls(
            code=issue.code,
            message=issue.message,
            file=where.file,
            severity=issue.severity,
            sheet=where.sheet,
            row=where.row,
            column=where.column,
            line=where.line,
            path=where.path,
            hint=issue.hint,
        )

    @property
    def issue(self) -> Issue:
        """What is wrong, without where."""
        return Issue(self.code, self.message, self.hint, self.severity)

    @property
    def where(self) -> Location:
        """Where it is."""
        return Location(self.file, self.sheet, self.row, self.column, self.line, self.path)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        """Human-readable location, e.g. ``data/kpis.csv, row 14, column 'Value'``."""
        return self.where.describe()

    def to_dict(self) -> dict[str, Any]:
        """JSON form: keys that do not apply are left out rather than set to null."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            self.sheet or "",
            self.line or 0,
            self.row or 0,
            self.column or "",
            self.code,
            self.message,
        )


@dataclass
class ProblemLog:
    """Collects problems for a whole run, capping floods of one code per file.

    ``cap`` is how many problems of one code one file keeps (None: all of them, for
    collections whose every entry names a different thing, such as one warning per KPI).
    """

    cap: int | None = MAX_PROBLEMS_PER_CODE
    problems: list[Problem] = field(default_factory=list)
    _per_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    _suppressed: Counter[tuple[str, str, Severity]] = field(default_factory=Counter)
    _roots: dict[str, list[int]] = field(default_factory=dict)
    _dependents: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        if self._kept(problem.file, problem.code, problem.severity):
            self.problems.append(problem)

    def place(self, issue: Issue, file: str, **where: Any) -> None:
        """Log ``issue`` in ``file`` at ``where`` (the other fields of a :class:`Location`).

        A problem beyond the cap is counted without being built: a million bad cells cost
        a counter each, not a million records.
        """
        if self._kept(file, issue.code, issue.severity):
            self.problems.append(Problem.of(issue, Location(file, **where)))

    def error(self, code: str, message: str, file: str, **where: Any) -> None:
        if self._kept(file, code, "error"):
            self.problems.append(
                Problem(code=code, message=message, file=file, severity="error", **where)
            )

    def warning(self, code: str, message: str, file: str, **where: Any) -> None:
        if self._kept(file, code, "warning"):
            self.problems.append(
                Problem(code=code, message=message, file=file, severity="warning", **where)
            )

    def _kept(self, file: str, code: str, severity: Severity) -> bool:
        """Count one more problem of ``code`` in ``file``; False when it is over the cap."""
        if self.cap is None:
            return True
        key = (file, code)
        self._per_code[key] += 1
        if self._per_code[key] > self.cap:
            self._suppressed[(file, code, severity)] += 1
            return False
        return True

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def add_root(self, cause: str, problem: Problem) -> None:
        """Log ``problem`` as a root cause: it makes the checks of ``cause`` meaningless.

        ``cause`` names what it breaks, e.g. ``data`` for a table that could not be read:
        the checks that depend on it log their findings with :meth:`add_dependent`, and
        those are then counted in this problem's message instead of listed one by one.
        """
        self._roots.setdefault(cause, []).append(len(self.problems))
        self.problems.append(problem)

    def add_dependent(self, cause: str, problem: Problem, noun: tuple[str, str]) -> None:
        """Log ``problem``, unless a root cause of ``cause`` explains it: then it is only
        counted, as one more of ``noun`` (singular, plural), in each root's message."""
        if cause in self._roots:
            self._dependents.setdefault(cause, Counter())[noun] += 1
        else:
            self.add(problem)

    def _with_dependents(self) -> list[Problem]:
        """The problems, each root cause saying how many problems depend on it."""
        problems = list(self.problems)
        for cause, counted in self._dependents.items():
            parts = [f"{n} {noun[0] if n == 1 else noun[1]}" for noun, n in counted.items()]
            if not parts:
                continue
            listed = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
            for index in self._roots[cause]:
                root = problems[index]
                # At the end of the first sentence, which states the root cause.
                first, sep, rest = root.message.partition(". ")
                first = first.rstrip(".")
                verb = "depends" if sum(counted.values()) == 1 else "depend"
                message = f"{first} (and {listed} that {verb} on it)." + (f" {rest}" if sep else "")
                problems[index] = replace(root, message=message)
        return problems

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems) or any(
            severity == "error" for (_, _, severity) in self._suppressed
        )

    def sorted(self) -> list[Problem]:
        """All problems in a stable order, with one summary per capped flood."""
        summaries = [
            Problem(
                code=code,
                severity=severity,
                file=file,
                message=f"{count:,} more problems of this kind ({code}) in this file were not "
                "listed.",
                hint="Fix the ones listed first; they usually share one cause.",
            )
            for (file, code, severity), count in self._suppressed.items()
        ]
        return sorted([*self._with_dependents(), *summaries], key=Problem.sort_key)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)


class ValauditError(Exception):
    """A failure the user can act on: shown as ``valaudit: <message>``, never as a traceback.

    Raise it (or a subclass) anywhere; :func:`valaudit.crash.run_guarded` is the one place
    that turns it into its message and its :attr:`exit_code`.
    """

    exit_code: ExitCode = ExitCode.INVALID


class OutputError(ValauditError):
    """An output file could not be written (read-only folder, full disk, bad name)."""

    exit_code = ExitCode.USAGE


class UsageError(ValauditError):
    """An option the run cannot use as given: a ``--compare`` file that is not a comparable
    report, a trajectory with more dates than one run audits. Exit code 2, like any usage
    error: the audit folder's own files may be fine."""

    exit_code = ExitCode.USAGE


class CompareError(UsageError):
    """The ``--compare`` file cannot be compared with this run: unreadable, not a valaudit
    report (or portfolio), of another major version, or of another audit. The message names
    the file and says what to give instead."""
