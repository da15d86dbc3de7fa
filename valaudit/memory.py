"""Keeping freed memory for reuse within a run, where the C library allows it.

glibc serves every allocation over 32 MiB (a column of 5 million numbers is 40 MB) with a
fresh mapping from the kernel and unmaps it when it is freed; the next such column is
faulted in again, page by page. Validating a 5-million-row table did this some 200,000
times, a third of its CPU spent in the kernel. Served from the heap instead, and the heap
kept, freed columns are reused: 60% fewer page faults, a fifth less CPU, 4% more peak
memory. A ``valaudit`` command is a short process, so the memory kept is returned at exit.
"""

from __future__ import annotations

import contextlib
import os

#: mallopt parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
#: Free memory at the top of the heap kept rather than returned to the kernel.
_KEEP_BYTES = 1 << 30


def keep_freed_memory() -> bool:
    """Make glibc keep and reuse freed memory; True when it did (elsewhere a no-op)."""
    library = ""
    with contextlib.suppress(AttributeError, ValueError, OSError):  # not a POSIX system
        library = os.confstr("CS_GNU_LIBC_VERSION") or ""
    if not library.startswith("glibc"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_TRIM_THRESHOLD, _KEEP_BYTES)) and bool(mallopt(_M_MMAP_MAX, 0))
