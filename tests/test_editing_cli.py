"""`katalog new` and `katalog fmt` through the installed console script, as an editor runs them."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

KATALOG = shutil.which("katalog", path=str(Path(sys.executable).parent))


def _project(tmp_path: Path) -> Path:
    """A copy of the project's data folder (reference data and the shipped records) to edit."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return tmp_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert KATALOG, "the katalog console script is not installed in this environment"
    return subprocess.run(
        [KATALOG, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL
    )


def test_new_with_options_appends_and_changes_no_other_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data" / "initiatives.yaml"
    before = data.read_text(encoding="utf-8")
    result = run(
        "new",
        "--name",
        "Jobcafé i Vollsmose",
        "--municipality",
        "Odense",
        "--target-group",
        "unge",
        "--kind",
        "Mentorindsats",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    after = data.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n")
    assert "- id: jobcafe-i-vollsmose" in after
    first = result.stdout.splitlines()[0]
    line = int(first.split(":")[1])
    assert after.splitlines()[line - 1].strip() == "- id: jobcafe-i-vollsmose"
    assert first == f"data/initiatives.yaml:{line}: indsatsen 'jobcafe-i-vollsmose' er tilføjet. Udfyld nu:"
    assert "summary (linje" in result.stdout and "sources (linje" in result.stdout
    # The scaffold is a valid file with the new record's to-dos as errors at their lines.
    check = run("validate", cwd=project)
    assert check.returncode == 1
    assert all(problem.startswith("data/initiatives.yaml:") for problem in check.stdout.splitlines())
    assert "jobcafe-i-vollsmose" in check.stdout


def test_new_without_a_terminal_never_prompts(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = (project / "data" / "initiatives.yaml").read_bytes()
    result = run("new", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "katalog: indsatsen skal have et navn; angiv det med --name"
    wrong = run("new", "--name", "X-projektet", "--kind", "mentor", "--target-group", "unge", cwd=project)
    assert wrong.returncode == 2
    assert "ukendt indsatstype 'mentor' (mente du 'mentorindsats'?)" in wrong.stderr
    assert "Traceback" not in result.stderr + wrong.stderr
    assert (project / "data" / "initiatives.yaml").read_bytes() == before


def _read_until(fd: int, text: str, seen: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in "".join(seen):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited for {text!r}; the terminal showed:\n{''.join(seen)}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:
                break


def test_new_asks_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, `katalog new` asks for name, municipality, target groups and kinds; numbers pick choices."""
    assert KATALOG
    project = _project(tmp_path)
    main, child = pty.openpty()
    process = subprocess.Popen([KATALOG, "new"], cwd=project, stdin=child, stdout=child, stderr=child)
    os.close(child)
    seen: list[str] = []
    try:
        for question, answer in (
            ("Indsatsens navn", "Jobcafé i Vollsmose"),
            ("Kommuner", "Odense"),
            ("Målgrupper", ""),  # required: asked again
            ("Skriv mindst én værdi", "3"),
            ("Indsatstyper", "mentorindsats, 3"),
        ):
            _read_until(main, question, seen)
            os.write(main, answer.encode() + b"\r")
        assert process.wait(timeout=60) == 0, "".join(seen)
        _read_until(main, "Kør derefter", seen)
    finally:
        process.kill()
        os.close(main)
    text = (project / "data" / "initiatives.yaml").read_text(encoding="utf-8")
    record = text[text.index("- id: jobcafe-i-vollsmose") :]
    assert "- Odense" in record
    assert "- unge" in record  # choice 3 in data/vocabularies.yaml
    assert "- mentorindsats" in record and "- virksomhedspraktik" in record


def test_fmt_check_then_fmt(tmp_path: Path) -> None:
    project = _project(tmp_path)
    target = project / "messy.yaml"
    shutil.copy(FIXTURES / "fmt" / "misordered.yaml", target)
    before = target.read_bytes()
    check = run("fmt", "--check", "--data", "messy.yaml", cwd=project)
    assert check.returncode == 1
    assert check.stdout.startswith("--- messy.yaml\n+++ messy.yaml (kanonisk)\n")
    assert "filen er ikke formateret; kør 'katalog fmt --data messy.yaml'" in check.stderr
    assert target.read_bytes() == before
    done = run("fmt", "--data", "messy.yaml", cwd=project)
    assert done.returncode == 0 and "filen er formateret" in done.stderr
    assert target.read_text(encoding="utf-8") == (FIXTURES / "fmt" / "misordered.canonical.yaml").read_text("utf-8")
    again = run("fmt", "--check", "--data", "messy.yaml", cwd=project)
    assert again.returncode == 0 and again.stdout == ""
    assert "filen er allerede formateret" in again.stderr


def test_fmt_refuses_broken_yaml_with_its_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("initiatives:\n  - id: x\n    name: [ikke lukket\n", encoding="utf-8")
    result = run("fmt", "--data", str(broken), cwd=ROOT)
    assert result.returncode == 1
    assert f"{broken}:3:11: error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert broken.read_text(encoding="utf-8").endswith("[ikke lukket\n")
