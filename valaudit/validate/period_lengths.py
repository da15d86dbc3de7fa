"""One period length per KPI: months, quarters, weeks, days or years, never a mix.

A KPI's series is lined up by period, so every row of a KPI has the same period length.
When a KPI mixes lengths, the cell to fix is the first row whose length differs from the
rest, not the KPI's first row: a ``2025-Q2`` among monthly rows is reported at its own row
and period column. In a wide table one period cell serves every KPI of its row, so the KPIs
that a cell breaks are named in one problem at that cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from valaudit.errors import Problem, ProblemLog
from valaudit.load.periods import infer_granularity, period_label
from valaudit.model.observations import Source, category_codes
from valaudit.validate.table_cells import GRAINS

_GRAIN_WORDS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}
_GRAIN_ONE = {"D": "a day", "W": "a week", "M": "a month", "Q": "a quarter", "Y": "a year"}


@dataclass(frozen=True)
class _Mixed:
    """A KPI that mixes period lengths: its usual length and each row's length."""

    kpi: str
    usual: str
    row_grains: np.ndarray
    """Per frame row of the KPI (in frame order), its period length (a letter)."""
    positions: np.ndarray
    """The KPI's rows in the frame."""


def granularities(
    columns: Mapping[str, Any],
    sources: Sequence[Source],
    period_columns: Sequence[str],
    log: ProblemLog,
) -> tuple[dict[str, str], np.ndarray]:
    """One period length per KPI, and per row the code (in ``GRAINS``) of its KPI's length.

    Which lengths each KPI uses is one count over (KPI, length) code pairs; only KPIs given
    as dates look at their dates, to tell daily from weekly or monthly data. A KPI that mixes
    lengths is reported at the first row that differs, and its rows get code 0 (dropped).
    ``columns`` are the stacked tables' ``kpi`` and ``granularity`` (``pd.Categorical``),
    ``start``, ``source`` and ``row`` (arrays); ``period_columns`` is the period header of
    each source.
    """
    kpi_codes = category_codes(columns["kpi"])
    grain_codes = _grain_codes(columns["granularity"])
    kpis = columns["kpi"].categories.tolist()  # indexed per KPI below: a list is cheaper
    # Built in place, in the integer type bincount takes: each full-length temporary of a
    # 5-million-row table is 40 MB.
    pairs = kpi_codes.astype(np.intp)
    pairs *= len(GRAINS)
    pairs += grain_codes
    used = np.bincount(pairs, minlength=len(kpis) * len(GRAINS)).reshape(len(kpis), len(GRAINS))
    del pairs
    day = GRAINS.index("D")
    day_rows = np.flatnonzero(grain_codes == day) if used[:, day].any() else np.array([], int)
    day_kpis = kpi_codes[day_rows].astype(np.int64)
    day_rows_of = pd.Series(day_rows).groupby(day_kpis).indices if len(day_rows) else {}
    starts = columns["start"]
    granularity: dict[str, str] = {}
    grain_of_kpi = np.zeros(len(kpis) + 1, dtype=np.int8)  # the last entry: no KPI (code -1)
    present = np.flatnonzero(used.any(axis=1))  # ids of an emptied frame are not walked
    mixed: list[_Mixed] = []
    for code in sorted(present.tolist(), key=lambda c: str(kpis[c])):
        counts = {
            GRAINS[g]: int(used[code, g])
            for g in np.flatnonzero(used[code])
            if GRAINS[g] not in ("", "D")
        }
        dated = ""
        if used[code, day]:
            dates = starts[day_rows[day_rows_of[code]]].astype("datetime64[D]")
            dated = infer_granularity([d.item() for d in np.unique(dates)])
            counts[dated] = counts.get(dated, 0) + int(used[code, day])
        if len(counts) > 1:
            positions = np.flatnonzero(kpi_codes == code)
            letters = np.array(GRAINS, dtype=object)[grain_codes[positions]]
            letters[letters == "D"] = dated
            first = str(letters[0])
            usual = max(counts, key=lambda g: (counts[g], g == first))
            mixed.append(_Mixed(str(kpis[code]), usual, letters, positions))
        elif counts:
            granularity[str(kpis[code])] = grain = counts.popitem()[0]
            grain_of_kpi[code] = GRAINS.index(grain)
    if mixed:
        _report_mixed(mixed, columns, sources, period_columns, log)
    return granularity, grain_of_kpi[kpi_codes]


def _grain_codes(granularity: pd.Categorical) -> np.ndarray:
    """Per row, the position of its period length in ``GRAINS``."""
    categories = list(granularity.categories)
    if categories == list(GRAINS[: len(categories)]):  # the codes are GRAINS positions already
        return category_codes(granularity)
    return pd.Categorical(granularity, categories=GRAINS).codes


def _report_mixed(
    mixed: Sequence[_Mixed],
    columns: Mapping[str, Any],
    sources: Sequence[Source],
    period_columns: Sequence[str],
    log: ProblemLog,
) -> None:
    """One problem per period cell that breaks a KPI, naming every KPI it breaks."""
    by_cell: dict[tuple[int, int], list[tuple[_Mixed, int]]] = {}
    for item in mixed:
        differs = np.flatnonzero(item.row_grains != item.usual)
        position = int(item.positions[differs[0]])
        cell = (int(columns["source"][position]), int(columns["row"][position]))
        by_cell.setdefault(cell, []).append((item, len(differs) - 1))
    for (source_index, row), broken in sorted(by_cell.items()):
        item, _ = broken[0]
        position = int(item.positions[np.flatnonzero(item.row_grains != item.usual)[0]])
        grain = str(item.row_grains[np.flatnonzero(item.positions == position)[0]])
        start = pd.Timestamp(columns["start"][position]).date()
        label = period_label(start, grain)
        names = sorted(b.kpi for b, _ in broken)
        shown = ", ".join(f"'{n}'" for n in names[:4]) + (
            f" and {len(names) - 4} more" if len(names) > 4 else ""
        )
        single = len(names) == 1
        whose = f"KPI {shown}" if single else f"the {len(names)} KPIs of this row ({shown})"
        others = sum(extra for _, extra in broken)
        also = f" (as are {others} more rows of {'it' if single else 'them'})" if others else ""
        dependent = sum(len(b.positions) for b, _ in broken) - len(broken)
        table = sources[source_index]
        log.add(
            Problem(
                code="mixed_periods",
                message=f"The period {label} is {_GRAIN_ONE[grain]}{also}, but the other periods "
                f"of {whose} are {_GRAIN_WORDS[item.usual]}: a series cannot mix period lengths "
                f"(and {dependent} rows that depend on it).",
                hint=f"Write this period as {_GRAIN_ONE[item.usual]}, like the rows around it "
                f"(e.g. {period_label(start, item.usual)}), or report "
                f"{'the KPI' if single else 'these KPIs'} in {_GRAIN_WORDS[grain]} throughout.",
                file=table.file,
                sheet=table.sheet,
                row=row,
                column=period_columns[source_index],
            )
        )
