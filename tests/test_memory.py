"""The allocator setting a ``valaudit`` command makes: applied on glibc, harmless elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from valaudit.memory import keep_freed_memory


def _glibc() -> bool:
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def test_it_is_applied_exactly_where_the_c_library_is_glibc() -> None:
    # Run in a fresh interpreter: the setting lasts for the life of the process.
    done = subprocess.run(
        [sys.executable, "-c", "from valaudit.memory import keep_freed_memory as k; print(k())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == str(_glibc())


def test_without_a_c_library_to_ask_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_confstr(name: str) -> str:
        raise ValueError(name)

    monkeypatch.setattr(os, "confstr", no_confstr)
    assert keep_freed_memory() is False
