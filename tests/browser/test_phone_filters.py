"""The overview's filters on a phone: the "Filtrér (N)" panel, the chips of ticked options, the announced count.

Below Material's 60em breakpoint (960 px) the filter form sits behind a button that
filters.js adds, closed when the page opens; every ticked option is also a chip above the
results that unticks it. The expected views come from tests/browser/test_filters.py, which
computes them from the shipped YAML by the overview contract; names of options are written
out by hand (data/vocabularies.yaml), so a wrong label cannot pass by being read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize

from tests.browser.conftest import DESKTOP, PHONE, Server, Traffic, _page, screenshot
from tests.browser.test_filters import _axe, checkbox, expected_view, open_overview, tick, view

PHONE_SIZE = ViewportSize(width=PHONE["width"], height=PHONE["height"])
DESKTOP_SIZE = ViewportSize(width=DESKTOP["width"], height=DESKTOP["height"])
TWO = {"malgruppe": ["unge"], "indsatstype": ["virksomhedspraktik"]}
TWO_CHIPS = ["Målgruppe: Unge (alder ikke angivet)", "Indsatstype: Virksomhedspraktik"]

# Counts every change a screen reader would hear from the status line (role=status, aria-live=polite).
COUNT_ANNOUNCEMENTS = """
window.katalogAnnouncements = [];
new MutationObserver(() => {
  const status = document.querySelector('.katalog-shown');
  if (status) { window.katalogAnnouncements.push(status.textContent); }
}).observe(document.querySelector('.katalog-shown'), {childList: true, characterData: true, subtree: true});
"""


def toggle(page: Page) -> Locator:
    return page.locator("[data-katalog-overview] button.katalog-filter-toggle")


def chips(page: Page) -> list[str]:
    """The visible words of each chip, without the cross."""
    found: list[str] = page.eval_on_selector_all(
        "ul.katalog-chips button",
        """buttons => buttons.filter(b => b.offsetParent !== null).map(b =>
            Array.from(b.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim())""",
    )
    return found


def chip_names(page: Page) -> list[str]:
    """Each chip's accessible name, as the browser's accessibility tree gives it to a screen reader."""
    tree = page.get_by_role("list", name="Valgte filtre").aria_snapshot()
    return re.findall(r"""- '?button "([^"]*)"'?$""", tree, flags=re.MULTILINE)


def query(page: Page) -> dict[str, list[str]]:
    return {name: sorted(values) for name, values in parse_qs(urlsplit(page.url).query).items()}


def test_phone_opens_with_filters_closed_and_the_first_initiative_on_screen(
    phone_page: Page, shipped_site: Server
) -> None:
    open_overview(phone_page, shipped_site)
    button = toggle(phone_page)
    assert button.is_visible()
    assert button.inner_text().strip() == "Filtrér"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == phone_page.locator("form.katalog-filters").get_attribute("id")
    assert not phone_page.locator("form.katalog-filters").is_visible()
    assert chips(phone_page) == []
    top = phone_page.evaluate("document.querySelector('.katalog-card').getBoundingClientRect().top")
    assert phone_page.evaluate("window.scrollY") == 0
    assert top < PHONE["height"] - 100, f"the first initiative starts {top}px down, below the first screen"
    # The panel's content is the desktop form, unchanged: every facet and every option is there.
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert view(phone_page) == expected_view({})
    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    assert not phone_page.locator("form.katalog-filters").is_visible()
    screenshot(phone_page, "filters-phone-closed")


def test_phone_filters_combine_count_write_the_url_and_show_chips(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site)
    toggle(phone_page).click()
    tick(phone_page, TWO)
    assert view(phone_page) == expected_view(TWO)
    assert view(phone_page).visible == {"ncc-unge-fra-urbanplanen"}
    assert view(phone_page).status == "Viser 1 af 11 indsatser."
    assert query(phone_page) == TWO
    assert toggle(phone_page).inner_text().strip() == "Filtrér (2)"
    assert chips(phone_page) == TWO_CHIPS
    assert chip_names(phone_page) == [f"Fjern filteret {chip}" for chip in TWO_CHIPS]
    phone_page.evaluate("window.scrollTo(0, 0)")  # a full-page picture draws the sticky header where it scrolled to
    screenshot(phone_page, "filters-phone-open")
    # Closing the panel keeps the choice; the chips and the count stay above the results.
    toggle(phone_page).click()
    assert chips(phone_page) == TWO_CHIPS
    assert view(phone_page).status == "Viser 1 af 11 indsatser."
    card = phone_page.locator("#indsats-ncc-unge-fra-urbanplanen")
    assert card.evaluate("c => c.getBoundingClientRect().top") < PHONE["height"]


def test_removing_a_chip_unticks_it_everywhere(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site, TWO)
    assert view(phone_page).visible == expected_view(TWO).visible
    assert toggle(phone_page).get_attribute("aria-expanded") == "false"
    phone_page.get_by_role("button", name="Fjern filteret Målgruppe: Unge (alder ikke angivet)").click()
    left = {"indsatstype": ["virksomhedspraktik"]}
    assert chips(phone_page) == ["Indsatstype: Virksomhedspraktik"]
    assert toggle(phone_page).inner_text().strip() == "Filtrér (1)"
    assert query(phone_page) == left
    assert view(phone_page).visible == expected_view(left).visible
    assert view(phone_page).status == expected_view(left).status
    # The keyboard stays among the chips: focus moves to the one that is left.
    focused = phone_page.get_by_role("button", name="Fjern filteret Indsatstype: Virksomhedspraktik", exact=True)
    assert focused.evaluate("b => b === document.activeElement")
    toggle(phone_page).click()
    assert view(phone_page) == expected_view(left)
    assert not checkbox(phone_page, "malgruppe", "unge").is_checked()

    phone_page.get_by_role("button", name="Fjern filteret Indsatstype: Virksomhedspraktik").press("Enter")
    assert chips(phone_page) == []
    assert not phone_page.locator("ul.katalog-chips").is_visible()
    assert toggle(phone_page).inner_text().strip() == "Filtrér"
    assert urlsplit(phone_page.url).query == ""
    assert view(phone_page) == expected_view({})
    # With no chip left, the focus goes to the "Filtrér" button, not to the page's start.
    assert phone_page.evaluate("document.activeElement.classList.contains('katalog-filter-toggle')")


def test_reloading_the_url_keeps_the_choice(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site)
    toggle(phone_page).click()
    tick(phone_page, TWO)
    before = view(phone_page)
    phone_page.reload()
    phone_page.wait_for_load_state("load")
    # The panel starts closed again; open it to read the ticks.
    assert toggle(phone_page).get_attribute("aria-expanded") == "false"
    assert chips(phone_page) == TWO_CHIPS
    assert toggle(phone_page).inner_text().strip() == "Filtrér (2)"
    toggle(phone_page).click()
    assert view(phone_page) == before == expected_view(TWO)


def test_the_count_is_announced_once_per_change(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site)
    status = phone_page.locator(".katalog-shown")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    phone_page.evaluate(COUNT_ANNOUNCEMENTS)
    toggle(phone_page).click()  # opening the panel changes no count: nothing to announce
    tick(phone_page, {"malgruppe": ["unge"]})
    tick(phone_page, {"indsatstype": ["virksomhedspraktik"]})
    toggle(phone_page).click()
    phone_page.get_by_role("button", name="Fjern filteret Indsatstype: Virksomhedspraktik").click()
    # Ticking an option whose facet already leaves the same cards: the count stays, so no announcement.
    toggle(phone_page).click()
    tick(phone_page, {"status": ["ukendt"]})
    assert phone_page.evaluate("window.katalogAnnouncements") == [
        "Viser 2 af 11 indsatser.",
        "Viser 1 af 11 indsatser.",
        "Viser 2 af 11 indsatser.",
    ]
    assert expected_view({"malgruppe": ["unge"], "status": ["ukendt"]}).status == "Viser 2 af 11 indsatser."


def test_desktop_shows_the_form_and_no_button(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site, TWO)
    assert not toggle(page).is_visible()
    assert view(page) == expected_view(TWO)
    # The chips are there on a desktop too, between the form and the count.
    assert chips(page) == TWO_CHIPS
    order = page.eval_on_selector_all("[data-katalog-overview] > *", "nodes => nodes.map(n => n.classList[0])")
    assert order.index("katalog-filters") < order.index("katalog-chips") < order.index("katalog-shown")
    screenshot(page, "filters-desktop")


def test_a_closed_panel_opens_when_the_window_widens(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site)
    assert not phone_page.locator("form.katalog-filters").is_visible()
    phone_page.set_viewport_size(DESKTOP_SIZE)
    assert phone_page.locator("form.katalog-filters").is_visible()
    assert not toggle(phone_page).is_visible()
    phone_page.set_viewport_size(PHONE_SIZE)
    assert not phone_page.locator("form.katalog-filters").is_visible()


def test_without_javascript_there_is_no_button_and_no_chip(nojs_page: Page, shipped_site: Server) -> None:
    nojs_page.set_viewport_size(PHONE_SIZE)
    nojs_page.goto(shipped_site.at("cases/") + "?malgruppe=unge")
    assert toggle(nojs_page).count() == 0
    assert nojs_page.locator("ul.katalog-chips").count() == 0
    cards = nojs_page.locator(".katalog-card")
    assert sum(1 for i in range(cards.count()) if cards.nth(i).is_visible()) == 11


@pytest.fixture(params=["phone", "desktop"])
def sized_page(request: pytest.FixtureRequest, browser: Browser, traffic: Traffic) -> Iterator[Page]:
    yield from _page(browser, traffic, javascript=True, viewport=PHONE if request.param == "phone" else DESKTOP)


@pytest.mark.parametrize("panel", ["closed", "open"])
def test_phone_and_desktop_meet_wcag_aa(sized_page: Page, shipped_site: Server, panel: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA problem with chips shown, the panel closed or open, at both widths."""
    open_overview(sized_page, shipped_site, TWO)
    button = toggle(sized_page)
    if panel == "open" and button.is_visible():
        button.click()
    sized_page.mouse.move(0, 0)  # no hover colours in the middle of a transition
    sized_page.evaluate(_axe().read_text(encoding="utf-8"))
    result = sized_page.evaluate(
        """() => axe.run(document.querySelector('[data-katalog-overview]'),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    problems = [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
    assert problems == []
