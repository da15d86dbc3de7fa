"""What changed in a portfolio since an earlier batch run (``valaudit batch --compare``).

:class:`PreviousPortfolio` is the earlier portfolio as read (``load/previous_portfolio.py``);
:class:`FolderChange` is one folder's change, carried on its row; :class:`PortfolioChanges`
is the summary every portfolio format shows. Folders are matched by their path under ROOT.
A portfolio written before attributable credit has no ``credit`` on its rows: its realized
figures are observed ones, compared with this run's observed figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from valaudit.model.codes import Credit


@dataclass(frozen=True)
class PreviousFolder:
    """One row of the earlier portfolio."""

    path: str
    status: str
    initiative: str | None
    verdict: str | None
    break_: tuple[str, str] | None
    flags: tuple[str, ...]
    currency: str | None
    as_of: dt.date | None
    credit: Credit | None
    """None: written before attributable credit; ``realized`` is then observed."""
    expected_annual_benefit: float | None
    attributable_annual_benefit: float | None
    observed_annual_benefit: float | None
    roi_to_date: float | None


@dataclass(frozen=True)
class PreviousPortfolio:
    file: str
    """The file as the user named it."""
    valaudit_version: str
    folders: tuple[PreviousFolder, ...]


class FolderChangeStatus(StrEnum):
    """What became of one folder since the earlier portfolio, first match wins."""

    NEW = "new"
    """Not in the earlier portfolio."""
    REPLACED = "replaced"
    """The same path holds another initiative: nothing to compare."""
    NOT_AUDITED = "not_audited"
    """Invalid or crashed, now or then: no two audits to compare."""
    WORSENED = "worsened"
    IMPROVED = "improved"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FolderChange:
    """One folder against its row in the earlier portfolio."""

    status: FolderChangeStatus
    previous_status: str | None
    previous_verdict: str | None
    previous_break: tuple[str, str] | None
    previous_as_of: dt.date | None
    basis: Credit | None
    """The basis the realization is compared on: attributable, or observed against a
    portfolio from before attributable credit; None when there is nothing to compare."""
    realization_before: float | None
    realization_after: float | None
    worsened: tuple[str, ...] = ()
    """What got worse, a sentence each: what ``--fail-on worsened`` trips on."""

    @property
    def realization_delta(self) -> float | None:
        if self.realization_before is None or self.realization_after is None:
            return None
        # Rounded: the same ratio read back from a file must not show a change of 4e-11.
        return round(self.realization_after - self.realization_before, 9)


@dataclass(frozen=True)
class CurrencyChange:
    """Benefit a year in one currency, then and now, over the folders audited each time."""

    currency: str
    expected_before: float
    expected_after: float
    attributable_before: float | None
    """None: the earlier portfolio predates attributable credit."""
    attributable_after: float
    observed_before: float
    observed_after: float


@dataclass(frozen=True)
class PortfolioChanges:
    """The portfolio against an earlier one."""

    previous_file: str
    previous_version: str
    previous_credit: bool
    """False: the earlier portfolio predates attributable credit (observed figures only)."""
    counts: tuple[tuple[str, int], ...]
    """(folder change status, folders), in :class:`FolderChangeStatus` order, zeros left out."""
    verdict_moves: tuple[tuple[str, str, str], ...]
    """(path, verdict before, verdict now) for each folder whose verdict changed."""
    new: tuple[str, ...]
    gone: tuple[str, ...]
    """Paths in the earlier portfolio that this run did not audit (moved, deleted, or left
    out by --include/--exclude)."""
    money: tuple[CurrencyChange, ...]
    """One line per currency, sorted."""
