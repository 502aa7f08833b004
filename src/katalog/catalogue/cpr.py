"""Find Danish CPR numbers (ddmmyy-xxxx) in everything a reader can see or copy, in linear time.

What a reader sees or copies is more than the text as written, and differs by output: the
site shows a plain field as text and renders Markdown with its raw HTML as text, the
booklet (pandoc) drops raw HTML, a method page keeps it, and link targets are published
as ``href`` in the HTML, the JSON and the CSV, where a browser decodes ``%30`` to ``0``.
So :func:`numbers_in_value` reads a loaded string (after YAML folding and escapes) in
several *views* and reports a number when any view shows it:

* the value as it stands (a plain field; link targets and ``<…>`` that is no tag, as text);
* with HTML entities decoded (Markdown turns ``&#48;`` into ``0``);
* with %-escapes decoded (a URL in a web-address field or a Markdown link);
* with only what disappears when Markdown is rendered taken away: real HTML tags and
  comments, images (their alt text is in the first view), link targets, footnote marks,
  brackets.

Views only ever add numbers, never hide one, so a plain field and a Markdown field can be
read alike: nothing is stripped from the first view.

In every view the text is read after NFKC and removal of combining marks (NFKD, then
category Mn dropped), with every digit NFKC folds to an ASCII digit (full-width,
superscript, circled, mathematical) as that digit. Between the digits may stand any run
of invisible characters (zero-width and format characters, combining marks, and the
Markdown markers ``* _ ` ~ \\``); between the groups (day, month, year, last four) any
run of separators besides: dashes of every kind, whitespace of every kind (NBSP
included, any count), dots and slashes. :func:`numbers_in_text` reads raw file text
(for comments and exact positions) with the same rule, mapping every character to one
character so offsets stay those of the text; there a line break ends a number.

Ordinary numbers stay quiet: the day must be 01–31 and the month 01–12, each group is
written without separators inside it, and the ten digits must stand alone (no digit just
before or after), so phone numbers ("75 16 10 00", "+45 75161000"), years and ranges
("2017-2020"), amounts ("1.250.000 kr.") and dates ("01.01.2020") do not match. The
letter O is not read as a zero.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote

# In the translated text: " " stands for a separator, "\x00" for an invisible character.
SEPARATOR = " "
INVISIBLE = "\x00"
# ASCII: Markdown's markers for emphasis, code, strike-through and escapes are not seen.
MARKDOWN_MARKERS = "*_`~\\"
ASCII_SEPARATORS = " \t-./"
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Beyond Unicode's dashes (Pd), spaces (Zs) and what NFKC makes a dot, slash or dash:
# characters that look like one of them. Look-alikes the booklet's fonts lack (U+2043,
# U+02D7) and digits of other scripts are refused by the glyph rule instead.
LOOKALIKE_SEPARATORS = (
    "\u00b7\u2027\u2044\u2212\u2215\u2219\u2796\u29f8\u2e31\u2e33\u30fb\uff65"
    "\u115f\u1160\u2800\u3164\uffa0"  # blank letters (Hangul fillers, braille blank)
)
INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def classify(char: str, *, line_breaks: bool) -> str:
    """The one character ``char`` stands for: an ASCII digit, a separator, invisible, or itself."""
    if char in MARKDOWN_MARKERS:
        return INVISIBLE
    if char in LINE_BREAKS:
        return SEPARATOR if line_breaks else char
    if char in ASCII_SEPARATORS:
        return SEPARATOR
    if char.isascii():
        return char
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and folded in "0123456789":
        return folded
    category = unicodedata.category(char)
    if category in INVISIBLE_CATEGORIES:
        return INVISIBLE
    if category in ("Pd", "Zs") or char in LOOKALIKE_SEPARATORS:
        return SEPARATOR
    if len(folded) == 1 and folded in ASCII_SEPARATORS:
        return SEPARATOR
    return char


class _Table(dict[int, str]):
    """A translation table filled as characters are met, so all of Unicode costs nothing up front."""

    def __init__(self, *, line_breaks: bool) -> None:
        super().__init__()
        self.line_breaks = line_breaks

    def __missing__(self, code: int) -> str:
        shown = classify(chr(code), line_breaks=self.line_breaks)
        self[code] = shown
        return shown


# One character for one: offsets in the translated text are offsets in the original.
_RAW = _Table(line_breaks=False)
_SHOWN = _Table(line_breaks=True)

_I = "\x00*+"  # invisible characters, anywhere between two digits
_S = "[ \x00]*+"  # separators and invisible characters, any count, between two groups
_DAY = f"(?:0{_I}[1-9]|[12]{_I}[0-9]|3{_I}[01])"
_MONTH = f"(?:0{_I}[1-9]|1{_I}[0-2])"
_DIGIT = f"{_I}[0-9]"
PATTERN = re.compile(
    f"(?<![0-9\x00])\x00*+(?P<number>{_DAY}{_S}{_MONTH}{_S}[0-9]{_DIGIT}{_S}[0-9]{_DIGIT}{_DIGIT}{_DIGIT})(?!{_I}[0-9])"
)
_NOT_DIGIT = re.compile(r"[^0-9]+")
# Strings that cannot hold a CPR number: no digit of any kind (checked before the slow path).
_MAYBE = re.compile(r"[0-9]|[^\x00-\x7f]|&")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")

# What disappears when Markdown is rendered (each scan stops at the next bracket, so all are linear).
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*+(?:[\s/][^<>]*+)?>")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\s]*+\]")
_IMAGE = re.compile(r"!\[[^\[\]]*+\]\([^()]*+\)")
_LINK_TARGET = re.compile(r"\]\([^()]*+\)")
_MARKUP = re.compile(r"!?\[|\]")


def _without_comments(text: str) -> str:
    """``text`` without HTML comments, in one pass (a regex would rescan after every unclosed ``<!--``)."""
    parts = []
    start = 0
    while True:
        opening = text.find("<!--", start)
        if opening < 0:
            break
        closing = text.find("-->", opening + 4)
        if closing < 0:
            break
        parts.append(text[start:opening])
        start = closing + 3
    parts.append(text[start:])
    return "".join(parts)


def rendered(value: str) -> str:
    """Markdown ``value`` without what rendering makes disappear: tags, comments, images, targets, marks."""
    if "<!--" in value:
        value = _without_comments(value)
    if "<" in value:
        value = _HTML_TAG.sub("", value)
    if "[" in value or "]" in value:
        value = _FOOTNOTE_MARK.sub("", value)
        value = _IMAGE.sub("", value)
        value = _LINK_TARGET.sub("]", value)
        value = _MARKUP.sub("", value)
    return value


def views(value: str) -> list[str]:
    """The forms of ``value`` a reader may see or copy (see the module's description)."""
    found = [value]
    if "&" in value:
        value = html.unescape(value)
        found.append(value)
    if "%" in value and _PERCENT.search(value):
        found.append(unquote(value))
    if "<" in value or "[" in value or "]" in value:
        found.append(rendered(value))
    return found


def shown(value: str) -> str:
    """``value`` with every character as the one it stands for: NFKD, combining marks invisible."""
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value)
    return value.translate(_SHOWN)


def numbers_in_value(value: str) -> list[str]:
    """The CPR numbers a reader sees in a loaded string, each as its ten digits.

    A number is counted as often as the view that shows it most often does.
    """
    if _MAYBE.search(value) is None:
        return []
    counts: Counter[str] = Counter()
    for view in views(value):
        counts |= Counter(_NOT_DIGIT.sub("", m.group("number")) for m in PATTERN.finditer(shown(view)))
    return list(counts.elements())


def numbers_in_text(text: str) -> Iterator[tuple[int, str]]:
    """Offset of the first digit and the ten digits of every CPR number written in raw ``text``."""
    for match in PATTERN.finditer(text.translate(_RAW)):
        yield match.start("number"), _NOT_DIGIT.sub("", match.group("number"))


def spans_in_value(value: str) -> list[tuple[int, int]]:
    """Start and end offsets of every CPR-like number in a loaded string, read one character for one.

    For rules that must stay quiet on a number the CPR rule already reports (the house style's
    ranges): offsets are the string's own, so there is no NFKD here.
    """
    if _MAYBE.search(value) is None:
        return []
    return [(m.start("number"), m.end("number")) for m in PATTERN.finditer(value.translate(_SHOWN))]
