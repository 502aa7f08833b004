"""Site pages: every page the site generates from the records, as Markdown with small, escaped HTML blocks.

A page per initiative, the overview with its filters, browse pages per target group,
municipality and theme, the page on the evidence scale, and the backlinks on method
pages; :func:`site_files` gathers them with the downloads. Each page is a Jinja template
(``templates/*.md.j2``, autoescaped: see :mod:`katalog.site.templating`) filled from the
views; the HTML pieces it embeds are :mod:`katalog.site.fragments`. Record fields are data:
plain fields are escaped (:func:`esc` in HTML, :func:`md` in Markdown); Markdown fields
are rendered and sanitised by :mod:`katalog.site.markdown_safety`, never by MkDocs'
Markdown, and embedded as raw HTML blocks (:func:`md_block`), so the site's Markdown
extensions (``attr_list``, raw HTML) never apply to record text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from katalog.catalogue.model import ANONYMISER_LABELS, EVIDENCE_SCALE, Evidence, Initiative, Theme
from katalog.catalogue.reference import Reference
from katalog.catalogue.validate import ValidCatalogue
from katalog.site import compare
from katalog.site.downloads import BOOKLET_PDF, booklet_link, file_size, initiative_pdf, pdf_files, theme_pdf

if TYPE_CHECKING:  # the booklet (Typst, pandoc) is loaded only when a build makes PDFs
    from katalog.booklet.build import Downloads
from katalog.language import grammar
from katalog.site.edit_links import EditLink, edit_links
from katalog.site.fragments import (
    FACETS,
    NO_RESULTS,
    NO_RESULTS_LABEL,
    Option,
    badge,
    card,
    card_view,
    evidence_badge,
    facet_values,
    facets,
    fact_box,
    passage_block,
    result_block,
    slug,
)
from katalog.site.templating import esc, front_matter_string, macro, md, md_block, render_template
from katalog.views import evidence_map as evidence_map_view
from katalog.views import export
from katalog.views import facts as render

__all__ = [
    "BOOKLET_PDF",
    "EVIDENCE_MAP_PAGE",
    "EVIDENCE_PAGE",
    "FACETS",
    "FURTHER_READING_NOTE",
    "NO_RESULTS",
    "NO_RESULTS_LABEL",
    "SOURCES_NOTE",
    "EditLink",
    "Option",
    "badge",
    "booklet_link",
    "card",
    "edit_links",
    "esc",
    "evidence_badge",
    "evidence_map_page",
    "evidence_page",
    "facet_values",
    "fact_box",
    "featured",
    "featured_block",
    "file_size",
    "index_page",
    "initiative_page",
    "initiative_pdf",
    "listing_page",
    "md",
    "md_block",
    "method_backlinks",
    "overview_page",
    "passage_block",
    "result_block",
    "site_files",
    "slug",
    "theme_page",
    "theme_pdf",
]

SOURCES_NOTE = "Publikationerne, som indsatsen er beskrevet ud fra."
FURTHER_READING_NOTE = "Publikationer med mere viden, som kilderne henviser til; kataloget er ikke skrevet ud fra dem."
EVIDENCE_PAGE = "evidens.md"
EVIDENCE_MAP_PAGE = "hvad-ved-vi.md"
# The Danish nouns for the site's scripts (mkdocs.yml loads it before them).
GRAMMAR_SCRIPT = "assets/javascripts/grammar.js"
_NOTES = {"SOURCES_NOTE": SOURCES_NOTE, "FURTHER_READING_NOTE": FURTHER_READING_NOTE}


def _yaml_str(value: str) -> str:
    """A front-matter string (kept under its old name for the tests)."""
    return front_matter_string(value)


def _by_name(items: Sequence[Initiative]) -> list[Initiative]:
    return sorted(items, key=lambda i: i.name.casefold())


def initiative_page(
    item: Initiative, catalogue: ValidCatalogue, edit: EditLink, themes: Sequence[Theme], pdf: bytes | None = None
) -> str:
    """The Markdown page for one initiative."""
    ref = catalogue.reference
    return render_template(
        "site/case.md.j2",
        item=item,
        facts=render.shown_facts(item, ref),
        status_passages=render.status_passages(item),
        pdf=None if pdf is None else {"path": initiative_pdf(item.id), "size": file_size(len(pdf))},
        booklet_pdf=BOOKLET_PDF,
        results=[render.result_view(r, ref) for r in item.results],
        goals=[(g.text, render.passage(g.passage, g.page)) for g in item.goals],
        findings=[(f.text, render.passage(f.passage, f.page)) for f in item.findings],
        methods=[ref.methods[m] for m in item.methods],
        themes=[(theme, render.source_title(catalogue.sources, theme.source)) for theme in themes],
        quotes=[
            (
                q.text,
                render.speaker(q),
                render.passage(q.passage, q.page),
            )
            for q in item.quotes
        ],
        anonymisers=ANONYMISER_LABELS,
        sources=catalogue.sources,
        further=[sid for sid in item.further_reading if sid not in item.sources],
        # Markdown the edit link has escaped itself.
        edit=Markup(edit.markdown()),
        **_NOTES,
    )


def overview_page(catalogue: ValidCatalogue, pdfs: Downloads | None = None) -> str:
    """/cases/: every initiative as a card, with filters that work in the browser (and a full list without)."""
    ref = catalogue.reference
    items = _by_name(catalogue.initiatives)
    return render_template(
        "site/overview.md.j2",
        total=len(items),
        facets=facets(items, ref),
        cards=[card_view(item, ref, f"{item.id}/") for item in items],
        booklet_link=Markup(booklet_link(pdfs, f"../downloads/{BOOKLET_PDF}")),
    )


def _listing(title: str, lead: str, items: Sequence[Initiative], ref: Reference) -> dict[str, Any]:
    """What every browse page shows: its title and lead (Markdown, escaped by the caller), then the cards."""
    return {
        "title": title,
        "lead": Markup(lead),
        "count": grammar.count(len(items), "indsats"),
        "cards": [card_view(i, ref, f"../../cases/{i.id}/") for i in _by_name(items)],
    }


def listing_page(title: str, lead: str, items: Sequence[Initiative], ref: Reference) -> str:
    """A browse page (one target group or municipality): a lead text (Markdown) and the matching cards."""
    return render_template("site/listing.md.j2", **_listing(title, lead, items, ref))


def index_page(title: str, lead: str, entries: Sequence[tuple[str, str, int]]) -> str:
    """A list of browse pages: (link, label, number of initiatives); the lead is Markdown."""
    return render_template("site/index.md.j2", title=title, lead=Markup(lead), entries=entries)


def theme_page(theme: Theme, catalogue: ValidCatalogue, pdf: tuple[bytes, int] | None = None) -> str:
    by_id = {i.id: i for i in catalogue.initiatives}
    items = [by_id[i] for i in theme.initiatives if i in by_id]
    return render_template(
        "site/theme.md.j2",
        **_listing(theme.title, "", items, catalogue.reference),
        theme=theme,
        pdf=None if pdf is None else {"path": theme_pdf(theme.id), "pages": pdf[1], "size": file_size(len(pdf[0]))},
        source_title=render.source_title(catalogue.sources, theme.source),
        sources=catalogue.sources,
        **_NOTES,
    )


def evidence_page(catalogue: ValidCatalogue) -> str:
    """'Sådan vurderer vi evidensen': the scale, step by step, from the same table as every badge."""
    counts: dict[Evidence, int] = defaultdict(int)
    for item in catalogue.initiatives:
        for result in item.results:
            counts[result.evidence] += 1
    steps = []
    for kind in render.EVIDENCE_ORDER:
        step = EVIDENCE_SCALE[kind]
        needs = []
        if step.comparison:
            needs.append("en sammenligningsgruppe med dens tal, eller en oplysning om, at kilden ikke giver tallet")
        if step.baseline:
            needs.append("en måling af de samme personer før indsatsen")
        steps.append({"kind": kind, "explanation": step.explanation, "needs": needs, "count": counts.get(kind, 0)})
    return render_template(
        "site/evidence.md.j2",
        map_title=evidence_map_view.TITLE,
        not_stated=EVIDENCE_SCALE[Evidence.ikke_oplyst].label,
        steps=steps,
    )


def evidence_map_page(catalogue: ValidCatalogue) -> str:
    """'Hvad ved vi?': target groups against kinds of effort, each cell linked to the overview filtered on both."""
    view = evidence_map_view
    return render_template(
        "site/evidence_map.md.j2",
        title=view.TITLE,
        lead=view.LEAD,
        notes=view.NOTES,
        caption=view.CAPTION,
        row_heading=view.ROW_HEADING,
        map=view.evidence_map(catalogue.initiatives, catalogue.reference),
    )


def method_backlinks(method_id: str, catalogue: ValidCatalogue) -> str:
    """Markdown appended to a method page: the initiatives that use the method."""
    users = _by_name([i for i in catalogue.initiatives if method_id in i.methods])
    return render_template("site/method_backlinks.md.j2", users=users)


def featured(catalogue: ValidCatalogue, count: int = 3) -> list[Initiative]:
    """Front-page picks: initiatives with a compared figure first, then the best evidence, then by name."""
    ref = catalogue.reference

    def key(item: Initiative) -> tuple[int, int, str]:
        views = [render.result_view(r, ref) for r in item.results]
        charted = any(v.chart for v in views)
        best = min((v.evidence_rank for v in views), default=len(EVIDENCE_SCALE) + 1)
        return (0 if charted else 1, best, item.name.casefold())

    return sorted(catalogue.initiatives, key=key)[:count]


def featured_block(catalogue: ValidCatalogue) -> str:
    """The front page's picks as cards (HTML)."""
    cards = [card_view(i, catalogue.reference, f"cases/{i.id}/") for i in featured(catalogue)]
    return str(macro("site/fragments/cards.html", "card_list")(cards, 3, "katalog-cards katalog-cards--featured"))


def site_files(
    catalogue: ValidCatalogue, edits: dict[str, EditLink], pdfs: Downloads | None = None
) -> dict[str, str | bytes]:
    """Every file the site generates from the records, by path under docs/ (Markdown pages and downloads).

    With ``pdfs``, the booklet and each initiative's PDF are published under downloads/ and linked.
    """
    ref = catalogue.reference
    out: dict[str, str | bytes] = {}
    themes_of: dict[str, list[Theme]] = defaultdict(list)
    for theme in catalogue.themes:
        for iid in theme.initiatives:
            themes_of[iid].append(theme)
    for item in catalogue.initiatives:
        own = pdfs.initiatives[item.id] if pdfs else None
        out[f"cases/{item.id}.md"] = initiative_page(item, catalogue, edits[item.id], themes_of[item.id], own)
    out["cases/index.md"] = overview_page(catalogue, pdfs)
    out[EVIDENCE_PAGE] = evidence_page(catalogue)
    out[compare.PAGE] = compare.compare_page(catalogue)
    out[compare.DATA] = compare.compare_data(catalogue)
    out[EVIDENCE_MAP_PAGE] = evidence_map_page(catalogue)
    out[GRAMMAR_SCRIPT] = render_template("site/grammar.js.j2", nouns=grammar.script_nouns())
    for name, content in export.files(catalogue).items():
        out[f"downloads/{name}"] = content
    for name, pdf in (pdf_files(pdfs) if pdfs else {}).items():
        out[f"downloads/{name}"] = pdf

    by_group: dict[str, list[Initiative]] = defaultdict(list)
    by_town: dict[str, list[Initiative]] = defaultdict(list)
    for item in catalogue.initiatives:
        for group in item.target_groups:
            by_group[group].append(item)
        for town in item.municipalities:
            by_town[town].append(item)
    groups = [g for g in ref.target_groups if by_group[g]]
    for gid in groups:
        term = ref.target_groups[gid]
        out[f"malgrupper/{gid}.md"] = listing_page(term.label, md(term.description), by_group[gid], ref)
    out["malgrupper/index.md"] = index_page(
        "Målgrupper",
        "Indsatserne ordnet efter de målgrupper, de henvender sig til.",
        [(f"{g}.md", ref.target_groups[g].label, len(by_group[g])) for g in groups],
    )
    towns = sorted(by_town, key=str.casefold)
    for town in towns:
        region = ref.municipalities[town].region if town in ref.municipalities else ""
        lead = f"Indsatser i {md(town)} Kommune ({md(region)})." if region else ""
        out[f"kommuner/{slug(town)}.md"] = listing_page(f"{town} Kommune", lead, by_town[town], ref)
    out["kommuner/index.md"] = index_page(
        "Kommuner",
        "Indsatserne ordnet efter kommune. Indsatser, hvor kilden ikke nævner en kommune, "
        "står kun under [Indsatser](../cases/index.md).",
        [(f"{slug(t)}.md", t, len(by_town[t])) for t in towns],
    )
    for theme in catalogue.themes:
        out[f"temaer/{theme.id}.md"] = theme_page(theme, catalogue, pdfs.themes.get(theme.id) if pdfs else None)
    out["temaer/index.md"] = index_page(
        "Temaer",
        "Temaerne og deres opmærksomhedspunkter fra kilderne.",
        [(f"{t.id}.md", t.title, len(t.initiatives)) for t in catalogue.themes],
    )
    return out
