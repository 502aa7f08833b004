"""The HTML pieces the site's pages share, filled from the views: fact box, badges, results, passages, cards.

Each is a macro of a template in ``templates/fragments/`` (one line of HTML, autoescaped,
see :mod:`katalog.site.templating`); the functions here give them their data. The
filter options of the overview and the cards (the facets) are worked out here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from katalog.catalogue.model import STATUS_LABELS, Evidence, Initiative, Status
from katalog.catalogue.reference import Reference
from katalog.catalogue.slugs import ascii_slug
from katalog.language import grammar
from katalog.site.templating import macro
from katalog.views import facts as render

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
INITIATIVE = "site/fragments/initiative.html"
CARDS = "site/fragments/cards.html"


def slug(value: str) -> str:
    """'Høje-Taastrup' → 'hoeje-taastrup': a URL-safe id for names that have none."""
    return ascii_slug(value) or "x"


# --------------------------------------------------------------------------- facets


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class FacetOption:
    """A filter's checkbox: its value, its label and how many initiatives have it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One filter of the overview: its name (the URL parameter), its legend and its options in order."""

    name: str
    legend: str
    options: list[FacetOption]


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


def facets(items: list[Initiative], ref: Reference) -> list[Facet]:
    """The overview's filters: every option some initiative has, with its count."""
    found: dict[str, dict[str, Option]] = {name: {} for name, _ in FACETS}
    counts: dict[str, dict[str, int]] = {name: {} for name, _ in FACETS}
    for item in items:
        for name, options in facet_values(item, ref).items():
            for option in options:
                found[name][option.value] = option
                counts[name][option.value] = counts[name].get(option.value, 0) + 1
    return [
        Facet(
            name,
            legend,
            [FacetOption(o.value, o.label, counts[name][o.value]) for o in _ordered_options(name, found[name], ref)],
        )
        for name, legend in FACETS
    ]


# --------------------------------------------------------------------------- pieces


def fact_box(item: Initiative, ref: Reference) -> Markup:
    return macro(INITIATIVE, "fact_box")(render.shown_facts(item, ref))


def badge(kind: Evidence) -> Markup:
    """The one evidence badge: label and rank, with the explanation on hover."""
    return macro("site/fragments/evidence.html", "badge")(kind)


def evidence_badge(view: render.ResultView) -> Markup:
    return badge(view.evidence)


def passage_block(text: str) -> Markup:
    """The source's own words, shown on request beside the claim."""
    return macro(INITIATIVE, "passage_block")(text)


def result_block(view: render.ResultView) -> Markup:
    return macro(INITIATIVE, "result_block")(view)


# --------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class CardView:
    """What a card shows of an initiative, and the facet values its filters match (``data-*``)."""

    id: str
    name: str
    href: str
    place: str
    groups: str
    summary: str
    data: list[tuple[str, str]]
    # The headline result, or that there is none; and its evidence.
    headline: str
    evidence: Evidence | None


def card_view(item: Initiative, ref: Reference, href: str) -> CardView:
    values = facet_values(item, ref)
    best = render.headline(item, ref)
    return CardView(
        id=item.id,
        name=item.name,
        href=href,
        place=render.place(item),
        groups=grammar.join(ref.target_groups[t].label for t in item.target_groups),
        summary=item.summary,
        data=[(name, " ".join(o.value for o in values[name])) for name, _ in FACETS],
        headline=best.headline if best else NO_RESULTS_LABEL,
        evidence=best.evidence if best else None,
    )


def card(item: Initiative, ref: Reference, href: str, heading: int = 2) -> Markup:
    """An initiative as a card: name, place, target groups, headline result with its evidence."""
    return macro(CARDS, "card")(card_view(item, ref, href), heading)
