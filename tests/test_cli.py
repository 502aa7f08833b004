"""The CLI through its real entry point (the installed ``katalog`` console script)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

KATALOG = shutil.which("katalog", path=str(Path(sys.executable).parent))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert KATALOG, "the katalog console script is not installed in this environment"
    return subprocess.run([KATALOG, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120)


def test_shipped_data_passes() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout
    assert "Traceback" not in result.stderr
    assert "0 fejl" in result.stderr


def test_invalid_fixture_exits_1_with_compiler_style_line() -> None:
    result = run("validate", "--data", "tests/fixtures/invalid/results_percent_out_of_range.yaml")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "tests/fixtures/invalid/results_percent_out_of_range.yaml:15:20: error: team-ildfugle "
        "results[0].value.percent: 136 er ikke en procentdel; forventede et tal mellem 0 og 100"
    )


def test_github_format() -> None:
    result = run("validate", "--format", "github", "--data", "tests/fixtures/invalid/kinds_empty.yaml")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=tests/fixtures/invalid/kinds_empty.yaml,line=10,col=12::team-ildfugle kinds: "
        "listen er tom; forventede mindst ét element"
    )


def test_json_format_is_a_list_of_objects() -> None:
    result = run("validate", "--format", "json", "--data", "tests/fixtures/invalid/id_duplicate.yaml")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems == [
        {
            "file": "tests/fixtures/invalid/id_duplicate.yaml",
            "line": 25,
            "column": 9,
            "severity": "error",
            "message": "id'et 'team-ildfugle' findes allerede (linje 3); forventede en unik værdi",
            "record": "team-ildfugle",
            "path": "id",
        }
    ]


def test_warnings_pass_unless_strict() -> None:
    data = "tests/fixtures/valid/contacts_missing_warning.yaml"
    relaxed = run("validate", "--data", data)
    strict = run("validate", "--strict", "--data", data)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert relaxed.stdout == strict.stdout
    assert ": warning: team-ildfugle id: indsatsen har ingen kontaktperson" in strict.stdout


def test_usage_error_exits_2() -> None:
    result = run("validate", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_data_file_outside_the_project_uses_the_working_directory(tmp_path: Path) -> None:
    data = tmp_path / "minimal.yaml"
    data.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    result = run("validate", "--data", str(data))
    assert result.returncode == 0, result.stderr


def test_missing_file_is_a_clear_error() -> None:
    result = run("validate", "--data", "findes/ikke.yaml")
    assert result.returncode == 1
    assert result.stdout.startswith("findes/ikke.yaml:1:1: error: filen findes ikke")


def test_outside_project_is_a_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "minimal.yaml"
    data.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    result = run("validate", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 2
    assert "data/vocabularies.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_in_sync_with_model() -> None:
    result = run("schema", "--check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "danish"),
    [
        (("validate", "--bogus"), "ukendt tilvalg '--bogus'"),
        (("nope",), "ukendt kommando 'nope'"),
        (("validate", "--format", "xml"), "ugyldig værdi for '--format': 'xml' er ikke en af: text, json, github"),
        (("validate", "--data"), "tilvalget '--data' skal have en værdi"),
        (("validate", "extra"), "uventet argument: extra"),
    ],
)
def test_usage_errors_are_danish_and_exit_2(args: tuple[str, ...], danish: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert f"katalog: forkert brug: {danish}" in result.stderr
    assert "Error:" not in result.stderr
    assert "Traceback" not in result.stderr
