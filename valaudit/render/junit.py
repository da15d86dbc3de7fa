"""The report as JUnit XML, so CI systems list each KPI as a passing or failing test.

One ``<testsuite>`` per audit (inside a ``<testsuites>`` root, which every common reader
accepts), one ``<testcase>`` per KPI, per guardrail and per ``--fail-on`` gate. A KPI fails
when it is off track (``behind``, ``regressed`` or ``flat``, as ``--fail-on off-track``), a
guardrail when it is breached, a gate when it tripped; the failure message is the analysis's
own reason. A KPI or guardrail with no data is skipped, not passed. Built with
:mod:`xml.etree`, so names and reasons are escaped for free; control characters, which
XML 1.0 cannot carry at all, are shown as escapes first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from valaudit.model.codes import OFF_TRACK, GuardrailStatus, KpiStatus
from valaudit.model.report import GuardrailResult, KpiResult, Report
from valaudit.render.formatting import effect_text, number, percent, words
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import printable
from valaudit.render.wording import chain_sentence, levels


def _element(parent: ET.Element, tag: str, **attributes: object) -> ET.Element:
    """A child element; attributes that are None are left out, the rest made printable."""
    return ET.SubElement(
        parent,
        tag,
        {key: printable(value) for key, value in attributes.items() if value is not None},
    )


def _case(
    suite: ET.Element, classname: str, name: str, thesis: str, line: int | None
) -> ET.Element:
    return _element(suite, "testcase", classname=classname, name=name, file=thesis, line=line)


def _title(ident: str, name: str) -> str:
    return ident if name == ident else f"{ident}: {name}"


def _kpi_details(kpi: KpiResult) -> str:
    return (
        f"{kpi.name}: {words(kpi.status)}. {levels(kpi)}; "
        f"expected now {number(kpi.expected_now, kpi.unit)}; progress {percent(kpi.progress)}; "
        f"effect {effect_text(kpi.effect, kpi.unit)}."
    )


def _kpi_case(suite: ET.Element, kpi: KpiResult, thesis: str) -> str:
    case = _case(suite, f"valaudit.kpi.{kpi.stage}", _title(kpi.id, kpi.name), thesis, kpi.line)
    if kpi.status in OFF_TRACK:
        failure = _element(case, "failure", type=kpi.status, message=kpi.reason)
        failure.text = printable(_kpi_details(kpi))
        return "failure"
    if kpi.status == KpiStatus.NO_DATA:
        _element(case, "skipped", message=kpi.reason)
        return "skipped"
    return "passed"


def _guardrail_case(suite: ET.Element, rail: GuardrailResult, thesis: str) -> str:
    case = _case(suite, "valaudit.guardrail", _title(rail.id, rail.name), thesis, rail.line)
    if rail.status == GuardrailStatus.BREACHED:
        failure = _element(case, "failure", type=rail.status, message=rail.reason)
        failure.text = printable(
            f"{rail.name}: {number(rail.baseline, rail.unit)} → "
            f"{number(rail.current, rail.unit)}, tolerance {rail.tolerance or 'beyond noise'}."
        )
        return "failure"
    if rail.status == GuardrailStatus.NO_DATA:
        _element(case, "skipped", message=rail.reason)
        return "skipped"
    return "passed"


def _properties(suite: ET.Element, report: Report, thesis: str) -> None:
    properties = _element(suite, "properties")
    values = (
        ("initiative", report.initiative.name),
        ("thesis", thesis),
        ("as_of", report.as_of.isoformat()),
        ("verdict", report.verdict.code),
        ("headline", report.verdict.headline),
        ("flags", ",".join(report.verdict.flags)),
        ("chain", chain_sentence(report.chain)),
        ("valaudit_version", report.valaudit_version),
    )
    for name, value in values:
        _element(properties, "property", name=name, value=value)


def build_tree(report: Report, options: RenderOptions) -> ET.Element:
    thesis = options.thesis_path or report.thesis_file
    root = ET.Element("testsuites", {"name": "valaudit"})
    suite = _element(root, "testsuite", name=f"valaudit: {report.initiative.name}")
    _properties(suite, report, thesis)
    outcomes = [_kpi_case(suite, kpi, thesis) for kpi in report.kpis]
    outcomes += [_guardrail_case(suite, rail, thesis) for rail in report.guardrails]
    for gate in options.gates:
        case = _case(suite, "valaudit.gate", f"--fail-on {gate.gate}", thesis, None)
        if gate.tripped:
            _element(case, "failure", type="gate", message=gate.reason).text = printable(
                f"The gate '{gate.gate}' tripped: {gate.reason}"
            )
        outcomes.append("failure" if gate.tripped else "passed")
    counts = {
        "tests": str(len(outcomes)),
        "failures": str(outcomes.count("failure")),
        "errors": "0",
        "skipped": str(outcomes.count("skipped")),
    }
    # Counts first on the suite, for readers that only look at the opening tag.
    for element in (root, suite):
        attributes = dict(element.attrib)
        element.attrib.clear()
        element.attrib.update({"name": attributes.pop("name"), **counts, **attributes})
    return root


def render_report(report: Report, options: RenderOptions) -> str:
    root = build_tree(report, options)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
