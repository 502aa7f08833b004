"""The Typst document being built: lines of Typst, the Markdown fields waiting for pandoc, and its setup.

A :class:`TypstDocument` collects the booklet (or a one-page initiative) as lines of
Typst. Structural parts are calls whose record text is passed as Typst strings
(:mod:`katalog.booklet.literals`); the Markdown fields are collected as
:class:`~katalog.booklet.prose.Field` s and filled in after *one* pandoc run for the
whole build (:meth:`TypstDocument.source`). What goes into it: :mod:`katalog.booklet.contents`
(the booklet's chapters, front and back matter) and :mod:`katalog.booklet.initiative`
(one initiative's section, also the one-page PDF).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from katalog.booklet.literals import call, danish_quotes
from katalog.booklet.prose import Field
from katalog.catalogue.model import Initiative, Theme
from katalog.catalogue.validate import ValidCatalogue
from katalog.language.hyphenation import typeset, unhyphenated
from katalog.views import facts as render

TITLE = "Inspirationskatalog"
SUBTITLE = "Inspiration til beskæftigelsesindsatser for udsatte borgere og i udsatte boligområder"
MORE_KINDS_TITLE = "Flere indsatser"
# The layout (booklet.typ) is imported as a module, so Typst evaluates it once per process.
IMPORT = '#import "/katalog.typ": *'


def text(raw: str) -> str:
    """Record text for one line of print: one line, Danish quotation marks, breaks only where Danish allows.

    A number stays with its unit and a word breaks only at its listed joints
    (:func:`katalog.language.hyphenation.typeset`); the layout's own hyphenation is off.
    """
    return typeset(danish_quotes(render.one_line(raw)))


@dataclass(frozen=True)
class Chapter:
    """A chapter of initiatives: a theme (with its attention points) or a kind of effort."""

    kicker: str
    title: str
    id: str
    lead: str
    items: tuple[Initiative, ...]
    theme: Theme | None = None


@dataclass
class TypstDocument:
    """Typst source being written: lines, and Markdown fields waiting for pandoc."""

    lines: list[str | tuple[int, int]] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def prose(self, record: str, name: str, markdown: str, offset: int) -> None:
        """A Markdown field; its headings start at level ``offset + 1``."""
        self.lines.append((len(self.fields), offset))
        self.fields.append(Field(record, name, markdown))

    def source(self, markups: Sequence[str]) -> bytes:
        """The whole Typst source, with the converted Markdown fields (in :attr:`fields` order) in place."""
        out = [IMPORT]
        for line in self.lines:
            if isinstance(line, tuple):
                index, offset = line
                out.append(f"#k-prose(offset: {offset})[\n{markups[index]}\n]")
            else:
                out.append(line)
        return ("\n".join(out) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- plan


def chapters(catalogue: ValidCatalogue, items: Sequence[Initiative]) -> list[Chapter]:
    """Theme chapters (in the themes' order), then the other initiatives by their first kind of effort."""
    chosen = {i.id: i for i in items}
    out: list[Chapter] = []
    placed: set[str] = set()
    for theme in catalogue.themes:
        members = tuple(chosen[i] for i in theme.initiatives if i in chosen and i not in placed)
        if not members:
            continue
        placed.update(i.id for i in members)
        out.append(Chapter("Tema", theme.title, f"t-{theme.id}", theme.lead, members, theme))
    ref = catalogue.reference
    by_kind: dict[str, list[Initiative]] = defaultdict(list)
    for item in items:
        if item.id not in placed:
            by_kind[item.kinds[0]].append(item)
    for kind_id, term in ref.kinds.items():
        if by_kind.get(kind_id):
            out.append(Chapter("Indsatstype", term.label, f"k-{kind_id}", term.description, tuple(by_kind[kind_id])))
    leftovers = tuple(i for k, group in by_kind.items() if k not in ref.kinds for i in group)
    if leftovers:
        out.append(Chapter("Indsatstype", MORE_KINDS_TITLE, "k-flere", "", leftovers))
    return out


def module(template: str) -> str:
    """The layout module imported as ``/katalog.typ`` (the same for every build: it holds no record text)."""
    return template


def setup(paper: str, keywords: Sequence[str], title: str = TITLE, subtitle: str = SUBTITLE) -> str:
    """The show rule that sets up pages, fonts, Danish text and hyphenation for the whole document."""
    return "#show: " + call(
        "k-setup.with",
        title=unhyphenated(title),
        subtitle=unhyphenated(subtitle),
        keywords=list(keywords),
        paper=paper,
        running=TITLE,
    ).removeprefix("#")
