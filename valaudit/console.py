"""The terminal the command line writes to: is it interactive, how wide, may it use colour.

Shared by the two entry points that print (``valaudit`` and the pre-commit hook), so both
pick the same default format and width. Renderers never look at the terminal themselves:
they get these answers as :class:`~valaudit.render.options.RenderOptions`, which keeps
their output a function of their inputs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from valaudit.render.options import RenderOptions


def is_tty() -> bool:
    return sys.stdout.isatty()


def use_color(no_color: bool) -> bool:
    """Colour only on an interactive terminal, and never with --no-color or NO_COLOR set."""
    return is_tty() and not no_color and "NO_COLOR" not in os.environ


def width() -> int:
    """The terminal's width (60-160); piped, ``COLUMNS`` if sane (40-400), else 100."""
    if is_tty():
        return max(60, min(os.get_terminal_size().columns, 160))
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and 40 <= int(columns) <= 400 else 100


def chosen_format(name: str | None) -> str:
    """The ``--format`` given, else ``terminal`` at a terminal and ``text`` when piped."""
    return name if name else ("terminal" if is_tty() else "text")


def options_for(name: str, no_color: bool) -> RenderOptions:
    """Render options for output printed in format ``name`` on standard output."""
    from valaudit.render.options import RenderOptions

    return RenderOptions(
        color=name == "terminal" and use_color(no_color), width=width(), terminal=is_tty()
    )


def emit(text: str | bytes) -> None:
    """Write to standard output now (text formats only; bytes are UTF-8 text)."""
    sys.stdout.write(text.decode("utf-8") if isinstance(text, bytes) else text)
    sys.stdout.flush()
