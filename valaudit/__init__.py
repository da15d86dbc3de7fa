"""valaudit: audit where an investment's value leaks between implementation and results.

The package flows one way: ``load`` reads the thesis and the KPI tables, ``validate``
checks them and collects located problems, ``analyse`` turns valid inputs into one
report model, and ``render`` turns that model into each output format. :mod:`valaudit.api`
runs these steps as the use cases (validate, audit, write reports, run a batch) and is what
this package exports; ``cli`` is the only module that talks to the terminal or decides exit
codes.

The exports load on first use, so ``import valaudit`` (and ``valaudit --version``) stays
as cheap as the version string.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "AuditOutcome",
    "BatchRequest",
    "BatchResult",
    "__version__",
    "audit_folder",
    "prepare_batch",
    "run_batch",
    "validate_folder",
    "write_portfolio",
    "write_reports",
]

TYPE_CHECKING = False  # typing itself is not loaded for --version
if TYPE_CHECKING:
    from valaudit.api import (
        AuditOutcome,
        BatchRequest,
        BatchResult,
        audit_folder,
        prepare_batch,
        run_batch,
        validate_folder,
        write_portfolio,
        write_reports,
    )


def __getattr__(name: str) -> object:
    """The api's names, imported when first asked for (PEP 562)."""
    if name in __all__:
        from valaudit import api

        return getattr(api, name)
    raise AttributeError(f"module 'valaudit' has no attribute {name!r}")
