"""The YAML reader on escapes that spell half a character (lone UTF-16 surrogates)."""

from __future__ import annotations

import pytest

from valaudit.load.yaml_reader import read_yaml


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('name: "Rollout \\ud83d\\ude80"', {"name": "Rollout 🚀"}),
        ('"\\ud83d\\udcc8 growth": [1, "x\\ud83d\\ude80"]', {"📈 growth": [1, "x🚀"]}),
        ("name: 'kept as \\ud800 text'", {"name": "kept as \\ud800 text"}),
    ],
    ids=["value", "key-and-list", "single-quoted"],
)
def test_a_pair_of_escapes_is_the_character_it_spells(text: str, data: object) -> None:
    """As json.loads reads them (json.dumps writes an emoji so)."""
    document, problems = read_yaml(text, file="valaudit.yaml")
    assert problems == [] and document is not None
    assert document.data == data


@pytest.mark.parametrize(
    ("text", "line", "path", "what"),
    [
        ('a: 1\nname: "Rollout \\ud800"', 2, "name", "value"),
        ('a: 1\nlist:\n  - ok\n  - "\\ude80 x"', 4, "list[1]", "value"),
        ('a: 1\n"\\udc00 key": 2', 2, "(top level)", "key"),
    ],
    ids=["value", "list-item", "key"],
)
def test_a_lone_half_is_an_error_at_its_line(text: str, line: int, path: str, what: str) -> None:
    document, problems = read_yaml(text, file="valaudit.yaml")
    assert [(p.code, p.line, p.path) for p in problems] == [("yaml_bad_value", line, path)]
    assert f"The {what} " in problems[0].message and "half of a" in problems[0].message
    assert problems[0].message.isascii() and "\\U0001F680" in (problems[0].hint or "")
    assert document is not None
    values = [document.data.get("name"), document.data.get("list")]
    assert not any("\ud800" <= c <= "\udfff" for v in values if v for c in str(v))


@pytest.mark.parametrize(
    ("text", "line", "words", "fix"),
    [
        (
            "valaudit: 1\ntags: [erp, finance\nowner: Jane\n",
            2,
            "a list in square brackets ('[') is not closed",
            "Close the list with ']'",
        ),
        (
            "valaudit: 1\nkpis:\n  - {id: csat, stage: customer\n",
            3,
            "a mapping in curly brackets ('{') is not closed",
            "Close it with '}'",
        ),
        (
            'valaudit: 1\nowner: "Jane\nnotes: x\n',
            2,
            "a quoted text is never closed",
            "Close the text with the same quote",
        ),
    ],
)
def test_a_syntax_error_is_explained_in_words_at_the_line_where_it_opened(
    text: str, line: int, words: str, fix: str
) -> None:
    """Where the parser gives up is often the end of the file; the user needs the line where
    the bracket or quote was opened, and words rather than the parser's terms."""
    document, problems = read_yaml(text, file="valaudit.yaml")
    assert document is None
    [problem] = problems
    assert problem.code == "yaml_syntax"
    assert problem.line == line
    assert problem.message.startswith(f"The file is not valid YAML: {words}")
    assert "(the YAML reader says: while " in problem.message
    assert (problem.hint or "").startswith(fix)
