"""``valaudit batch``: audit every folder under ROOT in parallel and print the portfolio."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

import sys
from pathlib import Path
from typing import Annotated

import typer

from valaudit import console
from valaudit.cli.options import (
    AllowOutside,
    NoColor,
    PortfolioFormat,
    Quiet,
    format_help,
    output_targets,
    parse_date,
    require_compare,
    suffix_help,
)
from valaudit.exit_codes import ExitCode
from valaudit.limits import FOLDER_TIMEOUT_SECONDS
from valaudit.model.run_codes import ExecutorKind, Gate, PortfolioGroup, PortfolioSort
from valaudit.render import file_format_names


def _report_formats(names: list[str] | None) -> tuple[str, ...]:
    """The ``--report-format`` values, each once; one that cannot be a file is a usage error."""
    available = sorted(file_format_names("report"))
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


def _report_formats_help() -> str:
    rest = [name for name in file_format_names("report") if name != "json"]
    return (
        "Format of the reports in --out-dir: json (default), " + ", ".join(rest) + ". Repeatable."
    )


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
            help="Folders audited at once. Default: one worker per 150 folders, up to the "
            "CPUs not busy with other work (see docs/cli.md). With --folder-timeout 0, 1 runs "
            "the folders in this process.",
            show_default=False,
        ),
    ] = None,
    folder_timeout: Annotated[
        float,
        typer.Option(
            "--folder-timeout",
            metavar="SECONDS",
            min=0,
            help="Stop a folder that takes longer than this: it gets a 'timeout' error and "
            f"the other folders go on. 0: no limit. Default: {FOLDER_TIMEOUT_SECONDS:g}. "
            "With a limit every folder runs in a worker process, --jobs 1 included.",
            show_default=False,
        ),
    ] = FOLDER_TIMEOUT_SECONDS,
    executor: Annotated[
        ExecutorKind | None,
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
        typer.Option("--report-format", metavar="FORMAT", help=_report_formats_help()),
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
        PortfolioFormat | None,
        typer.Option("--format", "-f", help=format_help("portfolio")),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the portfolio to FILE; the format comes from the suffix "
            f"{suffix_help('portfolio')}. Written only when every folder has been run. "
            "Repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        list[Gate] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when this gate trips in any folder: " + ", ".join(Gate) + ". Repeatable.",
        ),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            metavar="FILE",
            help="Also show what changed since an earlier JSON portfolio (an earlier run's -o "
            "portfolio.json): per folder, its verdict move and realization change (folders "
            "matched by path); for the portfolio, verdict moves, folders new or gone, and benefit "
            "per currency. A file that is not a portfolio is a usage error (exit code 2).",
        ),
    ] = None,
    sort: Annotated[
        PortfolioSort,
        typer.Option(
            "--sort",
            help="Order of the folders in the portfolio people read (terminal, text, "
            "Markdown, CSV, XLSX, HTML; JSON stays in path order): path (default), name, "
            "client, verdict (most concerning first), break (along the chain), owner, "
            "realization and roi (lowest first), expected and cost (largest first).",
            show_default=False,
        ),
    ] = PortfolioSort.PATH,
    group_by: Annotated[
        PortfolioGroup | None,
        typer.Option(
            "--group-by",
            help="Show the folders in sections of one verdict, break, owner or client "
            "(sorted within each by --sort).",
            show_default=False,
        ),
    ] = None,
    client_level: Annotated[
        int,
        typer.Option(
            "--client-level",
            metavar="N",
            min=1,
            help="Which folder of a path under ROOT names the client, for the Client column "
            "and --group-by client: 1 (default) for ROOT/acme/..., 2 for "
            "ROOT/clients/acme/...",
            show_default=False,
        ),
    ] = 1,
    quiet: Quiet = False,
    no_color: NoColor = False,
    allow_outside: AllowOutside = False,
) -> None:
    """Audit every folder under ROOT that holds a valaudit.yaml, in parallel; print the portfolio.

    One row per folder (sorted by path, or as --sort and --group-by say): initiative,
    verdict, break, realization, ROI, flags and warnings, or the errors in full under the
    table. -o portfolio.html writes one self-contained page for a partner (verdict mix,
    money, where value stops, a table linking each folder's report in --out-dir);
    portfolio.xlsx a Summary sheet with a chart and the Portfolio sheet. One broken folder
    never stops the others. Hidden folders are not searched, and links leading out of ROOT
    are not followed.

    Exit code 3 when any folder is invalid, crashed or over --folder-timeout (a crashed folder
    is a bug in valaudit: it has no audit, so it counts like an invalid one) or when no audit
    folder is found; else 1 when a --fail-on gate trips in any folder; else 0. 2 on a usage
    error, when dask is not installed, when its scheduler cannot be reached, does not answer,
    has no workers or runs other versions, when an output file cannot be written, or when the
    --compare file is not a portfolio. 130 when interrupted with Ctrl-C, 143 when stopped by
    SIGTERM: the workers are stopped at once and the folders that finished are still listed.

    Files never outlive their run: each folder's file in --out-dir holds its report, or its
    errors (or the crash) in that format, and the file of a folder not reached is removed;
    when the portfolio is not written (interrupted, or it cannot be), any -o file an earlier
    run left is removed. -o and --out-dir inside an audit folder are refused before the run.
    """
    as_of_date = parse_date(as_of)
    targets = output_targets(output or [], "portfolio")
    formats = _report_formats(report_format)
    require_compare(fail_on, compare)
    if scheduler is not None and executor == ExecutorKind.LOCAL:
        raise typer.BadParameter(
            "--scheduler sends folders to Dask; use it with --executor dask.",
            param_hint="--scheduler",
        )
    from dataclasses import replace

    from valaudit import api
    from valaudit.batch import messages
    from valaudit.batch.progress import progress_wanted, with_progress
    from valaudit.cli.audit import append_step_summary
    from valaudit.output import remove_all
    from valaudit.render import portfolio_renderer
    from valaudit.render.options import RenderOptions

    previous = api.read_previous_portfolio(compare)  # a file that is no portfolio is exit 2
    request = api.BatchRequest(
        root=root,
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        as_of=as_of_date,
        gates=tuple(fail_on or ()),
        allow_outside=allow_outside,
        out_dir=out_dir,
        report_formats=formats,
        compare=previous,
        folder_timeout=folder_timeout or None,
    )
    plan = api.prepare_batch(request)
    outputs = [target for target, _ in targets]
    api.check_batch_outputs(plan, outputs)
    if not quiet:
        for line in messages.skipped_lines(plan.skipped):
            sys.stderr.write(line)
    enabled = progress_wanted(quiet)
    try:
        result = api.run_batch(
            request, plan=plan, progress=lambda rows, total: with_progress(rows, total, enabled)
        )
    except BaseException:
        # No portfolio (a bug, Ctrl-C before any row): no earlier one may look like this run's.
        remove_all(outputs)
        raise
    portfolio = result.portfolio
    arrangement = RenderOptions(sort=sort, group_by=group_by, client_level=client_level)
    if result.interrupted:
        remove_all(outputs)
    else:
        # Files point CI annotations at each thesis from where the run started, as printed.
        api.write_portfolio(
            result,
            targets,
            options=replace(arrangement, width=100, root=str(root)),
            out_dir=out_dir,
        )
    name = console.chosen_format(output_format)
    if not quiet:
        shown = replace(
            console.options_for(name, no_color),
            root=str(root),
            sort=sort,
            group_by=group_by,
            client_level=client_level,
        )
        console.emit(portfolio_renderer(name).render_portfolio(portfolio, shown))
    if name == "github":
        summary = portfolio_renderer("markdown").render_portfolio(portfolio, RenderOptions())
        append_step_summary(summary if isinstance(summary, str) else summary.decode("utf-8"))
    for line in messages.gate_lines(portfolio):
        sys.stderr.write(line)
    if result.interrupted:
        sys.stderr.write(
            f"valaudit: {'stopped by SIGTERM' if result.terminated else 'interrupted'}: "
            f"{len(portfolio.rows):,} of {len(plan.jobs):,} folders done"
            + (
                "; no -o file was written (any left by an earlier run was removed).\n"
                if targets
                else ".\n"
            )
        )
        raise typer.Exit(ExitCode.TERMINATED if result.terminated else ExitCode.INTERRUPTED)
    if portfolio.any_invalid:
        raise typer.Exit(ExitCode.INVALID)
    raise typer.Exit(ExitCode.GATE if portfolio.any_gate_tripped else ExitCode.OK)
