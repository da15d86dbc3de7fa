"""Output formats. Each format is one module; this registry is the one place that names them.

Renderers take the report model (or validation results) and return text or bytes. They never
print, never exit and never open files: the CLI decides where output goes.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Format name -> module implementing ``render_report(report, options)``.
REPORT_FORMATS: dict[str, str] = {
    "terminal": "valaudit.render.terminal",
    "text": "valaudit.render.terminal",
    "json": "valaudit.render.json_report",
    "markdown": "valaudit.render.markdown",
    "html": "valaudit.render.html",
    "xlsx": "valaudit.render.xlsx",
    "junit": "valaudit.render.junit",
    "github": "valaudit.render.github",
}

#: Format name -> module implementing ``render_validation(results, options)``.
VALIDATION_FORMATS: dict[str, str] = {
    "terminal": "valaudit.render.validation_text",
    "text": "valaudit.render.validation_text",
    "json": "valaudit.render.validation_json",
    "github": "valaudit.render.github",
}

#: Output file suffix -> report format, for ``-o/--output``.
SUFFIX_FORMATS: dict[str, str] = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".xml": "junit",
    ".txt": "text",
}


def renderer(name: str, registry: dict[str, str] = REPORT_FORMATS) -> ModuleType:
    """The module for a format (imported on first use, so start-up stays fast)."""
    return importlib.import_module(registry[name])
