"""The tables a thesis document names, read leniently from any document.

A thesis that failed its checks still has its tables validated, so that one run shows the
problems of every file; and the sheet prefetch needs the tables before any check has run.
Both read the ``data:`` entries here, taking what is usable and skipping the rest (the
thesis checks report what is wrong with them).
"""

from __future__ import annotations

from valaudit import limits
from valaudit.load.yaml_reader import YamlDocument
from valaudit.model.thesis import DataSource, NumberFormat


def lenient_sources(document: YamlDocument) -> tuple[list[DataSource], list[str]]:
    """The usable ``data:`` entries of any thesis document, and its KPI and guardrail ids."""
    data = document.data
    sources: list[DataSource] = []
    ids: list[str] = []
    if not isinstance(data, dict):
        return sources, ids
    for group in ("kpis", "guardrails"):
        items = data.get(group)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.append(item["id"])
    entries = data.get("data")
    if not isinstance(entries, list):
        return sources, ids
    # The schema allows this many tables; a thesis that failed it is not read past them.
    for index, entry in enumerate(entries[: limits.MAX_DATA_SOURCES]):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        columns = entry.get("columns")
        layout = entry.get("layout", "long")
        sheet = entry.get("sheet")
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            columns = {}
        sources.append(
            DataSource(
                index=index,
                path=entry["path"],
                sheet=sheet if isinstance(sheet, str) else None,
                layout=layout if layout in ("long", "wide") else "long",
                columns=columns,
                line=document.line_of(("data", index)),
                number_format=number_format(entry.get("number_format"))
                or number_format(data.get("number_format")),
                lines={str(key): document.line_of(("data", index, key)) for key in entry},
            )
        )
    return sources, ids


def number_format(value: object) -> NumberFormat | None:
    """A usable ``number_format`` block, or None (the thesis checks report a bad one)."""
    if not isinstance(value, dict) or value.get("decimal") not in (".", ","):
        return None
    thousands = value.get("thousands")
    if thousands not in (",", ".", " ", "'", "") or thousands == value["decimal"]:
        thousands = None
    return NumberFormat(value["decimal"], thousands)
