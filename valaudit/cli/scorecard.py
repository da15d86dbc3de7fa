"""``valaudit scorecard``: the operating-model questions, recorded in the thesis."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

import sys
from pathlib import Path
from typing import Annotated

import typer

from valaudit import console
from valaudit.exit_codes import ExitCode


def scorecard_command(
    path: Annotated[
        str, typer.Argument(help="The audit folder, or its valaudit.yaml.", show_default=False)
    ],
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Take the answers from this YAML file (question id: 1..5) instead of asking.",
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            help="Also write the answers to FILE, to keep them or to re-run with --answers.",
        ),
    ] = None,
) -> None:
    """Ask the Theory–Reality Gap questions and record the scores in the thesis.

    About twelve minutes: two or three questions for each operating-model dimension, answered
    from 1 (weak) to 5 (strong). Each dimension scores the mean of its answers, rounded half
    up; the scores are written to operating_model in valaudit.yaml, leaving the rest of the
    file (comments included) as it was. 'valaudit audit' then shows the scorecard.

    Exit code 0 when recorded; 3 when the answers file or the thesis is invalid (each problem
    with its location); 2 on a usage error, when the input ends early or a file cannot be
    written; 130 when interrupted (nothing is recorded).
    """
    import shlex

    from valaudit.errors import ValauditError
    from valaudit.load.paths import resolve_target
    from valaudit.onboarding import questionnaire
    from valaudit.onboarding.answers import answers_yaml, read_answers
    from valaudit.onboarding.record import check_recordable, record_in_thesis
    from valaudit.output import write_atomic

    target = resolve_target(path)
    check_recordable(target.thesis, target.display)
    given = read_answers(answers, str(answers)) if answers is not None else _ask_questions()
    scores, card = questionnaire.score(given)
    try:
        if save_answers is not None:
            write_atomic(save_answers, answers_yaml(given))
        previous = record_in_thesis(target.thesis, target.display, scores)
    except ValauditError as error:
        if answers is None:  # typed in for twelve minutes: do not lose them
            error.add_note(
                "The thesis was not changed. Your answers, to save and pass back with "
                "--answers:\n" + answers_yaml(given)
            )
        raise
    console.emit(questionnaire.result_text(scores, card, previous))
    console.emit(
        f"Recorded under operating_model in {target.display}"
        + (f"; answers saved to {save_answers}" if save_answers is not None else "")
        + f".\nSee it in the report: valaudit audit {shlex.quote(target.folder_display)}\n"
    )


def _ask_questions() -> dict[str, int]:
    """The interactive questionnaire: one prompt per question, re-asked until 1..5."""
    from valaudit.onboarding import questionnaire
    from valaudit.onboarding.answers import parse_answer

    def answer(text: str) -> int:
        value = parse_answer(text)
        if value is None:
            raise typer.BadParameter(f"{text.strip()!r} is not an answer: type 1, 2, 3, 4 or 5.")
        return value

    total = len(questionnaire.questions())
    given: dict[str, int] = {}
    console.emit(questionnaire.introduction())
    try:
        for number, dimension in enumerate(questionnaire.dimensions(), start=1):
            console.emit(questionnaire.dimension_heading(dimension, number))
            for question in dimension.questions:
                shown = questionnaire.question_text(
                    question, len(given) + 1, total, console.width()
                )
                console.emit("\n" + shown)
                given[question.id] = typer.prompt("   Your answer (1-5)", value_proc=answer)
    except (typer.Abort, KeyboardInterrupt):
        if sys.stdin.isatty():
            sys.stderr.write("\nvalaudit: stopped; nothing was recorded.\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        sys.stderr.write(
            f"\nvalaudit: the input ended after {len(given)} of {total} answers; nothing was "
            "recorded. To answer from a file, use --answers FILE.\n"
        )
        raise typer.Exit(ExitCode.USAGE) from None
    return given
