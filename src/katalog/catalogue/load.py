"""Load a YAML file into plain data plus a map from key paths back to file positions.

The loader reads PyYAML's event stream (the C parser when available) and builds
the data itself, iteratively, so that it can:

* keep the line and column of every key and value (for compiler-style errors);
* treat scalars by YAML 1.2's core rules: ``no``, ``on``, ``2019-01-01`` and
  ``0755`` stay text; only ``true``/``false``, ``null``/``~`` and plain decimal
  numbers are typed;
* detect duplicate keys (PyYAML silently keeps the last one);
* refuse anchors and aliases (a "billion laughs" file costs nothing), tags such
  as ``!!python/object`` and the non-specific ``!``, multiple documents, and
  nesting deeper than :data:`MAX_DEPTH` (inside keys too);
* refuse what libyaml reads more leniently than YAML 1.2 (``{ ?key: v }``),
  numbers no catalogue needs (thousands of digits, ``1e999``), control
  characters and the line separators U+0085/U+2028/U+2029 (which YAML 1.1 and
  libyaml count as line breaks, YAML 1.2 and editors do not);
* refuse anything that is not a regular file before opening it, read at most
  :data:`MAX_BYTES` plus one byte, and refuse files that are not UTF-8 (a UTF-8
  BOM and CRLF or CR line ends are fine), tabs in indentation (tabs inside
  block and quoted scalars are fine).

Lines are counted as editors count them: ``\\n``, ``\\r\\n`` and a lone ``\\r``
end a line; columns count characters from 1. Positions found by scanning the
text come from a table of line starts (:class:`Lines`), so every scan is linear.

Problems come back as :class:`~katalog.problems.Problem` values; nothing here
prints or exits.

The stages live in their own modules: :mod:`~katalog.catalogue.positions` (the
:class:`Document`, key paths and line tables), :mod:`~katalog.catalogue.reading`
(regular files, size limits, encoding, characters), :mod:`~katalog.catalogue.yaml_events`
(data and positions from the event stream) and :mod:`~katalog.catalogue.yaml_syntax`
(messages for YAML that does not parse). This module is their public face.
"""

from __future__ import annotations

from pathlib import Path

from katalog.catalogue.positions import (
    Document,
    KeyPath,
    Lines,
    Position,
    SafeParser,
    character_name,
    count_lines,
    printable,
)
from katalog.catalogue.reading import (
    MAX_BYTES,
    MAX_REPORTED,
    UnreadableFile,
    display_path,
    read_bytes,
    read_file,
    read_regular_file,
)
from katalog.catalogue.yaml_events import MAX_DEPTH, MAX_NUMBER_CHARS, build, paused_gc

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "MAX_REPORTED",
    "Document",
    "KeyPath",
    "Lines",
    "Position",
    "SafeParser",
    "UnreadableFile",
    "build",
    "character_name",
    "count_lines",
    "display_path",
    "load_bytes",
    "load_file",
    "paused_gc",
    "printable",
    "read_bytes",
    "read_file",
    "read_regular_file",
]


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
