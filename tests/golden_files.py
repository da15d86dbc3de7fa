"""One way to compare rendered output with reviewed golden files.

After an intended change, regenerate them with ``VALAUDIT_UPDATE_GOLDEN=1 python -m pytest``
(on the tests that render them) and review the diff by eye before committing: a golden file
that changes without a reason is a regression.
"""

from __future__ import annotations

import os
from pathlib import Path

UPDATE = os.environ.get("VALAUDIT_UPDATE_GOLDEN") == "1"


def check_golden(path: Path, content: str) -> None:
    """Fail unless ``content`` is exactly the reviewed file (rewrite it instead on update)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path.name}: run with VALAUDIT_UPDATE_GOLDEN=1"
    assert content == path.read_text(encoding="utf-8"), f"{path.name} differs from its golden file"
