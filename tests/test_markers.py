"""The markers `make test-fast` selects by: declared, applied, and leaving a quick subset that still tests much."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.conftest import ROOT

FAST = "not browser and not pdf and not slow"


def _collect(expression: str) -> tuple[list[str], int]:
    """The test ids pytest selects for ``-m expression``, and how many it collected in all."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-m", expression],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ids = [line for line in done.stdout.splitlines() if "::" in line]
    summary = re.search(r"(\d+)/(\d+) tests? collected", done.stdout)
    assert summary, done.stdout[-2000:]
    assert int(summary.group(1)) == len(ids), done.stdout[-2000:]
    return ids, int(summary.group(2))


def test_the_markers_are_declared() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    declared = {line.split(":", 1)[0] for line in options["markers"]}
    assert {"browser", "pdf", "slow"} <= declared
    assert "--strict-markers" in options["addopts"]


def test_make_test_fast_selects_by_the_markers_and_make_test_runs_everything() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    fast = re.search(r"^test-fast:.*\n\t(.+)$", makefile, re.MULTILINE)
    assert fast, "the Makefile has a test-fast target"
    assert fast.group(1) == f'bash scripts/run_tests.sh -m "{FAST}"'
    assert re.search(r"^test:.*\n\tbash scripts/run_tests.sh$", makefile, re.MULTILINE)
    assert re.search(r"^\.PHONY:.* test-fast( |$)", makefile, re.MULTILINE)


def test_the_quick_subset_is_large_and_holds_no_browser_or_pdf_test() -> None:
    fast, total = _collect(FAST)
    assert len(fast) > 500, f"only {len(fast)} of {total} tests in `make test-fast`"
    assert len(fast) < total
    assert not [t for t in fast if t.startswith("tests/browser/")]
    for module in ("test_booklet.py", "test_build.py", "test_properties_build.py"):
        assert not [t for t in fast if t.startswith(f"tests/{module}::")], module
    assert "tests/test_golden_site.py::test_every_generated_page_matches_its_golden_file" in fast
    assert "tests/test_markers.py::test_the_quick_subset_is_large_and_holds_no_browser_or_pdf_test" in fast
