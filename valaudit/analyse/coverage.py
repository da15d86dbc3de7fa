"""Coverage: how much of the evidence the thesis names has data to judge.

A verdict read from one KPI out of six says little, however confident its figures look. The
rule (docs/method.md, coverage):

- a KPI *has data* when it can be measured: a baseline and a value since go-live;
- a stage is *thinly covered* when more than half of the KPIs the thesis names for it have no
  data (so an outcome stage named in the thesis without any data always is);
- coverage is **low** — the ``low_coverage`` flag, a line under the headline, the
  ``--fail-on coverage`` gate — when any stage is thinly covered, or fewer than half of all
  the KPIs named have data;
- with fewer than half of all the KPIs named having data, the verdict is
  ``insufficient_data`` (:func:`valaudit.analyse.verdict.decide_verdict`).
"""

from __future__ import annotations

from collections.abc import Sequence

from valaudit.model.codes import KpiStatus
from valaudit.model.report import Coverage, KpiResult, StageCoverage
from valaudit.model.thesis import KPI_STAGES


def thin(named: int, with_data: int) -> bool:
    """More than half of the named KPIs have no data."""
    return with_data * 2 < named


def measure_coverage(kpis: Sequence[KpiResult]) -> Coverage:
    stages = []
    for stage in KPI_STAGES:
        members = [k for k in kpis if k.stage == stage]
        if not members:
            continue
        missing = tuple(k.id for k in members if k.status == KpiStatus.NO_DATA)
        stages.append(StageCoverage(stage, len(members), len(members) - len(missing), missing))
    named = sum(s.named for s in stages)
    with_data = sum(s.with_data for s in stages)
    thin_stages = [s for s in stages if thin(s.named, s.with_data)]
    low = bool(thin_stages) or thin(named, with_data)
    reason = f"{with_data} of {named} KPI(s) named in the thesis have data"
    if low:
        empty = [s.stage for s in thin_stages if s.with_data == 0]
        sparse = [f"{s.stage} {s.with_data} of {s.named}" for s in thin_stages if s.with_data]
        details = []
        if empty:
            details.append(f"{_join(empty)} {'has' if len(empty) == 1 else 'have'} none")
        if sparse:
            details.append("only " + _join(sparse))
        reason = "Coverage is low: " + reason + ("; " + "; ".join(details) if details else "")
    return Coverage(named, with_data, tuple(stages), low, reason + ".")


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
