"""Rules for every string of a loaded file, wherever it stands, checked on the values as loaded.

What a reader of the site or the booklet sees is the loaded value (after YAML
folding and escapes), so these rules read values, not raw text:

* no CPR number (see :mod:`katalog.catalogue.cpr`), in values, keys and comments;
* no control characters, no bidi controls that can make text look other than it is;
* only characters the booklet's fonts can show (see :mod:`katalog.catalogue.glyphs`);
* Markdown fields (a description, a story, a theme's body and interview, a method page)
  that both renderers show fast and without warnings (see :mod:`katalog.catalogue.markdown_rules`);
* single-line fields (ids, names, titles, references) without line breaks, tabs,
  or spaces before or after the text (the model strips those, but a raw value
  used as a key would then differ from the record's own).

Problems are reported at the value, and at the exact line and column when the
character or number is written there as it is; at most one problem per rule and
value, with a count, so a pathological value gives one line, not thousands.
Every scan is linear in the size of the text.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from katalog.catalogue import cpr, fields, glyphs, markdown_rules
from katalog.catalogue.load import Document, KeyPath
from katalog.catalogue.messages import show_value
from katalog.catalogue.model import SLUG_PATTERN
from katalog.language import grammar
from katalog.problems import Problem, format_path

# Fields that hold text over several lines (Markdown or prose); every other string is one line.
MULTILINE_FIELDS = fields.field_names(lambda f: f.multiline)
# Fields read as Markdown, where an entity such as '&#x1F600;' becomes the character it names.
MARKDOWN_FIELDS = fields.field_names(lambda f: f.markdown)
# Fields checked by the id pattern (a–z, 0–9, '-'), which already refuses any other character.
SLUG_FIELDS = fields.field_names(lambda f: f.pattern == SLUG_PATTERN)
CPR_MESSAGE = "teksten ligner et CPR-nummer (ddmmåå-xxxx), og kataloget offentliggør ingen CPR-numre; fjern det"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE_BREAK = re.compile("[\u2028\u2029\ufeff]")
_REPORTED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
_EDGE_SPACE = re.compile(r"\A\s|\s\Z")


@dataclass
class _Finding:
    path: KeyPath
    at_key: bool
    message: str
    # What to look for in the raw text to give the exact position (None: the value's position).
    needle: str | None = None
    # How far past the needle's start the problem is, and on which line of the value (-1: any).
    shift: int = 0
    value_line: int = -1


@dataclass
class _Index:
    """Offsets of lines and of nodes in the raw text, built only when something must be placed exactly."""

    text: str
    positions: dict[KeyPath, tuple[int, int, int, int]]
    # The document's own table of line starts (Document.lines), as the loader counts lines.
    line_starts: list[int]
    starts: list[tuple[int, int, int]] = field(default_factory=list)
    nodes: list[tuple[KeyPath, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        entries = []
        for path, (kl, kc, vl, vc) in self.positions.items():
            if path and isinstance(path[-1], str):
                entries.append((kl, kc, len(path), path, True))
            entries.append((vl, vc, len(path) + 1, path, False))
        entries.sort(key=lambda e: (e[0], e[1], e[2]))
        self.starts = [(e[0], e[1], e[2]) for e in entries]
        self.nodes = [(e[3], e[4]) for e in entries]

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[min(line, len(self.line_starts)) - 1] + column - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def node_at(self, offset: int) -> int:
        """The index of the last node starting at or before ``offset`` (-1: before every node)."""
        line, column = self.line_col(offset)
        return bisect.bisect_right(self.starts, (line, column, 1 << 30)) - 1

    def span(self, path: KeyPath, at_key: bool) -> tuple[int, int] | None:
        found = self.positions.get(path)
        if found is None:
            return None
        line, column = (found[0], found[1]) if at_key else (found[2], found[3])
        start = self.offset(line, column)
        here = bisect.bisect_right(self.starts, (line, column, 1 << 30))
        end = self.offset(*self.starts[here][:2]) if here < len(self.starts) else len(self.text)
        return start, max(start, end)


class ValueRules:
    """Checks the strings of one loaded document; :meth:`run` returns the problems."""

    def __init__(
        self,
        doc: Document,
        *,
        index_offset: int = 0,
        line_offset: int = 0,
        record: str | None = None,
        multiline: frozenset[str] = MULTILINE_FIELDS,
    ) -> None:
        self.doc = doc
        self.index_offset = index_offset
        self.line_offset = line_offset
        self.record = record
        self.multiline = multiline
        self._index: _Index | None = None

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self.doc.text, self.doc.positions, list(self.doc.lines.starts))
        return self._index

    def run(self) -> list[Problem]:
        findings: list[_Finding] = []
        numbers: dict[tuple[KeyPath, bool], list[str]] = {}
        for path, at_key, value in _strings(self.doc.data):
            found = cpr.numbers_in_value(value)
            if found:
                numbers[(path, at_key)] = found
            if not at_key:
                findings += self._characters(path, value)
                if markdown_rules.is_markdown_path(path):
                    findings += _markdown(path, value)
        problems = [self._problem(f) for f in findings]
        problems += self._cpr(numbers)
        return problems

    def _characters(self, path: KeyPath, value: str) -> list[_Finding]:
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        single = name not in self.multiline
        out = []
        if name in MARKDOWN_FIELDS and "&" in value:
            # Markdown turns '&#128512;' into the character itself.
            value = html.unescape(value)
        for pattern, describe in ((_CONTROL, _control), (_BIDI, _bidi), (_INVISIBLE_BREAK, _invisible)):
            first = pattern.search(value)
            if first is not None:
                count = len(pattern.findall(value))
                out.append(_Finding(path, False, describe(first.group(0)) + _more(count), first.group(0)))
        if single and ("\n" in value.strip() or "\t" in value.strip()):
            what = "et linjeskift" if "\n" in value.strip() else "et tabulatortegn"
            out.append(
                _Finding(path, False, f"feltet skal stå på én linje, men indeholder {what}; skriv teksten på én linje")
            )
        if single and _EDGE_SPACE.search(value) and value.strip():
            if value.endswith("\n") and value.rstrip("\n") == value.strip():
                message = f"{show_value(value.strip())} slutter med et linjeskift; skriv teksten på samme linje som feltnavnet (eller skriv '>-' i stedet for '>' eller '|')"
            else:
                message = f"{show_value(value)} begynder eller slutter med mellemrum; fjern mellemrummene"
            out.append(_Finding(path, False, message))
        if name not in SLUG_FIELDS:
            # Characters reported above as control characters are not reported again here.
            missing = [c for c in glyphs.missing(value) if not _REPORTED.match(c)]
            if missing:
                out.append(_Finding(path, False, _glyph_message(missing), missing[0]))
        return out

    def _cpr(self, numbers: dict[tuple[KeyPath, bool], list[str]]) -> list[Problem]:
        written = list(cpr.numbers_in_text(self.doc.text))
        if not numbers and not written:
            return []
        index = self.index
        by_node: dict[int, list[tuple[int, str]]] = {}
        for offset, digits in written:
            by_node.setdefault(index.node_at(offset), []).append((offset, digits))
        problems = []
        for (path, at_key), found in numbers.items():
            node = _node_number(index, path, at_key)
            wanted = set(found)
            here = by_node.get(node, [])
            raw = [w for w in here if w[1] in wanted]
            if raw:
                by_node[node] = [w for w in here if w[1] not in wanted]
                line, column = index.line_col(raw[0][0])
            else:
                line, column = self.doc.position(path, key=at_key)
            count = max(len(found), len(raw))
            problems.append(self._at(line, column, path, CPR_MESSAGE + _more(count)))
        for rest in by_node.values():
            if rest:
                line, column = index.line_col(rest[0][0])
                problems.append(self._at(line, column, None, CPR_MESSAGE + _more(len(rest))))
        return problems

    def _problem(self, finding: _Finding) -> Problem:
        line, column = self.doc.position(finding.path, key=finding.at_key)
        if finding.needle is not None:
            span = self.index.span(finding.path, finding.at_key)
            if span is not None:
                offset = self._find(finding, line, span)
                if offset >= 0:
                    line, column = self.index.line_col(offset + finding.shift)
        return self._at(line, column, finding.path, finding.message)

    def _find(self, finding: _Finding, line: int, span: tuple[int, int]) -> int:
        """Where the needle is written; for a problem on a given line of the value, the occurrence nearest that line."""
        assert finding.needle is not None
        text = self.doc.text
        offset = text.find(finding.needle, *span)
        if finding.value_line < 0 or offset < 0:
            return offset
        # A block scalar ('|' or '>') starts on the line after its indicator.
        wanted = line + finding.value_line + (1 if text[span[0] : span[0] + 1] in ("|", ">") else 0)
        best, distance = offset, abs(self.index.line_col(offset)[0] - wanted)
        for _ in range(200):
            if distance == 0:
                break
            offset = text.find(finding.needle, offset + 1, span[1])
            if offset < 0:
                break
            gap = abs(self.index.line_col(offset)[0] - wanted)
            if gap < distance:
                best, distance = offset, gap
        return best

    def _at(self, line: int, column: int, path: KeyPath | None, message: str) -> Problem:
        record, where = self._subject(path)
        return Problem(self.doc.file, line + self.line_offset, column, "error", message, record, where)

    def _subject(self, path: KeyPath | None) -> tuple[str | None, str | None]:
        """The record and the field a problem concerns, as the schema's messages name them."""
        if path is None:
            return self.record, None
        if self.record is not None:
            return self.record, format_path(path) or None
        data = self.doc.data
        if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int) and isinstance(data, dict):
            items = data.get(path[0])
            item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
                record = str(item["id"]).strip()
            else:
                record = f"{path[0]}[{path[1] + self.index_offset}]"
            return record, format_path(path[2:]) or None
        return None, format_path(path) or None


def check_text(name: str, text: str, line_offset: int, record: str | None) -> list[Problem]:
    """CPR numbers, control and unprintable characters in free text (a method page's Markdown body)."""
    doc = Document(name, data={"body": text}, text=text)
    doc.positions[("body",)] = (1, 1, 1, 1)
    return ValueRules(doc, line_offset=line_offset, record=record).run()


def _markdown(path: KeyPath, value: str) -> list[_Finding]:
    """The Markdown rules (:mod:`katalog.catalogue.markdown_rules`), placed by the problem's line as written."""
    out = []
    for found in markdown_rules.check(value):
        line_start = value.rfind("\n", 0, found.offset) + 1
        line_end = value.find("\n", found.offset)
        line = value[line_start : line_end if line_end >= 0 else len(value)]
        first = max(0, found.offset - line_start - 40)
        needle = line[first : found.offset - line_start + 40]
        number = value.count("\n", 0, line_start)
        out.append(_Finding(path, False, found.message, needle or None, found.offset - line_start - first, number))
    return out


def _node_number(index: _Index, path: KeyPath, at_key: bool) -> int:
    found = index.positions.get(path)
    if found is None:
        return -2
    line, column = (found[0], found[1]) if at_key else (found[2], found[3])
    return bisect.bisect_right(index.starts, (line, column, 1 << 30)) - 1


def _strings(data: Any) -> Iterator[tuple[KeyPath, bool, str]]:
    """Every string of ``data`` with its key path; keys come with ``True``."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            yield path, False, node
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    yield (*path, key), True, key
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, n), value) for n, value in enumerate(node))


def _more(count: int) -> str:
    return f" ({grammar.number(count)} i alt i feltet)" if count > 1 else ""


def _control(char: str) -> str:
    return f"feltet indeholder kontroltegnet U+{ord(char):04X}, som ikke er tekst; fjern det"


def _bidi(char: str) -> str:
    return f"feltet indeholder retningstegnet U+{ord(char):04X}, som kan få teksten til at se anderledes ud, end den er; fjern det"


def _invisible(char: str) -> str:
    return f"feltet indeholder det usynlige tegn U+{ord(char):04X}; fjern det (brug et almindeligt linjeskift, hvis der skal være et)"


def _glyph_message(missing: list[str]) -> str:
    listed = grammar.shortened([glyphs.describe(c) for c in missing])
    if len(missing) == 1:
        return f"tegnet {listed} kan ikke vises i PDF-hæftets skrifttype; fjern det, eller skriv det med almindelige bogstaver"
    return f"tegnene {listed} kan ikke vises i PDF-hæftets skrifttype; fjern dem, eller skriv dem med almindelige bogstaver"
