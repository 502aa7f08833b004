"""Plain data and positions from PyYAML's event stream, by YAML 1.2's core rules.

The builder reads the events of the C parser (when available) and builds the data
itself, iteratively, so that it can keep the line and column of every key and value;
treat ``no``, ``on``, ``2019-01-01`` and ``0755`` as text; detect duplicate keys; and
refuse anchors and aliases, tags, multiple documents, nesting deeper than
:data:`MAX_DEPTH` (inside keys too), ``{ ?key: v }`` and numbers no catalogue needs.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from katalog.catalogue.positions import Document, SafeParser, printable
from katalog.catalogue.yaml_syntax import syntax_problem

MAX_DEPTH = 40
# The longest plain number read as a number (sign, digits, point and exponent).
# No value in the catalogue needs more; Python refuses int() beyond 4,300 digits.
MAX_NUMBER_CHARS = 100

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset({None, _STR_TAG})
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def build(doc: Document) -> None:
    """Parse ``doc.text`` into ``doc.data`` and ``doc.positions``."""
    with paused_gc():
        build_data(doc.text, doc)


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


class _BadNumber(Exception):
    """A plain scalar shaped like a number that no catalogue value can be."""


def _typed(value: str) -> Any:
    """A plain scalar by YAML 1.2's core rules, stricter on numbers (``0755`` stays text)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[:1] in _NUMBER_START:
        if _INT.match(value):
            digits = len(value.lstrip("+-"))
            if digits > MAX_NUMBER_CHARS:
                raise _BadNumber(
                    f"tallet har {digits} cifre, men et tal i kataloget har højst {MAX_NUMBER_CHARS} cifre;"
                    " sæt værdien i anførselstegn, hvis den er en tekst"
                )
            return int(value)
        if _FLOAT.match(value):
            if len(value) > MAX_NUMBER_CHARS:
                raise _BadNumber(
                    f"tallet er {len(value)} tegn langt, men et tal i kataloget har højst {MAX_NUMBER_CHARS} tegn;"
                    " sæt værdien i anførselstegn, hvis den er en tekst"
                )
            number = float(value)
            if number in (_INFINITY, -_INFINITY):
                raise _BadNumber(
                    f"tallet {value} er for stort til, at kataloget kan regne med det; skriv et mindre tal,"
                    " eller sæt værdien i anførselstegn, hvis den er en tekst"
                )
            return number
    return value


_NUMBER_START = frozenset("0123456789+-.")
_INFINITY = float("inf")


def build_data(text: str, doc: Document) -> None:
    """Turn the event stream into Python data and positions (iteratively, so depth is bounded).

    This loop is the hot path of validation (one pass per event of the C parser),
    so it binds everything it touches to locals and keeps the rare cases (anchors,
    aliases, tags, complex keys, scalars in flow collections) out of the common branches.
    """
    from yaml import events as ev

    parser = SafeParser(text)
    get_event = parser.get_event
    scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
    map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
    map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
    positions = doc.positions
    allowed_tags = _ALLOWED_TAGS
    no_key, skip_value = _NO_KEY, _SKIP_VALUE
    # A frame: [container, path, pending key or no_key, key line, key column, is a mapping, is a flow collection]
    stack: list[list[Any]] = []
    frame: list[Any] = [None, (), no_key, 0, 0, False, False]
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
                if frame[6] and text[mark.index - 1 : mark.index] == "?":
                    _lenient_key(line, column, doc)
                if frame[5] and frame[2] is no_key:  # a mapping waits for its next key
                    if is_scalar:
                        key = event.value
                        if key in frame[0]:
                            _duplicate_key(key, frame, line, column, doc)
                    else:
                        key = skip_value  # a collection or an alias as a key: refuse it and its value
                        if cls is not alias_event:
                            doc.error(
                                line,
                                column,
                                "et feltnavn kan ikke være en liste eller en gruppe af felter; skriv et navn efterfulgt af ':'",
                            )
                            if not _skip_collection(get_event, len(stack) + 1, line, column, doc):
                                return
                    frame[2], frame[3], frame[4] = key, line, column
                    continue
                if frame[2] is skip_value:  # the value of a refused key
                    frame[2] = no_key
                    if (cls is map_start or cls is seq_start) and not _skip_collection(
                        get_event, len(stack) + 1, line, column, doc
                    ):
                        return
                    continue
                if is_scalar:
                    value = event.value
                    if not event.style and event.implicit[0] and event.tag is None:
                        try:
                            value = _typed(value)
                        except _BadNumber as bad:
                            doc.error(line, column, str(bad))
                            doc.refused.add((line, column))
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
                    _too_deep(line, column, doc)
                    return
                stack.append(frame)
                frame = [value, path, no_key, 0, 0, cls is map_start, frame[6] or bool(event.flow_style)]
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if event.version is not None or event.tags:
                    # '%YAML 1.1' would make yes/no/on booleans for every other YAML tool; the
                    # catalogue is read by YAML 1.2's rules only, so the file must not claim otherwise.
                    directive = "%YAML" if event.version is not None else "%TAG"
                    doc.error(
                        1,
                        1,
                        f"filen begynder med et {directive}-direktiv, men kataloget læses altid efter YAML 1.2; "
                        f"slet linjen med {directive} (og '---' under den)",
                    )
                    return
                if documents > 1:
                    mark = event.start_mark
                    doc.error(
                        mark.line + 1,
                        mark.column + 1,
                        "filen indeholder mere end ét YAML-dokument ('---'); slet linjen med '---', så filen er ét dokument",
                    )
                    return
            elif cls is ev.StreamEndEvent or event is None:
                break
    except yaml.YAMLError as exc:
        syntax_problem(exc, doc)
        return
    except RecursionError:  # pragma: no cover - the builder is iterative; kept as a guard
        doc.error(1, 1, f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; skriv den fladere, som i skabelonen")
        return
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    doc.data = root[0] if root else None
    doc.complete = True


def _too_deep(line: int, column: int, doc: Document) -> None:
    doc.error(
        line,
        column,
        f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; skriv den fladere, som i skabelonen",
    )


def _lenient_key(line: int, column: int, doc: Document) -> None:
    # libyaml reads '{ ?key: v }' as the key 'key'; YAML 1.2 (and the editors' tools) as the text '?key'.
    doc.refused.update({(line, column), (line, column - 1)})  # the value, and a mapping libyaml began at '?'
    doc.error(
        line,
        column - 1,
        "'?' lige foran en værdi i parenteser læses forskelligt af YAML-værktøjer (som tegn for et felt eller"
        " som tekst); skriv '? ' med mellemrum, fjern '?', eller sæt teksten i anførselstegn",
    )


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
                f"'*{printable(str(event.anchor))}' henviser til en værdi et andet sted i filen, men kataloget bruger ikke "
                "henvisninger; skriv værdien ud her, eller sæt teksten i anførselstegn, hvis '*' hører til teksten",
            )
        return
    if event.anchor is not None:
        doc.error(
            line,
            column,
            f"'&{printable(str(event.anchor))}' er et YAML-anker, som kataloget ikke bruger; slet det, "
            "eller sæt teksten i anførselstegn, hvis '&' hører til teksten",
        )
    tag = event.tag
    if tag == "!":
        doc.error(
            line,
            column,
            "'!' foran værdien får YAML-værktøjer til at læse den forskelligt (som tekst eller som tal);"
            " fjern '!', og sæt værdien i anførselstegn, hvis den er en tekst",
        )
    elif tag not in _ALLOWED_TAGS and not (not isinstance(event, ev.ScalarEvent) and tag in _COLLECTION_TAGS):
        shown = printable(str(tag).replace("tag:yaml.org,2002:", "!!"))
        doc.error(
            line,
            column,
            f"'{shown}' foran værdien er et YAML-tag, som kataloget ikke bruger; slet det, "
            "og skriv værdien som almindelig tekst, tal eller liste",
        )


def _duplicate_key(key: str, frame: list[Any], line: int, column: int, doc: Document) -> None:
    first = doc.positions.get((*frame[1], key))
    where = f" (første gang i linje {first[0]})" if first else ""
    doc.error(
        line,
        column,
        f"feltet '{printable(key)}' står to gange på samme sted{where}; slet det ene, eller giv det et andet navn",
    )


def _skip_collection(get_event: Any, depth: int, line: int, column: int, doc: Document) -> bool:
    """Consume the events of a collection whose start event (at nesting ``depth``) was just read.

    False (with the problem reported) when it nests deeper than :data:`MAX_DEPTH`:
    the parser is left there, so a key of 100,000 brackets costs no more than 40.
    """
    from yaml import events as ev

    if depth > MAX_DEPTH:
        _too_deep(line, column, doc)
        return False
    start, end = ev.CollectionStartEvent, ev.CollectionEndEvent
    level = 1
    while level:
        inner: Any = get_event()
        if isinstance(inner, start):
            level += 1
            if depth + level - 1 > MAX_DEPTH:
                mark: Any = inner.start_mark
                _too_deep(mark.line + 1, mark.column + 1, doc)
                return False
        elif isinstance(inner, end):
            level -= 1
        elif inner is None or isinstance(inner, ev.StreamEndEvent):  # pragma: no cover - the parser balances
            return False
    return True


_NO_KEY = object()
_SKIP_VALUE = object()
