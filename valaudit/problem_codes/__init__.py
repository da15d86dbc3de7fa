"""Every problem code valaudit can report: what it means, an example, and how to fix it.

One registry, in the code, so that docs/errors.md (written from it by
``tools/make_error_docs.py``) and the codes the program emits cannot drift apart: the docs
test checks the page is up to date and that every code the source emits is registered, and
every :class:`valaudit.errors.Problem` notes its code (``CODES_SEEN``), which the test suite
checks against the registry after each test.
"""

from __future__ import annotations

from valaudit.problem_codes import audit, data, scorecard, tables, thesis
from valaudit.problem_codes.entry import Area, ProblemCode

__all__ = ["CODES", "Area", "ProblemCode"]


def _collect() -> dict[str, ProblemCode]:
    codes: dict[str, ProblemCode] = {}
    for module in (thesis, tables, data, audit, scorecard):
        for entry in module.CODES:
            assert entry.code not in codes, f"{entry.code} is registered twice"
            codes[entry.code] = entry
    return codes


#: Every code, by name.
CODES: dict[str, ProblemCode] = _collect()
