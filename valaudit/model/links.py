"""Links of the value chain measured across segments (teams, regions, sites).

A stage-based break is an inference from two separate facts: productivity moved, throughput
did not. A link compares the same segments on both sides of a pair of adjacent stages: did the
segments that improved more upstream also improve more downstream? docs/method.md §7.1 gives
the rule; :mod:`valaudit.analyse.links` computes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LinkStatus(StrEnum):
    """What the segments say about one link."""

    CONVERTING = "converting"
    """The downstream effect follows the upstream one beyond noise, the good way."""
    NOT_CONVERTING = "not_converting"
    """The upstream effect varies detectably across segments, and the interval of the
    conversion rules out the conversion the thesis states."""
    INCONCLUSIVE = "inconclusive"
    """Too few segments, too little upstream variation, or too much noise to tell."""


@dataclass(frozen=True)
class SegmentPoint:
    """One segment's effect on both sides of a link, in the link's side units."""

    segment: str
    upstream: float
    downstream: float


@dataclass(frozen=True)
class Cohorts:
    """The segments in the top third of the upstream effect against the bottom third."""

    segments: int
    """Segments in each cohort (a third of the link's segments, rounded down)."""
    top: float
    """Mean downstream effect of the top third."""
    bottom: float
    """Mean downstream effect of the bottom third."""
    difference: float
    """top − bottom."""
    low: float | None
    high: float | None
    """Welch's interval for the difference (None with fewer than two segments a cohort)."""


@dataclass(frozen=True)
class Link:
    """The conversion between two adjacent measured stages, across segments."""

    from_stage: str
    to_stage: str
    status: LinkStatus
    reason: str
    """One sentence: why this status, with the evidence in figures."""
    upstream_kpis: tuple[str, ...]
    downstream_kpis: tuple[str, ...]
    upstream_unit: str
    """The unit of the upstream side: the KPI's own unit when one KPI carries the side
    (signed so that larger is better), else 'share of promised change'."""
    downstream_unit: str
    segments: int
    """Segments with an effect on both sides."""
    slope: float | None
    """Theil–Sen slope: downstream improvement per unit of upstream improvement."""
    low: float | None
    high: float | None
    """Sen's interval for the slope at the report's confidence."""
    intercept: float | None
    correlation: float | None
    """Pearson correlation of the two sides across segments."""
    stated_conversion: float | None
    """The slope the thesis implies: its promised downstream change per promised upstream
    change (1 when a side combines several KPIs)."""
    reliability: float | None
    """Share of the upstream spread across segments that is not estimation noise; the
    stated conversion is expected to show attenuated by this factor."""
    variation_p_value: float | None
    """Test that the upstream effects differ across segments more than their noise."""
    power: float | None
    """Chance that the stated (attenuated) conversion would have been called converting."""
    cohorts: Cohorts | None
    points: tuple[SegmentPoint, ...]
    """Every segment, sorted by name."""
    words: str
    """The link in a sentence a finance reader can quote."""


class LinkEvidence(StrEnum):
    """How the links bear on the stage-based break."""

    CONFIRMS = "confirms"
    """The link at the stage-based break is not converting."""
    CONTRADICTS = "contradicts"
    """The link at the stage-based break converts, or a link breaks where the stages do not."""
    SILENT = "silent"
    """No link is converting at the break or not converting elsewhere: nothing to add."""


#: Said wherever link evidence is shown.
ASSOCIATION_CAVEAT = (
    "Comparisons across segments are associations: segments differ in more than the "
    "initiative (size, mix, management), so a link shows what went together, not what caused it."
)


@dataclass(frozen=True)
class LinkAnalysis:
    """Every link measured, and what they say about the break."""

    links: tuple[Link, ...]
    """In chain order."""
    break_from: str | None
    break_to: str | None
    """The first link that is not converting, if any."""
    evidence: LinkEvidence
    summary: str | None
    """The sentence shown where the report names the break (None when silent)."""
    caveat: str = ASSOCIATION_CAVEAT
