"""The portfolio as JSON: ``{"folders": [...], "totals": {...}}``, for scripts.

Every folder has its ``path``, ``initiative``, ``verdict``, ``break``,
``realization_ratio``, ``roi_to_date``, ``flags`` and ``errors``, and what a script needs to
act on a row: ``status``, money with its currency (cost and benefit to date, NPV, payback),
owner and go-live, warnings counted by code, the operating-model dimensions scored weak,
gate results and the report files written. Codes and machine names stay here; the CSV and
XLSX portfolios carry the same figures under headers and words for people. Rows are always
in path order, whatever ``--sort`` or ``--group-by`` asks of the readable formats. Keys
that do not apply are null rather than missing, so every row has one shape. With
``--compare`` every row has a ``change`` and the portfolio a ``changes`` summary (each
``[before, now]`` pair per currency); without it, neither key is there. Floats carry ten
significant digits, as in the report, so the bytes are the same on every platform.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from valaudit import __version__
from valaudit.model.portfolio import FolderRow, Portfolio, Totals
from valaudit.model.portfolio_changes import FolderChange, PortfolioChanges
from valaudit.render.indented_json import dumps_indented
from valaudit.render.options import RenderOptions

PORTFOLIO_VERSION = "1"


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.10g}")


def folder_document(row: FolderRow) -> dict[str, Any]:
    document = {
        "path": row.path,
        "status": row.status,
        "initiative": row.initiative,
        "type": row.type,
        "verdict": row.verdict,
        "break": {"from": row.break_[0], "to": row.break_[1]} if row.break_ else None,
        "realization_ratio": _number(row.realization_ratio),
        "roi_to_date": _number(row.roi_to_date),
        "flags": list(row.flags),
        "currency": row.currency,
        "expected_annual_benefit": _number(row.expected_annual_benefit),
        "realized_annual_benefit": _number(row.realized_annual_benefit),
        "credit": row.credit,
        "attributable_annual_benefit": _number(row.attributable_annual_benefit),
        "observed_annual_benefit": _number(row.observed_annual_benefit),
        "as_of": row.as_of.isoformat() if row.as_of else None,
        "gates": [{"gate": g.gate, "tripped": g.tripped, "reason": g.reason} for g in row.gates],
        "errors": list(row.errors),
        "error_count": row.error_count,
        "warning_count": row.warning_count,
        "reports": list(row.reports),
        "owner": row.owner,
        "go_live": row.go_live.isoformat() if row.go_live else None,
        "cost_to_date": _number(row.cost_to_date),
        "benefit_to_date": _number(row.benefit_to_date),
        "npv_at_current_rate": _number(row.npv),
        "payback": {
            "status": row.payback_status,
            "date": row.payback_date.isoformat() if row.payback_date else None,
        }
        if row.payback_status
        else None,
        "warnings": dict(sorted(Counter(row.warnings).items())),
        "weak_dimensions": list(row.weak_dimensions),
    }
    if row.change is not None:
        document["change"] = change_document(row.change)
    return document


def change_document(change: FolderChange) -> dict[str, Any]:
    """A folder against its row in the earlier portfolio (``batch --compare``)."""
    previous_break = change.previous_break
    return {
        "status": change.status,
        "previous_status": change.previous_status,
        "previous_verdict": change.previous_verdict,
        "previous_break": (
            {"from": previous_break[0], "to": previous_break[1]} if previous_break else None
        ),
        "previous_as_of": change.previous_as_of.isoformat() if change.previous_as_of else None,
        "basis": change.basis,
        "realization_before": _number(change.realization_before),
        "realization_after": _number(change.realization_after),
        "realization_change": _number(change.realization_delta),
        "worsened": list(change.worsened),
    }


def changes_document(changes: PortfolioChanges) -> dict[str, Any]:
    """What changed since the earlier portfolio: counts, moves, folders new or gone, money."""
    return {
        "previous": {
            "file": PurePath(changes.previous_file).name,
            "valaudit_version": changes.previous_version,
            "credit": changes.previous_credit,
        },
        "folders": dict(changes.counts),
        "verdict_moves": [
            {"path": path, "before": before, "after": after}
            for path, before, after in changes.verdict_moves
        ],
        "new": list(changes.new),
        "gone": list(changes.gone),
        "benefit": {
            line.currency: {
                "expected_annual_benefit": [
                    _number(line.expected_before),
                    _number(line.expected_after),
                ],
                "attributable_annual_benefit": [
                    _number(line.attributable_before),
                    _number(line.attributable_after),
                ],
                "observed_annual_benefit": [
                    _number(line.observed_before),
                    _number(line.observed_after),
                ],
            }
            for line in changes.money
        },
    }


def totals_document(totals: Totals) -> dict[str, Any]:
    return {
        "folders": totals.folders,
        "ok": totals.ok,
        "invalid": totals.invalid,
        "crashed": totals.crashed,
        "not_run": totals.not_run,
        "gates_tripped": totals.gates_tripped,
        "verdicts": dict(totals.verdicts),
        "benefit": {
            line.currency: {
                "folders": line.folders,
                "expected_annual_benefit": _number(line.expected_annual_benefit),
                "realized_annual_benefit": _number(line.realized_annual_benefit),
                "realization_ratio": _number(line.realization_ratio),
                "attributable_annual_benefit": _number(line.attributable_annual_benefit),
                "observed_annual_benefit": _number(line.observed_annual_benefit),
                "observed_credit_folders": line.observed_credit_folders,
                "cost_to_date": _number(line.cost_to_date),
                "benefit_to_date": _number(line.benefit_to_date),
                "roi_to_date": _number(line.roi_to_date),
            }
            for line in totals.benefit
        },
    }


def portfolio_document(portfolio: Portfolio) -> dict[str, Any]:
    """The whole portfolio as one JSON-ready value (:func:`render_portfolio` writes the same
    text without building it)."""
    document = portfolio_document_without_folders(portfolio)
    document["folders"] = [folder_document(row) for row in portfolio.rows]
    return document


def portfolio_document_without_folders(portfolio: Portfolio) -> dict[str, Any]:
    """The document with an empty ``folders`` list in its place among the keys."""
    document: dict[str, Any] = {
        "portfolio_version": PORTFOLIO_VERSION,
        "valaudit_version": __version__,
        "complete": portfolio.complete,
        "folders": [],
        "totals": totals_document(portfolio.totals),
    }
    if portfolio.changes is not None:
        document["changes"] = changes_document(portfolio.changes)
    return document


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    return "".join(portfolio_chunks(portfolio))


def portfolio_chunks(portfolio: Portfolio) -> Iterator[str]:
    """The bytes of ``json.dumps(portfolio_document(portfolio), indent=2)`` plus a newline,
    one folder at a time: the document of 10,000 folders (about 8 KB a folder as Python
    objects) never exists at once, only the text."""
    document = portfolio_document_without_folders(portfolio)
    yield "{"
    for number, (key, value) in enumerate(document.items()):
        yield ",\n  " if number else "\n  "
        yield _dumps(key) + ": "
        if key == "folders":
            yield from _folders(portfolio.rows)
        else:
            yield _dumps(value).replace("\n", "\n  ")
    yield "\n}\n"


def _folders(rows: tuple[FolderRow, ...]) -> Iterator[str]:
    """The ``folders`` list, indented as the second level of the document."""
    if not rows:
        yield "[]"
        return
    yield "["
    for number, row in enumerate(rows):
        yield ",\n    " if number else "\n    "
        # json.dumps never writes a raw newline inside a string, so every newline is layout.
        yield _dumps(folder_document(row)).replace("\n", "\n    ")
    yield "\n  ]"


def _dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, by the faster writer of the same
    bytes."""
    return dumps_indented(value)
