"""Where a line of Danish print may break: at the listed joints of a word, never inside a name or a number's unit.

The booklet turns Typst's own pattern hyphenation off: the TeX patterns for Danish break
this field's words wrongly ("lønt-ilskud", "Servi-ceudvikling", "boligso-ciale") and know
no names ("Albert-slund", "Esb-jergs"). Instead a word may break only where ``joints.txt``
marks a joint (``bolig|sociale``); the joint becomes a soft hyphen. A word that is not
listed is never broken, so a proper name is safe by construction; :func:`proper_names`
derives the catalogue's names from the data and the reference lists, and the tests check
that the list holds none of them. A word in capitals or with a capital inside (CFBU,
McDonald), and anything that is not a plain word (a web address, an e-mail, a number,
markup such as ``</p><script>``), never gets a hyphen.

A number and its unit are kept on one line with a no-break space (``36 pct.``,
``12 uger``, ``18–25 år``), and so are a date's day and month and its month and year
(``22. november 2026``). Every pattern here is linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from katalog.catalogue.validate import ValidCatalogue

SOFT_HYPHEN = "\xad"
NO_BREAK_SPACE = "\xa0"
JOINT = "|"
MIN_PIECE = 2
# Endings a listed stem may take and still break at its joints: "indsats" → "indsatsen", "indsatsernes".
ENDINGS = frozenset(
    (
        "", "e", "en", "er", "et", "s", "t", "n", "r", "ne", "ns", "es", "ede", "te", "ts",
        "ene", "ens", "ers", "ets", "erne", "ernes", "enes", "ende", "ede", "edes",
        "det", "dets", "dene",  # a doubled final consonant: "løntilskud" → "løntilskuddet"
    )
)  # fmt: skip
_LONGEST_ENDING = max(map(len, ENDINGS))
# Units that follow a number; a line never ends between the two.
UNITS = (
    "pct.", "pct", "procent", "procentpoint", "procentpoints", "%", "‰",
    "kr.", "kr", "kroner", "mio.", "mia.", "t.kr.",
    "år", "års", "måned", "måneder", "måneders", "md.", "uge", "uger", "ugers", "dag", "dage", "dages",
    "døgn", "time", "timer", "timers", "minut", "minutter", "sekunder", "gang", "gange",
    "km", "m", "m²", "kg", "stk.", "personer", "deltagere", "borgere", "unge", "kvinder", "mænd",
)  # fmt: skip
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
# Abbreviations that stand before a number ("s. 12", "nr. 3", "kl. 9", "ca. 40").
BEFORE_NUMBER = ("s.", "nr.", "kl.", "ca.", "§")

_LETTER = r"[^\W\d_]"
_UNIT_AFTER = re.compile(
    r"(?<=[0-9]) +(?=(?:"
    + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + rf")(?!{_LETTER}|[0-9]))"
)
_DAY_MONTH = re.compile(r"(?<![0-9])([0-9]{1,2}\\?\.) +(?=(?:" + "|".join(MONTHS) + rf")(?!{_LETTER}))")
_MONTH_YEAR = re.compile(r"(?<!" + _LETTER + r")(" + "|".join(MONTHS) + r") +(?=[0-9]{4}(?![0-9]))")
_BEFORE_NUMBER = re.compile(r"(?<!" + _LETTER + r")(" + "|".join(re.escape(b) for b in BEFORE_NUMBER) + r") +(?=[0-9])")
# A run of text between white space; its surrounding punctuation is not part of the word.
_CHUNK = re.compile(r"\S+")
_OPENING = "\"'»«„“”‘’([{¡¿–-*_"
_CLOSING = "\"'»«„“”‘’)]}.,;:!?…–-*_"
# A plain word: letters, possibly joined by hyphens ("CFBU-rapport", "fritids-") or an apostrophe.
_PLAIN = re.compile(rf"{_LETTER}+(?:[-’']{_LETTER}*)*")
_PART = re.compile(rf"{_LETTER}+")


@dataclass(frozen=True)
class Joints:
    """The maintained list: each stem (lower case, joints removed) with the offsets where it may break."""

    cuts: dict[str, tuple[int, ...]]

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Joints:
        """Entries one a line (``service|udvikling``); ``#`` starts a comment; an entry without ``|`` never breaks."""
        cuts: dict[str, tuple[int, ...]] = {}
        for raw in lines:
            entry = raw.split("#", 1)[0].strip().lower()
            if not entry:
                continue
            parts = entry.split(JOINT)
            offsets, at = [], 0
            for part in parts[:-1]:
                at += len(part)
                offsets.append(at)
            cuts["".join(parts)] = tuple(offsets)
        return cls(cuts)

    def entries(self) -> Iterator[str]:
        """Each entry as written in the list (joints as ``|``)."""
        for stem, offsets in self.cuts.items():
            pieces, start = [], 0
            for cut in offsets:
                pieces.append(stem[start:cut])
                start = cut
            pieces.append(stem[start:])
            yield JOINT.join(pieces)

    def stem_of(self, word: str) -> str | None:
        """The listed stem ``word`` is made of (the stem plus one of :data:`ENDINGS`), the longest first."""
        lower = word.lower()
        for trim in range(min(_LONGEST_ENDING, len(lower) - 1) + 1):
            stem = lower[: len(lower) - trim]
            if stem in self.cuts and lower[len(stem) :] in ENDINGS:
                return stem
        return None

    def breaks(self, word: str) -> tuple[int, ...]:
        """Offsets in ``word`` where it may break; none for a word in capitals or with a capital inside."""
        if not word.isalpha() or (len(word) > 1 and not word[1:].islower()):
            return ()
        stem = self.stem_of(word)
        if stem is None:
            return ()
        # Danish print leaves at least two letters on either side of a break.
        return tuple(cut for cut in self.cuts[stem] if MIN_PIECE <= cut <= len(word) - MIN_PIECE)

    def hyphenate_word(self, word: str) -> str:
        """``word`` with a soft hyphen at each of its joints."""
        out, start = [], 0
        for cut in self.breaks(word):
            out.append(word[start:cut])
            start = cut
        out.append(word[start:])
        return SOFT_HYPHEN.join(out)


@cache
def joints() -> Joints:
    """The list shipped with the package (``katalog/language/joints.txt``)."""
    text = resources.files("katalog.language").joinpath("joints.txt").read_text(encoding="utf-8")
    return Joints.parse(text.splitlines())


def hyphenate(text: str, table: Joints | None = None) -> str:
    """``text`` with soft hyphens at the joints of its listed words; anything but a plain word is left alone."""
    table = table or joints()

    def chunk(match: re.Match[str]) -> str:
        whole = match.group(0)
        core = whole.lstrip(_OPENING)
        lead = whole[: len(whole) - len(core)]
        core = core.rstrip(_CLOSING)
        tail = whole[len(lead) + len(core) :]
        if not core or not _PLAIN.fullmatch(core):
            return whole
        return lead + _PART.sub(lambda m: table.hyphenate_word(m.group(0)), core) + tail

    return _CHUNK.sub(chunk, text)


def bind_units(text: str) -> str:
    """No-break spaces between a number and its unit, in a date, and after "s.", "nr.", "ca." before a number."""
    text = _UNIT_AFTER.sub(NO_BREAK_SPACE, text)
    text = _DAY_MONTH.sub(rf"\1{NO_BREAK_SPACE}", text)
    text = _MONTH_YEAR.sub(rf"\1{NO_BREAK_SPACE}", text)
    return _BEFORE_NUMBER.sub(rf"\1{NO_BREAK_SPACE}", text)


def typeset(text: str) -> str:
    """Text as the booklet prints it: numbers bound to their units, soft hyphens at the listed joints."""
    return hyphenate(bind_units(text))


def unhyphenated(text: str) -> str:
    """``text`` without the soft hyphens :func:`hyphenate` put in (for titles, bookmarks, metadata)."""
    return text.replace(SOFT_HYPHEN, "")


# --------------------------------------------------------------------------- names


def proper_names(catalogue: ValidCatalogue) -> set[str]:
    """Every proper name the catalogue prints, from the data and the reference lists.

    Municipalities and regions (the reference list, with their other spellings), the
    initiatives' municipalities, housing areas and venues, organisations and partner
    companies, contacts (name and organisation), the people quoted or interviewed, the
    sources' publishers and authors, and the capitalised words that stand inside a
    sentence of any text (the people and places named in descriptions and stories).
    """
    ref = catalogue.reference
    names: set[str] = set()
    for town in ref.municipalities.values():
        names.update((town.name, town.region, *town.aliases))
    for source in catalogue.sources.values():
        names.update(x for x in (source.publisher, source.author) if x)
    for item in catalogue.initiatives:
        names.update((*item.municipalities, *item.housing_areas, *item.venues))
        names.update(o.name for o in item.organisations)
        if item.partner_companies is not None:
            names.update(item.partner_companies.names)
        for contact in item.contacts:
            names.update(x for x in (contact.name, contact.organisation) if x)
        names.update(q.speaker_name for q in item.quotes if q.speaker_name)
    for theme in catalogue.themes:
        if theme.interview is not None:
            names.add(theme.interview.person)
    for value in _strings(catalogue.document.data):
        names.update(inner_capitalised(value))
    return {n for n in names if n.strip()}


def name_words(names: Iterable[str], *, genitive: bool = True) -> set[str]:
    """The capitalised words of ``names``, lower-cased, each also with the genitive -s ("Esbjergs", "Johns")."""
    words: set[str] = set()
    for name in names:
        for word in _PART.findall(name):
            if word[0].isupper():
                words.add(word.lower())
                if genitive and not word.endswith("s"):
                    words.add(word.lower() + "s")
    return words


_SENTENCE_START = re.compile(r"(?:^|[.!?:;»\"“(–…\]\n*_]\s*|\n\s*[-*+]\s+|#+\s+)$")


def inner_capitalised(text: str) -> Iterator[str]:
    """Capitalised words that do not begin a sentence, a line, a quotation or a list item: names."""
    for match in _PART.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or len(word) < 2:
            continue
        before = text[max(0, match.start() - 6) : match.start()]
        if not _SENTENCE_START.search(before):
            yield word


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
