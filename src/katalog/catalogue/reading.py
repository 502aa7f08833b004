"""From a path or bytes to checked text: regular files only, size limits, UTF-8, no control characters.

:func:`read_regular_file` is the one bounded way to read an input file, for every
module that reads one: anything that is not a regular file is refused before it is
opened, and at most :data:`MAX_BYTES` plus one byte is read. Files that are not UTF-8
(a UTF-8 BOM and CRLF or CR line ends are fine) and control characters, including the
line separators U+0085/U+2028/U+2029 (which YAML 1.1 and libyaml count as line breaks,
YAML 1.2 and editors do not), are reported at their places.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from katalog.catalogue.positions import Document, Lines, character_name, printable
from katalog.language import grammar
from katalog.problems import KatalogError, Problem

MAX_BYTES = 64 * 1024 * 1024
# How many places one scan reports (control characters, tabs) before it sums up the rest.
MAX_REPORTED = 1000

_CONTENT_LINE = re.compile(r"(?:\A|[\r\n])[ \t]*[^\s#]")
# Characters YAML does not allow (C0 and C1 controls but tab, LF, CR; DEL; the
# non-characters U+FFFE/U+FFFF), and the line separators NEL, LS and PS, which
# libyaml reads as line breaks and YAML 1.2 (and editors) as ordinary characters.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LINE_SEPARATORS = frozenset("\x85\u2028\u2029")


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
        raise UnreadableFile(
            name, "stien indeholder et nultegn (U+0000); skriv stien til YAML-filen uden det"
        ) from None
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
        what = "en pipe (FIFO)"
    elif stat.S_ISCHR(mode):
        what = "en tegnenhed (som /dev/zero eller en terminal)"
    elif stat.S_ISBLK(mode):
        what = "en blokenhed (en disk)"
    elif stat.S_ISSOCK(mode):
        what = "en socket"
    else:  # pragma: no cover - door files and the like
        what = "en særlig fil"
    raise UnreadableFile(name, f"stien er {what} og ikke en almindelig fil; angiv stien til YAML-filen")


def _os_reason(exc: OSError, path: Path) -> str:
    """A Danish reason for an error of the operating system while opening or reading ``path``."""
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return "stien er et symbolsk link til en fil, der ikke findes; ret linket, eller angiv stien til YAML-filen selv"
        return "filen findes ikke; ret stien, eller opret filen"
    if code == errno.ELOOP:
        return "stien indeholder en løkke af symbolske links; ret linkene, så stien fører til en YAML-fil"
    if code == errno.ENAMETOOLONG:
        return "stien er for lang til filsystemet; flyt YAML-filen, så stien bliver kortere"
    if code in (errno.EACCES, errno.EPERM):
        return "filen må ikke læses (adgang nægtet); giv læseadgang til filen og til mapperne over den"
    if code == errno.ENOTDIR:
        return "en del af stien er en fil og ikke en mappe; ret stien til YAML-filen"
    if code == errno.EISDIR:
        return "stien er en mappe og ikke en almindelig fil; angiv stien til YAML-filen"
    if code == errno.EIO:
        return "filen kan ikke læses på grund af en fejl på disken; prøv igen, eller kopier filen et andet sted hen"
    if code in (errno.ENXIO, errno.ENODEV, errno.EOPNOTSUPP):
        return "stien er ikke en almindelig fil; angiv stien til YAML-filen"
    name = errno.errorcode.get(code, str(code)) if code is not None else "ukendt"
    return f"filen kan ikke læses (systemfejl {name}); tjek, at filen findes og kan læses, og prøv igen"


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
        doc.error(1, 1, "filen er tom; skriv 'initiatives:' og en liste af indsatser under det, som i skabelonen")
        return doc
    doc.ready = True
    return doc


def _too_big(size: int, limit: int, *, more: bool = False) -> str:
    found = f"mere end {_mb(limit)}" if more else _mb(size)
    return f"filen er {found} stor, men grænsen er {_mb(limit)}; del kataloget op, eller fjern overflødigt indhold"


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
        doc.error(
            1, 1, f"filen er gemt som {encoding}, men kataloget læser kun UTF-8; gem filen igen med tegnsættet UTF-8"
        )
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
            f"filen er ikke gyldig UTF-8 (byte 0x{byte}); gem filen igen med tegnsættet UTF-8 (den er måske gemt som Windows-1252 eller Latin-1)",
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
        doc.error(line, column, character_message(match.group()))
    if found > MAX_REPORTED:
        doc.error(*doc.locate(len(doc.text)), more_not_shown(found - MAX_REPORTED, "tegn af den slags"))
    return found > 0


def character_message(char: str) -> str:
    if char in _LINE_SEPARATORS:
        return (
            f"filen indeholder tegnet {character_name(char)}, som nogle YAML-værktøjer læser som linjeskift og andre ikke;"
            " erstat det med et almindeligt linjeskift eller et mellemrum"
        )
    return f"filen indeholder kontroltegnet {character_name(char)}, som YAML ikke tillader; fjern det"


def more_not_shown(count: int, what: str) -> str:
    return f"og {grammar.number(count)} {what} mere, som ikke er vist hver for sig; ret dem ovenfor, og kør igen"
