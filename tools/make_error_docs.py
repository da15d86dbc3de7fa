"""Write docs/errors.md from the problem-code registry (valaudit/problem_codes).

    python tools/make_error_docs.py          # rewrite docs/errors.md
    python tools/make_error_docs.py --check  # exit 1 if docs/errors.md is out of date

Each code's meaning, example and fix live next to the code in the registry, so the page
depends only on it: run this after adding or changing a code (tests/test_docs.py fails until
you do).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "errors.md"
sys.path.insert(0, str(ROOT))

from valaudit.problem_codes import CODES, ProblemCode  # noqa: E402

AREAS = {
    "thesis": "The thesis and the files it names",
    "tables": "One table: its shape and its cells",
    "data": "The data as a whole",
    "audit": "The audit",
    "scorecard": "The scorecard",
}

INTRODUCTION = """\
# Problem codes

This page is generated from valaudit's registry of problem codes
(`valaudit/problem_codes/`) by `tools/make_error_docs.py`; do not edit it by hand. Every
problem valaudit reports carries one of these codes: the terminal shows it in brackets, the
JSON outputs in `code` (see `valaudit schema validation` and `valaudit schema report`).

An **error** makes the input invalid (`validate` and `audit` exit with code 3); a **warning**
never changes the exit code (except `suspicious_value` under `--fail-on suspicious`). Every
problem names its file and, where they apply, the sheet, row and column of the cell, or the
line and key path in the thesis. When one problem makes later checks meaningless (a table
that cannot be read leaves its KPIs without data), the later findings are not listed: the
root problem counts them, "(and 5 KPIs that depend on it)".

How to write a thesis is in [thesis-format.md](thesis-format.md) and
[thesis-guide.md](thesis-guide.md).
"""


def _entry(code: ProblemCode) -> str:
    return (
        f"### `{code.code}`\n\n"
        f"**{code.severity}**: {code.title}.\n\n"
        f"{code.meaning}\n\n"
        f"Example:\n\n```text\n{code.example}\n```\n\n"
        f"Fix: {code.fix}\n"
    )


def render() -> str:
    """The whole page."""
    parts = [INTRODUCTION, "\n## Index\n\n| code | severity | what |\n|---|---|---|\n"]
    for code in CODES.values():
        parts.append(f"| [`{code.code}`](#{code.code}) | {code.severity} | {code.title} |\n")
    for area, heading in AREAS.items():
        parts.append(f"\n## {heading}\n")
        for code in CODES.values():
            if code.area == area:
                parts.append("\n" + _entry(code))
    return "".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/errors.md is out of date: run python tools/make_error_docs.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
