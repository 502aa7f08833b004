"""pre-commit and yamllint: the hooks run the project's own tools, and the shipped data passes them."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.project_commands import command_problems

VENV_BIN = ROOT / ".venv" / "bin"
CONFIG = ROOT / ".pre-commit-config.yaml"


def _yamllint(*paths: Path | str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "yamllint"), "--strict", "--format", "parsable", "--config-file", str(ROOT / ".yamllint.yaml")]
        + [str(p) for p in paths],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


@pytest.mark.slow
def test_data_passes_yamllint() -> None:
    result = _yamllint("data/")
    assert result.stdout == ""
    assert result.returncode == 0, result.stderr


def test_yamllint_config_catches_what_yaml_lets_through(tmp_path: Path) -> None:
    data = tmp_path / "initiatives.yaml"
    data.write_text("initiatives:\n  - id: a\n    name: A\n    id: b\n    anonymised: yes\n", encoding="utf-8")
    result = _yamllint(data)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f'{data}:4:5: [error] duplication of key "id" in mapping (key-duplicates)',
        f"{data}:5:17: [warning] truthy value should be one of [false, true] (truthy)",
    ]


def test_every_hook_is_local_and_its_entry_exists() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    # Local hooks only: pre-commit then clones nothing and installs nothing.
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["katalog-validate", "katalog-fmt", "yamllint"]
    for hook in hooks:
        assert hook["language"] == "unsupported", hook["id"]
        entry = shlex.split(hook["entry"])
        assert entry[0].startswith(".venv/bin/"), hook["id"]
        assert command_problems(entry) == [], hook["id"]
    assert shlex.split(hooks[1]["entry"])[1:] == ["fmt", "--check"]


@pytest.mark.slow
def test_pre_commit_runs_every_hook_on_a_copy(tmp_path: Path) -> None:
    """`pre-commit run --all-files` in a fresh git repository holding the project's data: green, then red."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, repo / name)
    for name in (".pre-commit-config.yaml", ".yamllint.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("GIT_DIR", None)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=60)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(VENV_BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    git("init", "-q")
    (repo / ".gitignore").write_text(".venv\n", encoding="utf-8")
    git("add", "-A")
    result = pre_commit()
    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line.rsplit(".", 1)[0].rstrip(".") for line in result.stdout.splitlines() if line.endswith("Passed")]
    assert passed == ["katalog validate", "katalog fmt --check", "yamllint (data/)"]

    # A duplicated key that the loader would quietly resolve: yamllint stops the commit.
    (repo / "data" / "extra.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    git("add", "-A")
    result = pre_commit()
    assert result.returncode == 1
    failed = [line.rsplit(".", 1)[0].rstrip(".") for line in result.stdout.splitlines() if line.endswith("Failed")]
    assert failed == ["yamllint (data/)"]
    assert 'data/extra.yaml:2:1: [error] duplication of key "a" in mapping (key-duplicates)' in result.stdout
