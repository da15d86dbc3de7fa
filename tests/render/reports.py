"""Reports for the renderer tests: the bundled samples, audited once, and hostile variants.

Samples are audited from the repository root by their relative path, as a user would run
them, so no rendered output (and no golden file) holds a machine's absolute path.
"""

from __future__ import annotations

import contextlib
import dataclasses
from functools import cache

from tests.conftest import ROOT, SAMPLES
from valaudit.analyse.audit import run_audit
from valaudit.model.report import Report
from valaudit.render.options import RenderOptions
from valaudit.validate.folder import validate_folder

SAMPLE_NAMES = [folder.name for folder in SAMPLES]


def thesis_path(name: str) -> str:
    return f"sample_data/{name}/valaudit.yaml"


@cache
def sample_report(name: str) -> Report:
    with contextlib.chdir(ROOT):
        validation = validate_folder(f"sample_data/{name}")
    assert validation.valid, [p.message for p in validation.errors]
    return run_audit(validation)


def sample_options(name: str) -> RenderOptions:
    return RenderOptions(width=100, thesis_path=thesis_path(name))


def with_kpi_names(report: Report, *names: str) -> Report:
    """``report`` with its first KPIs renamed (names are what a client's thesis controls)."""
    kpis = list(report.kpis)
    for index, name in enumerate(names):
        kpis[index] = dataclasses.replace(kpis[index], name=name)
    return dataclasses.replace(report, kpis=tuple(kpis))


def with_kpi_status(report: Report, kpi_id: str, status: str, reason: str) -> Report:
    kpis = tuple(
        dataclasses.replace(kpi, status=status, reason=reason) if kpi.id == kpi_id else kpi
        for kpi in report.kpis
    )
    return dataclasses.replace(report, kpis=kpis)
