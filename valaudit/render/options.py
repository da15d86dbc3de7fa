"""Options every renderer accepts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    """Whether terminal output may use colour (never for files)."""
    width: int = 100
    """Line width for terminal and text output."""
    terminal: bool = False
    """True when writing to an interactive terminal (progress bars, links)."""
