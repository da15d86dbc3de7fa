"""What an output format implements.

A format is a module registered by name in :mod:`valaudit.render`. It implements
``render_report`` and, if it can show validation results, ``render_validation``. Both
return the whole output (``str`` for text formats, ``bytes`` for binary ones such as
xlsx) and never print, exit or open files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from valaudit.model.report import Report
from valaudit.model.validation import FolderValidation
from valaudit.render.options import RenderOptions


class ReportRenderer(Protocol):
    def render_report(self, report: Report, options: RenderOptions) -> str | bytes: ...


class ValidationRenderer(Protocol):
    def render_validation(
        self, results: Sequence[FolderValidation], options: RenderOptions
    ) -> str: ...
