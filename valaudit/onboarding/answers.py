"""Answers to the scorecard questions: typed at a prompt, read from a file, written to one.

An answers file is a YAML block of ``question_id: answer`` lines (what ``--save-answers``
writes and ``--answers`` reads). Reading one collects every problem, located by line and
question id, before failing, so that one run shows all of them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.paths import UserPath
from valaudit.load.yaml_file import FileTooLarge, read_yaml_file
from valaudit.load.yaml_reader import YamlDocument
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS
from valaudit.onboarding.errors import ScorecardInputError
from valaudit.onboarding.questionnaire import (
    HIGHEST,
    LOWEST,
    dimensions,
    dimensions_by_id,
    questions,
)
from valaudit.validate.suggest import did_you_mean


def parse_answer(text: str) -> int | None:
    """A typed answer ("3", " 4 ") as 1..5, or None when it is not one."""
    stripped = text.strip()
    allowed = {str(level) for level in range(LOWEST, HIGHEST + 1)}
    return int(stripped) if stripped in allowed else None


def read_answers(path: Path, display: str) -> dict[str, int]:
    """An answers file (question id -> 1..5), every question answered.

    Raises :class:`ScorecardInputError` with every problem found.
    """
    log = ProblemLog()
    document = _document(path, display, log)
    answers = _answers(document, display, log)
    if log.has_errors:
        raise ScorecardInputError(log.sorted())
    return answers


def _document(path: Path, display: str, log: ProblemLog) -> YamlDocument:
    """The file as a YAML block of keys, or raise with why it is not one."""
    example = f"{questions()[0].id}: 3"
    try:
        read = read_yaml_file(UserPath(path, display), limits.MAX_ANSWERS_BYTES)
    except FileTooLarge:
        _fail("file_too_large", "The file is too large to be an answers file.", display)
    except FileNotFoundError:
        _fail("file_not_found", "The answers file does not exist.", display)
    except OSError as error:
        _fail("file_unreadable", f"The answers file cannot be read: {error.strerror}.", display)
    document, problems = read.document, read.problems
    for problem in problems:
        if problem.code == "thesis_empty":
            hint = f"Write one 'question_id: answer' line per question, e.g. {example}"
            log.error("answers_empty", "The answers file is empty.", display, hint=hint)
        else:
            log.error(problem.code, problem.message, display, line=problem.line, hint=problem.hint)
    if document is not None and not isinstance(document.data, dict):
        message = "The answers file must be a block of 'question_id: answer' lines."
        log.error("not_a_mapping", message, display, line=1, hint=f"For example:  {example}")
    if document is None or not isinstance(document.data, dict):
        raise ScorecardInputError(log.sorted())
    return document


def _answers(document: YamlDocument, display: str, log: ProblemLog) -> dict[str, int]:
    """The valid answers; a problem logged for each unknown, invalid or missing one."""
    answers: dict[str, int] = {}
    known = {q.id for q in questions()}
    for key, value in document.data.items():
        where: dict[str, Any] = {"line": document.line_of((key,)), "path": key}
        if key not in known:
            log.error(
                "unknown_question",
                f"There is no question '{key}'.",
                display,
                hint=_unknown_hint(key, known),
                **where,
            )
        elif (key,) in document.unreadable:
            continue  # already reported by the YAML reader
        elif not _is_answer(value):
            log.error(
                "invalid_answer",
                f"The answer to '{key}' is {value!r}; answers are whole numbers from "
                f"{LOWEST} (weak) to {HIGHEST} (strong).",
                display,
                hint="Write the number without quotes, e.g. 3.",
                **where,
            )
        else:
            answers[key] = int(value)
    for question in questions():
        if question.id not in document.data:
            log.error(
                "missing_answer",
                f"No answer to '{question.id}': {question.text}",
                display,
                path=question.id,
                hint="Every question needs an answer from 1 to 5.",
            )
    return answers


def _unknown_hint(key: str, known: set[str]) -> str | None:
    if key in OPERATING_MODEL_DIMENSIONS:
        ids = ", ".join(q.id for q in dimensions_by_id()[key].questions)
        return (
            f"'{key}' is a dimension; answer its questions ({ids}), or set its score "
            "directly under operating_model in the thesis."
        )
    return did_you_mean(key, known)


def _is_answer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def _fail(code: str, message: str, display: str) -> NoReturn:
    raise ScorecardInputError([Problem(code, message, display)])


def answers_yaml(answers: Mapping[str, int]) -> str:
    """Answers as an answers file, each under a comment with its question; readable back."""
    lines = [
        "# Theory–Reality Gap answers, 1 (weak) .. 5 (strong). Re-run with:",
        "#   valaudit scorecard FOLDER --answers THIS_FILE",
    ]
    for dimension in dimensions():
        lines += ["", f"# {dimension.title}: {dimension.summary}"]
        for question in dimension.questions:
            if question.id in answers:
                wrapped = textwrap.wrap(question.text, width=96)
                lines += [
                    *(f"# {part}" for part in wrapped),
                    f"{question.id}: {answers[question.id]}",
                ]
    return "\n".join(lines) + "\n"
