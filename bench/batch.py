"""Benchmark ``valaudit batch``: the default ``--jobs`` against ``--jobs 1``, from 30 to
10,000 folders, and where a second worker starts to pay.

Generates N small audit folders (a synthetic thesis and a long-layout KPI CSV of 24 months,
about 4 KB each, seeded so every run builds the same tree) in a temporary folder, then times
the real command line, as a user runs it, and reports the wall time, throughput, how idle
the machine was meanwhile, the peak memory of the ``valaudit`` process itself (the one that
collects the rows; pool workers are forked by the fork server, so they are not counted) and
whether every configuration gave the same bytes.

    python bench/batch.py                         # 30, 300, 3,000 folders: default vs -j1
    python bench/batch.py --sizes 30 300 3000 10000 --dask
    python bench/batch.py --crossover             # -j1, -j2 and in-process at 10..400 folders

Configurations: ``default`` (no ``--jobs``: the pool's size follows the folder count),
``1``, ``2``... (``--jobs N``), ``inprocess`` (``--jobs 1 --folder-timeout 0``) and ``dask``
(``--executor dask``: a local Dask cluster started for the run). No numbers are asserted:
machines differ. The test suite checks behaviour, this shows speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

THESIS = """\
valaudit: 1
initiative:
  name: Synthetic client {index:04d}
  type: ai
  go_live: 2025-01-01
  review_date: 2025-12-31
currency: {currency}
investment:
  one_off: {one_off}
  annual_run: {annual_run}
data:
  - path: data/kpis.csv
kpis:
  - {{id: adoption_pct, stage: adoption, unit: "%", direction: up, baseline: 0, target: 80}}
  - {{id: handle_time_min, stage: productivity, direction: down, target_change: "-20%"}}
  - {{id: tickets_per_agent, stage: throughput, direction: up, target_change: "15%"}}
  - {{id: csat, stage: customer, direction: up, target_change: 3}}
  - {{id: cost_per_ticket, stage: financial, direction: down, target_change: "-10%"}}
guardrails:
  - {{id: attrition_pct, direction: down, tolerance: "20%"}}
benefits:
  - {{name: Lower cost to serve, annual: {benefit}, kpi: cost_per_ticket}}
"""

#: (kpi, level before go-live, full effect after go-live, noise).
SERIES = (
    ("handle_time_min", 14.0, -3.0, 0.4),
    ("tickets_per_agent", 310.0, 40.0, 8.0),
    ("csat", 82.0, 2.5, 0.8),
    ("cost_per_ticket", 6.5, -0.6, 0.15),
    ("attrition_pct", 2.0, 0.1, 0.2),
)


def months(count: int) -> list[str]:
    start = dt.date(2024, 1, 1)
    return [
        f"{start.year + (start.month - 1 + i) // 12}-{(start.month - 1 + i) % 12 + 1:02d}"
        for i in range(count)
    ]


def make_folder(folder: Path, index: int) -> None:
    """One audit folder; each KPI's effect is switched on or off at random (seeded)."""
    rng = random.Random(index)
    (folder / "data").mkdir(parents=True)
    (folder / "valaudit.yaml").write_text(
        THESIS.format(
            index=index,
            currency=rng.choice(["USD", "EUR", "GBP"]),
            one_off=rng.randrange(100_000, 2_000_000, 1_000),
            annual_run=rng.randrange(10_000, 400_000, 1_000),
            benefit=rng.randrange(100_000, 3_000_000, 1_000),
        ),
        encoding="utf-8",
    )
    lines = ["period,kpi,value"]
    periods = months(24)
    for kpi, level, effect, noise in SERIES:
        works = rng.random() < 0.6
        for number, period in enumerate(periods):
            post = number >= 12
            value = level + (effect * min(1.0, (number - 11) / 4) if post and works else 0.0)
            lines.append(f"{period},{kpi},{value + rng.gauss(0, noise):.3f}")
    for number, period in enumerate(periods[12:]):
        lines.append(f"{period},adoption_pct,{min(95.0, 10 + number * 9 + rng.gauss(0, 3)):.1f}")
    (folder / "data" / "kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_tree(root: Path, count: int) -> Path:
    tree = root / f"tree_{count}"
    for index in range(count):
        make_folder(tree / f"region_{index % 10}" / f"client_{index:04d}", index)
    return tree


@dataclass(frozen=True)
class Run:
    folders: int
    config: str
    seconds: float
    peak_mb: float
    idle: float | None
    """Share of the machine's CPU time left idle during the run (Linux), to spot neighbours."""
    exit_code: int
    output: bytes
    load: float | None = None
    """The one-minute load average as the run started: other work on the machine."""


def cpu_times() -> list[int] | None:
    """The machine's CPU counters from /proc/stat (None where there is no such file)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(field) for field in stat.readline().split()[1:]]
    except OSError:
        return None


def idle_share(before: list[int] | None, after: list[int] | None) -> float | None:
    if before is None or after is None:
        return None
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return (spent[3] + spent[4]) / max(1, sum(spent))  # idle + iowait


def config_arguments(config: str) -> list[str]:
    """The command-line options of one configuration."""
    if config == "default":
        return []
    if config == "inprocess":
        return ["--jobs", "1", "--folder-timeout", "0"]
    if config == "dask":
        return ["--executor", "dask"]
    return ["--jobs", config]


def run_batch(tree: Path, folders: int, config: str) -> Run:
    """Time ``valaudit batch`` in a fresh process, as a user would run it."""
    command = [sys.executable, "-m", "valaudit", "batch", str(tree), *config_arguments(config)]
    command += ["--format", "json"]
    with tempfile.TemporaryFile() as stdout:
        counters = cpu_times()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL)
        # wait4 gives this child's own resource use, so its peak memory is its own.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        idle = idle_share(counters, cpu_times())
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        output = stdout.read()
    peak_mb = usage.ru_maxrss / 1024
    return Run(folders, config, seconds, peak_mb, idle, process.returncode, output, load)


def best_of(tree: Path, folders: int, config: str, repeats: int) -> Run:
    """The fastest of ``repeats`` runs: on a shared machine, the least disturbed one."""
    return min((run_batch(tree, folders, config) for _ in range(repeats)), key=lambda r: r.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300, 3000])
    parser.add_argument("--configs", nargs="+", default=["default", "1"])
    parser.add_argument("--dask", action="store_true", help="add a local Dask cluster run")
    parser.add_argument("--repeats", type=int, default=1, help="runs per point; the best counts")
    parser.add_argument(
        "--crossover",
        action="store_true",
        help="-j1, -j2 and in-process at 10 to 400 folders, three runs each",
    )
    args = parser.parse_args()
    sizes, configs, repeats = args.sizes, list(args.configs), args.repeats
    if args.crossover:
        sizes, configs, repeats = [10, 30, 60, 100, 150, 200, 300, 400], ["inprocess", "1", "2"], 3
    if args.dask:
        configs.append("dask")
    base = Path(tempfile.mkdtemp(prefix="valaudit-bench-"))
    runs: list[Run] = []
    try:
        for size in sizes:
            started = time.perf_counter()
            tree = make_tree(base, size)
            print(
                f"generated {size:,} folders in {time.perf_counter() - started:.1f} s", flush=True
            )
            for config in configs:
                run = best_of(tree, size, config, repeats)
                runs.append(run)
                print(
                    f"  {config:>9}: {run.seconds:.2f} s (exit {run.exit_code}, "
                    f"parent {run.peak_mb:.0f} MB, load {run.load or 0:.2f})",
                    flush=True,
                )
            shutil.rmtree(tree, ignore_errors=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report(runs, sizes, configs)


def report(runs: list[Run], sizes: list[int], configs: list[str]) -> None:
    print()
    columns = ("folders", "config", "wall s", "folders/s", "parent MB", "vs first", "CPU idle")
    print("{:>8} {:>9} {:>8} {:>10} {:>10} {:>9} {:>9} {:>6}".format(*columns, "load"))
    for run in runs:
        first = next(r for r in runs if r.folders == run.folders and r.config == configs[0])
        rate = run.folders / run.seconds
        print(
            f"{run.folders:>8,} {run.config:>9} {run.seconds:>8.2f} {rate:>10.1f} "
            f"{run.peak_mb:>10.0f} {first.seconds / run.seconds:>8.2f}x "
            + (f"{run.idle:>8.0%}" if run.idle is not None else f"{'n/a':>8}")
            + (f" {run.load:>6.2f}" if run.load is not None else f" {'n/a':>6}")
        )
    for size in sizes:
        outputs = {r.output for r in runs if r.folders == size}
        same = "identical" if len(outputs) == 1 else "DIFFERENT"
        print(f"{size:,} folders: output of every configuration {same}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        "vs first: the first configuration's time over this one's (above 1: faster). CPU idle: "
        "share of the whole machine left idle during the run; much less than 1 - 1/CPUs at "
        "--jobs 1 means other work was competing. load: the one-minute load average as the run "
        "started."
    )


if __name__ == "__main__":
    main()
