"""What can stop a batch run before any folder is audited."""

from __future__ import annotations

from valaudit.errors import ValauditError
from valaudit.exit_codes import ExitCode
from valaudit.render.safe_text import printable
from valaudit.render.undecodable import escape_undecodable


class BatchSetupError(ValauditError):
    """The run cannot start: an executor that is not installed, a scheduler out of reach.

    Exit code 2, like other problems with how the command was called or set up: no folder's
    input was judged.
    """

    exit_code = ExitCode.USAGE


class NoAuditFolderError(ValauditError):
    """ROOT (with the --include/--exclude patterns) holds no audit folder: nothing to run.

    Exit code 3, like invalid input: the command was fine, the tree it was pointed at is not
    an audit tree.
    """

    exit_code = ExitCode.INVALID

    def __init__(self, root: str, filtered: bool) -> None:
        which = " that match --include/--exclude" if filtered else ""
        super().__init__(
            f"no audit folder{which} under {printable(escape_undecodable(root))}: an audit "
            "folder is one that holds a valaudit.yaml (hidden folders are not searched)."
        )
