"""``--fail-on`` gates: conditions under which a CI job should fail (exit code 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from valaudit.model.report import Report

GATES = ("invalid", "stalled", "no-outcome", "not-realized", "guardrail", "off-track")
OFF_TRACK = ("behind", "regressed", "flat")


@dataclass(frozen=True)
class GateResult:
    gate: str
    tripped: bool
    reason: str


def evaluate_gates(report: Report, gates: tuple[str, ...]) -> list[GateResult]:
    """The result of each requested gate, in the order asked (``invalid`` cannot trip on a
    report: invalid input never gets one, and exits with code 3 instead)."""
    results = []
    verdict = report.verdict.code
    for gate in dict.fromkeys(gates):
        if gate == "invalid":
            results.append(GateResult(gate, False, "The input is valid."))
        elif gate == "stalled":
            tripped = verdict == "implementation_stalled"
            results.append(GateResult(gate, tripped, f"The verdict is {verdict}."))
        elif gate == "no-outcome":
            tripped = verdict == "implementation_without_outcome"
            results.append(GateResult(gate, tripped, f"The verdict is {verdict}."))
        elif gate == "not-realized":
            tripped = verdict != "value_realized"
            results.append(GateResult(gate, tripped, f"The verdict is {verdict}."))
        elif gate == "guardrail":
            breached = [g.id for g in report.guardrails if g.status == "breached"]
            reason = (
                ("Breached: " + ", ".join(breached) + ".")
                if breached
                else "No guardrail is breached."
            )
            results.append(GateResult(gate, bool(breached), reason))
        elif gate == "off-track":
            off = [f"{k.id} ({k.status})" for k in report.kpis if k.status in OFF_TRACK]
            reason = (
                ("Off track: " + ", ".join(off) + ".")
                if off
                else "Every KPI with data is on track."
            )
            results.append(GateResult(gate, bool(off), reason))
    return results
