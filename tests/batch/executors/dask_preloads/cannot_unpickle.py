"""Preloaded into a test's Dask worker (``dask worker --preload``): it cannot unpickle
valaudit's tasks, and fails the way a worker of another dask version does on its first
folder (a real dask 2025.1 worker under a 2026.8 scheduler: ``UnpicklingError: state is not
a dictionary`` while reading the message, then the worker and its nanny close).
"""

from __future__ import annotations

import pickle
from typing import Any

from distributed.protocol import pickle as dask_pickle

# Dask may import a preload twice in one process: patch the original only.
_real_loads = getattr(dask_pickle.loads, "real", dask_pickle.loads)


def _loads(data: Any, **kwargs: Any) -> Any:
    if b"valaudit.batch" in bytes(data):
        raise pickle.UnpicklingError("state is not a dictionary")
    return _real_loads(data, **kwargs)


_loads.real = _real_loads  # type: ignore[attr-defined]
dask_pickle.loads = _loads
