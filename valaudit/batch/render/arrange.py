"""The order and sections of the portfolio a person reads: ``--sort`` and ``--group-by``.

The portfolio itself stays sorted by path (what makes every ``--jobs`` value give the same
bytes, and what the JSON portfolio keeps); the readable formats (terminal, text, Markdown,
CSV, XLSX, HTML) ask this module for the folders in the order and sections the user chose.
Every order ends on the path, so ties never depend on the run.

The client is a folder of the path under ROOT: ``acme/copilot`` belongs to client ``acme``
at level 1 (the default); ``clients/acme/copilot`` needs level 2. A folder whose path is
shorter than the level is its own client.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from valaudit.batch.discover import path_key
from valaudit.model.codes import FolderStatus, VerdictCode
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.model.run_codes import PortfolioGroup, PortfolioSort
from valaudit.model.thesis import CHAIN
from valaudit.render.options import RenderOptions
from valaudit.render.wording import verdict_title

#: Most concerning first: folders without an audit, then verdicts from stalled to realized.
CONCERN_ORDER: tuple[str, ...] = (
    FolderStatus.CRASHED,
    FolderStatus.INVALID,
    VerdictCode.IMPLEMENTATION_STALLED,
    VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME,
    VerdictCode.PARTIALLY_REALIZED,
    VerdictCode.INSUFFICIENT_DATA,
    VerdictCode.TOO_EARLY,
    VerdictCode.VALUE_REALIZED,
)
NO_BREAK = "No break in the chain"
NO_OWNER = "No owner named"


@dataclass(frozen=True)
class Section:
    """Folders shown together: the whole portfolio, or one group of ``--group-by``."""

    title: str | None
    """The group's label (``Implementation without outcome``, ``acme``); None without
    ``--group-by``."""
    rows: tuple[FolderRow, ...]


def client_of(path: str, level: int = 1) -> str:
    """The folder of ``path`` that names its client (see the module)."""
    parts = path.split("/")
    return parts[min(max(level, 1), len(parts)) - 1]


def concern(row: FolderRow) -> str:
    """The folder's place in :data:`CONCERN_ORDER`: its status, or its verdict if audited."""
    return str(row.verdict) if row.audited and row.verdict else str(row.status)


def break_label(row: FolderRow) -> str:
    return f"{row.break_[0]} → {row.break_[1]}" if row.break_ else ""


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def _last_if_none(value: float | None, sign: int = 1) -> tuple[bool, float]:
    return (value is None, sign * value if value is not None else 0.0)


def _break_rank(row: FolderRow) -> tuple[int, int]:
    if row.break_ is None:
        return (len(CHAIN), len(CHAIN))
    return (_rank(CHAIN, row.break_[0]), _rank(CHAIN, row.break_[1]))


def sort_key(sort: str | None, client_level: int = 1) -> Callable[[FolderRow], Any]:
    """The key ``--sort`` orders folders by (the path breaks ties)."""
    chosen = PortfolioSort(sort or PortfolioSort.PATH)
    keys: dict[PortfolioSort, Callable[[FolderRow], Any]] = {
        PortfolioSort.PATH: lambda row: (),
        PortfolioSort.NAME: lambda row: ((row.initiative or "").casefold(),),
        PortfolioSort.CLIENT: lambda row: (client_of(row.path, client_level).casefold(),),
        PortfolioSort.VERDICT: lambda row: (_rank(CONCERN_ORDER, concern(row)),),
        PortfolioSort.BREAK: _break_rank,
        PortfolioSort.OWNER: lambda row: (row.owner is None, (row.owner or "").casefold()),
        PortfolioSort.REALIZATION: lambda row: _last_if_none(row.realization_ratio),
        PortfolioSort.ROI: lambda row: _last_if_none(row.roi_to_date),
        PortfolioSort.EXPECTED: lambda row: _last_if_none(row.expected_annual_benefit, -1),
        PortfolioSort.COST: lambda row: _last_if_none(row.cost_to_date, -1),
    }
    key = keys[chosen]
    return lambda row: (key(row), path_key(row.path))


def group_title(group: str, row: FolderRow, client_level: int = 1) -> str:
    """The label of the section ``row`` falls in."""
    chosen = PortfolioGroup(group)
    if chosen == PortfolioGroup.VERDICT:
        return verdict_title(concern(row))
    if chosen == PortfolioGroup.BREAK:
        return break_label(row) or NO_BREAK
    if chosen == PortfolioGroup.OWNER:
        return row.owner or NO_OWNER
    return client_of(row.path, client_level)


def _group_key(group: str, client_level: int) -> Callable[[FolderRow], Any]:
    chosen = PortfolioGroup(group)
    if chosen == PortfolioGroup.VERDICT:
        return lambda row: _rank(CONCERN_ORDER, concern(row))
    if chosen == PortfolioGroup.BREAK:
        return _break_rank
    if chosen == PortfolioGroup.OWNER:
        return lambda row: (row.owner is None, (row.owner or "").casefold(), row.owner or "")
    return lambda row: (
        client_of(row.path, client_level).casefold(),
        client_of(row.path, client_level),
    )


def arranged_rows(portfolio: Portfolio, options: RenderOptions) -> list[FolderRow]:
    """Every folder, in the order of ``--group-by`` then ``--sort``."""
    return [row for section in sections(portfolio, options) for row in section.rows]


def sections(portfolio: Portfolio, options: RenderOptions) -> list[Section]:
    """The folders in sections (one, untitled, without ``--group-by``), each sorted."""
    key = sort_key(options.sort, options.client_level)
    if options.group_by is None:
        return [Section(None, tuple(sorted(portfolio.rows, key=key)))]
    group_key = _group_key(options.group_by, options.client_level)
    ordered = sorted(portfolio.rows, key=lambda row: (group_key(row), key(row)))
    group = options.group_by
    return [
        Section(title, tuple(rows))
        for title, rows in itertools.groupby(
            ordered, key=lambda row: group_title(group, row, options.client_level)
        )
    ]


def words_or_status(row: FolderRow) -> str:
    """The verdict in words for an audited folder, else its status (``Invalid``)."""
    return verdict_title(concern(row))
