"""What an output format implements, for each thing it can render.

A format is a module listed in the registry (:mod:`valaudit.render`); the registry checks,
when it loads one, that the module has the function for the kind asked for, and hands it out
typed by the protocol below. Each function returns the whole output (``str`` for text
formats, ``bytes`` for binary ones such as xlsx) and never prints, exits or opens files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from valaudit.model.portfolio import Portfolio
    from valaudit.model.report import Report
    from valaudit.model.validation import FolderValidation
    from valaudit.render.options import RenderOptions


@runtime_checkable
class ReportRenderer(Protocol):
    """A format that renders the audit report (``str`` for text, ``bytes`` for binary)."""

    def render_report(self, report: Report, options: RenderOptions) -> str | bytes: ...


@runtime_checkable
class ValidationRenderer(Protocol):
    """A format that renders validation results: every problem with its location (``bytes``
    for binary formats: the one-sheet workbook that replaces a report there is none of)."""

    def render_validation(
        self, results: Sequence[FolderValidation], options: RenderOptions
    ) -> str | bytes: ...


@runtime_checkable
class PortfolioRenderer(Protocol):
    """A format that renders a batch run's portfolio."""

    def render_portfolio(self, portfolio: Portfolio, options: RenderOptions) -> str | bytes: ...
