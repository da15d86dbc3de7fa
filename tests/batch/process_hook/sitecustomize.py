"""A test hook, loaded at start-up by every Python process of a test's batch run.

Tests put this folder on PYTHONPATH and name a folder in VALAUDIT_TEST_MARKS, so that the
real command line (its parent process, its pool workers, Dask workers and their children
alike) audits every folder as usual, except that a folder named ``hang`` never finishes (it
keeps a CPU busy, as a folder stuck in a quadratic scan does). Each folder leaves a mark in
VALAUDIT_TEST_MARKS: ``NAME.done`` once audited, ``hang.started`` when the hang begins, so a
test knows when to interrupt the run. Without the variable it does nothing.
"""

from __future__ import annotations

import os

MARKS = os.environ.get("VALAUDIT_TEST_MARKS")

if MARKS:
    import time
    from pathlib import Path
    from typing import Any

    from valaudit import folder_audit

    _real_audit_folder = folder_audit.audit_folder

    def _audit_folder(folder: Any, *args: Any, **kwargs: Any) -> Any:
        name = Path(folder).name
        if name == "hang":
            (Path(MARKS) / "hang.started").touch()
            while True:
                time.monotonic()
        outcome = _real_audit_folder(folder, *args, **kwargs)
        (Path(MARKS) / f"{name}.done").touch()
        return outcome

    folder_audit.audit_folder = _audit_folder  # type: ignore[assignment]
