"""Synthetic audit folders with a known, injected truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from tests.conftest import monthly
from valaudit.analyse.audit import run_audit
from valaudit.analyse.effect import estimate_effect
from valaudit.model.effect import Effect
from valaudit.model.report import Report
from valaudit.validate.folder import validate_folder

#: January 2021 as a monthly period counter.
MONTHLY_START = 2021 * 12


def effect_of(
    values: np.ndarray, pre: int, granularity: str = "M", start: int = MONTHLY_START
) -> Effect:
    """The effect on ``values`` (one per period from ``start``) of a go-live after ``pre``
    periods, as the audit measures it (an increase is good, 95% confidence)."""
    positions = start + np.arange(len(values), dtype=float)
    return estimate_effect(
        positions,
        values,
        positions >= start + pre,
        float(start + pre),
        direction="up",
        confidence=0.95,
        stated_baseline=None,
        min_post_periods=3,
        granularity=granularity,
    )


def noise(seed: int, n: int, sd: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, sd, n)


def step_series(
    pre: int,
    post: int,
    *,
    level: float = 100.0,
    step: float = 0.0,
    sd: float = 1.0,
    slope: float = 0.0,
    seed: int = 0,
) -> list[float]:
    """level + slope·t + noise, plus ``step`` from the first post period on."""
    t = np.arange(pre + post)
    values = level + slope * t + noise(seed, pre + post, sd) + step * (t >= pre)
    return [round(float(v), 6) for v in values]


def build_folder(
    root: Path,
    *,
    kpis: list[dict[str, Any]],
    series: dict[str, list[float]],
    start: str = "2024-01",
    go_live: str = "2025-01-01",
    review_date: str | None = None,
    extra: dict[str, Any] | None = None,
    segments: dict[str, dict[str, list[float]]] | None = None,
    guardrails: list[dict[str, Any]] | None = None,
) -> Path:
    """Write a thesis and a long CSV; ``series`` maps KPI id -> monthly values from ``start``
    (None leaves a gap); ``segments`` maps KPI id -> segment -> values."""
    root.mkdir(parents=True, exist_ok=True)
    thesis: dict[str, Any] = {
        "valaudit": 1,
        "initiative": {"name": "Synthetic", "type": "other", "go_live": go_live},
        "data": [{"path": "data.csv"}],
        "kpis": kpis,
    }
    if review_date:
        thesis["initiative"]["review_date"] = review_date
    if guardrails:
        thesis["guardrails"] = guardrails
    thesis.update(extra or {})
    lines = ["period,kpi,segment,value"]
    for kpi, values in series.items():
        for label, value in zip(monthly(start, len(values)), values, strict=True):
            if value is not None:
                lines.append(f"{label},{kpi},,{value}")
    for kpi, by_segment in (segments or {}).items():
        for segment, values in by_segment.items():
            for label, value in zip(monthly(start, len(values)), values, strict=True):
                if value is not None:
                    lines.append(f"{label},{kpi},{segment},{value}")
    (root / "valaudit.yaml").write_text(yaml.safe_dump(thesis, sort_keys=False), encoding="utf-8")
    (root / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def audit(root: Path, **kwargs: Any) -> Report:
    as_of = kwargs.pop("as_of", None)
    validation = validate_folder(str(build_folder(root, **kwargs)))
    assert validation.valid, [f"{p.code}: {p.message}" for p in validation.errors]
    return run_audit(validation, as_of)


def kpi(report: Report, ident: str):  # type: ignore[no-untyped-def]
    return next(k for k in report.kpis if k.id == ident)


ONE_OF_SIX_THESIS = """\
valaudit: 1
initiative: {name: Wide sheet, type: other, go_live: 2025-01-01}
data:
  - path: kpis.csv
    layout: wide
kpis:
  - {id: users_pct, stage: adoption, direction: up, target: 80, baseline: 0}
  - {id: handle_time, stage: productivity, direction: down, target_change: "-20%"}
  - {id: tickets, stage: throughput, direction: up, target_change: "+10%"}
  - {id: csat, stage: customer, direction: up, target_change: 0.2}
  - {id: cost_per_ticket, stage: financial, direction: down, target_change: "-10%"}
  - {id: revenue, stage: financial, direction: up, target_change: "+5%"}
"""


def one_of_six(root: Path) -> Path:
    """A wide sheet whose headers match only one of the six KPIs the thesis names (the others
    are the team's own headers, left unmapped): it validates, with warnings."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "valaudit.yaml").write_text(ONE_OF_SIX_THESIS, encoding="utf-8")
    cost = step_series(12, 12, level=9.0, step=-1.5, sd=0.1, seed=6)
    lines = ["period,Users %,Handle time (min),tickets_count,CSAT score,cost_per_ticket"]
    for label, value in zip(monthly("2024-01", 24), cost, strict=True):
        lines.append(f"{label},50,11.5,300,4.1,{value}")
    (root / "kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
