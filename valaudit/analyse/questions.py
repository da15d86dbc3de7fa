"""Choosing the CFO's next questions from the rule table in ``data/questions.yaml``."""

from __future__ import annotations

from functools import cache
from typing import Any

from valaudit.data import data_yaml
from valaudit.model.links import LinkAnalysis
from valaudit.model.report import Chain, Question, Scorecard, Verdict


@cache
def rules() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = data_yaml("questions.yaml")["rules"]
    return loaded


def _matches(
    when: dict[str, Any],
    verdict: Verdict,
    chain: Chain,
    scorecard: Scorecard | None,
    links: LinkAnalysis | None = None,
) -> bool:
    statuses = {s.stage: s.status for s in chain.stages}
    for key, expected in when.items():
        if key == "break":
            if chain.break_ is None or [chain.break_.from_stage, chain.break_.to_stage] != list(
                expected
            ):
                return False
        elif key == "verdict":
            if verdict.code != expected:
                return False
        elif key == "flag":
            if expected not in verdict.flags:
                return False
        elif key == "weak":
            if scorecard is None or expected not in scorecard.weak:
                return False
        elif key == "stage":
            if any(statuses.get(stage) not in allowed for stage, allowed in expected.items()):
                return False
        elif key == "link":
            from_stage, to_stage, status = expected
            if links is None or not any(
                (link.from_stage, link.to_stage, link.status) == (from_stage, to_stage, status)
                for link in links.links
            ):
                return False
        elif key == "link_evidence":
            if links is None or links.evidence != expected:
                return False
        else:
            raise ValueError(f"unknown condition {key!r} in questions.yaml")
    return True


def choose_questions(
    verdict: Verdict,
    chain: Chain,
    scorecard: Scorecard | None,
    links: LinkAnalysis | None = None,
) -> tuple[Question, ...]:
    chosen: list[Question] = []
    seen: set[str] = set()
    for rule in rules():
        if not _matches(rule["when"], verdict, chain, scorecard, links):
            continue
        for text in rule["questions"]:
            if text not in seen:
                seen.add(text)
                chosen.append(Question(text=text, because=rule["because"], topic=rule["topic"]))
    return tuple(chosen)
