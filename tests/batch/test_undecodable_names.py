"""Folder names that are not UTF-8 (a Windows archive unpacked on Linux) in every output.

Linux gives Python such a name with surrogate escapes, which no UTF-8 output accepts. The
real command line runs in a process whose standard output is strict UTF-8 (as on a desktop
with a UTF-8 locale), so that a name printed unescaped would fail there too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.batch.conftest import copy_sample, write_broken
from tests.conftest import ROOT

SOCIETE = os.fsdecode(b"Soci\xe9t\xe9") if os.name != "nt" else ""
CAFE = os.fsdecode(b"Caf\xe9") if os.name != "nt" else ""
#: How each shows: the same in the terminal, every file and every message.
SOCIETE_SHOWN = "Soci\\xe9t\\xe9"
CAFE_SHOWN = "Caf\\xe9"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    try:
        copy_sample(root, "erp_finance_close", SOCIETE)
    except (OSError, UnicodeError):
        pytest.skip("this file system keeps only UTF-8 names")
    copy_sample(root, "invoice_automation", "plain")
    write_broken(root, CAFE)
    (root / f"{CAFE}-link").symlink_to(root.parent, target_is_directory=True)
    return root


def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "valaudit", "batch", *map(str, args)],
        capture_output=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.skipif(os.name == "nt", reason="file names are UTF-16 on Windows")
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "terminal"])
def test_every_output_shows_the_name_escaped(tree: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    targets = [out / f"portfolio{suffix}" for suffix in (".csv", ".json", ".md", ".txt", ".xlsx")]
    done = run(tree, "--format", fmt, "--out-dir", out, *[a for t in targets for a in ("-o", t)])
    assert done.returncode == 3, done.stderr.decode(errors="replace")
    shown = done.stdout.decode("utf-8")  # strictly UTF-8
    if fmt == "json":
        shown = " ".join(folder["path"] for folder in json.loads(shown)["folders"])
    if fmt == "markdown":
        shown = shown.replace("\\\\", "\\")  # Markdown escapes the backslash itself
    assert SOCIETE_SHOWN in shown and CAFE_SHOWN in shown
    err = done.stderr.decode("utf-8")
    assert f"valaudit: skipped {CAFE_SHOWN}-link: a link to a folder outside ROOT.\n" in err
    assert "internal error" not in err
    texts = {target.suffix: target.read_bytes().decode("utf-8") for target in targets[:4]}
    texts[".md"] = texts[".md"].replace("\\\\", "\\")
    for suffix in (".csv", ".md", ".txt"):
        assert SOCIETE_SHOWN in texts[suffix] and CAFE_SHOWN in texts[suffix]
    document = json.loads(texts[".json"])
    rows = {folder["path"]: folder for folder in document["folders"]}
    assert sorted(rows) == [CAFE_SHOWN, SOCIETE_SHOWN, "plain"]
    assert rows[SOCIETE_SHOWN]["status"] == "ok"
    assert rows[CAFE_SHOWN]["errors"][0].startswith(f"{CAFE_SHOWN}/valaudit.yaml, line 1")
    table = list(csv.DictReader(io.StringIO(texts[".csv"].removeprefix("\ufeff"))))
    assert [row["Folder"] for row in table] == [CAFE_SHOWN, SOCIETE_SHOWN, "plain"]
    book = openpyxl.load_workbook(targets[4], read_only=True)
    try:
        cells = {cell for row in book["Portfolio"].iter_rows(values_only=True) for cell in row}
    finally:
        book.close()  # a read-only workbook keeps its file open until closed
    assert SOCIETE_SHOWN in cells
    assert sorted(path.name for path in out.glob("*.json")) == [
        "Caf_.json",  # the invalid folder's errors, as its report
        "Soci_t_.json",
        "plain.json",
        "portfolio.json",
    ]
    assert CAFE_SHOWN in (out / "Caf_.json").read_bytes().decode("utf-8").replace("\\\\", "\\")


@pytest.mark.skipif(os.name == "nt", reason="file names are UTF-16 on Windows")
def test_the_same_tree_gives_the_same_bytes(tree: Path) -> None:
    first, second = run(tree, "--format", "json"), run(tree, "--format", "json")
    assert first.stdout == second.stdout
    assert b'"path": "Soci\\\\xe9t\\\\xe9"' in first.stdout  # JSON escapes the backslash
