"""The CPR rule finds a number wherever a reader can see or copy it, and nothing else.

Every variant an attacker used to publish a CPR number is found (as the value reads after
YAML escapes: ``"\\x30"`` is already ``0`` here); the ordinary numbers of the shipped data,
the method pages and the seed texts are not. The command line and the positions are
checked by the hostile corpus (``gate-cpr-*`` in ``tests/fixtures/hostile/cases.yaml``).
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest

from katalog.catalogue import cpr
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SHIPPED = sorted([*(ROOT / "data").glob("*.yaml"), *(ROOT / "docs" / "methods").glob("*.md")])
CPR = ["0101901234"]


def test_characters_are_classified_as_unicode_says() -> None:
    """Every digit, dash, space and invisible character of Unicode, not a hand-kept list."""
    wrong = []
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded in "0123456789":
            expected = folded
        elif char in "*_`~\\" or category in ("Mn", "Me", "Cf"):
            expected = cpr.INVISIBLE
        elif category in ("Pd", "Zs") or char in " \t-./\u2212" or folded in ("-", ".", "/"):
            expected = cpr.SEPARATOR
        else:
            continue
        if cpr.classify(char, line_breaks=True) != expected:
            wrong.append(f"U+{code:04X}")
    assert wrong == []
    assert cpr.classify("\n", line_breaks=True) == cpr.SEPARATOR
    assert cpr.classify("\n", line_breaks=False) == "\n"
    assert cpr.classify("O", line_breaks=True) == "O"


@pytest.mark.parametrize(
    "text",
    [
        # Unicode forms of digits, dashes and spaces; invisible characters; Markdown markers.
        "010190-1234",
        "CPR 010190 1234.",
        "010190–1234",
        "010190—1234",
        "010190\u22121234",
        "010190\u20111234",
        "010190 - 1234",
        "010190\u00a01234",
        "010190\u202f-\u202f1234",
        "0101\u200b90-1234",
        "01019\u00ad0-1234",
        "010190\u2060-1234",
        "\ufeff010190-1234",
        "０１０１９０-１２３４",
        "𝟎𝟏𝟎𝟏𝟗𝟎-𝟏𝟐𝟑𝟒",
        "010190-**1234**",
        "*010190*-_1234_",
        "`010190`-`1234`",
        "~~010190~~-1234",
        "010190\\-1234",
        "&#48;10190-1234",
        "010190&ndash;1234",
        "0101<b>90</b>-1234",
        "0101<br>90-1234",
        "[0101](https://x.dk)90-1234",
        "010190\n1234",
        "010190-\\\n1234",
        "0101901234",
        # '<…>' that is no tag is shown as text; an autolink shows its address.
        "Nummer <010190-1234>",
        "Se <https://example.dk/010190-1234>",
        # Link targets: shown as written in a plain field, published as href from Markdown.
        "Se [her](010190-1234)",
        "Se [her](https://example.dk/p?cpr=0101901234 'titel')",
        "[her]: https://example.dk/010190-1234",
        # Separators inside the date, and any number of them.
        "01.01.90-1234",
        "01-01-90-1234",
        "01/01/90-1234",
        "01 01 90-1234",
        "01. 01. 90 - 1234",
        "0101 90-1234",
        "010190       -1234",
        "010190" + " " * 1000 + "-" + "\u00a0" * 50 + "1234",
        "010190 \u2013 \u2013 1234",
        "01\u2044 01\u2044 90-1234",
        # Combining marks (NFKD, category Mn dropped) and enclosing marks.
        "0\u030110190-1234",
        "0\u0301\u0327101\u20dd90-1234",
        # Arguable, caught: a dot as the dash, an image or a footnote mark between the groups,
        # %-encoded digits in a URL, a comment the booklet drops.
        "010190.1234",
        "0101![](/x.png)90-1234",
        "0101![alt](/x.png)90-1234",
        "010190[^1]-1234.\n\n[^1]: x",
        "https://example.dk/%30%31%30%31%39%30-1234",
        "Se [her](https://example.dk/%30%31%30%31%39%30-1234)",
        "https://example.dk/%30%31%30%31%39%30%2D%31%32%33%34",
        "0101<!-- a>b -->90-1234",
    ],
)
def test_cpr_number_as_a_reader_sees_it(text: str) -> None:
    assert cpr.numbers_in_value(text) == CPR


def test_a_number_shown_twice_counts_twice() -> None:
    """Link text and target are both published; views of one number are not counted again."""
    assert cpr.numbers_in_value("[010190-1234](https://x.dk/010190-1234)") == CPR * 2
    assert cpr.numbers_in_value("010190-1234 og 010190&ndash;1234") == CPR * 2
    assert cpr.numbers_in_value("<b>010190-1234</b> [her](/a)") == CPR


# Ordinary strings as the shipped data, the method pages and the seed texts write them, and near misses.
ORDINARY = [
    "Ring 75 16 10 00 eller +45 12345678",
    "Tlf. 75 16 10 00",
    "+45 75161000",
    "+45 7516 1000",
    "tlf. 20 11 90 12",
    "2017-2020 og 2019–2021",
    "2015–2016",
    "2017-2020, valgte",
    "i perioden 2013 til 2016",
    "(2001) beskrives",
    "1.234.567 kr.",
    "1.250.000 kr.",
    "1 250 000 kr.",
    "1.012.901.234 kr.",
    "22. november 2026",
    "2026-11-22",
    "01.01.2020",
    "01.10.2019-2020",
    "1/1 2020",
    "10-12-2020",
    "01.01.19-31.12.20",
    "kl. 10.30-12.00",
    "kl. 7.00. De",
    "17.30 eller",
    "36 pct.",
    "10,3 pct.",
    "12,3 pct.",
    "40 %",
    "18-25 år",
    "18-64-årige uden",
    "13–17",
    "200 unge",
    "3000 mennesker",
    "2650 Hvidovre",
    "14. dag",
    "10. klasses",
    "1/2 år",
    "s. 10-12",
    "27.24.00-G01",
    "CVR 12345678",
    "EAN 5798000123456",
    "O1O19O-1234",
    "320190-1234",
    "011390-1234",
    "000190-1234",
    "1010190-1234",
    "010190-12345",
    "01019-01234",
    "12345678901",
    "0101 90 12 34",
    "010190-12 34",
    "0 1 0 1 9 0-1234",
    "0110190-1234",
    "50%30 af",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_cpr_numbers(text: str) -> None:
    assert cpr.numbers_in_value(text) == []
    assert list(cpr.numbers_in_text(text)) == []


def _lines(paths: list[Path]) -> list[tuple[str, int, str]]:
    found = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [(path.name, n, line) for n, line in enumerate(lines, 1)]
        # Two lines folded into one value, as a plain or '>' scalar reads them.
        found += [(path.name, n, f"{a} {b}") for n, (a, b) in enumerate(itertools.pairwise(lines), 1)]
    return found


def test_shipped_data_and_method_pages_have_no_cpr_number() -> None:
    assert SHIPPED
    hits = [(name, n) for name, n, line in _lines(SHIPPED) if cpr.numbers_in_value(line)]
    hits += [(path.name, 0) for path in SHIPPED if list(cpr.numbers_in_text(path.read_text(encoding="utf-8")))]
    assert hits == []


def test_no_line_of_the_seed_texts_is_a_cpr_number() -> None:
    """The seeds hold no CPR-shaped string at all (checked by hand: phone numbers, years, amounts)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed texts in {SEEDS}")
    lines = _lines(seeds)
    assert sum(any(c.isdigit() for c in line) for _, _, line in lines) > 100
    assert [(name, n, line) for name, n, line in lines if cpr.numbers_in_value(line)] == []


def test_raw_text_offsets_are_those_of_the_text() -> None:
    text = "# kommentar: 010190–1234\nname: ０１０１９０-１２３４\nx: 01.01.90 -  1234\n"
    assert list(cpr.numbers_in_text(text)) == [(13, "0101901234"), (31, "0101901234"), (46, "0101901234")]


def test_raw_text_does_not_join_lines() -> None:
    """In a file, a line break ends a number: a key's digits and the next line's are not one number."""
    assert list(cpr.numbers_in_text("start: 010190\nend: 1234\n")) == []
    assert list(cpr.numbers_in_text("- 010190\n- 1234\n")) == []


@pytest.mark.parametrize(
    "text",
    [
        "01" + " " * 200_000 + "01",
        "01 " * 100_000,
        "0" + "\u200b" * 200_000 + "1",
        "<a" * 100_000,
        "<!--" * 50_000,
        "[" * 200_000,
        "](" * 100_000,
        "[^" * 100_000,
        "%30" * 70_000,
        "![a](" * 40_000,
        "&#48;" * 40_000,
        "0\u0301" * 100_000,
        "01.01 90 - " * 20_000,
    ],
)
def test_pathological_values_end(text: str) -> None:
    """Each of these took minutes with a backtracking or rescanning rule; here they end at once (no timing asserted)."""
    assert cpr.numbers_in_value(text) == []
    assert list(cpr.numbers_in_text(text)) == []
