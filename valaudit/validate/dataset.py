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
from valaudit.validate.table import GRAINS, TypedTable

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
    frame["kpi"] = frame["kpi"].astype("category")
    ids = _distinct_ids(frame["kpi"])
    if ids > limits.MAX_DATA_KPIS:
        # Checked before the per-KPI work below, which is linear in the number of ids.
        _too_many_kpis(ids, tables, log)
        frame = frame.iloc[0:0]
    granularity, row_grains = _granularities(frame, sources, log)
    counters, periods = _period_numbers(frame["start"].to_numpy(), row_grains)
    keep = row_grains > 0
    columns = {
        "kpi": frame["kpi"].array,
        "segment": frame["segment"].astype("category").array,
        "period": periods,
        "value": frame["value"].to_numpy(),
        "row": frame["row"].to_numpy(),
        "column": frame["column"].astype("category").array,
        "source": frame["source"].to_numpy(),
        "period_number": counters,
    }
    if not keep.all():
        columns = {name: values[keep] for name, values in columns.items()}
    # Built once, from arrays: assigning, dropping and re-indexing the columns of a
    # million-row frame one at a time copies it each time.
    frame = pd.DataFrame(columns, copy=False)
    _duplicates(frame, sources, granularity, log)
    return Observations(frame=frame, sources=sources, granularity=granularity, rows_read=rows_read)


def _period_numbers(starts: np.ndarray, grains: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, its period number and the first day of its period (NaT where grain is 0).

    Worked out once per distinct (start, grain) pair: a million rows hold a few hundred.
    """
    key = starts.astype("datetime64[D]").astype(np.int64) * len(GRAINS) + grains
    codes, distinct = pd.factorize(key)
    distinct_starts = (distinct // len(GRAINS)).astype("datetime64[D]")
    distinct_grains = distinct % len(GRAINS)
    numbers = np.zeros(len(distinct), dtype=np.int64)
    firsts = np.full(len(distinct), np.datetime64("NaT"), dtype="datetime64[s]")
    for grain in _GRAIN_WORDS:
        mask = distinct_grains == GRAINS.index(grain)
        if mask.any():
            numbers[mask] = period_counters(distinct_starts[mask], grain)
            firsts[mask] = _period_starts(numbers[mask], grain)
    return numbers[codes], firsts[codes]


def _granularities(
    frame: pd.DataFrame, sources: Sequence[Source], log: ProblemLog
) -> tuple[dict[str, str], np.ndarray]:
    """One period length per KPI, and per row the code (in ``GRAINS``) of its KPI's length.

    Which lengths each KPI uses is one count over (KPI, length) code pairs; only KPIs given
    as dates look at their dates, to tell daily from weekly or monthly data. A KPI that mixes
    lengths is reported and its rows get code 0 (dropped).
    """
    kpi_codes = frame["kpi"].cat.codes.to_numpy().astype(np.int64)
    grain_codes = pd.Categorical(frame["granularity"], categories=GRAINS).codes.astype(np.int64)
    kpis = frame["kpi"].cat.categories
    used = np.bincount(
        kpi_codes * len(GRAINS) + grain_codes, minlength=len(kpis) * len(GRAINS)
    ).reshape(len(kpis), len(GRAINS))
    day = GRAINS.index("D")
    day_rows = np.flatnonzero(grain_codes == day) if used[:, day].any() else np.array([], int)
    day_rows_of = pd.Series(day_rows).groupby(kpi_codes[day_rows]).indices if len(day_rows) else {}
    starts = frame["start"].to_numpy()
    granularity: dict[str, str] = {}
    grain_of_kpi = np.zeros(len(kpis) + 1, dtype=np.int64)  # the last entry: no KPI (code -1)
    present = np.flatnonzero(used.any(axis=1))  # ids of an emptied frame are not walked
    first_rows: np.ndarray | None = None
    for code in sorted(present.tolist(), key=lambda c: str(kpis[c])):
        candidates = {GRAINS[g] for g in np.flatnonzero(used[code]) if GRAINS[g] not in ("", "D")}
        if used[code, day]:
            dates = starts[day_rows[day_rows_of[code]]].astype("datetime64[D]")
            candidates.add(infer_granularity([d.item() for d in np.unique(dates)]))
        if len(candidates) > 1:
            if first_rows is None:
                first_rows = np.full(len(kpis), -1)
                seen, at = np.unique(kpi_codes, return_index=True)
                first_rows[seen[seen >= 0]] = at[seen >= 0]
            _mixed_periods(kpis[code], candidates, frame, int(first_rows[code]), sources, log)
        elif candidates:
            granularity[str(kpis[code])] = grain = candidates.pop()
            grain_of_kpi[code] = GRAINS.index(grain)
    return granularity, grain_of_kpi[kpi_codes]


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
    # Empty tables add no rows; left out, they cannot sway the result's column types.
    parts = [f.drop(columns=columns) for f in frames if len(f)] or [frames[0].drop(columns=columns)]
    frame = pd.concat(parts, ignore_index=True)
    for column, values in united.items():
        frame[column] = values
    return frame


def _distinct_ids(kpi: pd.Series) -> int:
    """KPI ids in use: a category no row uses, or the empty label of a blank kpi cell (a
    problem of its own), is not an id."""
    codes = kpi.cat.codes.to_numpy()
    in_use = np.bincount(codes[codes >= 0], minlength=len(kpi.cat.categories)) > 0
    return int(in_use.sum()) - int(bool(in_use[kpi.cat.categories == ""].any()))


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


def _period_starts(counters: np.ndarray, grain: str) -> np.ndarray:
    """The first day of each period, from :func:`period_counters` (their inverse)."""
    if grain == "M":
        return counters.astype("datetime64[M]").astype("datetime64[s]")
    if grain == "Q":
        return (counters * 3).astype("datetime64[M]").astype("datetime64[s]")
    if grain == "Y":
        return counters.astype("datetime64[Y]").astype("datetime64[s]")
    if grain == "W":
        # Counters count Monday-to-Sunday weeks; 1970-01-01 was a Thursday.
        return (counters * 7 - 3).astype("datetime64[D]").astype("datetime64[s]")
    return counters.astype("datetime64[D]").astype("datetime64[s]")


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
    first: int,
    sources: Sequence[Source],
    log: ProblemLog,
) -> None:
    where = _where(frame, first, sources)
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


def _series_keys(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int]:
    """Per row, its series (KPI, segment) as one integer and (series, period) as another.

    Also returns the number of series codes per KPI code, to turn a series back into its
    KPI and segment. Integer keys make the duplicate and gap checks a few passes over
    arrays instead of hashing tuples of text and dates.
    """
    width = len(frame["segment"].cat.categories) + 1  # segment code -1 (none) becomes 0
    series = frame["kpi"].cat.codes.to_numpy().astype(np.int64) * width + (
        frame["segment"].cat.codes.to_numpy().astype(np.int64) + 1
    )
    number = frame["period_number"].to_numpy()
    if not len(number):
        return series, number, width
    low, span = number.min(), number.max() - number.min() + 1
    if series.max() >= np.iinfo(np.int64).max // span:  # dates centuries apart: renumber
        number, distinct = pd.factorize(number)
        low, span = 0, len(distinct)
    return series, series * span + (number - low), width


def _unique_positions(keys: np.ndarray) -> np.ndarray | None:
    """Positions of repeated keys after their first (None when all are unique).

    An export sorted by KPI, segment and period has strictly increasing keys: one pass
    proves it; any other order is checked by hashing.
    """
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        return None
    repeated = pd.Series(keys).duplicated().to_numpy()
    return repeated if repeated.any() else None


def _duplicates(
    frame: pd.DataFrame, sources: Sequence[Source], granularity: dict[str, str], log: ProblemLog
) -> None:
    keys = ["kpi", "segment", "period"]
    _, series_period, _ = _series_keys(frame)
    if _unique_positions(series_period) is None:
        return
    duplicated = pd.Series(series_period).duplicated(keep=False).to_numpy()
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
        set(map(str, frame["kpi"].cat.categories[frame["kpi"].cat.codes.unique()])) - {""}
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
            for index, name in enumerate(names):
                if name not in segments:
                    log.add(
                        Problem(
                            code="comparison_segment_missing",
                            message=f"The {group} segment '{name}' does not appear in the data.",
                            file=thesis.file,
                            line=thesis.comparison.lines.get(f"{group}[{index}]"),
                            path=f"comparison.{group}[{index}]",
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

    A series has a gap when its distinct periods are fewer than its span from first to
    last: per series minimum, maximum and count of the integer period numbers, a few passes
    over arrays for a million rows. Only series that really have gaps are walked.
    """
    frame = observations.frame
    if not len(frame):
        return
    # Checked: KPIs of the thesis in weeks, months, quarters or years (daily series skip
    # weekends and holidays by nature).
    checked = {"W", "M", "Q", "Y"}
    is_checked = np.array(
        [
            str(kpi) in known and observations.granularity.get(str(kpi)) in checked
            for kpi in frame["kpi"].cat.categories
        ]
        + [False]
    )
    series, series_period, width = _series_keys(frame)
    keep = is_checked[frame["kpi"].cat.codes.to_numpy()]
    repeated = _unique_positions(series_period)
    # Numbered 0..n-1 over the series that occur: KPI ids x segments can be far more.
    codes, present = pd.factorize(series[keep])
    numbers = frame["period_number"].to_numpy()[keep]
    distinct = codes if repeated is None else codes[~repeated[keep]]
    count = np.bincount(distinct, minlength=len(present))
    first = np.full(len(present), np.iinfo(np.int64).max)
    last = np.full(len(present), np.iinfo(np.int64).min)
    np.minimum.at(first, codes, numbers)
    np.maximum.at(last, codes, numbers)
    gappy = np.sort(present[last - first + 1 > count])
    kpis, segments = frame["kpi"].cat.categories, frame["segment"].cat.categories
    for code in gappy.tolist():
        kpi = kpis[code // width]
        segment = segments[code % width - 1] if code % width else ""
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
