"""Put the data file in its canonical layout without losing data or comments (``katalog fmt``).

The canonical layout: keys in the order of the record model's fields (unknown keys last, in
their own order); block style with two spaces of indentation and sequences indented under their
key (``  - ``); literal and folded text kept exactly as written (never rewrapped); other text
plain where that is safe and in double quotes where it is not (a date, ``no``/``yes``/``on``,
``0755``, text with ``: ``; single quotes for text holding a double quote); numbers as Python
writes them and ``null`` written out; one blank line between top-level sections and between
records; LF line ends, UTF-8 without BOM, a final newline, and the
``# yaml-language-server: $schema=…`` modeline as the first line.

ruamel.yaml reads the file (it keeps block scalars and their folds as written) and writes the
canonical tree; :mod:`katalog.editing.yaml_comments` ties the comments to their nodes and puts them back.
The project's own loader (YAML 1.2 scalars, :mod:`katalog.catalogue.load`) decides what the data is and
judges the result: it must load to exactly the same data and hold every comment, or nothing is
written and :class:`~katalog.problems.KatalogError` is raised.
"""

from __future__ import annotations

import difflib
import itertools
import math
import os
from collections import Counter
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from katalog.catalogue.fields import field_facts
from katalog.catalogue.library_words import yaml_message
from katalog.catalogue.load import Document, build, read_bytes, read_file
from katalog.catalogue.model import Catalogue
from katalog.catalogue.reference import find_root
from katalog.editing.yaml_comments import MODELINE, Comments, attach_comments, place_comments, scan_comments
from katalog.files import os_failure, write_atomic, writer_lock
from katalog.problems import KatalogError

SCHEMA_FILE = Path("schema") / "initiatives.schema.json"
_Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
# Characters libyaml counts as line breaks; text holding them is written in double quotes (escaped).
_ODD_BREAKS = frozenset("\x85\u2028\u2029")


@dataclass(frozen=True)
class FormatResult:
    """What ``katalog fmt`` found: whether the file differs from its canonical layout, and how."""

    changed: bool
    # A unified diff from the file as it is to its canonical layout ('' when only notes differ).
    diff: str
    # Differences a diff does not show: a BOM, Windows line ends.
    notes: tuple[str, ...] = ()


def format_file(path: Path, *, check: bool = False, root: Path | None = None) -> FormatResult:
    """Bring ``path`` into its canonical layout; with ``check``, only report how it differs.

    The modeline, when the file has none, points at ``schema/initiatives.schema.json`` under
    ``root`` (default: the project the file is in). The file is replaced atomically and only when
    it changes, under the data file's lock (:func:`katalog.files.writer_lock`) and read again
    under it, so a concurrent ``katalog new`` is not written over.
    """
    if check:
        return _format_file(path, check=True, root=root)
    with writer_lock(path):
        return _format_file(path, check=False, root=root)


def _format_file(path: Path, *, check: bool, root: Path | None) -> FormatResult:
    doc = read_file(path)
    if not doc.ready:
        raise KatalogError(
            f"{doc.file} kan ikke formateres, før fejlene i filen er rettet; ret dem, og kør igen",
            problems=doc.problems,
        )
    raw = _read(path)
    source, result = _format(_normalise(doc.text), doc.file, _schema_reference(path, root))
    notes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append("filen begynder med et BOM-tegn; den kanoniske form er UTF-8 uden BOM")
    if "\r" in doc.text:
        notes.append("filen har Windows-linjeskift (CRLF); den kanoniske form har LF")
    new = result.text.encode("utf-8")
    changed = new != raw
    if changed and not check:
        write_atomic(path, new)
    return FormatResult(changed, _diff(source, result, doc.file), tuple(notes))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise os_failure(exc, path, "læse datafilen") from exc


def format_text(text: str, *, name: str = "<tekst>", schema: str | None = None) -> str:
    """The canonical layout of the YAML ``text``; ``schema`` is the modeline's target if it has none.

    Raises :class:`KatalogError` when the text does not load (the loader's problems attached), and
    when the result would not hold the same data and comments (a bug; nothing is lost).
    """
    return _format(_normalise(text), name, schema)[1].text


def _format(text: str, name: str, schema: str | None) -> tuple[Document, Document]:
    """The loaded input and the loaded, checked canonical output."""
    source = _load(text, name)
    comments = attach_comments(source.text, source.positions)
    tree = canonical_tree(_ruamel_load(source.text, name), source.data, Catalogue)
    modeline = comments.pop_modeline()
    added = [] if modeline is not None or schema is None else [f"{MODELINE} $schema={schema}"]
    result = render(tree, comments, modeline=modeline or (added[0] if added else None))
    return source, _verify(source, result, name, added=added)


def canonical_tree(node: Any, plain: Any, model: type[BaseModel] | None) -> Any:
    """The ruamel tree to write: keys in model order, scalars in their canonical style.

    ``node`` is what ruamel read (it knows block scalar styles), ``plain`` what the project's
    loader read (it decides the data); ``model`` is the record type of a mapping at this level (or
    of the items of a list), ``None`` where there is no model.
    """
    if isinstance(plain, dict):
        values = list(node.values()) if isinstance(node, dict) and len(node) == len(plain) else list(plain.values())
        children = dict(zip(plain, values, strict=True))
        known = field_facts(model) if model is not None else {}
        keys = [k for k in known if k in plain] + [k for k in plain if k not in known]
        mapping = CommentedMap()
        for key in keys:
            child = known[key].record if key in known else None
            mapping[key] = canonical_tree(children[key], plain[key], child)
        return mapping
    if isinstance(plain, list):
        items = list(node) if isinstance(node, list) and len(node) == len(plain) else plain
        return CommentedSeq(canonical_tree(n, p, model) for n, p in zip(items, plain, strict=True))
    return canonical_scalar(node, plain)


def canonical_scalar(node: Any, plain: Any) -> Any:
    """A scalar in its canonical style: block text as written, plain when safe, else double quotes."""
    if isinstance(plain, str):
        block = str(node) == plain and not _ODD_BREAKS.intersection(plain)
        if isinstance(node, FoldedScalarString) and block:
            folded = FoldedScalarString(plain)
            folded.fold_pos = list(getattr(node, "fold_pos", []))
            return folded
        if isinstance(node, LiteralScalarString) and block:
            return LiteralScalarString(plain)
        if plain_is_safe(plain):
            return plain
        if '"' in plain and "'" not in plain and _EMITTER.analyze_scalar(plain).allow_single_quoted:
            return SingleQuotedScalarString(plain)  # 'Siger: "hej"' reads better than escapes
        return DoubleQuotedScalarString(plain)
    # Numbers, booleans and null as Python writes them (12.50 → 12.5): ruamel's way of keeping a
    # float's notation can change its last digit.
    return plain


def plain_is_safe(text: str) -> bool:
    """Whether ``text`` can be written without quotes and read back as the same text everywhere.

    Not when YAML syntax forbids it, and not when YAML 1.1 or 1.2 would read it as something else
    (``no``, ``on``, ``2026-11-22``, ``0755``, ``12:30``, ``null``): editors' tools and GitHub's
    previews still speak YAML 1.1.
    """
    analysis = _EMITTER.analyze_scalar(text)
    if analysis.empty or analysis.multiline or not analysis.allow_block_plain:
        return False
    return all(str(r.resolve(ScalarNode, text, (True, False))) == _STR_TAG for r in _RESOLVERS)


def render(tree: Any, comments: Comments | None = None, *, modeline: str | None = None) -> str:
    """Write the canonical ``tree`` with ruamel and put ``comments`` back at their nodes."""
    stream = StringIO()
    _dumper().dump(tree, stream)
    body = stream.getvalue()
    placed = _load(body, "<kanonisk>")
    return place_comments(body, placed.positions, placed.data, comments or Comments(), modeline=modeline)


def _schema_reference(path: Path, root: Path | None) -> str | None:
    """The schema's path relative to ``path``, for the modeline; ``None`` outside a project."""
    try:
        project = root or find_root(Path(os.path.realpath(path)).parent, fallback=True)
    except KatalogError:
        return None
    here = Path(os.path.realpath(path)).parent
    return Path(os.path.relpath(Path(os.path.realpath(project)) / SCHEMA_FILE, here)).as_posix()


def _normalise(text: str) -> str:
    """LF line ends and no BOM: the canonical form, and what the comment positions count in."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _load(text: str, name: str) -> Document:
    """Load with the project's loader; a file it refuses cannot be formatted."""
    doc = read_bytes(text.encode("utf-8"), name)
    if doc.ready:
        build(doc)
    errors = [p for p in doc.problems if p.severity == "error"]
    if errors or not doc.complete:
        raise KatalogError(
            f"{name} kan ikke formateres, før fejlene i filen er rettet; ret dem, og kør igen", problems=errors
        )
    return doc


def _ruamel_load(text: str, name: str) -> Any:
    try:
        return YAML(typ="rt").load(text)
    except RuamelError as exc:  # pragma: no cover - the project's loader refuses such files first
        raise KatalogError(
            f"{name} kan ikke formateres, fordi ruamel.yaml ikke kunne læse filen ({yaml_message(getattr(exc, 'problem', None), getattr(exc, 'context', None))})"
        ) from exc


def _verify(source: Document, result: str, name: str, *, added: list[str]) -> Document:
    """The loaded result; refused when it holds other data or lacks a comment (a bug here)."""
    check = read_bytes(result.encode("utf-8"), name)
    if check.ready:
        build(check)
    before = Counter(text for _, text in scan_comments(source.text).values())
    after = Counter(text for _, text in scan_comments(result).values())
    before.update(added)
    if not check.complete or not check.ok or check.data != source.data or before != after:
        lost = ", ".join(repr(c) for c in (before - after)) or "ingen"
        raise KatalogError(
            f"{name}: den kanoniske form ville ændre data eller kommentarer (mistede kommentarer: {lost}); "
            "filen er ikke ændret; meld fejlen til udviklerne"
        )
    return check


def _diff(source: Document, result: Document, name: str) -> str:
    """A unified diff from ``source`` to ``result``, worked out record by record.

    fmt never reorders records, so the text from one record's first line to the next's corresponds
    in both; difflib on a whole large file takes minutes, record by record it takes a moment.
    """
    old = source.text.splitlines(keepends=True)
    new = result.text.splitlines(keepends=True)
    old = [line if line.endswith("\n") else line + "\n" for line in old]
    cuts = [(0, 0)]
    for path in source.positions:
        if 1 <= len(path) <= 2 and path in result.positions:
            here = (source.positions[path][0] - 1, result.positions[path][0] - 1)
            if here[0] > cuts[-1][0] and here[1] > cuts[-1][1]:
                cuts.append(here)
    cuts.append((len(old), len(new)))
    opcodes: list[_Opcode] = []
    for (a0, b0), (a1, b1) in itertools.pairwise(cuts):
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old[a0:a1], new[b0:b1], False).get_opcodes():
            if tag == "equal" and opcodes and opcodes[-1][0] == "equal":
                opcodes[-1] = ("equal", opcodes[-1][1], a0 + i2, opcodes[-1][3], b0 + j2)
            else:
                opcodes.append((tag, a0 + i1, a0 + i2, b0 + j1, b0 + j2))
    out = []
    for group in _Opcodes(old, new, opcodes).get_grouped_opcodes(3):
        out.append(f"@@ -{_range(group[0][1], group[-1][2])} +{_range(group[0][3], group[-1][4])} @@\n")
        for kind, i1, i2, j1, j2 in group:
            out += [" " + line for line in old[i1:i2]] if kind == "equal" else []
            out += ["-" + line for line in old[i1:i2]] if kind in ("replace", "delete") else []
            out += ["+" + line for line in new[j1:j2]] if kind in ("replace", "insert") else []
    return "".join([f"--- {name}\n", f"+++ {name} (kanonisk)\n", *out]) if out else ""


class _Opcodes(difflib.SequenceMatcher[str]):
    """difflib's hunk grouping over opcodes worked out piece by piece."""

    def __init__(self, a: list[str], b: list[str], opcodes: list[_Opcode]) -> None:
        super().__init__(None, a, b, False)
        self.given = opcodes

    def get_opcodes(self) -> list[_Opcode]:
        return self.given


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (difflib's own helper is private)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _dumper() -> YAML:
    """ruamel set up for the canonical layout."""
    dumper = YAML(typ="rt")
    dumper.indent(mapping=2, sequence=4, offset=2)
    dumper.width = 1_000_000_000  # never rewrap text
    dumper.allow_unicode = True
    dumper.representer.add_representer(type(None), _represent_null)
    dumper.representer.add_representer(float, _represent_float)
    return dumper


def _represent_null(representer: RoundTripRepresenter, _value: None) -> ScalarNode:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _represent_float(representer: RoundTripRepresenter, value: float) -> ScalarNode:
    """The shortest form that reads back as the same float (the loader reads 1e999 as infinity)."""
    text = repr(value) if math.isfinite(value) else ("-1e999" if value < 0 else "1e999")
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


_EMITTER: Emitter = _dumper().emitter  # only its analyze_scalar is used
