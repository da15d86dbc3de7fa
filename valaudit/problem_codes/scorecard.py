"""Problem codes of ``valaudit scorecard``: its answers file, and recording the scores."""

from __future__ import annotations

from valaudit.problem_codes.entry import ProblemCode


def _code(code: str, title: str, meaning: str, example: str, fix: str) -> ProblemCode:
    return ProblemCode(code, "error", "scorecard", title, meaning, example, fix)


CODES = (
    _code(
        "answers_empty",
        "An empty answers file",
        "The answers file given to `scorecard --answers` holds nothing.",
        "answers.yaml: The answers file is empty.",
        "Write one 'question_id: answer' line per question.",
    ),
    _code(
        "not_a_mapping",
        "Answers not written as lines of keys",
        "The answers file holds a list or a single value instead of 'question_id: answer' lines.",
        "answers.yaml, line 1: The answers file must be a block of 'question_id: answer' lines.",
        "Write one 'question_id: answer' line per question.",
    ),
    _code(
        "unknown_question",
        "An answer to no question",
        "The answers file answers a question id the scorecard does not have.",
        "answers.yaml, line 3, at wr_1: There is no question 'wr_1'.",
        "Use the question ids `valaudit scorecard --help` lists (the hint suggests the nearest).",
    ),
    _code(
        "invalid_answer",
        "An answer that is not a score",
        "An answer is not a whole number from 1 (weak) to 5 (strong).",
        "answers.yaml, line 4, at decision_rights_1: The answer to 'decision_rights_1' is "
        "'4'; answers are whole numbers from 1 (weak) to 5 (strong).",
        "Write the number without quotes, e.g. 3.",
    ),
    _code(
        "missing_answer",
        "A question without an answer",
        "The answers file does not answer every question.",
        "answers.yaml, at incentives_2: No answer to 'incentives_2': ...",
        "Answer every question with a number from 1 to 5.",
    ),
    _code(
        "thesis_layout",
        "A thesis the scorecard cannot edit safely",
        "The scores could not be written into the thesis without changing other parts of it "
        "(a one-line {...} thesis, comments the editor cannot place).",
        "valaudit.yaml, line 1: The thesis is written as one {...} block, which cannot be "
        "edited safely.",
        "Write `operating_model:` as a block of 'dimension: score' lines, or copy the scores in "
        "by hand.",
    ),
)
