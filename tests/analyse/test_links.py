"""Link analysis: what the links say about the break, and the questions they ask."""

from __future__ import annotations

from valaudit.analyse.links import _evidence
from valaudit.analyse.questions import choose_questions
from valaudit.model.codes import Flag, StageStatus, VerdictCode
from valaudit.model.links import Link, LinkAnalysis, LinkEvidence, LinkStatus
from valaudit.model.report import Chain, ChainBreak, StageResult, Verdict


def link(from_stage: str, to_stage: str, status: LinkStatus) -> Link:
    return Link(
        from_stage, to_stage, status, "reason", ("a",), ("b",), "min", "tickets", 12,
        0.5, -1.0, 2.0, 0.0, 0.1, 20.0, 0.9, 0.001, 0.99, None, (), "words",
    )  # fmt: skip


def chain(break_: tuple[str, str] | None) -> Chain:
    stages = tuple(
        StageResult(stage, StageStatus.FLAT, (), "")
        for stage in ("implementation", "adoption", "productivity", "throughput", "customer",
                      "financial")
    )  # fmt: skip
    return Chain(stages, ChainBreak(*break_) if break_ else None)


def test_a_non_converting_link_at_the_break_confirms_it() -> None:
    links = [
        link("adoption", "productivity", LinkStatus.CONVERTING),
        link("productivity", "throughput", LinkStatus.NOT_CONVERTING),
    ]
    evidence, summary = _evidence(links, chain(("productivity", "throughput")))
    assert evidence == LinkEvidence.CONFIRMS
    assert summary == (
        "The segments confirm the break between productivity and throughput: slope +0.5 "
        "(−1 to +2), 12 segments, against +20 the thesis implies."
    )


def test_a_converting_link_at_the_break_contradicts_it() -> None:
    evidence, summary = _evidence(
        [link("productivity", "throughput", LinkStatus.CONVERTING)],
        chain(("productivity", "throughput")),
    )
    assert evidence == LinkEvidence.CONTRADICTS
    assert summary is not None and "but across segments that link converts" in summary


def test_a_break_the_stages_do_not_show_contradicts_them() -> None:
    evidence, summary = _evidence(
        [link("adoption", "productivity", LinkStatus.NOT_CONVERTING)], chain(None)
    )
    assert evidence == LinkEvidence.CONTRADICTS
    assert summary is not None and summary.startswith(
        "Across segments the link adoption → productivity does not convert:"
    )


def test_inconclusive_links_add_nothing() -> None:
    evidence, summary = _evidence(
        [link("productivity", "throughput", LinkStatus.INCONCLUSIVE)],
        chain(("productivity", "throughput")),
    )
    assert (evidence, summary) == (LinkEvidence.SILENT, None)


def test_questions_adapt_to_link_evidence() -> None:
    verdict = Verdict(VerdictCode.PARTIALLY_REALIZED, "", (Flag.NO_WORKFLOW_REDESIGN,), "")
    stage_chain = chain(("productivity", "throughput"))
    analysis = LinkAnalysis(
        (link("productivity", "throughput", LinkStatus.CONVERTING),),
        None, None, LinkEvidence.CONTRADICTS, "summary",
    )  # fmt: skip
    without = {q.text for q in choose_questions(verdict, stage_chain, None)}
    with_links = {q.text for q in choose_questions(verdict, stage_chain, None, analysis)}
    added = with_links - without
    assert (
        "Which segments converted and which did not, and what do the converting ones do "
        "differently?"
    ) in added
    assert not without - with_links
