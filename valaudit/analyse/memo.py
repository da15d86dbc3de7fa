"""The bounded caches of the analysis: results that depend only on a series' periods and
model, kept per process so that KPIs of the same shape share the work.

A Dask worker started by the user (``batch --scheduler``) may run several folders side by
side on threads of one process. Dropping the oldest entry is two steps (find it, remove it),
and two threads doing both at once could remove the same entry twice (a KeyError) or find
it while the other changes the cache (a RuntimeError): the folder would crash. So a cache is
only ever written under one lock; reading one entry (``dict.get``) needs none.
"""

from __future__ import annotations

import threading
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

_writing = threading.Lock()


def remember(cache: dict[K, V], key: K, value: V, size: int) -> V:
    """Keep ``value`` under ``key``, dropping the oldest entries beyond ``size``; ``value``."""
    with _writing:
        while len(cache) >= size:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return value
