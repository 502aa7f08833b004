"""The catalogue's house style, as far as a machine can see it without false alarms: findings with the fix.

The style is written down for editors in ``docs/bidrag.md`` ("Skrivestil"). This module checks
the parts of it a pattern can see for certain in a loaded text value:

* quotation marks other than »…«: straight ``"``, an opening straight ``'``, and “…” or „…“;
* a hyphen or two used as a dash (``venskaber - for``), and the long dash ``—``: the dash is `` – ``;
* a hyphen in a range of numbers (``18-25 år``, ``2017-2020``): the range takes an en dash,
  ``18–25``; a phone number, a date, an id or a CPR-like number is no range;
* ``% point``, ``procent point``, ``pct.-point``: the word is ``procentpoint``;
* ``f.eks.``: the catalogue writes ``fx``;
* a decimal point in a percentage (``12.3 pct.``): Danish takes a decimal comma;
* a number and a genitive joined by a hyphen to a noun (``12 ugers-forløb``);
* a job title with a capital after a comma (``Pia Niemann Damtoft, Jobcenterchef``), and a
  role field that begins with a capital but not with a name.

Which fields are checked is the model's business (:mod:`katalog.catalogue.fields`); this module
reads one string. Web addresses, e-mail addresses, code and link targets inside a Markdown text
are no prose and are not read. The word rules (``f.eks.``, ``procentpoint``, a capital after a
comma, the genitive) are not applied inside a quotation (between »…« or ``"…"``, or a Markdown
block quote): those are someone's own words; the typographic rules (quotation marks, dashes,
ranges) are the catalogue's and apply everywhere.

Every pattern is linear: each repeated part excludes the character that ends it, so a string of
thousands of hyphens or quotes is read in one pass. Each rule reports its first place in a value
and how many there are, so a pathological value gives a line per rule, not thousands.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from katalog.catalogue import cpr


@dataclass(frozen=True)
class StyleFinding:
    """One house-style rule broken in a value: the offset of its first place, the message, how often."""

    offset: int
    message: str
    count: int = 1


# What is no prose inside a text: web and e-mail addresses, Markdown code, link targets, tags.
_NOT_PROSE = re.compile(
    r"`[^`\n]*+`"
    r"|\]\([^()\n]*+\)"
    r"|<[^<>\n]*+>"
    r"|(?:https?://|www\.)[^\s<>()\[\]]++"
    r"|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    re.IGNORECASE,
)
# A fenced code block in Markdown: its lines are code (found line by line, see _masked_fences).
_FENCE_LINE = re.compile(r"[ \t]*(?:```|~~~)")
# Someone's own words: between »…«, “…”, "…" (on one line), or a Markdown block quote line.
_QUOTED = re.compile(r'»[^»«]*+«|“[^“”]*+”|„[^„“”]*+[“”]|"[^"\n]*+"|^[ \t]*>[^\n]*+', re.MULTILINE)

_STRAIGHT_DOUBLE = re.compile(r'"')
# An opening straight single quote: after a space or bracket, before a letter ("'Pers historie'").
# An apostrophe stands after a letter ("CFBU's", "Dennis'"), and "'90'erne" begins with a digit.
_STRAIGHT_SINGLE = re.compile(r"(?:^|(?<=[\s(\[]))'(?=[^\W\d_])", re.MULTILINE)
_OTHER_QUOTES = re.compile(r"[“”„]")
_HYPHEN_DASH = re.compile(r"(?<=\S)[ \t\u00a0]++(-{1,2})[ \t\u00a0]++(?=\S)")
_EM_DASH = re.compile(r"\u2014")
# Numbers (a decimal comma allowed) joined by one hyphen; not part of a longer chain of groups
# (a phone number, an ISO date), not after a letter, hyphen, dot, slash or '+' (an id, a date
# "1.-3.", an address, "+45"), and not beside another digit group.
_RANGE = re.compile(
    r"(?<![\w\-./+:#,])([0-9]++(?:,[0-9]++)?)-([0-9]++(?:,[0-9]++)?)(?![\w/]|[.,][0-9]|-[0-9])",
)
_PERCENT_POINT = re.compile(
    r"%[ \t\u00a0]*+-?[ \t\u00a0]*+point|\b(?:procent|pct\.?)(?:[ \t\u00a0]*+-[ \t\u00a0]*+|[ \t\u00a0]++)point",
    re.IGNORECASE,
)
_FOR_EXAMPLE = re.compile(r"(?<!\w)f\.[ \t\u00a0]?eks\.?", re.IGNORECASE)
_DECIMAL_POINT = re.compile(r"(?<![0-9.,])([0-9]++)\.([0-9]{1,2})(?=[ \t\u00a0]?(?:pct\b|procent\b|%))")
_GENITIVE_HYPHEN = re.compile(r"(?<![\w\-.,])([0-9]++)[ \t\u00a0](\w+?s)-(\w++)")
# A job title: a word ending in one of these, after a comma, written with a capital.
ROLE_ENDINGS = (
    "chef",
    "leder",
    "konsulent",
    "medarbejder",
    "direktør",
    "koordinator",
    "rådgiver",
    "vejleder",
    "formand",
    "sagsbehandler",
    "mentor",
    "pædagog",
    "assistent",
    "specialist",
    "udvikler",
)
_ROLE_AFTER_COMMA = re.compile(r",[ \t\u00a0]++([A-ZÆØÅ][a-zæøåé]*+)(?![\w-])")


_FIRST_WORD = re.compile(r"[\w-]+")


def _masked(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by as many NUL characters (so offsets stay)."""
    return pattern.sub(lambda m: "\x00" * len(m.group(0)), text)


def _masked_fences(text: str) -> str:
    """``text`` with the lines of every closed fenced code block (fences included) replaced by NUL characters.

    Line by line, in one pass: a regular expression for this needs possessive repetition of a
    group to stay linear, which Python 3.11.2 (Debian 12's) gets wrong.
    """
    lines = text.split("\n")
    out = list(lines)
    opened: int | None = None
    for number, line in enumerate(lines):
        if not _FENCE_LINE.match(line):
            continue
        if opened is None:
            opened = number
            continue
        for inside in range(opened, number + 1):
            out[inside] = "\x00" * len(lines[inside])
        opened = None
    return "\n".join(out)


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def check(value: str, *, markdown: bool = False, role: bool = False, names: Iterable[str] = ()) -> list[StyleFinding]:
    """The house-style findings in one text value.

    ``markdown``: the value is Markdown (code blocks are not read). ``role``: the value is a
    person's role, which begins in lower case unless it begins with one of ``names``
    (municipalities, organisations, places and people the catalogue names).
    """
    if not value:
        return []
    text = _masked_fences(value) if markdown and ("```" in value or "~~~" in value) else value
    text = _masked(text, _NOT_PROSE)
    prose = (
        _masked(text, _QUOTED) if ('"' in text or "»" in text or "“" in text or "„" in text or ">" in text) else text
    )
    found: list[StyleFinding] = []
    # Built only when a hyphen needs them: most values have none.
    lines: _Lines | None = None
    personal_numbers: list[tuple[int, int]] | None = None

    def in_markers(at: int) -> bool:
        nonlocal lines
        lines = lines or _Lines(text)
        return lines.in_markers(at)

    def in_personal_number(match: re.Match[str]) -> bool:
        # A CPR-like number is the CPR rule's business (an error), never a range or a dash. The CPR
        # rule also sees numbers split by markup or written as entities: a value holding one gets
        # the error, and no dash or range warning beside it.
        nonlocal personal_numbers
        if personal_numbers is None:
            personal_numbers = [(0, len(value))] if cpr.numbers_in_value(value) else cpr.spans_in_value(value)
        return any(start <= match.start() < end for start, end in personal_numbers)

    def first(
        pattern: re.Pattern[str],
        where: str,
        message: Callable[[re.Match[str]], str],
        group: int = 0,
        keep: Callable[[re.Match[str]], bool] | None = None,
        needs: str = "",
    ) -> None:
        if needs and needs not in where:
            return  # the rule's one indispensable character is absent: no scan
        hits = (m for m in pattern.finditer(where) if keep is None or keep(m))
        hit = next(hits, None)
        if hit is None:
            return
        count = 1 + sum(1 for _ in hits)
        found.append(StyleFinding(hit.start(group), message(hit), count))

    first(
        _STRAIGHT_DOUBLE,
        text,
        lambda m: 'lige anførselstegn ("); skriv citater og titler i »…«',
        needs='"',
    )
    first(
        _STRAIGHT_SINGLE,
        text,
        lambda m: "lige enkelt anførselstegn ('); skriv citater og titler i »…« (og et citat i citatet i ›…‹)",
        needs="'",
    )
    first(
        _OTHER_QUOTES,
        text,
        lambda m: f"anførselstegnet {m.group(0)} bruges ikke i kataloget; skriv citater og titler i »…«",
    )
    first(
        _HYPHEN_DASH,
        text,
        lambda m: (
            "bindestreg som tankestreg; skriv » – « (tankestreg med mellemrum)"
            if m.group(1) == "-"
            else "to bindestreger som tankestreg; skriv » – « (tankestreg med mellemrum)"
        ),
        group=1,
        keep=lambda m: not in_markers(m.start(1)) and not in_personal_number(m),
        needs="-",
    )
    first(_EM_DASH, text, lambda m: "lang tankestreg (—); skriv » – « (kort tankestreg med mellemrum)", needs="—")
    first(
        _RANGE,
        text,
        lambda m: (
            f"bindestreg i intervallet »{m.group(0)}«; skriv »{m.group(1)}–{m.group(2)}« (tankestreg uden mellemrum)"
        ),
        keep=lambda m: _is_range(m) and not in_personal_number(m),
        needs="-",
    )
    first(
        _DECIMAL_POINT,
        text,
        lambda m: f"decimalpunktum i »{m.group(1)}.{m.group(2)}«; skriv decimalkomma: »{m.group(1)},{m.group(2)}«",
        needs=".",
    )
    first(_PERCENT_POINT, prose, lambda m: f"»{m.group(0)}«: skriv »procentpoint« i ét ord")
    first(_FOR_EXAMPLE, prose, lambda m: f"»{m.group(0)}«: skriv »fx«", needs=".")
    first(
        _GENITIVE_HYPHEN,
        prose,
        lambda m: f"»{m.group(0)}«: skriv »{m.group(1)} {m.group(2)} {m.group(3)}« (uden bindestreg)",
        needs="s-",
    )
    first(
        _ROLE_AFTER_COMMA,
        prose,
        lambda m: (
            f"stillingsbetegnelsen »{m.group(1)}« efter komma skrives med lille begyndelsesbogstav: "
            f"»{_lower_first(m.group(1))}«"
        ),
        group=1,
        keep=lambda m: m.group(1).endswith(ROLE_ENDINGS),
        needs=",",
    )
    if role and _capital_role(value, names):
        word = _FIRST_WORD.match(value).group(0)  # type: ignore[union-attr]  # a capital letter starts the value
        found.append(
            StyleFinding(
                0,
                f"rollen begynder med stort bogstav; skriv »{_lower_first(word)}« med lille, "
                "medmindre rollen begynder med et navn",
            )
        )
    return sorted(found, key=lambda f: f.offset)


# Markdown's block-quote and list markers at the start of a line ("> - > - ", "1. ").
_MARKERS = re.compile(r"[ \t]*+(?:(?:>|[-*+]|[0-9]{1,9}[.)])(?:[ \t]++|$))*+", re.MULTILINE)


class _Lines:
    """Where each line of a text begins and where its Markdown markers end, each found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.marker_ends: dict[int, int] = {}

    def in_markers(self, at: int) -> bool:
        """Whether ``at`` lies inside the markers that begin its line (a list item's hyphen)."""
        start = self.starts[bisect.bisect_right(self.starts, at) - 1]
        end = self.marker_ends.get(start)
        if end is None:
            found = _MARKERS.match(self.text, start)
            end = self.marker_ends[start] = found.end() if found else start
        return at < end


def _is_range(match: re.Match[str]) -> bool:
    """Two numbers joined by a hyphen that read as a range, not as a phone number."""
    left, right = match.group(1), match.group(2)
    # "7516-1000": a phone number in two groups.
    return not (len(left) == 4 and len(right) == 4 and "," not in left + right and int(left) > int(right))


def _capital_role(value: str, names: Iterable[str]) -> bool:
    """A role that begins with a capital letter, but not with a name or an abbreviation ('NCC', 'CFBU-konsulent')."""
    words = value.split(None, 1)
    if not words or not words[0][:1].isupper():
        return False
    word = words[0]
    if any(c.isupper() or c.isdigit() for c in word[1:]):
        return False  # an abbreviation or a name written with capitals inside
    for name in names:
        if name and value.startswith(name):
            rest = value[len(name) :]
            if not rest or not rest[0].isalpha() or rest[:2] in ("s ", "'s") or rest == "s":
                return False
    return True
