"""The Theory–Reality Gap questionnaire: its questions, reading answers, and scoring them.

The questions live in ``data/scorecard.yaml``. Each is answered 1 (weak) .. 5 (strong); a
dimension scores the mean of its answers rounded half up, and the overall score and its
meaning come from :func:`valaudit.analyse.gap.scorecard`, exactly as in an audit report.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from valaudit.analyse.gap import scorecard
from valaudit.data import data_yaml
from valaudit.model.report import Scorecard
from valaudit.model.thesis import OPERATING_MODEL_DIMENSIONS

LOWEST, HIGHEST = 1, 5


@dataclass(frozen=True)
class ScorecardQuestion:
    """One question, with what a weak, middling and strong answer look like."""

    id: str
    """Stable id, the key of an answers file."""
    dimension: str
    text: str
    anchors: dict[int, str]
    """What 1, 3 and 5 look like; 2 and 4 lie between."""


@dataclass(frozen=True)
class Dimension:
    """One operating-model dimension of the thesis and the questions that score it."""

    id: str
    title: str
    summary: str
    questions: tuple[ScorecardQuestion, ...]


@cache
def dimensions() -> tuple[Dimension, ...]:
    """The questionnaire, in the order it is asked."""
    document: dict[str, Any] = data_yaml("scorecard.yaml")
    return tuple(
        Dimension(
            id=entry["id"],
            title=entry["title"],
            summary=entry["summary"],
            questions=tuple(
                ScorecardQuestion(
                    id=q["id"],
                    dimension=entry["id"],
                    text=" ".join(q["text"].split()),
                    anchors={int(k): v for k, v in q["anchors"].items()},
                )
                for q in entry["questions"]
            ),
        )
        for entry in document["dimensions"]
    )


def questions() -> tuple[ScorecardQuestion, ...]:
    """Every question, in the order asked."""
    return tuple(q for d in dimensions() for q in d.questions)


def round_half_up(value: float) -> int:
    """2.5 -> 3, as a spreadsheet's ROUND does (Python's round() would give 2)."""
    return math.floor(value + 0.5)


def dimension_scores(answers: Mapping[str, int]) -> dict[str, int]:
    """Each dimension's score: the mean of its answers, rounded half up.

    >>> dimension_scores({q.id: 2 for q in questions()})["workflow_redesign"]
    2
    """
    scores = {}
    for dimension in dimensions():
        given = [answers[q.id] for q in dimension.questions]
        scores[dimension.id] = round_half_up(sum(given) / len(given))
    return {d: scores[d] for d in OPERATING_MODEL_DIMENSIONS if d in scores}


def score(answers: Mapping[str, int]) -> tuple[dict[str, int], Scorecard]:
    """The dimension scores to record, and the scorecard an audit would show for them."""
    scores = dimension_scores(answers)
    card = scorecard(scores)
    assert card is not None  # every dimension is scored
    return scores, card


@cache
def dimensions_by_id() -> dict[str, Dimension]:
    return {d.id: d for d in dimensions()}


def question_text(question: ScorecardQuestion, number: int, total: int, width: int = 100) -> str:
    """How a question is shown before its prompt: the question, then its anchors, wrapped to
    ``width`` with hanging indents so that the numbers stand out."""
    lead = f"{number}/{total}  "
    lines = _wrap(question.text, width, lead, " " * len(lead))
    for level in sorted(question.anchors):
        lines += _wrap(question.anchors[level], width, f"   {level}  ", " " * 6)
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width=max(width, 40), initial_indent=first, subsequent_indent=rest)


def dimension_heading(dimension: Dimension, number: int) -> str:
    """The heading shown before a dimension's questions."""
    title = f"{dimension.title} ({number} of {len(dimensions())})"
    return f"\n{title}\n{'─' * len(title)}\n{dimension.summary}\n"


def introduction() -> str:
    """What the questionnaire is, shown before the first question."""
    count = len(questions())
    return (
        f"The Theory–Reality Gap scorecard: {count} questions about how the work runs today, "
        f"in {len(dimensions())} dimensions\n"
        "of the operating model (about twelve minutes). Answer each from 1 (weak) to 5 "
        "(strong);\n2 and 4 lie between the descriptions. Ctrl-C stops without recording "
        "anything.\n"
    )


def result_text(
    scores: Mapping[str, int], card: Scorecard, previous: Mapping[str, object] | None = None
) -> str:
    """The scores (with the earlier score where it changed), the overall score and its meaning."""
    titles = {d.id: d.title for d in dimensions()}
    width = max(len(t) for t in titles.values())
    lines = ["", "Theory–Reality Gap scorecard"]
    for dimension, value in scores.items():
        notes = []
        if dimension in card.weak:
            notes.append("weak")
        earlier = (previous or {}).get(dimension)
        if earlier is not None and earlier != value:
            notes.append(f"was {earlier}")
        bar = "■" * value + "□" * (HIGHEST - value)
        suffix = f"   {', '.join(notes)}" if notes else ""
        lines.append(f"  {titles[dimension].ljust(width)}  {bar} {value}/5{suffix}")
    lines.append(f"Overall {card.overall:.1f}/5 — {card.interpretation}")
    if card.weak:
        lines.append("Weak dimensions (2 or less) add their questions to the audit report.")
        if "workflow_redesign" in card.weak:
            lines.append("A weak workflow redesign raises the no_workflow_redesign flag.")
    return "\n".join(lines) + "\n"
