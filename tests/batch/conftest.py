"""Audit trees for the batch tests: copies of the bundled samples, plus broken folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

#: A thesis that parses but breaks the format: a missing key and a typo.
BROKEN_THESIS = "valaudit: 1\ninitiative: {name: Broken, tyep: ai}\n"


def copy_sample(root: Path, name: str, relative: str) -> Path:
    """Copy the sample folder ``name`` to ``root/relative``."""
    source = next(path for path in SAMPLES if path.name == name)
    target = root / relative
    shutil.copytree(source, target)
    return target


def write_broken(root: Path, relative: str, text: str = BROKEN_THESIS) -> Path:
    folder = root / relative
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "valaudit.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """ROOT with three valid client folders at two depths and one invalid folder."""
    root = tmp_path / "root"
    root.mkdir()
    copy_sample(root, "support_copilot", "clients/acme")
    copy_sample(root, "invoice_automation", "clients/globex")
    copy_sample(root, "erp_finance_close", "zeta")
    write_broken(root, "clients/broken")
    return root
