"""Site pages: lay the shared pieces out as Markdown with small, escaped HTML blocks.

Every page the site generates from the records comes from here: a page per
initiative, the overview with its filters, browse pages per target group,
municipality and theme, and the backlinks on method pages. Record fields are
data: plain fields are escaped (:func:`esc` in HTML, :func:`md` in Markdown).
Markdown fields are rendered and sanitised by :mod:`katalog.site.markdown_safety`, never
by MkDocs' Markdown, and embedded as raw HTML blocks (:func:`md_block`), so the
site's Markdown extensions (``attr_list``, raw HTML) never apply to record text.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from katalog.catalogue.model import (
    ANONYMISER_LABELS,
    EVIDENCE_SCALE,
    STATUS_LABELS,
    Evidence,
    Initiative,
    Status,
    Theme,
)
from katalog.catalogue.reference import Reference
from katalog.catalogue.validate import ValidCatalogue
from katalog.site import markdown_safety
from katalog.views import export
from katalog.views import facts as render

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")
NO_RESULTS = "ingen-resultater"
NO_RESULTS_LABEL = "Ingen resultater oplyst"
FACETS = (
    ("malgruppe", "Målgruppe"),
    ("indsatstype", "Indsatstype"),
    ("region", "Region"),
    ("kommune", "Kommune"),
    ("evidens", "Evidens"),
    ("status", "Status"),
)


def esc(value: str) -> str:
    """Text for HTML (element content or a quoted attribute)."""
    return html.escape(value, quote=True)


def md(value: str) -> str:
    """A plain field as inline Markdown that renders exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", esc(render.one_line(value)))


def md_block(value: str, *, shift: int = 1) -> str:
    """A Markdown field as a raw HTML block, rendered and sanitised apart from the page.

    Headings move ``shift`` levels down under the page's own. The block starts at the
    beginning of a line and the caller puts blank lines around it, so MkDocs' Markdown
    stores it unchanged and never reads the record text as Markdown.
    """
    # MkDocs' Markdown expands tabs even in raw HTML; as a character reference a tab stays a tab.
    body = markdown_safety.record_html(value, shift=shift).replace("\t", "&#9;")
    return f'<div class="katalog-md">\n{body}\n</div>'


def slug(value: str) -> str:
    """'Høje-Taastrup' → 'hoeje-taastrup': a URL-safe id for names that have none."""
    text = value.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# --------------------------------------------------------------------------- facets


@dataclass(frozen=True)
class Option:
    value: str
    label: str


def facet_values(item: Initiative, ref: Reference) -> dict[str, list[Option]]:
    """The filter options an initiative has, facet by facet."""
    towns = [ref.municipalities[m] for m in item.municipalities if m in ref.municipalities]
    regions = {t.region: None for t in towns}
    evidence = {r.evidence: None for r in item.results}
    return {
        "malgruppe": [Option(t, ref.target_groups[t].label) for t in item.target_groups],
        "indsatstype": [Option(k, ref.kinds[k].label) for k in item.kinds],
        "region": [Option(slug(r), r) for r in regions],
        "kommune": [Option(slug(t.name), t.name) for t in towns],
        "evidens": [Option(e.value, render.evidence_badge(e)) for e in evidence]
        or [Option(NO_RESULTS, NO_RESULTS_LABEL)],
        "status": [Option(item.status.value, STATUS_LABELS[item.status])],
    }


def _ordered_options(facet: str, found: dict[str, Option], ref: Reference) -> list[Option]:
    if facet == "malgruppe":
        order = list(ref.target_groups)
    elif facet == "indsatstype":
        order = list(ref.kinds)
    elif facet == "evidens":
        order = [e.value for e in render.EVIDENCE_ORDER] + [NO_RESULTS]
    elif facet == "status":
        order = [s.value for s in Status]
    else:
        order = sorted(found, key=lambda v: found[v].label.casefold())
    return [found[v] for v in order if v in found]


# --------------------------------------------------------------------------- pieces


def fact_box(item: Initiative, ref: Reference) -> str:
    rows = "".join(
        f"<div><dt>{esc(f.label)}</dt><dd>{esc(f.text)}</dd></div>"
        for f in render.facts(item, ref)
        if f.values or f.label in {"Kommune", "Boligområde", "Periode", "Deltagere", "Organisationer"}
    )
    return f'<aside class="katalog-facts" aria-labelledby="fakta"><h2 id="fakta">Fakta</h2><dl>{rows}</dl></aside>'


def evidence_badge(view: render.ResultView) -> str:
    return badge(view.evidence)


def badge(kind: Evidence) -> str:
    """The one evidence badge: label and rank, with the explanation on hover."""
    return (
        f'<span class="katalog-evidence katalog-evidence--{esc(kind.value)}" '
        f'title="{esc(EVIDENCE_SCALE[kind].explanation)}">{esc(render.evidence_badge(kind))}</span>'
    )


def passage_block(text: str) -> str:
    """The source's own words, shown on request beside the claim."""
    return (
        f'<details class="katalog-passage"><summary>{esc(render.PASSAGE_LEAD.rstrip(":"))}</summary>'
        f"<p>{esc(text)}</p></details>"
    )


def result_block(view: render.ResultView) -> str:
    parts = [
        '<section class="katalog-result">',
        f"<h3>{esc(view.measure)}</h3>",
        f'<p class="katalog-figure{"" if view.is_figure else " katalog-figure--statement"}">{esc(view.value)}</p>',
        "<dl>",
    ]
    if view.population:
        parts.append(f"<div><dt>Hvem</dt><dd>{esc(view.population)}</dd></div>")
    if view.baseline:
        parts.append(f"<div><dt>Før indsatsen</dt><dd>{esc(view.baseline)}</dd></div>")
    parts.append(f"<div><dt>Tidspunkt</dt><dd>{esc(view.time_point)}</dd></div>")
    parts.append(f"<div><dt>Sammenligning</dt><dd>{esc(view.comparison)}</dd></div>")
    parts.append(f"<div><dt>Evidens</dt><dd>{evidence_badge(view)} {esc(view.evidence_explained)}</dd></div>")
    if view.note:
        parts.append(f"<div><dt>Bemærk</dt><dd>{esc(view.note)}</dd></div>")
    parts.append(f"<div><dt>Kilde</dt><dd>{esc(view.source)}</dd></div>")
    parts.append("</dl>")
    parts.append(passage_block(view.passage))
    if view.chart is not None:
        parts.append(
            f'<figure class="katalog-chart">{render.chart_svg(view.chart)}'
            f"<figcaption>Evidens: {evidence_badge(view)}</figcaption></figure>"
        )
    parts.append("</section>")
    return "".join(parts)


BOOKLET_PDF = "inspirationskatalog.pdf"


@dataclass(frozen=True)
class Pdfs:
    """The site's PDF downloads: the whole booklet (and its page count) and one per initiative, by id."""

    booklet: bytes
    pages: int
    initiatives: dict[str, bytes]
    # Each theme's booklet and its page count.
    themes: dict[str, tuple[bytes, int]] = field(default_factory=dict)

    def files(self) -> dict[str, bytes]:
        """The PDFs by path under downloads/."""
        return {
            BOOKLET_PDF: self.booklet,
            **{initiative_pdf(i): pdf for i, pdf in self.initiatives.items()},
            **{theme_pdf(t): pdf for t, (pdf, _) in self.themes.items()},
        }


def theme_pdf(theme_id: str) -> str:
    """Where a theme's booklet lies under downloads/."""
    return f"temaer/{theme_id}.pdf"


def initiative_pdf(item_id: str) -> str:
    """Where an initiative's PDF lies under downloads/ (a folder of its own, so no id can clash)."""
    return f"indsatser/{item_id}.pdf"


def file_size(size: int) -> str:
    """A download's size in Danish: '85 kB', '1,2 MB'."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{render.danish_number(round(size / 1_000_000, 1))} MB"


def booklet_link(pdfs: Pdfs | None, href: str) -> str:
    """An HTML link to the whole booklet with its size, or '' when the site has no PDFs."""
    if pdfs is None:
        return ""
    return (
        f'<a class="katalog-pdf" href="{esc(href)}" download>Hent hele kataloget som PDF-hæfte</a> '
        f"(A5, {pdfs.pages} sider, {file_size(len(pdfs.booklet))})"
    )


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"- {md(x)}" for x in items]


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class EditLink:
    """Where a record can be viewed and edited: a repository URL and the record's lines in the data file."""

    repository: str | None
    path: str
    first: int
    last: int

    def markdown(self) -> str:
        where = f"{self.path}, linje {self.first}–{self.last}"
        if not self.repository:
            # HTML, not a Markdown code span: a backtick in a file name would end the span early.
            return f"Posten står i <code>{esc(where)}</code>."
        base = self.repository.rstrip("/")
        view = f"{base}/blob/main/{quote(self.path)}#L{self.first}-L{self.last}"
        edit = f"{base}/edit/main/{quote(self.path)}"
        return f"[Se posten i {md(self.path)} (linje {self.first}–{self.last})]({view}) · [Ret posten]({edit})"


def edit_links(catalogue: ValidCatalogue, data: Path, root: Path, repository: str | None) -> dict[str, EditLink]:
    """Each record's lines in the data file, for its 'Se posten'/'Ret posten' links.

    A repository link is made only for a data file inside the project (the one the repository holds).
    """
    doc = catalogue.document
    inside = data.is_relative_to(root)
    path = data.relative_to(root).as_posix() if inside else data.name
    lines = doc.text.splitlines()
    records = doc.data["initiatives"]
    starts = [doc.position(("initiatives", n))[0] for n in range(len(records))]
    links = {}
    # The model's ids, in file order (the catalogue exists only when every record passed).
    ids = [item.id for item in catalogue.initiatives]
    if len(ids) != len(records):
        ids = [str(raw["id"]) for raw in records]
    for n, record_id in enumerate(ids):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines)
        # Trailing blank lines and the next record's leading comments belong to no record.
        while last > starts[n] and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        links[record_id] = EditLink(repository if inside else None, path, starts[n], last)
    return links


def initiative_page(
    item: Initiative, catalogue: ValidCatalogue, edit: EditLink, themes: Sequence[Theme], pdf: bytes | None = None
) -> str:
    """The Markdown page for one initiative."""
    ref = catalogue.reference
    lines = [
        "---",
        f"title: {_yaml_str(item.name)}",
        f"description: {_yaml_str(render.one_line(item.summary))}",
        "---",
        "",
        f"# {md(item.name)}",
        "",
        f'<p class="katalog-lead">{esc(render.one_line(item.summary))}</p>',
        "",
        fact_box(item, ref),
        "",
    ]
    for what, words in render.status_passages(item):
        lines += [
            f'<details class="katalog-passage"><summary>Kilden om {esc(what.lower())}</summary>'
            f"<p>{esc(words)}</p></details>",
            "",
        ]
    if pdf is not None:
        lines += [
            f"[Hent indsatsen som PDF](../downloads/{initiative_pdf(item.id)}){{: .katalog-pdf download='' }} "
            f"(A5, {file_size(len(pdf))}) · [Hele kataloget som PDF-hæfte](../downloads/{BOOKLET_PDF}){{: download='' }}",
            "",
        ]
    lines += ["## Beskrivelse", "", md_block(item.description), ""]
    if item.results:
        lines += ["## Resultater", ""]
        lines += [result_block(render.result_view(r, ref)) for r in item.results]
        lines.append("")
    if item.goals:
        lines += [
            "## Mål",
            "",
            '<p class="katalog-note">Mål er hensigter, ikke resultater.</p>',
            "",
            _claims((g.text, render.passage(g.passage, g.page)) for g in item.goals),
            "",
        ]
    if item.findings:
        lines += [
            "## Generel viden om indsatstypen",
            "",
            f'<p class="katalog-note">{esc(render.FINDING_NOTE)}</p>',
            "",
            _claims((f.text, render.passage(f.passage, f.page)) for f in item.findings),
            "",
        ]
    if item.methods:
        lines += ["## Metoder", ""]
        lines += [
            f"- [{md(ref.methods[m].title)}](../methods/{m}.md): {md(ref.methods[m].summary)}" for m in item.methods
        ]
        lines.append("")
    if item.attention_points or themes:
        lines += ["## Opmærksomhedspunkter", ""]
        lines += _bullets(item.attention_points)
        for theme in themes:
            lines += [
                "",
                f"Fra temaet [{md(theme.title)}](../temaer/{theme.id}.md) i {md(_source_title(catalogue, theme.source))}:",
                "",
                *_bullets(theme.attention_points),
            ]
        lines.append("")
    if item.quotes:
        lines += ["## Citater", ""]
        for quote_ in item.quotes:
            who = ", ".join(x for x in (quote_.speaker_name, quote_.speaker_role) if x)
            lines.append(
                f'<figure class="katalog-quote"><blockquote><p>»{esc(render.one_line(quote_.text))}«</p></blockquote>'
                f"<figcaption>{esc(who)}</figcaption>"
                f"{passage_block(render.passage(quote_.passage, quote_.page))}</figure>"
            )
        lines.append("")
    if item.stories:
        lines += ["## Borgerhistorier", ""]
        for story in item.stories:
            lines += [
                f"### {md(story.title)}",
                "",
                f'<p class="katalog-note">{esc(ANONYMISER_LABELS[story.anonymised_by])}.</p>',
                "",
                md_block(story.text, shift=3),
                "",
            ]
    if item.contacts:
        lines += ["## Kontakt", ""]
        for contact in item.contacts:
            parts = [esc(x) for x in render.contact_lines(contact)]
            if contact.email:
                parts.append(f'<a href="mailto:{esc(contact.email)}">{esc(contact.email)}</a>')
            if contact.phone:
                parts.append(f'<a href="{esc(render.phone_uri(contact.phone))}">{esc(contact.phone)}</a>')
            lines.append(f'<p class="katalog-contact">{"<br>".join(parts)}</p>')
        lines.append("")
    lines += ["## Kilder", "", f'<p class="katalog-note">{esc(SOURCES_NOTE)}</p>', ""]
    lines += ["- " + _source_md(catalogue, sid) for sid in item.sources]
    further = [sid for sid in item.further_reading if sid not in item.sources]
    if further or item.website:
        lines += ["", "## Læs mere", ""]
        lines += [f'<p class="katalog-note">{esc(FURTHER_READING_NOTE)}</p>', ""] if further else []
        lines += ["- " + _source_md(catalogue, sid) for sid in further]
    if item.website:
        lines.append(f"- Indsatsens hjemmeside: {_url_link(item.website)}")
    lines += [
        "",
        f'<p class="katalog-reviewed">Sidst gennemgået {render.danish_date(item.last_reviewed)}.</p>',
        "",
        edit.markdown(),
        "",
    ]
    return "\n".join(lines)


SOURCES_NOTE = "Publikationerne, som indsatsen er beskrevet ud fra."
FURTHER_READING_NOTE = "Publikationer med mere viden, som kilderne henviser til; kataloget er ikke skrevet ud fra dem."


def _claims(claims: Iterable[tuple[str, str]]) -> str:
    """Claims as a list, each with the source's own words on request."""
    items = "".join(f"<li>{esc(render.one_line(text))}{passage_block(words)}</li>" for text, words in claims)
    return f'<ul class="katalog-claims">{items}</ul>'


def _yaml_str(value: str) -> str:
    """A front-matter string. MkDocs' templates print titles and descriptions unescaped (Jinja
    autoescape is off), so the value is HTML-escaped here. PyYAML writes it double-quoted with
    every character YAML cannot hold raw escaped, so MkDocs always reads the front matter back
    (front matter it cannot read would be shown, and read, as the page's Markdown)."""
    text = yaml.safe_dump(esc(render.one_line(value)), default_style='"', allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...")


def _source_title(catalogue: ValidCatalogue, sid: str) -> str:
    source = catalogue.sources.get(sid)
    return source.title if source else sid


def _source_md(catalogue: ValidCatalogue, sid: str) -> str:
    source = catalogue.sources.get(sid)
    if source is None:
        return md(sid)
    line = md(render.source_line(source))
    return f"{line} {_url_link(source.url)}" if source.url else line


def _url_link(url: str) -> str:
    """A record's web address as a link; raw HTML so no character in it can end the link early."""
    return f'<a href="{esc(url)}">{esc(url)}</a>'


def card(item: Initiative, ref: Reference, href: str, heading: int = 2) -> str:
    """An initiative as a card: name, place, target groups, headline result with its evidence."""
    facets = facet_values(item, ref)
    data = " ".join(f'data-{name}="{esc(" ".join(o.value for o in facets[name]))}"' for name, _ in FACETS)
    groups = ", ".join(ref.target_groups[t].label for t in item.target_groups)
    best = render.headline(item, ref)
    result = (
        f'<p class="katalog-card__result">{esc(best.headline)} {evidence_badge(best)}</p>'
        if best
        else f'<p class="katalog-card__result">{NO_RESULTS_LABEL}</p>'
    )
    return (
        f'<li class="katalog-card" id="indsats-{esc(item.id)}" {data}>'
        f'<h{heading}><a href="{esc(href)}">{esc(item.name)}</a></h{heading}>'
        f'<p class="katalog-card__meta"><span class="katalog-card__place">{esc(render.place(item))}</span> · '
        f"{esc(groups)}</p>"
        f'<p class="katalog-card__summary">{esc(render.one_line(item.summary))}</p>'
        f"{result}</li>"
    )


def overview_page(catalogue: ValidCatalogue, pdfs: Pdfs | None = None) -> str:
    """/cases/: every initiative as a card, with filters that work in the browser (and a full list without)."""
    ref = catalogue.reference
    items = sorted(catalogue.initiatives, key=lambda i: i.name.casefold())
    found: dict[str, dict[str, Option]] = {name: {} for name, _ in FACETS}
    counts: dict[str, dict[str, int]] = {name: {} for name, _ in FACETS}
    for item in items:
        for name, options in facet_values(item, ref).items():
            for option in options:
                found[name][option.value] = option
                counts[name][option.value] = counts[name].get(option.value, 0) + 1
    fieldsets = []
    for name, legend in FACETS:
        labels = "".join(
            f'<label><input type="checkbox" name="{name}" value="{esc(o.value)}"> {esc(o.label)} '
            f'<span class="katalog-count">({counts[name][o.value]})</span></label>'
            for o in _ordered_options(name, found[name], ref)
        )
        fieldsets.append(
            f'<fieldset class="katalog-facet" data-facet="{name}"><legend>{legend}</legend>{labels}</fieldset>'
        )
    total = len(items)
    cards = "".join(card(item, ref, f"{item.id}/") for item in items)
    return "\n".join(
        [
            "---",
            "title: Indsatser",
            "hide: [toc]",
            "description: Alle indsatser i kataloget, med filtre efter målgruppe, indsatstype, sted, evidens og status.",
            "---",
            "",
            "# Indsatser",
            "",
            f"Kataloget rummer {total} indsatser. Vælg filtre for at finde dem, der passer til jeres målgruppe og "
            "sted; linket i adresselinjen viser det samme udvalg, så det kan deles med kolleger.",
            "",
            f'<div class="katalog-overview" data-katalog-overview data-total="{total}">'
            + (f'<p class="katalog-downloads">{booklet_link(pdfs, f"../downloads/{BOOKLET_PDF}")}</p>' if pdfs else "")
            + '<p class="katalog-downloads">Hent alle indsatser som åbne data: '
            '<a href="../downloads/inspirationskatalog.json" download>JSON</a> · '
            '<a href="../downloads/inspirationskatalog.csv" download>CSV (til Excel)</a></p>'
            '<form class="katalog-filters" id="katalog-filters" aria-label="Filtrér indsatserne" hidden>'
            + "".join(fieldsets)
            + '<button type="reset" class="md-button katalog-reset">Nulstil filtre</button></form>'
            f'<p class="katalog-shown" role="status" aria-live="polite">Viser alle {total} indsatser.</p>'
            f'<ul class="katalog-cards" data-pagefind-ignore>{cards}</ul>'
            '<p class="katalog-empty" hidden>Ingen indsatser passer til de valgte filtre.</p></div>',
            "",
        ]
    )


def listing_page(title: str, lead: str, items: Sequence[Initiative], ref: Reference, extra: Sequence[str] = ()) -> str:
    """A browse page (one target group, municipality or theme): a lead text and the matching cards."""
    cards = "".join(
        card(i, ref, f"../../cases/{i.id}/", heading=3) for i in sorted(items, key=lambda i: i.name.casefold())
    )
    count = f"{len(items)} indsats" if len(items) == 1 else f"{len(items)} indsatser"
    return "\n".join(
        [
            "---",
            f"title: {_yaml_str(title)}",
            "---",
            "",
            f"# {md(title)}",
            "",
            lead,
            "",
            *extra,
            f"## {count}",
            "",
            f'<ul class="katalog-cards">{cards}</ul>' if items else "Ingen indsatser endnu.",
            "",
        ]
    )


def index_page(title: str, lead: str, entries: Sequence[tuple[str, str, int]]) -> str:
    """A list of browse pages: (link, label, number of initiatives)."""
    lines = ["---", f"title: {_yaml_str(title)}", "---", "", f"# {md(title)}", "", lead, ""]
    lines += [f"- [{md(label)}]({link}) ({n})" for link, label, n in entries]
    return "\n".join([*lines, ""])


def theme_page(theme: Theme, catalogue: ValidCatalogue, pdf: tuple[bytes, int] | None = None) -> str:
    ref = catalogue.reference
    by_id = {i.id: i for i in catalogue.initiatives}
    items = [by_id[i] for i in theme.initiatives if i in by_id]
    extra = [
        f'<p class="katalog-lead">{esc(render.one_line(theme.lead))}</p>',
        "",
    ]
    if pdf is not None:
        extra += [
            f"[Hent temaet som PDF-hæfte](../downloads/{theme_pdf(theme.id)}){{: .katalog-pdf download='' }} "
            f"(A5, {pdf[1]} sider, {file_size(len(pdf[0]))})",
            "",
        ]
    extra += [
        "## Opmærksomhedspunkter",
        "",
        *[f"{n}. {md(p)}" for n, p in enumerate(theme.attention_points, 1)],
        "",
        f"*Kilde: {md(_source_title(catalogue, theme.source))}.*",
        "",
    ]
    if theme.further_reading:
        extra += ["## Læs mere", "", FURTHER_READING_NOTE, ""]
        extra += ["- " + _source_md(catalogue, sid) for sid in theme.further_reading]
        extra.append("")
    if theme.body:
        extra += [md_block(theme.body, shift=0), ""]
    if theme.interview is not None:
        iv = theme.interview
        extra += [
            f"## Interview: {md(iv.title)}",
            "",
            f"*{md(iv.person)}, {md(iv.role)}*",
            "",
            md_block(iv.text, shift=0),
            "",
        ]
    return listing_page(theme.title, "", items, ref, extra)


EVIDENCE_PAGE = "evidens.md"


def evidence_page(catalogue: ValidCatalogue) -> str:
    """'Sådan vurderer vi evidensen': the scale, step by step, from the same table as every badge."""
    counts: dict[Evidence, int] = defaultdict(int)
    for item in catalogue.initiatives:
        for result in item.results:
            counts[result.evidence] += 1
    lines = [
        "---",
        "title: Sådan vurderer vi evidensen",
        "description: Hvad evidenstyperne betyder, og hvordan kataloget vælger den for hvert resultat.",
        "---",
        "",
        "# Sådan vurderer vi evidensen",
        "",
        "Hvert resultat i kataloget har en evidenstype. Den fortæller, hvad kilden selv oplyser om, hvordan "
        "resultatet er fundet – og aldrig mere end det. Siger kilden ikke, hvordan et tal er fundet, står der "
        f"»{md(EVIDENCE_SCALE[Evidence.ikke_oplyst].label)}«. Trinene er ordnet fra det stærkeste grundlag (trin 1) "
        "til det svageste, og samme mærke står ved resultatet på indsatsens side, på kortene, i filtrene, ved "
        "diagrammerne og i PDF-hæftet.",
        "",
        "## Trinene",
        "",
    ]
    for kind in render.EVIDENCE_ORDER:
        step = EVIDENCE_SCALE[kind]
        needs = []
        if step.comparison:
            needs.append("en sammenligningsgruppe med dens tal, eller en oplysning om, at kilden ikke giver tallet")
        if step.baseline:
            needs.append("en måling af de samme personer før indsatsen")
        n = counts.get(kind, 0)
        lines += [
            f"### {badge(kind)}",
            "",
            md(step.explanation),
            "",
            *([f"Kræver: {md('; '.join(needs))}.", ""] if needs else []),
            f"Resultater i kataloget med denne evidenstype: {n}.",
            "",
        ]
    lines += [
        "## Reglerne bag",
        "",
        "- Katalogets tjek (`katalog validate`) afviser et resultat, hvis evidenstypen er stærkere, end data kan bære: "
        "en kontrolgruppe eller sammenligning uden sammenligningsgruppe, en før–efter-måling uden måling før, "
        "eller en sammenligningsgruppe ved en evidenstype, der ikke har nogen.",
        "- Hvert tal (procent, antal eller »x ud af y«) har et tidspunkt, eller der står, at kilden ikke oplyser det.",
        "- Hvert resultat, mål, citat og hver status har kildens egne ord. Vælg »Kilden siger« ved påstanden for at "
        "læse dem.",
        "- Et mål er en hensigt og vises aldrig som et resultat. En hensigt om status (fx at gøre et projekt "
        "permanent) vises som en plan.",
        "- Generel viden om en type indsats (fx om unge med fritidsjob) er ikke et resultat af en bestemt indsats "
        "og vises for sig under »Generel viden om indsatstypen«.",
        "",
    ]
    return "\n".join(lines)


def method_backlinks(method_id: str, catalogue: ValidCatalogue) -> str:
    """Markdown appended to a method page: the initiatives that use the method."""
    users = sorted((i for i in catalogue.initiatives if method_id in i.methods), key=lambda i: i.name.casefold())
    lines = ["", "## Indsatser der bruger metoden", ""]
    if not users:
        return "\n".join([*lines, "Ingen indsatser i kataloget henviser til metoden endnu.", ""])
    lines += [f"- [{md(i.name)}](../cases/{i.id}.md): {md(render.place(i))}" for i in users]
    return "\n".join([*lines, ""])


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
    ref = catalogue.reference
    cards = "".join(card(i, ref, f"cases/{i.id}/", heading=3) for i in featured(catalogue))
    return f'<ul class="katalog-cards katalog-cards--featured">{cards}</ul>'


def site_files(
    catalogue: ValidCatalogue, edits: dict[str, EditLink], pdfs: Pdfs | None = None
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
    for name, content in export.files(catalogue).items():
        out[f"downloads/{name}"] = content
    for name, pdf in (pdfs.files() if pdfs else {}).items():
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
