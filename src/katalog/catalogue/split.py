"""Split a large catalogue file into pieces that can be checked in parallel.

A catalogue is a top-level mapping whose ``initiatives`` key holds a block
sequence of records. The records are independent, so a big file can be cut at
the lines where an item begins (``  - `` at the sequence's indentation) and
each piece parsed on its own core. Each piece is parsed with blank lines in
front of it, so every line and column in its messages is the one in the file
(lines counted as the loader counts them: a lone CR ends a line too).

The split is only an optimisation: :func:`plan_split` returns ``None`` for any
layout it is not sure about (a flow sequence, two ``initiatives`` keys, too
few records), and a piece that does not parse cleanly on its own makes the
caller fall back to reading the whole file in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from katalog.catalogue.load import count_lines

_SECTION = re.compile(r"\ninitiatives[ ]*:[ ]*(?:#[^\n]*)?(?=\n|\Z)")
# Patterns begin with a literal newline so the regex engine can skip ahead quickly.
_TOP_LEVEL = re.compile(r"\n[^\s#]")
_TOP_LEVEL_NOT_ITEM = re.compile(r"\n[^\s#-]")
_FIRST_CONTENT = re.compile(r"^([ ]*)(\S)", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    """Records ``first_index``… of the sequence: ``text[start:end]``, starting on line ``first_line``."""

    first_index: int
    start: int
    end: int
    first_line: int


@dataclass(frozen=True)
class Plan:
    """The file without its records (same line count), and the record pieces."""

    head: str
    chunks: tuple[Chunk, ...]


def plan_split(text: str, parts: int, *, min_items_per_part: int = 50) -> Plan | None:
    """Cut the ``initiatives`` sequence into ``parts`` pieces of similar size, or ``None``."""
    sections = list(_SECTION.finditer("\n" + text))  # the newline lets line 1 match too
    if len(sections) != 1 or parts < 2:
        return None
    body = sections[0].end()  # (end in the prefixed text) - 1 + 1 for the line break
    first = _FIRST_CONTENT.search(text, body)
    while first is not None and first.group(2) == "#":
        first = _FIRST_CONTENT.search(text, text.find("\n", first.start()) + 1)
    if first is None or first.group(2) != "-" or text[first.end() : first.end() + 1] not in (" ", "\n"):
        return None
    indent = first.group(1)
    item = re.compile(rf"\n{indent}-(?=[ \n])")
    # The section ends at the next top-level key (a column-0 line that is not an item).
    top_level = (_TOP_LEVEL_NOT_ITEM if indent == "" else _TOP_LEVEL).search(text, first.start())
    end = top_level.start() + 1 if top_level else len(text)
    starts = [first.start()] + [m.start() + 1 for m in item.finditer(text, first.start(), end)]
    if len(starts) < parts * min_items_per_part:
        return None
    size = end - starts[0]
    cuts = [0]
    for part in range(1, parts):
        goal = starts[0] + size * part // parts
        index = _nearest(starts, goal)
        if index <= cuts[-1]:
            return None
        cuts.append(index)
    chunks = []
    line = count_lines(text, 0, starts[0]) + 1
    for n, first_item in enumerate(cuts):
        start = starts[first_item]
        stop = starts[cuts[n + 1]] if n + 1 < len(cuts) else end
        chunks.append(Chunk(first_item, start, stop, line))
        line += count_lines(text, start, stop)
    region = text[starts[0] : end]
    head = text[: starts[0]] + "\n" * count_lines(region) + text[end:]
    return Plan(head, tuple(chunks))


def piece(text: str, chunk: Chunk) -> str:
    """The text to parse for ``chunk``: padding, the ``initiatives:`` key, then its records."""
    return "\n" * (chunk.first_line - 2) + "initiatives:\n" + text[chunk.start : chunk.end]


def _nearest(starts: list[int], goal: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high) // 2
        if starts[middle] < goal:
            low = middle + 1
        else:
            high = middle
    return low
