"""The report as JSON (``schemas/report.schema.json``).

Floats are written with ten significant digits, so that the same inputs give the same
bytes across platforms whose last-digit rounding differs.

:func:`report_document` turns the report into plain values; :func:`render_report` writes
the same bytes as ``dumps_indented(report_document(report))`` without building that
document first: the report model's dataclasses are written field by field, each field's
key and indentation laid out once per dataclass and depth. A 1,000-KPI report holds some
40,000 dataclasses, and building their dictionaries only to walk them again was half of
the rendering.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import operator
from collections.abc import Callable
from dataclasses import replace
from json.encoder import encode_basestring
from typing import Any

from valaudit.model.report import Chain, Report, SeriesPoint
from valaudit.render.indented_json import NotPlain, dumps_indented, write_indented
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
    ordered = {key: document[key] for key in _ORDERED_KEYS}
    if document["links"] is not None:
        # Only where segments allow a link (docs/method.md §7.1); absent otherwise.
        ordered["links"] = document["links"]
    if report.trajectory is not None:
        ordered["trajectory"] = trajectory_document(report.trajectory, _plain)
    if report.comparison is not None:
        ordered["comparison"] = comparison_document(report.comparison, _plain)
    return ordered


#: The report's top-level keys, in the order the JSON report writes them.
_ORDERED_KEYS = (
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


def render_report(report: Report, options: RenderOptions) -> str:
    try:
        text = _report_text(report)
    except NotPlain:  # a value json.dumps writes its own way: let it
        text = dumps_indented(report_document(report))
    # ASCII text holds no lone surrogate: only other text needs encodable_json's check.
    return (text if text.isascii() else encodable_json(text)) + "\n"


def _report_text(report: Report) -> str:
    """``dumps_indented(report_document(report))``, written from the dataclasses."""
    parts: list[str] = []
    append = parts.append
    separator = "{\n" + _INDENT
    for key in _ORDERED_KEYS:
        append(separator + encode_basestring(key) + ": ")
        _write(getattr(report, key), _INDENT, append)
        separator = ",\n" + _INDENT
    if report.links is not None:
        append(separator + '"links": ')
        _write(report.links, _INDENT, append)
    if report.trajectory is not None:
        append(separator + '"trajectory": ')
        write_indented(trajectory_document(report.trajectory, _plain), _INDENT, append)
    if report.comparison is not None:
        append(separator + '"comparison": ')
        write_indented(comparison_document(report.comparison, _plain), _INDENT, append)
    append("\n}")
    return "".join(parts)


_INDENT = "  "
_isfinite = math.isfinite
_date = dt.date


def _write(value: Any, indent: str, append: Callable[[str], object]) -> None:
    """Append the text ``write_indented(_plain(value), indent, append)`` appends."""
    kind = type(value)
    if kind is str:
        append(encode_basestring(value))
    elif kind is float:
        append(_number(value) if _isfinite(value) else "null")
    elif value is None:
        append("null")
    elif kind is bool:
        append("true" if value else "false")
    elif kind is int:
        append(int.__repr__(value))
    elif kind is list or kind is tuple:
        if not value:
            append("[]")
            return
        if type(value[0]) is SeriesPoint and _POINT_FIELDS_KNOWN:
            _write_points(value, indent, append)
            return
        inner = indent + _INDENT
        separator = "[\n" + inner
        for item in value:
            append(separator)
            _write(item, inner, append)
            separator = ",\n" + inner
        append("\n" + indent + "]")
    elif kind in _text_kinds:
        append(encode_basestring(value))
    elif kind is SeriesPoint and _POINT_FIELDS_KNOWN:
        _write_point(value, indent, append)
    else:
        layout = _layouts.get((kind, indent), _NOT_LAID_OUT)
        if layout is _NOT_LAID_OUT:
            layout = _layout(kind, indent)
        if layout is not None:
            _write_fields(value, layout, indent, append)
        elif kind is _date:
            append(encode_basestring(value.isoformat()))
        elif isinstance(value, str):
            # A StrEnum: _plain keeps it, and json writes its text.
            _text_kinds.add(kind)
            append(encode_basestring(value))
        else:
            write_indented(_plain(value), indent, append)


def _write_point(point: SeriesPoint, indent: str, append: Callable[[str], object]) -> None:
    """One period of a series (see :func:`_point_text`)."""
    text = _point_text(point, _point_keys_at(indent))
    if text is None:
        layout = _layout(SeriesPoint, indent)
        assert layout is not None
        _write_fields(point, layout, indent, append)
    else:
        append(text)


def _write_points(
    points: list[Any] | tuple[Any, ...], indent: str, append: Callable[[str], object]
) -> None:
    """A series: the list of its points, each in one piece (see :func:`_point_text`)."""
    inner = indent + _INDENT
    keys = _point_keys_at(inner)
    separator = "[\n" + inner
    for point in points:
        text = _point_text(point, keys) if type(point) is SeriesPoint else None
        append(separator)
        if text is None:
            _write(point, inner, append)
        else:
            append(text)
        separator = ",\n" + inner
    append("\n" + indent + "]")


def _point_text(point: SeriesPoint, keys: tuple[str, ...]) -> str | None:
    """One period of a series in one piece, between the texts ``keys`` lays out: a report
    holds tens of thousands of them. The text is the one :func:`_write_fields` writes;
    None for a point of other types than its fields' (a numpy float, say), which that
    writes."""
    period, start, value, post, counterfactual = (
        point.period,
        point.start,
        point.value,
        point.post,
        point.counterfactual,
    )
    if not (
        type(period) is str
        and type(start) is _date
        and type(value) is float
        and type(post) is bool
        and (counterfactual is None or type(counterfactual) is float)
    ):
        return None
    date_text = _dates.get(start)
    if date_text is None:
        date_text = _date_text(start)
    value_text = _number(value) if _isfinite(value) else "null"
    counterfactual_text = (
        "null"
        if counterfactual is None or not _isfinite(counterfactual)
        else _number(counterfactual)
    )
    first, second, third, fourth, fifth, close = keys
    # One f-string: joined at once, where a chain of + builds every partial string.
    return (
        f"{first}{encode_basestring(period)}{second}{date_text}{third}{value_text}"
        f"{fourth}{'true' if post else 'false'}{fifth}{counterfactual_text}{close}"
    )


def _point_keys_at(indent: str) -> tuple[str, ...]:
    """The texts around a series point's five values at ``indent`` (see :func:`_layout`)."""
    keys = _point_keys.get(indent)
    if keys is None:
        keys = _point_keys[indent] = _point_layout(indent)
    return keys


def _point_layout(indent: str) -> tuple[str, ...]:
    """The text around a series point's five values at ``indent``."""
    layout = _layout(SeriesPoint, indent)
    assert layout is not None
    return (*layout[1], "\n" + indent + "}")


_point_keys: dict[str, tuple[str, ...]] = {}
#: Whether SeriesPoint's fields are the five :func:`_write_point` writes, in its order.
_POINT_FIELDS_KNOWN = _field_names(SeriesPoint) == (
    "period",
    "start",
    "value",
    "post",
    "counterfactual",
)


def _number(value: float) -> str:
    """``float.__repr__(float(f"{value:.10g}"))`` for a finite ``value``: the JSON of
    :func:`_plain`'s float, in a third of the time.

    The repr of the float nearest a decimal of ten significant digits has exactly that
    decimal's digits (two such decimals lie at least 1e-10 apart relatively, far more than
    the 1.1e-16 within which a float's shortest repr lies). Both notations are then the same
    but for one thing: without an exponent (which ``g`` writes only outside 1e-4 to 1e10,
    and repr only outside 1e-4 to 1e16), repr writes ``.0`` after a whole number. With one,
    the float is formatted as before.
    """
    text = f"{value:.10g}"
    if "e" in text:
        return float.__repr__(float(text))
    return text if "." in text else text + ".0"


def _date_text(value: dt.date) -> str:
    """The JSON of a date (its ISO form, quoted: digits and hyphens need no escape),
    remembered: a report's series repeat a few dozen period starts thousands of times."""
    if len(_dates) >= 4096:
        _dates.clear()
    text = _dates[value] = '"' + value.isoformat() + '"'
    return text


_dates: dict[dt.date, str] = {}

#: Subclasses of str that :func:`_plain` keeps as they are (the report's enumerations).
_text_kinds: set[type] = set()


def _write_fields(
    value: Any, layout: _Layout, indent: str, append: Callable[[str], object]
) -> None:
    """A dataclass's fields, as _plain's dictionary of them is written."""
    inner = indent + _INDENT
    fields, prefixes = layout
    for prefix, item in zip(prefixes, fields(value), strict=True):
        kind = type(item)
        # The commonest values inline, as _write writes them: a call per value would cost a
        # third of the time of a report's hundreds of thousands of values.
        if kind is str:
            append(prefix + encode_basestring(item))
        elif kind is float:
            append(prefix + (_number(item) if _isfinite(item) else "null"))
        elif item is None:
            append(prefix + "null")
        elif kind is bool:
            append(prefix + ("true" if item else "false"))
        elif kind in _text_kinds:
            append(prefix + encode_basestring(item))
        elif kind is _date:
            text = _dates.get(item)
            if text is None:
                text = _date_text(item)
            append(prefix + text)
        else:
            append(prefix)
            _write(item, inner, append)
    append("\n" + indent + "}")


#: A dataclass's layout: what reads its fields' values (in order, as a tuple) and the text
#: before each value.
_Layout = tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]
#: :func:`_layout` by (type, indent); None for a type written another way.
_layouts: dict[tuple[type, str], _Layout | None] = {}
_NOT_LAID_OUT: Any = object()


def _layout(kind: type, indent: str) -> _Layout | None:
    """How the dataclass ``kind`` is written at ``indent``: its fields' values, each after
    the brace or comma, the line break, the indentation and the key; None for any type
    :func:`_plain` does not turn into the dictionary of its fields."""
    names = _field_names(kind)
    layout: _Layout | None = None
    if names and kind is not Chain and not hasattr(kind, "to_dict"):
        inner = indent + _INDENT
        prefixes = tuple(
            ("{\n" if position == 0 else ",\n") + inner + encode_basestring(name) + ": "
            for position, name in enumerate(names)
        )
        getter = operator.attrgetter(*names)
        fields = getter if len(names) > 1 else (lambda value: (getter(value),))
        layout = (fields, prefixes)
    _layouts[(kind, indent)] = layout
    return layout
