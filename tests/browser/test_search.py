"""Search in a real browser: Danish queries find the right pages, from the header and the search page.

The site is the shipped build (Pagefind indexes it in the build's post-build hook),
served under a sub-path. Every page is opened through the guarded fixtures, so a
test also fails if the search loads anything from another host or throws.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Server, Traffic, screenshot
from tests.browser.search_queries import QUERIES, SearchQuery

CASE = "cases/energi-til-hinanden/"
GREVE = "cases/indsats-for-aegtefaelleforsoergede-kvinder/"
TOP = 5


def _search(page: Page, site: Server, query: str) -> None:
    page.goto(site.at("sog/?q=" + quote(query)))
    _wait_for_results(page)


def _wait_for_results(page: Page) -> None:
    page.wait_for_selector("#sog-results[data-state=done]", state="attached")


def _hits(page: Page, site: Server) -> list[str]:
    """The result links in order, as paths relative to the site root (``cases/x/``)."""
    hrefs: list[str] = page.locator("#sog-results a").evaluate_all("links => links.map(a => a.href)")
    outside = [href for href in hrefs if not href.startswith(site.url)]
    assert outside == [], f"result links leave the site's sub-path {site.url}: {outside}"
    return [href[len(site.url) :] for href in hrefs]


@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_query_finds_expected_page(shipped_site: Server, page: Page, query: SearchQuery) -> None:
    _search(page, shipped_site, query.text)
    hits = _hits(page, shipped_site)
    assert query.expected in hits[:TOP], (
        f"»{query.text}« ({query.kind}) should find {query.expected} in the first {TOP}; "
        f"it found: {hits[:TOP] or 'nothing'} ({page.locator('#sog-status').inner_text()!r})"
    )


def test_results_are_announced(shipped_site: Server, page: Page) -> None:
    # The live region is in the served HTML, empty, before any script fills it: only then is a change announced.
    served = page.request.get(shipped_site.at("sog/")).text()
    assert re.search(r'<p[^>]*id="sog-status"[^>]*role="status"[^>]*aria-live="polite"[^>]*></p>', served), served
    _search(page, shipped_site, "kvinderne")
    status = page.locator("#sog-status")
    items = page.locator("#sog-results > li")
    expect(status).to_have_text(f"{items.count()} resultater for »kvinderne«")
    assert 1 < items.count() <= 10
    first = items.first
    expect(first.locator("h2 a")).to_have_text("Indsatsen for ægtefælleforsørgede kvinder")
    expect(first.locator(".katalog-sog__kind")).to_have_text("Indsats")
    # Pagefind stems Danish: "kvinderne" is marked where the page says "kvinder" or "kvinderne".
    marks = [m.lower() for m in first.locator(".katalog-sog__excerpt mark").all_inner_texts()]
    assert marks and all(m.startswith("kvind") for m in marks), marks
    expect(page.locator("#sog-q")).to_have_value("kvinderne")
    expect(page).to_have_title(re.compile("»kvinderne«"))


def test_result_link_opens_the_page(shipped_site: Server, page: Page) -> None:
    _search(page, shipped_site, "Team Ildfugle")
    page.locator("#sog-results a").first.click()
    expect(page).to_have_url(shipped_site.at("cases/team-ildfugle/"))
    expect(page.locator("h1")).to_have_text("Team Ildfugle")


def test_no_results_says_so(shipped_site: Server, page: Page) -> None:
    _search(page, shipped_site, "zxqvjbrk")
    expect(page.locator("#sog-status")).to_have_text(re.compile(r"^Ingen resultater for »zxqvjbrk«\."))
    expect(page.locator("#sog-results > li")).to_have_count(0)


def test_phrase_without_a_page_for_every_word_shows_partial_matches(shipped_site: Server, page: Page) -> None:
    _search(page, shipped_site, "beboere der passer de grønne områder")
    expect(page.locator("#sog-status")).to_have_text(
        re.compile(r"^Ingen sider har alle ordene i »beboere der passer de grønne områder«\. Her er \d+ resultat")
    )
    assert _hits(page, shipped_site)[0] == "cases/det-groenne-sjak/"


def test_search_page_is_not_a_result(shipped_site: Server, page: Page) -> None:
    # Words that appear only on the search page itself (its hint and no-JavaScript message).
    for query in ("Søgefeltet virker kun", "Søg i kataloget"):
        _search(page, shipped_site, query)
        assert "sog/" not in _hits(page, shipped_site), query


def test_search_again_on_the_search_page(shipped_site: Server, page: Page) -> None:
    _search(page, shipped_site, "Esbjerg")
    field = page.locator("#sog-q")
    field.fill("Urbanplanen")
    field.press("Enter")
    expect(page.locator("#sog-status")).to_have_text(re.compile("»Urbanplanen«"))
    _wait_for_results(page)
    assert _hits(page, shipped_site)[0] == "cases/ncc-unge-fra-urbanplanen/"
    assert urlsplit(page.url).query == "q=Urbanplanen"
    page.go_back()
    expect(page.locator("#sog-q")).to_have_value("Esbjerg")
    expect(page.locator("#sog-status")).to_have_text(re.compile("»Esbjerg«"))


def test_header_form_submits_to_search_page(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    form = page.get_by_role("search", name="Søg i kataloget")
    field = form.get_by_role("combobox", name="Søg i kataloget")  # searchbox without JavaScript
    expect(field).to_be_visible()
    expect(form.get_by_role("button", name="Søg")).to_be_visible()
    field.click()
    field.press_sequentially("kvinderne")
    field.press("Enter")
    page.wait_for_url(shipped_site.at("sog/?q=kvinderne"))
    _wait_for_results(page)
    assert GREVE in _hits(page, shipped_site)[:TOP]
    page.goto(shipped_site.at(CASE))
    screenshot(page, "search-header-desktop")


def test_header_search_is_keyboard_reachable(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    presses = 0
    while page.evaluate("document.activeElement.id") != "katalog-search-q":
        presses += 1
        if presses > 4:
            pytest.fail("the header search field is not among the first 4 stops of Tab")
        page.keyboard.press("Tab")
    page.keyboard.type("Varbergparken")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Søg"
    page.keyboard.press("Enter")  # the submit button
    page.wait_for_url(shipped_site.at("sog/?q=Varbergparken"))
    _wait_for_results(page)
    # From the results, Tab reaches the first result link.
    page.locator("#sog-q").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#sog-results') !== null"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("cases/det-groenne-sjak/")


def test_phone_header_opens_search_box(shipped_site: Server, phone_page: Page) -> None:
    # On a phone the header has only a search icon: a link to the search page, which
    # header-search.js turns into a button that opens the search box over the header.
    phone_page.goto(shipped_site.at(CASE))
    expect(phone_page.locator("#katalog-search-q")).to_be_hidden()
    icon = phone_page.locator("a.katalog-search__link")
    expect(icon).to_have_attribute("href", "../../sog/")
    expect(icon).to_have_accessible_name("Søg")
    expect(icon).to_be_visible()
    box = icon.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    screenshot(phone_page, "search-header-phone")
    icon.click()
    field = phone_page.locator("#katalog-search-q")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    field.press_sequentially("fritidsjob")
    expect(phone_page.locator("#katalog-search-list [role=option]").first).to_be_visible()
    field.press("Enter")
    phone_page.wait_for_url(shipped_site.at("sog/?q=fritidsjob"))
    expect(phone_page.locator("#sog-status")).to_have_text(re.compile("»fritidsjob«"))
    _wait_for_results(phone_page)
    assert _hits(phone_page, shipped_site)[0] == "cases/fritidsjobindsatser/"
    screenshot(phone_page, "search-phone")


def test_phone_search_link_without_javascript(shipped_site: Server, nojs_page: Page) -> None:
    # Without JavaScript the phone's search icon is a plain link to the search page.
    page = nojs_page
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(shipped_site.at(CASE))
    link = page.get_by_role("link", name="Søg", exact=True)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(shipped_site.at("sog/"))


def test_search_page_without_javascript(shipped_site: Server, nojs_page: Page) -> None:
    nojs_page.goto(shipped_site.at("sog/?q=kvinderne"))
    message = nojs_page.locator(".katalog-sog__nojs")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Søgningen kræver JavaScript")
    expect(nojs_page.locator("#sog-q")).to_be_hidden()  # a form that cannot search is not offered
    links = message.locator("a")
    expect(links).to_have_text(["Indsatser", "Målgrupper", "Kommuner", "Temaer"])
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(shipped_site.url), href
        response = nojs_page.request.get(href)
        assert response.status == 200, f"{href}: {response.status}"
    links.first.click()
    expect(nojs_page.locator("h1")).to_have_text("Indsatser")


def test_search_css_is_loaded(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    # The label is visually hidden by search.css (still read by screen readers).
    box = page.locator("label[for=katalog-search-q]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, "search.css is not applied (extra_css)"


def test_search_page_passes_axe(shipped_site: Server, page: Page, phone_page: Page) -> None:
    for current in (page, phone_page):
        _search(current, shipped_site, "kvinderne")
        results = Axe().run(current, context={"include": [[".md-header"], [".katalog-sog"]]})
        assert results.violations_count == 0, results.generate_report()
    screenshot(page, "search-desktop")


def test_record_text_in_results_is_text(injection_site: Server, page: Page, traffic: Traffic) -> None:
    _search(page, injection_site, "markup")
    results = page.locator("#sog-results")
    expect(results.locator("h2 a").first).to_have_text('<script>alert("navn")</script> Indsats med markup')
    assert results.locator("script, img, iframe, svg, [onerror], [onload]").count() == 0
    assert traffic.dialogs == [], f"record text ran as script: {traffic.dialogs}"
