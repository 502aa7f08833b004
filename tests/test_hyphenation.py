"""Where the booklet may break a line: listed joints only, never inside a name, never between a number and its unit.

The rules themselves (katalog.language.hyphenation) and the maintained list of joints
(``joints.txt``) against the catalogue's own words and names. The whole booklet, A5 and
A4, is read back line by line in tests/test_booklet.py with :func:`line_breaks` and
:func:`split_units` from here.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from katalog.booklet import contents
from katalog.booklet.prose import typeset_markdown
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.language import hyphenation
from katalog.language.hyphenation import NO_BREAK_SPACE as NBSP
from katalog.language.hyphenation import SOFT_HYPHEN as SHY
from katalog.views import evidence_map
from katalog.views import facts as render
from tests.conftest import ROOT, TODAY

JOINTS_FILE = ROOT / "src" / "katalog" / "language" / "joints.txt"
# A word this long or longer that the booklet prints must be listed (or be a name): shorter words
# fit a line of the narrowest column (the fact box's values, about 30 characters) with room to
# spare, so leaving them whole costs at most a short line; at 12 letters and more the Danish
# compounds of this field start, and an unbreakable one leaves a visible gap at the right edge.
LONG_WORD = 12
_WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def real() -> ValidCatalogue:
    report = validate_file(ROOT / "data" / "initiatives.yaml", ROOT, TODAY)
    assert report.catalogue is not None
    return report.catalogue


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("serviceudvikling", ["service", "udvikling"]),
        ("Serviceudvikling", ["Service", "udvikling"]),
        ("fritidsinteresser", ["fri", "tids", "in", "te", "res", "ser"]),
        ("boligsociale", ["bolig", "sociale"]),
        ("løntilskud", ["løn", "til", "skud"]),
        ("løntilskuddet", ["løn", "til", "skuddet"]),
        ("beskæftigelsesindsatserne", ["be", "skæf", "ti", "gel", "ses", "ind", "satserne"]),
    ],
)
def test_a_listed_word_breaks_at_its_joints(word: str, pieces: list[str]) -> None:
    assert hyphenation.hyphenate(word).split(SHY) == pieces


@pytest.mark.parametrize(
    "text",
    [
        "Albertslund",
        "Esbjergs",
        "Johns",
        "Petersson",
        "(CFBU)",
        "LØNTILSKUD",
        "McServiceudvikling",
        "</p><script>",
        "<serviceudvikling>",
        "https://www.kk.dk/serviceudvikling",
        "www.boligsociale.dk/indsats",
        "serviceudvikling@kommune.dk",
        "#serviceudvikling",
        "serviceudvikling2026",
        "36",
        "`serviceudvikling`",
        "[^serviceudvikling]",
        "[serviceudvikling](https://x.dk)",
    ],
)
def test_names_abbreviations_and_non_words_get_no_hyphen(text: str) -> None:
    assert hyphenation.hyphenate(text) == text


def test_punctuation_around_a_word_and_real_hyphens_are_kept() -> None:
    assert hyphenation.hyphenate("»boligsociale«,") == f"»bolig{SHY}sociale«,"
    assert hyphenation.hyphenate("fritids- og løntilskud.") == f"fritids- og løn{SHY}til{SHY}skud."
    assert hyphenation.hyphenate("CFBU-boligsociale") == f"CFBU-bolig{SHY}sociale"
    assert hyphenation.hyphenate("*boligsociale*") == f"*bolig{SHY}sociale*"


def test_two_letters_stay_on_each_side_of_a_break() -> None:
    table = hyphenation.Joints.parse(["a|bc|de"])
    assert table.breaks("abcde") == (3,)
    assert table.hyphenate_word("abcde") == f"abc{SHY}de"
    assert table.breaks("abcdes") == (3,)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("36 pct. af dem", f"36{NBSP}pct. af dem"),
        ("12,3 pct.", f"12,3{NBSP}pct."),
        ("i 12 uger", f"i 12{NBSP}uger"),
        ("18–25 år", f"18–25{NBSP}år"),
        ("et 12 ugers forløb", f"et 12{NBSP}ugers forløb"),
        ("1.200 kr.", f"1.200{NBSP}kr."),
        ("4 procentpoint", f"4{NBSP}procentpoint"),
        ("36 %", f"36{NBSP}%"),
        ("6 måneder, 20 timer", f"6{NBSP}måneder, 20{NBSP}timer"),
        ("22. november 2026", f"22.{NBSP}november{NBSP}2026"),
        ("(s. 12)", f"(s.{NBSP}12)"),
        ("ca. 40 borgere", f"ca.{NBSP}40{NBSP}borgere"),
        ("36 årige", "36 årige"),  # not a unit: a word that only starts like one
        ("i 2026 startede", "i 2026 startede"),
        ("22. novembers", "22. novembers"),
    ],
)
def test_a_number_is_bound_to_its_unit(text: str, bound: str) -> None:
    assert hyphenation.bind_units(text) == bound


def test_markdown_keeps_its_syntax_and_its_code() -> None:
    source = (
        "22\\. november 2026 og [boligsociale](https://x.dk/boligsociale) og *boligsociale* 36 pct.\n"
        "\n    kode med boligsociale 36 pct.\n\n```\nboligsociale 36 pct.\n```\n"
    )
    assert typeset_markdown(source) == (
        f"22\\.{NBSP}november{NBSP}2026 og [boligsociale](https://x.dk/boligsociale) og *bolig{SHY}sociale* "
        f"36{NBSP}pct.\n\n    kode med boligsociale 36 pct.\n\n```\nboligsociale 36 pct.\n```\n"
    )


def test_huge_input_takes_bounded_time() -> None:
    for text in ("9" * 400_000 + " " * 400_000 + "x", "a-" * 300_000, "22. " * 200_000, "boligsociale " * 80_000):
        start = time.perf_counter()
        hyphenation.typeset(text)
        assert time.perf_counter() - start < 3, text[:20]


# --------------------------------------------------------------------------- the list


def _entries() -> list[str]:
    return [
        line.strip()
        for line in JOINTS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_list_is_sorted_lower_case_words_without_duplicates() -> None:
    entries = _entries()
    stems = [e.replace("|", "") for e in entries]
    assert stems == sorted(stems), (
        "hold src/katalog/language/joints.txt i alfabetisk orden (sorteret som Python sorterer)"
    )
    assert len(set(stems)) == len(stems), [s for s in stems if stems.count(s) > 1]
    for entry in entries:
        assert re.fullmatch(r"[a-zæøåéü]+(\|[a-zæøåéü]+)*", entry), entry
    assert list(hyphenation.joints().entries()) == entries


_NOT_PRINTED = re.compile(r"^[a-z0-9-]+$|://|@")  # ids, web addresses and e-mail addresses


def _booklet_texts(catalogue: ValidCatalogue) -> Iterator[str]:
    """Every text the booklet can print: the data, the method pages, the booklet's and the views' own text."""
    yield from (s for s in hyphenation._strings(catalogue.document.data) if not _NOT_PRINTED.search(s))
    for page in catalogue.reference.methods.values():
        yield page.title
        yield page.summary
        yield page.body
    for source in catalogue.sources.values():
        yield render.source_line(source)
    for term in (*catalogue.reference.target_groups.values(), *catalogue.reference.kinds.values()):
        yield term.label
        yield term.description
    yield from (*contents.INTRODUCTION, contents.EVIDENCE_INTRO, contents.SOURCES_NOTE)
    yield from (evidence_map.TITLE, evidence_map.LEAD, evidence_map.CAPTION, *evidence_map.NOTES)
    yield from render.EVIDENCE_EXPLANATIONS.values()


def test_every_entry_is_a_word_the_booklet_prints(real: ValidCatalogue) -> None:
    """The list is kept for this catalogue: an entry no text uses any more is dead weight; remove it."""
    words = {w.lower() for text in _booklet_texts(real) for w in _WORD.findall(text)}
    table = hyphenation.joints()
    used = {table.stem_of(w) for w in words} - {None}
    unused = sorted(set(table.cuts) - used)
    assert not unused, (
        f"disse ord i src/katalog/language/joints.txt står ikke længere i hæftets tekst; slet deres linjer: {unused}"
    )


def pure_names(catalogue: ValidCatalogue) -> set[str]:
    """The words of proper names that no text uses as an ordinary word (in lower case): "albertslund", "cfbu".

    A word such as "Jobcenter" in "Jobcenter Esbjerg" is an ordinary word in a name; it may
    break at its real joints.
    """
    ordinary = {w for text in _booklet_texts(catalogue) for w in _WORD.findall(text) if w.islower()}
    names = hyphenation.name_words(hyphenation.proper_names(catalogue), genitive=False) - ordinary
    return names | {n + "s" for n in names if not n.endswith("s")}


def test_every_long_word_is_listed_or_a_name(real: ValidCatalogue) -> None:
    names = pure_names(real)
    table = hyphenation.joints()
    missing = sorted(
        {
            w.lower()
            for text in _booklet_texts(real)
            for w in _WORD.findall(text)
            if len(w) >= LONG_WORD and w[1:].islower() and w.lower() not in names and table.stem_of(w) is None
        }
    )
    assert not missing, (
        f"disse lange ord i hæftet har ingen delesteder i src/katalog/language/joints.txt, så de deles aldrig "
        f"ved linjeskift: {missing}; skriv hvert ord på sin plads i alfabetet, med små bogstaver og | ved "
        f"delestederne, fx bolig|sociale"
    )


def test_no_entry_is_a_proper_name(real: ValidCatalogue) -> None:
    """A name may break only at its real joints: a listed name is a compound of ordinary words, joined there only.

    "Institut for Serviceudvikling" may break as "Service-udvikling" (both are words of the
    texts), a word the texts also use in lower case ("Helhedsplanerne" at a sentence's start)
    is an ordinary word; "Albertslund" or "Varbergparken" must not be listed at all.
    """
    table = hyphenation.joints()
    lower = {w for text in _booklet_texts(real) for w in _WORD.findall(text) if w.islower()}
    ordinary = lower | {table.stem_of(w) for w in lower} | set(table.cuts)

    def known(tail: str) -> bool:
        return len(tail) >= 4 and any(
            tail[: len(tail) - k] in ordinary and tail[len(tail) - k :] in hyphenation.ENDINGS for k in range(6)
        )

    def compound(word: str) -> bool:
        """Every joint between a head and an ordinary word: "Service|udvikling", "Helheds|planerne"."""
        return all(known(word[cut:]) for cut in table.breaks(word))

    clashes = sorted(n for n in pure_names(real) if table.stem_of(n) is not None and not compound(n))
    clashes = [n for n in clashes if table.stem_of(n) not in ordinary - set(table.cuts)]
    assert not clashes, f"navne må aldrig deles ved linjeskift; slet dem fra src/katalog/language/joints.txt: {clashes}"


def test_the_names_come_from_the_data_and_the_reference_lists(real: ValidCatalogue) -> None:
    names = hyphenation.proper_names(real)
    words = pure_names(real)
    # Municipalities (the reference list), a housing area, a venue, organisations, people in stories and quotes.
    for expected in ("albertslund", "esbjerg", "esbjergs", "varbergparken", "cfbu", "john", "petersson", "greve"):
        assert expected in words, expected
    assert "Region Syddanmark" in names
    assert "boligsociale" not in words and "indsats" not in words


# --------------------------------------------------------------------------- reading a PDF's lines


@dataclass(frozen=True)
class Break:
    """A line that ends inside a word: the page, the word and where it was cut."""

    page: int
    head: str
    tail: str
    how: str  # "hyphen" (a soft hyphen, shown as "-") or "wrap" (a long run cut without a hyphen)

    @property
    def word(self) -> str:
        return self.head + self.tail

    def __str__(self) -> str:
        return (
            f"s. {self.page}: {self.head}-/{self.tail}"
            if self.how == "hyphen"
            else f"s. {self.page}: {self.head}/{self.tail}"
        )


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines as poppler's pdftotext reads them (pypdf misplaces soft hyphens)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: run scripts/system_deps.sh (poppler-utils)"
    done = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True, timeout=120)
    return [[line.strip() for line in page.split("\n") if line.strip()] for page in done.stdout.decode().split("\f")]


_LAST = re.compile(r"\S+$")
_FIRST = re.compile(r"^\S+")
_EDGE = re.compile(r"^[^\w\xad\u200b]+|[^\w\xad\u200b]+$")


def _running_lines(pdf: Path) -> Iterator[tuple[int, str]]:
    """The lines of running text with their page: page numbers and running heads (in capitals) left out."""
    for number, lines in enumerate(page_lines(pdf), start=1):
        for n, line in enumerate(lines):
            if not line.isdigit() and not (n == 0 and line.isupper()):
                yield number, line


def line_breaks(pdf: Path) -> list[Break]:
    """Every line end inside a word: after a soft hyphen (Typst prints a hyphen) or in a long run cut to wrap.

    pdftotext gives every soft hyphen of a word, taken or not; the one a line ends with is the
    break. A word broken at the foot of a page goes on at the top of the next, after the running head.
    """
    breaks = []
    lines = list(_running_lines(pdf))
    for (number, line), (_, after) in itertools.pairwise(lines):
        last, first = _LAST.search(line), _FIRST.match(after)
        if last is None or first is None:
            continue
        tail = _EDGE.sub("", first.group(0)).replace("\xad", "").replace("\u200b", "")
        token = last.group(0)
        if token.endswith("\xad") and token.rstrip("\xad")[-1:].isalpha():
            head = _EDGE.sub("", token.rstrip("\xad")).replace("\xad", "")
            breaks.append(Break(number, head, tail, "hyphen"))
        elif token.endswith("\u200b"):
            breaks.append(Break(number, _EDGE.sub("", token).replace("\u200b", ""), tail, "wrap"))
    return breaks


def bad_breaks(breaks: list[Break]) -> list[str]:
    """The breaks that are not at a listed joint of their word."""
    table = hyphenation.joints()
    return [str(b) for b in breaks if b.how == "hyphen" and len(b.head) not in table.breaks(b.word)]


_UNIT_AT_START = re.compile(
    r"^(?:" + "|".join(re.escape(u) for u in sorted(hyphenation.UNITS, key=len, reverse=True)) + r")(?![^\W\d_]|\d)"
)
_MONTH_AT_START = re.compile(r"^(?:" + "|".join(hyphenation.MONTHS) + r")\b")


def split_units(pdf: Path) -> list[str]:
    """Lines that end with a number (or a date's day) whose unit (or month) begins the next line."""
    found = []
    for number, lines in enumerate(page_lines(pdf), start=1):
        for line, after in itertools.pairwise(lines):
            if re.search(r"[0-9]$", line) and _UNIT_AT_START.match(after):
                found.append(f"s. {number}: {line[-20:]} / {after[:20]}")
            if re.search(r"(?<![0-9])[0-9]{1,2}\.$", line) and _MONTH_AT_START.match(after):
                found.append(f"s. {number}: {line[-20:]} / {after[:20]}")
    return found


def broken_names(breaks: list[Break], catalogue: ValidCatalogue) -> list[str]:
    """Breaks inside a word of a proper name (a name may break only at its spaces and hyphens)."""
    words = pure_names(catalogue)
    table = hyphenation.joints()
    return [
        str(b)
        for b in breaks
        if b.word.lower() in words and (b.how != "hyphen" or len(b.head) not in table.breaks(b.word))
    ]
