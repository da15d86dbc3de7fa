"""Hints written for the table at hand: its layout, its file type, its own headers, and the
line of the thesis to edit.

A generic example ("e.g. columns: {period: Month, kpi: Metric, value: Value}") is wrong for a
wide table and makes the user translate it into their own headers; these hints fill the
mapping in with the headers the file really has and name the thesis line where it goes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from valaudit.load.raw import fold
from valaudit.model.thesis import DataSource
from valaudit.validate.suggest import nearest

#: Words that mark a header as the period, KPI, value or segment column of a long table.
_ROLE_WORDS = {
    "period": (
        "period",
        "month",
        "quarter",
        "date",
        "year",
        "week",
        "day",
        "monat",
        "datum",
        "mois",
        "fecha",
        "mes",
    ),
    "kpi": ("kpi", "metric", "measure", "indicator", "name", "kennzahl", "indicateur"),
    "value": ("value", "amount", "actual", "result", "wert", "valeur", "valor", "figure"),
    "segment": ("segment", "team", "region", "country", "unit", "site", "department", "store"),
}


def yaml_text(text: str) -> str:
    """A header as a YAML flow scalar: bare when that is safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_ ]*[A-Za-z0-9_]|[A-Za-z]", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def mapping(pairs: dict[str, str]) -> str:
    """``columns: {period: Month, kpi: "KPI name"}``."""
    return "columns: {" + ", ".join(f"{k}: {yaml_text(v)}" for k, v in pairs.items()) + "}"


def thesis_line(source: DataSource, key: str) -> str:
    """ "line 24 of the thesis": the line of ``key`` in the table's entry, else the entry's."""
    return f"line {source.lines.get(key, source.line)} of the thesis"


def format_place(source: DataSource) -> str:
    """Where a ``number_format`` for this table goes."""
    return f"under this table's entry in data: ({thesis_line(source, 'number_format')})"


def _guess_roles(headers: Sequence[str], roles: Sequence[str]) -> dict[str, str]:
    """The user's own header for each canonical role, by the words headers usually use."""
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for role in roles:
        for header in headers:
            words = set(re.split(r"[^a-z]+", fold(header)))
            if header not in taken and words & set(_ROLE_WORDS[role]):
                chosen[role] = header
                taken.add(header)
                break
    spare = [h for h in headers if h not in taken]
    for role in roles:
        if role not in chosen and spare:
            chosen[role] = spare.pop(0)
    return chosen


def header_missing(source: DataSource, first_row: Sequence[str], ids: Sequence[str]) -> str:
    """How to make valaudit find the header row, for this table's layout and headers."""
    cells = [c for c in first_row if c]
    place = f"under this table's columns: ({thesis_line(source, 'columns')})"
    needed = ["period", "kpi", "value"] if source.layout == "long" else ["period"]
    mapped = {name: source.columns[name] for name in needed if name in source.columns}
    folded = {fold(c) for c in cells}
    for name, header in mapped.items():
        match = nearest(header, cells) if fold(header) not in folded else None
        if match is not None:
            return (
                f"The thesis maps {name} to '{header}', which is not in the first row: did you "
                f"mean '{match}'? Correct it {place}: {mapping({name: match})}."
            )
    if source.layout == "long":
        as_ids = [c for c in cells if fold(c) in {fold(i) for i in ids}]
        if as_ids:
            return (
                f"The first row names KPIs ({', '.join(repr(c) for c in as_ids[:3])}): this "
                f"looks like a wide table, one column per KPI. Add 'layout: wide' to this "
                f"table's entry in data: ({thesis_line(source, 'layout')})."
            )
        roles = _guess_roles(cells, ["period", "kpi", "value"])
        if len(roles) < 3:
            roles = {"period": "Month", "kpi": "Metric", "value": "Amount"}
        spare = [c for c in cells if c not in roles.values() and _has_role(c, "segment")]
        if spare:
            roles["segment"] = spare[0]
        return (
            "A long table has one row per period, KPI and value. Rename its headers to "
            f"period, kpi and value, or map your own {place}, e.g. {mapping(roles)}."
        )
    period = _guess_roles(cells, ["period"]).get("period", "Month")
    return (
        "A wide table has a period column and one column per KPI (headed by the KPI's id, or "
        f"mapped to it). Name the period column 'period', or map your own {place}, e.g. "
        f"{mapping({'period': period})}."
    )


def _has_role(header: str, role: str) -> bool:
    return bool(set(re.split(r"[^a-z]+", fold(header))) & set(_ROLE_WORDS[role]))


def unknown_kpi_column(header: str, source: DataSource, unmapped: Sequence[str]) -> str:
    """How to map a wide table's column to the KPI it holds, with its header filled in."""
    place = f"under this table's columns: ({thesis_line(source, 'columns')})"
    guess = _nearest_id(header, unmapped) or (unmapped[0] if len(unmapped) == 1 else None)
    if guess is not None:
        return (
            f"If it holds '{guess}', map it {place}: {mapping({guess: header})}. Columns that "
            "hold no KPI can stay; they are ignored."
        )
    if not unmapped:
        return (
            "Every KPI and guardrail of the thesis has its column already. If this column "
            "holds another one, add it to kpis: or guardrails: first; other columns can stay, "
            "they are ignored."
        )
    return (
        f"If it holds a KPI of the thesis, map it {place}, e.g. "
        f"{mapping({'kpi_id': header})} with the KPI's id (one of "
        f"{', '.join(unmapped[:6])}{', ...' if len(unmapped) > 6 else ''}). Columns that hold "
        "no KPI can stay; they are ignored."
    )


def _nearest_id(header: str, ids: Sequence[str]) -> str | None:
    """The id a header most likely means: "Revenue per rep" -> revenue_per_rep."""
    words = "_".join(w for w in re.split(r"[^a-z0-9]+", fold(header)) if w)
    return nearest(words, ids) if words else None


def column_missing(name: str, header: str, present: Sequence[str], source: DataSource) -> str:
    """A mapped column that the header row lacks: its nearest header, or the mapping."""
    match = nearest(header, present)
    place = f"under this table's columns: ({thesis_line(source, 'columns')})"
    if match is not None:
        return f"Did you mean '{match}'? Map it {place}: {mapping({name: match})}."
    example = mapping({name: present[0]}) if present else f"columns: {{{name}: My header}}"
    return f"Add the column to the file, or map one of its headers {place}, e.g. {example}."


def sheet_not_found(wanted: str, sheets: Sequence[str], source: DataSource) -> str:
    """Which sheet to name, and on which thesis line."""
    match = nearest(wanted, sheets)
    line = thesis_line(source, "sheet")
    if match is not None:
        return f"Did you mean '{match}'? Correct {line}: sheet: {yaml_text(match)}."
    listed = ", ".join(repr(s) for s in sheets[:10]) or "none"
    return (
        f"Its sheets are {listed}. Correct {line} to one of them (case and spaces do not matter)."
    )
