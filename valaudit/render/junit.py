"""The report as JUnit XML, so CI systems list each KPI, guardrail and the verdict as a test.

One ``<testsuite>`` per audit (inside a ``<testsuites>`` root, which every common reader
accepts), one ``<testcase>`` per KPI, per guardrail, per cell whose value looks like a typo
(a ``suspicious_value`` warning), one for the coverage and one for the verdict, and one for
the comparison with an earlier report (``--compare``). A case fails only when a ``--fail-on``
gate that was asked for trips on it (``off-track`` on a KPI, ``guardrail`` on a guardrail,
``suspicious`` on a cell, ``coverage`` on the coverage, ``stalled``, ``no-outcome`` or
``not-realized`` on the verdict, ``worsened`` on the comparison), so the failures always match
the exit code: without ``--fail-on`` nothing fails. A result that cannot be judged yet (no
data, too few periods since go-live) is skipped with the reason; every other case passes, its
status and reason in ``<system-out>``. Every KPI case carries its attribution as properties,
and a KPI whose level moved but whose movement is not attributable says so in its output.
The table behind this is :data:`valaudit.model.gates.GATE_RULES`.

Built with :mod:`xml.etree`, so names and reasons are escaped for free; control characters,
which XML 1.0 cannot carry at all, are shown as escapes first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from valaudit.model.gates import (
    GATED_WARNINGS,
    CaseJudgement,
    CaseOutcome,
    Subject,
    coverage_status,
    judge_case,
)
from valaudit.model.report import GuardrailResult, KpiResult, Report
from valaudit.render.change_wording import comparison_summary, comparison_verdict_line
from valaudit.render.formatting import effect_text, number, percent, words
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.trajectory_wording import trajectory_headline
from valaudit.render.validation_text import beside_thesis, file_line
from valaudit.render.wording import (
    ATTRIBUTION_WORDS,
    attributable_text,
    attribution_marker,
    chain_sentence,
    chain_sentence_after,
    coverage_sentence,
    levels,
)


def element(parent: ET.Element, tag: str, **attributes: object) -> ET.Element:
    """A child element; attributes that are None are left out, the rest made printable."""
    return ET.SubElement(
        parent,
        tag,
        {key: printable(value) for key, value in attributes.items() if value is not None},
    )


def add_case(
    suite: ET.Element, classname: str, name: str, file: str | None, line: int | None
) -> ET.Element:
    return element(suite, "testcase", classname=classname, name=name, file=file, line=line)


def judged_case(
    case: ET.Element, judgement: CaseJudgement, status: str, reason: str, details: str
) -> str:
    """Fill in a case as the gates judge it; return its outcome (passed, failed, skipped)."""
    if judgement.outcome == CaseOutcome.FAILED:
        gates = ", ".join(f"--fail-on {gate}" for gate in judgement.gates)
        failure = element(case, "failure", type=status, message=reason)
        failure.text = printable(f"{details}\nFails because {gates} was asked for.")
    elif judgement.outcome == CaseOutcome.SKIPPED:
        element(case, "skipped", message=reason)
    else:
        note = "".join(
            f"\nNot a failure: --fail-on {gate} was not asked for."
            for gate in judgement.would_fail_on
        )
        element(case, "system-out").text = printable(f"{words(status)}: {reason}\n{details}{note}")
    return judgement.outcome


def counted(root: ET.Element, suites: Sequence[tuple[ET.Element, list[str]]]) -> ET.Element:
    """Put the counts first on each suite and on the root, for readers that only look at the
    opening tag; ``suites`` pairs each suite with the outcomes of its cases."""
    everything: list[str] = []
    for suite, outcomes in suites:
        everything += outcomes
        _put_counts(suite, outcomes)
    _put_counts(root, everything)
    return root


def _put_counts(element_: ET.Element, outcomes: list[str]) -> None:
    counts = {
        "tests": str(len(outcomes)),
        "failures": str(outcomes.count(CaseOutcome.FAILED)),
        "errors": str(outcomes.count("error")),
        "skipped": str(outcomes.count(CaseOutcome.SKIPPED)),
    }
    attributes = dict(element_.attrib)
    element_.attrib.clear()
    element_.attrib.update({"name": attributes.pop("name"), **counts, **attributes})


def xml_text(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _title(ident: str, name: str) -> str:
    return ident if name == ident else f"{ident}: {name}"


def _kpi_details(kpi: KpiResult) -> str:
    details = (
        f"{kpi.name}: {words(kpi.status)}. {levels(kpi)}; "
        f"expected now {number(kpi.expected_now, kpi.unit)}; progress {percent(kpi.progress)}; "
        f"{attributable_text(kpi)}; effect {effect_text(kpi.effect, kpi.unit)}. "
        f"{kpi.attribution_reason}"
    ).strip()
    if attribution_marker(kpi):
        words_ = ATTRIBUTION_WORDS[kpi.attribution].capitalize()
        details = f"{words_}, so not credited to the initiative. {details}"
    return details


def _kpi_properties(case: ET.Element, kpi: KpiResult) -> None:
    properties = element(case, "properties")
    element(properties, "property", name="attribution", value=kpi.attribution)
    if kpi.attributable_progress is not None:
        element(
            properties,
            "property",
            name="attributable_progress",
            value=f"{kpi.attributable_progress:.4g}",
        )


def _guardrail_details(rail: GuardrailResult) -> str:
    return (
        f"{rail.name}: {number(rail.baseline, rail.unit)} → {number(rail.current, rail.unit)}, "
        f"tolerance {rail.tolerance or 'beyond noise'}."
    )


def _properties(suite: ET.Element, report: Report, thesis: str, asked: Sequence[str]) -> None:
    properties = element(suite, "properties")
    values = (
        ("initiative", report.initiative.name),
        ("thesis", thesis),
        ("as_of", report.as_of.isoformat()),
        ("verdict", report.verdict.code),
        ("headline", report.verdict.headline),
        ("flags", ",".join(report.verdict.flags)),
        ("caveats", " ".join(report.verdict.caveats)),
        ("coverage", coverage_sentence(report.coverage)),
        ("credit", report.money.credit),
        ("chain", chain_sentence(report.chain)),
        ("fail_on", ",".join(asked)),
        *(
            [("trajectory", trajectory_headline(report.trajectory))]
            if report.trajectory is not None
            else []
        ),
        ("valaudit_version", report.valaudit_version),
    )
    for name, value in values:
        element(properties, "property", name=name, value=value)


def build_tree(report: Report, options: RenderOptions) -> ET.Element:
    thesis = options.thesis_path or report.thesis_file
    asked = [gate.gate for gate in options.gates]
    root = ET.Element("testsuites", {"name": "valaudit"})
    suite = element(root, "testsuite", name=f"valaudit: {report.initiative.name}")
    _properties(suite, report, thesis, asked)
    outcomes = []
    for kpi in report.kpis:
        case = add_case(
            suite, f"valaudit.kpi.{kpi.stage}", _title(kpi.id, kpi.name), thesis, kpi.line
        )
        _kpi_properties(case, kpi)
        judgement = judge_case(Subject.KPI, kpi.status, asked)
        outcomes.append(judged_case(case, judgement, kpi.status, kpi.reason, _kpi_details(kpi)))
    for rail in report.guardrails:
        case = add_case(suite, "valaudit.guardrail", _title(rail.id, rail.name), thesis, rail.line)
        judgement = judge_case(Subject.GUARDRAIL, rail.status, asked)
        outcomes.append(
            judged_case(case, judgement, rail.status, rail.reason, _guardrail_details(rail))
        )
    for problem in report.warnings:
        if problem.code in GATED_WARNINGS:
            file = beside_thesis(thesis, problem.file)
            case = add_case(suite, "valaudit.values", problem.location(), file, file_line(problem))
            judgement = judge_case(Subject.VALUES, problem.code, asked)
            details = problem.message + (f" {problem.hint}" if problem.hint else "")
            outcomes.append(judged_case(case, judgement, problem.code, problem.message, details))
    if report.coverage is not None:
        case = add_case(suite, "valaudit.coverage", "coverage", thesis, None)
        status = coverage_status(report)
        judgement = judge_case(Subject.COVERAGE, status, asked)
        reason, details = report.coverage.reason, coverage_sentence(report.coverage)
        outcomes.append(judged_case(case, judgement, status, reason, details))
    comparison = report.comparison
    if comparison is not None:
        since = comparison.previous_as_of.isoformat()
        case = add_case(suite, "valaudit.comparison", f"since {since}", thesis, None)
        judgement = judge_case(Subject.CHANGE, comparison.status, asked)
        reason = comparison_verdict_line(comparison)
        details = comparison_summary(comparison, report.currency)
        outcomes.append(judged_case(case, judgement, comparison.status, reason, details))
    verdict = report.verdict
    case = add_case(suite, "valaudit.verdict", "verdict", thesis, None)
    judgement = judge_case(Subject.VERDICT, verdict.code, asked)
    details = " ".join(
        part
        for part in (
            verdict.explanation,
            *verdict.caveats,
            chain_sentence_after(verdict.headline, report.chain),
        )
        if part
    )
    outcomes.append(judged_case(case, judgement, verdict.code, verdict.headline, details))
    return counted(root, [(suite, outcomes)])


def render_report(report: Report, options: RenderOptions) -> str:
    return xml_text(build_tree(report, options))
