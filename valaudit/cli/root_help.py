"""What ``valaudit --help`` prints where its help is at its widest: typer's own text, kept.

Printed by :func:`valaudit.cli.main` without loading typer, which is most of a start (60 of the
90 ms ``--help`` took). click wraps help to the terminal, up to 80 columns; on a narrower one,
or under another program name, the app prints its help itself. tests/cli/test_root_help.py
compares this text with the app's: when a command or a root option changes, it fails and
shows the new text.
"""

TEXT = """\
Usage: valaudit [OPTIONS] COMMAND [ARGS]...

  Audit where an investment's value leaks between implementation and financial
  results.

Options:
  --version             Show the version and exit.
  --debug               On an internal error, show the traceback instead of
                        writing a crash report.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  validate   Check theses and KPI tables; list every problem with its...
  audit      Validate, analyse and report one audit folder: the verdict,...
  schema     Print a JSON Schema: the thesis format, the JSON report, or...
  batch      Audit every folder under ROOT that holds a valaudit.yaml, in...
  init       Start an audit folder: a commented thesis (valaudit.yaml)...
  scorecard  Ask the Theory–Reality Gap questions and record the scores...
"""
