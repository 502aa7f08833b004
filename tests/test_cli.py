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
        "results[0].value.percent: 136 er ikke en procentdel; skriv et tal fra 0 til 100"
    )


def test_github_format() -> None:
    result = run("validate", "--format", "github", "--data", "tests/fixtures/invalid/kinds_empty.yaml")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=tests/fixtures/invalid/kinds_empty.yaml,line=10,col=12::team-ildfugle kinds: "
        "listen er tom; skriv mindst ét element"
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
            "message": "id'et 'team-ildfugle' findes allerede (linje 3); giv hver post sit eget",
            "record": "team-ildfugle",
            "path": "id",
        }
    ]


@pytest.mark.slow
def test_warnings_pass_unless_strict() -> None:
    data = "tests/fixtures/valid/contacts_missing_warning.yaml"
    relaxed = run("validate", "--data", data)
    strict = run("validate", "--strict", "--data", data)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    # --strict adds only the warnings about mkdocs.yml's unset publication settings (extra.katalog).
    assert relaxed.stdout == "".join(
        line for line in strict.stdout.splitlines(True) if not line.startswith("mkdocs.yml:")
    )
    assert ": warning: team-ildfugle id: indsatsen har ingen kontaktperson" in strict.stdout


def test_usage_error_exits_2() -> None:
    result = run("validate", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_data_file_outside_the_project_uses_the_working_directory(tmp_path: Path) -> None:
    data = tmp_path / "minimal.yaml"
    data.write_bytes((FIXTURES / "valid" / "minimal.yaml").read_bytes())
    result = run("validate", "--data", str(data))
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
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
        (
            ("validate", "--format", "xml"),
            "ugyldig værdi for '--format': 'xml' kan ikke bruges her; vælg en af: text, json, github",
        ),
        (("validate", "--data"), "tilvalget '--data' skal have en værdi"),
        (("validate", "extra"), "uventet argument: extra"),
        (("validate", "--strict=ja"), "tilvalget '--strict' tager ingen værdi; skriv det uden '='"),
    ],
)
def test_usage_errors_are_danish_and_exit_2(args: tuple[str, ...], danish: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert f"katalog: forkert brug: {danish}" in result.stderr
    assert "Error:" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_new_with_standard_input_closed_asks_nothing(tmp_path: Path) -> None:
    """`katalog new <&-` (no standard input at all) works as without a terminal: no question, no traceback."""
    assert KATALOG
    data = tmp_path / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", data)
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" <&-', KATALOG, "new", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (2, "katalog: indsatsen skal have et navn; angiv det med --name\n")
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" <&-', KATALOG, "new", "--data", str(data), "--name", "Uden stdin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "indsatsen 'uden-stdin' er tilføjet" in result.stdout


LONG = "a" * 100_000
ABSURD = [
    ("validate", "--data", ""),
    ("validate", "--data", "a\nb.yaml"),
    ("validate", "--data", "a" * 5000),
    ("validate", "--id", ""),
    ("validate", "--id", LONG),
    ("validate", "--changed-from", ""),
    ("validate", "--changed-from", "--output=/tmp/x"),
    ("validate", "--changed-from", "a\nb"),
    ("validate", "--format", ""),
    ("new", "--name", "", "--municipality", "Roskilde"),
    ("new", "--name", "x", "--municipality", "Roskilde", "--status", LONG),
    ("new", "--data", "", "--name", "x"),
    ("new", "--data", "/dev/null", "--name", "x"),
    ("fmt", "--data", ""),
    ("fmt", "--data", "a\nb.yaml"),
    ("pdf", "--out", ""),
    ("pdf", "--paper", ""),
    ("pdf", "--id", "a" * 10_000),
    ("pdf", "--theme", "\n"),
    ("check-links", "--timeout", "1e10"),
    ("check-links", "--timeout", "inf"),
    ("check-links", "--timeout", "-inf"),
    ("check-links", "--timeout", "nan"),
    ("check-links", "--timeout", "0"),
    ("check-links", "--timeout", "1e-400"),
    ("check-links", "--timeout", ""),
    ("check-links", "--timeout", LONG),
    ("check-links", "--concurrency", "99999999999999999999999999"),
    ("check-links", "--concurrency", "1e3"),
    ("check-links", "--concurrency", "-1"),
    ("check-links", "--concurrency", "1" * 5000),
    ("serve", "--dev-addr", ""),
    ("serve", "--dev-addr", ":"),
    ("serve", "--dev-addr", "localhost:-1"),
    ("serve", "--dev-addr", "127.0.0.1:99999999999999999999"),
    ("serve", "--dev-addr", "[::1]:0"),
    ("serve", "--dev-addr", LONG),
    ("from-issue", ""),
    ("from-issue", "/dev/null"),
    ("schema", "--out", "", "--check"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", ABSURD, ids=[" ".join(a)[:60].replace("\n", "\\n") for a in ABSURD])
def test_absurd_option_values_are_danish_messages(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Huge, negative, NaN, infinite, empty, very long values and newlines: an exit code, never a traceback."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    # The writers' lock file stays (git ignores it): removing it on release would race another writer.
    result = run(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "intern fejl" not in result.stderr, result.stderr
    assert result.returncode in (1, 2), result.stderr
    assert len(result.stderr) < 20_000  # a 100,000-character value is cut, not echoed whole
    assert {p.name: p.read_bytes() for p in data.iterdir() if not p.name.endswith(".lock")} == before


def test_click_english_the_catalogue_does_not_know_is_never_shown() -> None:
    import click

    from katalog.cli import danish
    from katalog.cli.boundary import _UNKNOWN_USAGE, _danish_usage

    danish.install()
    with pytest.raises(click.BadParameter) as known:
        click.INT.convert("x", None, None)  # type: ignore[arg-type]  # what a user types is text
    known.value.param_hint = "'--n'"
    assert _danish_usage(known.value) == "ugyldig værdi for '--n': 'x' er ikke et tal"
    # A message a later click writes before katalog.cli.danish has it: not shown in English.
    new = click.BadParameter("'x' is nothing a later click would accept.", param_hint="'--n'")
    assert _danish_usage(new) == _UNKNOWN_USAGE
    assert _danish_usage(click.UsageError("A message click adds later.")) == _UNKNOWN_USAGE
    # Quoted names and values may be anything, in any language.
    assert _danish_usage(click.UsageError("tilvalget '--is-not-the' tager ingen værdi")) == (
        "tilvalget '--is-not-the' tager ingen værdi"
    )
