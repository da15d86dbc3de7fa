"""Portfolio output formats. Each format is one module; this registry is the one place that
names them.

A portfolio renderer implements ``render_portfolio(portfolio, options) -> str | bytes`` and,
like the report renderers in :mod:`valaudit.render`, never prints, exits or opens a file.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Format name -> module implementing ``render_portfolio(portfolio, options)``.
PORTFOLIO_FORMATS: dict[str, str] = {
    "terminal": "valaudit.batch.render.terminal",
    "text": "valaudit.batch.render.terminal",
    "json": "valaudit.batch.render.json_portfolio",
    "markdown": "valaudit.batch.render.markdown",
    "csv": "valaudit.batch.render.csv_portfolio",
    "xlsx": "valaudit.batch.render.xlsx",
}

#: What ``--format`` may print on standard output.
STDOUT_FORMATS = ("terminal", "text", "json", "markdown")

#: Output file suffix -> portfolio format, for ``batch -o/--output``.
SUFFIX_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


def portfolio_renderer(name: str) -> ModuleType:
    """The module for a portfolio format (imported on first use)."""
    return importlib.import_module(PORTFOLIO_FORMATS[name])
