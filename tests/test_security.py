"""Hostile and broken inputs: bounded resources, inert text, paths that stay in the folder.

See docs/security.md for what these tests hold valaudit to. Cases that would hang or kill
the process if they regressed (a named pipe, /dev/zero, a cell in XFD1048576) run in a
subprocess with a timeout, so that a regression fails the test instead of the test run.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import BASE_THESIS, ROOT, FolderFactory, long_csv, monthly
from tests.load.tables import assert_located
from valaudit import limits
from valaudit.analyse.audit import run_audit
from valaudit.cli import app
from valaudit.model.validation import FolderValidation
from valaudit.render.options import RenderOptions
from valaudit.render.terminal import render_report
from valaudit.render.validation_text import render_validation
from valaudit.validate.folder import validate_folder

runner = CliRunner()


def thesis_with(**changes: Any) -> dict[str, Any]:
    thesis = yaml.safe_load(yaml.safe_dump(BASE_THESIS))
    thesis.update(changes)
    return thesis


def codes(result: FolderValidation) -> list[str]:
    return [p.code for p in result.errors]


def rows(count: int = 12, kpi: str = "adoption_pct") -> list[tuple[str, str, float | str]]:
    return [(period, kpi, float(i)) for i, period in enumerate(monthly("2024-07", count))]


def cli(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m valaudit`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "valaudit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


# --- YAML ---------------------------------------------------------------------------------

BILLION_LAUGHS = "\n".join(
    ["valaudit: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def test_billion_laughs_returns_quickly_with_yaml_too_complex(make_folder: FolderFactory) -> None:
    started = time.perf_counter()
    result = validate_folder(str(make_folder(BILLION_LAUGHS)))
    assert time.perf_counter() - started < 5
    assert codes(result) == ["yaml_too_complex"]
    assert result.errors[0].line is not None


@pytest.mark.parametrize(
    "text",
    [
        "valaudit: 1\nkpis: " + "[" * 5000 + "]" * 5000,
        "valaudit: 1\nkpis: " + "{a: " * 5000 + "1" + "}" * 5000,
        "valaudit: 1\n" + "".join(" " * i + f"k{i}:\n" for i in range(300)),
    ],
    ids=["flow lists", "flow maps", "block maps"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(
    make_folder: FolderFactory, text: str
) -> None:
    result = validate_folder(str(make_folder(text)))
    assert codes(result) == ["yaml_too_complex"]
    assert result.errors[0].line == 2 or result.errors[0].line > 2


def test_thesis_over_the_size_limit_is_not_parsed(make_folder: FolderFactory) -> None:
    text = "valaudit: 1\n" + "# padding\n" * (limits.MAX_THESIS_BYTES // 10 + 1)
    result = validate_folder(str(make_folder(text)))
    assert codes(result) == ["file_too_large"]
    assert f"{limits.MAX_THESIS_BYTES:,}" in result.errors[0].message


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1" + "0" * 400, "too large"),
        ("-1.0e+300", "too large"),
        (".inf", "not a finite number"),
        (".nan", "not a finite number"),
        ("9" * 5000, "cannot be read"),
        ("2025-02-30", "is not a real date"),
        ("!!python/object/apply:os.system ['echo pwned']", "not allowed"),
    ],
)
def test_thesis_values_that_cannot_be_numbers_are_located_errors(
    make_folder: FolderFactory, value: str, why: str
) -> None:
    text = yaml.safe_dump(BASE_THESIS, sort_keys=False).replace("target: 80", f"target: {value}")
    result = validate_folder(str(make_folder(text, {"data.csv": long_csv(rows())})))
    bad = [p for p in result.errors if p.code == "yaml_bad_value"]
    assert bad and why in bad[0].message, [(p.code, p.message) for p in result.errors]
    assert (
        bad[0].line
        == text.splitlines().index(next(line for line in text.splitlines() if value[:10] in line))
        + 1
    )


# --- CSV ----------------------------------------------------------------------------------


def test_a_megabyte_cell_near_the_header_is_a_located_error(make_folder: FolderFactory) -> None:
    csv = "period,kpi,value\n2024-07,adoption_pct," + '"' + "9" * 2_000_000 + '"\n'
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert [(p.code, p.row) for p in result.errors] == [("cell_too_large", 2)]


def test_megabyte_cells_among_the_data_are_bounded_errors(make_folder: FolderFactory) -> None:
    body = long_csv(rows(40))
    csv = body + f"2028-01,{'k' * 1_000_000},1\n2028-02,adoption_pct,{'9' * 1_000_000}\n"
    started = time.perf_counter()
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert time.perf_counter() - started < 10
    assert [(p.code, p.row, p.column) for p in result.errors] == [
        ("cell_too_large", 42, "kpi"),
        ("bad_number", 43, "value"),
    ]
    assert all(len(p.message) < 500 for p in result.problems)


def test_a_line_of_a_million_cells_is_read_quickly(make_folder: FolderFactory) -> None:
    csv = "period,kpi,value\n2024-07,adoption_pct,1," + "x," * 1_000_000 + "\n"
    started = time.perf_counter()
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert time.perf_counter() - started < 10
    assert [(p.code, p.row) for p in result.errors] == [("extra_cells", 2)]
    assert result.observations is not None and len(result.observations.frame) == 1


def test_first_row_longer_than_the_header_does_not_shift_columns(
    make_folder: FolderFactory,
) -> None:
    """pandas would use the first cells as an index and read 'adoption_pct' as the period."""
    csv = "period,kpi,value\n2024-07,adoption_pct,5,\n2024-08,adoption_pct,6,\n"
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert result.errors == []
    assert result.observations is not None
    assert list(result.observations.frame["value"]) == [5.0, 6.0]


def test_a_header_wider_than_excel_is_refused(make_folder: FolderFactory) -> None:
    csv = "period," + ",".join(f"c{i}" for i in range(20_000)) + "\n2024-07" + ",1" * 20_000
    thesis = thesis_with(data=[{"path": "data.csv", "layout": "wide"}])
    result = validate_folder(str(make_folder(thesis, {"data.csv": csv})))
    assert [(p.code, p.row) for p in result.errors] == [("too_many_columns", 1)]


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_nan_inf_and_huge_values_are_errors_at_their_cells(
    make_folder: FolderFactory, layout: str
) -> None:
    junk = ["nan", "inf", "-inf", "NaN", "Infinity", "1e308", "-1e19", "1e400"]
    good = rows(12)
    if layout == "long":
        csv = long_csv(
            good
            + [
                (p, "adoption_pct", j)
                for p, j in zip(monthly("2026-01", len(junk)), junk, strict=True)
            ]
        )
    else:
        csv = (
            "period,adoption_pct\n"
            + "".join(f"{p},{v}\n" for p, _, v in good)
            + "".join(
                f"{p},{j}\n" for p, j in zip(monthly("2026-01", len(junk)), junk, strict=True)
            )
        )
    thesis = thesis_with(data=[{"path": "data.csv", "layout": layout}])
    result = validate_folder(str(make_folder(thesis, {"data.csv": csv})))
    column = "value" if layout == "long" else "adoption_pct"
    assert [(p.code, p.row, p.column) for p in result.errors] == [
        ("bad_number", 14 + i, column) for i in range(len(junk))
    ]
    assert result.observations is not None and len(result.observations.frame) == 12


def test_very_many_kpi_ids_give_one_clear_error_quickly(make_folder: FolderFactory) -> None:
    count = limits.MAX_DATA_KPIS + 1
    csv = "period,kpi,value\n" + "".join(f"2024-07,k{i},1\n" for i in range(count))
    started = time.perf_counter()
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert time.perf_counter() - started < 10
    assert codes(result) == ["too_many_kpis"]
    assert result.errors[0].file.endswith("data.csv")


def test_many_unknown_kpi_ids_below_the_limit_are_warned_in_linear_time(
    make_folder: FolderFactory,
) -> None:
    csv = long_csv(rows()) + "".join(f"2024-07,k{i},1\n" for i in range(5000))
    started = time.perf_counter()
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert time.perf_counter() - started < 10
    assert result.errors == []
    assert sum(p.code == "unknown_kpi" for p in result.warnings) == 51  # 50 + a summary


@pytest.mark.parametrize(
    "period", ["0000-01", "9999-12-31", "0001/01/2024", "FY0000", "1799-12", "2201"]
)
def test_periods_outside_1800_to_2200_are_errors_not_crashes(
    make_folder: FolderFactory, period: str
) -> None:
    csv = long_csv([*rows(), (period, "adoption_pct", 1.0)])
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert [(p.code, p.row) for p in result.errors] == [("bad_period", 14)]


@pytest.mark.parametrize(
    "segments",
    [("007", "7", "INF", "1e5"), ("007", "010"), ("TRUE", "FALSE"), ("007", "team a")],
    ids=["floats", "integers", "booleans", "mixed"],
)
def test_label_columns_keep_their_text(
    make_folder: FolderFactory, segments: tuple[str, ...]
) -> None:
    """Segments 007 and 7 are different teams; INF is a segment, not infinity, TRUE not a bool."""
    csv = "period,kpi,value,segment\n" + "".join(
        f"2024-{m:02d},adoption_pct,{m},{seg}\n" for m in range(7, 13) for seg in segments
    )
    result = validate_folder(str(make_folder(None, {"data.csv": csv})))
    assert result.errors == []
    assert result.observations is not None
    assert set(result.observations.frame["segment"].astype(str)) == set(segments)


def test_truncated_utf16_is_read_not_a_crash(make_folder: FolderFactory) -> None:
    data = long_csv(rows()).encode("utf-16")[:-1]
    result = validate_folder(str(make_folder(None, {"data.csv": data})))
    assert_located(result.problems)
    assert result.observations is not None and len(result.observations.frame) == 11


# --- XLSX ---------------------------------------------------------------------------------


def workbook_bytes(extra_sheet_xml: bytes | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["period", "kpi", "value"])
    for period, kpi, value in rows():
        sheet.append([period, kpi, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuild(workbook: bytes, part: str, write: Any) -> bytes:
    """The workbook with ``part`` rewritten by ``write(zip_entry_stream, old_bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            if name == part:
                with archive.open(name, "w", force_zip64=True) as stream:
                    write(stream, source.read(name))
            else:
                archive.writestr(name, source.read(name))
    return out.getvalue()


def xlsx_thesis() -> dict[str, Any]:
    return thesis_with(data=[{"path": "data.xlsx"}])


def test_zip_bomb_is_refused_before_it_is_unpacked(make_folder: FolderFactory) -> None:
    """A sheet padded with 200 MB of zeros: ~200 KB on disk, refused by its ratio."""
    zeros = b"0" * (1024 * 1024)

    def bomb(stream: Any, sheet: bytes) -> None:
        head, tail = sheet.split(b"<sheetData>", 1)
        stream.write(head + b"<!--")
        for _ in range(200):
            stream.write(zeros)
        stream.write(b"--><sheetData>" + tail)

    data = rebuild(workbook_bytes(), "xl/worksheets/sheet1.xml", bomb)
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": data})))
    assert time.perf_counter() - started < 5
    assert codes(result) == ["file_too_large"]
    assert "times its packed size" in result.errors[0].message


def test_part_over_the_size_limit_is_refused(
    make_folder: FolderFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_PART_BYTES", 1024)
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": workbook_bytes()})))
    assert codes(result) == ["file_too_large"]


def test_part_that_lies_about_its_size_is_a_damaged_workbook(make_folder: FolderFactory) -> None:
    def padded(stream: Any, sheet: bytes) -> None:
        stream.write(sheet.replace(b"<sheetData>", b"<!--" + b"0" * 5_000_000 + b"--><sheetData>"))

    data = bytearray(rebuild(workbook_bytes(), "xl/worksheets/sheet1.xml", padded))
    name = b"xl/worksheets/sheet1.xml"
    # Declare 4 KB where 5 MB follow, in the local header and the central directory.
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = (4096).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": bytes(data)})))
    assert_located(result.problems)
    assert codes(result) in (["not_a_table"], ["file_too_large"])


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "XFD1048576"),
        # Rows beyond Excel's last: a one-letter column is no proof of a small range.
        (b'<row r="1000000000"><c r="A1000000000"><v>1</v></c></row>', "C1000000000"),
        (b'<row r="2000000"><c r="Z2000000"><v>1</v></c></row>', "Z2000000"),
        # XML allows single quotes around attributes; calamine reads them.
        (b"<row r='2000000'><c r='Z2000000'><v>1</v></c></row>", "Z2000000"),
    ],
    ids=["last-cell", "row-1e9", "column-z", "single-quotes"],
)
def test_a_value_far_away_is_refused_not_allocated(tmp_path: Path, cell: bytes, shown: str) -> None:
    """One value in XFD1048576 of a 5 KB file would make calamine allocate 17 billion cells
    and abort the process; it is refused from the sheet's cell references first."""

    def far(stream: Any, sheet: bytes) -> None:
        stream.write(sheet.replace(b"</sheetData>", cell + b"</sheetData>"))

    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text(yaml.safe_dump(xlsx_thesis()), encoding="utf-8")
    (folder / "data.xlsx").write_bytes(rebuild(workbook_bytes(), "xl/worksheets/sheet1.xml", far))
    done = cli("validate", "--format", "json", str(folder), timeout=60)
    assert done.returncode == 3, done.stderr
    errors = json.loads(done.stdout)["errors"]
    assert [(e["code"], e["sheet"]) for e in errors] == [("sheet_too_large", "KPIs")]
    assert shown in errors[0]["message"]


def test_a_zip_feature_python_lacks_is_a_damaged_workbook(make_folder: FolderFactory) -> None:
    """A member that declares "version needed to extract: 6.4" (found by Hypothesis)."""
    data = bytearray(workbook_bytes())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (64).to_bytes(2, "little")
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": bytes(data)})))
    assert codes(result) == ["not_a_table"]
    assert_located(result.problems)


@pytest.mark.parametrize("allow_outside", [False, True])
def test_a_data_path_no_file_can_have_is_an_error_at_its_line(
    make_folder: FolderFactory, allow_outside: bool
) -> None:
    folder = make_folder(
        thesis_with(data=[{"path": "a\x00b.csv"}, {"path": "loop.csv"}]), {"data.csv": ""}
    )
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    result = validate_folder(str(folder), allow_outside=allow_outside)
    unreadable = [(p.code, p.line) for p in result.errors if p.path and p.path.startswith("data")]
    assert [code for code, _ in unreadable] == ["file_unreadable", "file_unreadable"]
    assert all(line is not None for _, line in unreadable)


def test_styled_empty_cells_far_away_do_not_count(make_folder: FolderFactory) -> None:
    def styled(stream: Any, sheet: bytes) -> None:
        stream.write(
            sheet.replace(
                b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
            )
        )

    data = rebuild(workbook_bytes(), "xl/worksheets/sheet1.xml", styled)
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": data})))
    assert result.errors == []


def test_huge_numbers_in_excel_cells_are_errors(make_folder: FolderFactory) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["period", "kpi", "value"])
    sheet.append(["2024-07", "adoption_pct", 1e308])
    sheet.append(["2024-08", "adoption_pct", -1e300])
    sheet.append(["2024-09", "adoption_pct", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = validate_folder(str(make_folder(xlsx_thesis(), {"data.xlsx": buffer.getvalue()})))
    assert [(p.code, p.row) for p in result.errors] == [("bad_number", 2), ("bad_number", 3)]


# --- Files that are not files -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("which", ["data.csv", "data.xlsx", "valaudit.yaml"])
def test_named_pipes_are_refused_not_waited_on(tmp_path: Path, which: str) -> None:
    folder = tmp_path / "audit"
    folder.mkdir()
    thesis = thesis_with(data=[{"path": which if which != "valaudit.yaml" else "data.csv"}])
    if which != "valaudit.yaml":
        (folder / "valaudit.yaml").write_text(yaml.safe_dump(thesis), encoding="utf-8")
    os.mkfifo(folder / which)
    done = cli("validate", "--format", "json", str(folder), timeout=60)
    assert done.returncode == 3, done.stderr
    errors = json.loads(done.stdout)["errors"]
    assert errors[0]["code"] == "file_unreadable"
    assert "not a regular file" in errors[0]["message"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_named_with_allow_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "zero.csv").symlink_to("/dev/zero")  # endless: reading it would never stop
    thesis = thesis_with(data=[{"path": "zero.csv"}])
    (folder / "valaudit.yaml").write_text(yaml.safe_dump(thesis), encoding="utf-8")
    done = cli("validate", "--allow-outside", "--format", "json", str(folder), timeout=60)
    assert done.returncode == 3, done.stderr
    assert json.loads(done.stdout)["errors"][0]["code"] == "file_unreadable"


# --- Paths --------------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A KPI file next to (not inside) the audit folder."""
    path = tmp_path / "secret.csv"
    path.write_text(long_csv(rows()), encoding="utf-8")
    return path


def path_thesis(path: str) -> dict[str, Any]:
    return thesis_with(data=[{"path": path}])


@pytest.mark.parametrize("how", ["parent", "absolute", "deep parent"])
def test_paths_outside_the_folder_are_refused(
    make_folder: FolderFactory, outside: Path, how: str
) -> None:
    path = {
        "parent": "../secret.csv",
        "absolute": str(outside),
        "deep parent": "data/../../secret.csv",
    }[how]
    folder = make_folder(path_thesis(path))
    (folder / "data").mkdir()
    result = validate_folder(str(folder))
    (error,) = result.errors
    assert error.code == "path_outside_folder"
    assert error.file.endswith("valaudit.yaml") and error.line is not None
    assert error.path == "data[0].path"
    assert validate_folder(str(folder), allow_outside=True).errors == []


def test_a_symlink_pointing_outside_is_refused(make_folder: FolderFactory, outside: Path) -> None:
    folder = make_folder(path_thesis("data.csv"))
    (folder / "data.csv").symlink_to(outside)
    assert codes(validate_folder(str(folder))) == ["path_outside_folder"]
    assert validate_folder(str(folder), allow_outside=True).errors == []


def test_a_symlinked_folder_pointing_outside_is_refused(
    make_folder: FolderFactory, outside: Path
) -> None:
    folder = make_folder(path_thesis("data/secret.csv"))
    (folder / "data").symlink_to(outside.parent)
    assert codes(validate_folder(str(folder))) == ["path_outside_folder"]


def test_symlinks_and_dots_that_stay_inside_are_fine(make_folder: FolderFactory) -> None:
    folder = make_folder(path_thesis("real/../link.csv"), {"real/data.csv": long_csv(rows())})
    (folder / "link.csv").symlink_to(folder / "real" / "data.csv")
    assert validate_folder(str(folder)).errors == []


def test_allow_outside_on_the_command_line(make_folder: FolderFactory, outside: Path) -> None:
    folder = make_folder(path_thesis("../secret.csv"))
    refused = runner.invoke(app, ["validate", "--format", "json", str(folder)])
    assert refused.exit_code == 3
    assert json.loads(refused.stdout)["errors"][0]["code"] == "path_outside_folder"
    allowed = runner.invoke(app, ["validate", "--allow-outside", "--format", "json", str(folder)])
    assert allowed.exit_code == 0, allowed.stdout


# --- Injection ----------------------------------------------------------------------------

#: Payloads a client file may hold: rich markup, an ANSI colour, an OSC window-title change,
#: a one-byte CSI and a right-to-left override.
MARKUP = "[red]MARKUP[/red]"
SGR = "\x1b[38;5;99mSGR"
OSC = "\x1b]0;pwned\x07"
CSI = "\x9b31mCSI"
RLO = "\u202eRLO"
PAYLOAD = f"{MARKUP}{SGR}{OSC}{CSI}{RLO}"
RAW = ("\x1b[38;5;99m", "\x1b]0;", "\x07", "\x9b", "\u202e")
SHOWN = ("\\x1b[38;5;99mSGR", "\\x1b]0;pwned\\x07", "\\x9b31mCSI", "\\u202eRLO", MARKUP)
ESCAPED = "".join(SHOWN[-1:] + SHOWN[:-1])
#: Where each user string shows up in a report, and in a validation.
IN_REPORT = (
    "Init ",
    "Milestone ",
    "KPI ",
    "Revenue ",
    "Guard ",
    "Benefit ",
    "has KPI '",
    "The column '",
)
IN_VALIDATION = ("has KPI '", "The column '", "column '", "kpis")


def hostile_folder(factory: FolderFactory, *, valid: bool) -> Path:
    """A folder with the payload in every user string a report or a validation shows."""
    thesis = thesis_with(
        initiative={
            "name": "Init " + PAYLOAD,
            "type": "ai",
            "go_live": "2025-01-01",
            "owner": PAYLOAD,
        },
        implementation={
            "milestones": [
                {"name": "Milestone " + PAYLOAD, "planned": "2024-12-01", "actual": "2024-12-05"}
            ]
        },
        kpis=[
            {
                "id": "adoption_pct",
                "name": "KPI " + PAYLOAD,
                "stage": "adoption",
                "direction": "up",
                "target": 80,
                "notes": PAYLOAD,
            },
            {
                "id": "revenue",
                "name": "Revenue " + PAYLOAD,
                "stage": "financial",
                "direction": "up",
                "target": 200,
            },
        ],
        guardrails=[{"id": "attrition", "name": "Guard " + PAYLOAD, "direction": "down"}],
        benefits=[{"name": "Benefit " + PAYLOAD, "annual": 1000, "kpi": "revenue"}],
        data=[
            {"path": f"kpis{PAYLOAD}.csv", "columns": {"segment": "Team " + PAYLOAD}},
            {"path": "wide.csv", "layout": "wide"},
        ],
    )
    lines = [f"period,kpi,value,Team {PAYLOAD}"]
    for i, period in enumerate(monthly("2024-07", 12)):
        lines += [
            f"{period},adoption_pct,{10 * i},North {PAYLOAD}",
            f"{period},revenue,{100 + i},North {PAYLOAD}",
            f"{period},attrition,{5 + i % 2},North {PAYLOAD}",
        ]
    lines.append(f"2025-07,{PAYLOAD.replace(',', '')},1,North")  # an unknown id: a warning
    if not valid:
        lines.append(f"2025-08,adoption_pct,{PAYLOAD},North")  # a bad number: an error
    wide = f"period,{PAYLOAD}\n2024-07,1\n"  # an unknown column: a warning
    files = {f"kpis{PAYLOAD}.csv": "\n".join(lines) + "\n", "wide.csv": wide}
    return factory(thesis, files, name="valid" if valid else "invalid")


def assert_inert(output: str, places: tuple[str, ...] = ()) -> None:
    for raw in RAW:
        assert raw not in output, repr(raw)
    for shown in SHOWN:
        assert shown in output, shown
    for place in places:
        assert place + ESCAPED in output, place


@pytest.mark.parametrize(("command", "valid", "code"), [("validate", False, 3), ("audit", True, 0)])
def test_github_annotations_carry_no_escape_sequences(
    make_folder: FolderFactory, command: str, valid: bool, code: int
) -> None:
    """CI logs render ANSI and OSC sequences too: annotations show them as text."""
    folder = hostile_folder(make_folder, valid=valid)
    done = runner.invoke(app, [command, "--format", "github", str(folder)])
    assert done.exit_code == code, done.stdout
    for raw in RAW:
        assert raw not in done.stdout, repr(raw)
    assert "\\x1b]0;pwned\\x07" in done.stdout


@pytest.mark.parametrize("fmt", ["text", "terminal"])
def test_validate_output_shows_user_strings_literally(make_folder: FolderFactory, fmt: str) -> None:
    folder = hostile_folder(make_folder, valid=False)
    done = runner.invoke(app, ["validate", "--format", fmt, str(folder)], env={"COLUMNS": "400"})
    assert done.exit_code == 3
    assert_inert(done.stdout, IN_VALIDATION)
    assert f"'{ESCAPED}' is not a number" in done.stdout


@pytest.mark.parametrize("fmt", ["text", "terminal"])
def test_audit_output_shows_user_strings_literally(make_folder: FolderFactory, fmt: str) -> None:
    folder = hostile_folder(make_folder, valid=True)
    done = runner.invoke(app, ["audit", "--format", fmt, str(folder)], env={"COLUMNS": "400"})
    assert done.exit_code == 0, done.stdout
    assert_inert(done.stdout, IN_REPORT)


def test_audit_of_invalid_folder_shows_errors_literally(make_folder: FolderFactory) -> None:
    folder = hostile_folder(make_folder, valid=False)
    done = runner.invoke(
        app, ["audit", "--format", "terminal", str(folder)], env={"COLUMNS": "400"}
    )
    assert done.exit_code == 3
    assert_inert(done.stdout, IN_VALIDATION)


def test_coloured_terminal_rendering_keeps_user_strings_inert(make_folder: FolderFactory) -> None:
    """With colour on, rich writes its own escape codes, and only those."""
    options = RenderOptions(color=True, width=400, terminal=True)
    invalid = validate_folder(str(hostile_folder(make_folder, valid=False)))
    assert_inert(render_validation([invalid], options))  # styled: places are split by codes
    valid = validate_folder(str(hostile_folder(make_folder, valid=True)))
    assert valid.valid, [(p.code, p.message) for p in valid.errors]
    output = render_report(run_audit(valid), options)
    assert_inert(output)
    assert "\x1b[" in output  # the colours rich added are still there


def test_a_crash_message_quoting_user_text_is_inert(tmp_path: Path) -> None:
    script = tmp_path / "crash.py"
    script.write_text(
        "import sys\n"
        "import valaudit.validate.folder as folder\n"
        "def boom(*args, **kwargs):\n"
        f"    raise KeyError({PAYLOAD!r})\n"
        "folder.validate_folder = boom\n"
        "from valaudit.cli import main\n"
        "sys.argv = ['valaudit', 'validate', 'x']\n"
        "main()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 70
    for raw in RAW:
        assert raw not in done.stderr


def test_data_file_names_with_escapes_are_shown_literally(make_folder: FolderFactory) -> None:
    folder = make_folder(path_thesis(f"missing{OSC}.csv"))
    done = runner.invoke(app, ["validate", "--format", "text", str(folder)])
    assert done.exit_code == 3
    assert "\x1b]0;" not in done.stdout and "missing\\x1b]0;pwned\\x07.csv" in done.stdout


def test_every_limit_is_documented() -> None:
    """docs/security.md names every limit in valaudit/limits.py."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    names = [name for name in vars(limits) if name.isupper()]
    assert names
    for name in names:
        assert f"`{name}`" in text, f"{name} is missing from docs/security.md"


@pytest.mark.parametrize(("key", "value"), [("id", "adoption_pct\n"), ("currency", "USD\n")])
def test_a_trailing_newline_does_not_pass_an_anchored_pattern(
    make_folder: FolderFactory, key: str, value: str
) -> None:
    """Python's ``$`` matches before a final newline; JSON Schema's does not."""
    thesis = thesis_with()
    if key == "id":
        thesis["kpis"][0]["id"] = value
    else:
        thesis["currency"] = value
    result = validate_folder(str(make_folder(thesis, {"data.csv": long_csv(rows())})))
    assert [p.code for p in result.errors] == ["invalid_value"]
    assert result.errors[0].line is not None


def test_a_history_from_the_1800s_is_audited(make_folder: FolderFactory) -> None:
    """Long historical series reach back before 1900: yearly 1850-1889, go-live in 1870."""
    thesis = {
        **BASE_THESIS,
        "initiative": {"name": "Canal", "type": "other", "go_live": "1870-01-01"},
        "kpis": [{"id": "tonnage", "stage": "throughput", "direction": "up", "target": 200}],
    }
    rows = [(str(1850 + i), "tonnage", 100 + (i % 3) + (30 if i >= 20 else 0)) for i in range(40)]
    result = validate_folder(str(make_folder(thesis, {"data.csv": long_csv(rows)})))
    assert result.errors == []
    report = run_audit(result)
    effect = report.kpis[0].effect
    assert (effect.n_pre, effect.n_post, effect.moved) == (20, 20, "good")
    assert report.kpis[0].series[0].period == "1850"
