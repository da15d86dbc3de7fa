"""Validation results as one self-contained HTML page, styled like the report.

This is what ``audit --format html`` (and ``-o report.html``) gives on invalid input: the
located errors, so that a page saved from an earlier run is replaced by one that says why
there is no report. The page is the Jinja2 template ``templates/validation.html.j2`` with
autoescaping: every value from the user's files is escaped as
:func:`~valaudit.render.svg_chart.esc` does (HTML-escaped, control characters shown, no live
URL), and the same Content-Security-Policy as the report forbids loading anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from valaudit import __version__
from valaudit.model.failure import INTERNAL_ERROR
from valaudit.model.validation import FolderValidation
from valaudit.render.html import STYLES
from valaudit.render.html_templates import environment as environment_for
from valaudit.render.html_templates import template_file
from valaudit.render.options import RenderOptions
from valaudit.render.validation_text import folder_counts, summary_line

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "validation.html.j2"


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    from markupsafe import Markup

    errors = [problem for result in results for problem in result.errors]
    if any(problem.code == INTERNAL_ERROR for problem in errors):
        headline = "valaudit failed with an internal error: there is no report."
    elif errors:
        headline = "The input is invalid: fix the errors below, then run valaudit again."
    else:
        headline = "The input is valid."
    return _template().render(
        title="valaudit: " + ("the input is invalid" if errors else "the input is valid"),
        failed=bool(errors),
        headline=headline,
        summary=summary_line(results),
        results=results,
        counts=folder_counts,
        version=__version__,
        css=Markup(_source(STYLES)),
    )


@cache
def _template() -> jinja2.Template:
    environment = environment_for(__package__)
    return environment.get_template(TEMPLATE)


def _source(name: str) -> str:
    return template_file(__package__, name)
