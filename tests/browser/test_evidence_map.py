"""The evidence map »Hvad ved vi?« in a real browser: every cell's count is what the overview shows after
following the cell's link, the table is a table to assistive technology, axe finds nothing at desktop and
phone widths, and on a phone the table scrolls inside its own box with the target groups in view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _serve, build, screenshot
from tests.conftest import ROOT

MAP = "hvad-ved-vi/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shipped catalogue's site without PDFs (the map does not need them)."""
    yield from _serve(build(ROOT / "data" / "initiatives.yaml", tmp_path_factory.mktemp("map") / "site"))


def _cells(page: Page) -> list[tuple[str, str, str]]:
    """(row header, column header, cell text) for each cell, as the table's own headers name them."""
    found: list[list[str]] = page.locator("table.katalog-map__table").evaluate(
        """t => {
          const cols = [...t.tHead.rows[0].cells].map(c => c.textContent.trim());
          const out = [];
          for (const row of t.tBodies[0].rows) {
            const head = row.cells[0].textContent.trim();
            [...row.cells].slice(1).forEach((c, i) => out.push([head, cols[i + 1], c.textContent.trim()]));
          }
          return out;
        }"""
    )
    return [(a, b, c) for a, b, c in found]


def test_each_cell_count_is_the_filtered_overview(site: Server, page: Page) -> None:
    page.goto(site.at(MAP))
    links = page.locator("table.katalog-map__table td a")
    targets = [(a.get_attribute("href") or "", a.inner_text()) for a in links.all()]
    assert len(targets) > 10
    for href, text in targets:
        count = int(text.split()[0])
        assert text == (f"{count} indsats" if count == 1 else f"{count} indsatser")
        page.goto(site.at(MAP))
        page.locator(f'table.katalog-map__table td a[href="{href}"]').click()
        expect(page.locator(".katalog-shown")).to_have_text(f"Viser {count} af 11 indsatser.")
        assert page.locator(".katalog-card:visible").count() == count, href
        # Exactly the two ticks the cell stands for, nothing else.
        ticked = page.locator("form.katalog-filters input:checked").evaluate_all(
            "xs => xs.map(x => x.name + '=' + x.value)"
        )
        query = href.split("?", 1)[1].split("&")
        assert sorted(ticked) == sorted(query), href


def test_table_is_a_table_with_headers(site: Server, page: Page) -> None:
    page.goto(site.at(MAP))
    table = page.get_by_role("table", name="Antal indsatser og det stærkeste evidenstrin", exact=False)
    expect(table).to_have_count(1)
    cells = _cells(page)
    assert ("Unge (alder ikke angivet)", "Virksomhedssamarbejde", "2 indsatser Sammenligning (trin 2 af 7)") in cells
    assert ("Unge 13–17 år", "Mentorindsats", "–ingen indsatser") in cells
    assert ("Udsatte ledige langt fra arbejdsmarkedet", "Mentorindsats", "1 indsats Ingen resultater oplyst") in cells
    # What a screen reader reads for an empty cell: the words, not the dash.
    empty = page.locator("td.katalog-map__empty").first
    assert empty.evaluate("c => c.querySelector('[aria-hidden]').textContent") == "–"
    expect(page.get_by_role("cell", name="ingen indsatser").first).to_be_attached()


def test_linked_from_the_evidence_page_and_the_nav(site: Server, page: Page) -> None:
    page.goto(site.at("evidens/"))
    page.locator("article").get_by_role("link", name="Hvad ved vi?").click()
    expect(page).to_have_url(site.at(MAP))
    expect(page.locator("nav.md-nav--primary").get_by_role("link", name="Hvad ved vi?").first).to_be_attached()


def test_axe_and_screenshot_desktop(site: Server, page: Page) -> None:
    page.goto(site.at(MAP))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, "evidence-map-desktop")


def test_phone_table_scrolls_in_its_box_with_row_headers_in_view(site: Server, phone_page: Page) -> None:
    phone_page.goto(site.at(MAP))
    results = Axe().run(phone_page)
    assert results.violations_count == 0, results.generate_report()
    box = phone_page.locator(".katalog-map")
    widths = box.evaluate("b => [b.scrollWidth, b.clientWidth, document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] > widths[1], "the table should scroll inside its box"
    assert widths[2] <= widths[3], "the page itself must not scroll sideways"
    header = phone_page.locator("tbody th[scope=row]").first
    before = header.bounding_box()
    box.evaluate("b => { b.scrollLeft = 400; }")
    after = header.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 1, "the row headers stay in view while the table scrolls"
    box.evaluate("b => { b.scrollLeft = 0; }")
    screenshot(phone_page, "evidence-map-phone")
    assert Path(ROOT / "tests" / "output" / "screenshots" / "evidence-map-phone.png").exists()
