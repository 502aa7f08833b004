"""The Atom feed (katalog.views.feed) and the open data's DCAT-AP-DK metadata (katalog.views.dcat), parsed back."""

from __future__ import annotations

import datetime as dt
import json
import time

import feedparser
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.site import publishing
from katalog.views import dcat, feed
from katalog.views.publication import Licence, Publication

from .conftest import ROOT, TODAY

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SITE = "https://katalog.eksempel.dk/"
FULL = Publication(
    publisher="Eksempel Kommune",
    text_licence=Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.da"),
    data_licence=Licence("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.da"),
    contact="redaktion@eksempel.dk",
)


def _catalogue(path: str) -> ValidCatalogue:
    report = validate_file(ROOT / path, today=TODAY)
    assert report.catalogue is not None, report.problems
    return report.catalogue


@pytest.fixture(scope="module")
def shipped() -> ValidCatalogue:
    return _catalogue("data/initiatives.yaml")


def _day(parsed: time.struct_time) -> dt.date:
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


@pytest.mark.parametrize("site_url", [None, SITE])
def test_one_entry_per_initiative_with_its_review_date(shipped: ValidCatalogue, site_url: str | None) -> None:
    parsed = feedparser.parse(feed.as_atom(shipped, Publication(), site_url))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.title == feed.TITLE
    assert len(parsed.entries) == len(shipped.initiatives)
    by_id = {i.id: i for i in shipped.initiatives}
    seen = set()
    for entry in parsed.entries:
        iid = entry.link.rstrip("/").rsplit("/", 1)[-1]
        item = by_id[iid]
        seen.add(iid)
        assert entry.title == item.name
        assert _day(entry.updated_parsed) == item.last_reviewed
        assert entry.id == feed.entry_id(iid)
        expected = f"cases/{iid}/"
        assert entry.link == (SITE + expected if site_url else expected)
    assert seen == set(by_id)
    assert _day(parsed.feed.updated_parsed) == max(i.last_reviewed for i in shipped.initiatives)
    dates = [_day(e.updated_parsed) for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_the_same_data_gives_the_same_feed(shipped: ValidCatalogue) -> None:
    assert feed.as_atom(shipped, FULL, SITE) == feed.as_atom(shipped, FULL, SITE)


@pytest.mark.parametrize("fixture", ["web-plain-fields.yaml", "web-script-tags.yaml", "web-template-syntax.yaml"])
def test_hostile_titles_are_text(fixture: str) -> None:
    catalogue = _catalogue(f"tests/fixtures/hostile/{fixture}")
    raw = feed.as_atom(catalogue, Publication(publisher="<b>Udgiver</b> & co"), None)
    assert b"<svg" not in raw and b"<script" not in raw and b"<b>" not in raw
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.bozo_exception
    assert sorted(e.title for e in parsed.entries) == sorted(i.name for i in catalogue.initiatives)
    assert parsed.feed.author == "<b>Udgiver</b> & co"


def _graph(text: str, base: str = SITE + "downloads/") -> Graph:
    return Graph().parse(data=text, format="json-ld", publicID=base)


@pytest.mark.parametrize("site_url", [None, SITE])
def test_dcat_dataset_with_two_distributions(shipped: ValidCatalogue, site_url: str | None) -> None:
    graph = _graph(dcat.as_jsonld(shipped, FULL, site_url))
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    assert graph.value(dataset, DCT.title) == Literal(dcat.TITLE, lang="da")
    assert graph.value(dataset, DCT.description).language == "da"  # type: ignore[union-attr]
    newest = max(i.last_reviewed for i in shipped.initiatives)
    assert graph.value(dataset, DCT.modified).toPython() == newest  # type: ignore[union-attr]
    publisher = graph.value(dataset, DCT.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Eksempel Kommune")
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 2
    media = {str(graph.value(d, DCAT.mediaType)).rsplit("/", 2)[-2:][1] for d in distributions}
    assert media == {"json", "csv"}
    downloads = {str(graph.value(d, DCAT.downloadURL)) for d in distributions}
    assert downloads == {SITE + "downloads/inspirationskatalog.json", SITE + "downloads/inspirationskatalog.csv"}
    for d in distributions:
        assert (d, RDF.type, DCAT.Distribution) in graph
        assert graph.value(d, DCT.license) == URIRef(str(FULL.data_licence and FULL.data_licence.url))
        assert str(graph.value(d, DCT["format"])).startswith(dcat.FILE_TYPE)


def test_dcat_leaves_out_what_is_not_set(shipped: ValidCatalogue) -> None:
    text = dcat.as_jsonld(shipped, Publication(), None)
    graph = _graph(text)
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    assert graph.value(dataset, DCT.publisher) is None
    assert graph.value(dataset, DCAT.contactPoint) is None
    assert not list(graph.triples((None, DCT.license, None)))
    assert "license" not in text and "publisher" not in text
    json.loads(text)


def test_the_site_gets_both_files(shipped: ValidCatalogue) -> None:
    files = publishing.site_files(shipped, Publication(), None)
    assert set(files) == {"feed.xml", "downloads/inspirationskatalog.dcat.jsonld"}


@pytest.mark.parametrize(
    ("site_url", "base"),
    [
        ("https://x.dk/katalog/", "https://x.dk/katalog/"),
        ("https://x.dk/katalog", "https://x.dk/katalog/"),
        ("HTTPS://x.dk/a/b/c/", "https://x.dk/a/b/c/"),
        # MkDocs keeps a query and a fragment; in the middle of every link they would break it.
        ("https://x.dk/katalog/?utm=1#top", "https://x.dk/katalog/"),
        ("https://x.dk/min mappe/", "https://x.dk/min%20mappe/"),
        # MkDocs accepts any scheme with a host: a script address is not made into every link.
        ("javascript://x.dk/%0aalert(1)/", None),
        ("data://x.dk/", None),
        ("file:///etc/", None),
        ("", None),
    ],
)
def test_site_url_becomes_a_safe_base(shipped: ValidCatalogue, site_url: str, base: str | None) -> None:
    parsed = feedparser.parse(feed.as_atom(shipped, Publication(), site_url))
    assert not parsed.bozo
    links = [parsed.feed.link] + [e.link for e in parsed.entries]
    if base:
        assert all(link.startswith(base) for link in links), links
        assert parsed.entries[0].link.startswith(base + "cases/")
    else:
        assert all(link.startswith("cases/") for link in links), links
    metadata = json.loads(dcat.as_jsonld(shipped, FULL, site_url))
    assert metadata["dcat:landingPage"]["@id"] == (base or "../")
    addresses = [metadata["@id"]] + [d["dcat:downloadURL"]["@id"] for d in metadata["dcat:distribution"]]
    assert all(a.startswith((base or "") + ("downloads/" if base else "")) for a in addresses), addresses
    assert not any("javascript" in a or "?" in a or "#top" in a for a in addresses)
