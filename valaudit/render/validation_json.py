"""Validation results as JSON (``schemas/validation.schema.json``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from valaudit import __version__
from valaudit.model.validation import FolderValidation
from valaudit.render.indented_json import dumps_indented
from valaudit.render.options import RenderOptions
from valaudit.render.safe_text import encodable_json


def validation_document(results: Sequence[FolderValidation]) -> dict[str, Any]:
    errors = [p.to_dict() for r in results for p in r.errors]
    warnings = [p.to_dict() for r in results for p in r.warnings]
    return {
        "valid": not errors,
        "errors": errors,
        "warnings": warnings,
        "summary": {
            "folders": len(results),
            "files": sum(r.stats.files for r in results),
            "tables": sum(r.stats.tables for r in results),
            "rows": sum(r.stats.rows for r in results),
            "kpis": sum(r.stats.kpis for r in results),
            "errors": len(errors),
            "warnings": len(warnings),
        },
        "folders": [
            {
                "thesis": r.target,
                "valid": not r.errors,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
            }
            for r in results
        ],
        "valaudit_version": __version__,
    }


def render_validation(results: Sequence[FolderValidation], options: RenderOptions) -> str:
    return encodable_json(dumps_indented(validation_document(results))) + "\n"
