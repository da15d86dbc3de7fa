"""Reading the earlier report a run compares itself with (``--compare FILE``).

The file is user input like any other: it may be missing, a folder, huge, not JSON, JSON of
something else (a validation result, a portfolio where a report is wanted), or a report of
another major version. Each of these is a :class:`~valaudit.errors.CompareError` that names
the file and says what to give instead (exit code 2); none is a traceback.

A report is checked against the report schema valaudit ships, with one allowance: keys the
schema does not know are accepted, so a report written by a newer valaudit of the same major
report version still compares. Reports written by older valaudit versions of the same major
version pass the schema as they are (their newer keys are optional).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from valaudit.errors import CompareError, Problem
from valaudit.limits import MAX_COMPARE_BYTES
from valaudit.load.paths import regular_size
from valaudit.model.codes import Credit
from valaudit.model.comparison import MeasureStatus, PreviousReport
from valaudit.model.trajectory import ReturnFigures

#: The report's major version this valaudit reads (``report_version`` "1", "1.x").
REPORT_MAJOR = "1"
#: The portfolio's major version this valaudit reads.
PORTFOLIO_MAJOR = "1"

REPORT_HINT = "Give the JSON report an earlier run wrote (valaudit audit DIR -o report.json)."
PORTFOLIO_HINT = (
    "Give the JSON portfolio an earlier run wrote (valaudit batch ROOT -o portfolio.json)."
)


def read_json_document(path: str | Path, hint: str) -> dict[str, Any]:
    """The JSON object in ``path``; a :class:`CompareError` saying why it is not one."""
    shown = str(path)
    try:
        size = regular_size(Path(path))
        if size > MAX_COMPARE_BYTES:
            raise CompareError(
                f"{shown} is {size:,} bytes, more than the {MAX_COMPARE_BYTES:,} an earlier "
                f"report may have. {hint}"
            )
        with Path(path).open("rb") as stream:
            raw = stream.read(MAX_COMPARE_BYTES + 1)
    except FileNotFoundError:
        raise CompareError(f"{shown} does not exist. {hint}") from None
    except OSError as error:
        raise CompareError(f"Cannot read {shown}: {error.strerror or error}. {hint}") from None
    if len(raw) > MAX_COMPARE_BYTES:
        raise CompareError(f"{shown} grew beyond {MAX_COMPARE_BYTES:,} bytes while read. {hint}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CompareError(
            f"{shown} is not UTF-8 text, so not a JSON file valaudit wrote. {hint}"
        ) from None
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise CompareError(
            f"{shown} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}). {hint}"
        ) from None
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise CompareError(f"{shown} is not JSON valaudit wrote ({reason}). {hint}") from None
    if not isinstance(document, dict):
        raise CompareError(f"{shown} holds JSON, but not a valaudit report or portfolio. {hint}")
    return document


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def document_kind(document: dict[str, Any]) -> str:
    """``report``, ``portfolio``, ``validation`` or ``unknown``: what valaudit wrote it as."""
    if "report_version" in document:
        return "report"
    if "portfolio_version" in document:
        return "portfolio"
    if "valid" in document and "folders" in document:
        return "validation"
    return "unknown"


def check_major(shown: str, kind: str, version: object, major: str, hint: str) -> None:
    """Refuse a document of another major version: its fields may mean something else."""
    text = str(version)
    if text.split(".")[0] != major:
        raise CompareError(
            f"{shown} is a {kind} of version {text}; this valaudit compares {kind}s of version "
            f"{major} only. Re-run the earlier audit with this valaudit, or compare with the "
            "valaudit that wrote it."
        )


def read_previous_report(path: str | Path) -> PreviousReport:
    """The earlier report in ``path``, checked; a :class:`CompareError` when it cannot be one."""
    shown = str(path)
    document = read_json_document(path, REPORT_HINT)
    kind = document_kind(document)
    if kind == "portfolio":
        raise CompareError(
            f"{shown} is a batch portfolio, not the report of one audit: compare it with "
            f"valaudit batch ROOT --compare {shown}. {REPORT_HINT}"
        )
    if kind == "validation":
        raise CompareError(
            f"{shown} holds validation errors (the run that wrote it found its input invalid), "
            f"not an audit report. {REPORT_HINT}"
        )
    if kind != "report":
        raise CompareError(f"{shown} holds JSON, but not a valaudit report. {REPORT_HINT}")
    check_major(shown, "report", document["report_version"], REPORT_MAJOR, REPORT_HINT)
    problem = _schema_problem(document)
    if problem is not None:
        raise CompareError(f"{shown} is not a valaudit report: {problem}. {REPORT_HINT}")
    try:
        return _previous_report(shown, document)
    except (KeyError, TypeError, ValueError) as error:
        # What the schema cannot say: a date that is not one, a figure missing.
        reason = f"{error.args[0]!r} is missing" if isinstance(error, KeyError) else str(error)
        raise CompareError(f"{shown} is not a valaudit report: {reason}. {REPORT_HINT}") from None


def _schema_problem(document: dict[str, Any]) -> str | None:
    """The first way ``document`` breaks the report schema (keys it does not know allowed)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(_lenient_schema()).iter_errors(document))
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"at {where.lstrip('.') or 'the top level'}, {error.message}"


@cache
def _lenient_schema() -> dict[str, Any]:
    """The report schema without ``additionalProperties: false``: unknown keys are allowed."""
    from valaudit.schemas import load_schema

    def relax(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: relax(value)
                for key, value in node.items()
                if not (key == "additionalProperties" and value is False)
            }
        if isinstance(node, list):
            return [relax(item) for item in node]
        return node

    relaxed: dict[str, Any] = relax(copy.deepcopy(load_schema("report")))
    # Any version string: the major version was checked first, with a clearer message.
    relaxed["properties"]["report_version"] = {"type": "string"}
    return relaxed


def _date(text: str, where: str) -> dt.date:
    """A date the schema only knows as a string; a ValueError says where, in words."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"at {where}, {text!r} is not a date (YYYY-MM-DD)") from None


def _previous_report(shown: str, document: dict[str, Any]) -> PreviousReport:
    """The fields a comparison reads (the document has passed the schema)."""
    money = document["money"]
    credit = Credit(money["credit"]) if money.get("credit") is not None else None
    if credit is None:
        # Written before attributable credit: every figure is observed.
        observed = _figures(money)
        attributable = None
    else:
        observed = _figures(money["observed"]) if money.get("observed") else _figures(money)
        attributable = _figures(money["attributable"]) if money.get("attributable") else None
    gap = document.get("gap") or {}
    chain_break = document["chain"]["break"]
    initiative = document["initiative"]
    return PreviousReport(
        file=shown,
        report_version=str(document["report_version"]),
        valaudit_version=str(document["valaudit_version"]),
        as_of=_date(document["as_of"], "as_of"),
        initiative=initiative["name"],
        thesis_file=document["thesis_file"],
        go_live=_date(initiative["go_live"], "initiative.go_live"),
        currency=document["currency"],
        verdict=document["verdict"]["code"],
        break_=(chain_break["from"], chain_break["to"]) if chain_break else None,
        flags=tuple(document["verdict"]["flags"]),
        credit=credit,
        expected_annual_benefit=money["expected_annual_benefit"],
        cost_to_date=money["cost_to_date"],
        observed=observed,
        attributable=attributable,
        gap_observed=gap.get("observed") if gap else document["gap_index"],
        gap_attributable=gap.get("attributable") if gap else None,
        kpis=tuple(
            MeasureStatus(kpi["id"], kpi.get("name") or kpi["id"], kpi["status"])
            for kpi in document["kpis"]
        ),
        guardrails=tuple(
            MeasureStatus(rail["id"], rail.get("name") or rail["id"], rail["status"])
            for rail in document["guardrails"]
        ),
        warnings=tuple(_problem(item) for item in document["warnings"]),
    )


def _figures(section: dict[str, Any]) -> ReturnFigures:
    return ReturnFigures(
        realized_annual_benefit=section["realized_annual_benefit"],
        realization_ratio=section["realization_ratio"],
        benefit_to_date=section["benefit_to_date"],
        roi_to_date=section["roi_to_date"],
    )


_PROBLEM_FIELDS = ("sheet", "row", "column", "line", "path", "hint")


def _problem(item: dict[str, Any]) -> Problem:
    return Problem(
        code=str(item["code"]),
        message=str(item["message"]),
        file=str(item["file"]),
        severity="error" if item.get("severity") == "error" else "warning",
        **{key: item.get(key) for key in _PROBLEM_FIELDS},
    )
