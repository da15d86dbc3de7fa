"""Portfolio-level pictures: where value disappears, and what goes with it.

The questions a partner asks of the whole portfolio rather than of one folder: at which link
of the chain value stops most often, and which operating-model weaknesses (from the theses'
scorecards) go with which break. Counts over the audited folders, in chain order, so the
XLSX Summary sheet and the HTML page show the same figures.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from valaudit.model.portfolio import Portfolio
from valaudit.model.thesis import CHAIN, OPERATING_MODEL_DIMENSIONS

#: Every link of the chain, in order: (implementation, adoption), (adoption, productivity), ...
LINKS: tuple[tuple[str, str], ...] = tuple(itertools.pairwise(CHAIN))
NO_BREAK_LABEL = "no break"


def _chain_rank(link: tuple[str, str]) -> tuple[int, int]:
    def rank(stage: str) -> int:
        return CHAIN.index(stage) if stage in CHAIN else len(CHAIN)

    return (rank(link[0]), rank(link[1]))


def break_links(portfolio: Portfolio) -> tuple[tuple[str, str], ...]:
    """Every link of the chain, and any break that skips a stage the thesis does not measure
    (``throughput → financial``), in chain order."""
    found = {row.break_ for row in portfolio.rows if row.audited and row.break_ is not None}
    return tuple(sorted(set(LINKS) | found, key=_chain_rank))


def link_label(link: tuple[str, str]) -> str:
    return f"{link[0]} → {link[1]}"


@dataclass(frozen=True)
class BreakCount:
    link: tuple[str, str]
    folders: int

    @property
    def label(self) -> str:
        return link_label(self.link)


def break_counts(portfolio: Portfolio) -> tuple[BreakCount, ...]:
    """Audited folders per link where value stops, for every link of :func:`break_links`."""
    counts = dict.fromkeys(break_links(portfolio), 0)
    for row in portfolio.rows:
        if row.audited and row.break_ is not None:
            counts[row.break_] += 1
    return tuple(BreakCount(link, folders) for link, folders in counts.items())


def unbroken_folders(portfolio: Portfolio) -> int:
    """Audited folders where value did not stop anywhere along the chain."""
    return sum(1 for row in portfolio.rows if row.audited and row.break_ is None)


@dataclass(frozen=True)
class WeaknessLine:
    """One operating-model dimension: the folders scoring it weak, by where value stops."""

    dimension: str
    by_break: tuple[int, ...]
    """Folders per link of :func:`break_links`, then folders without a break."""

    @property
    def total(self) -> int:
        return sum(self.by_break)


def weakness_by_break(portfolio: Portfolio) -> tuple[WeaknessLine, ...]:
    """Weak dimensions (scored 2 or lower) against break location, over the audited folders;
    only dimensions weak somewhere, the known ones in the scorecard's order, then others."""
    links = break_links(portfolio)
    columns = len(links) + 1
    lines: dict[str, list[int]] = {}
    for row in portfolio.rows:
        if not row.audited:
            continue
        column = len(links) if row.break_ is None else links.index(row.break_)
        for dimension in row.weak_dimensions:
            lines.setdefault(dimension, [0] * columns)[column] += 1
    known = [d for d in OPERATING_MODEL_DIMENSIONS if d in lines]
    other = sorted(d for d in lines if d not in OPERATING_MODEL_DIMENSIONS)
    return tuple(WeaknessLine(d, tuple(lines[d])) for d in known + other)
