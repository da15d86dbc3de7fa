"""Preloaded into a test's Dask worker (``dask worker --preload``): it reports another dask
version than the client's, as a worker installed at another time would."""

from __future__ import annotations

from typing import Any

from distributed import versions

# Dask may import a preload twice in one process: patch the original only.
_real_package_info = getattr(versions.get_package_info, "real", versions.get_package_info)


def _package_info(packages: Any) -> dict[str, str | None]:
    info = _real_package_info(packages)
    info["dask"] = "2025.1.0"
    return info


_package_info.real = _real_package_info  # type: ignore[attr-defined]
versions.get_package_info = _package_info
