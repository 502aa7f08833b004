"""DCAT-AP-DK metadata for the open data: one ``dcat:Dataset`` with the JSON and the CSV as distributions.

Written as JSON-LD beside the downloads (``downloads/inspirationskatalog.dcat.jsonld``), so a
data portal (such as the Danish data portal's harvester) can find the title, description,
licence, publisher, contact and date of the open data. Title and description are Danish
(``@language: da``); the media types are IANA's, the formats the EU's file-type vocabulary.
Publisher, contact and the data's licence (on each distribution, as DCAT-AP has it) come from
the publication settings and are left out when not set. ``dct:modified`` is the newest "Sidst gennemgået" date among the records.

Addresses are absolute when the site's address (``site_url``) is known; otherwise relative
to this file, and a harvester resolves them against the address it fetched the file from.
"""

from __future__ import annotations

import json
from typing import Any

from katalog.catalogue.validate import ValidCatalogue
from katalog.views import export
from katalog.views.feed import site_base
from katalog.views.publication import Licence, Publication

DCAT_NAME = "inspirationskatalog.dcat.jsonld"
TITLE = "Inspirationskatalog: indsatser for udsatte borgere og udsatte boligområder"
DESCRIPTION = (
    "Beskæftigelsesindsatser for udsatte borgere og i udsatte boligområder: hvem de er for, hvor de foregår, "
    "hvem der samarbejder, metoder og resultater med tidspunkt, sammenligning, evidenstype og kilde."
)
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
DANISH = "http://publications.europa.eu/resource/authority/language/DAN"
# name, media type, EU file type, Danish title
DISTRIBUTIONS = (
    (export.JSON_NAME, "application/json", "JSON", "Alle indsatser, temaer og kilder som JSON"),
    (export.CSV_NAME, "text/csv", "CSV", "Alle indsatser som CSV til regneark (UTF-8, semikolon)"),
)


def _da(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "da"}


def _licence(licence: Licence) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "dct:LicenseDocument", "dct:title": licence.name}
    if licence.url:
        node["@id"] = licence.url
    return node


def as_jsonld(catalogue: ValidCatalogue, publication: Publication, site_url: str | None = None) -> str:
    """The metadata as JSON-LD text."""
    root = site_base(site_url)
    base = root + "downloads/" if root else ""
    site = root or "../"
    dates = [i.last_reviewed for i in catalogue.initiatives]
    distributions = []
    for name, media, file_type, title in DISTRIBUTIONS:
        dist: dict[str, Any] = {
            "@id": f"{base}{name}",
            "@type": "dcat:Distribution",
            "dct:title": _da(title),
            "dcat:downloadURL": {"@id": f"{base}{name}"},
            "dcat:accessURL": {"@id": f"{base}{name}"},
            "dcat:mediaType": {"@id": MEDIA_TYPE + media},
            "dct:format": {"@id": FILE_TYPE + file_type},
        }
        if publication.data_licence:
            dist["dct:license"] = _licence(publication.data_licence)
        distributions.append(dist)
    dataset: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{base}{DCAT_NAME}#datasaet",
        "@type": "dcat:Dataset",
        "dct:title": _da(TITLE),
        "dct:description": _da(DESCRIPTION),
        "dct:language": {"@id": DANISH},
        "dcat:keyword": [_da(k) for k in ("beskæftigelse", "udsatte boligområder", "inspirationskatalog")],
        "dcat:landingPage": {"@id": site},
        "dcat:distribution": distributions,
    }
    if dates:
        dataset["dct:modified"] = {"@value": max(dates).isoformat(), "@type": "xsd:date"}
    if publication.publisher:
        dataset["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": publication.publisher}
    if publication.contact:
        dataset["dcat:contactPoint"] = {
            "@type": "vcard:Organization",
            "vcard:fn": publication.publisher or "Inspirationskatalogets redaktion",
            "vcard:hasEmail": {"@id": f"mailto:{publication.contact}"},
        }
    return json.dumps(dataset, ensure_ascii=False, indent=2) + "\n"
