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
