"""The analysis' bounded caches stay whole when folders are audited on several threads of one
process (a Dask worker with several threads, under ``batch --scheduler``)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from valaudit.analyse.memo import remember


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Threads handed the interpreter every microsecond: a race shows in a few thousand
    steps instead of once in a long while."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_a_full_cache_drops_its_oldest_entry() -> None:
    cache: dict[int, str] = {}
    for key in range(5):
        assert remember(cache, key, str(key), 3) == str(key)
    assert cache == {2: "2", 3: "3", 4: "4"}


@pytest.mark.usefixtures("switch_often")
def test_threads_filling_one_cache_never_fail_and_keep_it_bounded() -> None:
    cache: dict[tuple[int, int], int] = {}
    failures: list[BaseException] = []

    def fill(thread: int) -> None:
        try:
            for step in range(20_000):
                remember(cache, (thread, step), step, 4)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=fill, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(cache) == 4
