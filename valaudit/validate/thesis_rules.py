"""Building the typed thesis, and the references between its parts.

A document that passed the schema is built (:class:`ThesisBuilder`) and then checked by the
cross-field rules it inherits (:mod:`valaudit.validate.thesis_checks`); one that did not still
has the references between its parts checked (:func:`reference_problems`), so that one run
lists every problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from valaudit.errors import Problem, ProblemLog
from valaudit.load.data_sources import number_format
from valaudit.load.yaml_reader import KeyPath, YamlDocument, format_path
from valaudit.model.thesis import (
    Benefit,
    Budget,
    Comparison,
    DataSource,
    GuardrailSpec,
    Implementation,
    Initiative,
    Investment,
    KpiSpec,
    Milestone,
    Settings,
    Thesis,
)
from valaudit.validate.suggest import did_you_mean
from valaudit.validate.thesis_checks import ThesisChecks, parse_change


def source_lines(document: YamlDocument, index: int, entry: dict[str, Any]) -> dict[str, int]:
    """The line of each key of ``data[index]``, for hints that name the line to edit."""
    return {str(key): document.line_of(("data", index, key)) for key in entry}


def parse_share(value: Any) -> float | None:
    """``"35%"`` or ``0.35`` -> 0.35 (schema-checked input); None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return float(value.strip().rstrip("%").strip()) / 100.0
    return float(value)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


class ThesisBuilder(ThesisChecks):
    """Turns a schema-valid document into a Thesis; :meth:`check` then applies the
    cross-field rules."""

    def build(self) -> Thesis:
        d = self.data
        ini = d["initiative"]
        initiative = Initiative(
            name=ini["name"],
            type=ini.get("type", "other"),
            owner=ini.get("owner"),
            go_live=dt.date.fromisoformat(ini["go_live"]),
            review_date=_date(ini.get("review_date")),
        )
        inv = d.get("investment") or {}
        investment = Investment(
            one_off=float(inv.get("one_off", 0) or 0),
            annual_run=float(inv.get("annual_run", 0) or 0),
            discount_rate=inv.get("discount_rate"),
        )
        implementation = None
        if "implementation" in d and d["implementation"] is not None:
            imp = d["implementation"]
            budget = imp.get("budget")
            implementation = Implementation(
                milestones=tuple(
                    Milestone(
                        m["name"], dt.date.fromisoformat(m["planned"]), _date(m.get("actual"))
                    )
                    for m in imp.get("milestones") or []
                ),
                budget=Budget(float(budget["planned"]), budget.get("actual")) if budget else None,
            )
        shared_format = number_format(d.get("number_format"))
        sources = tuple(
            DataSource(
                index=i,
                path=src["path"],
                sheet=src.get("sheet"),
                layout=src.get("layout", "long"),
                columns=dict(src.get("columns") or {}),
                line=self.doc.line_of(("data", i)),
                number_format=number_format(src.get("number_format")) or shared_format,
                lines=source_lines(self.doc, i, src),
            )
            for i, src in enumerate(d["data"])
        )
        kpis = tuple(self._kpi(i, k) for i, k in enumerate(d["kpis"]))
        guardrails = tuple(
            GuardrailSpec(
                id=g["id"],
                name=g.get("name", g["id"]),
                direction=g["direction"],
                aggregate=g.get("aggregate", "mean"),
                unit=g.get("unit"),
                owner=g.get("owner"),
                notes=g.get("notes"),
                line=self.doc.line_of(("guardrails", i)),
                tolerance=parse_change(g["tolerance"]) if "tolerance" in g else None,
            )
            for i, g in enumerate(d.get("guardrails") or [])
        )
        benefits = tuple(
            Benefit(
                name=b["name"],
                annual=float(b["annual"]),
                kpi=b["kpi"],
                type=b.get("type", "cashable"),
                owner=b.get("owner"),
                notes=b.get("notes"),
                line=self.doc.line_of(("benefits", i)),
                margin=parse_share(b.get("margin")),
            )
            for i, b in enumerate(d.get("benefits") or [])
        )
        comparison = None
        if d.get("comparison"):
            comparison = Comparison(
                treated=tuple(d["comparison"]["treated"]),
                control=tuple(d["comparison"]["control"]),
                lines={
                    f"{group}[{i}]": self.doc.line_of(("comparison", group, i))
                    for group in ("treated", "control")
                    for i in range(len(d["comparison"][group]))
                },
                method=d["comparison"].get("method", "difference"),
            )
        settings = Settings(**(d.get("settings") or {}))
        thesis = Thesis(
            file=self.file,
            folder=self.folder,
            initiative=initiative,
            currency=d.get("currency", "USD"),
            investment=investment,
            thesis_text=d.get("thesis"),
            implementation=implementation,
            data=sources,
            kpis=kpis,
            guardrails=guardrails,
            benefits=benefits,
            comparison=comparison,
            operating_model=dict(d["operating_model"]) if d.get("operating_model") else None,
            settings=settings,
        )
        self.check(thesis)
        return thesis

    def _kpi(self, index: int, k: dict[str, Any]) -> KpiSpec:
        return KpiSpec(
            id=k["id"],
            name=k.get("name", k["id"]),
            direction=k["direction"],
            aggregate=k.get("aggregate", "mean"),
            unit=k.get("unit"),
            owner=k.get("owner"),
            notes=k.get("notes"),
            line=self.doc.line_of(("kpis", index)),
            stage=k["stage"],
            baseline=k.get("baseline"),
            target=k.get("target"),
            target_change=parse_change(k["target_change"]) if "target_change" in k else None,
            by=_date(k.get("by")),
        )


def reference_problems(document: YamlDocument, file: str, log: ProblemLog) -> None:
    """Duplicate ids and benefits naming unknown KPIs, checked on a thesis that failed its
    schema, so that one run lists these too instead of revealing them after the fix."""
    data = document.data
    ids: dict[str, KeyPath] = {}
    for group in ("kpis", "guardrails"):
        items = data.get(group)
        for i, item in enumerate(items if isinstance(items, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in ids:
                log.add(
                    Problem(
                        code="duplicate_id",
                        message=f"The id '{ident}' is used twice (first at "
                        f"{format_path(ids[ident])}, line {document.line_of(ids[ident])}).",
                        file=file,
                        line=document.line_of((group, i, "id")),
                        path=format_path((group, i, "id")),
                        hint="Ids must be unique across kpis and guardrails: rename one of them.",
                    )
                )
            else:
                ids[ident] = (group, i, "id")
    benefits = data.get("benefits")
    for i, benefit in enumerate(benefits if isinstance(benefits, list) else []):
        kpi = benefit.get("kpi") if isinstance(benefit, dict) else None
        if isinstance(kpi, str) and ids and kpi not in ids:
            log.add(
                Problem(
                    code="unknown_reference",
                    message=f"Benefit '{benefit.get('name', i)}' refers to KPI '{kpi}', which the "
                    "thesis does not define.",
                    file=file,
                    line=document.line_of(("benefits", i, "kpi")),
                    path=format_path(("benefits", i, "kpi")),
                    hint=did_you_mean(kpi, list(ids), noun="KPI ids"),
                )
            )
