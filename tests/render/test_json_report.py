"""The JSON report of every sample conforms to the shipped report schema, and is written
from the report's dataclasses with the bytes of its plain document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import jsonschema
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.render.reports import (
    SAMPLE_NAMES,
    changed_report,
    hostile_report,
    sample_options,
    sample_report,
    sparse_report,
    worsened_report,
)
from valaudit.model.report import Report
from valaudit.render.indented_json import dumps_indented
from valaudit.render.json_report import _number, render_report, report_document
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import encodable_json
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


def _written_from_the_document(report: Report) -> str:
    """The JSON report as the plain document is written: what ``render_report`` must equal."""
    return encodable_json(dumps_indented(report_document(report))) + "\n"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_report_written_from_its_dataclasses_is_its_document(name: str) -> None:
    """``render_report`` writes the dataclasses directly; the bytes are those of the plain
    document (trajectory, comparison and links included)."""
    for report in (sample_report(name), changed_report(name)):
        assert render_report(report, RenderOptions()) == _written_from_the_document(report)


def test_unusual_values_are_written_as_the_document_writes_them() -> None:
    """Non-finite and numpy floats, hostile text, dates and datetimes, an empty series: the
    same bytes as the plain document's (and a value json refuses still raises the same)."""
    report = hostile_report()
    kpi = report.kpis[0]
    odd = dataclasses.replace(
        kpi,
        baseline=math.nan,
        current=np.float64(1.23456789012345),
        target=-math.inf,
        progress=-0.0,
        expected_now=1.5e12,
        by=dt.datetime(2025, 1, 2, 3, 4),
        series=(),
    )
    first, second, *_ = sample_report("support_copilot").kpis[0].series
    points = (
        dataclasses.replace(first, value=np.float64(2.5), counterfactual=math.nan),
        dataclasses.replace(second, start=dt.datetime(2025, 2, 1, 12), counterfactual=math.inf),
        dataclasses.replace(second, value=-math.inf, period="ünïcode \u202e\n"),
    )
    odd_points = dataclasses.replace(report.kpis[-1], series=points)
    sparse = sparse_report()
    for changed in (
        dataclasses.replace(report, kpis=(odd, *report.kpis[1:-1], odd_points)),
        report,
        sparse,
        worsened_report(),
    ):
        assert render_report(changed, RenderOptions()) == _written_from_the_document(changed)
    refused = dataclasses.replace(report, kpis=(dataclasses.replace(kpi, line=np.int64(3)),))
    with pytest.raises(TypeError):
        render_report(refused, RenderOptions())


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_written_as_its_ten_digit_float(value: float) -> None:
    assert _number(value) == float.__repr__(float(f"{value:.10g}"))


@pytest.mark.parametrize(
    "value", [0.0, -0.0, 100.0, 1e-4, 1e-5, 9999999999.5, 1.5e12, 1e16, 5e-324, 0.95, 101.728]
)
def test_floats_at_the_edges_of_each_notation(value: float) -> None:
    assert _number(value) == float.__repr__(float(f"{value:.10g}"))
