"""Reading the earlier portfolio a batch run compares itself with (``batch --compare FILE``).

The same policy as :mod:`valaudit.load.previous_report`: any file that cannot be an earlier
portfolio is a :class:`~valaudit.errors.CompareError` naming the file and what to give
instead (exit code 2). The portfolio has no shipped schema, so the fields read are checked
here, each by its place (``folders[3].verdict``); keys this valaudit does not know are
ignored, so a portfolio from a newer valaudit of the same major version still compares.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from valaudit.errors import CompareError
from valaudit.load.previous_report import (
    PORTFOLIO_HINT,
    PORTFOLIO_MAJOR,
    check_major,
    document_kind,
    read_json_document,
)
from valaudit.model.codes import Credit
from valaudit.model.portfolio_changes import PreviousFolder, PreviousPortfolio


class _Shape(Exception):
    """A field of the wrong kind, at its place in the document."""


def read_previous_portfolio(path: str | Path) -> PreviousPortfolio:
    """The earlier portfolio in ``path``, checked; a :class:`CompareError` if it is not one."""
    shown = str(path)
    document = read_json_document(path, PORTFOLIO_HINT)
    kind = document_kind(document)
    if kind == "report":
        raise CompareError(
            f"{shown} is the report of one audit, not a batch portfolio: compare it with "
            f"valaudit audit DIR --compare {shown}. {PORTFOLIO_HINT}"
        )
    if kind != "portfolio":
        raise CompareError(f"{shown} holds JSON, but not a valaudit portfolio. {PORTFOLIO_HINT}")
    check_major(shown, "portfolio", document["portfolio_version"], PORTFOLIO_MAJOR, PORTFOLIO_HINT)
    try:
        folders = _list(document, "folders", "folders")
        version = _text(document, "valaudit_version", "") or "unknown"
        rows = tuple(_folder(item, f"folders[{n}]") for n, item in enumerate(folders))
    except _Shape as error:
        raise CompareError(
            f"{shown} is not a valaudit portfolio: {error}. {PORTFOLIO_HINT}"
        ) from None
    return PreviousPortfolio(file=shown, valaudit_version=version, folders=rows)


def _folder(item: object, where: str) -> PreviousFolder:
    if not isinstance(item, dict):
        raise _Shape(f"at {where}, expected an object")
    path, status = _text(item, "path", where), _text(item, "status", where)
    if path is None or status is None:
        raise _Shape(f"at {where}, 'path' and 'status' are required")
    chain_break = item.get("break")
    if chain_break is not None and not (
        isinstance(chain_break, dict)
        and isinstance(chain_break.get("from"), str)
        and isinstance(chain_break.get("to"), str)
    ):
        raise _Shape(f"at {where}.break, expected an object with 'from' and 'to', or null")
    credit = _text(item, "credit", where)
    if credit is not None and credit not in tuple(Credit):
        raise _Shape(f"at {where}.credit, {credit!r} is neither attributable nor observed")
    as_of = _text(item, "as_of", where)
    try:
        as_of_date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise _Shape(f"at {where}.as_of, {as_of!r} is not a date (YYYY-MM-DD)") from None
    realized = _number(item, "realized_annual_benefit", where)
    return PreviousFolder(
        path=path,
        status=status,
        initiative=_text(item, "initiative", where),
        verdict=_text(item, "verdict", where),
        break_=(chain_break["from"], chain_break["to"]) if chain_break else None,
        flags=tuple(_list(item, "flags", f"{where}.flags", text=True)),
        currency=_text(item, "currency", where),
        as_of=as_of_date,
        credit=Credit(credit) if credit else None,
        expected_annual_benefit=_number(item, "expected_annual_benefit", where),
        attributable_annual_benefit=_number(item, "attributable_annual_benefit", where)
        if credit
        else None,
        # Before attributable credit, the realized figure was the observed one.
        observed_annual_benefit=_number(item, "observed_annual_benefit", where)
        if credit
        else realized,
        roi_to_date=_number(item, "roi_to_date", where),
    )


def _text(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise _Shape(f"at {f'{where}.{key}' if where else key}, expected text or null")
    return value


def _number(item: dict[str, Any], key: str, where: str) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Shape(f"at {where}.{key}, expected a number or null")
    return float(value)


def _list(item: dict[str, Any], key: str, where: str, *, text: bool = False) -> list[Any]:
    value = item.get(key, [])
    if not isinstance(value, list) or (text and not all(isinstance(v, str) for v in value)):
        raise _Shape(f"at {where}, expected a list" + (" of text" if text else ""))
    return value
