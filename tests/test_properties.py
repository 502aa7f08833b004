"""Property-based tests: random YAML and random bytes never produce a traceback.

The loader and the CLI must always end cleanly: exit 0 or 1, and messages with
positions, whatever the input.
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.catalogue.load import load_bytes
from katalog.catalogue.reference import load_reference
from katalog.catalogue.validate import validate_document
from katalog.cli import main
from tests.conftest import ROOT, TODAY

REFERENCE, _ = load_reference(ROOT)

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["no", "yes", "on", "0755", "2019-01-01", "&a x", "*a", "!!python/object x", "010190-1234", "ukendt"]
    ),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["id", "name", "summary", "initiatives", "results", "value", "percent", "status", "kinds", "x"]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)
yaml_lines = st.lists(
    st.text(alphabet=string.ascii_letters + string.digits + " :-[]{}#&*!|>'\"\t\næøå%@,.", max_size=40), max_size=15
).map("\n".join)


def _render(value: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k}:\n{_render(v, indent + 2)}" for k, v in value.items()) or f"{pad}{{}}\n"
    if isinstance(value, list):
        return "".join(f"{pad}-\n{_render(v, indent + 2)}" for v in value) or f"{pad}[]\n"
    return f"{pad}{value!s}\n" if value is not None else f"{pad}~\n"


def _check(raw: bytes) -> None:
    doc = load_bytes(raw, "h.yaml")
    report = validate_document(doc, REFERENCE, TODAY)
    for problem in report.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes(raw: bytes) -> None:
    _check(raw)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_lines)
def test_random_yaml_like_text(text: str) -> None:
    _check(text.encode("utf-8"))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_random_structures(value: object) -> None:
    _check(_render({"initiatives": [value]}).encode("utf-8"))


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.binary(max_size=200), yaml_lines.map(lambda t: t.encode("utf-8"))))
def test_cli_always_exits_cleanly(raw: bytes) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "in.yaml"
        data.write_bytes(raw)
        result = runner.invoke(main, ["validate", "--data", str(data)], catch_exceptions=True, env={})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
