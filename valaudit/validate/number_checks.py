"""The checks a value column's cells must pass to agree with each other.

:mod:`valaudit.validate.number_column` reads a column under the convention it decided; each
check here finds the cells that contradict it, reports them (the words are in
:mod:`valaudit.validate.number_issues`) and returns them, so that their value is left out:

- :func:`wrong_decimal`: a form only the other convention explains (``12,5`` among decimal
  points), or a grouping the thesis's ``number_format`` rules out;
- :func:`wrong_grouping`: a three-digit group written with the decimal separator
  (``83.900``) in a series that groups thousands with the other one (``84,100``);
- :func:`group_sizes`: a three-digit group whose other reading fits its series and whose
  usual one does not (``€81.613`` among values around 80,000);
- :func:`percent_conflicts`: a value without % among percentages (or the reverse) that fits
  them only read the other way; :func:`currency_conflicts`: a currency unlike its series'.

Each works on arrays of the column's cells; only the cells it reports are touched one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from valaudit.errors import Issue
from valaudit.load.numbers import Shape, TextNumbers
from valaudit.model.thesis import NumberFormat
from valaudit.validate import number_issues as issues
from valaudit.validate.number_issues import DECIMAL_NAME, plain_number

#: Where a cell's problem goes: its position in the column, and the issue.
Report = Callable[[int, Issue], None]

UNREADABLE = [Shape.NOT_A_NUMBER, Shape.EXCEL_ERROR, Shape.TOO_LONG, Shape.OUT_OF_RANGE]
GROUP_SHAPES = [Shape.POINT_GROUP, Shape.COMMA_GROUP]


@dataclass(frozen=True)
class Series:
    """Which series each cell of a column belongs to: the cells that must agree."""

    codes: np.ndarray
    """Per cell, its series (a KPI and segment of a long table); -1 for none."""
    name: Callable[[int], str]
    """What a series is called in a message, e.g. ``KPI 'csat' (segment 'north')``."""


@dataclass(frozen=True)
class ValueColumn:
    """What reading one value column needs to know besides its cells."""

    header: str
    """The column's header, as the user wrote it."""
    rows: np.ndarray
    """The user-visible row number of each cell."""
    excel: bool
    """A worksheet column: its numeric cells carry no convention, only its text cells do."""
    default_decimal: str
    """``.``, ``,`` or :data:`~valaudit.load.numbers.UNDECIDED`: what the file type
    suggests."""
    number_format: NumberFormat | None
    """The thesis's ``number_format`` for this table, if any."""
    find_series: Callable[[], Series]
    """Works out the cells' series, when a check needs them (a column of plain numbers
    needs none, and a million rows are not grouped for nothing)."""
    percent_cells: np.ndarray
    """Per cell, True when Excel formats it as a percentage (its value is a fraction)."""
    format_hint: str
    """Where a ``number_format`` would go, e.g. "in this table's data: entry (line 12)"."""

    @cached_property
    def _series(self) -> Series:
        return self.find_series()

    @property
    def groups(self) -> np.ndarray:
        """Per cell, the code of its series."""
        return self._series.codes

    def series(self, index: int) -> str:
        """The series cell ``index`` belongs to, as a message names it."""
        group = int(self.groups[index])
        return self._series.name(group) if group >= 0 else f"column '{self.header}'"


@dataclass(frozen=True)
class Texts:
    """The text cells of a column: per cell a code into the distinct texts (-1: not text)."""

    codes: np.ndarray
    uniques: list[str]
    numbers: TextNumbers

    def per_cell(self, array: np.ndarray, fill: object) -> np.ndarray:
        """``array`` (one entry per distinct text) spread over the cells, ``fill`` elsewhere."""
        padded = np.append(array, np.array([fill], dtype=array.dtype))
        spread: np.ndarray = padded[self.codes]
        return spread

    def text(self, index: int) -> str:
        return str(self.uniques[self.codes[index]]).strip()


@dataclass(frozen=True)
class Readings:
    """A column's text cells under the decided convention and under the other one."""

    texts: Texts
    shapes: np.ndarray
    as_read: np.ndarray
    as_other: np.ndarray
    decimal: str
    decided_by: str
    """``thesis``, ``cells``, ``grouping`` or ``file``."""

    @property
    def other(self) -> str:
        return "," if self.decimal == "." else "."


def wrong_decimal(
    values: np.ndarray, read: Readings, column: ValueColumn, wrong: np.ndarray, report: Report
) -> np.ndarray:
    """Cells only the other convention explains, and groupings the thesis rules out."""
    other_decimal = Shape.COMMA_DECIMAL if read.decimal == "." else Shape.POINT_DECIMAL
    found = read.shapes == other_decimal
    fmt = column.number_format
    ruled_out = np.zeros(len(values), dtype=bool)
    if fmt is not None and fmt.grouping != read.other:
        # The thesis says thousands are not grouped with the other separator: 1,500 is wrong.
        other_group = Shape.COMMA_GROUP if read.decimal == "." else Shape.POINT_GROUP
        ruled_out = read.shapes == other_group
    if not (found.any() or ruled_out.any()):
        return np.asarray(found, dtype=bool)
    own_decimal = Shape.POINT_DECIMAL if read.decimal == "." else Shape.COMMA_DECIMAL
    example = _first(read.shapes == own_decimal)
    basis = _decimal_basis(read, column, example)
    for index in np.flatnonzero(found).tolist():
        report(
            index,
            issues.wrong_decimal(
                read.texts.text(index),
                read.decimal,
                read.as_other[index],
                basis,
                excel=column.excel,
                format_hint=column.format_hint,
            ),
        )
    for index in np.flatnonzero(ruled_out).tolist():
        assert fmt is not None
        report(
            index,
            issues.wrong_grouping_for_thesis(
                read.texts.text(index),
                read.decimal,
                fmt.grouping,
                read.as_read[index],
                read.as_other[index],
                column.format_hint,
            ),
        )
    return np.asarray(found | ruled_out, dtype=bool)


def _decimal_basis(read: Readings, column: ValueColumn, example: int | None) -> str:
    """Why the column's decimal separator is what it is, for a message."""
    name = DECIMAL_NAME[read.decimal]
    if read.decided_by == "thesis":
        return f"the thesis's number_format says this table uses a {name}"
    if example is not None:
        return (
            f"the other numbers in column '{column.header}' use a {name} (such as "
            f"{_cell(read.texts, read.as_read, column, example)})"
        )
    where = "a workbook's text cells" if column.excel else "this file"
    return f"numbers in {where} are read with a {name} unless the thesis says otherwise"


def wrong_grouping(
    values: np.ndarray, read: Readings, column: ValueColumn, wrong: np.ndarray, report: Report
) -> np.ndarray:
    """``83.900`` in a KPI whose other values group thousands with commas (``84,100``)."""
    own_group = Shape.POINT_GROUP if read.decimal == "." else Shape.COMMA_GROUP
    candidates = (read.shapes == own_group) & ~wrong
    if not candidates.any():
        return np.zeros(len(values), dtype=bool)
    texts = read.texts
    has_other = pd.Series(texts.uniques).str.contains(read.other, regex=False).to_numpy()
    grouping = texts.per_cell(has_other, False) & ~np.isnan(values) & ~candidates & ~wrong
    groups = column.groups
    examples = _first_of_each(groups, grouping)
    found = candidates & np.isin(groups, np.fromiter(examples, dtype=np.int64))
    for index in np.flatnonzero(found).tolist():
        report(
            index,
            issues.ambiguous_group(
                texts.text(index),
                read.decimal,
                read.as_read[index],
                read.as_other[index],
                column.series(index),
                _cell(texts, values, column, examples[int(groups[index])]),
            ),
        )
    return np.asarray(found, dtype=bool)


def group_sizes(
    values: np.ndarray, read: Readings, column: ValueColumn, wrong: np.ndarray, report: Report
) -> np.ndarray:
    """``€81.613`` among values around 80,000: the other reading fits its KPI, this one not.

    Judged against the KPI's other values (numeric cells included) when they are at least
    three and outnumber the doubtful cells; a ``number_format`` in the thesis settles it.
    """
    doubtful = np.isin(read.shapes, GROUP_SHAPES) & ~wrong
    if read.decided_by == "thesis" or not doubtful.any():
        return np.zeros(len(values), dtype=bool)
    group = column.groups + 1  # -1 (no series) becomes 0
    reference = ~doubtful & ~wrong & ~np.isnan(values) & (values != 0)
    slots = int(group.max()) + 1
    typical = np.full(slots, np.nan)
    sizes = np.zeros(slots, dtype=np.int64)
    if reference.any():
        by_group = pd.Series(np.abs(values[reference])).groupby(group[reference])
        stats = by_group.agg(["median", "size"])
        typical[stats.index.to_numpy()] = stats["median"].to_numpy()
        sizes[stats.index.to_numpy()] = stats["size"].to_numpy()
    counts = np.bincount(group[doubtful], minlength=slots)
    judged = doubtful & (sizes[group] >= 3) & (sizes[group] >= counts[group])
    found = np.zeros(len(values), dtype=bool)
    found[judged] = _closer(read.as_other[judged], read.as_read[judged], typical[group[judged]])
    for index in np.flatnonzero(found).tolist():
        separator = "." if read.shapes[index] == Shape.POINT_GROUP else ","
        report(
            index,
            issues.ambiguous_size(
                read.texts.text(index),
                separator,
                separator == read.decimal,
                read.as_read[index],
                read.as_other[index],
                column.series(index),
                typical[group[index]],
                excel=column.excel,
            ),
        )
    return found


def percent_conflicts(
    values: np.ndarray, texts: Texts | None, column: ValueColumn, report: Report
) -> np.ndarray:
    """A value that fits the rest of its KPI only when read as a fraction (or as percent).

    Only series with both kinds of value are looked at, found with one count per kind.
    """
    marked = column.percent_cells.copy()
    if texts is not None:
        from_text = texts.per_cell(texts.numbers.percent, False)
        marked = np.where(texts.codes >= 0, from_text, marked)
    found = np.zeros(len(values), dtype=bool)
    if not marked.any():  # no percentages: nothing to tell them from
        return found
    usable = ~np.isnan(values) & (values != 0)
    if not (marked & usable).any() or (marked & usable).all():
        return found
    group = column.groups + 1
    slots = int(group.max()) + 1
    signed = np.bincount(group[usable & marked], minlength=slots)
    unsigned = np.bincount(group[usable & ~marked], minlength=slots)
    percent_wins = (signed >= 3) & (signed > unsigned) & (unsigned > 0)
    plain_wins = (unsigned >= 3) & (unsigned > signed) & (signed > 0)
    for slot in np.flatnonzero(percent_wins | plain_wins).tolist():
        in_group = (group == slot) & usable
        factor = 100.0 if percent_wins[slot] else 0.01
        majority = in_group & (marked if factor > 1 else ~marked)
        minority = in_group & ~majority
        size = float(np.median(np.abs(values[majority])))
        example = int(np.flatnonzero(majority)[0])
        fits = _closer(values[minority] * factor, values[minority], np.full(minority.sum(), size))
        for index in np.flatnonzero(minority)[fits].tolist():
            found[index] = True
            cell = _cell(texts, values, column, index).rsplit(" in row ", 1)[0]
            report(
                index,
                issues.percent_mismatch(
                    cell,
                    values[index],
                    factor,
                    column.series(index),
                    _cell(texts, values, column, example),
                    excel=column.excel,
                ),
            )
    return found


def currency_conflicts(
    values: np.ndarray, texts: Texts, column: ValueColumn, wrong: np.ndarray, report: Report
) -> np.ndarray:
    """A currency sign unlike the one the rest of its KPI carries.

    Only series with two signs or more are looked at, found from the distinct (series,
    sign) pairs.
    """
    found = np.zeros(len(values), dtype=bool)
    if len([sign for sign in pd.unique(texts.numbers.currency) if sign]) < 2:
        return found  # at most one sign in the whole column
    signs = texts.per_cell(texts.numbers.currency, "")
    carrying = (signs != "") & ~np.isnan(values) & ~wrong
    pairs = pd.DataFrame({"group": column.groups[carrying], "sign": signs[carrying]})
    counted = pairs.value_counts(sort=True)  # most common sign of a series first
    mixed = counted.index.get_level_values("group")
    several = pd.Index(mixed).duplicated(keep=False)
    for group in sorted(set(mixed[several].tolist())):
        usual = str(counted.loc[group].index[0])
        in_group = carrying & (column.groups == group)
        example = int(np.flatnonzero(in_group & (signs == usual))[0])
        shown = _cell(texts, values, column, example)
        for index in np.flatnonzero(in_group & (signs != usual)).tolist():
            found[index] = True
            report(
                index,
                issues.currency_mismatch(
                    texts.text(index), str(signs[index]), usual, column.series(index), shown
                ),
            )
    return found


def _first(mask: np.ndarray) -> int | None:
    found = np.flatnonzero(mask)
    return int(found[0]) if len(found) else None


def _closer(candidate: np.ndarray, current: np.ndarray, typical: np.ndarray) -> np.ndarray:
    """Where ``candidate`` is nearer ``typical`` than ``current`` is, on a log scale."""
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.abs(np.log10(np.abs(candidate) / typical))
        now = np.abs(np.log10(np.abs(current) / typical))
    usable = (candidate != 0) & (current != 0) & (typical > 0) & np.isfinite(distance)
    return np.asarray(usable & (distance < now), dtype=bool)


def _first_of_each(groups: np.ndarray, mask: np.ndarray) -> dict[int, int]:
    """The first position where ``mask`` holds, for each group it holds in."""
    positions = np.flatnonzero(mask)
    distinct, first = np.unique(groups[positions], return_index=True)
    return dict(zip(distinct.tolist(), positions[first].tolist(), strict=True))


def _cell(texts: Texts | None, values: np.ndarray, column: ValueColumn, index: int) -> str:
    """A cell named by its text (or value) and row: "'17.4%' in row 3"."""
    row = int(column.rows[index])
    if texts is not None and texts.codes[index] >= 0:
        return f"{issues.shown(texts.text(index))} in row {row}"
    if column.percent_cells[index]:
        return f"{plain_number(values[index])}% (a percentage cell) in row {row}"
    return f"{plain_number(values[index])} in row {row}"
