"""Options every renderer accepts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report model is not loaded for `validate`
    from valaudit.model.gates import GateResult


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    """Whether terminal output may use colour (never for files)."""
    width: int = 100
    """Line width for terminal and text output."""
    terminal: bool = False
    """True when writing to an interactive terminal (progress bars, links)."""
    thesis_path: str | None = None
    """The thesis file as the user named it (``Report.thesis_file`` is only its base name), so
    that CI annotations and test reports can point at the right file in the repository."""
    gates: tuple[GateResult, ...] = ()
    """The ``--fail-on`` gates asked for and evaluated: JUnit test cases fail, and GitHub
    annotations are errors, only where one of them trips."""
    root: str | None = None
    """ROOT of a batch run as the user named it, so that a portfolio's CI annotations and
    test cases point at each folder's thesis in the repository."""
    sort: str | None = None
    """``batch --sort`` (a :class:`~valaudit.model.run_codes.PortfolioSort`): the order of
    the folders in the portfolios people read; None is by path. The JSON portfolio, JUnit and
    GitHub annotations keep the path order."""
    group_by: str | None = None
    """``batch --group-by`` (a :class:`~valaudit.model.run_codes.PortfolioGroup`): the
    folders in sections of one verdict, break, owner or client; None for one list."""
    client_level: int = 1
    """Which folder of a path under ROOT names the client (1: the first)."""
    report_dir: str | None = None
    """Where each folder's own reports are (``--out-dir``), relative to the portfolio file
    being written, so an HTML portfolio can link them; None when none were written."""
