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
