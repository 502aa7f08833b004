"""The compare page ("Sammenlign indsatser"): a list of links, and the data the browser lays out side by side.

Without JavaScript the page is a plain list of links to every initiative. With it,
``assets/javascripts/compare.js`` reads :data:`DATA_NAME` (written here from the same
views the case pages use, :mod:`katalog.views.facts`) and shows the initiatives chosen in
the address (``?id=a&id=b``) in a table. The file holds plain text only; the script
inserts it as text, never as markup.
"""

from __future__ import annotations

import json
from typing import Any

from katalog.catalogue.model import Initiative
from katalog.catalogue.validate import ValidCatalogue
from katalog.language import grammar
from katalog.site.templating import render_template
from katalog.views import facts as render

PAGE = "sammenlign/index.md"
DATA_NAME = "indsatser.json"
DATA = f"sammenlign/{DATA_NAME}"
MAX_COMPARED = 4
# The fact-box lines a manager compares, in the case page's order (by their keys, views.facts.Fact.key),
# each with its row label: a row stands over two to four initiatives, so over several values ('Kommuner').
COMPARED_ROWS = (
    ("Kommune", grammar.label("kommune", 2)),
    ("Målgruppe", grammar.label("målgruppe", 2)),
    ("Indsatstype", grammar.label("indsatstype", 2)),
    ("Periode", "Periode"),
    ("Status", "Status"),
    ("Deltagere", "Deltagere"),
    ("Organisation", grammar.label("organisation", 2)),
)
COMPARED_FACTS = tuple(key for key, _ in COMPARED_ROWS)


def _by_name(catalogue: ValidCatalogue) -> list[Initiative]:
    return sorted(catalogue.initiatives, key=lambda i: render.danish_sort_key(i.name))


def initiative_data(item: Initiative, catalogue: ValidCatalogue) -> dict[str, Any]:
    """One column of the table: the compared facts, the results with evidence and time point, methods, sources."""
    ref = catalogue.reference
    facts = {f.key: f.text for f in render.facts(item, ref)}
    results = []
    for result in item.results:
        view = render.result_view(result, ref)
        results.append(
            {
                "measure": view.measure,
                "value": view.value,
                "time_point": view.time_point,
                "comparison": view.comparison,
                "evidence": view.evidence.value,
                "evidence_label": view.evidence_badge,
                "evidence_explained": view.evidence_explained,
            }
        )
    return {
        "id": item.id,
        "name": item.name,
        "href": f"../cases/{item.id}/",
        "facts": [facts[label] for label in COMPARED_FACTS],
        "results": results,
        "methods": [{"title": ref.methods[m].title, "href": f"../methods/{m}/"} for m in item.methods],
        "sources": [
            render.source_line(catalogue.sources[sid]) if sid in catalogue.sources else sid for sid in item.sources
        ],
    }


def compare_data(catalogue: ValidCatalogue) -> bytes:
    """The JSON the compare page reads: the row labels and every initiative, by name."""
    data = {
        "max": MAX_COMPARED,
        "facts": [row for _, row in COMPARED_ROWS],
        "initiatives": [initiative_data(item, catalogue) for item in _by_name(catalogue)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def compare_page(catalogue: ValidCatalogue) -> str:
    """/sammenlign/: how to compare, the place the table appears, and a link to every initiative."""
    return render_template("site/compare.md.j2", items=_by_name(catalogue), data=DATA_NAME, most=MAX_COMPARED)
