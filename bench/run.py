"""valaudit's speed and footprint, next to baselines measured in the same run.

Usage:  python bench/run.py            (full run: 10k/100k/1M-row CSV, 10k/100k-row XLSX)
        python bench/run.py --quick    (smaller sizes, fewer repeats: a smoke check)
        python bench/run.py --only thesis,json   (some groups of rows; --help lists them)
        python bench/run.py --only csv --large   (adds the 5M-row CSV: 160 MB, ~700 MB of RAM)
        python bench/run.py --only csv --csv-rows 1000000,5000000   (just these sizes)

Every figure is a whole process, started fresh: wall time (median of the repeats) and peak
resident memory (from os.wait4, the kernel's own accounting). Each valaudit row is printed
next to its baseline — the cheapest program that does the unavoidable part of the same job —
with the ratio. A row and its baseline are run in turn (baseline, valaudit, baseline, ...),
so that a machine whose speed drifts during the run (a shared VM) moves both alike.
Generated data is cached in bench/.work/ (delete it to regenerate).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PYTHON = sys.executable
VALAUDIT = str(Path(PYTHON).parent / "valaudit")
N_KPIS = 50
#: Groups of rows, in the order they run (``--only`` picks some).
GROUPS = (
    "startup",
    "csv",
    "xlsx",
    "links",
    "frictionless",
    "thesis",
    "schema",
    "json",
    "audit-kpis",
    "batch-cpu",
    "batch",
    "trajectory",
)


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    cpu_seconds: float = float("nan")
    """User + system CPU of the process and the children it waited for (batch workers)."""


#: Linux carries a parent's peak RSS over fork+exec into the child's accounting, and this
#: script holds generated tables in memory; so each command is started by a tiny launcher
#: (a bare interpreter, ~10 MiB) that times it and reads its peak RSS from wait4.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status),
      usage.ru_utime + usage.ru_stime)
"""


def run_once(command: list[str]) -> Measure:
    executable = command[0] if os.sep in command[0] else shutil.which(command[0]) or command[0]
    result = subprocess.run(
        [PYTHON, "-c", LAUNCHER, executable, *command[1:]],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak_kib, code, cpu = result.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(command)}\n{result.stderr}")
    return Measure(float(seconds), int(peak_kib) / 1024, float(cpu))


def measure(command: list[str], repeats: int) -> Measure:
    return _summary([run_once(command) for _ in range(repeats)])


def measure_in_turn(commands: list[list[str]], repeats: int) -> list[Measure]:
    """Each command ``repeats`` times, one after the other in each round: the ratios of
    their medians then compare runs made under the same load."""
    runs: list[list[Measure]] = [[] for _ in commands]
    for _ in range(repeats):
        for command, measured in zip(commands, runs, strict=True):
            measured.append(run_once(command))
    return [_summary(measured) for measured in runs]


def _summary(runs: list[Measure]) -> Measure:
    return Measure(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        statistics.median(r.cpu_seconds for r in runs),
    )


#: Runs SETUP once, then times STATEMENT (CPU of this process, median of REPEATS) and prints
#: the seconds: for steps too short, or too entangled with the rest of a run, to time as a
#: whole process. Peak memory is then the whole process's.
TIMER = """
import statistics, sys, time
setup, statement, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
namespace = {}
exec(setup, namespace)
runs = []
for _ in range(repeats):
    start = time.process_time()
    exec(statement, namespace)
    runs.append(time.process_time() - start)
sys.stderr.write(f"{statistics.median(runs)}\\n")
"""


def measure_step(setup: str, statement: str, repeats: int) -> Measure:
    """CPU seconds of ``statement`` in a fresh process, after ``setup`` (median of repeats)."""
    command = [PYTHON, "-c", TIMER, setup, statement, str(repeats)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=HERE)
    if result.returncode != 0:
        raise SystemExit(f"step failed: {statement}\n{result.stderr}")
    seconds = float(result.stderr.strip().splitlines()[-1])
    return Measure(seconds, float("nan"), seconds)


def thesis_text(data_file: str, sheet: str | None = None) -> str:
    kpis = []
    stages = ["adoption", "productivity", "throughput", "customer", "financial"]
    for i in range(N_KPIS):
        kpis.append(
            f'  - {{id: kpi_{i:02d}, stage: {stages[i % 5]}, direction: up, target_change: "+10%"}}'
        )
    sheet_line = f"\n    sheet: {sheet}" if sheet else ""
    return (
        "valaudit: 1\n"
        "initiative: {name: Benchmark, type: other, go_live: 2020-01-01}\n"
        "investment: {one_off: 1000000, annual_run: 100000, discount_rate: 0.08}\n"
        f"data:\n  - path: {data_file}{sheet_line}\n"
        "kpis:\n" + "\n".join(kpis) + "\n"
        "benefits:\n  - {name: B, annual: 500000, kpi: kpi_04}\n"
    )


def table(rows: int, seed: int = 1) -> dict[str, np.ndarray]:
    """A long table: N_KPIS KPIs x S segments x M months = rows."""
    months = 120
    segments = max(1, rows // (N_KPIS * months))
    total = N_KPIS * segments * months
    rng = np.random.default_rng(seed)
    month_index = np.tile(np.arange(months), N_KPIS * segments)
    kpi_index = np.repeat(np.arange(N_KPIS), segments * months)
    segment_index = np.tile(np.repeat(np.arange(segments), months), N_KPIS)
    labels = np.array([f"{2015 + m // 12}-{m % 12 + 1:02d}" for m in range(months)])
    return {
        "period": labels[month_index],
        "kpi": np.array([f"kpi_{i:02d}" for i in range(N_KPIS)])[kpi_index],
        "segment": np.array([f"team_{i:03d}" for i in range(segments)])[segment_index],
        "value": np.round(100 + rng.normal(0, 5, total) + 8 * (month_index >= 60), 3),
    }


LINK_SEGMENTS, LINK_KPIS, LINK_MONTHS = 200, 20, 36


def make_links_folder(with_links: bool) -> Path:
    """200 segments x 20 KPIs x 36 months (24 before go-live), 5 KPIs on each of four stages,
    each segment's step drawn at random. With links every adjacent pair of stages is a link;
    without, the same KPIs all sit on one stage, so there is no pair of stages and no link is
    measured: the audit without link analysis, on the same rows."""
    folder = WORK / f"links_{'with' if with_links else 'without'}"
    if (folder / "kpis.csv").exists():
        return folder
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(19)
    stages = ["adoption", "productivity", "throughput", "customer"]
    total = LINK_KPIS * LINK_SEGMENTS * LINK_MONTHS
    month = np.tile(np.arange(LINK_MONTHS), LINK_KPIS * LINK_SEGMENTS)
    kpi = np.repeat(np.arange(LINK_KPIS), LINK_SEGMENTS * LINK_MONTHS)
    segment = np.tile(np.repeat(np.arange(LINK_SEGMENTS), LINK_MONTHS), LINK_KPIS)
    steps = rng.normal(8, 3, (LINK_KPIS, LINK_SEGMENTS))[kpi, segment]
    labels = np.array([f"{2018 + m // 12}-{m % 12 + 1:02d}" for m in range(LINK_MONTHS)])
    pd.DataFrame(
        {
            "period": labels[month],
            "kpi": np.array([f"kpi_{i:02d}" for i in range(LINK_KPIS)])[kpi],
            "segment": np.array([f"team_{i:03d}" for i in range(LINK_SEGMENTS)])[segment],
            "value": np.round(100 + rng.normal(0, 5, total) + steps * (month >= 24), 3),
        }
    ).to_csv(folder / "kpis.csv", index=False)
    kpis = "\n".join(
        f"  - {{id: kpi_{i:02d}, stage: {stages[i // 5] if with_links else 'productivity'}, "
        'direction: up, target_change: "+10%"}'
        for i in range(LINK_KPIS)
    )
    (folder / "valaudit.yaml").write_text(
        "valaudit: 1\n"
        "initiative: {name: Links benchmark, type: other, go_live: 2020-01-01}\n"
        "investment: {one_off: 1000000, annual_run: 100000, discount_rate: 0.08}\n"
        "data:\n  - path: kpis.csv\n"
        f"kpis:\n{kpis}\n",
        encoding="utf-8",
    )
    return folder


def make_csv_folder(rows: int) -> Path:
    folder = WORK / f"csv_{rows}"
    if (folder / "kpis.csv").exists():
        return folder
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(table(rows)).to_csv(folder / "kpis.csv", index=False)
    (folder / "valaudit.yaml").write_text(thesis_text("kpis.csv"))
    return folder


def make_xlsx_folder(rows: int) -> Path:
    folder = WORK / f"xlsx_{rows}"
    if (folder / "kpis.xlsx").exists():
        return folder
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    data = table(rows)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("KPIs")
    sheet.append(["period", "kpi", "segment", "value"])
    for period, kpi, segment, value in zip(
        data["period"], data["kpi"], data["segment"], data["value"], strict=True
    ):
        sheet.append([str(period), str(kpi), str(segment), float(value)])
    workbook.save(folder / "kpis.xlsx")
    (folder / "valaudit.yaml").write_text(thesis_text("kpis.xlsx", "KPIs"))
    return folder


def make_batch_root(count: int) -> Path:
    root = WORK / f"batch_{count}"
    if root.exists() and len(list(root.iterdir())) == count:
        return root
    shutil.rmtree(root, ignore_errors=True)
    import pandas as pd

    frame = pd.DataFrame(table(N_KPIS * 120))
    for index in range(count):
        folder = root / f"client_{index:04d}"
        folder.mkdir(parents=True)
        frame.to_csv(folder / "kpis.csv", index=False)
        (folder / "valaudit.yaml").write_text(thesis_text("kpis.csv"))
    return root


def typer_app() -> Path:
    path = WORK / "minimal_typer.py"
    path.write_text(
        "import typer\napp = typer.Typer()\n@app.command()\n"
        "def main(name: str = 'x') -> None:\n    print(name)\napp()\n"
    )
    return path


def make_big_thesis(kpis: int) -> Path:
    """A thesis of ``kpis`` KPIs written as blocks of keys, as a hand-written one is."""
    path = WORK / f"thesis_{kpis}.yaml"
    if path.exists():
        return path
    stages = ["adoption", "productivity", "throughput", "customer", "financial"]
    blocks = [
        f"  - id: kpi_{i:04d}\n    stage: {stages[i % 5]}\n    direction: up\n"
        f'    target_change: "+10%"\n    unit: "%"\n    baseline: {i}.5'
        for i in range(kpis)
    ]
    path.write_text(
        "valaudit: 1\ninitiative: {name: Benchmark, type: other, go_live: 2020-01-01}\n"
        "data:\n  - path: kpis.csv\nkpis:\n" + "\n".join(blocks) + "\n"
    )
    return path


def make_many_kpis_folder(kpis: int, months: int = 36) -> Path:
    """An audit folder of ``kpis`` KPIs, ``months`` months each, a third without an effect."""
    folder = WORK / f"kpis_{kpis}"
    if (folder / "kpis.csv").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    stages = ["adoption", "productivity", "throughput", "customer", "financial"]
    rng = np.random.default_rng(1)
    lines = ["period,kpi,value"]
    for i in range(kpis):
        for m in range(months):
            value = 100 + rng.normal(0, 5) + 8 * (m >= 12) * (i % 3 != 0)
            lines.append(f"{2021 + m // 12}-{m % 12 + 1:02d},kpi_{i:04d},{value:.3f}")
    (folder / "kpis.csv").write_text("\n".join(lines) + "\n")
    rows = [
        f'  - {{id: kpi_{i:04d}, stage: {stages[i % 5]}, direction: up, target_change: "+10%"}}'
        for i in range(kpis)
    ]
    (folder / "valaudit.yaml").write_text(
        "valaudit: 1\ninitiative: {name: Benchmark, type: other, go_live: 2022-01-01}\n"
        "investment: {one_off: 1000000, annual_run: 100000, discount_rate: 0.08}\n"
        "data:\n  - path: kpis.csv\nkpis:\n" + "\n".join(rows) + "\n"
        f"benefits:\n  - {{name: B, annual: 500000, kpi: kpi_{min(4, kpis - 1):04d}}}\n"
    )
    return folder


def make_small_batch_root(count: int) -> Path:
    """``count`` small folders (bench/batch.py's: 6 KPIs, 24 months), as batch users have."""
    from batch import make_tree  # bench/batch.py, beside this file

    root = WORK / f"small_batch_{count}"
    if not root.exists():
        make_tree(WORK / f"small_batch_{count}.tmp", count).rename(root)
        shutil.rmtree(WORK / f"small_batch_{count}.tmp")
    return root


SAMPLE_THESES = "[p.read_text() for p in sorted(Path('../sample_data').glob('*/valaudit.yaml'))]"


def thesis_rows(report: Report, repeats: int) -> None:
    """Reading a thesis (text to values with lines) next to PyYAML composing it."""
    big = make_big_thesis(1000)
    loads = (
        "import yaml\nfrom pathlib import Path\nfrom valaudit.load.yaml_reader import read_yaml\n"
    )
    for label, setup, statement in (
        ("1,000-KPI thesis", f"{loads}text = Path({str(big)!r}).read_text()", "{}(text)"),
        (
            "5 sample theses",
            f"{loads}texts = {SAMPLE_THESES}",
            "for text in texts: {}(text)",
        ),
    ):
        read = "(lambda t: read_yaml(t, file='valaudit.yaml'))"
        ours = measure_step(setup, statement.format(read), repeats)
        for loader in ("SafeLoader", "CSafeLoader"):
            compose = f"(lambda t: yaml.compose(t, Loader=yaml.{loader}))"
            base = measure_step(setup, statement.format(compose), repeats)
            report.add(f"read_yaml {label}", ours, f"yaml.compose {loader}", base)


def schema_rows(report: Report, repeats: int) -> None:
    """The thesis schema checked 1,000 times, next to a validator built for each thesis."""
    setup = (
        "from pathlib import Path\n"
        "from jsonschema import Draft202012Validator\n"
        "from jsonschema.validators import extend\n"
        "from valaudit.load.yaml_reader import read_yaml\n"
        "from valaudit.schemas import load_schema\n"
        "from valaudit.validate.thesis_schema import _pattern_to_the_end, schema_problems\n"
        f"documents = [read_yaml(t, file='x')[0] for t in {SAMPLE_THESES}] * 200\n"
        "def built_per_thesis(document):\n"
        "    strict = extend(Draft202012Validator, {'pattern': _pattern_to_the_end})\n"
        "    validator = strict(load_schema('thesis'), "
        "format_checker=Draft202012Validator.FORMAT_CHECKER)\n"
        "    return list(validator.iter_errors(document.data))\n"
    )
    ours = measure_step(setup, "for d in documents: schema_problems(d, 'x')", repeats)
    base = measure_step(setup, "for d in documents: built_per_thesis(d)", repeats)
    report.add("schema_problems 1,000 theses", ours, "a validator built per thesis", base)


def json_rows(report: Report, repeats: int) -> None:
    """The JSON report of a 1,000-KPI audit, next to json.dumps(indent=2) of its document."""
    folder = make_many_kpis_folder(1000)
    setup = (
        "import json\nimport valaudit\n"
        "from valaudit.render.json_report import render_report, report_document\n"
        "from valaudit.render.options import RenderOptions\n"
        f"report = valaudit.audit_folder({str(folder)!r}).report\n"
    )
    ours = measure_step(setup, "render_report(report, RenderOptions())", repeats)
    base = measure_step(
        setup, "json.dumps(report_document(report), indent=2, ensure_ascii=False)", repeats
    )
    report.add("JSON report, 1,000 KPIs", ours, "json.dumps(indent=2) of it", base)


def audit_kpis_rows(report: Report, repeats: int, count: int = 1000) -> None:
    """The cost of one more KPI in ``audit``: a ``count``-KPI folder against a 1-KPI folder of
    the same shape (36 months, go-live after 12), in CPU time of fresh processes.

    The difference over ``count - 1`` KPIs is what a KPI adds (loading its rows, validating,
    measuring, the effect and the JSON report), free of start-up and imports.
    """
    many = make_many_kpis_folder(count)
    one = make_many_kpis_folder(1)
    command = [VALAUDIT, "audit", "--format", "json"]
    big, small = measure_in_turn([[*command, str(many)], [*command, str(one)]], repeats)
    report.add(f"audit {count:,}-KPI folder", big, "audit 1-KPI folder", small)
    for name, ours, base in (
        ("CPU", big.cpu_seconds, small.cpu_seconds),
        ("wall", big.seconds, small.seconds),
    ):
        print(
            f"  {name}: {ours:.2f} s for {count:,} KPIs, {base:.2f} s for one: "
            f"{1000 * (ours - base) / (count - 1):.2f} ms per KPI",
            flush=True,
        )


def batch_cpu_rows(report: Report, repeats: int, count: int) -> None:
    """CPU per folder of ``batch --jobs 1`` over small folders.

    ``--folder-timeout 0`` audits in the ``batch`` process itself, so that its CPU time holds
    every folder's (a watched worker outlives the accounting of the process that started it).
    """
    root = make_small_batch_root(count)
    one = make_small_batch_root(1)
    command = [VALAUDIT, "batch", "--jobs", "1", "--folder-timeout", "0", "--format", "json"]
    many, single = measure_in_turn([[*command, str(root)], [*command, str(one)]], repeats)
    report.add(f"batch {count} small folders -j1", many, "batch 1 small folder -j1", single)
    marginal = (many.cpu_seconds - single.cpu_seconds) / (count - 1)
    print(
        f"  CPU: {many.cpu_seconds:.2f} s for {count} folders, {single.cpu_seconds:.2f} s for "
        f"one: {1000 * marginal:.1f} ms per folder",
        flush=True,
    )


def dask_rows(report: Report, repeats: int, count: int, workers: int = 2) -> None:
    """``batch --scheduler`` against a running Dask cluster of ``workers`` single-threaded
    workers, next to the local pool with as many workers, over the same small folders.

    The scheduler and workers are started once, before the timed runs (as a team's cluster
    would be), so the Dask row holds what a run costs, not what starting a cluster costs.
    Skipped when dask.distributed is not installed.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("(dask.distributed not installed: pip install 'valaudit[dask]' to add its row)")
        return
    import json
    import tempfile
    import time

    root = make_small_batch_root(count)
    with tempfile.TemporaryDirectory() as scratch:
        address_file = Path(scratch) / "scheduler.json"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        common = ["--no-dashboard", "--host", "127.0.0.1"]
        scheduler = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "dask",
                "scheduler",
                "--port",
                "0",
                "--scheduler-file",
                str(address_file),
                *common,
            ],
            **quiet,
        )
        cluster = [scheduler]
        try:
            deadline = time.monotonic() + 120
            while not address_file.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            address = json.loads(address_file.read_text())["address"]
            cluster.append(
                subprocess.Popen(
                    [
                        PYTHON,
                        "-m",
                        "dask",
                        "worker",
                        address,
                        "--nworkers",
                        str(workers),
                        "--nthreads",
                        "1",
                        *common,
                    ],
                    **quiet,
                )
            )
            # A first run waits for the workers to join, and warms them (pandas imported).
            run_once([VALAUDIT, "batch", str(root), "--scheduler", address, "--format", "json"])
            jobs = ["--jobs", str(workers), "--format", "json"]
            cluster_before = _tree_cpu(cluster)
            on_dask = measure(
                [VALAUDIT, "batch", str(root), "--scheduler", address, *jobs], repeats
            )
            cluster_cpu = (_tree_cpu(cluster) - cluster_before) / repeats
            local = measure([VALAUDIT, "batch", str(root), *jobs], repeats)
        finally:
            for process in reversed(cluster):
                process.terminate()
                process.wait(30)
    report.add(
        f"batch {count} small, Dask {workers} workers",
        on_dask,
        f"batch {count} small, local pool -j{workers}",
        local,
    )
    # Wall time follows the load other work puts on the machine; CPU time much less so.
    dask_cpu = on_dask.cpu_seconds + cluster_cpu
    print(
        f"  CPU: Dask {dask_cpu:.2f} s ({on_dask.cpu_seconds:.2f} s client, "
        f"{cluster_cpu:.2f} s scheduler and workers, mean), local pool {local.cpu_seconds:.2f} "
        f"s: {dask_cpu / local.cpu_seconds:.2f}x; client {1000 * on_dask.cpu_seconds / count:.1f}"
        " ms per folder",
        flush=True,
    )


def _tree_cpu(processes: list[subprocess.Popen[bytes]]) -> float:
    """User + system CPU seconds so far of ``processes`` and all their descendants alive."""
    import psutil  # installed with dask.distributed

    total = 0.0
    for process in processes:
        root = psutil.Process(process.pid)
        for member in [root, *root.children(recursive=True)]:
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system + times.children_user + times.children_system
    return total


class Report:
    def __init__(self, cpu: bool = False) -> None:
        self.rows: list[tuple[str, Measure, str, Measure]] = []
        self.cpu = cpu
        """Show CPU seconds (user + system) instead of wall time: steadier on a shared machine."""

    def add(self, label: str, ours: Measure, base_label: str, base: Measure) -> None:
        self.rows.append((label, ours, base_label, base))
        print(self.format(label, ours, base_label, base), flush=True)

    def header(self) -> str:
        unit = "CPU s" if self.cpu else "time s"
        return (
            f"{'measurement':<34} {unit:>8} {'RSS MiB':>8}   {'baseline':<34} "
            f"{unit:>8} {'RSS MiB':>8} {'ratio':>6} {'RSS ×':>6}"
        )

    def format(self, label: str, ours: Measure, base_label: str, base: Measure) -> str:
        mine, theirs = (
            (ours.cpu_seconds, base.cpu_seconds) if self.cpu else (ours.seconds, base.seconds)
        )
        ratio = mine / theirs if theirs else float("nan")
        memory = ours.peak_mib / base.peak_mib if base.peak_mib else float("nan")
        return (
            f"{label:<34} {mine:>8.3f} {ours.peak_mib:>8.0f}   {base_label:<34} "
            f"{theirs:>8.3f} {base.peak_mib:>8.0f} {ratio:>6.2f} {memory:>6.2f}"
        )


#: Months of the trajectory row: go-live (2020-01) to the as-of date.
TRAJECTORY_MONTHS = 24


def month_ends(count: int) -> list[str]:
    """The last day of each month from January 2020, ``count`` of them."""
    import calendar

    ends = []
    for index in range(count):
        year, month = 2020 + index // 12, index % 12 + 1
        ends.append(f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}")
    return ends


def trajectory_row(report: Report, repeats: int) -> None:
    """One ``--trajectory`` run over 24 month-ends against 24 separate ``--as-of`` runs of the
    same 10k-row folder (50 KPIs, go-live 2020-01): the cost of one run's loading and
    validating, saved 23 times."""
    folder = str(make_csv_folder(10_000))
    dates = month_ends(TRAJECTORY_MONTHS)
    one = [VALAUDIT, "audit", folder, "--as-of", dates[-1], "--trajectory", "--format", "json"]
    loop = "; ".join(
        f"{VALAUDIT} audit {folder} --as-of {day} --format json >/dev/null" for day in dates
    )
    separate = measure(["sh", "-c", loop], max(1, repeats // 2))
    report.add(
        f"trajectory of {TRAJECTORY_MONTHS} months",
        measure(one, repeats),
        f"{TRAJECTORY_MONTHS} separate --as-of runs",
        separate,
    )


def cache_bytecode() -> None:
    """Compile valaudit's modules before timing anything.

    An installed valaudit has its bytecode cached (pip compiles it); an editable checkout run
    with PYTHONDONTWRITEBYTECODE set never writes it, and every timed run would then compile
    each module it imports again (0.2-0.3 s CPU for ``validate``), which is not what a user
    pays. The third-party packages were compiled when they were installed.
    """
    import compileall

    import valaudit

    compileall.compile_dir(Path(valaudit.__file__).parent, quiet=1)


def startup_rows(report: Report, repeats: int) -> None:
    bare, typer_base, version, help_ = measure_in_turn(
        [
            [PYTHON, "-c", "pass"],
            [PYTHON, str(typer_app()), "--help"],
            [VALAUDIT, "--version"],
            [VALAUDIT, "--help"],
        ],
        repeats,
    )
    report.add("valaudit --version", version, "python -c pass", bare)
    report.add("valaudit --version", version, "minimal typer --help", typer_base)
    report.add("valaudit --help", help_, "minimal typer --help", typer_base)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and 3 repeats")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--no-batch", action="store_true", help="skip the batch rows")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="show CPU seconds (user + system) instead of wall time: on a busy machine they "
        "vary less (batch rows count the workers' CPU too)",
    )
    parser.add_argument(
        "--large", action="store_true", help="add the 5M-row CSV (160 MB file, ~700 MB of RAM)"
    )
    parser.add_argument(
        "--csv-rows",
        type=lambda text: [int(size) for size in text.split(",")],
        default=None,
        help="comma-separated CSV sizes in rows, instead of the default ones",
    )
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=set(GROUPS),
        help=f"comma-separated groups of rows to run: {','.join(GROUPS)} (default: all)",
    )
    options = parser.parse_args()
    wanted: set[str] = options.only
    if wanted - set(GROUPS):
        parser.error(f"unknown group(s): {', '.join(sorted(wanted - set(GROUPS)))}")
    repeats = options.repeats or (3 if options.quick else 5)
    csv_sizes = [10_000, 100_000] if options.quick else [10_000, 100_000, 1_000_000]
    csv_sizes = options.csv_rows or csv_sizes + ([5_000_000] if options.large else [])
    xlsx_sizes = [10_000] if options.quick else [10_000, 100_000]
    csv_sizes = csv_sizes if "csv" in wanted else []
    xlsx_sizes = xlsx_sizes if "xlsx" in wanted else []
    WORK.mkdir(exist_ok=True)
    cache_bytecode()
    print(
        f"valaudit benchmark — {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}; median of {repeats} runs; "
        "peak RSS is the maximum over the runs"
    )
    report = Report(cpu=options.cpu)
    print(report.header())
    if "startup" in wanted:
        startup_rows(report, repeats)
    for rows in csv_sizes:
        folder = make_csv_folder(rows)
        data = str(folder / "kpis.csv")
        base, validated, audited = measure_in_turn(
            [
                [PYTHON, "-c", f"import pandas; pandas.read_csv({data!r})"],
                [VALAUDIT, "validate", str(folder), "--format", "json"],
                [VALAUDIT, "audit", str(folder), "--format", "json"],
            ],
            repeats,
        )
        label = f"{rows // 1000}k-row CSV" if rows < 1_000_000 else f"{rows // 1_000_000}M-row CSV"
        report.add(f"validate {label}", validated, "pandas.read_csv", base)
        written = N_KPIS * max(1, rows // (N_KPIS * 120)) * 120  # what table(rows) writes
        print(
            f"  peak RSS per data row: {validated.peak_mib * 2**20 / written:.0f} B validate, "
            f"{base.peak_mib * 2**20 / written:.0f} B read; CPU {validated.cpu_seconds:.2f} s vs "
            f"{base.cpu_seconds:.2f} s ({validated.cpu_seconds / base.cpu_seconds:.2f}x)",
            flush=True,
        )
        report.add(f"audit {label}", audited, "pandas.read_csv", base)
    for rows in xlsx_sizes:
        folder = make_xlsx_folder(rows)
        data = str(folder / "kpis.xlsx")
        read = (
            "import python_calamine as c; "
            f"c.CalamineWorkbook.from_path({data!r}).get_sheet_by_name('KPIs').to_python()"
        )
        base, validated, audited = measure_in_turn(
            [
                [PYTHON, "-c", read],
                [VALAUDIT, "validate", str(folder), "--format", "json"],
                [VALAUDIT, "audit", str(folder), "--format", "json"],
            ],
            repeats,
        )
        label = f"{rows // 1000}k-row XLSX"
        report.add(f"validate {label}", validated, "python-calamine read", base)
        report.add(f"audit {label}", audited, "python-calamine read", base)
    if "links" in wanted:
        with_links = make_links_folder(with_links=True)
        without_links = make_links_folder(with_links=False)
        report.add(
            "audit 200 segments x 20 KPIs, links",
            measure([VALAUDIT, "audit", str(with_links), "--format", "json"], repeats),
            "the same rows, no link",
            measure([VALAUDIT, "audit", str(without_links), "--format", "json"], repeats),
        )
    frictionless = shutil.which("frictionless") or str(Path(PYTHON).parent / "frictionless")
    if "frictionless" not in wanted:
        pass
    elif Path(frictionless).exists():
        sizes = [200_000] if options.quick else [200_000, 1_000_000]
        for rows in sizes:
            folder = make_csv_folder(rows)
            ours = measure([VALAUDIT, "validate", str(folder), "--format", "json"], repeats)
            theirs = measure(
                [frictionless, "validate", "--trusted", str(folder / "kpis.csv")],
                max(1, repeats // 2),
            )
            label = f"{rows // 1000}k-row CSV" if rows < 1_000_000 else "1M-row CSV"
            report.add(f"validate {label}", ours, "frictionless validate", theirs)
            print(
                f"  frictionless ÷ valaudit: {theirs.seconds / ours.seconds:.1f}x wall, "
                f"{theirs.cpu_seconds / ours.cpu_seconds:.1f}x CPU",
                flush=True,
            )
    else:
        print("(frictionless not installed: pip install frictionless to add its row)")
    if "thesis" in wanted:
        thesis_rows(report, repeats)
    if "schema" in wanted:
        schema_rows(report, max(1, repeats // 2))
    if "json" in wanted:
        json_rows(report, repeats)
    if "audit-kpis" in wanted:
        audit_kpis_rows(report, repeats, 100 if options.quick else 1000)
    if "batch-cpu" in wanted and not options.no_batch:
        batch_cpu_rows(report, max(1, repeats // 2), 50 if options.quick else 200)
    if "batch" in wanted and not options.no_batch:
        count = 50 if options.quick else 200
        root = make_batch_root(count)
        one = measure(
            [VALAUDIT, "batch", str(root), "--jobs", "1", "--format", "json"], max(1, repeats // 2)
        )
        two = measure(
            [VALAUDIT, "batch", str(root), "--jobs", "2", "--format", "json"], max(1, repeats // 2)
        )
        report.add(f"batch {count} folders --jobs 2", two, f"batch {count} folders --jobs 1", one)
        dask_rows(report, max(1, repeats // 2), count)
    if "trajectory" in wanted:
        trajectory_row(report, repeats)


if __name__ == "__main__":
    main()
