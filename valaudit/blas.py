"""One OpenBLAS thread for a ``valaudit`` command.

numpy loads OpenBLAS, which starts a thread for each core as it loads. On a two-core machine
that cost 50-60 ms of CPU at every start, a seventh of importing pandas, for threads valaudit
has no use for: its products are of one KPI's series (a few hundred values), and ``batch``
runs its folders in processes of its own. With one thread, a product also rounds the same on
every machine, whatever its number of cores. A user's own ``OPENBLAS_NUM_THREADS`` is left as
it is.
"""

from __future__ import annotations

import os

#: OpenBLAS's thread count, read when numpy loads it.
_THREADS = "OPENBLAS_NUM_THREADS"


def one_blas_thread() -> None:
    """Ask for a single OpenBLAS thread. Call it before numpy is imported."""
    os.environ.setdefault(_THREADS, "1")
