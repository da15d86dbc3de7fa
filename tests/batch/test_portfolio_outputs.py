"""``valaudit batch`` writing the portfolio for people: -o portfolio.html, --sort,
--group-by, --client-level, and the new figures in every file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from tests.batch.test_command import batch


def test_html_links_each_folders_report_and_lists_the_failed(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "deliverable"
    out.mkdir()
    page_path = out / "portfolio.html"
    code, _, _ = batch(
        tree, "-j", "1", "-q", "--out-dir", out / "reports", "--report-format", "html",
        "-o", page_path, "--as-of", "2026-12-31",
    )  # fmt: skip
    assert code == 3  # one folder is invalid
    page = page_path.read_text(encoding="utf-8")
    assert '<a href="reports/clients__acme.html">clients/acme</a>' in page
    assert (out / "reports" / "clients__acme.html").is_file()
    assert '<a href="reports/clients__broken.html">its errors in full</a>' in page
    assert "Unknown key &#x27;tyep&#x27; in initiative." in page
    assert "stale data ×" in page  # audited six months and more past the last data


def test_sort_group_and_client_level_order_the_csv(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.csv"
    code, out, _ = batch(
        tree, "-j", "1", "--format", "text", "-o", target,
        "--sort", "verdict", "--group-by", "client", "--client-level", "2",
    )  # fmt: skip
    assert code == 3
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    # Clients at level 2: acme, broken, globex; zeta is its own client.
    assert [(row["Client"], row["Folder"]) for row in rows] == [
        ("acme", "clients/acme"),
        ("broken", "clients/broken"),
        ("globex", "clients/globex"),
        ("zeta", "zeta"),
    ]
    assert "acme (1)" in out and "zeta (1)" in out  # sections in the terminal table


def test_json_keeps_path_order_and_machine_names(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    batch(tree, "-j", "1", "-q", "--sort", "realization", "-o", target)
    document = json.loads(target.read_text(encoding="utf-8"))
    folders = document["folders"]
    assert [f["path"] for f in folders] == [
        "clients/acme",
        "clients/broken",
        "clients/globex",
        "zeta",
    ]
    acme = folders[0]
    assert acme["owner"] == "VP Customer Operations"
    assert acme["go_live"] == "2025-04-01"
    assert acme["cost_to_date"] > 0
    assert acme["payback"]["status"] == "not_at_current_rate"
    assert "workflow_redesign" in acme["weak_dimensions"]
    assert set(document["totals"]["benefit"]["USD"]) >= {"cost_to_date", "roi_to_date"}


def test_xlsx_from_the_command_line(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "p.xlsx"
    batch(tree, "-j", "1", "-q", "-o", target)
    book = load_workbook(target)
    assert book.sheetnames == ["Summary", "Portfolio"]
    assert book["Portfolio"]["B1"].value == "Folder"


def test_an_unknown_sort_or_group_is_a_usage_error(tree: Path) -> None:
    code, _, err = batch(tree, "--sort", "colour")
    assert code == 2 and "--sort" in err
    code, _, err = batch(tree, "--group-by", "region")
    assert code == 2 and "--group-by" in err
    code, _, err = batch(tree, "--client-level", "0")
    assert code == 2 and "--client-level" in err
