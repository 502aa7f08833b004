"""Property-based: record text full of Markdown, HTML, Typst and YAML syntax never breaks a build.

Whatever text hypothesis puts into a record's fields, either ``katalog validate``
refuses it with messages, or the booklet compiles and the record's page renders:
"validate passes, build crashes" must not happen. The site's DOM is checked for
script and foreign URLs by ``tests/test_sanitise.py`` and the browser tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.cli import main
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.pdf, pytest.mark.slow]

TEMPLATE = yaml.safe_load((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"))

# Pieces of every markup the text passes through: Markdown, HTML, Typst, YAML, LaTeX, CSV, shells.
SYNTAX = [
    "*",
    "**",
    "_",
    "`",
    "#",
    "# ",
    "## ",
    "- ",
    "1. ",
    "22. november 2026",
    "[x](javascript:alert(1))",
    "![t](https://tracker.example/p.png)",
    "{: onclick=alert(1) }",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "&lt;",
    "&#106;avascript:",
    "#set page(width: 1pt)",
    '#import "x.typ"',
    "$x^2$",
    "@label",
    "<label>",
    "]",
    "[",
    "}",
    "{",
    "\\",
    '"',
    "'",
    ": ",
    " #",
    "---",
    "|",
    ">",
    "=1+1",
    "@SUM(A1)",
    "\\begin{x}",
    "${{ github.token }}",
    "$(rm -rf ~)",
    "»citat«",
    "æøå ÆØÅ é ü",
    "12,3 pct.",
    "Albertslund",
    " ",
    "\n",
    "\n\n",
    "x" * 120,
]
text = st.lists(st.sampled_from(SYNTAX) | st.text(max_size=8), min_size=1, max_size=12).map("".join)


def _record(fields: dict[str, str]) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(yaml.safe_dump(TEMPLATE))
    record = document["initiatives"][0]
    for key, value in fields.items():
        if key == "measure":
            record["results"][0]["measure"] = value
        elif key == "contact":
            record["contacts"][0]["name"] = value
        else:
            record[key] = value
    return document


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.fixed_dictionaries(
        {"name": text, "summary": text, "description": text, "measure": text, "contact": text},
    )
)
def test_what_validate_passes_the_booklet_builds(fields: dict[str, str]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "in.yaml"
        data.write_text(yaml.safe_dump(_record(fields), allow_unicode=True), encoding="utf-8")
        checked = runner.invoke(main, ["validate", "--data", str(data)], catch_exceptions=True)
        assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.output
        assert checked.exit_code in (0, 1), checked.output
        if checked.exit_code != 0:
            assert ": error: " in checked.output
            return
        out = Path(folder) / "hefte.pdf"
        built = runner.invoke(main, ["pdf", "--data", str(data), "--out", str(out)], catch_exceptions=True)
        assert built.exit_code == 0, f"validate passed, pdf failed:\n{built.output}"
        assert out.read_bytes().startswith(b"%PDF-")
