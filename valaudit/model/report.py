"""The audit report: one model that every output format renders.

Frozen dataclasses of plain values (no DataFrames), so renderers stay simple and the
JSON form is a direct translation. Field names follow the JSON report (`valaudit schema report`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from valaudit.errors import Problem
from valaudit.model.codes import (
    AsOfSource,
    Attribution,
    BaselineSource,
    Credit,
    Flag,
    GuardrailStatus,
    KpiStatus,
    MilestoneStatus,
    PaybackStatus,
    StageStatus,
    VerdictCode,
)
from valaudit.model.comparison import Comparison
from valaudit.model.effect import Effect
from valaudit.model.links import LinkAnalysis
from valaudit.model.trajectory import Trajectory


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a KPI's aggregated series."""

    period: str
    """Label: 2025-03, 2025-Q1, 2025-W14, 2025 or a date."""
    start: dt.date
    value: float
    post: bool
    """True from go-live on."""
    counterfactual: float | None = None
    """Post periods: what the effect's model says the value would have been without the
    initiative (the pre-period level or trend, and season, carried forward; for a
    comparison, the control plus the pre-period gap). None before go-live, or when no model
    of the pre period was fitted."""


@dataclass(frozen=True)
class KpiResult:
    id: str
    name: str
    stage: str
    unit: str | None
    direction: str
    aggregate: str
    status: KpiStatus
    reason: str
    """Why this status, in one sentence."""
    baseline: float | None
    baseline_source: BaselineSource | None
    current: float | None
    target: float | None
    expected_now: float | None
    progress: float | None
    by: dt.date
    effect: Effect
    granularity: str
    series: tuple[SeriesPoint, ...]
    missing_periods: tuple[str, ...]
    """Periods between the first and last observation with no value."""
    segments: tuple[str, ...]
    owner: str | None = None
    notes: str | None = None
    line: int | None = None
    """Line of the KPI in the thesis file."""
    attribution: Attribution = Attribution.UNKNOWN
    """Whether the evidence credits the movement to the initiative: attributed when the
    effect moved the good way beyond noise (docs/method.md, attribution)."""
    attributable_progress: float | None = None
    """The effect over the promised change: effect.estimate ÷ (target − baseline). The
    average since go-live, unclamped; None without an effect or a target."""
    attributable_low: float | None = None
    """The effect interval's ends over (target − baseline), low ≤ high."""
    attributable_high: float | None = None
    attribution_reason: str = ""
    """Why the movement is or is not attributed, in one sentence."""


@dataclass(frozen=True)
class GuardrailResult:
    id: str
    name: str
    direction: str
    unit: str | None
    status: GuardrailStatus
    reason: str
    baseline: float | None
    current: float | None
    change: float | None
    """current - baseline."""
    tolerance: str | None
    """As written in the thesis, or None for "any move beyond noise"."""
    effect: Effect
    series: tuple[SeriesPoint, ...]
    granularity: str
    owner: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class StageResult:
    stage: str
    status: StageStatus
    kpis: tuple[str, ...]
    reason: str
    unattributed: tuple[str, ...] = ()
    """KPIs that moved in level but not beyond their counterfactual: set aside when the
    stage is rolled up on attributable progress."""


@dataclass(frozen=True)
class ChainBreak:
    from_stage: str
    to_stage: str


@dataclass(frozen=True)
class Chain:
    stages: tuple[StageResult, ...]
    break_: ChainBreak | None


@dataclass(frozen=True)
class Verdict:
    code: VerdictCode
    headline: str
    """One plain sentence for the board."""
    flags: tuple[Flag, ...]
    explanation: str
    """Why this verdict, in a few sentences."""
    caveats: tuple[str, ...] = ()
    """What changes how the verdict should be read (low coverage, movement held back as not
    attributable, KPIs too early to judge, material warnings), a sentence each: every format
    shows them right under the headline."""


@dataclass(frozen=True)
class MilestoneResult:
    name: str
    planned: dt.date
    actual: dt.date | None
    delay_days: int | None
    status: MilestoneStatus


@dataclass(frozen=True)
class ImplementationResult:
    status: StageStatus
    """achieved (delivered), behind (late or over budget), flat (not delivered) or
    not_measured (nothing due)."""
    milestones: tuple[MilestoneResult, ...]
    budget_planned: float | None
    budget_actual: float | None
    budget_variance: float | None
    """(actual - planned) / planned."""


@dataclass(frozen=True)
class Span:
    """The range the evidence allows: a figure at the low and at the high end of the effect
    intervals behind it (low ≤ high)."""

    low: float
    high: float


@dataclass(frozen=True)
class BenefitResult:
    name: str
    type: str
    kpi: str
    annual_expected: float
    """Benefit a year at full realization, as counted: a revenue line with a margin counts
    revenue × margin."""
    progress: float | None
    """The credited progress (``money.credit``), clamped to 0..1; None when the KPI has no
    data."""
    annual_realized: float
    """annual_expected × progress."""
    realized_to_date: float
    owner: str | None = None
    attribution: Attribution = Attribution.UNKNOWN
    """The KPI's attribution."""
    observed_progress: float | None = None
    """The KPI's observed progress, clamped to 0..1."""
    attributable_progress: float | None = None
    """The KPI's attributable progress as credited: clamped to 0..1, and 0 unless the KPI's
    movement is attributed."""
    attributable_range: Span | None = None
    """The KPI's attributable progress interval, clamped to 0..1."""
    annual_realized_observed: float = 0.0
    annual_realized_attributable: float = 0.0
    annual_realized_range: Span | None = None
    realized_to_date_observed: float = 0.0
    realized_to_date_attributable: float = 0.0
    realized_to_date_range: Span | None = None
    annual_stated: float | None = None
    """The annual amount as the thesis states it (the revenue, for a line with a margin)."""
    margin: float | None = None
    """Revenue lines: the margin the line is counted at."""
    counted_at_full_value: bool = False
    """A revenue line without a margin: all of the revenue is counted as if it were profit."""


@dataclass(frozen=True)
class Payback:
    status: PaybackStatus
    years_from_go_live: float | None
    date: dt.date | None


@dataclass(frozen=True)
class Npv:
    discount_rate: float
    horizon_years: int
    at_current_rate: float
    """NPV if today's realization rate persisted over the horizon."""
    as_planned: float
    """NPV of the business case at full realization."""


@dataclass(frozen=True)
class Realization:
    """The return figures on one basis: observed progress, or attributable progress."""

    basis: Credit
    realized_annual_benefit: float
    realized_by_type: dict[str, float]
    realization_ratio: float | None
    benefit_to_date: float
    roi_to_date: float | None
    payback: Payback
    npv_at_current_rate: float | None
    realized_annual_benefit_range: Span | None = None
    """Attributable basis: every line at the low and at the high end of its KPI's interval."""
    benefit_to_date_range: Span | None = None
    roi_to_date_range: Span | None = None
    npv_range: Span | None = None


@dataclass(frozen=True)
class Money:
    currency: str
    years_since_go_live: float
    one_off: float
    budget_overrun: float
    """Implementation spend beyond its budget (budget.actual − budget.planned, if positive)."""
    annual_run: float
    cost_to_date: float
    expected_annual_benefit: float
    realized_annual_benefit: float
    realized_by_type: dict[str, float]
    expected_by_type: dict[str, float]
    realization_ratio: float | None
    benefit_to_date: float
    """Financial benefit (all types but non_cashable) accrued period by period since go-live."""
    roi_to_date: float | None
    payback: Payback
    npv: Npv | None
    benefits: tuple[BenefitResult, ...]
    credit: Credit = Credit.OBSERVED
    """The basis of the figures above (realized, realization, benefit to date, ROI, payback,
    NPV at the current rate): attributable by default, observed with ``settings.credit:
    observed``. A report without it credited observed progress."""
    observed: Realization | None = None
    """The same figures on observed progress, shown beside the credited ones."""
    attributable: Realization | None = None
    """The same figures on attributable progress, with the range the evidence allows."""
    notes: tuple[str, ...] = ()
    """Plain sentences the money section must show (revenue counted at full value)."""


@dataclass(frozen=True)
class Scorecard:
    dimensions: tuple[tuple[str, int], ...]
    overall: float
    weak: tuple[str, ...]
    """Dimensions scored 2 or lower."""
    interpretation: str


@dataclass(frozen=True)
class Question:
    text: str
    because: str
    topic: str


@dataclass(frozen=True)
class GapIndex:
    """The Theory–Reality Gap on each basis (``Report.gap_index`` is the credited one)."""

    credit: Credit
    observed: float | None
    attributable: float | None
    attributable_range: Span | None
    """From every KPI at the high end of its interval (low gap) to the low end (high gap)."""


@dataclass(frozen=True)
class StageCoverage:
    """How much of the evidence the thesis names for one stage has data."""

    stage: str
    named: int
    """KPIs the thesis names for the stage."""
    with_data: int
    """Of those, KPIs with a baseline and a value since go-live."""
    missing: tuple[str, ...]
    """The ids of the KPIs without data."""


@dataclass(frozen=True)
class Coverage:
    """KPIs named in the thesis against KPIs with data, overall and per stage."""

    named: int
    with_data: int
    stages: tuple[StageCoverage, ...]
    """The KPI stages the thesis names, in chain order."""
    low: bool
    """True when the coverage rule (docs/method.md) qualifies the verdict."""
    reason: str
    """One sentence: what is covered, and why coverage is low if it is."""


@dataclass(frozen=True)
class InitiativeInfo:
    name: str
    type: str
    owner: str | None
    go_live: dt.date
    review_date: dt.date | None
    thesis: str | None


@dataclass(frozen=True)
class Report:
    valaudit_version: str
    as_of: dt.date
    as_of_source: AsOfSource
    thesis_file: str
    initiative: InitiativeInfo
    currency: str
    verdict: Verdict
    chain: Chain
    implementation: ImplementationResult
    kpis: tuple[KpiResult, ...]
    guardrails: tuple[GuardrailResult, ...]
    money: Money
    gap_index: float | None
    """0 = reality matches the thesis, 100 = none of it happened."""
    scorecard: Scorecard | None
    questions: tuple[Question, ...]
    warnings: tuple[Problem, ...]
    sources: tuple[str, ...]
    """Data files, as the user named them."""
    settings: dict[str, float | str] = field(default_factory=dict)
    report_version: str = "1"
    coverage: Coverage | None = None
    """Stated at the top of every format."""
    gap: GapIndex | None = None
    """The gap index on each basis, with the attributable range."""
    links: LinkAnalysis | None = None
    """The chain's links measured across segments (None when no link has enough segments
    with data on both sides)."""
    trajectory: Trajectory | None = None
    """The audit at the end of every period since go-live (``--trajectory``), else None."""
    comparison: Comparison | None = None
    """What changed since an earlier report (``--compare``), else None."""
