"""The KPI presets per initiative type, read from ``data/templates/presets.yaml``.

Presets are data, not code, so that a value office can tune the starting KPIs of each type;
this module only gives them types. The file ships with valaudit and is checked by the tests
(every type renders into a thesis that validates), so a malformed preset is a bug, not a
user error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from valaudit.data import data_text, data_yaml

TEMPLATES = "templates"


def template_text(name: str) -> str:
    """A file of ``valaudit/data/templates`` as text."""
    return data_text(TEMPLATES, name)


@dataclass(frozen=True)
class MeasurePreset:
    """A KPI or guardrail of a preset."""

    fields: dict[str, Any]
    """The thesis keys and values, in the order they are written (id, name, stage, ...)."""
    example: tuple[float, ...]
    """One value per example period, for the workbook's example rows."""

    @property
    def id(self) -> str:
        return str(self.fields["id"])

    @property
    def name(self) -> str:
        return str(self.fields.get("name", self.id))


@dataclass(frozen=True)
class Preset:
    """Everything ``valaudit init --type`` fills in for one type of initiative."""

    type: str
    label: str
    """How the type is named in a sentence: "an AI assistant or copilot"."""
    name: str
    owner: str
    thesis: str
    one_off: float
    annual_run: float
    kpis: tuple[MeasurePreset, ...]
    guardrails: tuple[MeasurePreset, ...]
    benefits: tuple[dict[str, Any], ...]

    @property
    def measures(self) -> tuple[MeasurePreset, ...]:
        """KPIs then guardrails: every id the workbook must know."""
        return (*self.kpis, *self.guardrails)


@dataclass(frozen=True)
class TemplateDates:
    """The fixed placeholder dates every template shares (never today's date)."""

    go_live: dt.date
    example_periods: tuple[dt.date, ...]
    """Month starts before ``go_live``: example rows are baseline, never results."""
    stage_headings: dict[str, str]
    """The comment written above each stage's KPIs in the thesis."""


def _measure(entry: dict[str, Any]) -> MeasurePreset:
    fields = {key: value for key, value in entry.items() if key != "example"}
    return MeasurePreset(fields=fields, example=tuple(float(v) for v in entry["example"]))


@cache
def _loaded() -> dict[str, Any]:
    document: dict[str, Any] = data_yaml(TEMPLATES, "presets.yaml")
    return document


def template_dates() -> TemplateDates:
    defaults = _loaded()["defaults"]
    return TemplateDates(
        go_live=defaults["go_live"],
        example_periods=tuple(defaults["example_periods"]),
        stage_headings=dict(defaults["stage_headings"]),
    )


def preset_types() -> tuple[str, ...]:
    """The initiative types that have a preset, in file order."""
    return tuple(_loaded()["types"])


def preset(kind: str) -> Preset:
    """The preset of initiative type ``kind`` (one of :func:`preset_types`)."""
    entry = _loaded()["types"][kind]
    return Preset(
        type=kind,
        label=entry["label"],
        name=entry["name"],
        owner=entry["owner"],
        thesis=entry["thesis"],
        one_off=entry["one_off"],
        annual_run=entry["annual_run"],
        kpis=tuple(_measure(k) for k in entry["kpis"]),
        guardrails=tuple(_measure(g) for g in entry["guardrails"]),
        benefits=tuple(dict(b) for b in entry["benefits"]),
    )
