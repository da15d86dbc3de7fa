"""The command line: the only module that parses arguments, prints and picks exit codes.

Heavy libraries (pandas, jsonschema, openpyxl) are imported inside the commands that need
them, so ``valaudit --version`` and ``--help`` start as fast as a bare typer app.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from valaudit import __version__

if TYPE_CHECKING:
    from valaudit.load.sheet_prefetch import SheetPrefetch

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3

app = typer.Typer(
    name="valaudit",
    help="Audit where an investment's value leaks between implementation and financial results.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"
    junit = "junit"
    github = "github"


class Gate(StrEnum):
    invalid = "invalid"
    stalled = "stalled"
    no_outcome = "no-outcome"
    not_realized = "not-realized"
    guardrail = "guardrail"
    off_track = "off-track"


class SchemaName(StrEnum):
    thesis = "thesis"
    report = "report"
    validation = "validation"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"valaudit {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """valaudit reads an investment thesis (valaudit.yaml) and KPI tables, and reports where value
    leaks."""


def _is_tty() -> bool:
    return sys.stdout.isatty()


def _use_color(no_color: bool) -> bool:
    return _is_tty() and not no_color and "NO_COLOR" not in os.environ


def _width() -> int:
    if _is_tty():
        return max(60, min(os.get_terminal_size().columns, 160))
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and 40 <= int(columns) <= 400 else 100


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


NoColor = Annotated[
    bool, typer.Option("--no-color", help="Plain output without colour (NO_COLOR is honoured too).")
]
AllowOutside = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help="Let data paths point outside the audit folder (trusted theses only).",
    ),
]


@app.command()
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help="Audit folders, or their valaudit.yaml files.", show_default=False),
    ],
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal (default on a terminal), text (default when piped), json, github.",
        ),
    ] = None,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Check theses and KPI tables; list every problem with its file, sheet, row, column or line.

    Exit code 0 when everything is valid, 3 when any folder has an error. Warnings never change
    the exit code.
    """
    prefetch = _prefetch_sheets(paths, allow_outside)
    from valaudit.render import VALIDATION_FORMATS, renderer
    from valaudit.render.options import RenderOptions
    from valaudit.validate.folder import validate_folder

    results = [
        validate_folder(path, allow_outside=allow_outside, prefetch=prefetch) for path in paths
    ]
    name = output_format.value if output_format else ("terminal" if _is_tty() else "text")
    options = RenderOptions(
        color=name == "terminal" and _use_color(no_color), width=_width(), terminal=_is_tty()
    )
    _emit(renderer(name, VALIDATION_FORMATS).render_validation(results, options))
    raise typer.Exit(EXIT_INVALID if any(r.errors for r in results) else EXIT_OK)


def _parse_date(value: str | None) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; write it as YYYY-MM-DD.", param_hint="'--as-of'"
        ) from None


def _output_formats(outputs: list[Path]) -> list[tuple[Path, str]]:
    from valaudit.render import SUFFIX_FORMATS

    planned = []
    for path in outputs:
        name = SUFFIX_FORMATS.get(path.suffix.lower())
        if name is None:
            raise typer.BadParameter(
                f"Cannot tell the format of {path} from its suffix; use one of "
                + ", ".join(sorted(SUFFIX_FORMATS))
                + ".",
                param_hint="-o/--output",
            )
        planned.append((path, name))
    return planned


@app.command()
def audit(
    path: Annotated[
        str, typer.Argument(help="The audit folder, or its valaudit.yaml.", show_default=False)
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge as of this date (YYYY-MM-DD). Default: the thesis's review_date, "
            "else the latest period in the data.",
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal (default on a terminal), text (default when piped), json, markdown, "
            "html, junit, github.",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the report to FILE; the format comes from the suffix "
            "(.json .md .html .xlsx .xml .txt). Repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        list[Gate] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this gate trips: invalid, stalled, no-outcome, not-realized, "
            "guardrail, off-track. Repeatable.",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing but gate failures; still write -o files."
        ),
    ] = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Validate, analyse and report one audit folder: the verdict, the chain and where it breaks.

    Exit code 0 when done, 1 when a --fail-on gate trips, 2 on a usage error, 3 when the input
    is invalid (the errors are listed as by 'valaudit validate').
    """
    as_of_date = _parse_date(as_of)
    planned = _output_formats(output or [])
    prefetch = _prefetch_sheets([path], allow_outside)
    from dataclasses import replace

    from valaudit.analyse.audit import run_audit
    from valaudit.gates import evaluate_gates
    from valaudit.output import write_atomic
    from valaudit.render import VALIDATION_FORMATS, renderer
    from valaudit.render.options import RenderOptions
    from valaudit.validate.folder import validate_folder

    name = output_format.value if output_format else ("terminal" if _is_tty() else "text")
    options = RenderOptions(
        color=name == "terminal" and _use_color(no_color), width=_width(), terminal=_is_tty()
    )
    validation = validate_folder(path, allow_outside=allow_outside, prefetch=prefetch)
    if not validation.valid:
        # The same located errors as `validate`; on stderr when --quiet keeps stdout clean.
        shown = name if name in VALIDATION_FORMATS else "text"
        text = renderer(shown, VALIDATION_FORMATS).render_validation([validation], options)
        (sys.stderr.write if quiet else _emit)(text)
        raise typer.Exit(EXIT_INVALID)
    report = run_audit(validation, as_of_date)
    gates = evaluate_gates(report, tuple(g.value for g in fail_on or []))
    # CI formats point at the thesis as the user named it; junit lists the gates as tests.
    thesis_path, gate_results = validation.target, tuple(gates)
    options = replace(options, thesis_path=thesis_path, gates=gate_results)
    file_options = RenderOptions(width=100, thesis_path=thesis_path, gates=gate_results)
    files = [(target, renderer(fmt).render_report(report, file_options)) for target, fmt in planned]
    from valaudit.errors import OutputError

    try:
        for target, content in files:
            write_atomic(target, content)
    except OutputError as error:
        sys.stderr.write(f"valaudit: {error}\n")
        raise typer.Exit(error.exit_code) from None
    if not quiet:
        _emit(_as_text(renderer(name).render_report(report, options)))
    if name == "github":
        _append_step_summary(renderer("markdown").render_report(report, file_options))
    tripped = [g for g in gates if g.tripped]
    for gate in tripped:
        sys.stderr.write(f"valaudit: gate '{gate.gate}' tripped: {gate.reason}\n")
    raise typer.Exit(EXIT_GATE if tripped else EXIT_OK)


def _as_text(content: str | bytes) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


def _append_step_summary(markdown: str | bytes) -> None:
    """In a GitHub Actions job, add the Markdown report to the job's summary page.

    Only with ``--format github``: the user asked for GitHub integration, and other formats
    run in Actions (a JSON export, say) should not grow the summary behind their back. A
    summary that cannot be written is a warning, never a failed audit.
    """
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    try:
        with Path(summary).open("a", encoding="utf-8") as stream:
            stream.write(_as_text(markdown) + "\n")
    except OSError as error:
        sys.stderr.write(
            f"valaudit: cannot append to GITHUB_STEP_SUMMARY: {error.strerror or error}\n"
        )


@app.command()
def schema(
    name: Annotated[
        SchemaName, typer.Argument(help="Which schema: thesis, report or validation.")
    ] = SchemaName.thesis,
) -> None:
    """Print a JSON Schema: the thesis format, the JSON report, or the validation result."""
    from valaudit.schemas import schema_text

    _emit(schema_text(name.value))


class BatchFormat(StrEnum):
    terminal = "terminal"
    text = "text"
    json = "json"
    markdown = "markdown"


class ExecutorName(StrEnum):
    local = "local"
    dask = "dask"


def _portfolio_outputs(outputs: list[Path]) -> list[tuple[Path, str]]:
    from valaudit.batch.render import SUFFIX_FORMATS

    planned = []
    for path in outputs:
        name = SUFFIX_FORMATS.get(path.suffix.lower())
        if name is None:
            raise typer.BadParameter(
                f"Cannot tell the format of {path} from its suffix; use one of "
                + ", ".join(sorted(SUFFIX_FORMATS))
                + ".",
                param_hint="-o/--output",
            )
        planned.append((path, name))
    return planned


def _folder_report_formats(names: list[str] | None) -> tuple[str, ...]:
    from valaudit.batch.reports import file_formats

    available = file_formats()
    chosen = tuple(dict.fromkeys(names or ["json"]))
    for name in chosen:
        if name not in available:
            raise typer.BadParameter(
                f"{name!r} is not a report format this installation can write; use one of "
                + ", ".join(available)
                + ".",
                param_hint="--report-format",
            )
    return chosen


@app.command()
def batch(
    root: Annotated[
        Path,
        typer.Argument(
            help="The folder to search: every folder under it that holds a valaudit.yaml "
            "is audited.",
            exists=True,
            file_okay=False,
            dir_okay=True,
            show_default=False,
        ),
    ],
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Folders audited at once. Default: the number of CPUs; 1 runs in this process.",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        ExecutorName | None,
        typer.Option(
            "--executor",
            help="local (a process pool on this machine; the default) or dask (a "
            "dask.distributed cluster: pip install 'valaudit[dask]').",
            show_default=False,
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Dask scheduler to send the folders to (implies --executor dask). ROOT must "
            "be the same path on its workers. Default: a local Dask cluster of --jobs workers.",
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            metavar="GLOB",
            help="Audit only folders whose path under ROOT matches (e.g. 'clients/**'); "
            "* stays within a folder name, ** spans folders. Repeatable.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="GLOB",
            help="Skip folders whose path under ROOT, or a parent's, matches (e.g. "
            "'**/archive'). Repeatable.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            file_okay=False,
            help="Also write each folder's own report here, named after its path under ROOT "
            "(clients/acme -> clients__acme.json). Created if missing.",
        ),
    ] = None,
    report_format: Annotated[
        list[str] | None,
        typer.Option(
            "--report-format",
            metavar="FORMAT",
            help="Format of the reports in --out-dir: json (default), markdown, html, xlsx, "
            "junit, text. Repeatable.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge every folder as of this date (YYYY-MM-DD). Default: each thesis's "
            "review_date, else the latest period in its data.",
        ),
    ] = None,
    output_format: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal (default on a terminal), text (default when piped), json, markdown.",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the portfolio to FILE; the format comes from the suffix "
            "(.csv .json .xlsx .md .txt). Written only when every folder has been run. "
            "Repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        list[Gate] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this gate trips in any folder: invalid, stalled, no-outcome, "
            "not-realized, guardrail, off-track. Repeatable.",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print nothing but gate failures; still write -o files."
        ),
    ] = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Audit every folder under ROOT that holds a valaudit.yaml, in parallel; print the portfolio.

    One row per folder (sorted by path): initiative, verdict, break, realization, ROI, flags,
    or the error. One broken folder never stops the others. Hidden folders are not searched,
    and links leading out of ROOT are not followed.

    Exit code 3 when any folder is invalid or crashed (a crashed folder is a bug in valaudit:
    it has no audit, so it counts like an invalid one) or when no audit folder is found; else
    1 when a --fail-on gate trips in any folder; else 0. 2 on a usage error, when dask is not
    installed or its scheduler cannot be reached, or when an output file cannot be written.
    130 when interrupted with Ctrl-C: the folders that finished are still listed.
    """
    as_of_date = _parse_date(as_of)
    planned = _portfolio_outputs(output or [])
    formats = _folder_report_formats(report_format)
    if scheduler is not None and executor == ExecutorName.local:
        raise typer.BadParameter(
            "--scheduler sends folders to Dask; use it with --executor dask.",
            param_hint="--scheduler",
        )
    kind = executor or (ExecutorName.dask if scheduler else ExecutorName.local)
    from valaudit.batch import messages
    from valaudit.batch.errors import BatchSetupError
    from valaudit.batch.executors import default_jobs, make_executor
    from valaudit.batch.portfolio import build_portfolio
    from valaudit.batch.progress import progress_wanted, with_progress
    from valaudit.batch.render import portfolio_renderer
    from valaudit.batch.run import collect, folder_task, plan_batch
    from valaudit.batch.task import TaskOptions
    from valaudit.crash import EXIT_INTERRUPTED
    from valaudit.errors import OutputError
    from valaudit.output import write_atomic
    from valaudit.render.options import RenderOptions

    if kind == ExecutorName.dask:
        from valaudit.batch.executors.dask_cluster import require_distributed

        try:
            require_distributed()
        except BatchSetupError as error:
            sys.stderr.write(f"valaudit: {error}\n")
            raise typer.Exit(error.exit_code) from None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            sys.stderr.write(f"valaudit: Cannot create {out_dir}: {error.strerror or error}.\n")
            raise typer.Exit(EXIT_USAGE) from None
    plan = plan_batch(root, include or [], exclude or [])
    if not quiet:
        for line in messages.skipped_lines(plan.skipped):
            sys.stderr.write(line)
    if not plan.jobs:
        sys.stderr.write(messages.no_folders_line(str(root), bool(include or exclude)))
        raise typer.Exit(EXIT_INVALID)
    workers = jobs or default_jobs()
    options = TaskOptions(
        root=str(plan.root),
        as_of=as_of_date,
        gates=tuple(g.value for g in fail_on or []),
        allow_outside=allow_outside,
        out_dir=str(out_dir.resolve()) if out_dir is not None else None,
        report_formats=formats,
    )
    try:
        runner = make_executor(kind.value, min(workers, len(plan.jobs)), scheduler)
        stream = runner.run(folder_task(options), plan.jobs)
        rows, interrupted = collect(with_progress(stream, len(plan.jobs), progress_wanted(quiet)))
    except BatchSetupError as error:
        sys.stderr.write(f"valaudit: {error}\n")
        raise typer.Exit(error.exit_code) from None
    portfolio = build_portfolio(rows, planned=len(plan.jobs))
    name = output_format.value if output_format else ("terminal" if _is_tty() else "text")
    shown = RenderOptions(
        color=name == "terminal" and _use_color(no_color), width=_width(), terminal=_is_tty()
    )
    if not interrupted:
        files = [
            (target, portfolio_renderer(fmt).render_portfolio(portfolio, RenderOptions(width=100)))
            for target, fmt in planned
        ]
        try:
            for target, content in files:
                write_atomic(target, content)
        except OutputError as error:
            sys.stderr.write(f"valaudit: {error}\n")
            raise typer.Exit(error.exit_code) from None
    if not quiet:
        _emit(_as_text(portfolio_renderer(name).render_portfolio(portfolio, shown)))
    for line in messages.gate_lines(portfolio):
        sys.stderr.write(line)
    if interrupted:
        sys.stderr.write(
            f"valaudit: interrupted: {len(rows):,} of {len(plan.jobs):,} folders done"
            + ("; no -o file was written.\n" if planned else ".\n")
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    if portfolio.any_invalid:
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_GATE if portfolio.any_gate_tripped else EXIT_OK)


class InitiativeType(StrEnum):
    ai = "ai"
    erp = "erp"
    crm = "crm"
    training = "training"
    restructuring = "restructuring"
    process = "process"
    leadership = "leadership"
    other = "other"


@app.command("init")
def init_command(
    folder: Annotated[
        Path,
        typer.Argument(help="The audit folder to start; created if missing.", show_default=False),
    ],
    initiative_type: Annotated[
        InitiativeType,
        typer.Option(
            "--type",
            "-t",
            help="The kind of initiative: picks the typical KPIs of each stage, a guardrail "
            "and the benefits.",
            case_sensitive=False,
        ),
    ] = InitiativeType.other,
    force: Annotated[
        bool,
        typer.Option("--force", help="Overwrite the template files if they already exist."),
    ] = False,
) -> None:
    """Start an audit folder: a commented thesis (valaudit.yaml) and a KPI workbook.

    Writes valaudit.yaml, every key explained and pre-filled for the initiative type;
    data/kpis.xlsx, a workbook with a drop-down of the KPI ids and example rows dated before
    the placeholder go-live; and .valaudit/thesis.schema.json, which lets editors complete and
    check the thesis. The folder validates and audits (to insufficient_data) as written.

    Exit code 0 when written; 2 when a file already exists (nothing is written; --force
    overwrites) or cannot be written.
    """
    from valaudit.errors import ValauditError
    from valaudit.onboarding.scaffold import init_folder, next_steps

    try:
        result = init_folder(folder, initiative_type.value, force=force)
    except ValauditError as error:
        sys.stderr.write(f"valaudit: {error}\n")
        raise typer.Exit(error.exit_code) from None
    _emit(next_steps(result, str(folder)))


@app.command("scorecard")
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

    from valaudit.errors import OutputError
    from valaudit.load.paths import resolve_target
    from valaudit.onboarding import questionnaire
    from valaudit.onboarding.answers import answers_yaml, read_answers
    from valaudit.onboarding.errors import ScorecardInputError
    from valaudit.onboarding.messages import problems_text
    from valaudit.onboarding.record import check_recordable, record_in_thesis

    target = resolve_target(path)
    try:
        check_recordable(target.thesis, target.display)
        given = (
            read_answers(answers, str(answers))
            if answers is not None
            else _ask_scorecard_questions()
        )
    except ScorecardInputError as error:
        sys.stderr.write(problems_text(error.problems))
        raise typer.Exit(error.exit_code) from None
    scores, card = questionnaire.score(given)
    try:
        if save_answers is not None:
            from valaudit.output import write_atomic

            write_atomic(save_answers, answers_yaml(given))
        previous = record_in_thesis(target.thesis, target.display, scores)
    except (ScorecardInputError, OutputError) as error:
        if isinstance(error, ScorecardInputError):
            sys.stderr.write(problems_text(error.problems))
        else:
            sys.stderr.write(f"valaudit: {error}\n")
        if answers is None:
            sys.stderr.write(
                "The thesis was not changed. Your answers, to save and pass back with "
                "--answers:\n" + answers_yaml(given)
            )
        raise typer.Exit(error.exit_code) from None
    _emit(questionnaire.result_text(scores, card, previous))
    _emit(
        f"Recorded under operating_model in {target.display}"
        + (f"; answers saved to {save_answers}" if save_answers is not None else "")
        + f".\nSee it in the report: valaudit audit {shlex.quote(target.folder_display)}\n"
    )


def _ask_scorecard_questions() -> dict[str, int]:
    """The interactive questionnaire: one prompt per question, re-asked until 1..5."""
    from valaudit.crash import EXIT_INTERRUPTED
    from valaudit.onboarding import questionnaire
    from valaudit.onboarding.answers import parse_answer

    def answer(text: str) -> int:
        value = parse_answer(text)
        if value is None:
            raise typer.BadParameter(f"{text.strip()!r} is not an answer: type 1, 2, 3, 4 or 5.")
        return value

    total = len(questionnaire.questions())
    given: dict[str, int] = {}
    _emit(questionnaire.introduction())
    try:
        for number, dimension in enumerate(questionnaire.dimensions(), start=1):
            _emit(questionnaire.dimension_heading(dimension, number))
            for question in dimension.questions:
                shown = questionnaire.question_text(question, len(given) + 1, total, _width())
                _emit("\n" + shown)
                given[question.id] = typer.prompt("   Your answer (1-5)", value_proc=answer)
    except (typer.Abort, KeyboardInterrupt):
        if sys.stdin.isatty():
            sys.stderr.write("\nvalaudit: stopped; nothing was recorded.\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        sys.stderr.write(
            f"\nvalaudit: the input ended after {len(given)} of {total} answers; nothing was "
            "recorded. To answer from a file, use --answers FILE.\n"
        )
        raise typer.Exit(EXIT_USAGE) from None
    return given


def _prefetch_sheets(paths: list[str], allow_outside: bool) -> SheetPrefetch | None:
    """Start reading the first folder's thesis and Excel sheet before pandas and the analysis
    load; the validation takes both from the prefetch returned.

    Only the first: its parse overlaps the imports; later folders would only pile parsed
    sheets up in memory ahead of their turn.
    """
    from valaudit.load.sheet_prefetch import SheetPrefetch

    return SheetPrefetch.start(paths[0], allow_outside=allow_outside) if paths else None


def main() -> None:
    """Console entry point: runs the app and turns anything unexpected into a bug report."""
    from valaudit.crash import run_guarded

    code = run_guarded(app, debug="--debug" in sys.argv[1:])
    if "multiprocessing" in sys.modules:
        sys.exit(code)  # batch: let the pool's exit handlers run
    _exit_without_teardown(code)


def _exit_without_teardown(code: int) -> None:
    """Flush what was printed and leave, skipping the interpreter's teardown.

    With a million rows loaded, freeing every object and module one by one costs 0.1-0.15 s
    and achieves nothing: output files are already closed and renamed into place, and
    nothing else is registered to run at exit outside batch runs.
    """
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to deliver
            stream.flush()
    os._exit(code)
