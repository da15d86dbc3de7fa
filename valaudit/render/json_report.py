"""The report as JSON (``schemas/report.schema.json``).

Floats are written with ten significant digits, so that the same inputs give the same
bytes across platforms whose last-digit rounding differs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from dataclasses import replace
from typing import Any

from valaudit.model.report import Chain, Report
from valaudit.render.indented_json import dumps_indented
from valaudit.render.json_changes import comparison_document, trajectory_document
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import encodable_json

#: Values that are already plain: returned as they are, before any other test (most are).
_ALREADY_PLAIN = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> Any:
    kind: type = type(value)
    if kind is float:
        return float(f"{value:.10g}") if math.isfinite(value) else None
    if kind in _ALREADY_PLAIN:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return float(f"{value:.10g}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Chain):
        return {
            "stages": [_plain(stage) for stage in value.stages],
            "break": (
                {"from": value.break_.from_stage, "to": value.break_.to_stage}
                if value.break_
                else None
            ),
        }
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    names = _field_names(kind)
    if names is not None:
        if hasattr(value, "to_dict"):
            return _plain(value.to_dict())
        return {name: _plain(getattr(value, name)) for name in names}
    return value


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, in order; None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(field.name for field in dataclasses.fields(kind))


def report_document(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready values, keys in a fixed order; ``trajectory`` and
    ``comparison`` only when the run asked for them."""
    document = _plain(replace(report, trajectory=None, comparison=None))
    ordered_keys = (
        "report_version",
        "valaudit_version",
        "as_of",
        "as_of_source",
        "thesis_file",
        "initiative",
        "currency",
        "verdict",
        "coverage",
        "chain",
        "implementation",
        "kpis",
        "guardrails",
        "money",
        "gap_index",
        "gap",
        "scorecard",
        "questions",
        "warnings",
        "sources",
        "settings",
    )
    ordered = {key: document[key] for key in ordered_keys}
    if document["links"] is not None:
        # Only where segments allow a link (docs/method.md §7.1); absent otherwise.
        ordered["links"] = document["links"]
    if report.trajectory is not None:
        ordered["trajectory"] = trajectory_document(report.trajectory, _plain)
    if report.comparison is not None:
        ordered["comparison"] = comparison_document(report.comparison, _plain)
    return ordered


def render_report(report: Report, options: RenderOptions) -> str:
    return encodable_json(dumps_indented(report_document(report))) + "\n"
