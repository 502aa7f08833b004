"""Load a YAML file into plain data plus a map from key paths back to file positions.

The loader reads PyYAML's event stream (the C parser when available) and builds
the data itself, iteratively, so that it can:

* keep the line and column of every key and value (for compiler-style errors);
* treat scalars by YAML 1.2's core rules: ``no``, ``on``, ``2019-01-01`` and
  ``0755`` stay text; only ``true``/``false``, ``null``/``~`` and plain decimal
  numbers are typed;
* detect duplicate keys (PyYAML silently keeps the last one);
* refuse anchors and aliases (a "billion laughs" file costs nothing), tags such
  as ``!!python/object``, multiple documents, and nesting deeper than
  :data:`MAX_DEPTH`;
* refuse oversized files before reading them, tabs in indentation, and files
  that are not UTF-8 (a UTF-8 BOM and CRLF line ends are fine).

Problems come back as :class:`~katalog.problems.Problem` values; nothing here
prints or exits.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from katalog.problems import Problem

try:  # libyaml is part of PyYAML's wheels; the pure-Python parser is a fallback.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on the installed wheel
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 40

# A position: (key line, key column, value line, value column), all 1-based.
Position = tuple[int, int, int, int]
KeyPath = tuple[str | int, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)
# Cheap candidates for CPR numbers; each is confirmed with the exact pattern.
_CPR_CANDIDATE = re.compile(r"[0-3]\d[01]\d{3}[-\u2010\u2011 ]?\d{4}")
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset({None, "!", _STR_TAG})


@dataclass
class Document:
    """A loaded file: its data, where each key path sits, and the problems seen."""

    file: str
    data: Any = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    # Positions of values the loader refused (aliases, tags): later checks stay quiet there.
    refused: set[tuple[int, int]] = field(default_factory=set)
    # read_bytes found nothing that stops parsing; complete: the parser read the whole stream.
    ready: bool = False
    complete: bool = False

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def position(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or the key) at ``path``, or of its nearest ancestor."""
        probe = path
        while probe not in self.positions and probe:
            probe = probe[:-1]
        found = self.positions.get(probe)
        if found is None:
            return (1, 1)
        if key or probe != path:
            return (found[0], found[1])
        return (found[2], found[3])

    def error(
        self, line: int, column: int, message: str, *, record: str | None = None, path: str | None = None
    ) -> None:
        self.problems.append(Problem(self.file, line, column, "error", message, record, path))


def display_path(path: Path) -> str:
    """The file name as messages show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)


def load_file(path: Path) -> Document:
    """Read and parse ``path``; an unreadable or malformed file yields a Document with problems."""
    doc = read_file(path)
    if doc.ready:
        build(doc)
    return doc


def load_bytes(raw: bytes, name: str) -> Document:
    """Parse bytes that claim to be a UTF-8 YAML file named ``name``."""
    doc = read_bytes(raw, name)
    if doc.ready:
        build(doc)
    return doc


def read_file(path: Path) -> Document:
    """Read ``path`` and run the checks on its bytes; :func:`build` parses it."""
    name = display_path(path)
    doc = Document(name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        doc.error(1, 1, f"filen findes ikke; forventede en YAML-fil på stien {path}")
        return doc
    except OSError as exc:
        doc.error(1, 1, f"filen kan ikke læses ({exc.strerror}); forventede en læsbar YAML-fil")
        return doc
    if path.is_dir():
        doc.error(1, 1, "stien er en mappe; forventede en YAML-fil")
        return doc
    if size > MAX_BYTES:
        doc.error(1, 1, _too_big(size))
        return doc
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.error(1, 1, f"filen kan ikke læses ({exc.strerror}); forventede en læsbar YAML-fil")
        return doc
    return read_bytes(raw, name)


def read_bytes(raw: bytes, name: str) -> Document:
    """Decode ``raw`` and check size, encoding, emptiness and tabs; ``doc.ready`` says whether to parse."""
    doc = Document(name)
    if len(raw) > MAX_BYTES:
        doc.error(1, 1, _too_big(len(raw)))
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    doc.text = text
    if _CONTENT_LINE.search(text) is None:
        doc.error(1, 1, "filen er tom; forventede YAML med nøglen 'initiatives' og en liste af indsatser")
        return doc
    tabs = list(_TAB_INDENT.finditer(text)) if "\t" in text else []
    for match in tabs:
        line, column = _line_col(text, match.end() - 1)
        doc.error(
            line, column, "tabulatortegn i indrykningen; YAML kræver mellemrum — erstat tabulatoren med mellemrum"
        )
    doc.ready = not tabs
    return doc


def build(doc: Document) -> None:
    """Parse ``doc.text`` into ``doc.data`` and ``doc.positions``."""
    with paused_gc():
        _build(doc.text, doc)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Building the data of a large file creates hundreds of thousands of dicts,
    lists and tuples and none of them form cycles; the collector's repeated
    passes over them cost about a fifth of the loading time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _too_big(size: int) -> str:
    return f"filen er {_mb(size)} stor; grænsen er {_mb(MAX_BYTES)} — del kataloget op eller fjern overflødigt indhold"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def _decode(raw: bytes, doc: Document) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.error(1, 1, "filen er gemt som UTF-16; forventede UTF-8 — gem filen igen med tegnsættet UTF-8")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        doc.error(
            line,
            column,
            f"filen er ikke gyldig UTF-8 (byte 0x{byte}); forventede UTF-8 — gem filen igen med tegnsættet UTF-8 (fx fra Windows-1252/Latin-1)",
        )
        return None


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "et kolon står et sted, hvor der ikke må begynde en ny nøgle; sæt teksten i anførselstegn, hvis den selv indeholder ': '",
    ),
    (
        "could not find expected ':'",
        "der mangler et ':' efter en nøgle, eller en tekst på flere linjer er ikke sat i anførselstegn eller skrevet med '|'",
    ),
    ("did not find expected key", "indrykningen passer ikke; forventede en ny nøgle på samme niveau som linjerne over"),
    (
        "did not find expected '-' indicator",
        "indrykningen passer ikke i en liste; forventede et nyt element med '- ' på samme niveau",
    ),
    (
        "did not find expected ',' or ']'",
        "en liste i firkantede parenteser, der begynder her, er ikke lukket; forventede ',' eller ']'",
    ),
    (
        "did not find expected ',' or '}'",
        "en mapping i krøllede parenteser, der begynder her, er ikke lukket; forventede ',' eller '}'",
    ),
    (
        "found unexpected end of stream",
        "filen slutter midt i en værdi; mangler et afsluttende anførselstegn eller en parentes?",
    ),
    (
        "found unknown escape character",
        "ukendt escape-sekvens (\\) i en tekst i dobbelte anførselstegn; brug enkelte anførselstegn eller skriv \\\\",
    ),
    ("control characters are not allowed", "filen indeholder kontroltegn, som YAML ikke tillader; fjern dem"),
    (
        "found character '\\t' that cannot start any token",
        "tabulatortegn, hvor YAML forventer mellemrum; erstat tabulatoren med mellemrum",
    ),
    ("found character", "et tegn, der ikke kan begynde en værdi; sæt værdien i anførselstegn"),
    (
        "found undefined alias",
        "et alias (*navn) uden tilsvarende anker; kataloget bruger ikke ankre og aliaser — skriv værdien ud",
    ),
    ("found unexpected ':'", "et uventet kolon; sæt teksten i anførselstegn"),
    (
        "block sequence entries are not allowed",
        "et listeelement ('- ') står, hvor der forventes en værdi; ret indrykningen",
    ),
    ("expected <document start>", "der står indhold efter dokumentets slutning; forventede ét YAML-dokument"),
    ("while scanning a quoted scalar", "en tekst i anførselstegn er ikke lukket; tilføj det afsluttende anførselstegn"),
    ("while scanning a simple key", "en linje kan ikke læses som 'nøgle: værdi'; mangler der et kolon?"),
)


_OPEN_QUOTE = re.compile(r"""^[ ]*(?:- )?[^\s:#'"][^:#]*:[ ]+(["'])""")


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """The first 'key: "value' line (before the error) whose quote is not closed on that line."""
    for number, line in enumerate(text.splitlines()[:before_line], start=1):
        match = _OPEN_QUOTE.match(line)
        if match and match.group(1) not in line[match.end() :]:
            return number, match.start(1) + 1
    return None


def _syntax_problem(exc: yaml.YAMLError, doc: Document) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    unclosed = _unclosed_quote(doc.text, line - 1)
    if unclosed is not None:
        doc.error(
            *unclosed,
            "ugyldig YAML: en tekst i anførselstegn begynder her, men lukkes ikke på samme linje; tilføj det afsluttende anførselstegn",
        )
        return
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    opened = getattr(exc, "context_mark", None)
    if opened is not None and context.startswith("while parsing a flow"):
        # An unclosed [ or { is noticed lines later; point at the bracket itself.
        line, column = opened.line + 1, opened.column + 1
    for needle, danish in _SYNTAX_HINTS:
        if needle in problem or (needle.startswith("while") and needle in context):
            doc.error(line, column, f"ugyldig YAML: {danish}")
            return
    doc.error(line, column, f"ugyldig YAML ({problem}); ret syntaksen på dette sted")


def _typed(value: str) -> Any:
    """A plain scalar by YAML 1.2's core rules, stricter on numbers (``0755`` stays text)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[:1] in _NUMBER_START:
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value


_NUMBER_START = frozenset("0123456789+-.")


def _build(text: str, doc: Document) -> None:
    """Turn the event stream into Python data and positions (iteratively, so depth is bounded).

    This loop is the hot path of validation (one pass per event of the C parser),
    so it binds everything it touches to locals and keeps the rare cases (anchors,
    aliases, tags, complex keys) out of the common branches.
    """
    from yaml import events as ev

    parser = _Parser(text)
    get_event = parser.get_event
    scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
    map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
    positions = doc.positions
    allowed_tags = _ALLOWED_TAGS
    no_key = _NO_KEY
    # A frame: [container, path, pending key or no_key, key line, key column, is a mapping]
    stack: list[list[Any]] = []
    frame: list[Any] = [None, (), no_key, 0, 0, False]
    root: list[Any] = []
    documents = 0
    aliases_seen: set[str] = set()
    try:
        while True:
            event: Any = get_event()
            cls = event.__class__
            if cls is map_end or cls is seq_end:
                frame = stack.pop()
            elif cls is scalar_event or cls is map_start or cls is seq_start or cls is alias_event:
                mark = event.start_mark
                line = mark.line + 1
                column = mark.column + 1
                is_scalar = cls is scalar_event
                if (
                    cls is alias_event
                    or event.anchor is not None
                    or not (event.tag in allowed_tags or (not is_scalar and event.tag in _COLLECTION_TAGS))
                ):
                    _refuse(event, line, column, doc, aliases_seen)
                if frame[5] and frame[2] is no_key:  # a mapping waits for its next key
                    if is_scalar:
                        key = event.value
                        if key in frame[0]:
                            _duplicate_key(key, frame, line, column, doc)
                    else:
                        key = "\x00complex"
                        if cls is not alias_event:
                            doc.error(
                                line,
                                column,
                                "en nøgle må ikke være en liste eller mapping; forventede en tekst efterfulgt af ':'",
                            )
                            _skip_collection(get_event)
                    frame[2], frame[3], frame[4] = key, line, column
                    continue
                if is_scalar:
                    value = event.value
                    if not event.style and event.implicit[0]:
                        value = _typed(value)
                else:
                    value = {} if cls is map_start else [] if cls is seq_start else None
                container = frame[0]
                if frame[5]:
                    path = (*frame[1], frame[2])
                    container[frame[2]] = value
                    positions[path] = (frame[3], frame[4], line, column)
                    frame[2] = no_key
                elif stack:
                    path = (*frame[1], len(container))
                    container.append(value)
                    positions[path] = (line, column, line, column)
                else:
                    path = ()
                    root.append(value)
                    positions[path] = (line, column, line, column)
                if is_scalar or cls is alias_event:
                    continue
                if len(stack) >= MAX_DEPTH:
                    doc.error(
                        line,
                        column,
                        f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; forventede en flad struktur som i skabelonen",
                    )
                    return
                stack.append(frame)
                frame = [value, path, no_key, 0, 0, cls is map_start]
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    doc.error(
                        mark.line + 1,
                        mark.column + 1,
                        "filen indeholder mere end ét YAML-dokument ('---'); forventede ét dokument",
                    )
                    return
            elif cls is ev.StreamEndEvent or event is None:
                break
    except yaml.YAMLError as exc:
        _syntax_problem(exc, doc)
        return
    except RecursionError:  # pragma: no cover - the builder is iterative; kept as a guard
        doc.error(1, 1, f"strukturen er indlejret for dybt; forventede højst {MAX_DEPTH} niveauer")
        return
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    doc.data = root[0] if root else None
    doc.complete = True


def _refuse(event: Any, line: int, column: int, doc: Document, aliases_seen: set[str]) -> None:
    """Report an alias, an anchor or a tag (the first use of each alias name only)."""
    from yaml import events as ev

    doc.refused.add((line, column))
    if isinstance(event, ev.AliasEvent):
        if event.anchor not in aliases_seen:
            aliases_seen.add(str(event.anchor))
            doc.error(
                line,
                column,
                f"alias '*{event.anchor}' er ikke tilladt; kataloget bruger ikke ankre og aliaser — skriv værdien ud",
            )
        return
    if event.anchor is not None:
        doc.error(
            line,
            column,
            f"anker '&{event.anchor}' er ikke tilladt; kataloget bruger ikke ankre og aliaser — skriv værdien ud",
        )
    tag = event.tag
    if tag not in _ALLOWED_TAGS and not (not isinstance(event, ev.ScalarEvent) and tag in _COLLECTION_TAGS):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        doc.error(
            line,
            column,
            f"tagget '{shown}' er ikke tilladt; forventede almindelig tekst, tal, lister og mappings uden tags",
        )


def _duplicate_key(key: str, frame: list[Any], line: int, column: int, doc: Document) -> None:
    first = doc.positions.get((*frame[1], key))
    where = f" (første gang i linje {first[0]})" if first else ""
    doc.error(
        line,
        column,
        f"nøglen '{key}' står to gange i samme mapping{where}; forventede hver nøgle én gang — slet eller omdøb den ene",
    )


def _skip_collection(get_event: Any) -> None:
    """Consume the events of a collection whose start event was just read."""
    from yaml import events as ev

    depth = 1
    while depth:
        inner = get_event()
        if isinstance(inner, ev.CollectionStartEvent):
            depth += 1
        elif isinstance(inner, ev.CollectionEndEvent):
            depth -= 1


_NO_KEY = object()
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def find_cpr_numbers(doc: Document) -> None:
    """Report anything shaped like a Danish CPR number (ddmmyy-xxxx), comments included."""
    from katalog.model import CPR_PATTERN

    text = doc.text
    for candidate in _CPR_CANDIDATE.finditer(text):
        match = CPR_PATTERN.match(text, candidate.start())
        if match is None:
            continue
        line, column = _line_col(text, match.start())
        doc.error(
            line,
            column,
            "teksten ligner et CPR-nummer (ddmmåå-xxxx); kataloget offentliggør ingen personnumre — fjern det",
        )
