"""What can stop a batch run before any folder is audited."""

from __future__ import annotations

from valaudit.errors import ValauditError


class BatchSetupError(ValauditError):
    """The run cannot start: an executor that is not installed, a scheduler out of reach.

    Exit code 2, like other problems with how the command was called or set up: no folder's
    input was judged.
    """

    exit_code = 2
