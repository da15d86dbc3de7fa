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


def _huge_pages_after(setting: str | None) -> str:
    """numpy's huge-page setting in a fresh interpreter after keep_freed_memory."""
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if setting is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = setting
    code = (
        "from valaudit.memory import keep_freed_memory as k; k(); import numpy; "
        "print(numpy._core.multiarray._get_madvise_hugepage())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    return done.stdout.strip()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="numpy asks for huge pages on Linux"
)
def test_numpy_arrays_get_ordinary_pages_unless_the_user_asks_otherwise() -> None:
    assert _huge_pages_after(None) == "False"
    assert _huge_pages_after("1") == "True"
