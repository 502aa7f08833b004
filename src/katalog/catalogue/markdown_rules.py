"""Rules for a record's Markdown fields, so that what validate passes renders in both renderers.

A Markdown field is rendered twice: for the site by Python-Markdown (:func:`katalog.site.markdown_safety.record_html`)
and for the booklet by pandoc (:mod:`katalog.booklet.prose`, where any warning fails the build) and then Typst.
Measured on pandoc 3.9 (``scripts/bench_hostile.py``), some Markdown costs far more than its size:

* a ``[`` without its ``]`` makes pandoc parse the rest of the paragraph again, about 40 µs per
  character (20 such in a 52 kB paragraph: 14 s; Python-Markdown is quadratic in them too);
  likewise ``](`` without its ``)``;
* brackets inside brackets multiply that (8 levels around 26 kB: 257 s), and long text inside
  brackets inside brackets is slow even when all are closed;
* block quotes, lists or emphasis nested some hundred levels deep stop Typst ("maximum parsing
  depth exceeded") and Python-Markdown (RecursionError);
* duplicate link references, duplicate footnotes, a footnote defined but never used and two
  headings with the same ``{#id}`` are pandoc warnings, which fail the booklet.

So a Markdown field may have no unclosed ``[`` or ``](``, brackets at most :data:`MAX_BRACKET_DEPTH`
deep with at most :data:`MAX_BRACKET_TEXT` characters inside, block quotes and lists at most
:data:`MAX_BLOCK_DEPTH` levels and emphasis at most :data:`MAX_INLINE_DEPTH` levels deep, and each
reference, footnote and heading id once. What passes costs at most a small constant factor more
than plain text of the same size in both renderers. Undefined footnotes (``[^9]`` with no
``[^9]:``) are refused too: both renderers would show the raw ``[^9]``.

Code (spans and fenced blocks) and escaped characters (``\\[``) are not Markdown syntax and are
skipped. Every scan is linear in the size of the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from katalog.catalogue.fields import paths, pattern_of
from katalog.catalogue.model import Catalogue
from katalog.language import grammar

MAX_BRACKET_DEPTH = 2  # a link around an image: [![alt](/bild.png)](/side)
MAX_BRACKET_TEXT = 500  # characters between '[' and its ']'
MAX_TARGET = 2000  # characters between '](' and its ')'
MAX_BLOCK_DEPTH = 8
MAX_INLINE_DEPTH = 8

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)]|#\.|\(@[\w-]*\))(?=[ \t]|$)")
_NOTE_DEF = re.compile(r"\[\^([^\]\s]+)\]:")
_REF_DEF = re.compile(r"\[([^\]]+)\]:")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_ATX = re.compile(r"^#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_HEADING_ID = re.compile(r"\{[^}]*#([^\s}]+)[^}]*\}[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class Finding:
    """A problem in a Markdown value: where in the value (an offset) and what to say."""

    offset: int
    message: str


# A method page's body (value_rules.check_text reads it as a document with this one key).
METHOD_PAGE_BODY = ("body",)


@cache
def _markdown_paths() -> frozenset[tuple[str, ...]]:
    """The path patterns of the catalogue's Markdown fields, as the model declares them."""
    return paths(Catalogue, lambda facts: facts.markdown) | {METHOD_PAGE_BODY}


def is_markdown_path(path: tuple[str | int, ...]) -> bool:
    """True for the values read as Markdown: the model's fields declared ``Markdown()``, and a method page's body."""
    return bool(path) and isinstance(path[-1], str) and pattern_of(path) in _markdown_paths()


def check(text: str) -> list[Finding]:
    """The problems of one Markdown value, at most one per rule, each at its first place."""
    masked = mask(text)
    return sorted((*_blocks(masked), *_inlines(masked), *_definitions(masked)), key=lambda f: f.offset)


# --------------------------------------------------------------------------- masking code and escapes


def mask(text: str) -> str:
    """``text`` with code spans, fenced code and escaped characters as spaces (same length, same lines)."""
    out = list(text)
    lines = _lines(text)
    fence: str | None = None
    prose_runs: list[tuple[int, int]] = []
    run_start: int | None = None
    for start, end in lines:
        line = text[start:end]
        opened = _FENCE.match(line, _prefix(line)[2])
        if fence is not None:
            _blank(out, start, end)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            if run_start is not None:
                prose_runs.append((run_start, start))
                run_start = None
            _blank(out, start, end)
            continue
        if not line.strip():
            if run_start is not None:
                prose_runs.append((run_start, start))
                run_start = None
            continue
        if run_start is None:
            run_start = start
    if run_start is not None:
        prose_runs.append((run_start, len(text)))
    for start, end in prose_runs:
        _mask_escapes_and_code(text, out, start, end)
    return "".join(out)


def _mask_escapes_and_code(text: str, out: list[str], start: int, end: int) -> None:
    """Within one paragraph: '\\x' (x punctuation) and code spans become spaces."""
    n = start
    while n < end - 1:
        if text[n] == "\\" and text[n + 1] in _PUNCT:
            out[n] = out[n + 1] = " "
            n += 2
        else:
            n += 1
    runs: dict[int, list[int]] = {}
    spans = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end) if out[m.start()] == "`"]
    for s, e in spans:
        runs.setdefault(e - s, []).append(s)
    position = start
    for s, e in spans:
        if s < position:
            continue
        same = runs[e - s]
        later = bisect.bisect_right(same, s)
        if later < len(same):
            close = same[later]
            _blank(out, s, close + (e - s))
            position = close + (e - s)


def _blank(out: list[str], start: int, end: int) -> None:
    for n in range(start, end):
        if out[n] != "\n":
            out[n] = " "


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Runs of non-blank lines (a block quote's '>' lines count as text: the runs are never smaller than pandoc's)."""
    out, start = [], None
    for s, e in _lines(text):
        if text[s:e].strip():
            if start is None:
                start = s
            last = e
        elif start is not None:
            out.append((start, last))
            start = None
    if start is not None:
        out.append((start, last))
    return out


# --------------------------------------------------------------------------- block nesting


def _prefix(line: str) -> tuple[int, int, int]:
    """A line's nesting as far as its start shows it: depth estimate, '>' and list markers, and the prefix length.

    Each level of a list that is not on the same line needs at least two columns of indentation,
    so quotes + markers + indentation/2 is never below the real depth.
    """
    n, depth, width, markers = 0, 0, 0, 0
    while n < len(line):
        char = line[n]
        if char in " \t":
            width += 4 if char == "\t" else 1
            n += 1
            continue
        if char == ">":
            depth, markers, n = depth + 1, markers + 1, n + 1
            if n < len(line) and line[n] == " ":
                n += 1
            continue
        marker = _MARKER.match(line, n)
        if marker is None:
            break
        depth, markers, n = depth + 1, markers + 1, marker.end()
        if n < len(line) and line[n] == " ":
            n += 1
    return (depth + width // 2 if markers else 0), markers, n


def _blocks(text: str) -> list[Finding]:
    for start, end in _lines(text):
        line = text[start:end]
        depth, _, _ = _prefix(line)
        if depth > MAX_BLOCK_DEPTH:
            return [
                Finding(
                    start + len(line) - len(line.lstrip(" \t")),
                    f"citater og lister står for dybt inden i hinanden (ca. {depth} niveauer; højst {MAX_BLOCK_DEPTH}); "
                    "ryk teksten mindre ind, eller del den op i flere lister",
                )
            ]
    return []


# --------------------------------------------------------------------------- brackets and emphasis


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (after not in _PUNCT or before.isspace() or before in _PUNCT)
    right = not before.isspace() and (before not in _PUNCT or after.isspace() or after in _PUNCT)
    return left, right


def _parens(text: str, start: int, end: int) -> dict[int, int]:
    """Each '(' of the paragraph with its matching ')'."""
    matched, stack = {}, []
    for n in range(start, end):
        if text[n] == "(":
            stack.append(n)
        elif text[n] == ")" and stack:
            matched[stack.pop()] = n
    return matched


def _inlines(text: str) -> list[Finding]:
    out: list[Finding] = []
    for start, end in _paragraphs(text):
        out += _paragraph_inlines(text, start, end)
        if out:
            break
    return out


def _paragraph_inlines(text: str, start: int, end: int) -> list[Finding]:
    parens = _parens(text, start, end)
    brackets: list[int] = []
    emphasis: list[str] = []
    out: list[Finding] = []
    n = start
    while n < end:
        char = text[n]
        if char == "[":
            if len(brackets) >= MAX_BRACKET_DEPTH:
                return [
                    Finding(
                        n,
                        f"der står kantede parenteser inden i hinanden i mere end {MAX_BRACKET_DEPTH} niveauer; "
                        "skriv \\[ og \\] for kantede parenteser, der ikke er links",
                    )
                ]
            brackets.append(n)
        elif char == "]" and brackets:
            opened = brackets.pop()
            if n - opened - 1 > MAX_BRACKET_TEXT:
                return [
                    Finding(
                        opened,
                        f"teksten mellem '[' og ']' er {_number(n - opened - 1)} tegn; højst {MAX_BRACKET_TEXT} er tilladt "
                        "(en linktekst er kort); skriv \\[ og \\] for kantede parenteser, der ikke er links",
                    )
                ]
            if n + 1 < end and text[n + 1] == "(":
                close = parens.get(n + 1)
                if close is None:
                    return [
                        Finding(
                            n + 1,
                            "'](' har ingen ')' i samme afsnit; afslut linket med ')', "
                            "eller skriv \\( for en parentes, der ikke er et link",
                        )
                    ]
                if close - n > MAX_TARGET:
                    return [Finding(n + 1, f"linkets adresse mellem '(' og ')' er over {MAX_TARGET} tegn; forkort den")]
        elif char in "*_~^":
            run_end = n
            while run_end < end and text[run_end] == char:
                run_end += 1
            left, right = _flanking(text, n, run_end)
            before = text[n - 1] if n > start else " "
            after = text[run_end] if run_end < end else " "
            word = char == "_" and before.isalnum() and after.isalnum()
            closes = right and (not left or (bool(emphasis) and emphasis[-1] == char))
            if not word and closes and char in emphasis:
                while emphasis and emphasis.pop() != char:
                    pass
            elif not word and left:
                emphasis.extend(char * ((run_end - n + 1) // 2))
                if len(emphasis) + len(brackets) > MAX_INLINE_DEPTH:
                    return [
                        Finding(
                            n,
                            f"fremhævninger står for dybt inden i hinanden (mere end {MAX_INLINE_DEPTH} niveauer); "
                            "fjern nogle af dem, eller skriv \\* og \\_ for stjerner og understregninger, der ikke er fremhævning",
                        )
                    ]
            n = run_end
            continue
        n += 1
    if brackets:
        out.append(
            Finding(
                brackets[0],
                "'[' har ingen ']' i samme afsnit; afslut den med ']', eller skriv \\[ for en kantet parentes, der ikke er et link",
            )
        )
    return out


# --------------------------------------------------------------------------- references, footnotes, heading ids


def _definitions(text: str) -> list[Finding]:
    notes: dict[str, int] = {}
    refs: dict[str, int] = {}
    ids: dict[str, int] = {}
    used: set[str] = set()
    first_use: dict[str, int] = {}
    out: dict[str, Finding] = {}
    lines = _lines(text)
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        _, _, cut = _prefix(line)
        cut = max(cut, len(line) - len(line.lstrip(" \t")))
        rest = line[cut:]
        body_from = 0
        note = _NOTE_DEF.match(rest)
        ref = None if note else _REF_DEF.match(rest)
        if note:
            label = note.group(1)
            body_from = note.end()
            if label in notes:
                out.setdefault("note", _twice(start + cut, "fodnoten", f"[^{label}]"))
            else:
                notes[label] = start + cut
        elif ref:
            label = " ".join(ref.group(1).split()).casefold()
            body_from = ref.end()
            if label in refs:
                out.setdefault("ref", _twice(start + cut, "linkreferencen", f"[{ref.group(1)}]"))
            else:
                refs[label] = start + cut
        for use in _NOTE_REF.finditer(rest, body_from):
            used.add(use.group(1))
            first_use.setdefault(use.group(1), start + cut + use.start())
        heading_id = _HEADING_ID.search(line)
        if heading_id and _is_heading(text, lines, number, rest):
            key = heading_id.group(1)
            if key in ids:
                out.setdefault("id", _twice(start + heading_id.start(), "overskrifts-id'et", "{#" + key + "}"))
            else:
                ids[key] = start + heading_id.start()
    for label, at in notes.items():
        if label not in used:
            out.setdefault(
                "unused",
                Finding(
                    at, f"fodnoten [^{label}] bruges ikke i teksten; henvis til den med [^{label}], eller fjern den"
                ),
            )
    for label, at in first_use.items():
        if label not in notes:
            out.setdefault(
                "undefined",
                Finding(
                    at,
                    f"fodnoten [^{label}] er ikke skrevet; tilføj en linje '[^{label}]: …' med fodnotens tekst, "
                    "eller fjern henvisningen",
                ),
            )
    return list(out.values())


def _is_heading(text: str, lines: list[tuple[int, int]], number: int, rest: str) -> bool:
    if _ATX.match(rest):
        return True
    if number + 1 < len(lines):
        start, end = lines[number + 1]
        return bool(_SETEXT.match(text[start:end].strip()))
    return False


def _number(count: int) -> str:
    return grammar.number(count)


def _twice(at: int, what: str, label: str) -> Finding:
    return Finding(at, f"{what} {label} står to gange i feltet; fjern den ene, eller giv den et andet navn")
