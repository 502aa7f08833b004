"""The fixture corpus: every fixture against its exact expected messages and positions.

``tests/fixtures/expected.txt`` is the table: a ``## valid/NAME.yaml`` or
``## invalid/NAME.yaml`` heading per fixture, then its problems as
``LINE:COL: severity: record path: message``. A fixture without an entry, or
an entry without a fixture, fails. Refresh with ``pytest --update-golden``
after reviewing the change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from katalog.catalogue.validate import validate_file
from tests.conftest import FIXTURES, ROOT, TODAY

TABLE = FIXTURES / "expected.txt"
NAME = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+\.yaml$")


def _fixtures() -> list[str]:
    return sorted(f"{kind}/{p.name}" for kind in ("valid", "invalid") for p in (FIXTURES / kind).iterdir())


def _actual(name: str) -> list[str]:
    report = validate_file(FIXTURES / name, ROOT, TODAY)
    prefix = f"{(FIXTURES / name).relative_to(ROOT)}:"
    lines = []
    for problem in report.problems:
        text = problem.text()
        assert text.startswith(prefix), text
        lines.append(text[len(prefix) :])
    return lines


def _read_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = table.setdefault(line[3:], [])
        elif line.strip() and current is not None:
            current.append(line)
    return table


def test_table_and_corpus_match(update_golden: bool) -> None:
    names = _fixtures()
    if update_golden:
        TABLE.write_text(
            "".join(f"## {n}\n" + "".join(f"{x}\n" for x in _actual(n)) + "\n" for n in names), encoding="utf-8"
        )
    table = _read_table()
    assert sorted(table) == names, "fixtures without expectations, or expectations without fixtures"


@pytest.mark.parametrize("name", _fixtures())
def test_fixture_name_says_field_and_reason(name: str) -> None:
    assert NAME.match(Path(name).name) or Path(name).name == "minimal.yaml", name


@pytest.mark.parametrize("name", _fixtures())
def test_fixture_gives_exactly_its_expected_problems(name: str) -> None:
    expected = _read_table().get(name)
    assert expected is not None, f"{name} has no entry in {TABLE.name}"
    actual = _actual(name)
    assert actual == expected
    errors = [line for line in actual if ": error: " in line]
    if name.startswith("invalid/"):
        assert errors, f"{name} should fail validation"
    else:
        assert not errors, f"{name} should pass validation"
