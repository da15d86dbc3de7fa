"""``--fail-on`` gates: conditions under which a CI job should fail (exit code 1).

What each gate trips on is the table :data:`~valaudit.model.gates.GATE_RULES`; this module
applies it to a report. The JUnit and GitHub formats read the same table, so their failures
and the exit code always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from valaudit.model.codes import Gate
from valaudit.model.gates import GATE_RULES, GateResult, Subject, coverage_status

if TYPE_CHECKING:
    from valaudit.model.report import Report

#: Suspicious cells a gate's reason names before it only counts the rest.
_LISTED_CELLS = 3


def evaluate_gates(report: Report | None, gates: Iterable[Gate | str]) -> list[GateResult]:
    """The result of each requested gate, in the order asked, each gate once.

    ``report`` is None when the input is invalid: then only the gates on the input
    (``invalid``) are reported, tripped, since no other gate can be judged without an audit.
    On a report, ``invalid`` never trips. Raises ValueError for a name that is not a gate, and
    for ``worsened`` on a report that was not compared with an earlier one.
    """
    results = []
    for gate in dict.fromkeys(Gate(name) for name in gates):
        rule = GATE_RULES[gate]
        if report is None:
            if rule.subject == Subject.INPUT:
                results.append(GateResult(gate, True, rule.tripped))
        else:
            results.append(_evaluate(gate, report))
    return results


def _evaluate(gate: Gate, report: Report) -> GateResult:
    rule = GATE_RULES[gate]
    verdict = report.verdict.code
    if rule.subject == Subject.COVERAGE:
        coverage = report.coverage
        if coverage is None:
            return GateResult(gate, False, "The report states no coverage.")
        return GateResult(gate, coverage_status(report) in rule.trips_on, coverage.reason)
    if rule.subject == Subject.CHANGE:
        comparison = report.comparison
        if comparison is None:
            raise ValueError(f"The {gate} gate needs an earlier report to compare with.")
        return change_gate(gate, comparison.status, comparison.worsened, comparison.previous_as_of)
    offenders = _offenders(rule.subject, rule.trips_on, report)
    tripped = verdict in rule.trips_on if rule.subject == Subject.VERDICT else bool(offenders)
    reason = rule.tripped if tripped else rule.clear
    return GateResult(
        gate, tripped, reason.format(verdict=verdict, offenders=_listed(rule.subject, offenders))
    )


def _offenders(subject: Subject, statuses: frozenset[str], report: Report) -> list[str]:
    """The KPIs, guardrails or cells whose status trips a gate on them (none for other
    subjects: a report's input is valid)."""
    if subject == Subject.GUARDRAIL:
        return [rail.id for rail in report.guardrails if rail.status in statuses]
    if subject == Subject.KPI:
        return [f"{kpi.id} ({kpi.status})" for kpi in report.kpis if kpi.status in statuses]
    if subject == Subject.VALUES:
        return [problem.location() for problem in report.warnings if problem.code in statuses]
    return []


def _listed(subject: Subject, offenders: list[str]) -> str:
    """The offenders as the reason names them. Cells are separated by semicolons, since a
    cell's place (``file, row 6, column 'x'``) holds commas itself, and only the first few are
    named, the rest counted: a pasted column can make hundreds of cells suspicious."""
    if subject != Subject.VALUES:
        return ", ".join(offenders)
    named = "; ".join(offenders[:_LISTED_CELLS])
    more = len(offenders) - _LISTED_CELLS
    return f"{named} (and {more} more)" if more > 0 else named


def change_gate(
    gate: Gate, status: str, worsened: Iterable[str], since: dt.date | None
) -> GateResult:
    """A gate on what changed (``worsened``) for one report or one batch folder: ``status``
    the change's, ``worsened`` what got worse, ``since`` the earlier report's date."""
    rule = GATE_RULES[gate]
    tripped = status in rule.trips_on
    reason = rule.tripped if tripped else rule.clear
    when = since.isoformat() if since is not None else "the earlier run"
    return GateResult(gate, tripped, reason.format(offenders=" ".join(worsened), since=when))
