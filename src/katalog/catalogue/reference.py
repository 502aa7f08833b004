"""Load the reference data the records point at: vocabularies, municipalities, method pages.

These live beside the catalogue in the project (``data/vocabularies.yaml``,
``data/municipalities.yaml``, ``docs/methods/*.md``) and are checked with the
same loader and models as the records, so a broken vocabulary is reported with
its own file and line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from katalog.catalogue.load import Document, display_path, load_bytes, load_file, printable
from katalog.catalogue.messages import translate, unknown_value
from katalog.catalogue.model import SLUG_PATTERN, Municipality, Source, SourceList, Vocabularies, VocabularyTerm
from katalog.catalogue.value_rules import ValueRules, check_text
from katalog.files.errors import os_error_reason
from katalog.problems import KatalogError, Problem

MAX_PAGE_BYTES = 4 * 1024 * 1024
# The keys a method page's front matter may hold; any other (MkDocs' 'template', 'hide' …) is refused.
METHOD_FRONT_MATTER = frozenset({"id", "title", "summary", "sources"})
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class MethodPage:
    """A method page's front matter: what records and the site need to know of it."""

    id: str
    title: str
    summary: str
    sources: tuple[str, ...]
    path: Path
    body: str


@dataclass
class Reference:
    """Everything a record may refer to, keyed for quick lookup."""

    target_groups: dict[str, VocabularyTerm] = field(default_factory=dict)
    kinds: dict[str, VocabularyTerm] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    municipality_aliases: dict[str, str] = field(default_factory=dict)
    methods: dict[str, MethodPage] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)


def find_root(start: Path | None = None, *, fallback: bool = False) -> Path:
    """The project folder: the nearest ancestor holding ``data/vocabularies.yaml``.

    With ``fallback``, a ``start`` outside any project (a data file in /tmp, say)
    falls back to searching from the working directory.
    """
    # realpath, not Path.resolve(): a symlink loop or an over-long path is "not here", never an exception.
    starts = [Path(os.path.realpath(start or Path.cwd()))]
    if fallback and start is not None:
        starts.append(Path(os.path.realpath(Path.cwd())))
    for here in starts:
        for candidate in (here, *here.parents):
            try:
                found = (candidate / "data" / "vocabularies.yaml").is_file()
            except OSError:
                found = False
            if found:
                return candidate
    raise KatalogError(
        "projektets data/vocabularies.yaml findes hverken i denne mappe eller mapperne over den; kør kommandoen inde i projektet",
        exit_code=2,
    )


def load_reference(root: Path) -> tuple[Reference, list[Problem]]:
    """Load and check the reference data under ``root``."""
    ref = Reference()
    problems: list[Problem] = []

    vocab_doc = load_file(root / "data" / "vocabularies.yaml")
    problems += vocab_doc.problems + ValueRules(vocab_doc).run()
    if vocab_doc.ok:
        try:
            vocab = Vocabularies.model_validate(vocab_doc.data)
        except ValidationError as exc:
            problems += translate(exc, vocab_doc, (), None)
        else:
            ref.target_groups = {t.id: t for t in vocab.target_groups}
            ref.kinds = {t.id: t for t in vocab.kinds}

    muni_doc = load_file(root / "data" / "municipalities.yaml")
    problems += muni_doc.problems + ValueRules(muni_doc).run()
    if muni_doc.ok:
        rows = muni_doc.data.get("municipalities") if isinstance(muni_doc.data, dict) else None
        if not isinstance(rows, list):
            problems.append(
                Problem(
                    muni_doc.file,
                    1,
                    1,
                    "error",
                    "feltet 'municipalities' med en liste af kommuner mangler; skriv 'municipalities:' og kommunerne under det",
                )
            )
        else:
            for index, row in enumerate(rows):
                try:
                    municipality = Municipality.model_validate(row)
                except ValidationError as exc:
                    problems += translate(exc, muni_doc, ("municipalities", index), None)
                    continue
                ref.municipalities[municipality.name] = municipality
                for alias in municipality.aliases:
                    ref.municipality_aliases[alias] = municipality.name

    sources_doc = load_file(root / "data" / "sources.yaml")
    problems += sources_doc.problems + ValueRules(sources_doc).run()
    if sources_doc.ok:
        try:
            source_list = SourceList.model_validate(sources_doc.data)
        except ValidationError as exc:
            problems += translate(exc, sources_doc, (), None)
        else:
            seen: set[str] = set()
            for index, source in enumerate(source_list.sources):
                if source.id.casefold() in seen:
                    line, column = sources_doc.position(("sources", index, "id"))
                    problems.append(
                        Problem(
                            sources_doc.file,
                            line,
                            column,
                            "error",
                            f"kilde-id'et '{source.id}' findes allerede; giv hver kilde sit eget id",
                            source.id,
                            "id",
                        )
                    )
                seen.add(source.id.casefold())
                ref.sources[source.id] = source

    for page_path in sorted((root / "docs" / "methods").glob("*.md")):
        page, page_problems = _load_method(page_path)
        problems += page_problems
        if page is not None:
            ref.methods[page.id] = page
            for source_id in page.sources:
                if ref.sources and source_id not in ref.sources:
                    problems.append(
                        Problem(
                            display_path(page_path),
                            2,
                            1,
                            "error",
                            unknown_value("kilde", source_id, ref.sources, "et id fra data/sources.yaml"),
                            page.id,
                            "sources",
                        )
                    )
    return ref, problems


def _read_page(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """A method page's text, read only if it is a regular file of sensible size and valid UTF-8."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [
                Problem(
                    name,
                    1,
                    1,
                    "error",
                    "metodesiden er ikke en almindelig fil; læg en Markdown-fil her, eller fjern stien",
                )
            ]
        with path.open("rb") as handle:
            raw = handle.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        return None, [
            Problem(
                name,
                1,
                1,
                "error",
                f"metodesiden kan ikke læses ({os_error_reason(exc)}); ret filens rettigheder, eller gem den igen",
            )
        ]
    if len(raw) > MAX_PAGE_BYTES:
        limit = MAX_PAGE_BYTES // (1024 * 1024)
        return None, [
            Problem(name, 1, 1, "error", f"metodesiden er større end {limit} MB; gør siden kortere, eller del den op")
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                name,
                line,
                column,
                "error",
                f"metodesiden er ikke gyldig UTF-8 (byte 0x{raw[exc.start]:02x}); gem filen igen med tegnsættet UTF-8",
            )
        ]


def _load_method(path: Path) -> tuple[MethodPage | None, list[Problem]]:
    name = display_path(path)
    text, unreadable = _read_page(path, name)
    if text is None:
        return None, unreadable
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, [
            Problem(
                name,
                1,
                1,
                "error",
                "metodesiden mangler sidehovedet øverst; skriv '---', 'id: …', 'title: …', 'summary: …' og '---' på hver sin linje i toppen af siden",
            )
        ]
    doc: Document = load_bytes(match.group(1).encode("utf-8"), name)
    # Front matter starts on line 2 of the page.
    problems = [Problem(p.file, p.line + 1, p.column, p.severity, p.message, p.record, p.path) for p in doc.problems]
    data = doc.data if isinstance(doc.data, dict) else {}
    page_name = data.get("id") if isinstance(data.get("id"), str) else path.stem
    # What a reader would see wrongly (a CPR number, a character the booklet cannot show) is
    # reported, but the page still counts as existing, so records naming it get no follow-up errors.
    body_line = text.count("\n", 0, match.end()) + 1
    shown = ValueRules(doc, line_offset=1, record=page_name).run()
    shown += check_text(name, text[match.end() :], body_line - 1, page_name)
    for key in sorted(set(data) - METHOD_FRONT_MATTER, key=str):
        # MkDocs reads front matter too: 'template', 'hide' or 'search' would change how the page is built.
        line, column = doc.position((key,), key=True)
        shown.append(
            Problem(
                name,
                line + 1,
                column,
                "error",
                f"ukendt felt '{printable(str(key))}' i metodesidens sidehoved; en metodeside har kun felterne "
                f"{', '.join(sorted(METHOD_FRONT_MATTER)[:-1])} og {sorted(METHOD_FRONT_MATTER)[-1]}; slet feltet",
            )
        )
    for key in ("id", "title", "summary"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(
                Problem(name, 2, 1, "error", f"sidehovedet mangler '{key}'; tilføj '{key}: …' med en tekst")
            )
    page_id = data.get("id")
    if isinstance(page_id, str) and not re.match(SLUG_PATTERN, page_id):
        problems.append(
            Problem(
                name, 2, 1, "error", f"id '{page_id}' er ikke gyldigt; skriv kun små bogstaver a–z, tal og bindestreger"
            )
        )
    if isinstance(page_id, str) and page_id != path.stem:
        problems.append(
            Problem(
                name,
                2,
                1,
                "error",
                f"id '{page_id}' passer ikke med filnavnet; skriv 'id: {path.stem}', eller omdøb filen til {page_id}.md",
            )
        )
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        problems.append(
            Problem(
                name,
                2,
                1,
                "error",
                "sources er ikke en liste af kilde-id'er; skriv hvert id på sin egen linje, der begynder med '- '",
            )
        )
        sources = []
    if any(p.severity == "error" for p in problems):
        return None, problems + shown
    problems += shown
    return (
        MethodPage(
            id=data["id"],
            title=data["title"],
            summary=data["summary"],
            sources=tuple(sources),
            path=path,
            body=text[match.end() :],
        ),
        problems,
    )
