"""A value column read under one number convention, decided from all of its cells.

A finance user types ``81,613`` in one cell and ``€81.613`` in the next, and means the same
amount; read cell by cell, the second is 81.6. So a column's convention (which separator is
the decimal one) is decided once, from every cell: the thesis's ``number_format`` when it
gives one; else the cells only one convention explains (``12,5``, ``1,234.5``), the majority
winning; else, when both ``1,500`` and ``1.500`` forms occur, the more common one groups
thousands; else the file's default (a decimal point; a semicolon file's column stays
undecided, and its ``1.500`` is a question).

A cell that contradicts the column, or the other cells of its KPI, is an error at that cell
with the reading it would have under each convention, never a silent guess:

- a form only the other convention explains (``12,5`` among decimal points);
- a three-digit group written with the decimal separator (``83.900``) in a KPI that groups
  thousands with the other one (``84,100``);
- a three-digit group whose other reading fits the rest of its KPI and this one does not
  (``€81.613`` among values around 80,000: a text cell among numeric Excel cells is judged
  against the numbers);
- a value without % among percentages (or the reverse) that fits them only when read as a
  fraction; a currency sign unlike the rest of its KPI.

Empty cells and cells that say there is no value (``n/a``, ``-``, ``—``) are no value, not an
error. The work is on arrays: per distinct text (:func:`valaudit.load.numbers.read_texts`) and
per group of rows, never a parse per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from valaudit.limits import MAX_ABS_VALUE
from valaudit.load.numbers import UNDECIDED, Shape, read_texts, reading
from valaudit.validate import number_issues as issues
from valaudit.validate.number_checks import (
    GROUP_SHAPES,
    UNREADABLE,
    Readings,
    Report,
    Series,
    Texts,
    ValueColumn,
    currency_conflicts,
    group_sizes,
    percent_conflicts,
    wrong_decimal,
    wrong_grouping,
)

__all__ = ["Series", "ValueColumn", "read_value_column"]


def read_value_column(
    cells: pd.Series, column: ValueColumn, skip: np.ndarray, report: Report
) -> tuple[np.ndarray, np.ndarray]:
    """The column's values, and which cells hold no value; every bad cell is reported.

    ``skip`` marks cells the reader reported already (Excel error cells): they get no value
    and no second problem. Values are NaN where a cell has no value or cannot be read.
    """
    count = len(cells)
    if cells.dtype.kind in "fiu":
        values = cells.to_numpy(dtype=np.float64, copy=True)
        return _checked(values, np.isnan(values) & ~skip, None, column, skip, report)
    objects = cells.to_numpy(dtype=object)
    present = pd.notna(objects) & ~skip
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    is_text = np.zeros(count, dtype=bool)
    if kind == "string":
        is_text = present
    elif kind not in ("floating", "integer", "mixed-integer-float", "empty"):
        is_text[present] = pd.Series(objects[present]).map(type).isin([str]).to_numpy()
    values = np.full(count, np.nan)
    numeric = present & ~is_text
    if numeric.any():
        values[numeric] = _numbers(objects[numeric], np.flatnonzero(numeric), report)
    codes = np.full(count, -1, dtype=np.int64)
    if not is_text.any():
        return _checked(values, ~present & ~skip, None, column, skip, report)
    text_codes, uniques = pd.factorize(pd.Series(objects[is_text], dtype=object))
    codes[is_text] = text_codes
    texts = Texts(codes, [str(u) for u in uniques], read_texts(np.asarray(uniques, dtype=object)))
    shapes = texts.per_cell(texts.numbers.shape, -1)
    no_value = (~present | (shapes == Shape.NO_VALUE)) & ~skip
    return _checked(values, no_value, texts, column, skip, report)


def _numbers(objects: np.ndarray, positions: np.ndarray, report: Report) -> np.ndarray:
    """Numeric cells of a worksheet column; a date or TRUE/FALSE there is reported."""
    kinds = pd.Series(objects, dtype=object).map(type)
    usable = kinds.isin([float, int, np.float64, np.int64]).to_numpy()
    values = np.full(len(objects), np.nan)
    values[usable] = objects[usable].astype(np.float64)
    for index in np.flatnonzero(~usable).tolist():
        report(int(positions[index]), issues.not_a_number_object(objects[index]))
    return values


def _checked(
    values: np.ndarray,
    no_value: np.ndarray,
    texts: Texts | None,
    column: ValueColumn,
    skip: np.ndarray,
    report: Report,
) -> tuple[np.ndarray, np.ndarray]:
    """Read the text cells under the column's convention and report every contradiction."""
    # Each step below touches a million-row column only when some cell needs it.
    if skip.any():
        values[skip] = np.nan
    with np.errstate(invalid="ignore"):  # NaN is beyond neither bound
        beyond = (values > MAX_ABS_VALUE) | (values < -MAX_ABS_VALUE)
    if beyond.any():
        for index in np.flatnonzero(beyond).tolist():
            report(index, issues.out_of_range(values[index]))
        values[beyond] = np.nan
    if column.percent_cells.any():
        percent = column.percent_cells & ~np.isnan(values)
        values[percent] *= 100.0  # Excel stores 12.5% as 0.125
    if texts is None:
        wrong = percent_conflicts(values, None, column, report)
        values[wrong] = np.nan
        return values, no_value
    shapes = texts.per_cell(texts.numbers.shape, -1)
    for index in np.flatnonzero(np.isin(shapes, UNREADABLE)).tolist():
        issue = issues.unreadable(
            texts.text(index),
            Shape(shapes[index]),
            excel=column.excel,
            decimal=column.default_decimal,
        )
        report(index, issue)
    decimal, decided_by = _decide(shapes, column)
    if decimal == UNDECIDED:
        plain = shapes == Shape.PLAIN
        values[plain] = texts.per_cell(texts.numbers.with_point, np.nan)[plain]
        for index in np.flatnonzero(np.isin(shapes, GROUP_SHAPES)).tolist():
            report(index, issues.undecided(texts.text(index), column.header, column.format_hint))
        return values, no_value
    other = "," if decimal == "." else "."
    read = Readings(
        texts,
        shapes,
        texts.per_cell(reading(texts.numbers, decimal), np.nan),
        texts.per_cell(reading(texts.numbers, other), np.nan),
        decimal,
        decided_by,
    )
    is_text = texts.codes >= 0
    values[is_text] = read.as_read[is_text]
    wrong = np.zeros(len(values), dtype=bool)
    for check in (wrong_decimal, wrong_grouping, group_sizes):
        wrong |= check(values, read, column, wrong, report)
    values[wrong] = np.nan
    wrong |= percent_conflicts(values, texts, column, report)
    wrong |= currency_conflicts(values, texts, column, wrong, report)
    values[wrong] = np.nan
    return values, no_value


def _decide(shapes: np.ndarray, column: ValueColumn) -> tuple[str, str]:
    """The column's decimal separator, and what decided it."""
    if column.number_format is not None:
        return column.number_format.decimal, "thesis"
    point = int(np.count_nonzero(shapes == Shape.POINT_DECIMAL))
    comma = int(np.count_nonzero(shapes == Shape.COMMA_DECIMAL))
    if point or comma:
        if point == comma:
            fallback = column.default_decimal
            return (fallback if fallback != UNDECIDED else ","), "cells"
        return ("." if point > comma else ","), "cells"
    point_groups = int(np.count_nonzero(shapes == Shape.POINT_GROUP))
    comma_groups = int(np.count_nonzero(shapes == Shape.COMMA_GROUP))
    if point_groups and comma_groups and point_groups != comma_groups:
        # The more common form groups thousands: 84,100 (x11) and 83.900 (x1) use commas.
        return ("." if comma_groups > point_groups else ","), "grouping"
    return column.default_decimal, "file"
