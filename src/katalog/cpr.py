"""Find Danish CPR numbers (ddmmyy-xxxx) as a reader would see them, in linear time.

A reader sees through what the file's syntax hides: YAML folding and escapes
(handled by reading loaded *values*), HTML entities and tags, Markdown
emphasis and code markers, zero-width and bidi characters, and the many
Unicode forms of digits, dashes and spaces (full-width digits, en dash,
minus, NBSP, narrow NBSP). :func:`numbers_in_value` reads a loaded string the
way it is shown; :func:`numbers_in_text` reads raw file text (for comments and
for exact positions), mapping every character to one character so offsets
stay those of the text.

Ordinary numbers stay quiet: the first six digits must be a plausible date
(day 01–31, month 01–12) and the ten digits must stand alone, so phone
numbers ("75 16 10 00"), years ("2017-2020") and amounts do not match.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

# Characters NFKC turns into one ASCII digit (full-width, superscript, circled,
# mathematical and segmented digits); checked against unicodedata by the tests.
DIGIT_RANGES = (
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x24EA, 0x24EA),
    (0xFF10, 0xFF19),
    (0x1D7CE, 0x1D7FF),
    (0x1FBF0, 0x1FBF9),
)
# Dashes (Unicode's Pd, plus the minus sign) and spaces (Zs, plus tab).
DASHES = "\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# What a reader does not see: zero-width and bidi characters, soft hyphen,
# variation selectors, and the Markdown markers for emphasis, code and escapes.
INVISIBLE = (
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "*_`~\\"
)


def _table(*, line_breaks: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for first, last in DIGIT_RANGES:
        for code in range(first, last + 1):
            table[code] = unicodedata.normalize("NFKC", chr(code))
    table.update({ord(c): "-" for c in DASHES})
    table.update({ord(c): " " for c in SPACES})
    table.update({ord(c): "\x00" for c in INVISIBLE})
    if line_breaks:
        table.update({ord(c): " " for c in "\n\r"})
    return table


# One character for one: offsets in the translated text are offsets in the original.
_RAW = _table(line_breaks=False)
_SHOWN = _table(line_breaks=True)

# On translated text: \x00 stands for an invisible character, which may sit
# anywhere between the digits; up to six spaces or invisible characters may stand on each side of the dash.
_I = "\x00*+"
_SEPARATOR = "[ \x00]{0,6}+-?[ \x00]{0,6}+"
_DAY = f"(?:0{_I}[1-9]|[12]{_I}[0-9]|3{_I}[01])"
_MONTH = f"(?:0{_I}[1-9]|1{_I}[0-2])"
_DIGIT = f"{_I}[0-9]"
PATTERN = re.compile(
    f"(?<![0-9\x00])\x00*+(?P<number>{_DAY}{_I}{_MONTH}{_DIGIT}{_DIGIT}{_SEPARATOR}[0-9]{_DIGIT}{_DIGIT}{_DIGIT})(?!{_I}[0-9])"
)
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_LINK_TARGET = re.compile(r"\]\([^()\s]{0,2000}\)|[\[\]]")
_NOT_DIGIT = re.compile(r"[^0-9]+")
# Strings that cannot hold a CPR number: no digit of any kind (checked before the slow path).
_MAYBE = re.compile(r"[0-9]|[^\x00-\x7f]|&")


def shown(value: str) -> str:
    """``value`` as a reader sees it: entities decoded, tags and link targets dropped, NFKC-normalised."""
    if "&" in value:
        value = html.unescape(value)
    if "<" in value:
        value = _TAG.sub("", value)
    if "](" in value or "[" in value:
        value = _LINK_TARGET.sub("", value)
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return value.translate(_SHOWN).replace("\x00", "")


def numbers_in_value(value: str) -> list[str]:
    """The CPR numbers a reader sees in a loaded string, each as its ten digits."""
    if _MAYBE.search(value) is None:
        return []
    return [_NOT_DIGIT.sub("", m.group("number")) for m in PATTERN.finditer(shown(value))]


def numbers_in_text(text: str) -> Iterator[tuple[int, str]]:
    """Offset of the first digit and the ten digits of every CPR number written in raw ``text``."""
    for match in PATTERN.finditer(text.translate(_RAW)):
        yield match.start("number"), _NOT_DIGIT.sub("", match.group("number"))
