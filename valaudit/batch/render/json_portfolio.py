"""The portfolio as JSON: ``{"folders": [...], "totals": {...}}``, for scripts.

Every folder has its ``path``, ``initiative``, ``verdict``, ``break``,
``realization_ratio``, ``roi_to_date``, ``flags`` and ``errors``, and what a script needs to
act on a row: ``status``, money with its currency (cost and benefit to date, NPV, payback),
owner and go-live, warnings counted by code, the operating-model dimensions scored weak,
gate results and the report files written. Codes and machine names stay here; the CSV and
XLSX portfolios carry the same figures under headers and words for people. Rows are always
in path order, whatever ``--sort`` or ``--group-by`` asks of the readable formats. Keys
that do not apply are null rather than missing, so every row has one shape.
Floats carry ten significant digits, as in the report, so the bytes are the same on every
platform.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from valaudit import __version__
from valaudit.model.portfolio import FolderRow, Portfolio, Totals
from valaudit.render.options import RenderOptions

PORTFOLIO_VERSION = "1"


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.10g}")


def folder_document(row: FolderRow) -> dict[str, Any]:
    return {
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
    return {
        "portfolio_version": PORTFOLIO_VERSION,
        "valaudit_version": __version__,
        "complete": portfolio.complete,
        "folders": [folder_document(row) for row in portfolio.rows],
        "totals": totals_document(portfolio.totals),
    }


def render_portfolio(portfolio: Portfolio, options: RenderOptions) -> str:
    return json.dumps(portfolio_document(portfolio), indent=2, ensure_ascii=False) + "\n"
