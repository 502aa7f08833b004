"""Where things are in a YAML file: key paths, line tables and the loaded :class:`Document`.

Lines are counted as editors count them: ``\\n``, ``\\r\\n`` and a lone ``\\r``
end a line; columns count characters from 1. Positions found by scanning the
text come from a table of line starts (:class:`Lines`), so every scan is linear.
:data:`SafeParser` is the one YAML parser every reader of the catalogue uses, so
they all count positions the same way.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from katalog.problems import Problem

try:  # libyaml is part of PyYAML's wheels; the pure-Python parser is a fallback.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on the installed wheel
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]
# The loader, the scaffold and the comment keeper all parse with this one.
SafeParser = _Parser

# A position: (key line, key column, value line, value column), all 1-based.
Position = tuple[int, int, int, int]
KeyPath = tuple[str | int, ...]

_LINE_BREAK = re.compile(r"\r\n?|\n")

_CHARACTER_NAMES = {
    0x00: "nultegn",
    0x07: "klokke",
    0x08: "tilbage-tegn, BS",
    0x0B: "lodret tabulator",
    0x0C: "sideskift",
    0x1B: "ESC-tegn",
    0x7F: "slettetegn, DEL",
    0x85: "næste linje, NEL",
    0x2028: "linjeseparator",
    0x2029: "afsnitsseparator",
    0xFFFE: "ikke et tegn",
    0xFFFF: "ikke et tegn",
}
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Unicode categories a terminal must not receive raw: controls, format characters
# (bidirectional overrides, zero-width characters), surrogates, line and paragraph separators.
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def printable(text: str, limit: int = 80) -> str:
    """``text`` safe to quote in a message: control and format characters as visible escapes.

    A key or value from the file may carry an escape sequence (``\\x1b]0;…``), a
    bidirectional override or a line break; in a message they would act on the
    terminal or break the ``FILE:LINE:COL`` line. They are shown as ``\\x1b``,
    ``\\u202e``, ``\\n``. Text longer than ``limit`` characters is cut with "…".
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif unicodedata.category(char) in _UNPRINTABLE_CATEGORIES:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def character_name(char: str) -> str:
    """A character as messages name it: ``U+001B (escape)``."""
    code = ord(char)
    name = _CHARACTER_NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


class Lines:
    """A table of line starts for ``text``: character index to (line, column) by bisection.

    Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r``, as editors count them
    (and as libyaml does once U+0085/U+2028/U+2029 are refused).
    """

    def __init__(self, text: str) -> None:
        if "\r" in text:
            starts = array("q", [0])
            starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        else:
            starts = array("q", accumulate((len(part) + 1 for part in text.split("\n")), initial=0))
            starts.pop()  # the position after the last line
        self.starts = starts

    def locate(self, index: int) -> tuple[int, int]:
        """Line and column (1-based) of the character at ``index``."""
        line = bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def start(self, line: int) -> int:
        """The index where ``line`` (1-based) begins."""
        return self.starts[min(max(line, 1), len(self.starts)) - 1]

    def __len__(self) -> int:
        return len(self.starts)


def count_lines(text: str, start: int = 0, stop: int | None = None) -> int:
    """How many line breaks ``text[start:stop]`` holds (``\\r\\n`` counts once)."""
    end = len(text) if stop is None else stop
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


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
    _lines: Lines | None = field(default=None, repr=False, compare=False)
    _lines_of: str | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def lines(self) -> Lines:
        """The line table of :attr:`text` (built on first use, rebuilt if the text is replaced)."""
        if self._lines is None or self._lines_of is not self.text:
            self._lines, self._lines_of = Lines(self.text), self.text
        return self._lines

    def locate(self, index: int) -> tuple[int, int]:
        """Line and column of the character at ``index`` of :attr:`text`."""
        return self.lines.locate(index)

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
