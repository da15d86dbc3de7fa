"""Every registered format renders every sample, deterministically, through the registry."""

from __future__ import annotations

import pytest

import valaudit.render as render_registry
from tests.render.reports import SAMPLE_NAMES, sample_options, sample_report
from valaudit.cli.options import PortfolioFormat, ReportFormat, ValidationFormat
from valaudit.render import (
    FORMATS,
    OutputFormat,
    file_format_names,
    file_suffix,
    format_for_path,
    format_names,
    portfolio_renderer,
    renderer,
    suffixes,
    validation_renderer,
)

BINARY_FORMATS = {"xlsx"}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("fmt", format_names("report"))
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
    assert {format_for_path(f"report{s}", "report") for s in suffixes("report")} == set(
        file_format_names("report")
    )
    assert {s: format_for_path(f"r{s}", "report") for s in (".json", ".md", ".html", ".xml")} == {
        ".json": "json",
        ".md": "markdown",
        ".html": "html",
        ".xml": "junit",
    }
    assert format_for_path("Board.XLSX", "report") == "xlsx"
    assert format_for_path("report.pdf", "report") is None
    assert format_for_path("portfolio.csv", "portfolio") == "csv"
    assert format_for_path("portfolio.csv", "report") is None


def test_per_folder_files_are_the_formats_with_a_suffix() -> None:
    assert file_format_names("report") == ("text", "json", "markdown", "html", "xlsx", "junit")
    assert [file_suffix(name) for name in ("json", "markdown", "junit", "terminal")] == [
        ".json",
        ".md",
        ".xml",
        None,
    ]


def test_the_cli_choices_are_the_registry_printable_formats() -> None:
    assert [f.value for f in ReportFormat] == list(format_names("report", printable=True))
    assert {"terminal", "text", "json", "markdown", "html", "junit", "github"} <= set(ReportFormat)
    assert "xlsx" not in set(ReportFormat)  # a workbook is never printed on a terminal
    assert [f.value for f in ValidationFormat] == list(format_names("validation", printable=True))
    assert [f.value for f in PortfolioFormat] == list(format_names("portfolio", printable=True))
    assert not {"csv", "xlsx"} & set(PortfolioFormat)


def test_every_registered_module_implements_its_kind() -> None:
    for output in FORMATS:
        if output.report:
            assert callable(renderer(output.name).render_report)
        if output.validation:
            assert callable(validation_renderer(output.name).render_validation)
        if output.portfolio:
            assert callable(portfolio_renderer(output.name).render_portfolio)


def test_an_unknown_or_wrong_kind_of_format_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'csv' is not a report format"):
        renderer("csv")
    with pytest.raises(ValueError, match="'pdf' is not a validation format"):
        validation_renderer("pdf")


def test_an_entry_pointing_at_the_wrong_module_fails_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = OutputFormat("wrong", report="valaudit.render.options", suffixes=(".wrong",))
    monkeypatch.setitem(render_registry._BY_NAME, "wrong", wrong)
    with pytest.raises(
        TypeError, match=r"valaudit\.render\.options does not implement ReportRenderer"
    ):
        renderer("wrong")
