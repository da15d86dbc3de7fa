"""The closed vocabularies of a run: ``--fail-on`` gates, ``--every``, batch folder statuses,
executors.

Part of :mod:`valaudit.model.codes` (which exports them with the report's vocabularies),
kept in a module of their own because the command line builds its ``--fail-on`` and
``--executor`` choices from them at start-up, and creating every enum of the report there
would slow ``valaudit --version`` down.
"""

from __future__ import annotations

from enum import StrEnum


class Gate(StrEnum):
    """``--fail-on`` conditions under which a CI job should fail (exit code 1)."""

    INVALID = "invalid"
    STALLED = "stalled"
    NO_OUTCOME = "no-outcome"
    NOT_REALIZED = "not-realized"
    GUARDRAIL = "guardrail"
    OFF_TRACK = "off-track"
    COVERAGE = "coverage"
    SUSPICIOUS = "suspicious"
    WORSENED = "worsened"
    """Worse than the earlier report given with ``--compare`` (docs/method.md §12.2)."""


class TrajectoryEvery(StrEnum):
    """``--every``: the dates a trajectory audits, from go-live to the as-of date."""

    PERIOD = "period"
    """The end of every period of the data (the finest granularity the thesis's KPIs have)."""
    QUARTER = "quarter"
    """The end of every calendar quarter."""
    YEAR = "year"
    """The end of every calendar year."""


class FolderStatus(StrEnum):
    """What became of one folder of a batch run."""

    OK = "ok"
    """Audited."""
    INVALID = "invalid"
    """Its input has errors."""
    CRASHED = "crashed"
    """A bug, a report that could not be written, or a worker that died."""


class ExecutorKind(StrEnum):
    """Where a batch run's folders are audited."""

    LOCAL = "local"
    DASK = "dask"


class PortfolioSort(StrEnum):
    """``batch --sort``: the order of the folders in the portfolio a person reads."""

    PATH = "path"
    """By folder path (the default, and always the order of the JSON portfolio)."""
    NAME = "name"
    """By initiative name."""
    CLIENT = "client"
    VERDICT = "verdict"
    """Most concerning first: crashed, invalid, stalled, without outcome, partial, ..."""
    BREAK = "break"
    """By where value stops, along the chain; folders without a break last."""
    OWNER = "owner"
    REALIZATION = "realization"
    """Lowest realization first."""
    ROI = "roi"
    """Lowest ROI to date first."""
    EXPECTED = "expected"
    """Largest expected benefit a year first (each in its own currency)."""
    COST = "cost"
    """Largest cost to date first (each in its own currency)."""


class PortfolioGroup(StrEnum):
    """``batch --group-by``: sections of the portfolio a person reads."""

    VERDICT = "verdict"
    BREAK = "break"
    OWNER = "owner"
    CLIENT = "client"
