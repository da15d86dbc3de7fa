"""Reports for the renderer tests: the bundled samples, audited once, and hostile variants.

Samples are audited from the repository root by their relative path, as a user would run
them, so no rendered output (and no golden file) holds a machine's absolute path.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import tempfile
from functools import cache
from pathlib import Path

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


def compared_report(name: str, earlier: dt.date, as_of: dt.date | None = None) -> Report:
    """The sample as of ``as_of`` with its trajectory (every period) and a comparison with
    its own report as of ``earlier``, written as JSON and read back as a later run reads it."""
    from valaudit.analyse.compare import compare_reports
    from valaudit.folder_audit import audit_validated
    from valaudit.load.previous_report import read_previous_report
    from valaudit.render.json_report import render_report

    with contextlib.chdir(ROOT):
        validation = validate_folder(f"sample_data/{name}")
    report = audit_validated(validation, as_of=as_of, trajectory="period").report
    assert report is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}_{earlier}.json"
        path.write_text(
            render_report(run_audit(validation, earlier), RenderOptions()), encoding="utf-8"
        )
        previous = read_previous_report(path)
    return dataclasses.replace(report, comparison=compare_reports(previous, report))


@cache
def changed_report(name: str) -> Report:
    """The sample with its trajectory, compared with its report at its third trajectory date
    (for manager_training, whose trajectory has three dates, that is its own date)."""
    with contextlib.chdir(ROOT):
        validation = validate_folder(f"sample_data/{name}")
    from valaudit.folder_audit import audit_validated

    report = audit_validated(validation, trajectory="period").report
    assert report is not None and report.trajectory is not None
    return compared_report(name, report.trajectory.points[2].as_of)


@cache
def worsened_report() -> Report:
    """support_copilot as of 2025-06-30 against its report of 2025-05-31: the verdict fell
    from too early to implementation without outcome and the guardrail is newly breached."""
    return compared_report("support_copilot", dt.date(2025, 5, 31), dt.date(2025, 6, 30))


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


def hostile(field: str) -> str:
    """Client text that would break HTML, a terminal or a reader if passed through as is."""
    return f"<i>{field}</i> & \"q\" 'a' https://x.example/{field} \x1b[31m\u202e"


def hostile_report() -> Report:
    """The support_copilot report with hostile text in every string a client controls."""
    from valaudit.errors import Problem

    report = sample_report("support_copilot")
    chain = report.chain
    stages = tuple(
        dataclasses.replace(stage, reason=hostile(f"reason-{stage.stage}"))
        for stage in chain.stages
    )
    kpis = tuple(
        dataclasses.replace(kpi, name=hostile(f"kpi-{n}"), unit=hostile(f"unit-{n}"),
                            reason=hostile(f"kpi-reason-{n}"))
        for n, kpi in enumerate(report.kpis)
    )  # fmt: skip
    guardrails = tuple(
        dataclasses.replace(rail, name=hostile(f"rail-{n}"), reason=hostile(f"rail-reason-{n}"),
                            tolerance=hostile(f"tolerance-{n}"), unit=hostile(f"rail-unit-{n}"))
        for n, rail in enumerate(report.guardrails)
    )  # fmt: skip
    implementation = dataclasses.replace(
        report.implementation,
        milestones=tuple(
            dataclasses.replace(m, name=hostile(f"milestone-{n}"))
            for n, m in enumerate(report.implementation.milestones)
        ),
    )
    money = dataclasses.replace(
        report.money,
        benefits=tuple(
            dataclasses.replace(b, name=hostile(f"benefit-{n}"))
            for n, b in enumerate(report.money.benefits)
        ),
    )
    assert report.scorecard is not None
    scorecard = dataclasses.replace(report.scorecard, interpretation=hostile("interpretation"))
    warning = Problem(
        "unknown_kpi", hostile("warning"), hostile("file"), "warning", sheet=hostile("sheet"),
        row=3, column=hostile("column"),
    )  # fmt: skip
    return dataclasses.replace(
        report,
        valaudit_version=hostile("version"),
        initiative=dataclasses.replace(
            report.initiative,
            name=hostile("name"),
            type=hostile("type"),
            owner=hostile("owner"),
            thesis=hostile("thesis"),
        ),
        verdict=dataclasses.replace(
            report.verdict,
            headline=hostile("headline"),
            explanation=hostile("explanation"),
            flags=(*report.verdict.flags, hostile("flag")),
        ),
        chain=dataclasses.replace(chain, stages=stages),
        kpis=kpis,
        guardrails=guardrails,
        implementation=implementation,
        money=money,
        scorecard=scorecard,
        questions=tuple(
            dataclasses.replace(q, text=hostile(f"question-{n}"), because=hostile(f"because-{n}"))
            for n, q in enumerate(report.questions[:2])
        ),
        warnings=(warning,),
        sources=(hostile("source"), "data/kpis.xlsx"),
        report_version=hostile("report-version"),
    )


def sparse_report() -> Report:
    """The manager_training report with every optional part missing."""
    report = sample_report("manager_training")
    return dataclasses.replace(
        report,
        initiative=dataclasses.replace(report.initiative, owner=None, thesis=None),
        verdict=dataclasses.replace(report.verdict, flags=()),
        chain=dataclasses.replace(report.chain, break_=None),
        implementation=dataclasses.replace(report.implementation, status="not_measured"),
        kpis=(),
        guardrails=(),
        money=dataclasses.replace(report.money, benefits=()),
        gap_index=None,
        scorecard=None,
        questions=(),
        warnings=(),
        sources=(),
    )


#: Reports beyond the samples whose HTML is kept as golden files: every client string hostile,
#: and every optional part missing.
HTML_VARIANTS = {"hostile": hostile_report, "sparse": sparse_report}
