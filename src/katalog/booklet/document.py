"""The booklet's Typst source: the shared pieces of :mod:`katalog.views.facts` laid out as calls to ``booklet.typ``.

A :class:`Document` collects the booklet (or a one-page initiative) as lines of
Typst. Structural parts are calls whose record text is passed as Typst strings
(:mod:`katalog.booklet.literals`); the Markdown fields are collected as
:class:`~katalog.booklet.prose.Field` s and filled in after *one* pandoc run for the
whole build (:meth:`Document.source`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from katalog.booklet.literals import call, danish_quotes, label, string, value
from katalog.booklet.prose import Field
from katalog.catalogue.model import ANONYMISER_LABELS, Contact, Initiative, Theme
from katalog.catalogue.reference import MethodPage, Reference
from katalog.catalogue.validate import ValidCatalogue
from katalog.views import facts as render

TITLE = "Inspirationskatalog"
SUBTITLE = "Inspiration til beskæftigelsesindsatser for udsatte borgere og i udsatte boligområder"
LICENCE_UNKNOWN = "Ikke oplyst: kataloget har endnu ingen licens for teksten."
PUBLISHER_UNKNOWN = "Ikke oplyst"
MORE_KINDS_TITLE = "Flere indsatser"
# The layout (booklet.typ) is imported as a module, so Typst evaluates it once per process.
IMPORT = '#import "/katalog.typ": *'
# Words the Danish hyphenation patterns break wrongly, with the breaks they may have.
# "løntilskud" must never become "lønt-ilskud". Found by setting the catalogue's
# own words in a one-letter-wide column (tests/test_booklet.py keeps them right).
HYPHENATION_EXCEPTIONS = (
    "løn-til-skud",
    "med-ar-bej-der",
    "so-ci-al-råd-gi-ver",
    "råd-giv-ning",
    "job-cen-ter-ind-sats",
    "mål-grup-pe",
    "blog-ind-læg",
    "bo-lig-or-ga-ni-sa-tion",
    "bo-lig-af-de-ling",
    "coa-ching-for-løb",
    "fri-tids-job-ind-sats",
    "ejen-doms-kon-tor",
    "pro-gres-sion",
    "re-sul-tat-ori-en-te-ret",
    "so-ci-al-af-de-ling",
    "dob-belt-rol-le",
    "tål-mo-dig-hed",
    "prak-tik-sted",
    "dansk-un-der-vis-ning",
    "re-krut-ter",
    "lo-kal-om-rå-de",
    "krops-sprog",
    "te-le-fon-op-kald",
    "selv-op-fat-tel-se",
    "hel-heds-ori-en-te-ret",
    "res-sour-ce-ori-en-te-ret",
    "op-sli-den-de",
)
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


def text(raw: str) -> str:
    """Record text for one line of print: one line, Danish quotation marks."""
    return danish_quotes(render.one_line(raw))


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
class Document:
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
    """The layout module imported as ``/katalog.typ``: the hyphenation exceptions, then the template."""
    return f"#let k-exceptions = {value(hyphenation_exceptions())}\n\n{template}"


def hyphenation_exceptions() -> list[tuple[str, list[int]]]:
    """(word, [character offsets of the allowed breaks]) for ``k-hyphenation``."""
    out = []
    for word in HYPHENATION_EXCEPTIONS:
        parts = word.split("-")
        cuts, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            cuts.append(at)
        out.append(("".join(parts), cuts))
    return out


def setup(paper: str, keywords: Sequence[str], title: str = TITLE, subtitle: str = SUBTITLE) -> str:
    """The show rule that sets up pages, fonts, Danish text and hyphenation for the whole document."""
    return "#show: " + call(
        "k-setup.with",
        title=title,
        subtitle=subtitle,
        keywords=list(keywords),
        paper=paper,
        running=TITLE,
    ).removeprefix("#")


# --------------------------------------------------------------------------- the booklet


@dataclass(frozen=True)
class Front:
    """What the cover and colophon say."""

    edition: dt.date
    selection: str | None = None
    publisher: str | None = None
    licence: str | None = None


def booklet(doc: Document, catalogue: ValidCatalogue, items: Sequence[Initiative], front: Front, paper: str) -> None:
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
                    "k-interview", title=text(interview.title), person=text(interview.person), role=text(interview.role)
                )
            )
            doc.prose(chapter.theme.id, "interview.text", interview.text, offset=2)
            doc.add(call("k-note", "Kilde: " + text(_source_title(catalogue, interview.source))))
    if methods:
        _methods_chapter(doc, methods, items, numbers)
    _sources_chapter(doc, catalogue, items, methods)
    _index(doc, items, ref)


def _front_matter(doc: Document, catalogue: ValidCatalogue, items: Sequence[Initiative], front: Front) -> None:
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
    rows = [
        ("Titel", f"{TITLE}. {SUBTITLE}"),
        ("Udgave", edition + (f". Udvalg: {front.selection}" if front.selection else "")),
        ("Udgiver", front.publisher or PUBLISHER_UNKNOWN),
        ("Indhold", _count(len(items))),
        ("Kilder", SOURCES_NOTE),
        ("Licens", front.licence or LICENCE_UNKNOWN),
        ("Skrifter", "Source Serif Pro og Source Sans Pro (SIL Open Font License 1.1)"),
        ("Fremstilling", "Sat automatisk fra katalogets data med pandoc og Typst."),
    ]
    doc.add(call("k-colophon", rows=rows))
    doc.add("#k-toc()")


def _count(n: int) -> str:
    return f"{n} {'indsats' if n == 1 else 'indsatser'}"


def _introduction(doc: Document, count: int, plan: Sequence[Chapter], has_methods: bool) -> None:
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
    chapters_ = f"{len(plan)} {'kapitel' if len(plan) == 1 else 'kapitler'}"
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


def _theme_opening(doc: Document, theme: Theme, catalogue: ValidCatalogue) -> None:
    doc.add(call("k-attention", points=[text(p) for p in theme.attention_points]))
    if theme.body:
        doc.prose(theme.id, "body", theme.body, offset=1)
    if theme.further_reading:
        doc.add(call("k-heading", "Læs mere", level=2))
        doc.add(call("k-sources", [_source(catalogue, sid) for sid in theme.further_reading]))


def initiative(
    doc: Document, item: Initiative, catalogue: ValidCatalogue, number: int | None, level: int, new_page: bool = True
) -> None:
    """One initiative: 'Inspiration #N', fact box, description, results, methods, quotes, contacts, sources."""
    ref = catalogue.reference
    section = level + 1
    doc.add(
        call(
            "k-initiative",
            number=number,
            name=text(item.name),
            id=label(item.id),
            summary=text(item.summary),
            level=level,
            new_page=new_page,
        )
    )
    doc.add(call("k-facts", level=section, rows=[(f.label, text(f.text)) for f in render.shown_facts(item, ref)]))
    for what, words in render.status_passages(item):
        doc.add(call("k-note", f"{what} – {render.PASSAGE_LEAD.lower()} {text(words)}"))
    doc.add(call("k-heading", "Beskrivelse", level=section))
    doc.prose(item.id, "description", item.description, offset=section)
    for quote in item.quotes:
        who = ", ".join(x for x in (quote.speaker_name, quote.speaker_role) if x)
        doc.add(call("k-quote", text(quote.text), text(who)))
        doc.add(call("k-note", _passage_note(render.passage(quote.passage, quote.page))))
    if item.results:
        doc.add(call("k-heading", "Resultater", level=section))
        for result in item.results:
            view = render.result_view(result, ref)
            doc.add(call("k-result", _result(view), level=section + 1))
            doc.add(call("k-note", _passage_note(view.passage)))
    if item.goals:
        doc.add(call("k-heading", "Mål", level=section))
        doc.add(call("k-note", "Mål er hensigter, ikke resultater."))
        for goal in item.goals:
            doc.add(call("k-points", [text(goal.text)]))
            doc.add(call("k-note", _passage_note(render.passage(goal.passage, goal.page))))
    if item.findings:
        doc.add(call("k-heading", "Generel viden om indsatstypen", level=section))
        doc.add(call("k-note", render.FINDING_NOTE))
        for finding in item.findings:
            doc.add(call("k-points", [text(finding.text)]))
            doc.add(call("k-note", _passage_note(render.passage(finding.passage, finding.page))))
    if item.methods:
        doc.add(call("k-heading", "Metoder", level=section))
        doc.add(
            call(
                "k-methods",
                [
                    {
                        "title": text(ref.methods[m].title),
                        "summary": text(ref.methods[m].summary),
                        "id": m if number else None,
                    }
                    for m in item.methods
                ],
            )
        )
    if item.attention_points:
        doc.add(call("k-heading", "Opmærksomhedspunkter", level=section))
        doc.add(call("k-points", [text(p) for p in item.attention_points]))
    if item.stories:
        doc.add(call("k-heading", "Borgerhistorier", level=section))
        for n, story in enumerate(item.stories):
            doc.add(call("k-heading", text(story.title), level=section + 1))
            doc.add(call("k-note", ANONYMISER_LABELS[story.anonymised_by] + "."))
            doc.prose(item.id, f"stories[{n}].text", story.text, offset=section + 1)
    if item.contacts:
        doc.add(call("k-heading", "Kontakt", level=section))
        doc.add(call("k-contacts", [_contact(c) for c in item.contacts]))
    doc.add(call("k-heading", "Kilder", level=section))
    doc.add(call("k-sources", [_source(catalogue, sid) for sid in item.sources]))
    further = [_source(catalogue, sid) for sid in item.further_reading if sid not in item.sources]
    if item.website:
        further.append({"text": "Indsatsens hjemmeside:", "url": item.website})
    if further:
        doc.add(call("k-heading", "Læs mere", level=section))
        doc.add(
            call(
                "k-note",
                "Publikationer med mere viden, som kilderne henviser til; kataloget er ikke skrevet ud fra dem.",
            )
        )
        doc.add(call("k-sources", further))
    doc.add(call("k-note", f"Sidst gennemgået {render.danish_date(item.last_reviewed)}."))


def _passage_note(words: str) -> str:
    return f"{render.PASSAGE_LEAD} {text(words)}"


def _result(view: render.ResultView) -> dict[str, object]:
    rows = []
    if view.population:
        rows.append(("Hvem", text(view.population)))
    if view.baseline:
        rows.append(("Før indsatsen", text(view.baseline)))
    rows.append(("Tidspunkt", text(view.time_point)))
    rows.append(("Sammenligning", text(view.comparison)))
    if view.note:
        rows.append(("Bemærk", text(view.note)))
    rows.append(("Kilde", text(view.source)))
    chart = None
    if view.chart is not None:
        chart = {"svg": render.chart_svg(view.chart), "alt": render.one_line(view.chart.description)}
    return {
        "measure": text(view.measure),
        "value": text(view.value),
        "figure": view.is_figure,
        "rows": rows,
        "evidence": view.evidence.value,
        "evidence-label": view.evidence_badge,
        "explained": view.evidence_explained,
        "chart": chart,
    }


def _contact(contact: Contact) -> dict[str, object]:
    return {
        "lines": [text(x) for x in render.contact_lines(contact)],
        "email": contact.email,
        "phone": contact.phone,
        "tel": render.phone_uri(contact.phone) if contact.phone else None,
    }


def _source_title(catalogue: ValidCatalogue, sid: str) -> str:
    source = catalogue.sources.get(sid)
    return source.title if source else sid


def _source(catalogue: ValidCatalogue, sid: str) -> dict[str, object]:
    source = catalogue.sources.get(sid)
    if source is None:
        return {"text": sid, "url": None}
    return {"text": text(render.source_line(source)), "url": source.url}


# --------------------------------------------------------------------------- back matter


def _methods_used(items: Sequence[Initiative], ref: Reference) -> list[MethodPage]:
    used = {m for item in items for m in item.methods}
    return [page for mid, page in ref.methods.items() if mid in used]


def _methods_chapter(
    doc: Document,
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
        doc.add(f"#[{call('heading', text(page.title), level=2)}#label({string('m-' + label(page.id))})]")
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
    doc: Document, catalogue: ValidCatalogue, items: Sequence[Initiative], methods: Sequence[MethodPage]
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
    doc.add(call("k-sources", [_source(catalogue, s.id) for s in sources]))


def _index(doc: Document, items: Sequence[Initiative], ref: Reference) -> None:
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


# --------------------------------------------------------------------------- one initiative


def one_pager(doc: Document, item: Initiative, catalogue: ValidCatalogue, paper: str) -> None:
    """A PDF for one initiative: the same section as in the booklet, as its own document."""
    doc.add(setup(paper, ["beskæftigelse", "inspirationskatalog"], title=text(item.name), subtitle=text(item.summary)))
    initiative(doc, item, catalogue, None, level=1)
