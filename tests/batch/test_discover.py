"""Finding audit folders: sorted, hidden and escaping links skipped, patterns applied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.batch.conftest import write_broken
from valaudit.batch.discover import PathPattern, discover, path_key

symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")


def make_tree(root: Path, *folders: str) -> None:
    for folder in folders:
        write_broken(root, folder)


def test_finds_every_thesis_folder_sorted_by_path(tmp_path: Path) -> None:
    make_tree(tmp_path, "b", "a-b", "a/b", "a/c/d", "A")
    (tmp_path / "a" / "data").mkdir()
    assert discover(tmp_path).folders == ("A", "a/b", "a/c/d", "a-b", "b")


def test_root_itself_and_the_yml_spelling(tmp_path: Path) -> None:
    (tmp_path / "valaudit.yml").write_text("valaudit: 1\n")
    make_tree(tmp_path, "x")
    assert discover(tmp_path).folders == (".", "x")


def test_hidden_folders_are_not_searched(tmp_path: Path) -> None:
    make_tree(tmp_path, ".git/x", "visible/.cache/y", "visible")
    found = discover(tmp_path)
    assert found.folders == ("visible",)
    assert found.skipped == ()


@symlinks
def test_links_out_of_root_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    make_tree(root, "inside")
    make_tree(outside, "secret")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    found = discover(root)
    assert found.folders == ("inside",)
    assert [(s.path, s.reason) for s in found.skipped] == [
        ("escape", "a link to a folder outside ROOT")
    ]


@symlinks
def test_a_thesis_linked_from_outside_root_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "client").mkdir(parents=True)
    (tmp_path / "elsewhere.yaml").write_text("valaudit: 1\n")
    (root / "client" / "valaudit.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    found = discover(root)
    assert found.folders == ()
    assert found.skipped[0].path == "client"


@symlinks
def test_links_inside_root_are_followed_and_loops_stop(tmp_path: Path) -> None:
    make_tree(tmp_path, "real/client")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "client" / "loop").symlink_to(tmp_path / "real", target_is_directory=True)
    found = discover(tmp_path)
    assert found.folders == ("alias/client", "real/client")
    assert {s.reason for s in found.skipped} == {"a link back to a folder it is inside"}


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["archive/old", "clients/acme", "clients/acme/2025", "clients/zed", "other"]),
        (("clients/*",), (), ["clients/acme", "clients/acme/2025", "clients/zed"]),
        (("clients/**",), ("**/2025",), ["clients/acme", "clients/zed"]),
        ((), ("archive",), ["clients/acme", "clients/acme/2025", "clients/zed", "other"]),
        (("*/acme", "oth?r"), (), ["clients/acme", "clients/acme/2025", "other"]),
        (("clients/[a-m]*",), (), ["clients/acme", "clients/acme/2025"]),
        (("nothing",), (), []),
    ],
)
def test_include_and_exclude(
    tmp_path: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    make_tree(tmp_path, "archive/old", "clients/acme", "clients/acme/2025", "clients/zed", "other")
    assert list(discover(tmp_path, include, exclude).folders) == expected


def test_star_stays_within_one_folder_name() -> None:
    pattern = PathPattern("clients/*/q1")
    assert pattern.matches("clients/acme/q1")
    assert not pattern.matches("clients/acme/x/q1")
    assert PathPattern("**/q1").matches("clients/acme/x/q1")
    assert PathPattern("./clients/").matches("clients/acme")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("clients**2025", "clients/acme/2025", True),  # ** spans folders, even inside a name
        ("**/2025", "2025", True),
        ("clients/**", "clients", False),  # ... but the folder itself is not beneath itself
        ("clients/?cme", "clients/acme", True),
        ("clients?acme", "clients/acme", False),  # ? and [...] never match a /
        ("clients[/]acme", "clients/acme", False),
        ("clients/[!z]*", "clients/acme", True),
        ("Clients/*", "clients/acme", False),  # case-sensitive on every platform
        ("clients\\acme", "clients/acme", True),  # a Windows separator in the pattern
        ("{acme,zed}", "acme", False),  # no brace expansion: { } are plain characters
    ],
)
def test_pattern_semantics(pattern: str, path: str, matches: bool) -> None:
    assert PathPattern(pattern).matches(path) is matches


def test_path_key_sorts_by_component() -> None:
    assert sorted(["a-b", "a/b", "."], key=path_key) == [".", "a/b", "a-b"]


def test_unreadable_folder_is_reported_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, "ok", "locked/inner")
    real_scandir = os.scandir

    def scandir(path: Path) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover(tmp_path)
    assert found.folders == ("ok",)
    assert [(s.path, s.reason) for s in found.skipped] == [
        ("locked", "cannot be read: Permission denied")
    ]


def _special_theses(root: Path) -> None:
    """Folders whose valaudit.yaml is a named pipe, a folder, a link to nothing, a link to
    itself, and one whose link leaves ROOT."""
    for name in ("fifo", "folder/valaudit.yaml", "dangling", "loop", "outside"):
        (root / name).mkdir(parents=True)
    os.mkfifo(root / "fifo" / "valaudit.yaml")
    (root / "dangling" / "valaudit.yaml").symlink_to("gone.yaml")
    (root / "loop" / "valaudit.yaml").symlink_to("valaudit.yaml")
    (root / "outside" / "valaudit.yaml").symlink_to(root.parent / "nowhere" / "valaudit.yaml")


@symlinks
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_thesis_that_is_not_a_file_still_makes_a_candidate(tmp_path: Path) -> None:
    """Every candidate is audited (its row says what is wrong) or skipped with a reason."""
    root = tmp_path / "root"
    _special_theses(root)
    found = discover(root)
    assert found.folders == ("dangling", "fifo", "folder", "loop")
    assert [(s.path, s.reason) for s in found.skipped] == [
        ("outside", "its valaudit.yaml is a link to a file outside ROOT")
    ]
