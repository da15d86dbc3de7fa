"""The investment thesis as typed, validated values.

Built only from a document that passed the schema, so fields can be trusted. Each item
remembers its YAML line, which lets reports point back at it (GitHub annotations do).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Stage = Literal["implementation", "adoption", "productivity", "throughput", "customer", "financial"]
Direction = Literal["up", "down"]
Aggregate = Literal["mean", "sum", "last"]
Layout = Literal["long", "wide"]
BenefitType = Literal["cashable", "cost_avoidance", "revenue", "non_cashable"]
CreditBasis = Literal["attributable", "observed"]
ComparisonKind = Literal["difference", "synthetic"]

#: The value chain, in order.
CHAIN: tuple[Stage, ...] = (
    "implementation",
    "adoption",
    "productivity",
    "throughput",
    "customer",
    "financial",
)
#: Stages measured by KPIs.
KPI_STAGES: tuple[Stage, ...] = CHAIN[1:]
#: Stages where value shows up as results rather than activity.
OUTCOME_STAGES: tuple[Stage, ...] = ("throughput", "customer", "financial")

OPERATING_MODEL_DIMENSIONS: tuple[str, ...] = (
    "workflow_redesign",
    "decision_rights",
    "priority_alignment",
    "manager_capacity",
    "cross_team_handoffs",
    "incentives",
    "customer_feedback",
)


@dataclass(frozen=True)
class Change:
    """A change relative to a baseline: a fraction of it (``-25%``) or an absolute amount."""

    relative: bool
    amount: float
    """Fraction of the baseline when relative (-0.25), else the absolute amount."""
    text: str
    """As the user wrote it."""

    def apply(self, base: float) -> float:
        return base + (abs(base) * self.amount if self.relative else self.amount)

    def size(self, base: float) -> float:
        """Magnitude of the change in the KPI's own units."""
        return abs(abs(base) * self.amount if self.relative else self.amount)


@dataclass(frozen=True)
class Initiative:
    name: str
    type: str
    owner: str | None
    go_live: dt.date
    review_date: dt.date | None


@dataclass(frozen=True)
class Investment:
    one_off: float = 0.0
    """The planned one-off cost; an overrun comes from ``implementation.budget``."""
    annual_run: float = 0.0
    discount_rate: float | None = None


@dataclass(frozen=True)
class Milestone:
    name: str
    planned: dt.date
    actual: dt.date | None


@dataclass(frozen=True)
class Budget:
    planned: float
    actual: float | None


@dataclass(frozen=True)
class Implementation:
    milestones: tuple[Milestone, ...] = ()
    budget: Budget | None = None


@dataclass(frozen=True)
class NumberFormat:
    """How a table writes numbers as text, when its cells cannot say it themselves.

    Without it each value column's convention is read from its own cells; with it, the
    thesis settles what ``1.500`` means.
    """

    decimal: str
    """The decimal separator: ``.`` or ``,``."""
    thousands: str | None = None
    """The thousands separator: ``,``, ``.``, a space, ``'`` or ``""`` (none); None means the
    separator that is not the decimal one. Spaces and apostrophes between digits are always
    read as grouping."""

    @property
    def grouping(self) -> str:
        """The thousands separator in effect."""
        if self.thousands is not None:
            return self.thousands
        return "," if self.decimal == "." else "."


@dataclass(frozen=True)
class DataSource:
    """One KPI table named in the thesis."""

    index: int
    path: str
    """As written in the thesis (relative to it)."""
    sheet: str | None
    layout: Layout
    columns: dict[str, str]
    """Canonical name (period, kpi, value, segment, or a KPI id) -> the file's own header."""
    line: int
    number_format: NumberFormat | None = None
    """The table's own ``number_format``, else the thesis's; None when neither says."""
    lines: dict[str, int] = field(default_factory=dict)
    """The YAML line of each key of the entry (``sheet``, ``columns``, ...), for hints that
    say which line to edit."""


@dataclass(frozen=True)
class Measure:
    """What KPIs and guardrails share: an id, a direction and how segments combine."""

    id: str
    name: str
    direction: Direction
    aggregate: Aggregate
    unit: str | None
    owner: str | None
    notes: str | None
    line: int


@dataclass(frozen=True)
class KpiSpec(Measure):
    stage: Stage = "adoption"
    baseline: float | None = None
    target: float | None = None
    target_change: Change | None = None
    by: dt.date | None = None


@dataclass(frozen=True)
class GuardrailSpec(Measure):
    tolerance: Change | None = None


@dataclass(frozen=True)
class Benefit:
    name: str
    annual: float
    kpi: str
    type: BenefitType
    owner: str | None
    notes: str | None
    line: int
    margin: float | None = None
    """Revenue lines only: the share of the revenue that is profit (0.35 for "35%")."""


@dataclass(frozen=True)
class Comparison:
    treated: tuple[str, ...]
    control: tuple[str, ...]
    lines: dict[str, int] = field(default_factory=dict)
    """The YAML line of each segment name, keyed ``treated[0]``, ``control[1]`` and so on."""
    method: ComparisonKind = "difference"
    """difference: treated against the control segments' aggregate; synthetic: against a
    weighted average of the control segments fitted on the pre period."""


@dataclass(frozen=True)
class Settings:
    baseline_periods: int = 3
    current_periods: int = 1
    min_post_periods: int = 3
    confidence: float = 0.95
    credit: CreditBasis = "attributable"
    """attributable: the chain, verdict, money and gap index credit only movement beyond the
    counterfactual; observed: they credit the observed level, as valaudit did before."""


@dataclass(frozen=True)
class Thesis:
    """A validated thesis."""

    file: str
    """The thesis file as the user named it."""
    folder: Path
    """Folder the data paths are relative to."""
    initiative: Initiative
    currency: str
    investment: Investment
    thesis_text: str | None
    implementation: Implementation | None
    data: tuple[DataSource, ...]
    kpis: tuple[KpiSpec, ...]
    guardrails: tuple[GuardrailSpec, ...]
    benefits: tuple[Benefit, ...]
    comparison: Comparison | None
    operating_model: dict[str, int] | None
    settings: Settings
    measures: dict[str, Measure] = field(default_factory=dict)
    """Every KPI and guardrail by id."""

    def __post_init__(self) -> None:
        self.measures.update({m.id: m for m in (*self.kpis, *self.guardrails)})
