"""The JSON form of a report's trajectory and comparison sections (``schemas/report.schema.json``).

Written out field by field rather than derived from the dataclasses, so that the JSON keeps
the names the rest of the report uses (``break``, ``money``, the credited figures at the top
of ``money`` as in the report's own money section) and a trajectory entry reads like the
report of its date.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from valaudit.model.comparison import Comparison, StatusChange
from valaudit.model.trajectory import ReturnFigures, Trajectory, TrajectoryPoint

Plain = Callable[[Any], Any]


def _break(value: tuple[str, str] | None) -> dict[str, str] | None:
    return {"from": value[0], "to": value[1]} if value else None


def _figures(figures: ReturnFigures, plain: Plain) -> dict[str, Any]:
    return {
        "realized_annual_benefit": plain(figures.realized_annual_benefit),
        "realization_ratio": plain(figures.realization_ratio),
        "benefit_to_date": plain(figures.benefit_to_date),
        "roi_to_date": plain(figures.roi_to_date),
    }


def trajectory_point_document(point: TrajectoryPoint, plain: Plain) -> dict[str, Any]:
    """One date: the fields of the report of that date that a timeline shows."""
    return {
        "as_of": point.as_of.isoformat(),
        "verdict": str(point.verdict),
        "break": _break(point.break_),
        "flags": [str(flag) for flag in point.flags],
        "money": {
            "credit": str(point.credit),
            "cost_to_date": plain(point.cost_to_date),
            **_figures(point.credited, plain),
            "observed": _figures(point.observed, plain),
            "attributable": _figures(point.attributable, plain),
        },
        "gap_index": plain(point.gap_index),
        "kpis": {ident: str(status) for ident, status in point.kpis},
        "guardrails": {ident: str(status) for ident, status in point.guardrails},
    }


def trajectory_document(trajectory: Trajectory, plain: Plain) -> list[dict[str, Any]]:
    return [trajectory_point_document(point, plain) for point in trajectory.points]


def _status_change(change: StatusChange) -> dict[str, Any]:
    return {"id": change.id, "name": change.name, "before": change.before, "after": change.after}


def comparison_document(comparison: Comparison, plain: Plain) -> dict[str, Any]:
    return {
        "previous": {
            "file": comparison.previous_file,
            "as_of": comparison.previous_as_of.isoformat(),
            "valaudit_version": comparison.previous_version,
            "credit": str(comparison.previous_credit) if comparison.previous_credit else None,
        },
        "status": str(comparison.status),
        "verdict": {"before": comparison.verdict_before, "after": comparison.verdict_after},
        "break": {
            "before": _break(comparison.break_before),
            "after": _break(comparison.break_after),
        },
        "flags": {
            "added": list(comparison.flags_added),
            "removed": list(comparison.flags_removed),
        },
        "figures": [
            {
                "figure": figure.figure,
                "basis": str(figure.basis) if figure.basis else None,
                "before": plain(figure.before),
                "after": plain(figure.after),
                "delta": plain(figure.delta),
            }
            for figure in comparison.figures
        ],
        "kpis": [_status_change(change) for change in comparison.kpis],
        "guardrails": [_status_change(change) for change in comparison.guardrails],
        "warnings": {
            "new": [problem.to_dict() for problem in comparison.new_warnings],
            "fixed": [problem.to_dict() for problem in comparison.fixed_warnings],
        },
        "worsened": list(comparison.worsened),
        "notes": list(comparison.notes),
    }
