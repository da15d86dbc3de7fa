"""``--fail-on`` gates: what each one judges, what trips it, and what a CI system shows.

The result of one gate (:class:`GateResult`) is the same record for one audit and for each
folder of a batch, so junit, the portfolio and the CLI's messages all read one type.

:data:`GATE_RULES` is the one table of what each gate trips on. The exit code
(:func:`valaudit.gates.evaluate_gates`), the JUnit test cases and the GitHub annotations are
all read from it, so a test case fails, or an annotation is an ``::error``, exactly when a
gate that was asked for trips on it, and never otherwise: a run without ``--fail-on`` fails
nothing. A new gate is one line in :data:`GATE_RULES`; a status that cannot be judged yet is
one entry in :data:`NOT_YET_JUDGED`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from valaudit.model.codes import (
    OFF_TRACK,
    ChangeStatus,
    Gate,
    GuardrailStatus,
    KpiStatus,
    VerdictCode,
)

if TYPE_CHECKING:
    from valaudit.model.report import Report


@dataclass(frozen=True)
class GateResult:
    """One ``--fail-on`` gate, evaluated for one folder."""

    gate: Gate
    tripped: bool
    """True when the condition holds: the run should fail (exit code 1)."""
    reason: str
    """One sentence saying why, for the CI log."""


class Subject(StrEnum):
    """What a gate judges; each is one kind of test case in CI."""

    INPUT = "input"
    """The folder's files: valid or not."""
    VERDICT = "verdict"
    KPI = "kpi"
    GUARDRAIL = "guardrail"
    COVERAGE = "coverage"
    """How much of the evidence the thesis names has data: ``low`` or ``ok``."""
    VALUES = "values"
    """The cells of the tables: the code of each warning the report carries about one, such
    as ``suspicious_value`` for a value that looks like a typo."""
    CHANGE = "change"
    """What changed since an earlier report (``--compare``): a
    :class:`~valaudit.model.codes.ChangeStatus`."""


@dataclass(frozen=True)
class GateRule:
    """What one gate trips on, and how its reason reads."""

    subject: Subject
    trips_on: frozenset[str]
    """The statuses of the subject (verdict codes, for the verdict; warning codes, for the
    values) that trip it."""
    tripped: str
    """The reason when it trips; ``{verdict}``, ``{offenders}`` (the ids of the KPIs or
    guardrails that trip it, the places of the cells, or what got worse) and ``{since}`` (the
    earlier report's date) are filled in."""
    clear: str
    """The reason when it does not trip (``{verdict}`` and ``{since}`` filled in)."""


_VERDICT_REASON = "The verdict is {verdict}."

#: What each gate trips on: the one table the exit code, JUnit and GitHub annotations follow.
GATE_RULES: dict[Gate, GateRule] = {
    Gate.INVALID: GateRule(
        Subject.INPUT, frozenset({"invalid"}), "The input is invalid.", "The input is valid."
    ),
    Gate.STALLED: GateRule(
        Subject.VERDICT,
        frozenset({VerdictCode.IMPLEMENTATION_STALLED}),
        _VERDICT_REASON,
        _VERDICT_REASON,
    ),
    Gate.NO_OUTCOME: GateRule(
        Subject.VERDICT,
        frozenset({VerdictCode.IMPLEMENTATION_WITHOUT_OUTCOME}),
        _VERDICT_REASON,
        _VERDICT_REASON,
    ),
    Gate.NOT_REALIZED: GateRule(
        Subject.VERDICT,
        frozenset(VerdictCode) - {VerdictCode.VALUE_REALIZED},
        _VERDICT_REASON,
        _VERDICT_REASON,
    ),
    Gate.GUARDRAIL: GateRule(
        Subject.GUARDRAIL,
        frozenset({GuardrailStatus.BREACHED}),
        "Breached: {offenders}.",
        "No guardrail is breached.",
    ),
    Gate.COVERAGE: GateRule(
        Subject.COVERAGE,
        frozenset({"low"}),
        "Coverage is low.",
        "Coverage is sufficient.",
    ),
    Gate.OFF_TRACK: GateRule(
        Subject.KPI,
        frozenset(OFF_TRACK),
        "Off track: {offenders}.",
        "Every KPI with data is on track.",
    ),
    Gate.SUSPICIOUS: GateRule(
        Subject.VALUES,
        frozenset({"suspicious_value"}),
        "Values that look like typos: {offenders}.",
        "No value looks like a typo.",
    ),
    Gate.WORSENED: GateRule(
        Subject.CHANGE,
        frozenset({ChangeStatus.WORSENED}),
        "Worse than the report as of {since}: {offenders}",
        "Nothing got worse since the report as of {since}.",
    ),
}

#: Warning codes a gate on the values trips on: each such warning is a CI test case of its own.
GATED_WARNINGS: frozenset[str] = frozenset().union(
    *(rule.trips_on for rule in GATE_RULES.values() if rule.subject == Subject.VALUES)
)

#: Statuses of results that cannot be judged yet: their test case is skipped, with the
#: reason, unless a gate that was asked for trips on it.
NOT_YET_JUDGED: frozenset[str] = frozenset(
    {
        KpiStatus.NO_DATA,
        KpiStatus.EARLY,
        GuardrailStatus.NO_DATA,
        VerdictCode.TOO_EARLY,
        VerdictCode.INSUFFICIENT_DATA,
    }
)


class CaseOutcome(StrEnum):
    """How a CI system shows one result: a test case's outcome."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CaseJudgement:
    """One result (a KPI, a guardrail, the verdict) as a CI test case."""

    outcome: CaseOutcome
    gates: tuple[Gate, ...] = ()
    """The gates asked for that trip on it: it fails because of these."""
    would_fail_on: tuple[Gate, ...] = ()
    """Passing only because these gates, which would trip on it, were not asked for (an
    off-track KPI without ``--fail-on off-track``): worth a warning, not a failure. Never set
    for the verdict, which every verdict but ``value_realized`` would fail."""

    @property
    def noteworthy(self) -> bool:
        return bool(self.would_fail_on)


def judge_case(subject: Subject, status: str, asked: Iterable[Gate | str]) -> CaseJudgement:
    """How one result reads in CI, given the gates that were asked for.

    It fails when an asked gate trips on its status; otherwise it is skipped when it cannot
    be judged yet (its status is in :data:`NOT_YET_JUDGED`: no data, or ``early``, fewer
    periods since go-live than ``min_post_periods``), and it passes otherwise.
    """

    def trips(gate: Gate) -> bool:
        rule = GATE_RULES[gate]
        return rule.subject == subject and status in rule.trips_on

    tripping = tuple(gate for gate in dict.fromkeys(Gate(name) for name in asked) if trips(gate))
    if tripping:
        return CaseJudgement(CaseOutcome.FAILED, tripping)
    if status in NOT_YET_JUDGED:
        return CaseJudgement(CaseOutcome.SKIPPED)
    if subject in (Subject.VERDICT, Subject.COVERAGE):
        return CaseJudgement(CaseOutcome.PASSED)
    return CaseJudgement(CaseOutcome.PASSED, would_fail_on=tuple(g for g in GATE_RULES if trips(g)))


def coverage_status(report: Report) -> str:
    """``low`` when the coverage rule qualifies the verdict, else ``ok``: the status the
    ``coverage`` gate and its CI case judge."""
    return "low" if report.coverage is not None and report.coverage.low else "ok"
