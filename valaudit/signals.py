"""SIGTERM ends a run the way Ctrl-C does.

A CI runner cancelling a job, ``timeout``, ``kill`` and container managers stop a process with
SIGTERM. Python's default for it is to die on the spot: no ``finally`` runs, so a batch run
would leave its worker processes busy on their folders and say nothing. While
:func:`sigterm_interrupts` is active, SIGTERM instead raises :class:`Terminated` in the main
thread, a :class:`KeyboardInterrupt`, so every path that handles Ctrl-C (stop the workers,
keep what finished, say so) handles it too; the command then ends with exit code 143
(128 + 15, what a shell reports for SIGTERM) rather than 130, whatever the command line
library made of the exception on the way up. A second SIGTERM while that happens ends the
process at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as on Ctrl-C, then exit with code 143."""


class SigtermWatch:
    """Whether SIGTERM arrived while :func:`sigterm_interrupts` was active."""

    def __init__(self) -> None:
        self.received = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = True
        # The next SIGTERM is not caught: if stopping takes too long, asking again ends it.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[SigtermWatch]:
    """Inside, SIGTERM raises :class:`Terminated` in the main thread; the previous handler is
    put back on the way out. Elsewhere than in the main thread (where Python cannot set a
    handler) SIGTERM keeps its effect."""
    watch = SigtermWatch()
    if threading.current_thread() is not threading.main_thread():
        yield watch
        return
    previous = signal.signal(signal.SIGTERM, watch.handle)
    try:
        yield watch
    finally:
        signal.signal(signal.SIGTERM, previous)
