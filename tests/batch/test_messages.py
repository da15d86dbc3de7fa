"""The lines the batch command writes on standard error."""

from __future__ import annotations

from valaudit.batch.discover import SkippedFolder
from valaudit.batch.errors import NoAuditFolderError
from valaudit.batch.messages import gate_lines, skipped_lines
from valaudit.batch.portfolio import build_portfolio
from valaudit.model.gates import GateResult
from valaudit.model.portfolio import FolderRow


def test_gate_lines_are_capped() -> None:
    rows = [
        FolderRow(path=f"f{i:02}", status="ok", gates=(GateResult("stalled", True, "Stalled."),))
        for i in range(25)
    ]
    lines = gate_lines(build_portfolio(rows), limit=20)
    assert len(lines) == 21
    assert lines[0] == "valaudit: f00: gate 'stalled' tripped: Stalled.\n"
    assert "5 more tripped gates" in lines[-1]


def test_folder_names_cannot_reach_the_terminal_raw() -> None:
    lines = skipped_lines((SkippedFolder("evil\x1b[2J", "a link to a folder outside ROOT"),))
    assert "\x1b" not in lines[0]
    assert "\\x1b[2J" in lines[0]


def test_no_folders_message_mentions_the_filters_when_given() -> None:
    assert "--include/--exclude" in str(NoAuditFolderError("root", filtered=True))
    assert "--include" not in str(NoAuditFolderError("root", filtered=False))
    assert NoAuditFolderError("root", filtered=False).exit_code == 3
