"""The questionnaire's data, the scoring rule, and reading answers files with located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from valaudit.analyse.gap import interpret
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.answers import answers_yaml, parse_answer, read_answers
from valaudit.onboarding.errors import ScorecardInputError
from valaudit.onboarding.questionnaire import (
    dimension_scores,
    dimensions,
    questions,
    result_text,
    round_half_up,
    score,
)


def all_answers(value: int = 3) -> dict[str, int]:
    return {q.id: value for q in questions()}


def test_every_dimension_of_the_format_has_two_or_three_questions() -> None:
    assert [d.id for d in dimensions()] == list(OPERATING_MODEL_DIMENSIONS)
    for dimension in dimensions():
        assert 2 <= len(dimension.questions) <= 3, dimension.id
        assert dimension.title and dimension.summary


def test_questions_are_unique_anchored_and_about_twelve_minutes() -> None:
    ids = [q.id for q in questions()]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(OPERATING_MODEL_DIMENSIONS)
    assert 14 <= len(ids) <= 21  # about forty seconds each
    for question in questions():
        assert sorted(question.anchors) == [1, 3, 5], question.id
        assert question.text.endswith("?"), question.id
        assert all(len(a) > 20 for a in question.anchors.values())


@pytest.mark.parametrize(
    ("mean", "rounded"), [(1.0, 1), (2.49, 2), (2.5, 3), (3.5, 4), (4.67, 5), (1.5, 2)]
)
def test_round_half_up(mean: float, rounded: int) -> None:
    assert round_half_up(mean) == rounded


def test_dimension_scores_are_rounded_means_of_their_answers() -> None:
    answers = all_answers(4)
    workflow = [q.id for q in dimensions()[0].questions]
    answers[workflow[0]], answers[workflow[1]], answers[workflow[2]] = 1, 2, 2  # mean 1.67
    decisions = [q.id for q in dimensions()[1].questions]
    answers[decisions[0]], answers[decisions[1]] = 2, 3  # mean 2.5 -> 3
    scores = dimension_scores(answers)
    assert list(scores) == list(OPERATING_MODEL_DIMENSIONS)
    assert scores["workflow_redesign"] == 2
    assert scores["decision_rights"] == 3
    assert scores["incentives"] == 4


def test_score_reuses_the_audit_scorecard() -> None:
    scores, card = score(all_answers(2))
    assert set(scores.values()) == {2}
    assert card.overall == 2.0
    assert card.weak == tuple(OPERATING_MODEL_DIMENSIONS)
    assert card.interpretation == interpret(2.0)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3", 3),
        (" 5 ", 5),
        ("0", None),
        ("6", None),
        ("3.0", None),
        ("three", None),
        ("", None),
        ("٣", None),
    ],
)
def test_parse_answer(typed: str, value: int | None) -> None:
    assert parse_answer(typed) == value


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(ScorecardInputError) as caught:
        read_answers(path, "answers.yaml")
    assert caught.value.exit_code == 3
    return [(p.code, p.line, p.path) for p in caught.value.problems]


def test_saved_answers_read_back(tmp_path: Path) -> None:
    answers = {q.id: (i % 5) + 1 for i, q in enumerate(questions())}
    path = write(tmp_path, answers_yaml(answers))
    assert read_answers(path, "answers.yaml") == answers
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == answers


def test_bad_answers_are_located_by_line_and_question(tmp_path: Path) -> None:
    ids = [q.id for q in questions()]
    lines = [f"{i}: 3" for i in ids[3:]]
    lines[0] = f"{ids[3]}: 6"  # line 1: out of range
    lines[1] = f'{ids[4]}: "4"'  # line 2: quoted
    lines[2] = f"{ids[5]}: 2.5"  # line 3: not whole
    lines.append("old_step_retired: 2")  # a typo of ids[0]
    lines.append("incentives: 4")  # a dimension, not a question
    path = write(tmp_path, "\n".join(lines) + "\n")
    found = problems_of(path)
    assert ("invalid_answer", 1, ids[3]) in found
    assert ("invalid_answer", 2, ids[4]) in found
    assert ("invalid_answer", 3, ids[5]) in found
    assert ("unknown_question", len(lines) - 1, "old_step_retired") in found
    assert ("unknown_question", len(lines), "incentives") in found
    missing = sorted(p for c, _, p in found if c == "missing_answer")
    assert missing == sorted(ids[:3])


def test_a_typo_gets_a_suggestion_and_a_dimension_an_explanation(tmp_path: Path) -> None:
    path = write(tmp_path, "old_step_retired: 2\nincentives: 4\n")
    with pytest.raises(ScorecardInputError) as caught:
        read_answers(path, "answers.yaml")
    hints = {p.path: p.hint for p in caught.value.problems}
    assert hints["old_step_retired"] == "Did you mean 'old_steps_retired'?"
    assert "targets_on_outcomes" in (hints["incentives"] or "")


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("- 3\n- 4\n", "not_a_mapping", 1),
        ("a: [1\n", "yaml_syntax", None),
        ("old_steps_retired: 3\nold_steps_retired: 4\n", "yaml_duplicate_key", 2),
        ("", "answers_empty", None),
        ("# nothing yet\n", "answers_empty", None),
    ],
)
def test_unreadable_answers_files(tmp_path: Path, text: str, code: str, line: int | None) -> None:
    found = problems_of(write(tmp_path, text))
    located = [where for found_code, where, _ in found if found_code == code]
    assert located, found
    if line is not None:
        assert located == [line]


def test_a_missing_answers_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.yaml") == [("file_not_found", None, None)]


def test_booleans_are_not_answers(tmp_path: Path) -> None:
    lines = [f"{q.id}: 3" for q in questions()]
    lines[0] = f"{questions()[0].id}: yes"
    found = problems_of(write(tmp_path, "\n".join(lines)))
    assert found == [("invalid_answer", 1, questions()[0].id)]


def test_the_result_shows_weak_dimensions_and_what_changed() -> None:
    answers = all_answers(4)
    for question in dimensions()[0].questions:
        answers[question.id] = 1
    scores, card = score(answers)
    text = result_text(scores, card, {"workflow_redesign": 3, "incentives": 4})
    assert re.search(r"Workflow redesign\s+■□□□□ 1/5   weak, was 3$", text, re.M)
    assert re.search(r"Incentives\s+■■■■□ 4/5$", text, re.M)  # unchanged: no note
    assert "no_workflow_redesign flag" in text
    assert "weak" not in result_text(*score(all_answers(4)))
