"""Thesis errors: each kind, with the exact YAML line and key path a user needs."""

from __future__ import annotations

import textwrap

import pytest

from valaudit.validate.folder import validate_folder

GOOD = """\
valaudit: 1
initiative:
  name: Copilot
  type: ai
  go_live: 2025-04-01
  review_date: 2026-03-31
data:
  - path: data.csv
kpis:
  - id: active_pct
    stage: adoption
    direction: up
    target: 80
  - id: aht
    stage: productivity
    direction: down
    target_change: "-25%"
benefits:
  - name: Saving
    annual: 100000
    kpi: aht
"""
DATA = (
    "period,kpi,value\n2025-03,active_pct,0\n2025-04,active_pct,50\n2025-03,aht,10\n2025-04,aht,9\n"
)


def problems(make_folder, thesis: str, data: str = DATA):  # type: ignore[no-untyped-def]
    folder = make_folder(textwrap.dedent(thesis), {"data.csv": data})
    return validate_folder(str(folder)).problems


def only(found, code: str):  # type: ignore[no-untyped-def]
    matches = [p for p in found if p.code == code]
    assert len(matches) == 1, [(p.code, p.message) for p in found]
    return matches[0]


def test_the_good_thesis_is_valid(make_folder) -> None:
    assert [p for p in problems(make_folder, GOOD) if p.is_error] == []


def test_unknown_key_names_its_line_path_and_the_nearest_valid_key(make_folder) -> None:
    found = problems(make_folder, GOOD.replace("    direction: up\n", "    direciton: up\n"))
    unknown = only(found, "unknown_key")
    assert (unknown.line, unknown.path) == (12, "kpis[0].direciton")
    assert unknown.hint == "Did you mean 'direction'?"
    missing = only(found, "missing_key")
    assert (missing.line, missing.path) == (10, "kpis[0]")
    assert "'direction'" in missing.message and "active_pct" in missing.message


def test_wrong_type_explains_thousands_separators(make_folder) -> None:
    found = problems(make_folder, GOOD.replace("annual: 100000", 'annual: "100,000"'))
    problem = only(found, "wrong_type")
    assert (problem.line, problem.path) == (20, "benefits[0].annual")
    assert problem.hint == "Write it as a plain number without separators: 100000."


def test_enum_value_suggests_the_nearest_option(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace("stage: adoption", "stage: adopton")), "invalid_value"
    )
    assert (problem.line, problem.path) == (11, "kpis[0].stage")
    assert problem.hint == "Did you mean 'adoption'?"


def test_dates_must_be_iso(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace("go_live: 2025-04-01", "go_live: 01/04/2025")),
        "invalid_value",
    )
    assert (problem.line, problem.path) == (5, "initiative.go_live")
    assert "YYYY-MM-DD" in (problem.hint or "")


def test_duplicate_ids_name_both_places(make_folder) -> None:
    problem = only(problems(make_folder, GOOD.replace("id: aht", "id: active_pct")), "duplicate_id")
    assert (problem.line, problem.path) == (14, "kpis[1].id")
    assert "line 10" in problem.message


def test_benefit_must_reference_a_defined_kpi(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace("kpi: aht", "kpi: ahtt")), "unknown_reference"
    )
    assert (problem.line, problem.path) == (21, "benefits[0].kpi")
    assert problem.hint == "Did you mean 'aht'?"


def test_review_date_must_follow_go_live(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace("review_date: 2026-03-31", "review_date: 2025-01-31")),
        "dates_out_of_order",
    )
    assert (problem.line, problem.path) == (6, "initiative.review_date")


def test_target_given_twice_or_not_at_all(make_folder) -> None:
    twice = only(
        problems(
            make_folder, GOOD.replace("    target: 80\n", "    target: 80\n    target_change: 5\n")
        ),
        "target_given_twice",
    )
    assert twice.path == "kpis[0].target_change"
    missing = only(problems(make_folder, GOOD.replace("    target: 80\n", "")), "target_missing")
    assert (missing.line, missing.path) == (10, "kpis[0]")


def test_by_date_must_be_after_go_live(make_folder) -> None:
    problem = only(
        problems(
            make_folder, GOOD.replace("    target: 80\n", "    target: 80\n    by: 2025-01-01\n")
        ),
        "by_before_go_live",
    )
    assert (problem.line, problem.path) == (14, "kpis[0].by")


def test_target_change_against_the_direction(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace('target_change: "-25%"', 'target_change: "+25%"')),
        "target_wrong_way",
    )
    assert problem.path == "kpis[1].target_change"


def test_comparison_segments_must_not_overlap(make_folder) -> None:
    thesis = GOOD + "comparison:\n  treated: [EMEA]\n  control: [EMEA, APAC]\n"
    problem = only(problems(make_folder, thesis), "comparison_overlap")
    assert (problem.line, problem.path) == (24, "comparison.control")


def test_a_synthetic_control_needs_two_control_segments(make_folder) -> None:
    thesis = GOOD + "comparison:\n  treated: [EMEA]\n  control: [APAC]\n  method: synthetic\n"
    problem = only(problems(make_folder, thesis), "synthetic_needs_controls")
    assert (problem.line, problem.path) == (25, "comparison.method")
    assert "two or more control segments" in (problem.hint or "")


def test_an_unknown_comparison_method_is_a_schema_error_at_its_line(make_folder) -> None:
    thesis = GOOD + "comparison:\n  treated: [EMEA]\n  control: [APAC]\n  method: regression\n"
    found = [p for p in problems(make_folder, thesis) if p.path == "comparison.method"]
    assert (
        len(found) == 1
        and found[0].line == 25
        and "synthetic" in found[0].message + (found[0].hint or "")
    )


def test_comparison_segments_must_exist_in_the_data(make_folder) -> None:
    thesis = GOOD + "comparison:\n  treated: [EMEA]\n  control: [APAC]\n"
    data = "period,kpi,segment,value\n2025-03,aht,EMEA,10\n2025-04,aht,EMEA,9\n"
    missing = [
        p for p in problems(make_folder, thesis, data) if p.code == "comparison_segment_missing"
    ]
    assert [(p.line, p.path, p.message) for p in missing] == [
        (24, "comparison.control[0]", "The control segment 'APAC' does not appear in the data.")
    ]


def test_columns_mapping_keys_are_checked(make_folder) -> None:
    thesis = GOOD.replace(
        "  - path: data.csv\n", "  - path: data.csv\n    columns: {perod: Month}\n"
    )
    problem = only(problems(make_folder, thesis), "unknown_key")
    assert (problem.line, problem.path) == (9, "data[0].columns.perod")
    assert problem.hint == "Did you mean 'period'?"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("", "thesis_empty", None),
        ("# only a comment\n", "thesis_empty", None),
        ("valaudit: 1\ninitiative:\n\tname: x\n", "yaml_syntax", 3),
        ("valaudit: 1\nvalaudit: 1\n", "yaml_duplicate_key", 2),
        ("- just\n- a list\n", "not_a_thesis", 1),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "yaml_bad_value", 1),
    ],
)
def test_yaml_level_problems(make_folder, text: str, code: str, line: int | None) -> None:
    found = [p for p in problems(make_folder, text) if p.code == code]
    assert len(found) == 1
    assert found[0].line == line
    assert found[0].file.endswith("valaudit.yaml")


def test_every_schema_error_is_reported_in_one_run(make_folder) -> None:
    broken = GOOD.replace("direction: up", "direction: upward").replace(
        "annual: 100000", "annual: -5"
    )
    codes = sorted(p.code for p in problems(make_folder, broken) if p.is_error)
    assert codes == ["invalid_value", "invalid_value"]


def test_missing_thesis_file(tmp_path) -> None:
    result = validate_folder(str(tmp_path / "nowhere"))
    assert [p.code for p in result.problems] == ["file_not_found"]
    assert not result.valid


def test_reference_errors_are_listed_alongside_schema_errors(make_folder) -> None:
    broken = GOOD.replace("stage: adoption", "stage: adopton").replace("kpi: aht", "kpi: ahtt")
    codes = {p.code for p in problems(make_folder, broken) if p.is_error}
    assert codes == {"invalid_value", "unknown_reference"}


@pytest.mark.parametrize(
    ("text", "hint_start"),
    [
        ("valaudit: 1\ninitiative:\n\tname: x\n", "YAML indentation must use spaces"),
        ("valaudit: 1\nowner: @jane\n", "Text that starts with @"),
        ("valaudit: 1\ninitiative:\n  name: x\n go_live: 2025-01-01\n", "Check the indentation"),
    ],
)
def test_syntax_hints_match_the_mistake(make_folder, text: str, hint_start: str) -> None:
    problem = next(p for p in problems(make_folder, text) if p.code == "yaml_syntax")
    assert (problem.hint or "").startswith(hint_start)


def test_an_impossible_date_is_a_located_error(make_folder) -> None:
    problem = only(
        problems(make_folder, GOOD.replace("2025-04-01", "2025-04-31")), "yaml_bad_value"
    )
    assert problem.line == 5
    assert "'2025-04-31' is not a real date" in problem.message


def test_a_file_that_is_not_yaml_is_not_a_thesis(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Notes\n`code`\n")
    assert [p.code for p in validate_folder(str(readme)).problems] == ["not_a_thesis"]


REVENUE = GOOD.replace("    kpi: aht\n", '    kpi: aht\n    type: revenue\n    margin: "35%"\n')


def test_a_revenue_margin_is_read_as_a_share(make_folder) -> None:
    folder = make_folder(textwrap.dedent(REVENUE), {"data.csv": DATA})
    result = validate_folder(str(folder))
    assert result.valid and result.thesis is not None
    assert result.thesis.benefits[0].margin == pytest.approx(0.35)
    as_fraction = make_folder(textwrap.dedent(REVENUE.replace('"35%"', "0.35")), {"data.csv": DATA})
    thesis = validate_folder(str(as_fraction)).thesis
    assert thesis is not None and thesis.benefits[0].margin == pytest.approx(0.35)


@pytest.mark.parametrize("margin", ['"135%"', "1.5", '"35"'])
def test_a_margin_out_of_range_is_an_error_at_its_line(make_folder, margin: str) -> None:
    found = problems(make_folder, REVENUE.replace('"35%"', margin))
    error = next(p for p in found if p.is_error)
    assert (error.line, error.path) == (23, "benefits[0].margin")


def test_a_margin_on_a_line_that_is_not_revenue_is_an_error(make_folder) -> None:
    found = problems(make_folder, REVENUE.replace("type: revenue", "type: cashable"))
    error = only(found, "margin_not_revenue")
    assert (error.line, error.path) == (23, "benefits[0].margin")
    assert error.message == (
        "Benefit 'Saving' is cashable, but gives a margin: a margin applies to revenue only."
    )


ONE_OFF = GOOD + textwrap.dedent(
    """\
    investment:
      one_off: 5100000
    implementation:
      budget: {planned: 4200000, actual: 5100000}
    """
)


def test_a_one_off_equal_to_the_actual_spend_is_a_warning_at_its_line(make_folder) -> None:
    found = problems(make_folder, ONE_OFF)
    assert not any(p.is_error for p in found)
    warning = only(found, "one_off_is_actual")
    assert (warning.severity, warning.line, warning.path) == ("warning", 23, "investment.one_off")
    assert warning.message == (
        "investment.one_off (5,100,000) equals implementation.budget.actual, not budget.planned "
        "(4,200,000). valaudit adds the overrun (actual − planned) to the cost itself, so it "
        "would be counted twice."
    )
    assert warning.hint == (
        "Write the planned one-off cost in one_off (here 4,200,000); the overrun comes from "
        "implementation.budget."
    )
    planned = problems(make_folder, ONE_OFF.replace("one_off: 5100000", "one_off: 4200000"))
    assert not any(p.code == "one_off_is_actual" for p in planned)
    on_budget = problems(make_folder, ONE_OFF.replace("actual: 5100000", "actual: 4200000"))
    assert not any(p.code == "one_off_is_actual" for p in on_budget)


@pytest.mark.parametrize(
    ("credit", "valid"), [("observed", True), ("attributable", True), ("seen", False)]
)
def test_settings_credit(make_folder, credit: str, valid: bool) -> None:
    folder = make_folder(
        textwrap.dedent(GOOD + f"settings:\n  credit: {credit}\n"), {"data.csv": DATA}
    )
    result = validate_folder(str(folder))
    assert result.valid is valid
    if valid:
        assert result.thesis is not None and result.thesis.settings.credit == credit
    else:
        error = result.errors[0]
        assert (error.path, error.line) == ("settings.credit", 23)
