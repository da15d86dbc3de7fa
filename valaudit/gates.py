"""``--fail-on`` gates: conditions under which a CI job should fail (exit code 1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from valaudit.model.codes import OFF_TRACK, Gate, GuardrailStatus, VerdictCode
from valaudit.model.gates import GateResult

if TYPE_CHECKING:
    from valaudit.model.report import Report

#: The verdict each verdict gate trips on.
_VERDICT_GATES = {
    Gate.STALLED: VerdictCode.IMPLEMENTATION_STALLED,
    Gate.NO_OUTCOME: VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME,
}


def evaluate_gates(report: Report | None, gates: Iterable[Gate | str]) -> list[GateResult]:
    """The result of each requested gate, in the order asked, each gate once.

    ``report`` is None when the input is invalid: then only ``invalid`` is reported (tripped),
    since no other gate can be judged without an audit. On a report, ``invalid`` never trips.
    Raises ValueError for a name that is not a gate.
    """
    results = []
    for gate in dict.fromkeys(Gate(name) for name in gates):
        if report is None:
            if gate == Gate.INVALID:
                results.append(GateResult(gate, True, "The input is invalid."))
        else:
            results.append(_evaluate(gate, report))
    return results


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
