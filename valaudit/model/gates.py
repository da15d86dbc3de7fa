"""The result of one ``--fail-on`` gate: the same record for one audit and for each folder of
a batch, so junit, the portfolio and the CLI's messages all read one type."""

from __future__ import annotations

from dataclasses import dataclass

from valaudit.model.codes import Gate


@dataclass(frozen=True)
class GateResult:
    """One ``--fail-on`` gate, evaluated for one folder."""

    gate: Gate
    tripped: bool
    """True when the condition holds: the run should fail (exit code 1)."""
    reason: str
    """One sentence saying why, for the CI log."""
