"""Checks across all of a folder's tables: period lengths, duplicates, gaps and ids.

These run on the combined typed tables with vectorized pandas operations; only the rows
that are reported are touched one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import infer_granularity, period_index, period_label, step
from valaudit.model.observations import Observations, Source
from valaudit.model.thesis import Thesis
from valaudit.validate.suggest import did_you_mean
from valaudit.validate.table import TypedTable

_GRAIN_WORDS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}
_MAX_LISTED_GAPS = 6


def combine(tables: Sequence[TypedTable], rows_read: int, log: ProblemLog) -> Observations:
    """Stack the typed tables, give each KPI one period length and normalise its periods."""
    sources = tuple(Source(t.file, t.sheet) for t in tables)
    frames = [table.frame.assign(source=np.int16(index)) for index, table in enumerate(tables)]
    if frames:
        frame = _stack(frames)
    else:
        frame = pd.DataFrame(
            columns=["kpi", "segment", "start", "granularity", "value", "row", "column", "source"]
        )
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[s]")
    granularity: dict[str, str] = {}
    periods = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[s]")
    frame["kpi"] = frame["kpi"].astype("category")
    if len(frame["kpi"].cat.categories) > limits.MAX_DATA_KPIS:
        # Checked before the per-KPI work below, which is linear in the number of ids.
        _too_many_kpis(len(frame["kpi"].cat.categories), tables, log)
        frame = frame.iloc[0:0]
    grain_column = pd.Categorical(frame["granularity"])
    grain_names = np.asarray(grain_column.categories, dtype=object)
    grain_codes = grain_column.codes
    all_starts = frame["start"].to_numpy()
    for kpi, positions in frame.groupby("kpi", observed=True, sort=True).indices.items():
        grains = grain_names[grain_codes[positions]]
        starts = all_starts[positions]
        kinds = set(pd.unique(grains))
        day_labels = grains == "D"
        candidates = kinds - {"D"}
        if day_labels.any():
            dates = [d.astype("datetime64[D]").item() for d in np.unique(starts[day_labels])]
            candidates.add(infer_granularity(dates))
        if len(candidates) > 1:
            _mixed_periods(kpi, candidates, frame, positions, sources, log)
            continue
        grain = candidates.pop()
        granularity[str(kpi)] = grain
        periods[positions] = _normalise(starts, grain)
    frame["period"] = periods
    frame = frame.loc[~np.isnat(periods)]
    frame = frame.drop(columns=["start", "granularity"])
    frame["segment"] = frame["segment"].astype("category")
    frame["column"] = frame["column"].astype("category")
    frame = frame.reset_index(drop=True)
    _duplicates(frame, sources, granularity, log)
    return Observations(frame=frame, sources=sources, granularity=granularity, rows_read=rows_read)


#: Label columns kept as categoricals from the table checks on.
CATEGORICAL_COLUMNS = ("kpi", "segment", "granularity", "column")


def _stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate typed tables, uniting their categoricals instead of re-factorizing text."""
    from pandas.api.types import union_categoricals

    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns = list(CATEGORICAL_COLUMNS)
    united = {
        column: union_categoricals([pd.Categorical(f[column]) for f in frames])
        for column in columns
    }
    frame = pd.concat([f.drop(columns=columns) for f in frames], ignore_index=True)
    for column, values in united.items():
        frame[column] = values
    return frame


def _too_many_kpis(count: int, tables: Sequence[TypedTable], log: ProblemLog) -> None:
    widest = max(tables, key=lambda t: t.frame["kpi"].nunique())
    log.error(
        "too_many_kpis",
        f"The data holds {count:,} different KPI ids; valaudit reads at most "
        f"{limits.MAX_DATA_KPIS:,}, far more than a thesis names.",
        widest.file,
        sheet=widest.sheet,
        hint="Check that the kpi column really holds KPI ids (and the layout: long or wide).",
    )


def _normalise(starts: np.ndarray, grain: str) -> np.ndarray:
    days = starts.astype("datetime64[D]")
    if grain == "M":
        return days.astype("datetime64[M]").astype("datetime64[s]")
    if grain == "Y":
        return days.astype("datetime64[Y]").astype("datetime64[s]")
    if grain == "Q":
        months = days.astype("datetime64[M]").astype(np.int64)
        return (months - months % 3).astype("datetime64[M]").astype("datetime64[s]")
    if grain == "W":
        # 1970-01-01 was a Thursday: shift so that weeks start on Monday.
        ordinal = days.astype(np.int64)
        return (ordinal - (ordinal + 3) % 7).astype("datetime64[D]").astype("datetime64[s]")
    return days.astype("datetime64[s]")


def _where(frame: pd.DataFrame, index: int, sources: Sequence[Source]) -> dict[str, object]:
    source = sources[int(frame["source"].iat[index])]
    return {
        "file": source.file,
        "sheet": source.sheet,
        "row": int(frame["row"].iat[index]),
        "column": str(frame["column"].iat[index]),
    }


def _describe(location: dict[str, object]) -> str:
    text = f"{location['file']}"
    if location.get("sheet"):
        text += f", sheet '{location['sheet']}'"
    return text + f", row {location['row']}"


def _mixed_periods(
    kpi: object,
    kinds: set[str],
    frame: pd.DataFrame,
    positions: np.ndarray,
    sources: Sequence[Source],
    log: ProblemLog,
) -> None:
    where = _where(frame, int(positions[0]), sources)
    words = " and ".join(_GRAIN_WORDS[k] for k in sorted(kinds))
    log.add(
        Problem(
            code="mixed_periods",
            message=f"KPI '{kpi}' mixes periods of different lengths ({words}), so its series "
            "cannot be lined up.",
            hint="Report each KPI at one frequency: all months or all quarters, for example.",
            **where,  # type: ignore[arg-type]
        )
    )


def _duplicates(
    frame: pd.DataFrame, sources: Sequence[Source], granularity: dict[str, str], log: ProblemLog
) -> None:
    keys = ["kpi", "segment", "period"]
    duplicated = frame.duplicated(subset=keys, keep=False).to_numpy()
    if not duplicated.any():
        return
    dupes = frame.loc[duplicated]
    for _, group in dupes.groupby(keys, observed=True, sort=True):
        indices = group.index.to_numpy()
        first = _where(frame, int(indices[0]), sources)
        kpi = str(group["kpi"].iat[0])
        segment = str(group["segment"].iat[0])
        period = period_label(
            pd.Timestamp(group["period"].iat[0]).date(), granularity.get(kpi, "D")
        )
        for index in indices[1:]:
            where = _where(frame, int(index), sources)
            for_segment = f" for segment '{segment}'" if segment else ""
            log.add(
                Problem(
                    code="duplicate_row",
                    message=f"KPI '{kpi}' has two values for {period}{for_segment}: this row and "
                    f"{_describe(first)}.",
                    hint="Keep one row per KPI, period and segment. Dates in the same "
                    "period (e.g. 2025-03-15 and 2025-03-31 for a monthly KPI) count as the "
                    "same period.",
                    **where,  # type: ignore[arg-type]
                )
            )


def check_against_thesis(observations: Observations, thesis: Thesis, log: ProblemLog) -> None:
    """Ids in the data but not the thesis, thesis ids without data, comparison segments, gaps."""
    frame = observations.frame
    known = set(thesis.measures)
    present = (
        set(map(str, frame["kpi"].cat.categories[frame["kpi"].cat.codes.unique()]))
        if len(frame)
        else set()
    )
    if len(present) > limits.MAX_DATA_KPIS:
        log.error(
            "too_many_kpis",
            f"The data holds {len(present):,} different KPI ids; a thesis can evaluate at most "
            f"{limits.MAX_DATA_KPIS:,}.",
            thesis.file,
            hint="Check that the kpi column really holds KPI ids.",
        )
        return
    unknown = sorted(present - known)
    firsts = frame.drop_duplicates("kpi") if unknown else frame.iloc[0:0]
    first_row = dict(zip(firsts["kpi"].astype(str), firsts.index, strict=True))
    for kpi in unknown:
        first = int(first_row[kpi])
        where = _where(frame, first, observations.sources)
        log.add(
            Problem(
                code="unknown_kpi",
                severity="warning",
                message=f"The data has KPI '{kpi}', which the thesis does not define; its rows "
                "are ignored.",
                hint=did_you_mean(kpi, sorted(known))
                or "Add it to kpis: or guardrails: to audit it.",
                **where,  # type: ignore[arg-type]
            )
        )
    for measure in thesis.measures.values():
        if measure.id not in present:
            log.add(
                Problem(
                    code="kpi_without_data",
                    severity="warning",
                    message=f"'{measure.id}' has no rows in any table.",
                    file=thesis.file,
                    line=measure.line,
                    hint=did_you_mean(measure.id, sorted(present - known)),
                )
            )
    if thesis.comparison is not None:
        segments = set(map(str, frame["segment"].unique())) if len(frame) else set()
        for group, names in (
            ("treated", thesis.comparison.treated),
            ("control", thesis.comparison.control),
        ):
            for name in names:
                if name not in segments:
                    log.add(
                        Problem(
                            code="comparison_segment_missing",
                            message=f"The {group} segment '{name}' does not appear in the data.",
                            file=thesis.file,
                            path=f"comparison.{group}",
                            hint=did_you_mean(name, sorted(s for s in segments if s))
                            or "Segments must be spelled exactly as in the tables' segment column.",
                        )
                    )
    _gaps(observations, known, thesis.file, log)


def period_counters(periods: np.ndarray, grain: str) -> np.ndarray:
    """Vectorized :func:`period_index`: consecutive periods differ by one."""
    days = periods.astype("datetime64[D]")
    if grain == "M":
        return days.astype("datetime64[M]").astype(np.int64)
    if grain == "Q":
        return days.astype("datetime64[M]").astype(np.int64) // 3
    if grain == "Y":
        return days.astype("datetime64[Y]").astype(np.int64)
    if grain == "W":
        return (days.astype(np.int64) + 3) // 7
    return days.astype(np.int64)


def _gaps(observations: Observations, known: set[str], thesis_file: str, log: ProblemLog) -> None:
    """Warn about periods missing inside each (KPI, segment) series.

    Runs on integer period counters per group (first, last, distinct count), so a million
    rows cost a few vectorized passes; only series that really have gaps are walked.
    """
    frame = observations.frame
    if not len(frame):
        return
    # Per-row work on small integer codes: the grain of each row's KPI (0 = not checked:
    # unknown ids, daily series), then its period counter.
    checked = ["W", "M", "Q", "Y"]
    kpi_codes = frame["kpi"].cat.codes.to_numpy()
    grain_of_category = np.array(
        [
            checked.index(observations.granularity[str(kpi)]) + 1
            if str(kpi) in known and observations.granularity.get(str(kpi)) in checked
            else 0
            for kpi in frame["kpi"].cat.categories
        ]
        + [0],
        dtype=np.int8,
    )
    grains = grain_of_category[kpi_codes]
    counters = np.zeros(len(frame), dtype=np.int64)
    periods = frame["period"].to_numpy()
    for number, grain in enumerate(checked, start=1):
        mask = grains == number
        if mask.any():
            counters[mask] = period_counters(periods[mask], grain)
    keep = grains > 0
    stats = (
        frame.loc[keep]
        .assign(counter=counters[keep])
        .groupby(["kpi", "segment"], observed=True, sort=True)["counter"]
        .agg(["min", "max", "nunique"])
    )
    gappy = stats.loc[stats["max"] - stats["min"] + 1 > stats["nunique"]]
    for kpi, segment in gappy.index:
        grain = observations.granularity[str(kpi)]
        group = frame.loc[(frame["kpi"] == kpi) & (frame["segment"] == segment)]
        dates = sorted({pd.Timestamp(p).date() for p in group["period"].unique()})
        indices = {period_index(d, grain) for d in dates}
        missing = []
        current = dates[0]
        while current <= dates[-1]:
            if period_index(current, grain) not in indices:
                missing.append(period_label(current, grain))
            current = step(current, grain)
        listed = ", ".join(missing[:_MAX_LISTED_GAPS]) + (
            f" and {len(missing) - _MAX_LISTED_GAPS} more"
            if len(missing) > _MAX_LISTED_GAPS
            else ""
        )
        for_segment = f" (segment '{segment}')" if segment else ""
        source = observations.sources[int(group["source"].iat[0])]
        log.add(
            Problem(
                code="missing_periods",
                severity="warning",
                message=f"KPI '{kpi}'{for_segment} has no value for {listed}. Missing periods are "
                "left out of the analysis, never counted as zero.",
                file=source.file,
                sheet=source.sheet,
                hint="Add the missing rows if the values exist.",
            )
        )
