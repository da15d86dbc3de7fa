"""``valaudit batch --compare``: each folder against the earlier portfolio, and the summary."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.batch.conftest import copy_sample, write_broken
from tests.conftest import ROOT
from valaudit.batch.render.table import CHANGE_COLUMNS, COLUMNS
from valaudit.cli import app
from valaudit.errors import CompareError
from valaudit.load.previous_portfolio import read_previous_portfolio
from valaudit.model.codes import Credit

runner = CliRunner()
SAMPLES = ROOT / "sample_data"
OLD_PORTFOLIO = (
    ROOT / "tests" / "data" / "fixtures" / "previous_release" / "portfolio_2025-12-31.json"
)


def batch(*args: str | Path) -> Any:
    return runner.invoke(app, ["batch", *map(str, args), "--jobs", "1"], catch_exceptions=False)


def _document(*args: str | Path) -> dict[str, Any]:
    result = batch(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_the_samples_against_the_previous_release_portfolio() -> None:
    document = _document(SAMPLES, "--compare", OLD_PORTFOLIO)
    changes = {f["path"]: f["change"] for f in document["folders"]}
    crm = changes["crm_sales_emea"]
    assert crm["status"] == "worsened" and crm["basis"] == "observed"
    assert crm["previous_verdict"] == "value_realized"
    assert crm["worsened"] == ["The verdict went from value realized to partially realized."]
    # Like with like: the old realized figure (observed) against this run's observed figure.
    # The ERP sample's DSO table has had a year-end rhythm since that release: more observed.
    erp = changes["erp_finance_close"]
    assert erp["realization_before"] == pytest.approx(0.4745912859)
    assert erp["realization_after"] == pytest.approx(0.6269722383)
    assert erp["realization_change"] == pytest.approx(0.152380952) and erp["status"] == "improved"
    assert changes["invoice_automation"]["status"] == "unchanged"
    summary = document["changes"]
    assert summary["previous"] == {
        "file": "portfolio_2025-12-31.json", "valaudit_version": "0.1.0", "credit": False,
    }  # fmt: skip
    # contact_centre_teams is a sample that release did not have.
    assert summary["folders"] == {
        "new": 1, "worsened": 1, "improved": 2, "changed": 1, "unchanged": 1,
    }  # fmt: skip
    assert changes["contact_centre_teams"]["status"] == "new"
    assert summary["benefit"]["USD"]["attributable_annual_benefit"][0] is None
    assert summary["benefit"]["USD"]["observed_annual_benefit"] == [
        pytest.approx(5813.953488), pytest.approx(33510.6383),
    ]  # fmt: skip
    assert "changes" not in _document(SAMPLES)


def test_new_gone_replaced_and_unauditable_folders(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    for root in (before, after):
        copy_sample(root, "erp_finance_close", "a/erp")
    copy_sample(before, "invoice_automation", "gone")
    copy_sample(before, "support_copilot", "same_path")
    copy_sample(after, "crm_sales_emea", "same_path")
    copy_sample(before, "manager_training", "broken_now")
    write_broken(after, "broken_now")
    copy_sample(after, "support_copilot", "new")
    earlier = tmp_path / "earlier.json"
    assert batch(before, "-o", earlier, "-q").exit_code == 0
    result = batch(after, "--compare", earlier, "--format", "json")
    assert result.exit_code == 3  # an invalid folder: exit 3, with the comparison all the same
    document = json.loads(result.stdout)
    statuses = {f["path"]: f["change"]["status"] for f in document["folders"]}
    assert statuses == {
        "a/erp": "unchanged", "broken_now": "not_audited", "new": "new", "same_path": "replaced",
    }  # fmt: skip
    assert document["changes"]["gone"] == ["gone"]
    assert document["changes"]["new"] == ["new"]
    erp = next(f for f in document["folders"] if f["path"] == "a/erp")["change"]
    assert erp["basis"] == Credit.ATTRIBUTABLE


def test_worsened_trips_per_folder_and_needs_compare(tmp_path: Path) -> None:
    tripped = batch(SAMPLES, "--compare", OLD_PORTFOLIO, "--fail-on", "worsened", "-q")
    assert tripped.exit_code == 1
    assert tripped.stderr == (
        "valaudit: crm_sales_emea: gate 'worsened' tripped: Worse than the report as of "
        "2025-12-31: The verdict went from value realized to partially realized.\n"
    )
    refused = batch(SAMPLES, "--fail-on", "worsened")
    assert refused.exit_code == 2
    assert "'worsened' compares with an earlier report: add --compare FILE" in refused.stderr


def test_a_report_where_a_portfolio_is_wanted_is_exit_2(tmp_path: Path) -> None:
    report = tmp_path / "one.json"
    assert runner.invoke(app, ["audit", str(SAMPLES / "support_copilot"), "-o", str(report),
                               "-q"]).exit_code == 0  # fmt: skip
    result = batch(SAMPLES, "--compare", report)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"valaudit: {report} is the report of one audit, not a batch portfolio: compare it with "
        f"valaudit audit DIR --compare {report}."
    )


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"portfolio_version": "1", "folders": {}}, "at folders, expected a list"),
        ({"portfolio_version": "1", "folders": [3]}, "at folders[0], expected an object"),
        (
            {"portfolio_version": "1", "folders": [{"path": "a"}]},
            "'path' and 'status' are required",
        ),
        (
            {
                "portfolio_version": "1",
                "folders": [{"path": "a", "status": "ok", "roi_to_date": "x"}],
            },
            "at folders[0].roi_to_date, expected a number or null",
        ),
        (
            {"portfolio_version": "1", "folders": [{"path": "a", "status": "ok", "as_of": "Q4"}]},
            "at folders[0].as_of, 'Q4' is not a date",
        ),
        ({"portfolio_version": "2", "folders": []}, "is a portfolio of version 2"),
    ],
)
def test_portfolios_of_the_wrong_shape_are_refused_at_their_place(
    tmp_path: Path, document: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CompareError) as raised:
        read_previous_portfolio(path)
    assert str(raised.value).startswith(str(path)) and expected in str(raised.value)


def test_every_portfolio_format_carries_the_changes(tmp_path: Path) -> None:
    files = {name: tmp_path / f"p.{name}" for name in ("csv", "xlsx", "md", "txt", "xml", "html")}
    arguments: list[str | Path] = [SAMPLES, "--compare", OLD_PORTFOLIO, "-q"]
    for path in files.values():
        arguments += ["-o", path]
    assert batch(*arguments).exit_code == 0
    rows = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == tuple(column.header for column in COLUMNS + CHANGE_COLUMNS)
    crm = next(
        dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == "crm_sales_emea"
    )
    assert (crm["Since last"], crm["Verdict before"]) == ("worse", "Value realized")
    assert crm["Realized before"] and crm["What got worse"].startswith("The verdict went from")
    book = openpyxl.load_workbook(files["xlsx"])
    assert book.sheetnames == ["Summary", "Portfolio", "Changes"]
    assert book["Portfolio"].cell(row=1, column=len(COLUMNS) + 1).value == "Since last"
    assert book["Changes"]["A1"].value == (
        "Since portfolio_2025-12-31.json (valaudit 0.1.0): 1 new, 1 worse, 2 better, 1 changed, "
        "1 unchanged."
    )
    page = files["html"].read_text(encoding="utf-8")
    assert "<h2>What changed</h2><p>Since portfolio_2025-12-31.json (valaudit 0.1.0)" in page
    assert '<span class="why">worse; was value realized' in page
    markdown = files["md"].read_text(encoding="utf-8")
    assert "| Since last |" in markdown
    assert "| worse; was value realized |" in markdown
    assert "Verdict moves: crm\\_sales\\_emea value realized → partially realized;" in markdown
    text = files["txt"].read_text(encoding="utf-8")
    assert "worse; was" in text and "Since portfolio_2025-12-31.json" in text
    summary = ET.parse(files["xml"]).getroot().find(".//property[@name='summary']")
    assert summary is not None and "1 new, 1 worse, 2 better" in (summary.get("value") or "")


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for attempt in ("a", "b"):
        folder = tmp_path / attempt
        folder.mkdir()
        paths = [folder / f"p.{suffix}" for suffix in ("json", "csv", "xlsx", "md")]
        arguments: list[str | Path] = [SAMPLES, "--compare", OLD_PORTFOLIO, "-q"]
        for path in paths:
            arguments += ["-o", path]
        assert batch(*arguments).exit_code == 0
        outputs.append([path.read_bytes() for path in paths])
    assert outputs[0] == outputs[1]


def test_a_portfolio_copied_elsewhere_compares_by_path(tmp_path: Path) -> None:
    """Folders are matched by their path under ROOT, wherever ROOT is."""
    moved = tmp_path / "moved"
    shutil.copytree(SAMPLES, moved)
    earlier = tmp_path / "earlier.json"
    assert batch(SAMPLES, "-o", earlier, "-q").exit_code == 0
    document = _document(moved, "--compare", earlier)
    assert {f["change"]["status"] for f in document["folders"]} == {"unchanged"}
    assert document["changes"]["previous"]["credit"] is True
