"""Validation results as one self-contained HTML page, styled like the report.

This is what ``audit --format html`` (and ``-o report.html``) gives on invalid input: the
located errors, so that a page saved from an earlier run is replaced by one that says why
there is no report. The page is the Jinja2 template ``templates/validation.html.j2`` with
autoescaping: every value from the user's files is escaped as
:func:`~valaudit.render.svg_chart.esc` does (HTML-escaped, control characters shown, no live
URL), and the same Content-Security-Policy as the report forbids loading anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from valaudit import __version__
from valaudit.model.failure import INTERNAL_ERROR
from valaudit.model.validation import FolderValidation
from valaudit.render.html import STYLES
from valaudit.render.options import RenderOptions
from valaudit.render.svg_chart import esc
from valaudit.render.validation_text import folder_counts, summary_line

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "validation.html.j2"
#: A backslash ending a template line joins it to the next, less that line's indentation.
_CONTINUATION = re.compile(r"\\\n[ \t]*")


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
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def _escape(value: Any) -> Any:
    from markupsafe import Markup

    return value if isinstance(value, Markup) else Markup(esc(value))


def _template_source(name: str) -> str:
    return _CONTINUATION.sub("", _source(name))


def _source(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text("utf-8")
