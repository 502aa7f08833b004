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
prints or exits. :func:`read_regular_file` is the one bounded way to read an
input file, for every module that reads one.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from katalog.problems import KatalogError, Problem

try:  # libyaml is part of PyYAML's wheels; the pure-Python parser is a fallback.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on the installed wheel
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 40
# The longest plain number read as a number (sign, digits, point and exponent).
# No value in the catalogue needs more; Python refuses int() beyond 4,300 digits.
MAX_NUMBER_CHARS = 100
# How many places one scan reports (control characters, tabs) before it sums up the rest.
MAX_REPORTED = 1000

# A position: (key line, key column, value line, value column), all 1-based.
Position = tuple[int, int, int, int]
KeyPath = tuple[str | int, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
# The first tab in a line's leading whitespace (the match ends just after it).
_TAB_INDENT = re.compile(r"(?:\A|[\r\n])[ ]*\t")
_CONTENT_LINE = re.compile(r"(?:\A|[\r\n])[ \t]*[^\s#]")
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Characters YAML does not allow (C0 and C1 controls but tab, LF, CR; DEL; the
# non-characters U+FFFE/U+FFFF), and the line separators NEL, LS and PS, which
# libyaml reads as line breaks and YAML 1.2 (and editors) as ordinary characters.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LINE_SEPARATORS = frozenset("\x85\u2028\u2029")
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = frozenset({None, _STR_TAG})
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

_CHARACTER_NAMES = {
    0x00: "nultegn",
    0x07: "klokke",
    0x08: "backspace",
    0x0B: "lodret tabulator",
    0x0C: "sideskift",
    0x1B: "escape",
    0x7F: "delete",
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


class UnreadableFile(KatalogError):
    """A path that is not a regular file one may read, or one larger than the limit.

    ``reason`` is the Danish message; ``problem`` places it at 1:1 of the file.
    The CLI prints the problem and ``katalog: FILE kan ikke læses``.
    """

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        self.problem = Problem(name, 1, 1, "error", reason)
        super().__init__(f"{name} kan ikke læses", [self.problem], exit_code=1)


def display_path(path: Path) -> str:
    """The file name as messages show it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
        shown = relative if not relative.startswith("..") else str(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        shown = str(path)
    return printable(shown, limit=4096)


def read_regular_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``limit`` bytes.

    Anything else (a directory, a named pipe, a device such as ``/dev/zero``, a
    socket, a missing file, a symlink loop, a path too long, no permission, a
    file over the limit) raises :class:`UnreadableFile` with a Danish reason,
    before anything is read: the file type is checked before opening, the file
    is opened without blocking and checked again (it may have been swapped), and
    at most ``limit + 1`` bytes are read, whatever ``stat`` says the size is.
    """
    name = display_path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc, path)) from None
    except ValueError:  # a NUL byte in the path
        raise UnreadableFile(name, "stien indeholder et nultegn (U+0000); forventede en almindelig filsti") from None
    _check_regular(name, info, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc, path)) from None
    try:
        info = os.fstat(handle)
        _check_regular(name, info, limit)
        chunks = [os.read(handle, min(limit + 1, max(info.st_size + 1, 64 * 1024)))]
        total = len(chunks[0])
        while chunks[-1] and total <= limit:  # the file grew, or stat does not know its size (/proc)
            chunks.append(os.read(handle, min(limit + 1 - total, 1024 * 1024)))
            total += len(chunks[-1])
    except OSError as exc:
        raise UnreadableFile(name, _os_reason(exc, path)) from None
    finally:
        os.close(handle)
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(raw) > limit:
        raise UnreadableFile(name, _too_big(len(raw), limit, more=True))
    return raw


def _check_regular(name: str, info: os.stat_result, limit: int) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if info.st_size > limit:
            raise UnreadableFile(name, _too_big(info.st_size, limit))
        return
    if stat.S_ISDIR(mode):
        what = "en mappe"
    elif stat.S_ISFIFO(mode):
        what = "en pipe (FIFO), ikke en almindelig fil"
    elif stat.S_ISCHR(mode):
        what = "en tegnenhed (som /dev/zero eller en terminal), ikke en almindelig fil"
    elif stat.S_ISBLK(mode):
        what = "en blokenhed (en disk), ikke en almindelig fil"
    elif stat.S_ISSOCK(mode):
        what = "en socket, ikke en almindelig fil"
    else:  # pragma: no cover - door files and the like
        what = "ikke en almindelig fil"
    raise UnreadableFile(name, f"stien er {what}; forventede en YAML-fil")


def _os_reason(exc: OSError, path: Path) -> str:
    """A Danish reason for an error of the operating system while opening or reading ``path``."""
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return "stien er et symbolsk link til en fil, der ikke findes; ret linket, eller angiv YAML-filen selv"
        return f"filen findes ikke; forventede en YAML-fil på stien {printable(str(path), limit=4096)}"
    if code == errno.ELOOP:
        return "stien indeholder en løkke af symbolske links; ret linkene, så stien fører til en YAML-fil"
    if code == errno.ENAMETOOLONG:
        return "stien er for lang til filsystemet; forventede en kortere sti til en YAML-fil"
    if code in (errno.EACCES, errno.EPERM):
        return "filen må ikke læses (adgang nægtet); giv læseadgang til filen og til mapperne over den"
    if code == errno.ENOTDIR:
        return "en del af stien er en fil og ikke en mappe; ret stien til YAML-filen"
    if code == errno.EISDIR:
        return "stien er en mappe; forventede en YAML-fil"
    if code == errno.EIO:
        return "filen kan ikke læses på grund af en fejl på disken; prøv igen, eller kopier filen et andet sted hen"
    if code in (errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
        return "stien er ikke en almindelig fil; forventede en YAML-fil"
    name = errno.errorcode.get(code, str(code)) if code is not None else "ukendt"
    return f"filen kan ikke læses (systemfejl {name}); forventede en læsbar YAML-fil"


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
    """Read ``path`` (a regular file within the limit) and check its bytes; :func:`build` parses it."""
    try:
        raw = read_regular_file(path)
    except UnreadableFile as exc:
        doc = Document(exc.name)
        doc.problems.append(exc.problem)
        return doc
    return read_bytes(raw, display_path(path))


def read_bytes(raw: bytes, name: str) -> Document:
    """Decode ``raw`` and check size, encoding, emptiness and characters; ``doc.ready`` says whether to parse."""
    doc = Document(name)
    if len(raw) > MAX_BYTES:
        doc.error(1, 1, _too_big(len(raw), MAX_BYTES))
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    doc.text = text
    if _forbidden_characters(doc):
        return doc
    if _CONTENT_LINE.search(text) is None:
        doc.error(1, 1, "filen er tom; forventede YAML med nøglen 'initiatives' og en liste af indsatser")
        return doc
    doc.ready = True
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


def _too_big(size: int, limit: int, *, more: bool = False) -> str:
    found = f"mere end {_mb(limit)}" if more else _mb(size)
    return f"filen er {found} stor; grænsen er {_mb(limit)} — del kataloget op eller fjern overflødigt indhold"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


# Encodings told apart by their first bytes, as YAML 1.2 (section 5.2) does it.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    for bom, encoding in _WIDE_ENCODINGS:
        if raw.startswith(bom):
            return encoding
    head = raw[:4]
    if len(head) == 4 and (head[:3] == b"\x00\x00\x00" or head[1:] == b"\x00\x00\x00"):
        return "UTF-32 (uden BOM)"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        return "UTF-16 (uden BOM)"
    return None


def _decode(raw: bytes, doc: Document) -> str | None:
    encoding = _wide_encoding(raw)
    if encoding is not None:
        doc.error(1, 1, f"filen er gemt som {encoding}; forventede UTF-8 — gem filen igen med tegnsættet UTF-8")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, column = Lines(before).locate(len(before))
        byte = raw[exc.start : exc.start + 1].hex()
        doc.error(
            line,
            column,
            f"filen er ikke gyldig UTF-8 (byte 0x{byte}); forventede UTF-8 — gem filen igen med tegnsættet UTF-8 (fx fra Windows-1252/Latin-1)",
        )
        return None


def _forbidden_characters(doc: Document) -> bool:
    """Report control characters and line separators at their places; True if there were any."""
    found = 0
    for match in _FORBIDDEN_CHARACTER.finditer(doc.text):
        found += 1
        if found > MAX_REPORTED:
            continue
        line, column = doc.locate(match.start())
        doc.error(line, column, _character_message(match.group()))
    if found > MAX_REPORTED:
        doc.error(*doc.locate(len(doc.text)), _more(found - MAX_REPORTED, "tegn af den slags"))
    return found > 0


def _character_message(char: str) -> str:
    if char in _LINE_SEPARATORS:
        return (
            f"filen indeholder tegnet {character_name(char)}, som nogle YAML-værktøjer læser som linjeskift og andre ikke;"
            " erstat det med et almindeligt linjeskift eller et mellemrum"
        )
    return f"filen indeholder kontroltegnet {character_name(char)}, som YAML ikke tillader; fjern det"


def _more(count: int, what: str) -> str:
    return f"og {count} {what} mere, som ikke er vist hver for sig; ret dem ovenfor, og kør igen"


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
    (
        "found invalid Unicode character escape code",
        "en \\u- eller \\U-kode i en tekst i dobbelte anførselstegn er ikke et gyldigt tegn; skriv tegnet direkte",
    ),
    (
        "found incompatible YAML document",
        "filen begynder med et %YAML-direktiv; kataloget læses altid efter YAML 1.2 — slet linjen med %YAML",
    ),
    (
        "directive",
        "et direktiv (en linje, der begynder med %) kan ikke læses; kataloget bruger ingen direktiver — slet linjen",
    ),
    ("control characters are not allowed", "filen indeholder kontroltegn, som YAML ikke tillader; fjern dem"),
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
_TAB_MESSAGE = "tabulatortegn i indrykningen; YAML kræver mellemrum — erstat tabulatoren med mellemrum"


# A 'key: "value' line; the group is the opening quote.
_OPEN_QUOTE = re.compile(r"""(?:^|(?<=\r))[ ]*(?:- )?[^\s:#'"][^:#\r\n]*:[ ]+(["'])""", re.MULTILINE)


def _unclosed_quote(doc: Document, before_line: int) -> tuple[int, int] | None:
    """The first 'key: "value' line (before the error) whose quote is not closed on that line."""
    text = doc.text
    lines = doc.lines
    end = lines.start(before_line + 1) if before_line < len(lines) else len(text)
    for match in _OPEN_QUOTE.finditer(text, 0, end):
        newline = text.find("\n", match.end())
        line_end = len(text) if newline < 0 else newline
        carriage = text.find("\r", match.end(), line_end)
        if carriage >= 0:
            line_end = carriage
        if text.find(match.group(1), match.end(), line_end) < 0:
            return doc.locate(match.start(1))
    return None


def _syntax_problem(exc: yaml.YAMLError, doc: Document) -> None:
    if isinstance(exc, ReaderError):
        # Not expected (forbidden characters are refused before parsing), but placed exactly if it happens.
        index = exc.position if isinstance(exc.position, int) else 0
        char = chr(exc.character) if isinstance(exc.character, int) else "?"
        doc.error(*doc.locate(min(index, len(doc.text))), _character_message(char))
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", "") or exc)
    problem_mark = getattr(exc, "problem_mark", None)
    if problem_mark is not None and doc.text[problem_mark.index : problem_mark.index + 1] == "\t":
        _tab_problems(doc, problem_mark.index)
        return
    unclosed = _unclosed_quote(doc, line - 1)
    if unclosed is not None:
        doc.error(
            *unclosed,
            "ugyldig YAML: en tekst i anførselstegn begynder her, men lukkes ikke på samme linje; tilføj det afsluttende anførselstegn",
        )
        return
    context = str(getattr(exc, "context", "") or "")
    opened = getattr(exc, "context_mark", None)
    if opened is not None and context.startswith("while parsing a flow"):
        # An unclosed [ or { is noticed lines later; point at the bracket itself.
        line, column = opened.line + 1, opened.column + 1
    advice = _indentation_advice(doc, problem, context, line, column, opened)
    if advice is not None:
        doc.error(*advice)
        return
    for needle, danish in _SYNTAX_HINTS:
        if needle in problem or (needle.startswith("while") and needle in context):
            doc.error(line, column, f"ugyldig YAML: {danish}")
            return
    # libyaml's own words are English: they never reach the editor, the position does.
    doc.error(line, column, "ugyldig YAML på dette sted; tjek anførselstegn, kolon og indrykning her og i linjen over")


# A line that begins with 'key:' (perhaps after list dashes): its indentation, dashes and key.
_KEY_LINE = re.compile(r"([ ]*)((?:-[ ]+)*)([\w-]+):(?=[ ]|$)")
# A 'key: |' or 'key: >-' line: a block text follows on the lines below.
_BLOCK_HEADER = re.compile(r"[ ]*(?:-[ ]+)*([\w-]+):[ ]+([|>])[+-]?[1-9]?[+-]?[ ]*(?:#.*)?$")
_Advice = tuple[int, int, str]


def _line_text(doc: Document, line: int) -> str:
    """Line ``line`` (1-based) of the document, without its line break."""
    lines = doc.lines
    if not 1 <= line <= len(lines):
        return ""
    end = lines.start(line + 1) if line < len(lines) else len(doc.text)
    return doc.text[lines.start(line) : end].rstrip("\r\n")


def _previous_content_line(doc: Document, line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        stripped = _line_text(doc, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _key_column(text: str) -> tuple[int, int, str] | None:
    """The 1-based column where a 'key:' line's entry begins (its dash or key), its key's column, and the key."""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    return len(match.group(1)) + 1, len(match.group(1)) + len(match.group(2)) + 1, match.group(3)


def _open_levels(doc: Document, line: int) -> list[tuple[int, str]]:
    """The key columns of the mappings still open above ``line``, deepest first, each with the nearest key there."""
    levels: list[tuple[int, str]] = []
    limit = 1 << 30
    for number in range(line - 1, 0, -1):
        found = _key_column(_line_text(doc, number))
        if found is None:
            continue
        entry, key_column, key = found
        if key_column < limit:
            levels.append((key_column, key))
        limit = min(limit, entry)
        if limit <= 1:
            break
    return levels


def _parses_past(doc: Document, line: int, new_line: str) -> bool:
    """Whether the document, with ``line`` replaced by ``new_line``, parses beyond that line."""
    lines = doc.lines
    end = lines.start(line + 1) if line < len(lines) else len(doc.text)
    ending = doc.text[lines.start(line) : end][len(_line_text(doc, line)) :]
    text = doc.text[: lines.start(line)] + new_line + ending + doc.text[end:]
    parser = _Parser(text)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark is not None and mark.line + 1 > line
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return True


def _indentation_advice(
    doc: Document, problem: str, context: str, line: int, column: int, opened: Any
) -> _Advice | None:
    """A message for a line indented too far or too little that names the likely fix, or ``None``.

    libyaml's own words mislead here: a key indented too little under a list item reads as
    "expected '-'" (adding one makes it worse), a key indented too far reads as a colon in a
    text, and block text not indented under ``key: |`` is noticed where the text ends.
    """
    if "could not find expected ':'" in problem and "simple key" in context and opened is not None:
        return _unindented_text(doc, opened.line + 1, opened.column + 1)
    text = _line_text(doc, line)
    found = _key_column(text)
    if found is None:
        return None
    entry, key_column, key = found
    above = _previous_content_line(doc, line)
    above_key = _key_column(_line_text(doc, above)) if above is not None else None
    if "mapping values are not allowed" in problem:
        # The colon right after a line's first word: the key was read as more of the text above.
        if above_key is None or column != key_column + len(key) or key_column <= above_key[1]:
            return None
        return (
            line,
            entry,
            f"ugyldig YAML: '{key}' er rykket længere ind end '{above_key[2]}' i linjen over, så den læses som "
            f"en del af teksten dér; ryk '{key}' ud til kolonne {above_key[1]}, så den står lige under '{above_key[2]}'",
        )
    if problem not in ("did not find expected key", "did not find expected '-' indicator") or column != entry:
        return None
    levels = _open_levels(doc, line)
    deeper = [level for level in levels if level[0] > key_column]
    shallower = [level for level in levels if level[0] < key_column]
    options = [
        (word, level)
        for word, level in (("ind", deeper[-1] if deeper else None), ("ud", shallower[0] if shallower else None))
        if level is not None
        and _parses_past(doc, line, " " * (level[0] - 1 - (key_column - entry)) + text[entry - 1 :])
    ]
    if not options:
        return (
            line,
            entry,
            f"ugyldig YAML: '{key}' står i kolonne {key_column} og passer ikke med linjerne over; "
            "nøgler, der hører sammen, skal stå lige under hinanden",
        )
    fixes = [f"{word} til kolonne {level[0]}" for word, level in options]
    if len(fixes) == 1:
        choice = f"{fixes[0]}, så den står lige under '{options[0][1][1]}'"
    else:
        choice = (
            f"{fixes[0]} (under '{options[0][1][1]}') eller {fixes[1]} (under '{options[1][1][1]}'), "
            "alt efter hvad den hører til"
        )
    return (
        line,
        entry,
        f"ugyldig YAML: '{key}' står i kolonne {key_column} og passer ikke med linjerne over; ryk den {choice}",
    )


def _unindented_text(doc: Document, line: int, column: int) -> _Advice:
    """Where a line that is neither 'key: value' nor a list item begins, and why it may be there."""
    above = _previous_content_line(doc, line)
    header = _BLOCK_HEADER.match(_line_text(doc, above)) if above is not None else None
    if header is None:
        return line, column, f"ugyldig YAML: {_SYNTAX_HINTS[1][1]}"
    key, indicator = header.group(1), header.group(2)
    key_column = _line_text(doc, above or 0).index(key) + 1
    return (
        line,
        column,
        f"ugyldig YAML: teksten under '{key}: {indicator}' skal rykkes længere ind end '{key}'; "
        f"ryk hver linje i teksten ind til kolonne {key_column + 2}",
    )


def _tab_problems(doc: Document, refused_at: int) -> None:
    """Report the tab libyaml stopped at and every other tab in indentation outside a scalar.

    libyaml stops at the first tab it cannot accept. To report the others in the
    same pass, the text is parsed once more with every line that has a tab in its
    leading whitespace blanked out (spaces, so the indices stay): a tab on such a
    line is content when the line lies inside a scalar that spans lines (in a
    ``|``/``>`` block, with at least the block's indentation before the tab; in a
    quoted or folded text, with more of the text after it); any other is indentation.
    """
    text = doc.text
    candidates = [match.end() - 1 for match in _TAB_INDENT.finditer(text)]
    neutral = _LINE_WITH_TAB_INDENT.sub(lambda match: " " * len(match.group()), text)
    spans, stopped = _multi_line_scalars(neutral)
    starts = [span[0] for span in spans]
    tabs = {refused_at}
    for index in candidates:
        if index > stopped:
            break  # past what the second parse could read: no guessing
        found = bisect_right(starts, index) - 1
        if found < 0 or not _inside(spans[found], index, text):
            tabs.add(index)
    for count, index in enumerate(sorted(tabs)):
        if count == MAX_REPORTED:
            doc.error(*doc.locate(index), _more(len(tabs) - MAX_REPORTED, "tabulatortegn i indrykningen"))
            break
        doc.error(*doc.locate(index), _TAB_MESSAGE)


# A scalar that spans lines: start, end, end of its last content, indentation of a block (-1: not a block).
_Span = tuple[int, int, int, int]
_LINE_WITH_TAB_INDENT = re.compile(r"(?:\A|(?<=[\r\n]))[ ]*\t[^\r\n]*")
_FIRST_CONTENT_INDENT = re.compile(r"[\r\n]+([ ]*)(?=[^ \r\n])")


def _inside(span: _Span, index: int, text: str) -> bool:
    start, end, last_content, indent = span
    if not start < index < end:
        return False
    if indent < 0:
        return index < last_content
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return index - line_start >= indent


def _multi_line_scalars(text: str) -> tuple[list[_Span], int]:
    """The scalars that span lines, and the index the parse got to."""
    spans: list[_Span] = []
    parser = _Parser(text)
    scalar_event = yaml.events.ScalarEvent
    try:
        while True:
            event: Any = parser.get_event()
            if event is None or isinstance(event, yaml.events.StreamEndEvent):
                return spans, len(text)
            if event.__class__ is scalar_event:
                first: Any = event.start_mark
                last: Any = event.end_mark
                if first.line != last.line:
                    body = text[first.index : last.index]
                    indent = -1
                    if event.style in ("|", ">"):
                        content = _FIRST_CONTENT_INDENT.search(body)
                        indent = len(content.group(1)) if content else 0
                    spans.append((first.index, last.index, first.index + len(body.rstrip()), indent))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return spans, mark.index if mark is not None else 0
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


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
                    f"tallet har {digits} cifre; et tal i kataloget har højst {MAX_NUMBER_CHARS} cifre"
                    " — sæt værdien i anførselstegn, hvis den er tekst"
                )
            return int(value)
        if _FLOAT.match(value):
            if len(value) > MAX_NUMBER_CHARS:
                raise _BadNumber(
                    f"tallet er {len(value)} tegn langt; et tal i kataloget har højst {MAX_NUMBER_CHARS} tegn"
                    " — sæt værdien i anførselstegn, hvis den er tekst"
                )
            number = float(value)
            if number in (_INFINITY, -_INFINITY):
                raise _BadNumber(
                    f"tallet {value} er for stort til at være et endeligt tal; forventede et almindeligt tal"
                    " — sæt værdien i anførselstegn, hvis den er tekst"
                )
            return number
    return value


_NUMBER_START = frozenset("0123456789+-.")
_INFINITY = float("inf")


def _build(text: str, doc: Document) -> None:
    """Turn the event stream into Python data and positions (iteratively, so depth is bounded).

    This loop is the hot path of validation (one pass per event of the C parser),
    so it binds everything it touches to locals and keeps the rare cases (anchors,
    aliases, tags, complex keys, scalars in flow collections) out of the common branches.
    """
    from yaml import events as ev

    parser = _Parser(text)
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
                                "en nøgle må ikke være en liste eller mapping; forventede en tekst efterfulgt af ':'",
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
                        f"filen begynder med et {directive}-direktiv; kataloget læses altid efter YAML 1.2 "
                        f"— slet linjen med {directive} (og '---' under den)",
                    )
                    return
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


def _too_deep(line: int, column: int, doc: Document) -> None:
    doc.error(
        line,
        column,
        f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; forventede en flad struktur som i skabelonen",
    )


def _lenient_key(line: int, column: int, doc: Document) -> None:
    # libyaml reads '{ ?key: v }' as the key 'key'; YAML 1.2 (and the editors' tools) as the text '?key'.
    doc.refused.update({(line, column), (line, column - 1)})  # the value, and a mapping libyaml began at '?'
    doc.error(
        line,
        column - 1,
        "'?' lige foran en værdi i parenteser læses forskelligt af YAML-værktøjer (som nøgletegn eller som tekst);"
        " skriv '? ' med mellemrum, fjern '?', eller sæt teksten i anførselstegn",
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
                f"alias '*{printable(str(event.anchor))}' er ikke tilladt; kataloget bruger ikke ankre og aliaser — skriv værdien ud",
            )
        return
    if event.anchor is not None:
        doc.error(
            line,
            column,
            f"anker '&{printable(str(event.anchor))}' er ikke tilladt; kataloget bruger ikke ankre og aliaser — skriv værdien ud",
        )
    tag = event.tag
    if tag == "!":
        doc.error(
            line,
            column,
            "tagget '!' er ikke tilladt; YAML-værktøjer læser værdien forskelligt (som tekst eller som tal)"
            " — fjern '!', og sæt værdien i anførselstegn, hvis den er tekst",
        )
    elif tag not in _ALLOWED_TAGS and not (not isinstance(event, ev.ScalarEvent) and tag in _COLLECTION_TAGS):
        shown = printable(str(tag).replace("tag:yaml.org,2002:", "!!"))
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
        f"nøglen '{printable(key)}' står to gange i samme mapping{where}; forventede hver nøgle én gang — slet eller omdøb den ene",
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
