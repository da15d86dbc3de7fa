"""The portfolio as JUnit and GitHub annotations: one case per folder, failures as the exit."""

from __future__ import annotations

from junitparser import Error, Failure, JUnitXml

from valaudit.batch.render.github import render_portfolio as github
from valaudit.batch.render.junit import render_portfolio as junit
from valaudit.model.portfolio import Portfolio
from valaudit.render.options import RenderOptions


def test_junit_has_one_case_per_folder_failing_as_the_exit_code(portfolio: Portfolio) -> None:
    (suite,) = list(JUnitXml.fromstring(junit(portfolio, RenderOptions(root="kpis"))))
    cases = {case.name: case for case in suite}
    assert list(cases) == ["clients/acme", "clients/b|d", "clients/crash"]
    (gate,) = cases["clients/acme"].result
    assert isinstance(gate, Failure) and gate.type == "gate"
    assert gate.message == "--fail-on not-realized: The verdict is …"
    (invalid,) = cases["clients/b|d"].result
    assert isinstance(invalid, Failure) and invalid.message == "The input is invalid: 4 error(s)."
    assert invalid.text.endswith("… and 3 more.")
    (crash,) = cases["clients/crash"].result
    assert isinstance(crash, Error) and crash.message.startswith("KeyError: 'x'")
    assert (suite.tests, suite.failures, suite.errors) == (3, 2, 1)
    assert cases["clients/acme"]._elem.get("file") == "kpis/clients/acme/valaudit.yaml"


def test_an_audited_folder_without_a_tripped_gate_passes(portfolio: Portfolio) -> None:
    import dataclasses

    acme = dataclasses.replace(portfolio.rows[0], gates=())
    calm = dataclasses.replace(portfolio, rows=(acme,))
    (suite,) = list(JUnitXml.fromstring(junit(calm, RenderOptions())))
    (case,) = list(suite)
    assert case.result == []
    assert case.system_out.endswith(
        "implementation without outcome; value disappears at productivity → throughput."
    )


def test_github_errors_at_the_folders_that_fail_and_a_notice(portfolio: Portfolio) -> None:
    lines = github(portfolio, RenderOptions(root="kpis")).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 3 + ["::notice"]
    assert lines[0].startswith(
        "::error file=kpis/clients/acme/valaudit.yaml,title=valaudit%3A gate tripped in "
        "clients/acme::--fail-on not-realized"
    )
    # A folder's text cannot open a second workflow command or break the properties.
    assert lines[1].startswith("::error file=kpis/clients/b|d/valaudit.yaml,title=valaudit%3A")
    assert "\x1b" not in "\n".join(lines)
