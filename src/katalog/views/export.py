"""Open data: the validated catalogue as JSON and as CSV for spreadsheets.

JSON keeps every field as the data model has it (plus each record's page
address). CSV has one row per initiative with Danish column names and list
fields joined by " | "; it is UTF-8 with a byte-order mark and semicolons, so
Danish Excel opens it with æøå and decimal commas intact.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab,
carriage return or line feed before one) as a formula, so record text could make
Excel run ``=HYPERLINK(…)`` or worse. Every such cell gets a leading ``'``, OWASP's
rule for CSV injection: Excel then shows the text as written. Every cell is record
text (no column holds a bare number), so this applies to all of them; a value such as
"-5 pct." reads the same with the quote mark. The full-width forms of the four
characters are treated the same way, as some spreadsheets fold them to ASCII.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from katalog.catalogue.model import STATUS_LABELS, Initiative
from katalog.catalogue.validate import ValidCatalogue
from katalog.views import facts as render

JSON_NAME = "inspirationskatalog.json"
CSV_NAME = "inspirationskatalog.csv"
JOIN = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_COLUMNS = (
    "id",
    "navn",
    "resumé",
    "kommuner",
    "regioner",
    "boligområder",
    "steder",
    "målgrupper",
    "indsatstyper",
    "metoder",
    "status",
    "periode",
    "deltagere",
    "organisationer",
    "resultater",
    "kontakter",
    "kilder",
    "sidst gennemgået",
    "side",
)


def as_json(catalogue: ValidCatalogue) -> str:
    data: dict[str, Any] = {
        "beskrivelse": "Inspirationskatalogets indsatser, temaer og kilder som åbne data.",
        "initiatives": [
            {**item.model_dump(mode="json"), "page": f"cases/{item.id}/"} for item in catalogue.initiatives
        ],
        "themes": [theme.model_dump(mode="json") for theme in catalogue.themes],
        "sources": [source.model_dump(mode="json") for source in catalogue.sources.values()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _row(item: Initiative, catalogue: ValidCatalogue) -> list[str]:
    ref = catalogue.reference
    facts = {f.key: f for f in render.facts(item, ref)}
    regions = {ref.municipalities[m].region: None for m in item.municipalities if m in ref.municipalities}
    results = []
    for result in item.results:
        view = render.result_view(result, ref)
        results.append(f"{view.measure}: {view.value} ({view.time_point}; {view.comparison}; {view.evidence_label})")
    contacts = [", ".join([*render.contact_parts(c), *(x for x in (c.email, c.phone) if x)]) for c in item.contacts]
    sources = [render.source_line(catalogue.sources[s]) for s in item.sources if s in catalogue.sources]
    return [
        item.id,
        item.name,
        render.one_line(item.summary),
        JOIN.join(item.municipalities),
        JOIN.join(regions),
        JOIN.join(item.housing_areas),
        JOIN.join(item.venues),
        JOIN.join(ref.target_groups[t].label for t in item.target_groups),
        JOIN.join(ref.kinds[k].label for k in item.kinds),
        JOIN.join(ref.methods[m].title for m in item.methods if m in ref.methods),
        STATUS_LABELS[item.status],
        JOIN.join(facts["Periode"].values),
        JOIN.join(facts["Deltagere"].values),
        JOIN.join(facts["Organisation"].values),
        JOIN.join(results),
        JOIN.join(contacts),
        JOIN.join(sources),
        item.last_reviewed.isoformat(),
        f"cases/{item.id}/",
    ]


def text_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` when it would otherwise start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def as_csv(catalogue: ValidCatalogue) -> str:
    """The CSV text (without the byte-order mark, which :func:`write` adds)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for item in catalogue.initiatives:
        writer.writerow([text_cell(cell) for cell in _row(item, catalogue)])
    return buffer.getvalue()


def files(catalogue: ValidCatalogue) -> dict[str, bytes]:
    """Both files as bytes by name; the CSV starts with a UTF-8 byte-order mark for Excel."""
    return {
        JSON_NAME: as_json(catalogue).encode("utf-8"),
        CSV_NAME: as_csv(catalogue).encode("utf-8-sig"),
    }
