"""The ``valaudit`` app with every command registered, in the order ``valaudit --help`` lists
them. Importing this module is what loads typer; :mod:`valaudit.cli` does it only when a
command line needs more than the version."""

from __future__ import annotations

from valaudit.cli import audit, batch, init, schema, scorecard, validate
from valaudit.cli.root import app

__all__ = ["app"]

app.command()(validate.validate)
app.command()(audit.audit)
app.command()(schema.schema)
app.command()(batch.batch)
app.command("init")(init.init_command)
app.command("scorecard")(scorecard.scorecard_command)
