"""The ``valaudit`` command group: its root options, and where a user error ends a command.

Every command is a function in its own module of this package that parses its options,
calls :mod:`valaudit.api`, prints the result and exits. What they have in common is here: a
:class:`~valaudit.errors.ValauditError` raised anywhere under a command ends it through
:func:`valaudit.crash.user_error` (its message, its exit code), and ``--debug`` is known to
every command as well as to ``valaudit`` itself.
"""

# No `from __future__ import annotations`: typer reads the commands' signatures at every
# start, and a string annotation costs it a compile and an eval (see cli/__init__.py).

from typing import Annotated, Any

import typer
from typer.core import TyperGroup, TyperOption

from valaudit import __version__
from valaudit.exit_codes import ExitCode

DEBUG_HELP = "On an internal error, show the traceback instead of writing a crash report."


def _note_debug(ctx: typer.Context, _param: Any, value: bool) -> bool:
    """Tell the error handler (our context object, when run by run_guarded) about --debug."""
    if value and hasattr(ctx.obj, "debug"):
        ctx.obj.debug = True
    return value


class ValauditGroup(TyperGroup):
    """The command group, with the two things every command shares."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            # `valaudit audit X --debug` works too, as the crash message invites; the option
            # is documented once, on `valaudit` itself.
            command.params.append(
                TyperOption(
                    param_decls=["--debug"],
                    is_flag=True,
                    default=False,
                    hidden=True,
                    expose_value=False,
                    callback=_note_debug,
                    help=DEBUG_HELP,
                )
            )

    def invoke(self, ctx: Any) -> Any:
        from valaudit.blas import one_blas_thread
        from valaudit.errors import ValauditError  # not at import: --version stays cheap
        from valaudit.memory import keep_freed_memory

        keep_freed_memory()  # this process is ours: large tables reuse freed memory
        one_blas_thread()  # and starts no BLAS threads it would not use
        try:
            return super().invoke(ctx)
        except ValauditError as error:
            from valaudit.crash import user_error

            raise typer.Exit(user_error(error)) from None


app = typer.Typer(
    name="valaudit",
    cls=ValauditGroup,
    help="Audit where an investment's value leaks between implementation and financial results.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"valaudit {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    """valaudit reads an investment thesis (valaudit.yaml) and KPI tables, and reports where value
    leaks."""
    _note_debug(ctx, None, debug)
