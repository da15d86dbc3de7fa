"""Output formats: this registry is the one place that names them.

Each format is one module; the table below says which of three jobs it does (a report, the
validation results, a batch portfolio), which file suffixes select it for ``-o``, and whether
it may go to standard output. Everything else is derived from the table: the CLI's
``--format``, ``--report-format`` and ``-o`` choices, the file name a batch run gives each
folder's report, and the renderer a caller gets, typed by the protocols in
:mod:`valaudit.render.protocols` and checked when loaded. Adding a format is its module plus
one line here.

Renderers take the report model (or validation results, or a portfolio) and return text or
bytes. They never print, never exit and never open files: the caller decides where output
goes. Modules are imported on first use, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from valaudit.render.protocols import PortfolioRenderer, ReportRenderer, ValidationRenderer


Kind = Literal["report", "validation", "portfolio"]


class OutputFormat(NamedTuple):
    """One output format and the modules that implement it.

    (A named tuple rather than a dataclass: the CLI reads this table at start-up.)
    """

    name: str
    report: str | None = None
    """Module implementing :class:`ReportRenderer`, if the format can show a report."""
    validation: str | None = None
    """Module implementing :class:`ValidationRenderer`."""
    portfolio: str | None = None
    """Module implementing :class:`PortfolioRenderer`."""
    suffixes: tuple[str, ...] = ()
    """File suffixes that select this format for ``-o``; the first names ``--out-dir`` files."""
    file_only: bool = False
    """Never printed on standard output (binary, or shaped for a spreadsheet)."""

    def module(self, kind: Kind) -> str | None:
        return {"report": self.report, "validation": self.validation, "portfolio": self.portfolio}[
            kind
        ]


#: Every output format, in the order the CLI lists them.
FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "terminal",
        report="valaudit.render.terminal",
        validation="valaudit.render.validation_text",
        portfolio="valaudit.batch.render.terminal",
    ),
    OutputFormat(
        "text",
        report="valaudit.render.terminal",
        validation="valaudit.render.validation_text",
        portfolio="valaudit.batch.render.terminal",
        suffixes=(".txt",),
    ),
    OutputFormat(
        "json",
        report="valaudit.render.json_report",
        validation="valaudit.render.validation_json",
        portfolio="valaudit.batch.render.json_portfolio",
        suffixes=(".json",),
    ),
    OutputFormat(
        "markdown",
        report="valaudit.render.markdown",
        validation="valaudit.render.validation_markdown",
        portfolio="valaudit.batch.render.markdown",
        suffixes=(".md", ".markdown"),
    ),
    OutputFormat(
        "html",
        report="valaudit.render.html",
        validation="valaudit.render.validation_html",
        portfolio="valaudit.batch.render.html",
        suffixes=(".html", ".htm"),
    ),
    OutputFormat(
        "xlsx",
        report="valaudit.render.xlsx",
        validation="valaudit.render.validation_xlsx",
        portfolio="valaudit.batch.render.xlsx",
        suffixes=(".xlsx",),
        file_only=True,
    ),
    OutputFormat(
        "junit",
        report="valaudit.render.junit",
        validation="valaudit.render.validation_junit",
        portfolio="valaudit.batch.render.junit",
        suffixes=(".xml",),
    ),
    OutputFormat(
        "github",
        report="valaudit.render.github",
        validation="valaudit.render.github",
        portfolio="valaudit.batch.render.github",
    ),
    OutputFormat(
        "csv", portfolio="valaudit.batch.render.csv_portfolio", suffixes=(".csv",), file_only=True
    ),
)

_BY_NAME = {output.name: output for output in FORMATS}


def format_names(kind: Kind, *, printable: bool = False) -> tuple[str, ...]:
    """Formats that can render ``kind``; with ``printable``, only those fit for a terminal."""
    return tuple(
        output.name
        for output in FORMATS
        if output.module(kind) is not None and not (printable and output.file_only)
    )


def file_format_names(kind: Kind) -> tuple[str, ...]:
    """Formats of ``kind`` that can be written to a file (they have a suffix)."""
    return tuple(name for name in format_names(kind) if _BY_NAME[name].suffixes)


def suffixes(kind: Kind) -> tuple[str, ...]:
    """Every ``-o`` suffix for ``kind``, sorted."""
    return tuple(sorted(s for name in file_format_names(kind) for s in _BY_NAME[name].suffixes))


def format_for_path(path: Path | str, kind: Kind) -> str | None:
    """The format an ``-o`` file's suffix selects (case-insensitive), or None."""
    suffix = Path(path).suffix.lower()
    return next(
        (name for name in file_format_names(kind) if suffix in _BY_NAME[name].suffixes), None
    )


def file_suffix(name: str) -> str | None:
    """The suffix a file of this format is given (``json`` -> ``.json``), None if it has none."""
    output = _BY_NAME.get(name)
    return output.suffixes[0] if output is not None and output.suffixes else None


def _module(name: str, kind: Kind) -> ModuleType:
    output = _BY_NAME.get(name)
    path = output.module(kind) if output is not None else None
    if path is None:
        raise ValueError(
            f"{name!r} is not a {kind} format; use one of {', '.join(format_names(kind))}."
        )
    return importlib.import_module(path)


def _not_a_renderer(module: ModuleType, protocol: type) -> TypeError:
    """A registry entry that points at a module without the function its kind needs."""
    return TypeError(f"{module.__name__} does not implement {protocol.__name__}")


def renderer(name: str) -> ReportRenderer:
    """The report renderer of a format (imported on first use)."""
    from valaudit.render.protocols import ReportRenderer

    module = _module(name, "report")
    if not isinstance(module, ReportRenderer):
        raise _not_a_renderer(module, ReportRenderer)
    return module


def validation_renderer(name: str) -> ValidationRenderer:
    """The validation-results renderer of a format (imported on first use)."""
    from valaudit.render.protocols import ValidationRenderer

    module = _module(name, "validation")
    if not isinstance(module, ValidationRenderer):
        raise _not_a_renderer(module, ValidationRenderer)
    return module


def portfolio_renderer(name: str) -> PortfolioRenderer:
    """The portfolio renderer of a format (imported on first use)."""
    from valaudit.render.protocols import PortfolioRenderer

    module = _module(name, "portfolio")
    if not isinstance(module, PortfolioRenderer):
        raise _not_a_renderer(module, PortfolioRenderer)
    return module
