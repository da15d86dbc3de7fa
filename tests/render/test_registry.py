"""Every registered format renders every sample, deterministically, through the registry."""

from __future__ import annotations

import pytest

from tests.render.reports import SAMPLE_NAMES, sample_options, sample_report
from valaudit.cli import ReportFormat
from valaudit.render import REPORT_FORMATS, SUFFIX_FORMATS, VALIDATION_FORMATS, renderer

BINARY_FORMATS = {"xlsx"}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", sorted(REPORT_FORMATS))
def test_every_format_renders_every_sample_the_same_twice(fmt: str, name: str) -> None:
    module = renderer(fmt)
    first = module.render_report(sample_report(name), sample_options(name))
    second = module.render_report(sample_report(name), sample_options(name))
    assert first == second
    assert isinstance(first, bytes if fmt in BINARY_FORMATS else str)
    assert len(first) > 200
    if isinstance(first, str):
        # The initiative's name appears in every text format (github: in the verdict notice's
        # file path only, so check the sample's own folder name there).
        expected = name if fmt == "github" else sample_report(name).initiative.name
        assert expected in first
        assert "/work/" not in first and "/home/" not in first


def test_every_suffix_maps_to_a_registered_format() -> None:
    assert set(SUFFIX_FORMATS.values()) <= set(REPORT_FORMATS)
    assert {SUFFIX_FORMATS[s] for s in (".json", ".md", ".html", ".xlsx", ".xml")} == {
        "json",
        "markdown",
        "html",
        "xlsx",
        "junit",
    }


def test_format_option_offers_every_text_format_but_not_the_binary_workbook() -> None:
    assert {f.value for f in ReportFormat} == set(REPORT_FORMATS) - BINARY_FORMATS


def test_validation_formats_are_registered_modules() -> None:
    for fmt in VALIDATION_FORMATS:
        assert callable(renderer(fmt, VALIDATION_FORMATS).render_validation)
