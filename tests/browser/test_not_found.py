"""The 404 page under a sub-path: served for a deep address that does not exist, it still gets its CSS and JS.

A static host (GitHub Pages) answers every missing address with 404.html, at whatever depth
the address has, so the page cannot use links relative to itself. MkDocs writes them from
the path of ``site_url``, which ``katalog build`` takes from ``$KATALOG_SITE_URL``; the site
here is built with the test server's sub-path as that address.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response, Route, expect

from tests.browser.conftest import SUBPATH, Server, _serve, build, screenshot
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shipped catalogue built for http://127.0.0.1{SUBPATH} (without PDFs), served there."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KATALOG_SITE_URL", f"http://127.0.0.1{SUBPATH}")
        site = build(ROOT / "data" / "initiatives.yaml", tmp_path_factory.mktemp("published") / "site")
    yield from _serve(site)


def test_404_page_loads_its_assets_at_a_deep_address(published_site: Server, page: Page) -> None:
    deep = published_site.at("findes/ikke/her/")
    not_found = (published_site.root / "404.html").read_bytes()

    def answer_like_a_static_host(route: Route) -> None:
        route.fulfill(status=404, body=not_found, content_type="text/html; charset=utf-8")

    page.route(deep, answer_like_a_static_host)
    failed: list[str] = []
    loaded: list[str] = []

    def note(response: Response) -> None:
        if response.url == deep:
            return
        (failed if response.status >= 400 else loaded).append(f"{response.status} {response.url}")

    page.on("response", note)
    page.on("requestfailed", lambda request: failed.append(f"{request.failure} {request.url}"))
    response = page.goto(deep)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")

    assert failed == []
    assets = [url.split(" ", 1)[1] for url in loaded]
    css = [url for url in assets if url.endswith(".css")]
    js = [url for url in assets if url.endswith(".js")]
    assert css and js, assets
    assert all(url.startswith(published_site.at("assets/")) for url in css + js), assets
    expect(page.locator("h1")).to_have_text("Siden findes ikke")
    expect(page).to_have_title("Siden findes ikke – Inspirationskatalog")
    # Material's stylesheet is applied (the header is fixed at the top) and its script ran (the
    # header's title component is set up, which only bundle.js does).
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    expect(page.locator("[data-md-component=header-title]")).to_have_class("md-header__title")
    # The menu's links lead into the site under the sub-path, not to the server's root.
    hrefs = page.locator(".md-nav--primary a.md-nav__link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(href.startswith(published_site.url) for href in hrefs), hrefs


def test_404_page_leads_on_to_the_front_page_the_overview_and_the_search(published_site: Server, page: Page) -> None:
    """From a deep missing address, the page's own links and its search form lead into the site under the sub-path."""
    deep = published_site.at("findes/ikke/her/")
    not_found = (published_site.root / "404.html").read_bytes()
    page.route(deep, lambda route: route.fulfill(status=404, body=not_found, content_type="text/html; charset=utf-8"))
    page.goto(deep)
    content = page.locator("article.md-content__inner")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, "not-found-desktop")
    assert content.get_by_role("link", name="forsiden").evaluate("a => a.href") == published_site.url
    assert content.get_by_role("link", name="indsatserne").evaluate("a => a.href") == published_site.at("cases/")

    content.get_by_role("link", name="indsatserne").click()
    expect(page).to_have_url(published_site.at("cases/"))
    expect(page.locator("h1")).to_have_text("Indsatser")

    page.goto(deep)
    content.get_by_role("searchbox", name="Hvad leder du efter?").fill("fritidsjob")
    content.get_by_role("button", name="Søg").click()
    expect(page).to_have_url(published_site.at("sog/?q=fritidsjob"))
    expect(page.locator("#sog-results a").first).to_be_visible()
    assert "Fritidsjob" in page.locator("#sog-results").inner_text()


def test_404_page_on_a_phone(published_site: Server, phone_page: Page) -> None:
    """The Danish 404 page at phone width: heading, links and search form, and axe finds nothing."""
    deep = published_site.at("findes/ikke/her/")
    not_found = (published_site.root / "404.html").read_bytes()
    phone_page.route(
        deep, lambda route: route.fulfill(status=404, body=not_found, content_type="text/html; charset=utf-8")
    )
    phone_page.goto(deep)
    expect(phone_page.locator("h1")).to_have_text("Siden findes ikke")
    expect(phone_page.locator("article").get_by_role("searchbox", name="Hvad leder du efter?")).to_be_visible()
    results = Axe().run(phone_page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(phone_page, "not-found-phone")
