"""Search as you type in the header, keyboard only, in a real browser (assets/javascripts/header-search.js).

The site is the shipped build served under a sub-path; every page is opened through the
guarded fixtures, so a test also fails on a request to another host, a CSP violation or a
JavaScript error. The relevance queries are those the search page must answer
(tests/browser/search_queries.py): the header lists the same pages in the same order.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import SCREENSHOTS, Server, Traffic
from tests.browser.search_queries import QUERIES, SearchQuery

CASE = "cases/energi-til-hinanden/"
TOP = 5
BOX = "#katalog-search-q"
PANEL = ".katalog-search__panel"
OPTIONS = "#katalog-search-list [role=option]"
KINDS = {"cases/": "Indsats", "methods/": "Metode"}


def _tab_to_box(page: Page) -> None:
    for _ in range(5):
        if page.evaluate("document.activeElement.id") == "katalog-search-q":
            return
        page.keyboard.press("Tab")
    pytest.fail("the header search box is not among the first 5 stops of Tab")


def _type(page: Page, text: str) -> None:
    """Type ``text`` key by key into the focused box and wait until the list shows the results for the box's text."""
    page.keyboard.type(text)
    page.wait_for_function(
        """() => { const p = document.querySelector('.katalog-search__panel');
                   const q = document.getElementById('katalog-search-q').value.trim();
                   return p && !p.hidden && p.dataset.state === 'done' && p.dataset.query === q; }""",
    )


def _options(page: Page, site: Server) -> list[str]:
    """The listed pages in order, relative to the site root (``cases/x/``); all inside the sub-path."""
    urls: list[str] = page.locator(OPTIONS).evaluate_all(
        "items => items.map(i => new URL(i.dataset.url, location.href).href)"
    )
    outside = [url for url in urls if not url.startswith(site.url)]
    assert outside == [], f"results leave the site's sub-path {site.url}: {outside}"
    return [url[len(site.url) :] for url in urls]


def _expect_closed(page: Page) -> None:
    expect(page.locator(BOX)).to_have_attribute("aria-expanded", "false")
    expect(page.locator(PANEL)).to_be_hidden()


def _screenshot(page: Page, name: str) -> None:
    """The first screen only (the list is in the sticky header), under tests/output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _check_option(option: Locator, kind: str) -> None:
    expect(option.locator(".katalog-search__kind")).to_have_text(kind)
    expect(option.locator(".katalog-search__title")).not_to_be_empty()
    expect(option.locator(".katalog-search__excerpt")).not_to_be_empty()
    # The excerpt is text and <mark> only.
    tags = option.locator(".katalog-search__excerpt *").evaluate_all("nodes => nodes.map(n => n.tagName)")
    assert set(tags) <= {"MARK"}, tags


@pytest.mark.parametrize("query", QUERIES, ids=[q.text for q in QUERIES])
def test_query_opens_expected_page(shipped_site: Server, page: Page, query: SearchQuery) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    _type(page, query.text)
    hits = _options(page, shipped_site)
    assert query.expected in hits[:TOP], f"»{query.text}« ({query.kind}) should list {query.expected}: {hits}"
    index = hits.index(query.expected)
    option = page.locator(OPTIONS).nth(index)
    kind = next(label for prefix, label in KINDS.items() if query.expected.startswith(prefix))
    _check_option(option, kind)
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    box = page.locator(BOX)
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    page.keyboard.press("Enter")
    page.wait_for_url(shipped_site.at(query.expected))


def test_results_from_two_characters(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    box = page.locator(BOX)
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-controls", "katalog-search-list")
    expect(page.locator("#katalog-search-list")).to_have_attribute("role", "listbox")
    page.keyboard.type("G")
    page.wait_for_timeout(500)  # longer than the debounce: one character starts no search
    _expect_closed(page)
    _type(page, "re")
    _type(page, "ve")
    assert "cases/indsats-for-aegtefaelleforsoergede-kvinder/" in _options(page, shipped_site)[:TOP]
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    # Backspace to one character closes the list again.
    for _ in range(4):
        page.keyboard.press("Backspace")
    _expect_closed(page)


def test_arrow_keys_wrap_and_arrow_up(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    _type(page, "kvinderne")
    options = page.locator(OPTIONS)
    count = options.count()
    assert count > 1
    page.keyboard.press("ArrowUp")  # from nothing chosen: the last one
    expect(options.nth(count - 1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")  # past the last: the first
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.nth(count - 1)).to_have_attribute("aria-selected", "false")
    expect(page.locator("[role=option][aria-selected=true]")).to_have_count(1)


def test_enter_without_selection_opens_search_page(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    _type(page, "kvinderne")
    page.keyboard.press("Enter")
    page.wait_for_url(shipped_site.at("sog/?q=kvinderne"))
    page.wait_for_selector("#sog-results[data-state=done]", state="attached")
    expect(page.locator("#sog-status")).to_have_text(re.compile("»kvinderne«"))


def test_escape_closes_and_keeps_focus(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    _type(page, "Urbanplanen")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    _expect_closed(page)
    assert page.evaluate("document.activeElement.id") == "katalog-search-q"
    expect(page.locator(BOX)).to_have_value("Urbanplanen")
    expect(page.locator(BOX)).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    page.keyboard.press("ArrowDown")  # opens the list again
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(OPTIONS).first).to_be_visible()
    # Tab leaves the box and closes the list.
    page.keyboard.press("Tab")
    _expect_closed(page)


def test_count_is_announced(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    status = page.locator(".katalog-search__status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    _tab_to_box(page)
    _type(page, "zxqvjbrk")
    expect(status).to_have_text("Ingen resultater")
    expect(page.locator(".katalog-search__empty")).to_have_text("Ingen resultater for »zxqvjbrk«")
    expect(page.locator(OPTIONS)).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+A")
    _type(page, "Vindmøllen")
    text = status.inner_text()
    assert re.fullmatch(r"1 resultat|[2-9] resultater|\d\d+ resultater", text), text
    shown = page.locator(OPTIONS).count()
    assert shown == min(int(text.split()[0]), 8), (text, shown)


def test_click_on_a_result_opens_it(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    page.locator(BOX).click()
    _type(page, "Team Ildfugle")
    page.locator(OPTIONS).first.click()
    page.wait_for_url(shipped_site.at("cases/team-ildfugle/"))


def test_axe_and_screenshots_with_the_list_open(shipped_site: Server, page: Page, phone_page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    _type(page, "kvinderne")
    page.keyboard.press("ArrowDown")
    results = Axe().run(page, context={"include": [[".md-header"]]})
    assert results.violations_count == 0, results.generate_report()
    _screenshot(page, "header-search-desktop")

    phone = phone_page
    phone.goto(shipped_site.at(CASE))
    expect(phone.locator(BOX)).to_be_hidden()
    opener = phone.locator("a.katalog-search__link")
    expect(opener).to_have_attribute("role", "button")
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(BOX)).to_be_visible()
    assert phone.evaluate("document.activeElement.id") == "katalog-search-q"
    expect(opener).to_have_attribute("aria-expanded", "true")
    _type(phone, "kvinderne")
    phone.keyboard.press("ArrowDown")
    results = Axe().run(phone, context={"include": [[".md-header"]]})
    assert results.violations_count == 0, results.generate_report()
    _screenshot(phone, "header-search-phone")
    phone.keyboard.press("Escape")  # closes the list
    _expect_closed(phone)
    phone.keyboard.press("Escape")  # closes the box and returns to the icon
    expect(phone.locator(BOX)).to_be_hidden()
    assert phone.evaluate("document.activeElement.classList.contains('katalog-search__link')")


def test_record_markup_in_results_is_text(injection_site: Server, page: Page, traffic: Traffic) -> None:
    page.goto(injection_site.at(""))
    _tab_to_box(page)
    _type(page, "markup")
    options = page.locator(OPTIONS)
    assert options.count() > 0
    tags = options.evaluate_all("items => items.flatMap(i => [...i.querySelectorAll('*')].map(n => n.tagName))")
    assert set(tags) <= {"SPAN", "MARK"}, tags
    assert traffic.dialogs == []


def _wait_done(page: Page, timeout: float = 30_000) -> None:
    page.wait_for_function(
        """() => { const p = document.querySelector('.katalog-search__panel');
                   return p && !p.hidden && p.dataset.state === 'done'; }""",
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "query",
    [
        "<img src=x onerror=alert(1)>",
        "\"'><svg onload=alert(2)>",
        ".*+?^${}()|[]\\ (?<a>) \\1",
        "😀 kvinder 👩🏽‍💼",
        "\u202ekvinder\u202c עברית",
        "kvinder\u0000\u0007",
    ],
)
def test_hostile_queries_are_text(shipped_site: Server, page: Page, traffic: Traffic, query: str) -> None:
    page.goto(shipped_site.at(CASE))
    page.locator(BOX).fill(query)
    _wait_done(page)
    panel = page.locator(PANEL)
    tags = panel.evaluate("p => [...p.querySelectorAll('*')].map(n => n.tagName)")
    assert set(tags) <= {"UL", "LI", "SPAN", "MARK", "P", "A"}, tags
    assert traffic.dialogs == []


def test_only_spaces_show_nothing(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    page.locator(BOX).fill(" " * 50 + "\t")
    page.wait_for_timeout(400)
    _expect_closed(page)


def test_a_query_of_10000_characters_ends_quickly_and_is_quoted_short(shipped_site: Server, page: Page) -> None:
    # Distinct words that match nothing together: the word-by-word fallback searches each of them.
    words = " ".join(f"qzv{n}w" for n in range(1_700))[:10_000]
    assert len(words) == 10_000
    page.goto(shipped_site.at(CASE))
    page.locator(BOX).fill(words)
    _wait_done(page, timeout=10_000)
    # The message quotes the start of the query, not 10 000 characters for a screen reader to read out.
    expect(page.locator(".katalog-search__empty")).to_have_text(f"Ingen resultater for »{words[:60].rstrip()}…«")
    page.goto(shipped_site.at("sog/?q=" + words.replace(" ", "+")))
    page.wait_for_selector("#sog-results[data-state=done]", state="attached", timeout=10_000)
    status = page.locator("#sog-status").inner_text()
    assert status.startswith(f"Ingen resultater for »{words[:60].rstrip()}…«."), status[:100]
    assert len(page.title()) < 120


def test_a_bidi_override_in_the_query_cannot_turn_the_message_around(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    page.locator(BOX).fill("\u202eqzvxw")
    _wait_done(page)
    expect(page.locator(".katalog-search__empty")).to_have_text("Ingen resultater for »qzvxw«")
    page.locator(BOX).fill("qzvxw עברית")
    _wait_done(page)
    expect(page.locator(".katalog-search__empty")).to_have_text("Ingen resultater for »\u2068qzvxw עברית\u2069«")
    page.goto(shipped_site.at("sog/?q=%E2%80%AEqzvxw"))
    page.wait_for_selector("#sog-results[data-state=done]", state="attached")
    assert "\u202e" not in page.locator("#sog-status").inner_text()


def test_escape_while_typing_fast_leaves_the_list_closed(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(CASE))
    _tab_to_box(page)
    page.keyboard.type("kvinder")
    page.keyboard.press("Escape")  # before the debounce ends and the results arrive
    page.wait_for_timeout(1_500)
    _expect_closed(page)
    expect(page.locator(OPTIONS)).to_have_count(0)
