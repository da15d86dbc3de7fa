"""``valaudit schema``: print one of the JSON Schemas valaudit ships."""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

from enum import StrEnum
from typing import Annotated

import typer

from valaudit import console


class SchemaName(StrEnum):
    thesis = "thesis"
    report = "report"
    validation = "validation"


def schema(
    name: Annotated[
        SchemaName, typer.Argument(help="Which schema: thesis, report or validation.")
    ] = SchemaName.thesis,
) -> None:
    """Print a JSON Schema: the thesis format, the JSON report, or the validation result."""
    from valaudit.schemas import schema_text

    console.emit(schema_text(name.value))
