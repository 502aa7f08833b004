"""Validate is the gate: the CPR rule reads what a reader sees, in linear time; what passes, prints.

The hostile corpus (``tests/fixtures/hostile/cases.yaml``) runs the command line; these
tests check the glyph tables against the fonts, the cost of a pathological file, and that a
long unbroken word stays on the PDF page. The CPR rule's own cases are in ``tests/test_cpr.py``.
"""

from __future__ import annotations

import re
import subprocess
import time
from importlib import resources
from pathlib import Path

import pytest

from katalog.catalogue import glyphs
from katalog.catalogue.validate import comparable, validate_file
from tests.conftest import FIXTURES, ROOT, TODAY

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
DESCRIPTION = "    description: En gruppebaseret aktiveringsindsats.\n"


def _with_description(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(MINIMAL.replace(DESCRIPTION, f"    description: {text}\n"), encoding="utf-8")
    return path


@pytest.mark.slow
def test_many_cpr_numbers_in_one_value_are_one_message_and_linear(tmp_path: Path) -> None:
    numbers = " ".join(f"0{i % 9 + 1}0{i % 9 + 1}{i % 100:02d}-{i % 10000:04d}" for i in range(100_000))
    path = _with_description(tmp_path, numbers)
    started = time.perf_counter()
    report = validate_file(path, ROOT, TODAY)
    elapsed = time.perf_counter() - started
    print(f"\nvalidate, 100.000 CPR-numre i én beskrivelse ({path.stat().st_size / 1e6:.1f} MB): {elapsed:.2f} s")
    assert [(p.line, p.column, p.message) for p in report.errors] == [
        (
            6,
            18,
            "teksten ligner et CPR-nummer (ddmmåå-xxxx), og kataloget offentliggør ingen CPR-numre; fjern det"
            " (100.000 i alt i feltet)",
        )
    ]


def test_cpr_number_in_a_block_is_reported_at_its_line(tmp_path: Path) -> None:
    path = _with_description(tmp_path, "|\n      Første linje.\n      Borger 010190-1234 deltog.")
    report = validate_file(path, ROOT, TODAY)
    assert [(p.line, p.column, p.record, p.path) for p in report.errors] == [(8, 14, "team-ildfugle", "description")]


def test_common_characters_are_in_every_face() -> None:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    from katalog.booklet.build import font_files

    common = {c for c in range(0x110000) if glyphs.COMMON.match(chr(c)) is None}
    for font in font_files():
        with resources.as_file(font) as path:
            cmap = set(TTFont(path, lazy=True).getBestCmap())
        assert common - {9, 10} <= cmap, (font.name, sorted(hex(c) for c in common - cmap - {9, 10}))


def test_glyph_check_names_each_missing_character_once() -> None:
    assert glyphs.missing("Smil 😀 og 😀, 中 — æøå »«") == ["😀", "中"]
    assert glyphs.describe("😀") == "'😀' (U+1F600)"
    assert glyphs.describe("\u202e") == "U+202E"


def test_duplicates_compare_as_a_reader_reads() -> None:
    assert comparable("Tårnet") == comparable("Ta\u030arnet ") == comparable("TÅRNET")


@pytest.mark.pdf
def test_long_unbroken_words_stay_on_the_page(tmp_path: Path) -> None:
    """A 200-letter word, a 199-letter name and long names in the fact box wrap inside the page."""
    from katalog.booklet.build import build_booklet

    long = MINIMAL.replace("    name: Team Ildfugle\n", f"    name: {'Y' * 199}\n").replace(
        DESCRIPTION, f"    description: {'x' * 200} og {'=' * 120}\n    venues: [{'V' * 150}]\n"
    )
    data = tmp_path / "lang.yaml"
    data.write_text(long, encoding="utf-8")
    report = validate_file(data, ROOT, TODAY)
    assert report.catalogue is not None, [p.text() for p in report.errors]
    pdf = tmp_path / "lang.pdf"
    build_booklet(report.catalogue, pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    outside = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S):
        width = float(page.group(1))
        for word in re.finditer(r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"[^>]*>([^<]*)<', page.group(2)):
            if float(word.group(1)) < 20 or float(word.group(2)) > width - 20:
                outside.append(word.group(3)[:30])
    assert outside == []
    assert "Y" * 12 in boxes and "x" * 12 in boxes
