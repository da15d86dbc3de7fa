"""``valaudit scorecard`` end to end through the CLI: asking, answering from a file, recording."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.onboarding.helpers import run, start
from valaudit.analyse.gap import interpret
from valaudit.onboarding.answers import answers_yaml
from valaudit.onboarding.questionnaire import dimensions, questions
from valaudit.onboarding.scaffold import THESIS_FILE

TOTAL = len(questions())


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return start(tmp_path / "client", "ai")


def test_interactive_flow_end_to_end(folder: Path) -> None:
    before = (folder / THESIS_FILE).read_text(encoding="utf-8")
    # A typo and an out-of-range answer are asked again; then 1s for workflow redesign and 4s.
    workflow = len(dimensions()[0].questions)
    typed = ["7", "x", *["1"] * workflow, *["4"] * (TOTAL - workflow)]
    result = run("scorecard", str(folder), input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Your answer (1-5)") == TOTAL + 2
    assert "'7' is not an answer" in out and "'x' is not an answer" in out
    assert f"1/{TOTAL}  " in out and f"{TOTAL}/{TOTAL}  " in out
    for dimension in dimensions():
        assert dimension.title in out
    first = questions()[0]
    for anchor in first.anchors.values():
        assert anchor in out
    assert re.search(r"Workflow redesign\s+■□□□□ 1/5\s+weak", out)
    overall = round((1 + 4 * 6) / 7, 2)
    assert f"Overall {overall:.1f}/5 — {interpret(overall)}" in out
    assert f"Recorded under operating_model in {folder / THESIS_FILE}" in out

    after = (folder / THESIS_FILE).read_text(encoding="utf-8")
    assert yaml.safe_load(after)["operating_model"] == {
        d.id: (1 if d.id == "workflow_redesign" else 4) for d in dimensions()
    }
    assert comment_lines(after) == comment_lines(before)  # every comment survives, in order

    audit = run("audit", str(folder), "--format", "text")
    assert audit.exit_code == 0
    assert "Operating model (Theory–Reality Gap scorecard)" in audit.stdout
    assert f"Overall {overall:.1f}/5" in audit.stdout
    report = json.loads(run("audit", str(folder), "--format", "json").stdout)
    assert report["scorecard"]["overall"] == overall
    assert "no_workflow_redesign" in report["verdict"]["flags"]


def test_answers_file_runs_without_asking(folder: Path, tmp_path: Path) -> None:
    answers = {q.id: 2 for q in questions()}
    path = tmp_path / "answers.yaml"
    path.write_text(answers_yaml(answers), encoding="utf-8")
    result = run("scorecard", str(folder), "--answers", str(path))
    assert result.exit_code == 0, result.output
    assert "Your answer" not in result.stdout
    assert "Overall 2.0/5" in result.stdout
    thesis = yaml.safe_load((folder / THESIS_FILE).read_text(encoding="utf-8"))
    assert set(thesis["operating_model"].values()) == {2}


def test_bad_answers_exit_3_with_located_errors_and_record_nothing(
    folder: Path, tmp_path: Path
) -> None:
    before = (folder / THESIS_FILE).read_bytes()
    lines = [f"{q.id}: 3" for q in questions()]
    lines[1] = f"{questions()[1].id}: 9"
    lines[4] = "decision_owner: 2"
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("scorecard", str(folder), "--answers", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    err = result.stderr
    assert f"{path}, line 2, at {questions()[1].id}: The answer to" in err
    assert f"{path}, line 5, at decision_owner: There is no question 'decision_owner'" in err
    assert "Did you mean 'decision_owners'?" in err
    assert f"at {questions()[4].id}: No answer to" in err
    assert (folder / THESIS_FILE).read_bytes() == before


def test_input_ending_early_records_nothing(folder: Path) -> None:
    before = (folder / THESIS_FILE).read_bytes()
    result = run("scorecard", str(folder), input="3\n3\n")
    assert result.exit_code == 2
    assert f"after 2 of {TOTAL} answers; nothing was recorded" in result.stderr
    assert "--answers FILE" in result.stderr
    assert (folder / THESIS_FILE).read_bytes() == before


def test_saved_answers_replay_to_the_same_scores(folder: Path, tmp_path: Path) -> None:
    saved = tmp_path / "kept.yaml"
    typed = [str(1 + i % 5) for i in range(TOTAL)]
    first = run("scorecard", str(folder), "--save-answers", str(saved), input="\n".join(typed))
    assert first.exit_code == 0, first.output
    assert f"answers saved to {saved}" in first.stdout
    recorded = yaml.safe_load((folder / THESIS_FILE).read_text(encoding="utf-8"))
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == {
        q.id: int(a) for q, a in zip(questions(), typed, strict=True)
    }
    other = start(tmp_path / "other", "crm")
    second = run("scorecard", str(other), "--answers", str(saved))
    assert second.exit_code == 0
    replayed = yaml.safe_load((other / THESIS_FILE).read_text(encoding="utf-8"))
    assert replayed["operating_model"] == recorded["operating_model"]


def test_a_thesis_that_cannot_be_edited_is_refused_before_any_question(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "valaudit.yaml").write_text("valaudit: 1\ninitiative: [oops\n", encoding="utf-8")
    result = run("scorecard", str(folder), input="3\n" * TOTAL)
    assert result.exit_code == 3
    assert "Your answer" not in result.stdout
    assert "line 2" in result.stderr or "line 3" in result.stderr
    assert "[yaml_syntax]" in result.stderr


def test_no_thesis_says_how_to_start_one(tmp_path: Path) -> None:
    result = run("scorecard", str(tmp_path))
    assert result.exit_code == 3
    assert "There is no thesis here" in result.stderr
    assert "valaudit init" in result.stderr


def test_a_thesis_file_path_works_too(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(answers_yaml({q.id: 5 for q in questions()}), encoding="utf-8")
    result = run("scorecard", str(folder / THESIS_FILE), "--answers", str(path))
    assert result.exit_code == 0
    assert "Strong:" in result.stdout


def test_when_the_thesis_cannot_be_written_the_answers_are_not_lost(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valaudit.errors import OutputError
    from valaudit.onboarding import record

    def refuse(path: Path, data: str | bytes) -> None:
        raise OutputError(f"Cannot write {path}: Read-only file system.")

    monkeypatch.setattr(record, "write_atomic", refuse)
    result = run("scorecard", str(folder), input="2\n" * TOTAL)
    assert result.exit_code == 2
    assert "Read-only file system" in result.stderr
    dumped = result.stderr.split("--answers:\n", 1)[1]
    assert yaml.safe_load(dumped) == {q.id: 2 for q in questions()}
