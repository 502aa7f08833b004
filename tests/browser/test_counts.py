"""Counts the site's scripts write, in a real browser: the same words as the pages, from the one table.

The scripts (filters.js, compare.js, pagefind-search.js) keep no word list of their own: they count
with ``window.katalogGrammar``, which the build writes from :mod:`katalog.language.grammar`. A site of
exactly one initiative (tests/fixtures/grammar/one_of_each.yaml) makes them say "1 indsats"; the
shipped catalogue's filters, with one and with several matches, are in test_filters.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from katalog.language import grammar
from tests.browser.conftest import Server, _serve, build
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def one_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The site of a catalogue with exactly one initiative (no PDFs)."""
    site = build(FIXTURES / "grammar" / "one_of_each.yaml", tmp_path_factory.mktemp("one") / "site")
    yield from _serve(site)


def test_the_overview_of_one_initiative_says_1_indsats(page: Page, one_site: Server) -> None:
    page.goto(one_site.at("cases/"))
    status = page.locator(".katalog-shown")
    expect(status).to_have_text("Viser 1 indsats.")
    expect(page.locator(".katalog-overview").locator("xpath=..")).to_contain_text("Kataloget rummer 1 indsats.")
    page.locator('form.katalog-filters input[name="malgruppe"][value="unge-18-25"]').check()
    expect(status).to_have_text("Viser 1 af 1 indsats.")
    page.locator('form.katalog-filters input[name="malgruppe"][value="unge-18-25"]').uncheck()
    expect(status).to_have_text("Viser 1 indsats.")


def test_the_compare_page_counts_one_chosen_initiative(page: Page, one_site: Server) -> None:
    page.goto(one_site.at("sammenlign/?id=team-ildfugle"))
    expect(page.locator(".katalog-compare__status")).to_have_text(
        "Du har valgt 1 indsats. Vælg mindst 1 mere for at sammenligne."
    )


def test_the_scripts_count_with_the_python_table(page: Page, one_site: Server) -> None:
    page.goto(one_site.at(""))
    counted = page.evaluate(
        "names => names.map(name => [0, 1, 2, 1234].map(n => window.katalogGrammar.count(n, name)))",
        list(grammar.NOUNS),
    )
    assert counted == [[grammar.count(n, name) for n in (0, 1, 2, 1234)] for name in grammar.NOUNS]  # type: ignore[arg-type]
    search = page.evaluate(
        """async () => {
            const module = await import(new URL("assets/javascripts/pagefind-search.js", document.baseURI).href);
            return [0, 1, 2, 1234].map(n => module.countText(n));
        }"""
    )
    assert search == ["0 resultater", "1 resultat", "2 resultater", "1.234 resultater"]
