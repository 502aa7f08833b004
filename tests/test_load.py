"""Loader limits: oversized files, deep nesting, alias bombs — refused quickly, with clear messages."""

from __future__ import annotations

import time
from pathlib import Path

from katalog.load import MAX_BYTES, MAX_DEPTH, load_bytes, load_file


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "stor.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    started = time.perf_counter()
    doc = load_file(big)
    elapsed = time.perf_counter() - started
    assert [p.message for p in doc.problems] == [
        "filen er 64,0 MB stor; grænsen er 64,0 MB — del kataloget op eller fjern overflødigt indhold"
    ]
    assert elapsed < 1.0


def test_very_deep_nesting_does_not_crash() -> None:
    # The C composer recurses and would overflow the stack on this; the event builder does not.
    doc = load_bytes(b"initiatives: " + b"[" * 200_000 + b"]" * 200_000, "dyb.yaml")
    assert [(p.line, p.message) for p in doc.problems] == [
        (1, f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; forventede en flad struktur som i skabelonen")
    ]


def test_billion_laughs_costs_nothing() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 30):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    started = time.perf_counter()
    doc = load_bytes("\n".join(lines).encode(), "bombe.yaml")
    assert time.perf_counter() - started < 2.0
    assert len(doc.problems) == 30 + 29  # every anchor, and the first use of each alias
    assert all("ankre og aliaser" in p.message for p in doc.problems)


def test_yaml_12_scalars_keep_text() -> None:
    doc = load_bytes(b"a: [no, yes, on, off, 0755, 2019-01-01, 1e3, .5, 12, -3, true, ~, '12']\n", "x.yaml")
    assert doc.problems == []
    assert doc.data == {"a": ["no", "yes", "on", "off", "0755", "2019-01-01", 1000.0, 0.5, 12, -3, True, None, "12"]}


def test_positions_of_keys_and_values() -> None:
    doc = load_bytes(b"initiatives:\n  - id: x\n    results:\n      - value: {percent: 5}\n", "p.yaml")
    assert doc.position(("initiatives", 0, "results", 0, "value", "percent")) == (4, 26)
    assert doc.position(("initiatives", 0, "results"), key=True) == (3, 5)
    assert doc.position(("initiatives", 0)) == (2, 5)
