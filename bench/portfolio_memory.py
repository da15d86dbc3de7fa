"""How much memory writing a large portfolio costs, per format, as the portfolio grows.

Audits 200 generated folders once (``bench/batch.py``'s folders, in this process), then
repeats their rows under new paths to 1,000, 3,000 and 10,000 folders and renders each
portfolio format in a fresh process, reporting the extra peak memory of the rendering
(the process's peak resident memory after it, minus before it: VmHWM, Linux) and
what it costs per folder. A format whose extra memory per folder falls as the portfolio
grows is written incrementally; one whose extra memory grows with the folders holds the
whole table at once.

    python bench/portfolio_memory.py                     # every format, 1k / 3k / 10k
    python bench/portfolio_memory.py --formats xlsx html --sizes 1000 10000

No numbers are asserted: machines differ.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch as batch_bench

#: Renders one format of a portfolio pickled at argv[1], repeated to argv[2] rows.
RENDER = """
import dataclasses, gc, pickle, sys, time
def peak_kb():
    # The high-water mark of this process's own memory: ru_maxrss would carry the parent's
    # peak across fork and exec.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
from valaudit.render import portfolio_renderer
from valaudit.render.options import RenderOptions
renderer = portfolio_renderer(sys.argv[3])
import openpyxl, jinja2, rich.table  # noqa: F401  (imports are not the rendering's memory)
import valaudit.batch.render.html, valaudit.batch.render.terminal, valaudit.batch.render.xlsx
base = pickle.loads(open(sys.argv[1], "rb").read())
count = int(sys.argv[2])
rows = tuple(
    dataclasses.replace(base.rows[i % len(base.rows)], path=f"copy_{i // len(base.rows):03d}/"
                        + base.rows[i % len(base.rows)].path)
    for i in range(count)
)
portfolio = dataclasses.replace(base, rows=rows)
gc.collect()
before = peak_kb()
started = time.process_time()
output = renderer.render_portfolio(portfolio, RenderOptions(width=120))
seconds = time.process_time() - started
after = peak_kb()
print(before, after, len(output), seconds)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument(
        "--formats", nargs="+", default=["text", "json", "csv", "markdown", "html", "xlsx"]
    )
    args = parser.parse_args()
    from valaudit.api import BatchRequest, run_batch

    with tempfile.TemporaryDirectory(prefix="valaudit-portfolio-memory-") as base:
        tree = batch_bench.make_tree(Path(base), 200)
        portfolio = run_batch(BatchRequest(root=tree, jobs=1, folder_timeout=None)).portfolio
        pickled = Path(base) / "portfolio.pkl"
        pickled.write_bytes(pickle.dumps(portfolio))
        columns = ("format", "folders", "rows MB", "extra MB", "KB/folder", "output MB", "CPU s")
        print("{:>8} {:>8} {:>8} {:>9} {:>10} {:>10} {:>6}".format(*columns))
        for name in args.formats:
            for size in args.sizes:
                done = subprocess.run(
                    [sys.executable, "-c", RENDER, str(pickled), str(size), name],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                before, after, length, seconds = done.stdout.split()
                extra = (int(after) - int(before)) / 1024
                print(
                    f"{name:>8} {size:>8,} {int(before) / 1024:>8.0f} {extra:>9.1f} "
                    f"{extra * 1024 / size:>10.2f} {int(length) / 2**20:>10.1f} "
                    f"{float(seconds):>6.1f}",
                    flush=True,
                )
    print(
        "rows MB: the process with the portfolio's rows in memory, before rendering. extra MB: "
        "what rendering added to the peak. KB/folder: extra ÷ folders (flat or falling: "
        "written incrementally)."
    )


if __name__ == "__main__":
    main()
