"""The commented thesis ``valaudit init`` writes: the skeleton filled with a type's preset.

``data/templates/thesis.yaml.tmpl`` holds every key of the format with its plain-English
comment; ``{{name}}`` marks a value filled in here, and a line that is only ``{{kpis}}`` (or
``guardrails``, ``benefits``, ``thesis``) a block. The result depends on the type alone, never
on today's date, so the same command always writes the same bytes.
"""

from __future__ import annotations

import re

from valaudit.model.thesis import KPI_STAGES
from valaudit.onboarding.presets import (
    MeasurePreset,
    Preset,
    TemplateDates,
    preset,
    template_dates,
    template_text,
)
from valaudit.onboarding.yaml_text import folded, list_item, scalar, with_comment

SKELETON = "thesis.yaml.tmpl"

_BLOCK = re.compile(r"^\{\{(\w+)\}\}$")
_INLINE = re.compile(r"\{\{(\w+)\}\}")
#: ``  key: {{value}}   # comment``: the comment is realigned once the value is filled in.
_KEY_VALUE_COMMENT = re.compile(r"^(\s*[\w]+: \{\{\w+\}\})\s+# (.*)$")


def render_thesis(kind: str) -> str:
    """The full text of ``valaudit.yaml`` for initiative type ``kind``."""
    chosen = preset(kind)
    dates = template_dates()
    inline = {
        "type": chosen.type,
        "label": chosen.label,
        "name": scalar(chosen.name),
        "owner": scalar(chosen.owner),
        "go_live": dates.go_live.isoformat(),
        "one_off": scalar(chosen.one_off),
        "annual_run": scalar(chosen.annual_run),
    }
    blocks = {
        "thesis": folded(chosen.thesis, indent=2),
        "kpis": _kpi_lines(chosen, dates),
        "guardrails": _measure_lines(chosen.guardrails),
        "benefits": [line for b in chosen.benefits for line in list_item(b, indent=2)],
    }
    return fill(template_text(SKELETON), inline, blocks)


def fill(skeleton: str, inline: dict[str, str], blocks: dict[str, list[str]]) -> str:
    """Replace the skeleton's placeholders; an unknown or unfilled one is a bug."""
    out: list[str] = []
    for line in skeleton.splitlines():
        block = _BLOCK.match(line)
        if block:
            out.extend(blocks[block.group(1)])
            continue
        aligned = _KEY_VALUE_COMMENT.match(line)
        if aligned:
            code = _INLINE.sub(lambda m: inline[m.group(1)], aligned.group(1))
            out.append(with_comment(code, aligned.group(2)))
            continue
        out.append(_INLINE.sub(lambda m: inline[m.group(1)], line))
    return "\n".join(out) + "\n"


def _kpi_lines(chosen: Preset, dates: TemplateDates) -> list[str]:
    lines: list[str] = []
    for stage in KPI_STAGES:
        kpis = [k for k in chosen.kpis if k.fields["stage"] == stage]
        if not kpis:
            continue
        if lines:
            lines.append("")
        lines.append(f"  # {dates.stage_headings[stage]}")
        lines.extend(_measure_lines(tuple(kpis)))
    return lines


def _measure_lines(measures: tuple[MeasurePreset, ...]) -> list[str]:
    return [line for m in measures for line in list_item(m.fields, indent=2)]
