"""The closed vocabularies of the report: every code a verdict, status or gate can take.

Each is a :class:`~enum.StrEnum`, so a value *is* its string: it compares equal to the
literal (``KpiStatus.FLAT == "flat"``), hashes like it (a dict keyed by the string finds the
member), and serialises as it (JSON, CSV, text), so the reports read exactly as the codes in
docs/method.md. Naming them here lets mypy catch a misspelt status that a bare string would
carry silently into every output format.

Member order is meaningful where a vocabulary has an order: verdicts are listed in the order
they are evaluated (first match wins) and flags in the order they are reported.

The vocabularies of a run rather than of a report (``--fail-on`` gates, batch folder
statuses, executors) are defined in :mod:`valaudit.model.run_codes`, which the command line
imports at start-up without paying for every enum here; they are exported here too.
"""

from __future__ import annotations

from enum import StrEnum

from valaudit.model.run_codes import (
    ExecutorKind,
    FolderStatus,
    Gate,
    PortfolioGroup,
    PortfolioSort,
    TrajectoryEvery,
)

__all__ = [
    "MOVED",
    "OFF_TRACK",
    "VERDICT_RANK",
    "AsOfSource",
    "Attribution",
    "BaselineSource",
    "ChangeStatus",
    "ComparisonMethod",
    "Credit",
    "DriftHeadline",
    "EffectMethod",
    "ExecutorKind",
    "Flag",
    "FolderStatus",
    "Gate",
    "GuardrailStatus",
    "KpiStatus",
    "MilestoneStatus",
    "Movement",
    "PaybackStatus",
    "PortfolioGroup",
    "PortfolioSort",
    "SeasonModel",
    "StageStatus",
    "TrajectoryEvery",
    "VerdictCode",
]


class VerdictCode(StrEnum):
    """The audit's one-line answer, in the order the rules are tried (first match wins)."""

    INSUFFICIENT_DATA = "insufficient_data"
    IMPLEMENTATION_STALLED = "implementation_stalled"
    VALUE_REALIZED = "value_realized"
    TOO_EARLY = "too_early"
    PARTIALLY_REALIZED = "partially_realized"
    IMPLEMENTATION_WITHOUT_OUTCOME = "implementation_without_outcome"


class Flag(StrEnum):
    """A caveat raised next to the verdict, in the order reports list them."""

    LOW_COVERAGE = "low_coverage"
    """Much of the evidence the thesis names has no data (docs/method.md, coverage)."""
    GUARDRAIL_BREACHED = "guardrail_breached"
    OUTCOME_REGRESSED = "outcome_regressed"
    UNATTRIBUTED_OUTCOME = "unattributed_outcome"
    IMPLEMENTATION_LATE = "implementation_late"
    OVER_BUDGET = "over_budget"
    NO_WORKFLOW_REDESIGN = "no_workflow_redesign"


class KpiStatus(StrEnum):
    """Where one KPI stands, first match wins in this order."""

    NO_DATA = "no_data"
    EARLY = "early"
    """Fewer than ``settings.min_post_periods`` periods since go-live: not judged yet."""
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REGRESSED = "regressed"
    FLAT = "flat"


class Attribution(StrEnum):
    """Whether the evidence credits a KPI's movement to the initiative (docs/method.md)."""

    ATTRIBUTED = "attributed"
    """The effect moved the good way beyond noise: the movement is the initiative's."""
    NOT_ATTRIBUTED = "not_attributed"
    """The effect did not move the good way beyond noise: whatever the level did, the
    counterfactual (the pre-trend, the control group, the noise) explains it as well."""
    UNKNOWN = "unknown"
    """No effect with an interval could be measured, or the KPI has no target to scale it."""


class Credit(StrEnum):
    """Which progress the chain, the verdict, the money and the gap index credit."""

    ATTRIBUTABLE = "attributable"
    """The effect: movement beyond the counterfactual (the default)."""
    OBSERVED = "observed"
    """The observed level, whatever moved it (``settings.credit: observed``)."""


class StageStatus(StrEnum):
    """Where one stage of the chain stands: its KPIs rolled up (or, for the implementation
    stage, its milestones and budget), or why it cannot be judged."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    REGRESSED = "regressed"
    FLAT = "flat"
    UNATTRIBUTED = "unattributed"
    """Its KPIs moved, but none beyond its counterfactual: it counts as not moved."""
    EARLY = "early"
    """Every KPI with data has too few periods since go-live to be judged."""
    NO_DATA = "no_data"
    NOT_MEASURED = "not_measured"


class GuardrailStatus(StrEnum):
    OK = "ok"
    BREACHED = "breached"
    NO_DATA = "no_data"


class MilestoneStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DELIVERED = "not_delivered"
    """Due by the as-of date and not delivered."""
    NOT_DUE = "not_due"


class PaybackStatus(StrEnum):
    PAID_BACK = "paid_back"
    PROJECTED = "projected"
    NOT_AT_CURRENT_RATE = "not_at_current_rate"
    NO_COST = "no_cost"


class AsOfSource(StrEnum):
    """Where the as-of date came from: never today's date, so a report is reproducible."""

    OPTION = "option"
    REVIEW_DATE = "review_date"
    LATEST_DATA = "latest_data"


class BaselineSource(StrEnum):
    STATED = "stated"
    """From the thesis."""
    PRE_MEAN = "pre_mean"
    """The mean of the last pre-go-live periods."""


class EffectMethod(StrEnum):
    """What a KPI's movement was measured against (docs/method.md)."""

    ITS = "its"
    """The pre-period trend (interrupted time series)."""
    DID = "did"
    """Control segments (difference-in-differences)."""
    LEVEL = "level"
    """The pre-period level."""
    NONE = "none"
    """A stated baseline, with no pre-period data."""


class SeasonModel(StrEnum):
    """How an effect's counterfactual carries a yearly season forward (docs/method.md)."""

    NOT_TESTED = "not_tested"
    """The pre period holds fewer than two full years, or the KPI has no yearly cycle."""
    NONE = "none"
    """Looked for on the pre period and not found."""
    FOURIER = "fourier"
    """Yearly sine/cosine waves."""
    DUMMIES = "dummies"
    """Each month's (or quarter's) own level of the year."""


class ComparisonMethod(StrEnum):
    """What treated segments are compared with (``comparison.method``)."""

    DIFFERENCE = "difference"
    """The control segments combined by the KPI's aggregate."""
    SYNTHETIC = "synthetic"
    """A weighted average of the control segments fitted on the pre period."""


class DriftHeadline(StrEnum):
    """Which difference-in-differences estimate an effect reports."""

    LEVEL = "level"
    """Against the pre-period gap between treated and control, carried forward."""
    DRIFT_ADJUSTED = "drift_adjusted"
    """Against the pre-period gap's own trend, carried forward."""


class Movement(StrEnum):
    """Which way a KPI moved beyond its noise, judged by its direction."""

    GOOD = "good"
    BAD = "bad"
    NONE = "none"


#: KPI (and stage) statuses that count as having moved the right way.
MOVED: frozenset[str] = frozenset({KpiStatus.ACHIEVED, KpiStatus.ON_TRACK, KpiStatus.BEHIND})
#: KPI statuses that trip ``--fail-on off-track``, fail a JUnit case and raise an annotation.
OFF_TRACK: frozenset[str] = frozenset({KpiStatus.BEHIND, KpiStatus.REGRESSED, KpiStatus.FLAT})


class ChangeStatus(StrEnum):
    """What a comparison with an earlier report found, first match wins in this order."""

    WORSENED = "worsened"
    """Something the ``worsened`` gate trips on (docs/method.md §12.2)."""
    IMPROVED = "improved"
    """Nothing worsened, and the verdict, a KPI, a guardrail or the realization got better."""
    CHANGED = "changed"
    """Something else differs: the break, a flag, a status, a figure, a warning."""
    UNCHANGED = "unchanged"


#: How far each verdict stands from realized value, best (0) to worst: a move to a higher
#: rank is a worsening (docs/method.md §12.2). Too early and insufficient data share a
#: rank: neither judges the outcome.
VERDICT_RANK: dict[str, int] = {
    VerdictCode.VALUE_REALIZED: 0,
    VerdictCode.PARTIALLY_REALIZED: 1,
    VerdictCode.TOO_EARLY: 2,
    VerdictCode.INSUFFICIENT_DATA: 2,
    VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME: 3,
    VerdictCode.IMPLEMENTATION_STALLED: 4,
}
