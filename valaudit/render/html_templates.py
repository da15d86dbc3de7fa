"""The Jinja2 set-up every HTML page shares: the report, the validation result, the portfolio.

Autoescape is on, and every value a template writes goes through :func:`esc` (the same escaping
as the rest of the HTML) unless it is already Markup; an undefined name is an error rather
than an empty string. Jinja2 is imported on the first page, so other commands never load it.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from valaudit.render.svg_chart import esc

if TYPE_CHECKING:
    import jinja2

#: A backslash ending a template line joins it to the next, less that line's indentation.
_CONTINUATION = re.compile(r"\\\n[ \t]*")


def template_file(package: str, name: str) -> str:
    """A file of ``package``'s ``templates`` folder (templates, CSS, scripts)."""
    return resources.files(package).joinpath("templates", name).read_text("utf-8")


def environment(package: str) -> jinja2.Environment:
    """A Jinja2 environment reading ``package``'s templates."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: _CONTINUATION.sub("", template_file(package, name))
        ),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _escape(value: Any) -> Any:
    """Every value a template writes, escaped as :func:`esc` does, unless it is Markup."""
    from markupsafe import Markup

    return value if isinstance(value, Markup) else Markup(esc(value))
