"""The pull-request workflow's two paths: data-only changes get the fast check, code changes everything.

tests/test_workflows.py runs actionlint and checks pins, permissions and commands for every workflow;
this file checks what the paths do, and the script (scripts/pr_checks.py) their steps call.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.project_commands import split_commands

WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pr_checks", ROOT / "scripts" / "pr_checks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pr_checks"] = module
    spec.loader.exec_module(module)
    return module


PR = _script()


def _jobs() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs: dict[str, Any] = workflow["jobs"]
    return jobs


def _commands(job: dict[str, Any]) -> list[list[str]]:
    return [c for step in job["steps"] for c in split_commands(step.get("run", ""))]


def test_the_full_suite_runs_only_for_code_changes() -> None:
    jobs = _jobs()
    assert jobs["full"]["needs"] == "scope"
    assert jobs["full"]["if"] == "needs.scope.outputs.data-only != 'true'"
    assert ["make", "test"] in _commands(jobs["full"])
    assert ["make", "test"] not in _commands(jobs["data"])
    assert "if" not in jobs["data"]


def test_the_data_path_validates_formats_tests_content_and_builds() -> None:
    commands = _commands(_jobs()["data"])
    assert [".venv/bin/katalog", "validate", "--format", "github", "--changed-from", "$BASE_SHA"] in commands
    assert [".venv/bin/katalog", "fmt", "--check"] in commands
    tests = next(c for c in commands if c[:2] == ["bash", "scripts/run_tests.sh"])
    assert "tests/test_content.py" in tests and "tests/test_fixtures.py" in tests
    assert not any("browser" in t for t in tests)
    assert ["make", "site"] in commands


def test_one_check_reports_for_both_paths() -> None:
    result = _jobs()["result"]
    assert result["if"] == "always()"
    assert sorted(result["needs"]) == ["data", "full", "scope"]
    assert _commands(result) == [["python3", "scripts/pr_checks.py", "verdict"]]


def test_only_the_comment_job_may_write_and_it_runs_no_project_build() -> None:
    jobs = _jobs()
    writers = {name: job.get("permissions") for name, job in jobs.items() if "permissions" in job}
    assert writers == {"comment": {"pull-requests": "write"}}
    comment = jobs["comment"]
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert _commands(comment) == [["python3", "scripts/pr_checks.py", "post"]]
    post = comment["steps"][-1]
    assert post["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_no_expression_is_expanded_inside_a_shell_command() -> None:
    for job in _jobs().values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step.get("name")


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["data/initiatives.yaml"], True),
        (["data/initiatives.yaml", "data/sources.yaml", "docs/bidrag.md"], True),
        (["data/initiatives.yaml", "src/katalog/cli.py"], False),
        (["mkdocs.yml"], False),
        (["database/x.yaml"], False),
        ([], False),
    ],
)
def test_data_only(paths: list[str], expected: bool) -> None:
    assert PR.data_only(paths) is expected


def test_names_reach_the_comment_as_plain_text() -> None:
    assert PR.markdown_text("Jobcafé [klik](https://x.invalid) @alle <img> *fed*") == (
        "Jobcafé \\[klik\\]\\(https\\://x.invalid\\) &#64;alle &lt;img&gt; \\*fed\\*"
    )


def test_the_verdict_fails_on_failure_and_cancel_only() -> None:
    needs = {"scope": {"result": "success"}, "full": {"result": "skipped"}, "data": {"result": "failure"}}
    assert PR.verdict(needs) == ["data: failure"]
    assert PR.verdict({"a": {"result": "success"}, "b": {"result": "skipped"}}) == []
    assert PR.verdict({"a": {"result": "cancelled"}}) == ["a: cancelled"]


def test_outputs_use_a_delimiter_the_text_cannot_guess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    PR._output("body", "EOF\nslut_\nx")
    text = out.read_text(encoding="utf-8")
    header, *_ = text.splitlines()
    delimiter = header.split("<<", 1)[1]
    assert re.fullmatch(r"slut_[0-9a-f]{32}", delimiter)
    assert text == f"body<<{delimiter}\nEOF\nslut_\nx\n{delimiter}\n"


def test_the_comment_says_how_to_open_the_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    from katalog.catalogue import changes

    fake = changes.Changes("base", added=["jobcafe-gellerup"], changed=["team-ildfugle"], removed=["gammel"])
    fake.names = {"jobcafe-gellerup": "Jobcafé Gellerup", "team-ildfugle": "Team Ildfugle", "gammel": "Gammel"}
    monkeypatch.setattr(changes, "changed_records", lambda data, ref: fake)
    env = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "eks/katalog",
        "GITHUB_RUN_ID": "7",
        "WEBSITE_URL": "https://github.com/eks/katalog/actions/runs/7/artifacts/1",
        "BOOKLET_URL": "https://github.com/eks/katalog/actions/runs/7/artifacts/2",
    }
    body = PR.comment_body("base", env)
    assert "python3 -m http.server 8000" in body
    assert "[Hele websitet](https://github.com/eks/katalog/actions/runs/7/artifacts/1)" in body
    assert [line for line in body.splitlines() if line.startswith("- ") and "`" in line and "**" in line] == [
        "- Ny: **Jobcafé Gellerup** (`jobcafe-gellerup`) — siden `cases/jobcafe-gellerup/index.html`, "
        "PDF'en `downloads/indsatser/jobcafe-gellerup.pdf`",
        "- Ændret: **Team Ildfugle** (`team-ildfugle`) — siden `cases/team-ildfugle/index.html`, "
        "PDF'en `downloads/indsatser/team-ildfugle.pdf`",
        "- Fjernet: **Gammel** (`gammel`)",
    ]
