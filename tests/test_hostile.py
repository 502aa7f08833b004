"""The hostile-input corpus: every case an attacker tried, through the real ``katalog`` entry point.

``tests/fixtures/hostile/cases.yaml`` is the table (its format: the README beside it).
Each command case runs in a fresh temporary project (a copy of ``data/``, and for
``project: full`` what a site build needs) with its own home folder, and must end
with its exit code and messages, within its time limit, without a traceback, and,
where the case says so, with every file as it was. A file of the corpus that no
case uses, or a case whose file is missing, fails the suite.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from katalog.editing import cms
from tests.conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
KATALOG = Path(sys.executable).parent / "katalog"
TABLE = HOSTILE / "cases.yaml"
KINDS = frozenset({"command", "browser"})
KEYS = frozenset(
    {
        "id",
        "about",
        "kind",
        "project",
        "file",
        "setup",
        "env",
        "argv",
        "exit",
        "stdin",
        "stderr",
        "stderr_contains",
        "stdout",
        "stdout_contains",
        "unchanged",
        "changes",
        "timeout",
        "expect_text",
    }
)
SETUP_STEPS = frozenset({"fifo", "symlink", "mkdir", "write", "chmod", "copy", "sparse", "rm"})
# Lines that only a Python traceback or an unhandled exception prints.
_CRASH = re.compile(r"^(Traceback \(most recent call last\)|[A-Za-z_.]+(Error|Exception): )", re.MULTILINE)


def load_cases() -> list[dict[str, Any]]:
    """Every case of the table, in table order."""
    loaded = yaml.safe_load(TABLE.read_text(encoding="utf-8")) or []
    assert isinstance(loaded, list), f"{TABLE.name}: the table must be a list of cases"
    return loaded


CASES = load_cases()
COMMAND_CASES = [c for c in CASES if c.get("kind", "command") == "command"]


def _referenced_files(case: dict[str, Any]) -> list[str]:
    names = [case["file"]] if case.get("file") else []
    for step in case.get("setup") or []:
        if "copy" in step:
            names.append(step["copy"][0])
    return names


def test_table_is_well_formed() -> None:
    assert CASES, "the hostile corpus has no cases"
    ids = [str(c.get("id")) for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", str(case.get("id"))), case.get("id")
        assert set(case) <= KEYS, (case["id"], sorted(set(case) - KEYS))
        assert case.get("about"), f"{case['id']}: say what the case tries"
        assert case.get("kind", "command") in KINDS, case["id"]
        if case.get("kind", "command") == "command":
            assert isinstance(case.get("argv"), list), f"{case['id']}: argv is a list"
            assert isinstance(case.get("exit"), int), f"{case['id']}: exit code"
            assert any(k in case for k in ("stderr", "stderr_contains", "stdout", "stdout_contains")), (
                f"{case['id']}: say what the command must print"
            )
        else:
            assert case.get("file"), f"{case['id']}: a browser case builds a data file"
        for step in case.get("setup") or []:
            assert len(step) == 1 and set(step) <= SETUP_STEPS, (case["id"], step)


def test_no_orphans() -> None:
    """Every corpus file belongs to a case, and every case's file exists."""
    used = {name for case in CASES for name in _referenced_files(case)}
    present = {p.name for p in HOSTILE.iterdir() if p.is_file() and p.name != "README.md" and p != TABLE}
    assert sorted(used - present) == [], "cases whose file is missing"
    assert sorted(present - used) == [], "corpus files that no case uses"


@dataclass
class Sandbox:
    """A temporary project and home folder for one case."""

    base: Path
    project: Path
    home: Path

    def expand(self, value: str) -> str:
        return value.replace("{tmp}", str(self.project)).replace("{home}", str(self.home))

    def normalise(self, text: str) -> str:
        return text.replace(str(self.project), "{tmp}").replace(str(self.home), "{home}")


def _make_sandbox(base: Path, case: dict[str, Any]) -> Sandbox:
    project, home = base / "project", base / "home"
    home.mkdir(parents=True)
    shutil.copytree(ROOT / "data", project / "data")
    if case.get("project", "data") == "full":
        for name in ("docs", "overrides", "src"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        # The web form's built files (tools/sveltia), linked rather than copied.
        (project / cms.TOOLS).mkdir(parents=True)
        for entry in (ROOT / cms.TOOLS).iterdir():
            (project / cms.TOOLS / entry.name).symlink_to(entry)
    else:
        assert case.get("project", "data") == "data", case["id"]
        shutil.copytree(ROOT / "docs" / "methods", project / "docs" / "methods")
    if case.get("file"):
        shutil.copy2(HOSTILE / case["file"], project / "data" / "case.yaml")
    box = Sandbox(base, project, home)
    for step in case.get("setup") or []:
        _run_step(box, step)
    return box


def _run_step(box: Sandbox, step: dict[str, Any]) -> None:
    ((name, value),) = step.items()
    at = box.project
    if name == "fifo":
        os.mkfifo(at / box.expand(value))
    elif name == "symlink":
        link, pointee = (box.expand(v) for v in value)
        (at / link).symlink_to(pointee)
    elif name == "mkdir":
        (at / box.expand(value)).mkdir(parents=True, exist_ok=True)
    elif name == "write":
        for path, content in value.items():
            written = at / box.expand(path)
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_text(content, encoding="utf-8")
    elif name == "chmod":
        path, mode = value
        (at / box.expand(path)).chmod(int(str(mode), 8))
    elif name == "copy":
        source, destination = value
        copied = at / box.expand(destination)
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HOSTILE / source, copied)
    elif name == "sparse":
        path, size = value
        with open(at / box.expand(path), "wb") as handle:
            handle.truncate(int(size))
    elif name == "rm":
        removed = at / box.expand(value)
        if removed.is_dir() and not removed.is_symlink():
            shutil.rmtree(removed)
        else:
            removed.unlink()
    else:  # pragma: no cover - the table test refuses unknown steps
        raise AssertionError(name)


def snapshot(base: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``base``: its type, mode and content digest (a link's target), without following links."""
    entries: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(base, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            key = str(path.relative_to(base))
            if stat.S_ISLNK(info.st_mode):
                entries[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                entries[key] = ("file", stat.S_IMODE(info.st_mode), hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                entries[key] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return entries


def _without(entries: dict[str, tuple[Any, ...]], changes: list[str]) -> dict[str, tuple[Any, ...]]:
    prefixes = [c.rstrip("/") for c in changes]
    return {k: v for k, v in entries.items() if not any(k == p or k.startswith(p + "/") for p in prefixes)}


def run_case(box: Sandbox, case: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(box.home), "KATALOG_PDF": "0", "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KATALOG_DATA", None)
    env.update({k: box.expand(str(v)) for k, v in (case.get("env") or {}).items()})
    argv = [str(KATALOG), *(box.expand(str(a)) for a in case["argv"])]
    process = subprocess.Popen(
        argv,
        cwd=box.project,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    timeout = float(case.get("timeout", 60))
    try:
        stdout, stderr = process.communicate(case.get("stdin", ""), timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{case['id']}: katalog {' '.join(case['argv'])} did not end within {timeout:g} s (a hang)")
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


@pytest.mark.slow
@pytest.mark.parametrize("case", COMMAND_CASES, ids=[c["id"] for c in COMMAND_CASES])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    box = _make_sandbox(tmp_path, case)
    watched = case.get("unchanged")
    before = snapshot(tmp_path) if watched else {}
    result = run_case(box, case)
    stdout, stderr = box.normalise(result.stdout), box.normalise(result.stderr)
    shown = f"exit {result.returncode}\n--- stdout\n{stdout}--- stderr\n{stderr}"
    assert not _CRASH.search(stdout + stderr), shown
    assert result.returncode == case["exit"], shown
    if "stderr" in case:
        assert stderr == case["stderr"], shown
    for fragment in case.get("stderr_contains") or []:
        assert fragment in stderr, shown
    if "stdout" in case:
        assert stdout == case["stdout"], shown
    for fragment in case.get("stdout_contains") or []:
        assert fragment in stdout, shown
    if watched:
        after = snapshot(tmp_path)
        if watched == "all":
            changes = [
                c.replace("{home}", "home", 1) if c.startswith("{home}") else f"project/{c}"
                for c in case.get("changes") or []
            ]
            assert _without(after, changes) == _without(before, changes), f"files changed\n{shown}"
        else:
            for path in watched:
                key = f"project/{path}"
                assert after.get(key) == before.get(key), f"{path} changed\n{shown}"
