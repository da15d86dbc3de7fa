"""Each folder's own report files in ``--out-dir``: their names.

Files are named after the folder's path relative to ROOT (``clients/acme`` gives
``clients__acme.json``), so a consultant finds a client's report by the client's name. The
names are made safe for any file system and unique even where two paths would otherwise
collide (``a b`` and ``a_b``, or ``Acme`` and ``acme`` on a case-insensitive disk); they are
decided once, in the parent process, from the sorted folder list, so they are the same on
every run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from valaudit.batch.discover import ROOT_PATH

#: Longest stem kept as is; longer ones are cut and given a hash (file names stop at 255 bytes).
MAX_STEM = 120
#: Anything but letters (any script), digits, ``.``, ``_`` and ``-`` becomes ``_``.
_UNSAFE = re.compile(r"[^\w.-]+")
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)]
)


def report_stem(relative: str) -> str:
    """A safe file name stem for a folder's reports (not yet made unique)."""
    if relative == ROOT_PATH:
        return "_root"
    stem = "__".join(_UNSAFE.sub("_", part) for part in relative.split("/"))
    stem = stem.lstrip(".") or "_"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(relative.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = f"{stem[: MAX_STEM - 13]}-{digest}"
    return stem


def unique_stems(folders: Sequence[str]) -> dict[str, str]:
    """Folder -> stem, unique ignoring case; clashes get ``-2``, ``-3`` in folder order."""
    taken: set[str] = set()
    stems: dict[str, str] = {}
    for folder in folders:
        stem = candidate = report_stem(folder)
        number = 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.casefold())
        stems[folder] = candidate
    return stems
