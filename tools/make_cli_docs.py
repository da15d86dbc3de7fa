"""Write docs/cli.md from the live command tree: every command's --help, as users see it.

    python tools/make_cli_docs.py          # rewrite docs/cli.md
    python tools/make_cli_docs.py --check  # exit 1 if docs/cli.md is out of date

The help text comes from click's own formatter at a fixed width, so the file depends only on
the code: run it after adding or changing a command or an option (tests/test_docs.py fails
until you do).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"
#: Help is wrapped at this width whatever the terminal, so the file is the same everywhere.
WIDTH = 100

INTRODUCTION = """\
# Command-line reference

This page is generated from the commands' own `--help` by `tools/make_cli_docs.py`; do not edit
it by hand (`python tools/make_cli_docs.py` rewrites it, and the tests fail when it is out of
date). What the figures mean is in [method.md](method.md); how to write a thesis is in
[thesis-guide.md](thesis-guide.md) and [thesis-format.md](thesis-format.md).

Every command takes `-h`/`--help`. Exit codes: `0` done; `1` a `--fail-on` gate tripped; `2` a
command-line usage error (or a file that cannot be written, or that is an input, or a `--compare`
file that is not a comparable report); `3` input invalid or unreadable; `70` an internal error (a
bug: a crash report is written); `130` interrupted with Ctrl-C; `143` stopped by SIGTERM, which
every command handles like Ctrl-C (`batch` stops its workers at once and still lists the folders
that finished). Running valaudit in CI (the GitHub Action, GitLab, what each format shows for each
outcome) is in [ci.md](ci.md).

## Getting started

```bash
valaudit init client_x --type ai     # a commented thesis and a KPI workbook
valaudit validate client_x           # check both; every problem with its location
valaudit audit client_x              # the report
valaudit scorecard client_x          # the operating-model questions (about 12 minutes)
```

## Shell completion

valaudit completes its commands, options and option values (formats, gates, initiative types)
in bash, zsh, fish and PowerShell:

```bash
valaudit --install-completion        # set it up for the current shell; restart the shell after
valaudit --show-completion           # print the script instead, to install it your own way
```

## Checking every commit (pre-commit)

A repository of audit folders can validate them on every commit with
[pre-commit](https://pre-commit.com). In the repository's `.pre-commit-config.yaml`:

```yaml
repos:
  - repo: https://github.com/valaudit/valaudit
    rev: v0.1.0                      # a valaudit release tag
    hooks:
      - id: valaudit-validate
```

The hook runs when a commit changes a thesis (`valaudit.yaml`) or a KPI table (`.csv`, `.tsv`,
`.txt`, `.xlsx`, `.xlsm`). Each changed file is mapped to its audit folder (the nearest folder at or
above it that holds a `valaudit.yaml`) and each folder is validated once, so a commit that only
updates `data/kpis.xlsx` still checks that table against its thesis. The commit fails when a
folder has an error; warnings never block it. Add `args: [--format, github]` for GitHub
annotations in CI.
"""


#: Follows `valaudit batch --help`: what the defaults of --jobs cost, measured.
BATCH_NOTES = """\
### How many workers a batch starts

Without `--jobs`, `batch` sizes its pool to the portfolio: one worker process per 150 folders
(`FOLDERS_PER_WORKER` in `valaudit/batch/executors/__init__.py`), at least one, and at most the
CPUs that other work leaves free: the CPUs this process may use, less the smaller of the
one-minute load average and the tasks running at the start (on Linux; the average alone lags by
minutes and would still count a batch that has just finished). So 30 folders run on one worker,
300 on two when two CPUs are free, and a shared machine whose CPUs are busy gets one worker
whatever the size. `--jobs N` overrides it; the output is the
same for every value.

Measured with `python bench/batch.py --crossover` on the two-CPU machine valaudit is developed on,
with other work running (load average 4 to 7), best of three runs, in seconds:

| folders | in this process (`-j1 --folder-timeout 0`) | one worker (`-j1`) | two workers (`-j2`) |
|--------:|------:|------:|------:|
| 10 | 4.3 | 4.7 | 5.6 |
| 30 | 5.3 | 6.2 | 6.9 |
| 60 | 8.3 | 8.0 | 8.3 |
| 120 | 11.9 | 9.6 | 11.9 |
| 240 | 14.8 | 12.5 | 21.8 |

Starting a second worker did not pay at any size there: with the CPUs already busy, it only
competes with the first. On a quiet machine the second worker pays from a few hundred folders,
hence 150 folders per worker. One worker costs 0.4 to 1 second more than running the folders in
this process (10 to 30 folders); that is the price of the default `--folder-timeout`, which only a
worker process can enforce. `--folder-timeout 0` with `--jobs 1` runs a small portfolio in this
process, without a time limit.

### Batches on a Dask cluster

With `--executor dask` (or `--scheduler ADDRESS`) the folders go to the cluster in chunks: a Dask
task costs the client, the scheduler and a worker a few milliseconds, about as much as auditing a
small folder, so each task audits up to 16 folders one after the other (`MAX_CHUNK` in
`valaudit/batch/executors/dask_cluster.py`). Every worker thread gets at least four chunks
(`CHUNKS_PER_WORKER`), so the folders still spread over the whole cluster, and a run of fewer
than eight folders per worker thread sends one folder per task. The portfolio is the same, byte
for byte, whatever the chunks and the executor. What a chunk changes, and what it does not:

- Each folder keeps its own `--folder-timeout`: the folders of a chunk run one at a time in a
  process of their own under the Dask worker, and a folder over the limit gets its `timeout` row
  while the next folder of the chunk starts in a fresh process.
- Each folder keeps its own row: a folder that crashes gets its `crashed` row, the others of its
  chunk theirs.
- A chunk's rows reach the `batch` process (and the progress bar) together, when its last folder
  is done.
- A folder that kills the Dask worker itself (possible only without a time limit,
  `--folder-timeout 0`, when folders run inside the worker) takes its chunk's unfinished work
  with it: Dask runs the chunk again on another worker, and when it gives the chunk up, each of
  its folders is sent again on its own, so that only the folder at fault gets the `crashed` row
  saying Dask gave it up.
- When every worker leaves or the scheduler stops answering, the folders whose rows have not
  arrived (the whole of any chunk not finished) get the row saying so; folders already back keep
  theirs.

### The progress bar

At a terminal (not when standard error is piped or redirected, not in CI, not with `--quiet`),
`batch` draws a bar on standard error while it runs and wipes it at the end: folders done of the
total, how many were invalid or crashed, the time spent, the rate in folders a second and the time
remaining at that rate. Rate and time remaining are measured over the last 30 seconds, so they
follow a pool that is warming up or a machine that gets busier.

### Memory at thousands of folders

The `batch` process itself only hands folders out and collects one small row per folder (about
1 KB each); the audits run in the workers. The JSON portfolio is written folder by folder. Measured
with `python bench/batch.py` (`--format json`, peak memory of the `batch` process): 25 MB at 30
folders, 26 MB at 300, 38 MB at 3,000, about 4 KB more per folder, most of it the portfolio's text.
The XLSX portfolio is written a block of 500 folders at a time (the rows go to a temporary file
until the workbook is assembled), so it adds about 5 MB to the process at 1,000 folders and 8 MB
at 10,000; held whole, the sheet took 121 MB at 10,000 folders. The terminal table is drawn 200
folders at a time and the HTML page row by row; what they still add (about 3 KB per folder, 31 MB
at 10,000) is mostly the finished text itself, held once so that every output file is written
whole or not at all. `python bench/portfolio_memory.py` measures each format.
"""


def _help(command: Any, name: str, parent: Any = None) -> str:
    context = command.make_context(
        name,
        [],
        parent=parent,
        resilient_parsing=True,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )
    text: str = command.get_help(context)
    return text.rstrip() + "\n"


def render() -> str:
    """The full text of docs/cli.md."""
    import typer

    from valaudit.cli import app

    root = typer.main.get_command(app)
    root_context = root.make_context(
        "valaudit", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
    )
    parts = [INTRODUCTION, "## valaudit\n\n```text\n" + _help(root, "valaudit") + "```\n"]
    for name in root.list_commands(root_context):
        command = root.get_command(root_context, name)
        if command is None or getattr(command, "hidden", False):
            continue
        body = _help(command, name, root_context)
        parts.append(f"## valaudit {name}\n\n```text\n{body}```\n")
        if name == "batch":
            parts.append(BATCH_NOTES)
    return "\n".join(parts)


def main(arguments: list[str]) -> int:
    text = render()
    if arguments == ["--check"]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET.relative_to(ROOT)} is out of date: run {__file__}\n")
            return 1
        return 0
    if arguments:
        sys.stderr.write("usage: make_cli_docs.py [--check]\n")
        return 2
    TARGET.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
