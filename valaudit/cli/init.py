"""``valaudit init``: start an audit folder from a commented template."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from valaudit import console


class InitiativeType(StrEnum):
    ai = "ai"
    erp = "erp"
    crm = "crm"
    training = "training"
    restructuring = "restructuring"
    process = "process"
    leadership = "leadership"
    other = "other"


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
    from valaudit.onboarding.scaffold import init_folder, next_steps

    result = init_folder(folder, initiative_type.value, force=force)
    console.emit(next_steps(result, str(folder)))
