"""Data files shipped with valaudit: question rules, scorecard questions, templates.

They are valaudit's own files (UTF-8, reviewed with the code), so they are read with
PyYAML's safe loader as they are; the guarded reader in :mod:`valaudit.load.yaml_file` is
for the files users write.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def data_text(*parts: str) -> str:
    """A file of this package as text, e.g. ``data_text("templates", "workbook.yaml")``."""
    return resources.files(__package__).joinpath(*parts).read_text("utf-8")


def data_yaml(*parts: str) -> Any:
    """A YAML file of this package as plain values."""
    return yaml.safe_load(data_text(*parts))
