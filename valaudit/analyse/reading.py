"""What changes how a verdict should be read, a sentence each, for the line under the headline.

A reader who stops after the headline must not walk away with a wrong picture: low coverage,
movement that is held back as not attributable, KPIs too early to judge, revenue counted as if
it were profit and warnings that bear on the figures are summarised here, in this order, and
every format shows them right under the headline (the warnings themselves stay at the end).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from valaudit.analyse.attribution import moved_unattributed, why_not_attributed
from valaudit.errors import Problem
from valaudit.model.codes import Credit, KpiStatus
from valaudit.model.report import Coverage, KpiResult, Money

#: Warnings that bear on the verdict or the money, and how the summary names them. (KPIs
#: without data are summarised by the coverage line.)
MATERIAL_WARNINGS: dict[str, tuple[str, str]] = {
    "stale_data": ("stale data", "stale data"),
    "placebo_effect": ("a placebo effect", "placebo effects"),
    "target_wrong_way": ("a target that points the wrong way", "targets that point the wrong way"),
    "comparison_segment_missing": ("a missing comparison segment", "missing comparison segments"),
    "one_off_is_actual": ("a one-off cost that may count the overrun twice", "one-off costs"),
    "as_of_before_go_live": ("an as-of date before go-live", "as-of dates before go-live"),
}
#: KPIs named in one sentence before the rest are counted.
MAX_NAMED = 3


def _listed(names: Sequence[str]) -> str:
    shown = list(names[:MAX_NAMED])
    rest = len(names) - len(shown)
    text = ", ".join(shown)
    return text + (f" and {rest} more" if rest else "")


def _attribution(kpis: Sequence[KpiResult], credit: Credit) -> list[str]:
    moved = [k for k in kpis if moved_unattributed(k)]
    if not moved:
        return []
    reasons = "; ".join(f"{k.name} {why_not_attributed(k)}" for k in moved[:MAX_NAMED])
    if len(moved) > MAX_NAMED:
        reasons += f"; and {len(moved) - MAX_NAMED} more"
    if credit == Credit.OBSERVED:
        return [
            "The verdict and the money credit observed progress (settings.credit: observed), "
            f"including movement the evidence does not attribute to the initiative: {reasons}."
        ]
    return [f"Not credited to the initiative, as its movement is not attributable: {reasons}."]


def reading_caveats(
    kpis: Sequence[KpiResult],
    coverage: Coverage,
    money: Money,
    warnings: Sequence[Problem],
    min_post_periods: int,
) -> tuple[str, ...]:
    lines: list[str] = []
    if coverage.low:
        lines.append(coverage.reason)
    early = [k.id for k in kpis if k.status == KpiStatus.EARLY]
    if early:
        lines.append(
            f"{len(early)} KPI(s) have fewer than {min_post_periods} periods since go-live and "
            f"are not judged yet: {_listed(early)}."
        )
    lines += _attribution(kpis, money.credit)
    full = [b.name for b in money.benefits if b.counted_at_full_value]
    if full:
        lines.append(
            f"Revenue is counted at full value, as if it were all profit (no margin in the "
            f"thesis): {_listed(full)}."
        )
    counts = Counter(w.code for w in warnings if w.code in MATERIAL_WARNINGS)
    if counts:
        parts = [
            f"{MATERIAL_WARNINGS[code][0]}" if n == 1 else f"{MATERIAL_WARNINGS[code][1]} ({n})"
            for code, n in sorted(
                counts.items(), key=lambda item: list(MATERIAL_WARNINGS).index(item[0])
            )
        ]
        lines.append("See the warnings below: " + "; ".join(parts) + ".")
    return tuple(lines)
