"""The JSON report of every sample conforms to the shipped report schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.render.reports import SAMPLE_NAMES, sample_options, sample_report
from valaudit.render.json_report import render_report
from valaudit.schemas import load_schema


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_json_report_validates_against_the_report_schema(name: str) -> None:
    document = json.loads(render_report(sample_report(name), sample_options(name)))
    validator = jsonschema.Draft202012Validator(
        load_schema("report"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [error.message for error in validator.iter_errors(document)] == []
    assert document["kpis"][0]["id"] == sample_report(name).kpis[0].id
    assert document["verdict"]["code"] == sample_report(name).verdict.code


def test_the_schema_rejects_a_report_without_a_verdict() -> None:
    document = json.loads(render_report(sample_report("support_copilot"), sample_options("x")))
    del document["verdict"]
    validator = jsonschema.Draft202012Validator(load_schema("report"))
    assert not validator.is_valid(document)


def test_json_carries_the_season_and_the_counterfactual_of_each_kpi() -> None:
    """``effect.seasonality`` says which season the counterfactual carries, and each post
    period carries its counterfactual (null before go-live), as the charts draw them."""
    report = sample_report("erp_finance_close")
    document = json.loads(render_report(report, sample_options("erp_finance_close")))
    kpis = {kpi["id"]: kpi for kpi in document["kpis"]}
    dso = kpis["dso_days"]
    assert dso["effect"]["seasonality"]["model"] == "dummies"
    assert dso["effect"]["seasonality"]["terms"] == 3
    assert 0 < dso["effect"]["seasonality"]["p_value"] < 0.05
    assert kpis["days_to_close"]["effect"]["seasonality"] == {
        "model": "none",
        "terms": 0,
        "p_value": None,
    }
    assert kpis["users_on_erp_pct"]["effect"]["seasonality"]["model"] == "not_tested"
    pre = [p["counterfactual"] for p in dso["series"] if not p["post"]]
    post = [p["counterfactual"] for p in dso["series"] if p["post"]]
    assert pre and all(value is None for value in pre)
    model = next(k for k in report.kpis if k.id == "dso_days")
    assert post == pytest.approx([p.counterfactual for p in model.series if p.post], abs=1e-6)
    # Each quarter keeps its own level, and the same quarter a year later gets the same one.
    assert len(set(post[:4])) == 4 and post[4:] == post[:2]
