"""``valaudit init``: every type validates and audits as written; files are never clobbered."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
import yaml

from tests.onboarding.helpers import TYPES, add_rows, months, run, start
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.presets import preset, preset_types, template_dates
from valaudit.onboarding.scaffold import SCHEMA_FILE, THESIS_FILE, WORKBOOK_FILE
from valaudit.schemas import load_schema, schema_text


def test_presets_cover_exactly_the_initiative_types_of_the_format() -> None:
    schema_types = load_schema("thesis")["properties"]["initiative"]["properties"]["type"]["enum"]
    assert sorted(preset_types()) == sorted(schema_types) == sorted(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_a_new_folder_validates_cleanly_and_audits_to_insufficient_data(
    tmp_path: Path, kind: str
) -> None:
    folder = start(tmp_path / kind, kind)
    validation = run("validate", str(folder), "--format", "json")
    assert validation.exit_code == 0, validation.output
    document = json.loads(validation.stdout)
    assert document["valid"] is True
    assert document["errors"] == []
    assert document["warnings"] == []
    audit = run("audit", str(folder), "--format", "json")
    assert audit.exit_code == 0, audit.output
    report = json.loads(audit.stdout)
    assert report["verdict"]["code"] in ("insufficient_data", "too_early")
    assert report["initiative"]["type"] == kind
    assert report["scorecard"] is None  # not scored until the user answers


@pytest.mark.parametrize("kind", TYPES)
def test_every_stage_has_a_kpi_and_every_benefit_names_one(kind: str) -> None:
    thesis = yaml.safe_load(_rendered(kind))
    stages = {k["stage"] for k in thesis["kpis"]}
    assert stages == {"adoption", "productivity", "throughput", "customer", "financial"}
    assert thesis["guardrails"]
    ids = {k["id"] for k in thesis["kpis"]}
    assert thesis["benefits"]
    assert all(b["kpi"] in ids for b in thesis["benefits"])
    for kpi in thesis["kpis"]:
        assert kpi["direction"] in ("up", "down")
        assert ("target" in kpi) != ("target_change" in kpi), kpi["id"]
    assert thesis["operating_model"] == {}


def test_the_files_written_and_the_schema_line(tmp_path: Path) -> None:
    folder = start(tmp_path / "client")
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".valaudit/thesis.schema.json",
        "data/kpis.xlsx",
        "valaudit.yaml",
    ]
    first_line = (folder / THESIS_FILE).read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first_line)
    assert match, first_line
    schema_path = folder / match.group(1)  # resolved next to the thesis, as editors do
    assert schema_path == folder / SCHEMA_FILE
    assert schema_path.read_text(encoding="utf-8") == schema_text("thesis")
    assert run("schema", "thesis").stdout == schema_path.read_text(encoding="utf-8")


def test_every_key_of_the_format_is_explained_in_the_thesis() -> None:
    text = _rendered("other")
    keys = _schema_keys(load_schema("thesis"))
    assert len(keys) > 40
    missing = sorted(k for k in keys if not re.search(rf"(?<![\w]){re.escape(k)}(?![\w])", text))
    assert missing == []
    for dimension in OPERATING_MODEL_DIMENSIONS:
        assert re.search(rf"^#\s+{dimension}\s+\S", text, re.MULTILINE), dimension


def test_the_template_does_not_depend_on_the_day_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = start(tmp_path / "one", "erp")
    later = time.mktime((2031, 7, 15, 13, 45, 0, 0, 0, -1))  # zip entries and "now" move on
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda seconds=None: time.gmtime(later))
    two = start(tmp_path / "two", "erp")
    for relative in (THESIS_FILE, WORKBOOK_FILE, SCHEMA_FILE):
        assert (one / relative).read_bytes() == (two / relative).read_bytes(), relative


def test_example_rows_are_baseline_only(tmp_path: Path) -> None:
    dates = template_dates()
    assert all(period < dates.go_live for period in dates.example_periods)
    thesis = yaml.safe_load(_rendered("ai"))
    assert thesis["initiative"]["go_live"] == dates.go_live


def test_refuses_to_overwrite_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text("# my own thesis\n", encoding="utf-8")
    result = run("init", str(folder), "--type", "crm")
    assert result.exit_code == 2
    assert "already has valaudit.yaml" in result.stderr
    assert "--force" in result.stderr
    assert result.stdout == ""
    assert (folder / "valaudit.yaml").read_text(encoding="utf-8") == "# my own thesis\n"
    assert not (folder / "data").exists()
    assert not (folder / ".valaudit").exists()


def test_refuses_when_only_the_workbook_exists(tmp_path: Path) -> None:
    folder = start(tmp_path / "client")
    (folder / THESIS_FILE).unlink()
    (folder / SCHEMA_FILE).unlink()
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert "data/kpis.xlsx" in result.stderr
    assert not (folder / THESIS_FILE).exists()


def test_force_overwrites_and_says_so(tmp_path: Path) -> None:
    folder = start(tmp_path / "client", "ai")
    (folder / THESIS_FILE).write_text("valaudit: 1\n", encoding="utf-8")
    result = run("init", str(folder), "--type", "training", "--force")
    assert result.exit_code == 0, result.output
    assert "Replaced:" in result.stdout
    assert "type: training" in (folder / THESIS_FILE).read_text(encoding="utf-8")
    assert run("validate", str(folder)).exit_code == 0


def test_a_file_in_the_way_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "client"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("init", str(blocker))
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr


def test_the_closing_message_lists_the_files_and_the_next_commands(tmp_path: Path) -> None:
    folder = tmp_path / "Client A"
    result = run("init", str(folder), "--type", "process")
    assert result.exit_code == 0
    assert "a process improvement or automation" in result.stdout
    for relative in (THESIS_FILE, WORKBOOK_FILE, SCHEMA_FILE):
        assert str(folder / relative) in result.stdout
    assert f"valaudit validate '{folder}'" in result.stdout  # quoted: the name has a space


def test_a_thesis_under_the_other_name_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "valaudit.yml").write_text("valaudit: 1\n", encoding="utf-8")
    result = run("init", str(folder), "--force")
    assert result.exit_code == 2
    assert "already has a thesis, valaudit.yml" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["valaudit.yml"]


def test_unknown_type_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--type", "blockchain")
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_uncommented_implementation_block_is_valid(tmp_path: Path) -> None:
    folder = start(tmp_path / "client")
    text = (folder / THESIS_FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    start_at = lines.index("# implementation:")
    for index in range(start_at, start_at + 5):
        assert lines[index].startswith("# ")
        lines[index] = lines[index][2:]
    (folder / THESIS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("audit", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    implementation = next(s for s in report["chain"]["stages"] if s["stage"] == "implementation")
    assert implementation["status"] == "flat"  # milestones not delivered yet


def test_uncommented_comparison_block_is_valid_once_segments_exist(tmp_path: Path) -> None:
    folder = start(tmp_path / "client")
    text = (folder / THESIS_FILE).read_text(encoding="utf-8")
    for line in ("comparison:", "  treated: [North, South]", "  control: [West]"):
        assert f"# {line}\n" in text
        text = text.replace(f"# {line}\n", f"{line}\n")
    (folder / THESIS_FILE).write_text(text, encoding="utf-8")
    missing = run("validate", str(folder), "--format", "json")
    assert missing.exit_code == 3  # the segments are not in the data yet
    assert {e["code"] for e in json.loads(missing.stdout)["errors"]} == {
        "comparison_segment_missing"
    }
    from openpyxl import load_workbook

    book = load_workbook(folder / WORKBOOK_FILE)
    sheet = book["KPIs"]
    examples = [[c.value for c in row[:3]] for row in sheet.iter_rows(min_row=2)]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=4, value="North")
    for segment in ("South", "West"):
        for values in examples:
            sheet.append([*values, segment])
    book.save(folder / WORKBOOK_FILE)
    result = run("validate", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stdout


def test_entering_real_data_moves_the_verdict_on(tmp_path: Path) -> None:
    """The new user's path: set go-live, replace the examples, audit."""
    folder = start(tmp_path / "client", "ai")
    thesis = folder / THESIS_FILE
    thesis.write_text(
        thesis.read_text(encoding="utf-8").replace("go_live: 2026-01-01", "go_live: 2025-01-01"),
        encoding="utf-8",
    )
    from openpyxl import load_workbook

    book = load_workbook(folder / WORKBOOK_FILE)
    sheet = book["KPIs"]
    sheet.delete_rows(2, sheet.max_row)
    book.save(folder / WORKBOOK_FILE)
    before = months(dt.date(2024, 7, 1), 6)
    after = months(dt.date(2025, 1, 1), 2)
    levels = {
        "active_users_pct": (0.0, 70.0),
        "handle_time_min": (14.0, 11.0),
        "cases_per_fte": (310.0, 330.0),
        "csat": (4.1, 4.2),
        "cost_per_case": (9.2, 8.9),
        "reopened_pct": (6.0, 6.1),
    }
    rows = []
    for kpi, (pre, post) in levels.items():
        rows += [(m, kpi, pre + 0.01 * i) for i, m in enumerate(before)]
        rows += [(m, kpi, post + 0.01 * i) for i, m in enumerate(after)]
    add_rows(folder / WORKBOOK_FILE, rows)
    assert run("validate", str(folder)).exit_code == 0
    report = json.loads(run("audit", str(folder), "--format", "json").stdout)
    assert report["verdict"]["code"] not in ("insufficient_data",)
    assert report["as_of"] == "2025-02-28"


def _rendered(kind: str) -> str:
    from valaudit.onboarding.thesis_template import render_thesis

    return render_thesis(kind)


def _schema_keys(node: dict[str, object]) -> set[str]:
    keys: set[str] = set()
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, child in properties.items():
            keys.add(name)
            keys |= _schema_keys(child)
    items = node.get("items")
    if isinstance(items, dict):
        keys |= _schema_keys(items)
    return keys


def test_preset_names_are_what_the_workbook_lists() -> None:
    chosen = preset("crm")
    assert [m.id for m in chosen.measures][-1] == chosen.guardrails[0].id
