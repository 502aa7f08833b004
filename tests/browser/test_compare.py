"""Compare initiatives side by side (/sammenlign/), driven in a real browser against the shipped catalogue.

The expected names and results come from data/initiatives.yaml (read here with PyYAML),
and the evidence labels from the model's one scale, so the table is checked against the
records, not against the JSON the build wrote for it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from katalog.catalogue.model import EVIDENCE_SCALE, Evidence
from tests.browser.conftest import Server, screenshot
from tests.conftest import ROOT

RECORDS: dict[str, dict[str, Any]] = {
    r["id"]: r for r in yaml.safe_load((ROOT / "data" / "initiatives.yaml").read_text("utf-8"))["initiatives"]
}
# Three initiatives with results of different evidence, in the order they are picked.
PICKED = ("team-ildfugle", "fremskudt-beskaeftigelsesindsats", "det-groenne-sjak")
FULL = "Du kan højst sammenligne 4 indsatser. Fjern en, før du vælger en ny."
# A row stands over two to four initiatives: its label is the one over several values.
FACT_ROWS = ["Kommuner", "Målgrupper", "Indsatstyper", "Periode", "Status", "Deltagere", "Organisationer"]


def _badge(evidence: str) -> str:
    step = EVIDENCE_SCALE[Evidence(evidence)]
    return f"{step.label} (trin {step.rank} af {len(EVIDENCE_SCALE)})"


def _tick(page: Page, scope: str, iid: str) -> None:
    page.locator(f"{scope} input[data-katalog-compare][value='{iid}']").check()


def _assert_table(page: Page, ids: tuple[str, ...]) -> None:
    table = page.locator("table.katalog-compare__table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text(f"Sammenligning af {len(ids)} indsatser")
    expect(table.locator("thead th[scope=col]")).to_have_text([RECORDS[i]["name"] for i in ids])
    expect(table.locator("tbody th[scope=row]")).to_have_text([*FACT_ROWS, "Resultater", "Metoder", "Kilder"])
    results = table.locator("tbody tr").nth(len(FACT_ROWS)).locator("td")
    expect(results).to_have_count(len(ids))
    for n, iid in enumerate(ids):
        badges = results.nth(n).locator(".katalog-evidence")
        expect(badges).to_have_text([_badge(r["evidence"]) for r in RECORDS[iid].get("results", [])])
    expect(page.locator(".katalog-compare__when").filter(has_text="..")).to_have_count(0)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"id": list(ids)}, page.url


def test_compare_three_from_the_overview_share_and_reload(shipped_site: Server, page: Page, phone_page: Page) -> None:
    page.goto(shipped_site.at("cases/"))
    link = page.locator(".katalog-compare-bar__link")
    expect(link).to_be_hidden()
    for n, iid in enumerate(PICKED, start=1):
        _tick(page, f"#indsats-{iid}", iid)
        expect(link).to_have_text(f"Sammenlign ({n})")
    link.click()
    page.wait_for_url("**/sammenlign/?*")
    _assert_table(page, PICKED)
    expect(page.locator(".katalog-compare__status")).to_have_text("Viser 3 indsatser side om side.")
    screenshot(page, "compare-desktop")

    # The address alone carries the choice: a new browser context (no storage) shows the same table.
    phone_page.goto(page.url)
    _assert_table(phone_page, PICKED)
    screenshot(phone_page, "compare-phone")

    page.reload()
    _assert_table(page, PICKED)

    # Unticking in the list below removes the column and updates the address.
    page.locator(f".katalog-compare-list input[value='{PICKED[1]}']").uncheck()
    _assert_table(page, (PICKED[0], PICKED[2]))


def test_at_most_four_and_the_case_page_choice(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at(f"cases/{PICKED[0]}/"))
    box = page.locator("article input[data-katalog-compare]")
    expect(box).to_have_accessible_name(f"Sammenlign {RECORDS[PICKED[0]]['name']}")
    box.check()
    expect(page.locator(".katalog-compare-bar__link")).to_have_text("Sammenlign (1)")

    page.goto(shipped_site.at("sammenlign/"))  # no ids in the address: the stored choice
    expect(page.locator(".katalog-compare__status")).to_have_text(
        "Du har valgt 1 indsats. Vælg mindst 1 mere for at sammenligne."
    )
    assert parse_qs(urlsplit(page.url).query) == {"id": [PICKED[0]]}
    others = [i for i in sorted(RECORDS) if i != PICKED[0]]
    for iid in others[:3]:
        _tick(page, ".katalog-compare-list", iid)
    expect(page.locator("table.katalog-compare__table thead th[scope=col]")).to_have_count(4)
    fifth = page.locator(f".katalog-compare-list input[value='{others[3]}']")
    fifth.click()
    expect(fifth).not_to_be_checked()
    expect(page.locator(".katalog-compare__status")).to_have_text(FULL)
    expect(page.locator("table.katalog-compare__table thead th[scope=col]")).to_have_count(4)


def test_without_javascript_the_page_is_a_list_of_links(shipped_site: Server, nojs_page: Page) -> None:
    nojs_page.goto(shipped_site.at("sammenlign/?" + "&".join(f"id={i}" for i in PICKED)))
    expect(nojs_page.locator("h1")).to_have_text("Sammenlign indsatser")
    expect(nojs_page.locator("table")).to_have_count(0)
    expect(nojs_page.locator("input[data-katalog-compare]").first).to_be_hidden()
    links = nojs_page.locator(".katalog-compare-list li > a")
    names = sorted(RECORDS.values(), key=lambda r: r["name"].casefold())
    expect(links).to_have_text([r["name"] for r in names])
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"../cases/{r['id']}/" for r in names]
    nojs_page.goto(shipped_site.at("cases/"))
    expect(nojs_page.locator(".katalog-compare-toggle").first).to_be_hidden()


def _after(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("a => getComputedStyle(a, '::after').content"))


def test_print_hides_navigation_and_writes_links_out(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("sammenlign/?" + "&".join(f"id={i}" for i in PICKED)))
    expect(page.locator("table.katalog-compare__table")).to_be_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".katalog-compare__print"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("table.katalog-compare__table")).to_be_visible()
    expect(page.locator(".katalog-compare-list")).to_be_hidden()  # the table is on paper, not the list
    first = page.locator("table.katalog-compare__table thead th a").first
    href = first.get_attribute("href")
    assert href is not None and href.startswith("http")
    assert _after(page, "table.katalog-compare__table thead th a") == f'" ({href})"'
    screenshot(page, "compare-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

    page.emulate_media(media="screen")
    page.goto(shipped_site.at(f"cases/{PICKED[0]}/"))
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".katalog-compare-toggle", ".md-button"):
        for n in range(page.locator(chrome).count()):
            expect(page.locator(chrome).nth(n)).to_be_hidden()
    external = page.locator("article a[href^='http']")
    if external.count():
        assert _after(page, "article a[href^='http']") == f'" ({external.first.get_attribute("href")})"'
    expect(page.locator("article h1")).to_be_visible()
    # The source's words print although their box is closed on screen.
    quote = page.locator("article details:not([open]) blockquote, article details:not([open]) p").first
    expect(quote).to_be_visible()
    # A link to another page of the site is written out with its full address (print.js).
    inner = page.locator("article a[data-katalog-href]").first
    address = inner.get_attribute("data-katalog-href")
    assert address is not None and address.startswith(shipped_site.url), address
    assert _after(page, "article a[data-katalog-href]") == f'" ({address})"'
    screenshot(page, "case-print")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_compare_page_passes_axe(shipped_site: Server, page: Page, phone_page: Page, width: str) -> None:
    current = page if width == "desktop" else phone_page
    current.goto(shipped_site.at("sammenlign/?" + "&".join(f"id={i}" for i in PICKED)))
    expect(current.locator("table.katalog-compare__table")).to_be_visible()
    results = Axe().run(current, context={"include": [[".md-content"]]})
    assert results.violations_count == 0, results.generate_report()
    current.goto(shipped_site.at(f"cases/{PICKED[0]}/"))
    current.locator("article input[data-katalog-compare]").check()
    results = Axe().run(current, context={"include": [[".md-content"]]})
    assert results.violations_count == 0, results.generate_report()


def _status(page: Page) -> str:
    return page.locator(".katalog-compare__status").inner_text()


def test_a_hostile_address_shows_the_known_initiatives_and_says_what_was_left_out(
    shipped_site: Server, page: Page, traffic: Any
) -> None:
    # Markup, a path, a NUL, an empty value, capitals, a duplicate and an unknown id, and a fragment.
    query = (
        "id=%3Cscript%3Ealert(1)%3C%2Fscript%3E&id=..%2F..%2Fx&id=%00&id=&id=TEAM-ILDFUGLE"
        "&id=team-ildfugle&id=ukendt-indsats&id=det-groenne-sjak&id=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E"
    )
    page.goto(shipped_site.at(f"sammenlign/?{query}#tabel"))
    _assert_table(page, ("team-ildfugle", "det-groenne-sjak"))
    expect(page.locator(".katalog-compare__status")).to_have_text(
        "Viser 2 indsatser side om side. 5 indsatser fra adressen findes ikke i kataloget."
    )
    assert urlsplit(page.url).fragment == "tabel"
    assert page.locator("img[src=x], .katalog-compare__view script, .katalog-compare__view img").count() == 0
    assert traffic.dialogs == []

    # Unknown ids first do not take the places of known ones; more than four known: the first four.
    known = sorted(RECORDS)[:5]
    unknown = [f"ukendt-{n}" for n in range(4)]
    page.goto(shipped_site.at("sammenlign/?" + "&".join(f"id={i}" for i in unknown + known)))
    _assert_table(page, tuple(known[:4]))
    expect(page.locator(".katalog-compare__status")).to_have_text(
        "Viser 4 indsatser side om side. 4 indsatser fra adressen findes ikke i kataloget. "
        "Adressen nævner flere end 4 indsatser; de første 4 vises."
    )
    # The note is said once: a change of the choice announces only the new state.
    page.locator(f".katalog-compare-list input[value='{known[3]}']").uncheck()
    _assert_table(page, tuple(known[:3]))
    expect(page.locator(".katalog-compare__status")).to_have_text("Viser 3 indsatser side om side.")


def test_an_address_of_100_kb_is_read_in_bounded_time(shipped_site: Server, page: Page) -> None:
    # http.server refuses request lines over 64 KiB, so the page is served to this address by the test.
    ids = [f"ukendt-{n}" for n in range(12_000)]
    address = shipped_site.at(
        "sammenlign/?" + "&".join(f"id={i}" for i in ids) + "&id=team-ildfugle&id=det-groenne-sjak"
    )
    assert len(address) > 100_000
    html = (shipped_site.root / "sammenlign" / "index.html").read_bytes()
    page.route(
        lambda url: len(url) > 100_000, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
    )
    page.goto(address)
    _assert_table(page, ("team-ildfugle", "det-groenne-sjak"))
    expect(page.locator(".katalog-compare__status")).to_have_text(
        "Viser 2 indsatser side om side. 12.000 indsatser fra adressen findes ikke i kataloget.", timeout=5000
    )


@pytest.mark.parametrize("stored", ["{ikke json", '{"a": 1}', '"team-ildfugle"', "[1, null, {}]", "[" * 5000])
def test_corrupt_stored_choice_does_not_break_the_pages(shipped_site: Server, page: Page, stored: str) -> None:
    page.goto(shipped_site.at("cases/"))
    page.evaluate("v => localStorage.setItem('katalog-sammenlign', v)", stored)
    page.reload()
    _tick(page, f"#indsats-{PICKED[0]}", PICKED[0])
    expect(page.locator(".katalog-compare-bar__link")).to_have_text("Sammenlign (1)")
    page.evaluate("v => localStorage.setItem('katalog-sammenlign', v)", stored)
    page.goto(shipped_site.at("sammenlign/"))
    expect(page.locator(".katalog-compare__status")).to_have_text("Du har ikke valgt nogen indsatser endnu.")


def test_a_choice_made_in_another_tab_is_shown(shipped_site: Server, page: Page) -> None:
    page.goto(shipped_site.at("cases/"))
    other = page.context.new_page()
    other.goto(shipped_site.at(f"cases/{PICKED[1]}/"))
    other.locator("article input[data-katalog-compare]").check()
    # The first tab's bar and boxes follow, so its next tick does not overwrite the other tab's.
    expect(page.locator(".katalog-compare-bar__link")).to_have_text("Sammenlign (1)")
    expect(page.locator(f"#indsats-{PICKED[1]} input[data-katalog-compare]")).to_be_checked()
    _tick(page, f"#indsats-{PICKED[0]}", PICKED[0])
    expect(other.locator(".katalog-compare-bar__link")).to_have_text("Sammenlign (2)")
    other.close()
