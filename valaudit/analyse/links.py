"""Link analysis: does each link of the chain convert, across segments? (docs/method.md §7.1)

For each adjacent pair of measured stages whose KPIs have data for at least
:data:`~valaudit.analyse.link_rule.MIN_SEGMENTS` common segments, every segment's effect is
measured on both sides (:mod:`valaudit.analyse.segment_effects`), and the conversion across
segments is judged by one rule (:mod:`valaudit.analyse.link_rule`). A side carried by one KPI
is in that KPI's unit, signed so that larger is better; a side that combines several KPIs is in
shares of each KPI's promised change (target − baseline), averaged.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valaudit.analyse.chain import SKIPPED
from valaudit.analyse.link_rule import MIN_SEGMENTS, LinkFigures, judge_link
from valaudit.analyse.segment_effects import model_for, segment_effects, segment_table
from valaudit.load.periods import normalise, period_index
from valaudit.model.codes import KpiStatus
from valaudit.model.links import (
    Link,
    LinkAnalysis,
    LinkEvidence,
    LinkStatus,
    SegmentPoint,
)
from valaudit.model.report import Chain, KpiResult
from valaudit.model.thesis import KPI_STAGES

SHARE_UNIT = "share of promised change"


@dataclass(frozen=True)
class Side:
    """One stage's segment effects, ready to compare."""

    stage: str
    kpis: tuple[KpiResult, ...]
    effects: dict[str, tuple[float, float]]
    """Segment -> (improvement, standard error) in the side's unit."""
    unit: str
    promise: float
    """The promised improvement per segment, in the side's unit (1 for a share)."""


def _promise(kpi: KpiResult) -> float | None:
    """The promised improvement per segment, in the KPI's unit (None without a target)."""
    if kpi.baseline is None or kpi.target is None:
        return None
    promised = (kpi.target - kpi.baseline) * (1.0 if kpi.direction == "up" else -1.0)
    if promised <= 0 or not math.isfinite(promised):
        return None
    return promised / len(kpi.segments) if kpi.aggregate == "sum" else promised


def _eligible(kpi: KpiResult) -> bool:
    return (
        kpi.status not in (KpiStatus.NO_DATA, KpiStatus.EARLY)
        and len(kpi.segments) >= MIN_SEGMENTS
        and _promise(kpi) is not None
    )


def _kpi_effects(
    kpi: KpiResult, rows: pd.DataFrame, go_live: float, last: float
) -> dict[str, tuple[float, float]]:
    assert kpi.baseline is not None
    model = model_for(
        kpi.effect,
        adoption=kpi.stage == "adoption",
        baseline=kpi.baseline,
        go_live=go_live,
        last=last,
        granularity=kpi.granularity,
    )
    sign = 1.0 if kpi.direction == "up" else -1.0
    return {
        e.segment: (sign * e.estimate, e.se)
        for e in segment_effects(segment_table(rows, kpi.aggregate, kpi.granularity, last), model)
        if math.isfinite(e.estimate)
    }


def build_side(
    stage: str,
    kpis: Sequence[KpiResult],
    rows_of: Callable[[str], pd.DataFrame],
    go_live: dt.date,
    as_of: dt.date,
) -> Side | None:
    """A stage's side of its links, from its eligible KPIs (None when none has segments)."""
    chosen = tuple(k for k in kpis if k.stage == stage and _eligible(k))
    if not chosen:
        return None
    per_kpi = []
    for kpi in chosen:
        start = period_index(normalise(go_live, kpi.granularity), kpi.granularity)
        last = period_index(normalise(as_of, kpi.granularity), kpi.granularity)
        per_kpi.append(_kpi_effects(kpi, rows_of(kpi.id), float(start), float(last)))
    common = sorted(set.intersection(*(set(effects) for effects in per_kpi)))
    if len(chosen) == 1:
        kpi = chosen[0]
        promise = _promise(kpi)
        assert promise is not None
        return Side(stage, chosen, per_kpi[0], kpi.unit or "units", promise)
    combined: dict[str, tuple[float, float]] = {}
    for segment in common:
        shares = []
        variances = []
        for kpi, effects in zip(chosen, per_kpi, strict=True):
            promise = _promise(kpi)
            assert promise is not None
            value, se = effects[segment]
            shares.append(value / promise)
            variances.append((se / promise) ** 2)
        combined[segment] = (
            float(np.mean(shares)),
            math.sqrt(sum(variances)) / len(chosen),
        )
    return Side(stage, chosen, combined, SHARE_UNIT, 1.0)


def _number(value: float) -> str:
    return f"{value:+,.3g}" if abs(value) < 1000 else f"{value:+,.0f}"


def _side_name(side: Side) -> str:
    if len(side.kpis) == 1:
        return side.kpis[0].name.lower()
    return f"{side.stage} ({len(side.kpis)} KPIs)"


def _unit_word(unit: str) -> str:
    return "points" if unit == "%" else unit


def _per(side: Side) -> str:
    if side.unit == SHARE_UNIT:
        return f"per promised change of {side.stage}"
    kpi = side.kpis[0]
    unit = "point" if side.unit == "%" else side.unit
    return f"per {unit} of {kpi.name.lower()} {'gained' if kpi.direction == 'up' else 'saved'}"


def describe(up: Side, down: Side, figures: LinkFigures, stated: float | None) -> tuple[str, str]:
    """(reason, words) of one link."""
    n = figures.segments
    down_unit = "of the promised change" if down.unit == SHARE_UNIT else _unit_word(down.unit)
    fit = figures.fit
    slope_text = ""
    if fit is not None:
        slope_text = (
            f"{_number(fit.slope)} {down_unit} of {_side_name(down)} {_per(up)} "
            f"({_number(fit.low)} to {_number(fit.high)}, {n} segments)"
        )
    stated_text = (
        f"; the thesis implies {_number(stated)}" if stated is not None and fit is not None else ""
    )
    power = figures.power
    power_text = f", power {power:.0%} to have seen it" if power is not None else ""
    why = figures.why
    if why == "too_few":
        reason = f"Only {n} segments have effects on both sides; a link needs {MIN_SEGMENTS}."
    elif why == "no_spread":
        reason = f"Every segment moved {_side_name(up)} by the same amount: nothing to compare."
    elif why == "converting":
        reason = (
            f"Segments that improved {_side_name(up)} more also improved {_side_name(down)} more."
        )
    elif why == "no_variation":
        p = figures.variation_p_value
        p_text = f"p={p:.2f}" if p is not None and math.isfinite(p) else "no error estimate"
        reason = (
            f"The segments' effects on {_side_name(up)} do not differ beyond their noise "
            f"({p_text}): nothing varied for {_side_name(down)} to follow."
        )
    elif why == "negative":
        reason = f"Segments that improved {_side_name(up)} more did worse on {_side_name(down)}."
    elif why == "below_stated":
        reason = (
            f"Segments that improved {_side_name(up)} more did not improve {_side_name(down)} "
            f"more: the interval rules out the conversion the thesis implies{power_text}."
        )
    elif why == "no_stated":
        reason = "The thesis states no conversion to test the link against."
    else:
        reason = f"Too noisy to tell{power_text}."
    words = f"{reason} {slope_text[:1].upper() + slope_text[1:]}{stated_text}." if fit else reason
    words = words.replace(" -", " −").replace("(-", "(−")
    return reason, words


def measure_link(up: Side, down: Side, confidence: float) -> Link | None:
    """The link between two sides (None when they share fewer than MIN_SEGMENTS segments)."""
    common = sorted(set(up.effects) & set(down.effects))
    if len(common) < MIN_SEGMENTS:
        return None
    x = np.array([up.effects[s][0] for s in common])
    x_se = np.array([up.effects[s][1] for s in common])
    y = np.array([down.effects[s][0] for s in common])
    stated = down.promise / up.promise
    figures = judge_link(x, y, x_se, stated, confidence)
    reason, words = describe(up, down, figures, stated)
    fit = figures.fit
    return Link(
        from_stage=up.stage,
        to_stage=down.stage,
        status=figures.status,
        reason=reason,
        upstream_kpis=tuple(k.id for k in up.kpis),
        downstream_kpis=tuple(k.id for k in down.kpis),
        upstream_unit=up.unit,
        downstream_unit=down.unit,
        segments=figures.segments,
        slope=fit.slope if fit else None,
        low=fit.low if fit else None,
        high=fit.high if fit else None,
        intercept=fit.intercept if fit else None,
        correlation=figures.correlation,
        stated_conversion=stated,
        reliability=figures.reliability,
        variation_p_value=figures.variation_p_value,
        power=figures.power,
        cohorts=figures.cohorts,
        points=tuple(
            SegmentPoint(s, float(a), float(b)) for s, a, b in zip(common, x, y, strict=True)
        ),
        words=words,
    )


def _evidence_figures(link: Link) -> str:
    """'slope +0.49 per unit (−2.56 to +3.08), 18 segments, the thesis implies +20.2'."""
    if link.slope is None or link.low is None or link.high is None:
        return f"{link.segments} segments"
    text = (
        f"slope {_number(link.slope)} ({_number(link.low)} to {_number(link.high)}), "
        f"{link.segments} segments"
    )
    if link.stated_conversion is not None:
        text += f", against {_number(link.stated_conversion)} the thesis implies"
    return text.replace(" -", " −").replace("(-", "(−")


def _evidence(links: Sequence[Link], chain: Chain) -> tuple[LinkEvidence, str | None]:
    stage_break = chain.break_
    at_break = next(
        (
            link
            for link in links
            if stage_break is not None
            and (link.from_stage, link.to_stage) == (stage_break.from_stage, stage_break.to_stage)
        ),
        None,
    )
    broken = next((link for link in links if link.status == LinkStatus.NOT_CONVERTING), None)
    if at_break is not None and at_break.status == LinkStatus.NOT_CONVERTING:
        return LinkEvidence.CONFIRMS, (
            f"The segments confirm the break between {at_break.from_stage} and "
            f"{at_break.to_stage}: {_evidence_figures(at_break)}."
        )
    if at_break is not None and at_break.status == LinkStatus.CONVERTING:
        return LinkEvidence.CONTRADICTS, (
            f"The stage figures place the break between {at_break.from_stage} and "
            f"{at_break.to_stage}, but across segments that link converts: "
            f"{_evidence_figures(at_break)}. Both are shown; read the stage figures with care."
        )
    if broken is not None:
        where = "" if stage_break is None else ", away from the stage-based break"
        return LinkEvidence.CONTRADICTS, (
            f"Across segments the link {broken.from_stage} → {broken.to_stage} does not "
            f"convert{where}: {_evidence_figures(broken)}."
        )
    return LinkEvidence.SILENT, None


def analyse_links(
    kpis: Sequence[KpiResult],
    chain: Chain,
    rows_of: Callable[[str], pd.DataFrame],
    go_live: dt.date,
    as_of: dt.date,
    confidence: float,
) -> LinkAnalysis | None:
    """Every link with enough common segments; None when no link has."""
    measured = [s.stage for s in chain.stages if s.stage in KPI_STAGES and s.status not in SKIPPED]
    if len(measured) < 2:
        return None
    sides = {stage: build_side(stage, kpis, rows_of, go_live, as_of) for stage in measured}
    links = []
    for before, after in itertools.pairwise(measured):
        up, down = sides[before], sides[after]
        if up is not None and down is not None:
            link = measure_link(up, down, confidence)
            if link is not None:
                links.append(link)
    if not links:
        return None
    evidence, summary = _evidence(links, chain)
    broken = next((link for link in links if link.status == LinkStatus.NOT_CONVERTING), None)
    return LinkAnalysis(
        links=tuple(links),
        break_from=broken.from_stage if broken else None,
        break_to=broken.to_stage if broken else None,
        evidence=evidence,
        summary=summary,
    )
