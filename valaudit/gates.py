"""``--fail-on`` gates: conditions under which a CI job should fail (exit code 1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from valaudit.model.codes import OFF_TRACK, Gate, GuardrailStatus, VerdictCode
from valaudit.model.gates import GateResult

if TYPE_CHECKING:
    from valaudit.errors import Problem
    from valaudit.model.report import Report

#: Suspicious cells named in the gate's reason before the rest are only counted.
_LISTED_CELLS = 3

#: The verdict each verdict gate trips on.
_VERDICT_GATES = {
    Gate.STALLED: VerdictCode.IMPLEMENTATION_STALLED,
    Gate.NO_OUTCOME: VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME,
}


def evaluate_gates(
    report: Report | None, gates: Iterable[Gate | str], problems: Sequence[Problem] = ()
) -> list[GateResult]:
    """The result of each requested gate, in the order asked, each gate once.

    ``report`` is None when the input is invalid: then only ``invalid`` is reported (tripped),
    since no other gate can be judged without an audit. On a report, ``invalid`` never trips.
    ``problems`` are the validation's findings, which ``suspicious`` judges. Raises
    ValueError for a name that is not a gate.
    """
    results = []
    for gate in dict.fromkeys(Gate(name) for name in gates):
        if report is None:
            if gate == Gate.INVALID:
                results.append(GateResult(gate, True, "The input is invalid."))
        elif gate == Gate.SUSPICIOUS:
            results.append(_suspicious(problems))
        else:
            results.append(_evaluate(gate, report))
    return results


def _suspicious(problems: Sequence[Problem]) -> GateResult:
    """Trips on any ``suspicious_value`` warning: a cell that looks like a typo."""
    found = [p for p in problems if p.code == "suspicious_value"]
    if not found:
        return GateResult(Gate.SUSPICIOUS, False, "No value looks like a typo.")
    cells = "; ".join(p.location() for p in found[:_LISTED_CELLS])
    more = len(found) - _LISTED_CELLS
    counted = f" and {more} more" if more > 0 else ""
    noun = "value looks" if len(found) == 1 else "values look"
    return GateResult(Gate.SUSPICIOUS, True, f"{len(found)} {noun} like a typo: {cells}{counted}.")


def _evaluate(gate: Gate, report: Report) -> GateResult:
    verdict = report.verdict.code
    if gate == Gate.INVALID:
        return GateResult(gate, False, "The input is valid.")
    if gate in _VERDICT_GATES:
        return GateResult(gate, verdict == _VERDICT_GATES[gate], f"The verdict is {verdict}.")
    if gate == Gate.NOT_REALIZED:
        return GateResult(gate, verdict != VerdictCode.VALUE_REALIZED, f"The verdict is {verdict}.")
    if gate == Gate.GUARDRAIL:
        breached = [g.id for g in report.guardrails if g.status == GuardrailStatus.BREACHED]
        reason = (
            ("Breached: " + ", ".join(breached) + ".") if breached else "No guardrail is breached."
        )
        return GateResult(gate, bool(breached), reason)
    # Gate.OFF_TRACK, the last one.
    off = [f"{k.id} ({k.status})" for k in report.kpis if k.status in OFF_TRACK]
    reason = ("Off track: " + ", ".join(off) + ".") if off else "Every KPI with data is on track."
    return GateResult(gate, bool(off), reason)
