"""The JSON Schemas of valaudit's formats, shipped inside the package.

The repository's top-level ``schemas/`` folder is a link to this one, so there is one copy.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

NAMES = ("thesis", "report", "validation")


def schema_text(name: str) -> str:
    """The schema file's exact text (what ``valaudit schema NAME`` prints)."""
    return resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(schema_text(name))
    return result
