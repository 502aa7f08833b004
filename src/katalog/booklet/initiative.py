"""One initiative's section of the booklet: 'Inspiration #N', fact box, description, results, sources.

The same section is the one-page PDF of an initiative (:func:`one_pager`).
"""

from __future__ import annotations

from katalog.booklet.document import TypstDocument, setup, text
from katalog.booklet.literals import call, label
from katalog.catalogue.model import ANONYMISER_LABELS, Contact, Initiative
from katalog.catalogue.validate import ValidCatalogue
from katalog.views import facts as render


def initiative(
    doc: TypstDocument,
    item: Initiative,
    catalogue: ValidCatalogue,
    number: int | None,
    level: int,
    new_page: bool = True,
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
        doc.add(call("k-quote", text(quote.text), text(render.speaker(quote))))
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
    doc.add(call("k-sources", [source_entry(catalogue, sid) for sid in item.sources]))
    further = [source_entry(catalogue, sid) for sid in item.further_reading if sid not in item.sources]
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


def source_entry(catalogue: ValidCatalogue, sid: str) -> dict[str, object]:
    source = catalogue.sources.get(sid)
    if source is None:
        return {"text": sid, "url": None}
    return {"text": text(render.source_line(source)), "url": source.url}


def one_pager(doc: TypstDocument, item: Initiative, catalogue: ValidCatalogue, paper: str) -> None:
    """A PDF for one initiative: the same section as in the booklet, as its own document."""
    doc.add(setup(paper, ["beskæftigelse", "inspirationskatalog"], title=text(item.name), subtitle=text(item.summary)))
    initiative(doc, item, catalogue, None, level=1)
