"""The CI recipes run as written: the action's shell steps and the GitLab job's script.

``action.yml`` and the GitLab example in ``docs/ci.md`` are parsed, their shell steps taken
out and run with bash, as the runners do, against a repository holding a sample audit folder
and with the ``valaudit`` of this environment on the PATH. The runner's files
(``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``, ...) are temporary files here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import JUnitXml

from tests.conftest import ROOT, SAMPLES

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
#: The folder holding this environment's ``valaudit`` (and python).
BIN = str(Path(sys.executable).parent)
#: Off-track KPIs (behind, flat) and no breached guardrail.
SAMPLE = next(path for path in SAMPLES if path.name == "erp_finance_close")
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]


@dataclass
class ActionRun:
    code: int
    log: str
    outputs: dict[str, str]
    summary: str


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A checked-out KPI repository with one audit folder."""
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo / "clients" / "acme")
    return repo


def runner_environment(tmp_path: Path) -> dict[str, str]:
    tmp_path.mkdir(exist_ok=True)
    files = {name: tmp_path / f"runner-{name.lower()}" for name in
             ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV")}  # fmt: skip
    for path in files.values():
        path.write_text("", encoding="utf-8")
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    return {
        **os.environ,
        **{name: str(path) for name, path in files.items()},
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_ACTIONS": "true",
        "NO_COLOR": "1",
    }


def expand(text: str, inputs: dict[str, str]) -> str:
    """``${{ inputs.name }}`` replaced as the runner does; any other expression is a test bug."""
    text = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], text)
    assert "${{" not in text, text
    return text


def condition_holds(condition: str, inputs: dict[str, str]) -> bool:
    match = re.fullmatch(r"inputs\.([\w-]+) == '([^']*)'", condition.strip())
    assert match, f"the test only knows conditions like inputs.x == 'y', not {condition!r}"
    return inputs[match.group(1)] == match.group(2)


def run_action(repo: Path, tmp_path: Path, **given: str) -> ActionRun:
    """Run the action's steps in order, stopping at the first that fails, as a runner does."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs |= {name.replace("_", "-"): value for name, value in given.items()}
    environment = runner_environment(tmp_path)
    log, code = "", 0
    for step in ACTION["runs"]["steps"]:
        if "if" in step and not condition_holds(step["if"], inputs):
            continue
        assert "run" in step, f"a step that uses another action ran: {step.get('name')}"
        env = {key: expand(str(value), inputs) for key, value in step.get("env", {}).items()}
        done = subprocess.run(
            [*BASH, expand(step["run"], inputs)],
            cwd=repo,
            env={**environment, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        log += done.stdout + done.stderr
        code = done.returncode
        if code:
            break
    outputs = dict(
        line.split("=", 1)
        for line in Path(environment["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    )
    summary = Path(environment["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    return ActionRun(code, log, outputs, summary)


def junit(path: Path) -> Any:
    (suite,) = list(JUnitXml.fromfile(str(path)))
    return suite


def test_the_action_declares_its_inputs_and_runs_with_bash() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"path", "fail-on", "formats", "summary"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["path"]["required"] is True
    steps = ACTION["runs"]["steps"]
    assert [step["name"] for step in steps] == [
        "Set up Python",
        "Install valaudit",
        "Validate",
        "Audit",
    ]
    assert all(step["shell"] == "bash" for step in steps if "run" in step)
    install = next(step for step in steps if step["name"] == "Install valaudit")
    syntax = subprocess.run(["bash", "-n", "-c", install["run"]], check=False)
    assert syntax.returncode == 0


def test_a_guardrail_gate_on_off_track_kpis_passes_with_warnings_only(
    repository: Path, tmp_path: Path
) -> None:
    done = run_action(
        repository, tmp_path, path="clients/acme", fail_on="invalid guardrail", install="false"
    )
    assert done.code == 0, done.log
    assert done.outputs == {"valid": "true", "exit-code": "0"}
    annotations = [line for line in done.log.splitlines() if line.startswith("::")]
    assert [line.split(" ", 1)[0] for line in annotations] == ["::warning", "::warning", "::notice"]
    assert "::error" not in done.log
    suite = junit(repository / "valaudit-reports" / "valaudit.xml")
    assert (suite.tests, suite.failures, suite.errors) == (7, 0, 0)
    assert (repository / "valaudit-reports" / "valaudit.html").read_text().startswith("<!doctype")
    assert done.summary.startswith("## ◐ Partially realized: ERP finance transformation")


def test_the_off_track_gate_fails_the_step_on_exactly_those_kpis(
    repository: Path, tmp_path: Path
) -> None:
    done = run_action(
        repository, tmp_path, path="clients/acme", fail_on="off-track", install="false"
    )
    assert done.code == 1
    assert done.outputs["exit-code"] == "1"
    suite = junit(repository / "valaudit-reports" / "valaudit.xml")
    failing = [case.name.split(":")[0] for case in suite if case.result and case.is_failure]
    assert failing == ["invoices_per_fte", "dso_days"]
    errors = [line for line in done.log.splitlines() if line.startswith("::error")]
    assert [line.split(",line=")[1].split(",")[0] for line in errors] == ["41", "46"]


def test_invalid_input_fails_the_step_and_replaces_last_quarters_results(
    repository: Path, tmp_path: Path
) -> None:
    first = run_action(repository, tmp_path, path="clients/acme", install="false")
    assert first.code == 0
    table = repository / "clients" / "acme" / "data" / "finance_kpis.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("2022-Q1;dso_days;")  # row 4 holds a DSO value
    # A bad value committed in row 4 (an 'l' for a '1'; 'n/a' would be no value, not an error).
    lines[3] = "2022-Q1;dso_days;5l,8"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_action(repository, tmp_path / "second", path="clients/acme", install="false")
    assert done.code == 3
    assert done.outputs == {"valid": "false", "exit-code": "3"}
    assert "::error file=clients/acme/data/finance_kpis.csv,line=4," in done.log
    suite = junit(repository / "valaudit-reports" / "valaudit.xml")
    assert suite.failures >= 1 and all(case.is_failure for case in suite if case.result)
    assert "clients/acme/data/finance_kpis.csv, row 4" in next(iter(suite)).name
    assert done.summary.startswith("## ✗ valaudit: the input is invalid")


def test_an_unknown_format_stops_the_step(repository: Path, tmp_path: Path) -> None:
    done = run_action(repository, tmp_path, path="clients/acme", formats="pdf", install="false")
    assert done.code == 2
    assert "::error title=valaudit action::Unknown format 'pdf'." in done.log


def test_the_github_workflow_in_the_docs_uses_the_actions_inputs() -> None:
    (workflow,) = [
        yaml.safe_load(block)
        for block in re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)
        if "uses: valaudit/valaudit@" in block
    ]
    steps = workflow["jobs"]["audit"]["steps"]
    (ours,) = [step for step in steps if step.get("uses", "").startswith("valaudit/valaudit@")]
    assert set(ours["with"]) <= set(ACTION["inputs"])
    publish = next(step for step in steps if "junit" in step.get("uses", ""))
    assert publish["if"] == "always()"


def gitlab_job() -> dict[str, Any]:
    (job,) = [
        yaml.safe_load(block)["valaudit"]
        for block in re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)
        if block.startswith("valaudit:")
    ]
    return job


@pytest.mark.parametrize("broken", [False, True])
def test_the_gitlab_job_runs_as_documented(repository: Path, tmp_path: Path, broken: bool) -> None:
    job = gitlab_job()
    assert job["artifacts"]["when"] == "always"
    report = repository / job["artifacts"]["reports"]["junit"]
    report.parent.mkdir()
    report.write_text("<testsuites/>", encoding="utf-8")  # last quarter's, to be replaced
    if broken:
        thesis = repository / "clients" / "acme" / "valaudit.yaml"
        thesis.write_text(thesis.read_text().replace("go_live:", "golive:", 1), encoding="utf-8")
    variables = {name: str(value) for name, value in job["variables"].items()}
    done = subprocess.run(
        [*BASH, "\n".join(job["script"])],
        cwd=repository,
        env={**runner_environment(tmp_path), **variables, "CI": "true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    suite = junit(report)
    if broken:
        assert done.returncode == 3
        assert suite.failures >= 1
    else:
        assert done.returncode == 0, done.stdout + done.stderr
        assert (suite.tests, suite.failures) == (7, 0)  # off-track KPIs, guardrail gate only
