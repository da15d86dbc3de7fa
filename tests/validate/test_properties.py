"""Property tests for thesis validation and whole-folder validation.

A valid thesis is mutated the ways hand edits break one (keys dropped, values of the wrong
type, unknown keys, text spliced in) and validated with a real data file next to it. Nothing
raises; every problem names its file; a problem in the thesis names its line (or key path)
unless it is about the file as a whole; a valid result goes on to a report without error.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.load.tables import assert_located
from valaudit.analyse.audit import run_audit
from valaudit.validate.folder import validate_folder

#: Problems about a thesis file as a whole, which have no line to point at.
FILE_LEVEL = frozenset(
    {
        "thesis_empty",
        "file_too_large",
        "file_not_found",
        "file_unreadable",
        "encoding",
        "yaml_syntax",
        "yaml_too_complex",
    }
)

VALID: dict[str, Any] = {
    "valaudit": 1,
    "initiative": {
        "name": "Copilot",
        "type": "ai",
        "go_live": "2025-01-01",
        "review_date": "2025-12-31",
    },
    "currency": "EUR",
    "investment": {"one_off": 100000, "annual_run": 20000, "discount_rate": 0.08},
    "implementation": {
        "milestones": [{"name": "Pilot", "planned": "2024-11-01", "actual": "2024-11-20"}],
        "budget": {"planned": 100000, "actual": 120000},
    },
    "data": [{"path": "kpis.csv", "columns": {"segment": "team"}}],
    "kpis": [
        {"id": "adoption_pct", "stage": "adoption", "direction": "up", "baseline": 0, "target": 80},
        {"id": "aht_min", "stage": "productivity", "direction": "down", "target_change": "-20%"},
        {"id": "revenue_k", "stage": "financial", "direction": "up", "target": 150},
    ],
    "guardrails": [{"id": "attrition_pct", "direction": "down", "tolerance": "10%"}],
    "benefits": [{"name": "Revenue", "annual": 50000, "kpi": "revenue_k"}],
    "comparison": {"treated": ["north"], "control": ["south"]},
    "operating_model": {"workflow_redesign": 2, "decision_rights": 4},
    "settings": {"baseline_periods": 3},
}


def _csv() -> str:
    lines = ["period,kpi,value,team"]
    for year, month in [(y, m) for y in (2024, 2025) for m in range(1, 13)]:
        post = year == 2025
        for team in ("north", "south"):
            lift = 1 if post and team == "north" else 0
            lines += [
                f"{year}-{month:02d},adoption_pct,{60 * lift + month},{team}",
                f"{year}-{month:02d},aht_min,{12 - 2 * lift + month % 3},{team}",
                f"{year}-{month:02d},revenue_k,{100 + 20 * lift + month},{team}",
                f"{year}-{month:02d},attrition_pct,{5 + month % 2},{team}",
            ]
    return "\n".join(lines) + "\n"


CSV = _csv()
junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        [
            "2025-02-30",
            "-25%",
            "1e400",
            "up",
            "../../etc/passwd",
            "/etc/hostname",
            "kpis.xlsx",
            "\x1b[31mred",
            "[bold]x[/]",
            "2025Q1",
            "9" * 30,
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated_theses(draw: st.DrawFn) -> dict[str, Any]:
    thesis = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(thesis)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = thesis
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "add key"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(junk_values)
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["taget", "extra", "name", "id", "kpi"]))] = draw(
                junk_values
            )
    return thesis


def _validate(text: str | bytes) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        target = root / "valaudit.yaml"
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        (root / "kpis.csv").write_text(CSV, encoding="utf-8")
        result = validate_folder(str(root))
        report = run_audit(result) if result.valid else None
    return result, report


def _assert_thesis_problems_located(result: Any) -> None:
    assert_located(result.problems)
    for problem in result.problems:
        if problem.file.endswith("valaudit.yaml") and problem.code not in FILE_LEVEL:
            assert problem.line is not None or problem.path is not None, problem


def test_the_unmutated_thesis_is_valid_and_audits() -> None:
    result, report = _validate(yaml.safe_dump(VALID, sort_keys=False))
    assert result.valid, [(p.code, p.message) for p in result.errors]
    assert report is not None


@given(thesis=mutated_theses())
def test_mutated_theses_never_raise_and_are_located(thesis: dict[str, Any]) -> None:
    result, _report = _validate(yaml.safe_dump(thesis, sort_keys=False, allow_unicode=True))
    _assert_thesis_problems_located(result)


_SPLICES = st.sampled_from(
    [
        "\t",
        ":",
        "- ",
        "[",
        "{",
        '"',
        "&a ",
        "*a",
        "<<: *a",
        "!!python/name:os.system",
        "\n  ",
        "---\n",
        "~",
        "1e400",
        "2025-13-01",
        "\x00",
        "\ufeff",
        "kpis: []\n",
        "data: x\n",
    ]
)


@given(
    cuts=st.lists(st.tuples(st.floats(0, 1), _SPLICES), min_size=1, max_size=4),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_spliced_thesis_texts_never_raise_and_are_located(
    cuts: list[tuple[float, str]], encoding: str
) -> None:
    text = yaml.safe_dump(VALID, sort_keys=False)
    for where, piece in cuts:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    result, _report = _validate(text.encode(encoding, errors="replace"))
    _assert_thesis_problems_located(result)
