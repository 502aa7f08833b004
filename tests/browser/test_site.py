"""The built site in a real browser: case pages, browse pages, downloads, accessibility, record text as data.

Every page is opened through the guarded fixtures, so each test also fails if
the page asks another host for anything or throws a JavaScript error.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server, Traffic, screenshot

GREVE = "cases/indsats-for-aegtefaelleforsoergede-kvinder/"
ESBJERG = "cases/energi-til-hinanden/"


def _pairs(scope: Page | Locator, selector: str) -> list[tuple[str, str]]:
    rows = scope.locator(f"{selector} dl > div")
    return [(row.locator("dt").inner_text(), row.locator("dd").inner_text()) for row in rows.all()]


def test_case_page_fact_box(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(GREVE))
    expect(page.locator("h1")).to_have_text("Indsatsen for ægtefælleforsørgede kvinder")
    assert _pairs(page, ".katalog-facts") == [
        ("Kommune", "Greve"),
        ("Boligområde", "Ikke oplyst"),
        ("Målgruppe", "Ægtefælleforsørgede indvandrerkvinder"),
        ("Indsatstype", "Danskundervisning"),
        ("Periode", "Ikke oplyst"),
        ("Status", "Ukendt"),
        ("Deltagere", "Ikke oplyst"),
        ("Organisation", "Ikke oplyst"),
    ]


def test_case_page_result_with_chart(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(GREVE))
    first = page.locator(".katalog-result").first
    expect(first.locator("h3")).to_have_text("Andel der kommer i løntilskud, ordinært arbejde eller uddannelse")
    expect(first.locator(".katalog-figure")).to_have_text("58 pct.")
    assert _pairs(first, ":scope")[:3] == [
        ("Hvem", "Kvinderne i indsatsen i Greve"),
        ("Tidspunkt", "ikke oplyst i kilden"),
        ("Sammenligning", "Kontrolgruppe: 37 pct."),
    ]
    chart = first.locator("figure.katalog-chart svg[role=img]")
    expect(chart).to_have_attribute(
        "aria-label",
        "Andel der kommer i løntilskud, ordinært arbejde eller uddannelse: "
        "Kvinderne i indsatsen i Greve: 58 pct.; Kontrolgruppe: 37 pct..",
    )
    assert chart.locator("text").all_text_contents() == [
        "Kvinderne i indsatsen i Greve",
        "58 pct.",
        "Kontrolgruppe",
        "37 pct.",
    ]
    widths = [float(w or 0) for w in chart.locator("rect").evaluate_all("rs => rs.map(r => r.getAttribute('width'))")]
    assert widths[0] > widths[1] > 0, "the bars must be drawn to scale"
    # A result without a comparison says so honestly, and has no chart.
    second = page.locator(".katalog-result").nth(1)
    expect(second).to_contain_text("Ingen sammenligningsgruppe")
    expect(second.locator("svg")).to_have_count(0)


def test_source_words_open_on_request_beside_the_result(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(GREVE))
    first = page.locator(".katalog-result").first
    words = first.locator("details.katalog-passage p")
    expect(words).to_be_hidden()
    first.locator("details.katalog-passage summary").click()
    expect(words).to_be_visible()
    expect(words).to_contain_text("I kontrolgruppen gælder det for 37 pct.")
    expect(first.locator(".katalog-evidence").first).to_have_text("Kontrolgruppe (trin 1 af 7)")


def test_evidence_page_is_in_the_menu(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(""))
    expect(page.locator("article a[href='evidens/']")).to_have_text("Sådan vurderer vi evidensen")
    page.goto(shipped_site.at("evidens/"))
    expect(page.locator("h1")).to_have_text("Sådan vurderer vi evidensen")
    expect(page.locator("article h3 .katalog-evidence")).to_have_count(7)


def test_case_page_sections(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(ESBJERG))
    headings = page.locator("article h2").all_inner_texts()
    assert headings == [
        "Fakta",
        "Beskrivelse",
        "Resultater",
        "Mål",
        "Metoder",
        "Opmærksomhedspunkter",
        "Citater",
        "Kontakt",
        "Kilder",
    ]
    expect(page.locator(".katalog-contact a[href='mailto:pind@esbjerg.dk']")).to_have_text("pind@esbjerg.dk")
    expect(page.locator(".katalog-reviewed")).to_have_text("Sidst gennemgået 22. november 2026.")
    expect(page.locator("article")).to_contain_text(
        re.compile(r"Posten står i data/initiatives\.yaml, linje \d+–\d+\.")
    )
    page.get_by_role("link", name="Relationel velfærd").first.click()
    expect(page.locator("h1")).to_have_text("Relationel velfærd")
    assert page.url == shipped_site.at("methods/relationel-velfaerd/")


def test_description_headings_sit_under_the_page_headings(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(ESBJERG))
    # The record's own "## Relationer ..." becomes an h3 under "Beskrivelse".
    expect(page.locator("article h3", has_text="Relationer og fællesskab som faglig metode")).to_have_count(1)


def test_method_page_lists_its_initiatives(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("methods/virksomhedssamarbejde/"))
    section = page.locator("article ul").last
    assert section.locator("li").all_inner_texts() == [
        "Energi til hinanden: Esbjerg",
        "NCC og de unge fra Urbanplanen: Urbanplanen",
        "Partnerskab mellem kommune og virksomhed: Sted ikke oplyst",
    ]
    section.get_by_role("link", name="Energi til hinanden").click()
    expect(page).to_have_url(shipped_site.at(ESBJERG))


def test_theme_attention_points_on_case_and_theme_page(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("cases/team-ildfugle/"))
    expect(page.locator("article")).to_contain_text(
        "Det kræver en prioriteret indsats at opsøge og vedligeholde kontakt til virksomheder."
    )
    page.get_by_role("link", name="Virksomhederne på banen").click()
    expect(page.locator("h1")).to_have_text("Virksomhederne på banen")
    assert page.locator("ol li").count() == 3
    cards = page.locator(".katalog-card h3").all_inner_texts()
    assert sorted(cards) == ["Fritidsjobindsatser", "Team Ildfugle"]


def test_browse_pages(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("kommuner/"))
    page.get_by_role("link", name="Esbjerg").click()
    expect(page.locator("h1")).to_have_text("Esbjerg Kommune")
    expect(page.locator(".katalog-card h3")).to_have_text(["Energi til hinanden"])
    page.goto(shipped_site.at("malgrupper/"))
    page.get_by_role("link", name="Ægtefælleforsørgede indvandrerkvinder").click()
    expect(page.locator("h1")).to_have_text("Ægtefælleforsørgede indvandrerkvinder")
    expect(page.locator(".katalog-card h3")).to_have_text(["Indsatsen for ægtefælleforsørgede kvinder"])
    page.locator(".katalog-card h3 a").click()
    expect(page).to_have_url(shipped_site.at(GREVE))


def test_open_data_downloads(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("cases/"))
    csv_link = page.get_by_role("link", name="CSV (til Excel)")
    json_link = page.get_by_role("link", name="JSON")
    raw = page.request.get(shipped_site.at("cases/") + str(csv_link.get_attribute("href"))).body()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV needs a UTF-8 byte-order mark for Excel"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "navn", "resumé"]
    assert len(rows) == 12 and all(len(r) == len(rows[0]) for r in rows)
    greve = next(r for r in rows if r[0] == "indsats-for-aegtefaelleforsoergede-kvinder")
    assert greve[1] == "Indsatsen for ægtefælleforsørgede kvinder"
    assert greve[rows[0].index("kommuner")] == "Greve"
    assert greve[rows[0].index("regioner")] == "Region Sjælland"
    data = json.loads(page.request.get(shipped_site.at("cases/") + str(json_link.get_attribute("href"))).body())
    assert len(data["initiatives"]) == 11 and data["initiatives"][0]["id"] == "energi-til-hinanden"


def _size_text(size: int) -> str:
    return f"{max(1, round(size / 1000))} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB".replace(".", ",")


@pytest.mark.parametrize("path", ["", "cases/", ESBJERG])
def test_booklet_is_linked_with_its_size(shipped_site: Server, page: Page, path: str) -> None:
    """Front page, overview and case pages link the whole booklet; the link's size is the real file's."""
    page.goto(shipped_site.at(path))
    link = page.get_by_role("link", name=re.compile("kataloget som PDF-hæfte"))
    expect(link).to_have_attribute("download", "")
    response = page.request.get(page.url + str(link.get_attribute("href")))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    if path != ESBJERG:  # the case page names its own PDF's size, the others the booklet's
        expect(link.locator("xpath=..")).to_contain_text(_size_text(len(body)))


def test_theme_page_links_the_themes_booklet(shipped_site: Server, page: Page) -> None:
    from pypdf import PdfReader

    page.goto(shipped_site.at("temaer/samarbejdet/"))
    link = page.get_by_role("link", name="Hent temaet som PDF-hæfte")
    body = page.request.get(page.url + str(link.get_attribute("href"))).body()
    reader = PdfReader(io.BytesIO(body))
    expect(link.locator("xpath=..")).to_contain_text(f"(A5, {len(reader.pages)} sider, {_size_text(len(body))})")
    assert "Tema: Samarbejde giver synergi" in " ".join(reader.pages[0].extract_text().split())


def test_each_case_page_links_its_own_pdf(shipped_site: Server, page: Page) -> None:
    from pypdf import PdfReader

    for case in (ESBJERG, GREVE):
        page.goto(shipped_site.at(case))
        link = page.get_by_role("link", name="Hent indsatsen som PDF")
        href = str(link.get_attribute("href"))
        assert href.endswith(f"downloads/indsatser/{case.split('/')[1]}.pdf")
        body = page.request.get(page.url + href).body()
        expect(link.locator("xpath=..")).to_contain_text(f"(A5, {_size_text(len(body))})")
        reader = PdfReader(io.BytesIO(body))
        heading = page.locator("h1").inner_text()
        assert reader.metadata is not None and reader.metadata.title == heading
        assert heading in " ".join(reader.pages[0].extract_text().split())


def test_every_page_loads_only_from_the_site(shipped_site: Server, page: Page, traffic: Traffic) -> None:
    """Open every built page; no request may leave the test server and none may fail."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    html_pages = sorted(p for p in shipped_site.root.rglob("index.html"))
    assert len(html_pages) > 40
    for html_page in html_pages:
        page.goto(shipped_site.at(html_page.parent.relative_to(shipped_site.root).as_posix() + "/"))
    assert failed == []
    assert traffic.external == []
    assert any(url.endswith(".css") for url in traffic.requests)


AXE_PAGES = [
    "",
    "cases/",
    "cases/?malgruppe=unge&evidens=kontrolgruppe",
    ESBJERG,
    GREVE,
    "methods/empowerment/",
    "temaer/den-lokale-indsats/",
    "kommuner/esbjerg/",
    "tilgaengelighed/",
    "sog/?q=kvinderne",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violations(shipped_site: Server, page: Page, path: str) -> None:
    page.goto(shipped_site.at(path))
    if path.startswith("sog/"):
        expect(page.locator("#sog-results li").first).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_on_phone(shipped_site: Server, phone_page: Page) -> None:
    for path in ("", "cases/", ESBJERG):
        phone_page.goto(shipped_site.at(path))
        results = Axe().run(phone_page)
        assert results.violations_count == 0, f"{path}: {results.generate_report()}"


INJECTED = '<script>alert("navn")</script> Indsats med markup'


def _no_script_ran(page: Page, traffic: Traffic) -> None:
    assert traffic.dialogs == [], f"record text ran as script: {traffic.dialogs}"
    article = page.locator("article")
    assert article.locator("script:not([src]), iframe, img[onerror], svg[onload], [onmouseover]").count() == 0
    hrefs = article.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href') || '')")
    assert not [h for h in hrefs if h.replace("\t", "").lower().startswith("javascript:")]


def test_record_text_is_data_on_the_case_page(injection_site: Server, page: Page, traffic: Traffic) -> None:
    page.goto(injection_site.at("cases/script-i-navnet/"))
    expect(page.locator("h1")).to_have_text(INJECTED)
    expect(page.locator(".katalog-lead")).to_have_text(
        'Resumé <img src=x onerror=alert("resume")> og *stjerner* og `kode` og ]]> og </p>.'
    )
    expect(page.locator("article strong", has_text="fed tekst")).to_have_count(1)  # Markdown still renders
    expect(page.locator("article")).to_contain_text('<script>alert("beskrivelse")</script>')
    # java&#x09;script: is javascript: to a browser (entities decoded, the tab dropped): also unlinked.
    expect(page.locator("article .katalog-unsafe-link")).to_have_text(["farligt link", "skjult"])
    expect(page.locator("article a[href='https://example.dk/side']")).to_have_text("sikkert link")
    website = page.locator("article a", has_text='https://example.dk/"><script>alert("web")</script>')
    expect(website).to_have_attribute("href", 'https://example.dk/"><script>alert("web")</script>')
    expect(page.locator(".katalog-contact")).to_contain_text("Navn\" onmouseover=\"alert('kontakt')")
    expect(page.locator(".katalog-chart svg text").first).to_have_text("'; alert('population'); '")
    page.locator("article").hover()
    page.locator(".katalog-contact").hover()
    _no_script_ran(page, traffic)


def test_record_text_is_data_on_lists_and_search(injection_site: Server, page: Page, traffic: Traffic) -> None:
    for path in ("cases/", "temaer/tema-med-markup/", "kommuner/roskilde/", "malgrupper/unge/"):
        page.goto(injection_site.at(path))
        expect(page.locator(".katalog-card a").first).to_have_text(INJECTED)
        _no_script_ran(page, traffic)
    page.goto(injection_site.at("sog/?q=alert"))
    expect(page.locator("#sog-results li").first).to_be_visible()
    _no_script_ran(page, traffic)


def test_screenshots(shipped_site: Server, page: Page, phone_page: Page) -> None:
    """Save the pages a person should look at: front page, overview, a case page, at both widths."""
    saved: list[Path] = []
    for width, target in (("desktop", page), ("phone", phone_page)):
        for name, path in (("forside", ""), ("indsatser", "cases/"), ("indsats", GREVE)):
            target.goto(shipped_site.at(path))
            saved.append(screenshot(target, f"{name}-{width}"))
    assert len(saved) == 6 and all(p.stat().st_size > 10_000 for p in saved)
