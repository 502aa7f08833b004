"""The CLI's one error boundary under what the shell can do to a command: a full disk and a reader that went away.

A report written to a full disk (``> /dev/full``, ENOSPC on standard output) is one Danish
line and exit 1; a reader that went away (``katalog validate | head -0``) ends the command
quietly with exit 1. Neither may show a traceback or Python's "Exception ignored" notice.
(--data that is not a readable file: the hostile corpus, ``attack13-*``; stop signals:
tests/test_signals.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

KATALOG = Path(sys.executable).parent / "katalog"
INVALID = str(FIXTURES / "invalid" / "status_yaml11_no.yaml")
# Commands that print to standard output without writing a file.
PRINTING = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github"],
    ["validate", "--data", INVALID],
    ["--help"],
    ["--version"],
    ["schema", "--help"],
    ["check-links", "--help"],
]
FULL = "katalog: kan ikke fuldføre kommandoen: der er ikke mere plads på disken\n"


def _env() -> dict[str, str]:
    return {**os.environ, "KATALOG_PDF": "0", "NO_COLOR": "1"}


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_standard_output_on_a_full_disk_is_one_danish_line(args: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(KATALOG), *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, env=_env(), timeout=60
        )
    assert done.returncode == 1, done.stderr
    assert done.stderr.endswith(FULL), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_reader_that_went_away_ends_the_command_quietly(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # `| head -0`: the reader is gone before the first line
    try:
        done = subprocess.run(
            [str(KATALOG), *args], cwd=ROOT, stdout=write, stderr=subprocess.PIPE, text=True, env=_env(), timeout=60
        )
    finally:
        os.close(write)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "", done.stderr
