"""Running the audit: one valid folder in, one report out.

The as-of date is ``--as-of``, else the thesis's review date, else the end of the latest
period in the data — never today's date, so the same files always give the same report.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from valaudit import __version__
from valaudit.analyse.chain import build_chain, judge_implementation
from valaudit.analyse.comparison import ControlGroup
from valaudit.analyse.coverage import measure_coverage
from valaudit.analyse.gap import build_gap, scorecard
from valaudit.analyse.links import analyse_links
from valaudit.analyse.measure import Window, measure_guardrail, measure_kpi
from valaudit.analyse.money import compute_money
from valaudit.analyse.questions import choose_questions
from valaudit.analyse.reading import reading_caveats
from valaudit.analyse.series import GroupedSeries, Series, aggregate_series, group_columns
from valaudit.analyse.verdict import build_verdict
from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import period_label, step
from valaudit.model.codes import AsOfSource, ComparisonMethod, Credit, KpiStatus
from valaudit.model.observations import Observations, category_codes
from valaudit.model.report import InitiativeInfo, KpiResult, Report
from valaudit.model.thesis import Measure, Thesis
from valaudit.model.validation import FolderValidation


def period_end(start: dt.date, granularity: str) -> dt.date:
    """Last day of the period that starts on ``start``."""
    if granularity == "D":
        return start
    if granularity == "M":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return step(start, granularity) - dt.timedelta(days=1)


def resolve_as_of(
    option: dt.date | None, thesis: Thesis, observations: Observations
) -> tuple[dt.date, AsOfSource]:
    if option is not None:
        return option, AsOfSource.OPTION
    if thesis.initiative.review_date is not None:
        return thesis.initiative.review_date, AsOfSource.REVIEW_DATE
    frame = observations.frame
    latest = frame.groupby("kpi", observed=True)["period"].max().to_dict() if len(frame) else {}
    ends = [
        period_end(pd.Timestamp(period).date(), observations.granularity.get(str(kpi), "M"))
        for kpi, period in latest.items()
        if str(kpi) in thesis.measures
    ]
    return (max(ends) if ends else thesis.initiative.go_live), AsOfSource.LATEST_DATA


def _warn(
    log: ProblemLog,
    file: str,
    code: str,
    message: str,
    measure: Measure | None = None,
    hint: str | None = None,
) -> None:
    """An audit warning, at the thesis line of the KPI or guardrail it is about."""
    line = measure.line if measure is not None else None
    log.warning(code, message, file, line=line, hint=hint)


def _series_for(
    measure: Measure,
    rows_of: Callable[[str], pd.DataFrame],
    grouped: GroupedSeries,
    granularity: str,
    thesis: Thesis,
    warnings: ProblemLog,
) -> tuple[Series, ControlGroup | None]:
    """The measure's series (treated segments when a comparison applies) and the control's.

    ``grouped`` holds the series and segments of one grouped pass over every KPI; a
    measure's own rows are selected only when it needs more (a comparison, ``last``).
    """
    comparison = thesis.comparison
    segments = set(grouped.segments.get(measure.id, ()))
    if "" in segments and len(segments) > 1:
        _warn(
            warnings,
            thesis.file,
            "mixed_segments",
            f"'{measure.id}' has rows with and without a segment; rows without one are treated "
            "as one more segment.",
            measure,
            "Give every row a segment, or none.",
        )
    if (
        comparison is not None
        and segments & set(comparison.treated)
        and segments & set(comparison.control)
    ):
        rows = rows_of(measure.id)
        treated = aggregate_series(
            rows.loc[rows["segment"].isin(comparison.treated)], measure.aggregate, granularity
        )
        control_rows = rows.loc[rows["segment"].isin(comparison.control)]
        control = aggregate_series(control_rows, measure.aggregate, granularity)
        series, extra = treated, control
        own: tuple[tuple[str, Series], ...] = ()
        if comparison.method == ComparisonMethod.SYNTHETIC.value:
            own = tuple(
                (
                    name,
                    aggregate_series(
                        control_rows.loc[control_rows["segment"] == name],
                        measure.aggregate,
                        granularity,
                    ),
                )
                for name in comparison.control
                if name in segments
            )
        group = ControlGroup(
            ComparisonMethod(comparison.method),
            control,
            own,
            float(len(treated.segments)) if measure.aggregate == "sum" else 1.0,
        )
    else:
        known = grouped.series.get(measure.id)
        if known is None:
            known = aggregate_series(rows_of(measure.id), measure.aggregate, granularity)
        series, extra, group = known, None, None
    for part in (series, extra):
        if part is not None and part.incomplete:
            listed = ", ".join(part.incomplete[:6]) + (" ..." if len(part.incomplete) > 6 else "")
            _warn(
                warnings,
                thesis.file,
                "incomplete_period",
                f"'{measure.id}' sums its segments, but some segment has no value for {listed}; "
                "those periods are left out rather than under-counted.",
                measure,
            )
    return series, group


def _kpi_warnings(
    kpi: KpiResult, measure: Measure, window: Window, file: str, warnings: ProblemLog
) -> None:
    if kpi.effect.placebo is not None and kpi.effect.placebo.moved:
        _warn(
            warnings,
            file,
            "placebo_effect",
            f"'{kpi.id}' shows an 'effect' at a fake go-live ({kpi.effect.placebo.at}) before the "
            "real one: it moves without the initiative, so its effect deserves less trust.",
            measure,
        )
    if kpi.series and kpi.status != KpiStatus.NO_DATA:
        last = kpi.series[-1].start
        gap = 0
        cursor = last
        while step(cursor, kpi.granularity) <= window.as_of and gap < 1000:
            cursor = step(cursor, kpi.granularity)
            gap += 1
        if gap >= 2:
            _warn(
                warnings,
                file,
                "stale_data",
                f"The latest value of '{kpi.id}' is for {period_label(last, kpi.granularity)}, "
                f"{gap} periods before the as-of date.",
                measure,
                "Add the latest periods, or audit with an earlier --as-of date.",
            )
    if (
        kpi.baseline is not None
        and kpi.target is not None
        and (
            (kpi.target <= kpi.baseline) if kpi.direction == "up" else (kpi.target >= kpi.baseline)
        )
    ):
        _warn(
            warnings,
            file,
            "target_wrong_way",
            f"'{kpi.id}' is better when it goes {kpi.direction}, but its target "
            f"({kpi.target:,.4g}) is not beyond its baseline ({kpi.baseline:,.4g}).",
            measure,
            "Check the target, or state the baseline in the thesis.",
        )


@dataclass(frozen=True)
class MeasureSeries:
    """One KPI's or guardrail's series, and the warnings building it raised."""

    series: Series
    control: ControlGroup | None
    """The control segments' series, when the thesis compares treated and control."""
    warnings: tuple[Problem, ...]


class MeasureRows:
    """Each KPI's and guardrail's rows of the observations, every segment, taken on demand.

    Only a comparison, the ``last`` aggregate and the link analysis need a measure's rows
    as a table; most folders need none, and on a small table selecting the columns costs
    more than aggregating every series. So the selection is made on the first request.
    """

    def __init__(self, observations: Observations) -> None:
        self._observations = observations

    @functools.cached_property
    def positions(self) -> dict[str, np.ndarray]:
        """Each measure id's row positions in the observations."""
        return _positions_by_kpi(self._observations.columns["kpi"])

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The observations' columns the series need (segments kept, for the link analysis):
        taking all the columns for each KPI would copy the rest too."""
        return self._observations.frame[
            ["segment", "period", "period_number", "value", "source", "row"]
        ]

    def __call__(self, measure_id: str) -> pd.DataFrame:
        """One KPI's or guardrail's rows, every segment."""
        index = self.positions.get(measure_id)
        return self.frame.iloc[np.asarray(index)] if index is not None else self.frame.iloc[0:0]


@dataclass(frozen=True)
class PreparedAudit:
    """The part of an audit that does not depend on the as-of date: a valid folder's series.

    Built once by :func:`prepare_audit`; :func:`audit_prepared` then judges it as of any
    date. A trajectory (``--trajectory``) audits the same folder at many dates, and
    aggregating the series is most of an audit's work, so it is done once, not per date.
    """

    validation: FolderValidation
    measures: dict[str, MeasureSeries]
    """Per KPI and guardrail id, in thesis order."""
    rows_of: MeasureRows
    """A measure id → its rows, every segment (a DataFrame)."""


def prepare_audit(validation: FolderValidation) -> PreparedAudit:
    """Aggregate every KPI's and guardrail's series. The caller checks ``validation.valid``."""
    thesis, observations = validation.thesis, validation.observations
    assert thesis is not None and observations is not None, "an audit needs a valid folder"
    rows_of = MeasureRows(observations)
    specs = [*thesis.kpis, *thesis.guardrails]
    grouped = group_columns(
        observations.columns,
        {spec.id: (spec.aggregate, observations.granularity.get(spec.id, "M")) for spec in specs},
    )
    measures: dict[str, MeasureSeries] = {}
    for spec in specs:
        granularity = observations.granularity.get(spec.id, "M")
        warnings = ProblemLog(cap=None)
        series, control = _series_for(spec, rows_of, grouped, granularity, thesis, warnings)
        measures[spec.id] = MeasureSeries(series, control, tuple(warnings))
    return PreparedAudit(validation, measures, rows_of)


def _positions_by_kpi(kpi: pd.Categorical) -> dict[str, np.ndarray]:
    """Each KPI id's row positions, ascending: ``groupby("kpi").indices`` from one stable
    sort of the category codes (a groupby costs more than this on a batch folder's table)."""
    codes = category_codes(kpi)
    if not len(codes):
        return {}
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    names = kpi.categories
    return {
        str(names[ordered[start]]): positions
        for start, positions in zip(starts.tolist(), np.split(order, starts[1:]), strict=True)
        if ordered[start] >= 0  # a missing id is in no group
    }


def run_audit(validation: FolderValidation, as_of: dt.date | None = None) -> Report:
    """Analyse a valid folder. The caller checks ``validation.valid`` first."""
    return audit_prepared(prepare_audit(validation), as_of)


def audit_prepared(prepared: PreparedAudit, as_of: dt.date | None = None) -> Report:
    """Judge a prepared folder as of ``as_of`` (resolved as :func:`resolve_as_of` says)."""
    validation = prepared.validation
    thesis, observations = validation.thesis, validation.observations
    assert thesis is not None and observations is not None, "run_audit needs a valid folder"
    as_of_date, as_of_source = resolve_as_of(as_of, thesis, observations)
    window = Window(go_live=thesis.initiative.go_live, as_of=as_of_date)
    # Each warning names its own KPI: none is summarised away, however many KPIs a thesis has.
    warnings = ProblemLog(cap=None)
    if as_of_date <= thesis.initiative.go_live:
        _warn(
            warnings,
            thesis.file,
            "as_of_before_go_live",
            f"The as-of date {as_of_date} is not after go-live ({thesis.initiative.go_live}): "
            "there is no post period to judge.",
        )
    kpi_results: list[KpiResult] = []
    post_progress: dict[str, tuple[float, ...]] = {}
    for spec in thesis.kpis:
        prepared_series = prepared.measures[spec.id]
        warnings.extend(prepared_series.warnings)
        series, control = prepared_series.series, prepared_series.control
        measured = measure_kpi(spec, series, window, thesis.settings, control)
        kpi_results.append(measured.result)
        post_progress[spec.id] = measured.post_progress
        _kpi_warnings(measured.result, spec, window, thesis.file, warnings)
    guardrail_results = []
    for guardrail in thesis.guardrails:
        prepared_series = prepared.measures[guardrail.id]
        warnings.extend(prepared_series.warnings)
        guardrail_results.append(
            measure_guardrail(guardrail, prepared_series.series, window, thesis.settings)
        )
    settings = thesis.settings
    credit = Credit(settings.credit)
    implementation = judge_implementation(thesis.implementation, as_of_date)
    coverage = measure_coverage(kpi_results)
    chain = build_chain(kpi_results, implementation, credit)
    verdict = build_verdict(
        kpi_results,
        chain,
        guardrail_results,
        implementation,
        thesis.operating_model,
        settings,
        coverage,
    )
    links = analyse_links(
        kpi_results,
        chain,
        prepared.rows_of,
        thesis.initiative.go_live,
        as_of_date,
        settings.confidence,
    )
    money = compute_money(thesis, {k.id: k for k in kpi_results}, post_progress, as_of_date)
    gap = build_gap(kpi_results, credit)
    card = scorecard(thesis.operating_model)
    ini = thesis.initiative
    folder = str(Path(thesis.file).parent)
    # Reports name files relative to the audit folder: the same folder gives the same bytes
    # wherever it lives and whichever way the command was typed.
    relative = [
        dataclasses.replace(p, file=os.path.relpath(p.file, folder))
        for p in [*validation.warnings, *warnings.sorted()]
    ]
    verdict = dataclasses.replace(
        verdict,
        caveats=reading_caveats(kpi_results, coverage, money, relative, settings.min_post_periods),
    )
    return Report(
        valaudit_version=__version__,
        as_of=as_of_date,
        as_of_source=as_of_source,
        thesis_file=Path(thesis.file).name,
        initiative=InitiativeInfo(
            ini.name, ini.type, ini.owner, ini.go_live, ini.review_date, thesis.thesis_text
        ),
        currency=thesis.currency,
        verdict=verdict,
        chain=chain,
        implementation=implementation,
        kpis=tuple(kpi_results),
        guardrails=tuple(guardrail_results),
        money=money,
        gap_index=gap.attributable if credit == Credit.ATTRIBUTABLE else gap.observed,
        scorecard=card,
        questions=choose_questions(verdict, chain, card, links),
        warnings=tuple(sorted(relative, key=Problem.sort_key)),
        sources=tuple(dict.fromkeys(os.path.relpath(s.file, folder) for s in observations.sources)),
        settings={
            "baseline_periods": settings.baseline_periods,
            "current_periods": settings.current_periods,
            "min_post_periods": settings.min_post_periods,
            "confidence": settings.confidence,
            "credit": credit,
        },
        coverage=coverage,
        gap=gap,
        links=links,
    )
