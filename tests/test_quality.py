"""Lint and types are part of the test suite: ruff and mypy must be clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)


def test_ruff_check() -> None:
    result = _run(str(BIN / "ruff"), "check", "src", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "src", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy() -> None:
    result = _run(str(BIN / "mypy"), "src/katalog", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
