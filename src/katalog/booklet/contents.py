"""The booklet in order: cover and colophon, introduction, the chapters, methods, sources and the index."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from katalog.booklet.document import SUBTITLE, TITLE, Chapter, TypstDocument, chapters, setup, text
from katalog.booklet.initiative import initiative, source_entry
from katalog.booklet.literals import call, label, string
from katalog.catalogue.model import EVIDENCE_SCALE, Initiative, Theme
from katalog.catalogue.reference import MethodPage, Reference
from katalog.catalogue.validate import ValidCatalogue
from katalog.language import grammar
from katalog.views import evidence_map
from katalog.views import facts as render
from katalog.views.publication import Publication

INTRODUCTION = (
    "Kataloget samler erfaringer fra kommuner, boligorganisationer, virksomheder og frivillige med at hjælpe "
    "ledige borgere tættere på job og uddannelse. Hver indsats er beskrevet på samme måde: hvem den er for, hvor "
    "den foregår, hvem der samarbejder, hvilke metoder der bruges, og hvad den har opnået – med tidspunkt, "
    "sammenligningsgruppe og kilde, så du kan se, hvor sikker viden der er tale om.",
    "Hver indsats har sin egen side, »Inspiration« med et nummer. Øverst står en faktaboks med kommune, "
    "boligområde, målgruppe, indsatstype, periode, deltagere og samarbejdspartnere. Hvor kilden ikke oplyser "
    "noget, står der »Ikke oplyst«.",
    "Et mål, som en indsats har sat sig, vises som et mål – aldrig som et resultat.",
)
EVIDENCE_INTRO = (
    "Hvert resultat vises med tidspunkt, sammenligning og evidenstype. Evidenstypen fortæller, hvad kilden selv "
    "oplyser om, hvordan resultatet er fundet, og aldrig mere end det. Trinene går fra det stærkeste grundlag (trin 1) til "
    "det svageste, og under hvert resultat står kildens egne ord:"
)
SOURCES_NOTE = (
    "Alle oplysninger om indsatserne stammer fra de publikationer, der er nævnt under »Kilder« ved hver "
    "indsats og samlet i kildelisten bagerst. »Læs mere« nævner publikationer med mere viden, som kataloget "
    "ikke er skrevet ud fra."
)


@dataclass(frozen=True)
class Front:
    """What the cover and colophon say."""

    edition: dt.date
    selection: str | None = None
    publisher: str | None = None
    licence: str | None = None
    contact: str | None = None

    @classmethod
    def of(cls, edition: dt.date, selection: str | None, publication: Publication | None) -> Front:
        """The front for ``publication``'s settings: the text licence as »name (address)«."""
        pub = publication or Publication()
        licence = pub.text_licence
        text = None if licence is None else licence.name + (f" ({licence.url})" if licence.url else "")
        return cls(edition, selection, pub.publisher, text, pub.contact)


def booklet(
    doc: TypstDocument, catalogue: ValidCatalogue, items: Sequence[Initiative], front: Front, paper: str
) -> None:
    """The whole booklet for ``items`` into ``doc``."""
    ref = catalogue.reference
    plan = chapters(catalogue, items)
    numbers = {item.id: n for n, item in enumerate((i for c in plan for i in c.items), start=1)}
    keywords = ["beskæftigelse", "inspirationskatalog", "udsatte boligområder"]
    doc.add(setup(paper, keywords))
    # The whole catalogue has every method page; a selection only the methods its initiatives use.
    methods = list(ref.methods.values()) if len(items) == len(catalogue.initiatives) else _methods_used(items, ref)
    _front_matter(doc, catalogue, items, front)
    _introduction(doc, len(items), plan, bool(methods))
    _evidence_map(doc, items, ref)
    for chapter in plan:
        doc.add(
            call(
                "k-chapter",
                kicker=chapter.kicker,
                title=chapter.title,
                id=label(chapter.id),
                lead=text(chapter.lead) or None,
            )
        )
        if chapter.theme is not None:
            _theme_opening(doc, chapter.theme, catalogue)
        for n, item in enumerate(chapter.items):
            # A kind-of-effort chapter has only a title and a lead: its first initiative starts on the same page.
            initiative(doc, item, catalogue, numbers[item.id], level=2, new_page=n > 0 or chapter.theme is not None)
        if chapter.theme is not None and chapter.theme.interview is not None:
            interview = chapter.theme.interview
            doc.add(
                call(
                    "k-interview",
                    title=text(interview.title),
                    person=text(interview.person),
                    role=text(render.line_start(interview.role)),
                )
            )
            doc.prose(chapter.theme.id, "interview.text", interview.text, offset=2)
            doc.add(call("k-note", "Kilde: " + text(render.source_title(catalogue.sources, interview.source))))
    if methods:
        _methods_chapter(doc, methods, items, numbers)
    _sources_chapter(doc, catalogue, items, methods)
    _index(doc, items, ref)


def _front_matter(doc: TypstDocument, catalogue: ValidCatalogue, items: Sequence[Initiative], front: Front) -> None:
    edition = render.danish_date(front.edition)
    doc.add(
        call(
            "k-cover",
            title=TITLE,
            subtitle=SUBTITLE,
            selection=front.selection,
            publisher=front.publisher,
            count=_count(len(items)),
            edition=edition,
        )
    )
    # Publisher and licence come from mkdocs.yml's extra.katalog (katalog.views.publication); a setting
    # that is not set leaves its line out rather than printing "Ikke oplyst".
    rows = [
        ("Titel", f"{TITLE}. {SUBTITLE}"),
        ("Udgave", edition + (f". Udvalg: {front.selection}" if front.selection else "")),
        ("Udgiver", front.publisher),
        ("Indhold", _count(len(items))),
        ("Kilder", SOURCES_NOTE),
        ("Licens", front.licence),
        ("Kontakt", front.contact),
        ("Skrifter", "Source Serif Pro og Source Sans Pro (SIL Open Font License 1.1)"),
        ("Fremstilling", "Sat automatisk fra katalogets data med pandoc og Typst."),
    ]
    rows = [(key, value) for key, value in rows if value]
    doc.add(call("k-colophon", rows=rows))
    doc.add("#k-toc()")


def _count(n: int) -> str:
    return grammar.count(n, "indsats")


def _introduction(doc: TypstDocument, count: int, plan: Sequence[Chapter], has_methods: bool) -> None:
    doc.add(call("k-chapter", title="Om kataloget", id="om-kataloget"))
    for paragraph in INTRODUCTION:
        doc.add(call("par", paragraph))
    themes = sum(1 for c in plan if c.theme is not None)
    if themes and themes < len(plan):
        order = "først temaerne med deres opmærksomhedspunkter, så de øvrige indsatser efter indsatstype"
    elif themes:
        order = "ordnet efter tema, med temaernes opmærksomhedspunkter"
    else:
        order = "ordnet efter indsatstype"
    back = "metoderne, kilderne" if has_methods else "kilderne"
    chapters_ = grammar.count(len(plan), "kapitel")
    doc.add(
        call(
            "par",
            f"Hæftet rummer {_count(count)} i {chapters_}, {order}. "
            f"Bagerst står {back} og et stikordsregister over kommuner og målgrupper.",
        )
    )
    doc.add(call("k-heading", "Hvor sikker er viden?", level=2))
    doc.add(call("par", EVIDENCE_INTRO))
    doc.add(
        call(
            "k-evidence-scale",
            [(e.value, render.evidence_badge(e), render.EVIDENCE_EXPLANATIONS[e]) for e in render.EVIDENCE_ORDER],
        )
    )


def _evidence_map(doc: TypstDocument, items: Sequence[Initiative], ref: Reference) -> None:
    """»Hvad ved vi?«: the same map as the site's page (katalog.views.evidence_map), counts and evidence steps."""
    view = evidence_map.evidence_map(items, ref)
    if not view.rows:
        return
    doc.add(
        call(
            "k-evidence-map",
            title=evidence_map.TITLE,
            id="hvad-ved-vi",
            lead=evidence_map.LEAD,
            caption=evidence_map.CAPTION,
            corner=evidence_map.ROW_HEADING,
            columns=[column.label for column in view.columns],
            rows=[{"label": row.group.label, "cells": [_map_cell(c) for c in row.cells]} for row in view.rows],
            legend=[
                (e.value, f"trin {EVIDENCE_SCALE[e].rank}", EVIDENCE_SCALE[e].label) for e in render.EVIDENCE_ORDER
            ],
            notes=[*evidence_map.NOTES, evidence_map.BOOKLET_NOTE],
        )
    )


def _map_cell(cell: evidence_map.Cell) -> dict[str, str | None]:
    """A cell as the booklet shows it: the number, and the strongest step (»trin 2«) or why there is none."""
    if not cell.count:
        return {"count": "–", "kind": None, "evidence": None}
    if cell.strongest is None:
        return {"count": str(cell.count), "kind": None, "evidence": evidence_map.NO_RESULTS_SHORT}
    return {
        "count": str(cell.count),
        "kind": cell.strongest.value,
        "evidence": f"trin {EVIDENCE_SCALE[cell.strongest].rank}",
    }


def _theme_opening(doc: TypstDocument, theme: Theme, catalogue: ValidCatalogue) -> None:
    doc.add(call("k-attention", points=[text(p) for p in theme.attention_points]))
    if theme.body:
        doc.prose(theme.id, "body", theme.body, offset=1)
    if theme.further_reading:
        doc.add(call("k-heading", "Læs mere", level=2))
        doc.add(call("k-sources", [source_entry(catalogue, sid) for sid in theme.further_reading]))


# --------------------------------------------------------------------------- back matter


def _methods_used(items: Sequence[Initiative], ref: Reference) -> list[MethodPage]:
    used = {m for item in items for m in item.methods}
    return [page for mid, page in ref.methods.items() if mid in used]


def _methods_chapter(
    doc: TypstDocument,
    methods: Sequence[MethodPage],
    items: Sequence[Initiative],
    numbers: dict[str, int],
) -> None:
    doc.add(
        call(
            "k-chapter",
            title="Metoder",
            id="metoder",
            lead="De faglige metoder, indsatserne bruger, beskrevet ud fra kilderne.",
        )
    )
    for n, page in enumerate(methods):
        doc.add("#pagebreak(weak: true)" if n else "#v(6mm)")
        doc.add(
            f"#[{call('k-heading', text(page.title), level=2, outlined=True)}#label({string('m-' + label(page.id))})]"
        )
        doc.add(call("k-note", text(page.summary)))
        doc.prose(f"docs/methods/{page.id}.md", "tekst", _method_body(page), offset=2)
        users = [i for i in items if page.id in i.methods]
        if users:
            doc.add(
                call(
                    "k-used-by",
                    [{"number": numbers[i.id], "name": text(i.name), "label": f"i-{label(i.id)}"} for i in users],
                )
            )


def _method_body(page: MethodPage) -> str:
    """The page without its own first-level title (the booklet prints the title itself)."""
    lines = page.body.lstrip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines)


def _sources_chapter(
    doc: TypstDocument, catalogue: ValidCatalogue, items: Sequence[Initiative], methods: Sequence[MethodPage]
) -> None:
    cited: set[str] = set()
    for item in items:
        cited.update(
            item.sources, item.further_reading, (r.source for r in item.results), (q.source for q in item.quotes)
        )
        cited.update(s.source for s in item.stories)
        cited.update(f.source for f in item.findings)
    for method in methods:
        cited.update(method.sources)
    chosen = {i.id for i in items}
    for theme in catalogue.themes:
        if chosen & set(theme.initiatives):
            cited.add(theme.source)
            cited.update(theme.further_reading)
            if theme.interview is not None:
                cited.add(theme.interview.source)
    sources = sorted(
        (catalogue.sources[s] for s in cited if s in catalogue.sources), key=lambda s: render.danish_sort_key(s.title)
    )
    doc.add(
        call(
            "k-chapter",
            title="Kilder",
            id="kilder",
            lead="Publikationerne, som oplysningerne i hæftet stammer fra, og dem, der nævnes under »Læs mere«.",
        )
    )
    doc.add(call("k-sources", [source_entry(catalogue, s.id) for s in sources]))


def _index(doc: TypstDocument, items: Sequence[Initiative], ref: Reference) -> None:
    towns: dict[str, list[str]] = defaultdict(list)
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for town in item.municipalities:
            towns[town].append(f"i-{label(item.id)}")
        for group in item.target_groups:
            groups[ref.target_groups[group].label].append(f"i-{label(item.id)}")
    sections = [
        {
            "title": title,
            "entries": [(text(k), v) for k, v in sorted(entries.items(), key=lambda kv: render.danish_sort_key(kv[0]))],
        }
        for title, entries in (("Kommuner", towns), ("Målgrupper", groups))
        if entries
    ]
    doc.add(call("k-chapter", title="Stikordsregister", id="stikord", lead="Kommuner og målgrupper med sidetal."))
    doc.add(call("k-index", sections))
