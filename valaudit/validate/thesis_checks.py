"""The rules of a thesis that its schema cannot say: ids, dates, targets, benefits, costs,
comparison, data sources and number formats, checked on the built thesis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valaudit.errors import Problem, ProblemLog
from valaudit.load.yaml_reader import KeyPath, YamlDocument, format_path
from valaudit.model.thesis import (
    Change,
    Thesis,
)
from valaudit.validate.suggest import did_you_mean

SUPPORTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
LONG_COLUMNS = ("period", "kpi", "value", "segment")


def parse_change(value: Any) -> Change:
    """``"-25%"`` -> relative -0.25; ``-5`` -> absolute -5 (schema-checked input)."""
    if isinstance(value, str):
        number = float(value.strip().rstrip("%").strip())
        return Change(relative=True, amount=number / 100.0, text=value.strip())
    return Change(relative=False, amount=float(value), text=str(value))


class ThesisChecks:
    """The cross-field rules of a schema-valid thesis, each problem placed at its YAML line.

    The builder (:class:`~valaudit.validate.thesis_rules.ThesisBuilder`) extends it: building
    and checking read the same document and report through the same log.
    """

    def __init__(self, document: YamlDocument, file: str, folder: Path, log: ProblemLog) -> None:
        self.doc = document
        self.data: dict[str, Any] = document.data
        self.file = file
        self.folder = folder
        self.log = log

    def problem(
        self,
        code: str,
        message: str,
        path: KeyPath,
        hint: str | None = None,
        *,
        severity: str = "error",
    ) -> None:
        self.log.add(
            Problem(
                code=code,
                message=message,
                file=self.file,
                severity="warning" if severity == "warning" else "error",
                line=self.doc.line_of(path),
                path=format_path(path),
                hint=hint,
            )
        )

    def check(self, thesis: Thesis) -> None:
        self._check_ids(thesis)
        self._check_dates(thesis)
        self._check_targets()
        self._check_benefits(thesis)
        self._check_one_off(thesis)
        self._check_comparison(thesis)
        self._check_sources(thesis)
        self._check_number_formats()

    def _check_ids(self, thesis: Thesis) -> None:
        first: dict[str, KeyPath] = {}
        for group in ("kpis", "guardrails"):
            for i, item in enumerate(self.data.get(group) or []):
                path: KeyPath = (group, i, "id")
                ident = item["id"]
                if ident in first:
                    self.problem(
                        "duplicate_id",
                        f"The id '{ident}' is used twice (first at {format_path(first[ident])}, "
                        f"line {self.doc.line_of(first[ident])}).",
                        path,
                        "Ids must be unique across kpis and guardrails: rename one of them.",
                    )
                else:
                    first[ident] = path

    def _check_dates(self, thesis: Thesis) -> None:
        ini = thesis.initiative
        if ini.review_date is not None and ini.review_date <= ini.go_live:
            self.problem(
                "dates_out_of_order",
                f"review_date {ini.review_date} is not after go_live {ini.go_live}.",
                ("initiative", "review_date"),
                "The review looks back on a period after go-live: set a later review_date.",
            )
        for i, kpi in enumerate(thesis.kpis):
            if kpi.by is not None and kpi.by <= ini.go_live:
                self.problem(
                    "by_before_go_live",
                    f"KPI '{kpi.id}' must reach its target by {kpi.by}, which is not after "
                    f"go_live {ini.go_live}.",
                    ("kpis", i, "by"),
                    "Give a 'by' date after go-live, or leave it out to use the review date.",
                )

    def _check_targets(self) -> None:
        for i, item in enumerate(self.data["kpis"]):
            has_target, has_change = "target" in item, "target_change" in item
            if has_target and has_change:
                self.problem(
                    "target_given_twice",
                    f"KPI '{item['id']}' gives both target ({item['target']}) and target_change "
                    f"({item['target_change']}).",
                    ("kpis", i, "target_change"),
                    "Keep one: 'target' for a level to reach, or 'target_change' for a change.",
                )
            elif not has_target and not has_change:
                self.problem(
                    "target_missing",
                    f"KPI '{item['id']}' has no target.",
                    ("kpis", i),
                    "Add 'target: <level to reach>' or 'target_change: \"-25%\"' (or a number).",
                )
            elif has_change:
                change = parse_change(item["target_change"])
                good = change.amount > 0 if item["direction"] == "up" else change.amount < 0
                if change.amount == 0:
                    self.problem(
                        "invalid_value",
                        f"KPI '{item['id']}' has a target_change of zero: there is nothing "
                        "to reach.",
                        ("kpis", i, "target_change"),
                        'Give the change the KPI should make, e.g. "-20%" or 5 (in its unit).',
                    )
                elif not good:
                    self.problem(
                        "target_wrong_way",
                        f"KPI '{item['id']}' is better when it goes {item['direction']}, but "
                        f"target_change {change.text} moves it the other way.",
                        ("kpis", i, "target_change"),
                        "Check the sign of target_change or the KPI's direction.",
                    )
            if has_target and "baseline" in item:
                up = item["direction"] == "up"
                if (
                    (item["target"] <= item["baseline"])
                    if up
                    else (item["target"] >= item["baseline"])
                ):
                    self.problem(
                        "target_wrong_way",
                        f"KPI '{item['id']}' is better when it goes {item['direction']}, but its "
                        f"target {item['target']} is not beyond its baseline {item['baseline']}.",
                        ("kpis", i, "target"),
                        "Check the target, the baseline or the KPI's direction.",
                    )

    def _check_benefits(self, thesis: Thesis) -> None:
        for i, benefit in enumerate(thesis.benefits):
            if benefit.kpi not in thesis.measures:
                self.problem(
                    "unknown_reference",
                    f"Benefit '{benefit.name}' refers to KPI '{benefit.kpi}', which the thesis "
                    "does not define.",
                    ("benefits", i, "kpi"),
                    did_you_mean(benefit.kpi, [k.id for k in thesis.kpis], noun="KPI ids"),
                )
            if benefit.margin is not None and benefit.type != "revenue":
                self.problem(
                    "margin_not_revenue",
                    f"Benefit '{benefit.name}' is {benefit.type.replace('_', ' ')}, but gives a "
                    "margin: a margin applies to revenue only.",
                    ("benefits", i, "margin"),
                    "Remove the margin, or set 'type: revenue' if the line is revenue.",
                )

    def _check_one_off(self, thesis: Thesis) -> None:
        """``one_off`` is the planned cost: the overrun is added from the budget. A one-off equal
        to the actual spend (when that differs from the plan) most likely counts it twice."""
        budget = thesis.implementation.budget if thesis.implementation is not None else None
        one_off = thesis.investment.one_off
        if budget is None or budget.actual is None or budget.actual == budget.planned:
            return
        if one_off == budget.actual:
            consequence = (
                "valaudit adds the overrun (actual − planned) to the cost itself, so it would be "
                "counted twice."
                if budget.actual > budget.planned
                else "one_off is the planned one-off cost; valaudit reads the actual spend from "
                "the budget."
            )
            self.problem(
                "one_off_is_actual",
                f"investment.one_off ({one_off:,.0f}) equals implementation.budget.actual, not "
                f"budget.planned ({budget.planned:,.0f}). {consequence}",
                ("investment", "one_off"),
                f"Write the planned one-off cost in one_off (here {budget.planned:,.0f}); the "
                "overrun comes from implementation.budget.",
                severity="warning",
            )

    def _check_comparison(self, thesis: Thesis) -> None:
        if thesis.comparison is None:
            return
        both = sorted(set(thesis.comparison.treated) & set(thesis.comparison.control))
        if both:
            self.problem(
                "comparison_overlap",
                f"Segment(s) {', '.join(repr(s) for s in both)} are listed as both treated and "
                "control.",
                ("comparison", "control"),
                "A segment either got the initiative or did not: list it once.",
            )
        if thesis.comparison.method == "synthetic" and len(set(thesis.comparison.control)) < 2:
            self.problem(
                "synthetic_needs_controls",
                "A synthetic control weighs several control segments, but only "
                f"{len(set(thesis.comparison.control))} is listed.",
                ("comparison", "method"),
                "List two or more control segments, or use method: difference.",
            )

    def _check_number_formats(self) -> None:
        blocks: list[tuple[KeyPath, Any]] = [(("number_format",), self.data.get("number_format"))]
        blocks += [
            (("data", i, "number_format"), entry.get("number_format"))
            for i, entry in enumerate(self.data["data"])
        ]
        for path, block in blocks:
            if isinstance(block, dict) and block.get("thousands") == block.get("decimal"):
                self.problem(
                    "invalid_value",
                    f"number_format uses {block['decimal']!r} both as the decimal and as the "
                    "thousands separator.",
                    (*path, "thousands"),
                    'Give the other separator as thousands (decimal: ",", thousands: "."), or '
                    "leave thousands out.",
                )

    def _check_sources(self, thesis: Thesis) -> None:
        seen: dict[tuple[str, str | None], int] = {}
        ids = list(thesis.measures)
        for source in thesis.data:
            base: KeyPath = ("data", source.index)
            suffix = Path(source.path).suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                hint = (
                    "Open it in Excel and save it as .xlsx."
                    if suffix in (".xls", ".ods", ".numbers")
                    else "Use a .csv or .xlsx file."
                )
                self.problem(
                    "unsupported_file",
                    f"The data file '{source.path}' is not a CSV or XLSX file.",
                    (*base, "path"),
                    hint,
                )
            if source.sheet is not None and suffix in (".csv", ".txt", ".tsv"):
                self.problem(
                    "sheet_ignored",
                    f"'sheet: {source.sheet}' is ignored for the CSV file '{source.path}'.",
                    (*base, "sheet"),
                    "Delete the sheet: line: a CSV file has no sheets.",
                    severity="warning",
                )
            key = (source.path, source.sheet)
            if key in seen:
                self.problem(
                    "duplicate_source",
                    f"The table '{source.path}'"
                    + (f" (sheet '{source.sheet}')" if source.sheet else "")
                    + f" is listed twice (also data[{seen[key]}]).",
                    (*base, "path"),
                    "List each table once.",
                )
            seen[key] = source.index
            allowed = list(LONG_COLUMNS) if source.layout == "long" else ["period", "segment", *ids]
            for name in source.columns:
                if name not in allowed:
                    what = (
                        "a canonical column (period, kpi, value, segment)"
                        if source.layout == "long"
                        else "period, segment or a KPI/guardrail id"
                    )
                    self.problem(
                        "unknown_key",
                        f"columns maps '{name}', which is not {what}.",
                        (*base, "columns", name),
                        did_you_mean(name, allowed),
                    )
            headers: dict[str, str] = {}
            for name, header in source.columns.items():
                folded = header.strip().casefold()
                if folded in headers:
                    self.problem(
                        "duplicate_mapping",
                        f"columns maps both '{headers[folded]}' and '{name}' to the header "
                        f"'{header}'.",
                        (*base, "columns", name),
                        "Map each name to its own column of the table.",
                    )
                headers[folded] = name
