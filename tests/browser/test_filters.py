"""The filters on the overview of initiatives (/cases/), driven in a real browser against the shipped catalogue.

Expected results are computed from data/initiatives.yaml (read here with PyYAML, not
through katalog's loader) by the rules of the overview contract: AND across facets, OR
within one, and an option's count is what the ticks of all *other* facets leave with
that option. A few expectations are also written out by hand, so a data reader that is
wrong in the same way on both sides cannot make the tests agree with themselves.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import Locator, Page

from tests.browser.conftest import Server, screenshot
from tests.conftest import ROOT

FACETS = ("malgruppe", "indsatstype", "region", "kommune", "evidens", "status")
EMPTY_MESSAGE = "Ingen indsatser passer til de valgte filtre."
# The evidence option of an initiative that reports no results, so the facet can find those too.
NO_RESULTS = "ingen-resultater"

Option = tuple[str, str]  # (facet, value)
Selection = Mapping[str, list[str]]


def slug(text: str) -> str:
    """A Danish name as a URL value: 'Region Sjælland' → 'region-sjaelland', 'København' → 'koebenhavn'."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _catalogue() -> dict[str, dict[str, frozenset[str]]]:
    """Each initiative's option values per facet, straight from the YAML files."""
    initiatives: list[dict[str, Any]] = yaml.safe_load((ROOT / "data" / "initiatives.yaml").read_text("utf-8"))[
        "initiatives"
    ]
    municipalities: list[dict[str, Any]] = yaml.safe_load((ROOT / "data" / "municipalities.yaml").read_text("utf-8"))[
        "municipalities"
    ]
    official = {m["name"]: m for m in municipalities} | {
        alias: m for m in municipalities for alias in m.get("aliases", [])
    }
    catalogue = {}
    for initiative in initiatives:
        places = [official[name] for name in initiative.get("municipalities", [])]
        catalogue[initiative["id"]] = {
            "malgruppe": frozenset(initiative.get("target_groups", [])),
            "indsatstype": frozenset(initiative.get("kinds", [])),
            "region": frozenset(slug(m["region"]) for m in places),
            "kommune": frozenset(slug(m["name"]) for m in places),
            "evidens": frozenset(result["evidence"] for result in initiative.get("results", []))
            or frozenset([NO_RESULTS]),
            "status": frozenset([initiative["status"]]),
        }
    return catalogue


CATALOGUE = _catalogue()
TOTAL = len(CATALOGUE)
ALL_OPTIONS = frozenset((facet, value) for record in CATALOGUE.values() for facet in FACETS for value in record[facet])


def _matches(record: Mapping[str, frozenset[str]], selection: Selection, *, leave_out: str | None = None) -> bool:
    return all(record[facet] & set(values) for facet, values in selection.items() if values and facet != leave_out)


@dataclass(frozen=True)
class View:
    """Everything the overview shows that the filters decide."""

    form_shown: bool
    visible: frozenset[str]
    checked: frozenset[Option]
    counts: Mapping[Option, int]
    zero: frozenset[Option]
    status: str
    empty_shown: bool
    query: Mapping[str, list[str]]


def expected_view(selection: Selection) -> View:
    """The view the contract asks for when exactly the options in ``selection`` are ticked."""
    visible = frozenset(id for id, record in CATALOGUE.items() if _matches(record, selection))
    counts = {
        (facet, value): sum(
            1
            for record in CATALOGUE.values()
            if value in record[facet] and _matches(record, selection, leave_out=facet)
        )
        for facet, value in ALL_OPTIONS
    }
    ticked = any(selection.values())
    return View(
        form_shown=True,
        visible=visible,
        checked=frozenset((facet, value) for facet, values in selection.items() for value in values),
        counts=counts,
        zero=frozenset(option for option, count in counts.items() if count == 0),
        status=f"Viser {len(visible)} af {TOTAL} indsatser." if ticked else f"Viser alle {TOTAL} indsatser.",
        empty_shown=not visible,
        query={facet: sorted(values) for facet, values in selection.items() if values},
    )


def view(page: Page) -> View:
    """Read the overview as it stands in the browser."""
    cards = page.locator("[data-katalog-overview] .katalog-card")
    visible = frozenset(
        str(cards.nth(i).get_attribute("id")).removeprefix("indsats-")
        for i in range(cards.count())
        if cards.nth(i).is_visible()
    )
    options: list[dict[str, Any]] = page.eval_on_selector_all(
        "form.katalog-filters input[type=checkbox]",
        """inputs => inputs.map(input => ({
            facet: input.closest('fieldset').dataset.facet,
            name: input.name,
            value: input.value,
            checked: input.checked,
            count: input.closest('label').querySelector('.katalog-count').textContent,
            zero: input.closest('label').classList.contains('katalog-zero'),
        }))""",
    )
    counts = {}
    for option in options:
        assert option["facet"] == option["name"], f"checkbox {option} sits in another facet's fieldset"
        found = re.fullmatch(r"\((\d+)\)", option["count"])
        assert found, f"count of {option['name']}={option['value']} reads {option['count']!r}, not '(N)'"
        counts[(option["name"], option["value"])] = int(found[1])
    assert len(counts) == len(options), f"duplicate options in the form: {options}"
    query = parse_qs(urlsplit(page.url).query)
    return View(
        form_shown=page.locator("form.katalog-filters").is_visible(),
        visible=visible,
        checked=frozenset((o["name"], o["value"]) for o in options if o["checked"]),
        counts=counts,
        zero=frozenset((o["name"], o["value"]) for o in options if o["zero"]),
        status=page.locator(".katalog-shown").inner_text().strip(),
        empty_shown=page.locator(".katalog-empty").is_visible(),
        query={name: sorted(values) for name, values in query.items()},
    )


def checkbox(page: Page, facet: str, value: str) -> Locator:
    return page.locator(f'form.katalog-filters input[type=checkbox][name="{facet}"][value="{value}"]')


def tick(page: Page, selection: Selection) -> None:
    for facet, values in selection.items():
        for value in values:
            checkbox(page, facet, value).check()


def open_overview(page: Page, site: Server, selection: Selection | None = None) -> None:
    query = urlencode([(facet, value) for facet, values in (selection or {}).items() for value in values])
    page.goto(site.at("cases/") + (f"?{query}" if query else ""))
    page.wait_for_load_state("load")


def test_the_data_has_what_these_tests_rely_on() -> None:
    """Hand-written facts about the shipped catalogue, so the YAML reader above is checked too."""
    assert TOTAL == 11
    assert CATALOGUE["energi-til-hinanden"] == {
        "malgruppe": {"unge"},
        "indsatstype": {"virksomhedssamarbejde", "helhedsorienteret-indsats"},
        "region": {"region-syddanmark"},
        "kommune": {"esbjerg"},
        "evidens": {"sammenligning", "ikke-oplyst", "kvalitativ-vurdering"},
        "status": {"ukendt"},
    }
    assert CATALOGUE["fremskudt-beskaeftigelsesindsats"]["kommune"] == {"koebenhavn"}
    assert CATALOGUE["fremskudt-beskaeftigelsesindsats"]["region"] == {"region-hovedstaden"}
    assert CATALOGUE["det-groenne-sjak"]["kommune"] == frozenset()
    assert CATALOGUE["det-groenne-sjak"]["evidens"] == {"ingen-resultater"}


def test_untouched_overview_shows_everything(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    assert view(page) == expected_view({})
    assert view(page).status == "Viser alle 11 indsatser."
    # Every option that some initiative has is offered, and none that no initiative has.
    assert set(view(page).counts) == ALL_OPTIONS
    legends = page.locator("form.katalog-filters fieldset legend").all_inner_texts()
    assert [legend.strip() for legend in legends] == [
        "Målgruppe",
        "Indsatstype",
        "Region",
        "Kommune",
        "Evidens",
        "Status",
    ]
    facets = page.eval_on_selector_all("form.katalog-filters fieldset", "sets => sets.map(s => s.dataset.facet)")
    assert facets == list(FACETS)


def test_one_option_shows_exactly_its_initiatives(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    tick(page, {"malgruppe": ["unge"]})
    assert view(page) == expected_view({"malgruppe": ["unge"]})
    assert view(page).visible == {"energi-til-hinanden", "ncc-unge-fra-urbanplanen"}
    assert view(page).status == "Viser 2 af 11 indsatser."
    screenshot(page, "overview-filtered-desktop")


def test_options_in_one_facet_are_or_and_facets_are_and(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    either = {"malgruppe": ["unge", "udsatte-ledige"]}
    tick(page, either)
    assert view(page) == expected_view(either)
    assert view(page).visible == {
        "energi-til-hinanden",
        "ncc-unge-fra-urbanplanen",
        "partnerskab-kommune-og-virksomhed",
        "virksomhedscentre-med-mentorer",
    }

    both = {"malgruppe": ["unge", "udsatte-ledige"], "indsatstype": ["virksomhedspraktik"]}
    tick(page, {"indsatstype": ["virksomhedspraktik"]})
    assert view(page) == expected_view(both)
    assert view(page).visible == {
        "ncc-unge-fra-urbanplanen",
        "partnerskab-kommune-og-virksomhed",
        "virksomhedscentre-med-mentorer",
    }
    assert view(page).status == "Viser 3 af 11 indsatser."

    # Unticking the OR option narrows again.
    checkbox(page, "malgruppe", "udsatte-ledige").uncheck()
    assert view(page) == expected_view({"malgruppe": ["unge"], "indsatstype": ["virksomhedspraktik"]})
    assert view(page).visible == {"ncc-unge-fra-urbanplanen"}
    assert view(page).status == "Viser 1 af 11 indsatser."


def test_counts_follow_the_other_facets(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    tick(page, {"malgruppe": ["unge"]})
    shown = view(page)
    assert shown.counts == expected_view({"malgruppe": ["unge"]}).counts
    # A facet's own ticks do not change its counts: they say what ticking one more option adds.
    assert shown.counts[("malgruppe", "unge")] == 2
    assert shown.counts[("malgruppe", "udsatte-ledige")] == 2
    assert shown.counts[("malgruppe", "beboere-i-udsatte-boligomraader")] == 4
    # Other facets count only among the young.
    assert shown.counts[("indsatstype", "virksomhedssamarbejde")] == 2
    assert shown.counts[("indsatstype", "virksomhedspraktik")] == 1
    assert shown.counts[("kommune", "esbjerg")] == 1
    assert shown.counts[("kommune", "greve")] == 0
    assert shown.counts[("evidens", "kvalitativ-vurdering")] == 2
    assert shown.counts[("evidens", "kontrolgruppe")] == 0
    assert shown.counts[("status", "permanent")] == 0
    assert shown.counts[("status", "ukendt")] == 2
    assert ("kommune", "greve") in shown.zero
    assert ("kommune", "esbjerg") not in shown.zero
    # A zero option stays offered and can still be ticked.
    assert checkbox(page, "kommune", "greve").is_enabled()


def test_selection_goes_into_the_url_and_comes_back_from_it(page: Page, shipped_site: Server) -> None:
    selection = {"malgruppe": ["unge", "beboere-i-udsatte-boligomraader"], "region": ["region-hovedstaden"]}
    open_overview(page, shipped_site)
    tick(page, selection)
    shared = page.url
    assert urlsplit(shared).path == urlsplit(shipped_site.at("cases/")).path
    query = parse_qs(urlsplit(shared).query)
    assert {name: sorted(values) for name, values in query.items()} == {
        "malgruppe": ["beboere-i-udsatte-boligomraader", "unge"],
        "region": ["region-hovedstaden"],
    }
    before = view(page)

    page.goto("about:blank")
    page.goto(shared)
    assert view(page) == before == expected_view(selection)
    assert view(page).visible == {"fremskudt-beskaeftigelsesindsats", "netvaerket-dit-jobfaellesskab"}


def test_unknown_url_values_are_ignored(page: Page, shipped_site: Server) -> None:
    page.goto(shipped_site.at("cases/") + "?malgruppe=unge&malgruppe=findes-ikke&ukendt=1&status=<script>")
    shown = view(page)
    assert shown.visible == expected_view({"malgruppe": ["unge"]}).visible
    assert shown.checked == {("malgruppe", "unge")}
    assert shown.status == "Viser 2 af 11 indsatser."


def test_back_and_forward_restore_the_selection(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site, {"status": ["ukendt"]})
    # Another history entry of the same page, as a shared link opened in place would make.
    page.evaluate("history.pushState(null, '', '?kommune=greve')")
    page.go_back()
    page.wait_for_function(
        "document.querySelector('.katalog-shown').textContent === 'Viser 10 af 11 indsatser.'", timeout=5000
    )
    assert view(page) == expected_view({"status": ["ukendt"]})
    page.go_forward()
    page.wait_for_function(
        "document.querySelector('.katalog-shown').textContent === 'Viser 1 af 11 indsatser.'", timeout=5000
    )
    assert view(page) == expected_view({"kommune": ["greve"]})


def test_reset_clears_every_tick_and_the_url(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site, {"malgruppe": ["unge"], "evidens": ["kontrolgruppe"]})
    assert view(page) == expected_view({"malgruppe": ["unge"], "evidens": ["kontrolgruppe"]})
    page.get_by_role("button", name="Nulstil filtre").click()
    assert view(page) == expected_view({})
    assert urlsplit(page.url).query == ""
    assert view(page).status == "Viser alle 11 indsatser."


def test_no_match_shows_the_empty_message(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    tick(page, {"malgruppe": ["unge"], "kommune": ["greve"]})
    assert view(page) == expected_view({"malgruppe": ["unge"], "kommune": ["greve"]})
    assert view(page).visible == set()
    assert view(page).empty_shown
    assert page.locator(".katalog-empty").inner_text().strip() == EMPTY_MESSAGE
    assert view(page).status == "Viser 0 af 11 indsatser."
    # Unticking brings the cards back and hides the message.
    checkbox(page, "kommune", "greve").uncheck()
    assert view(page) == expected_view({"malgruppe": ["unge"]})
    assert not page.locator(".katalog-empty").is_visible()


def test_without_javascript_the_form_is_hidden_and_every_card_shows(nojs_page: Page, shipped_site: Server) -> None:
    # Even a filtered link shows everything: nothing can apply it.
    nojs_page.goto(shipped_site.at("cases/") + "?malgruppe=unge")
    assert not nojs_page.locator("form.katalog-filters").is_visible()
    cards = nojs_page.locator(".katalog-card")
    assert {str(cards.nth(i).get_attribute("id")) for i in range(cards.count()) if cards.nth(i).is_visible()} == {
        f"indsats-{id}" for id in CATALOGUE
    }
    assert nojs_page.locator(".katalog-shown").inner_text().strip() == "Viser alle 11 indsatser."
    assert not nojs_page.locator(".katalog-empty").is_visible()


def test_keyboard_alone_filters_and_resets(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    first = page.locator("form.katalog-filters input[type=checkbox]").first
    first_option = (str(first.get_attribute("name")), str(first.get_attribute("value")))
    # Tab from the open-data links just before the form (the last is the DCAT metadata) lands on the first checkbox.
    page.locator('[data-katalog-overview] a[href$=".dcat.jsonld"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == list(first_option)
    page.keyboard.press("Space")
    assert view(page) == expected_view({first_option[0]: [first_option[1]]})

    checkbox(page, "status", "permanent").focus()
    page.keyboard.press("Space")
    assert view(page) == expected_view({first_option[0]: [first_option[1]], "status": ["permanent"]})
    page.keyboard.press("Space")
    assert view(page) == expected_view({first_option[0]: [first_option[1]]})

    # Tabbing on past the last checkboxes reaches the reset button.
    while page.evaluate("document.activeElement.type") == "checkbox":
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Nulstil filtre"
    page.keyboard.press("Enter")
    assert view(page) == expected_view({})


def test_status_line_counts_exactly(page: Page, shipped_site: Server) -> None:
    open_overview(page, shipped_site)
    status = page.locator(".katalog-shown")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    tick(page, {"status": ["ukendt"]})
    assert status.inner_text().strip() == "Viser 10 af 11 indsatser."
    tick(page, {"kommune": ["esbjerg"]})
    assert status.inner_text().strip() == "Viser 1 af 11 indsatser."
    checkbox(page, "status", "ukendt").uncheck()
    checkbox(page, "kommune", "esbjerg").uncheck()
    assert status.inner_text().strip() == "Viser alle 11 indsatser."


COUNT_FORM_LISTENERS = """
window.formChangeListeners = 0;
const add = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (type === "change" && this instanceof HTMLFormElement && this.classList.contains("katalog-filters")) {
    window.formChangeListeners += 1;
  }
  return add.call(this, type, ...rest);
};
"""


def test_filters_start_once(page: Page, shipped_site: Server) -> None:
    """Both DOMContentLoaded and Material's document$ start the script; the second start must do nothing."""
    page.add_init_script(COUNT_FORM_LISTENERS)
    open_overview(page, shipped_site)
    assert page.evaluate("typeof window.document$") == "object"  # Material's observable is there to subscribe to
    assert page.evaluate("window.formChangeListeners") == 1


@pytest.mark.parametrize("path", ["", "methods/coaching/", "bidrag/"])
def test_pages_without_the_overview_are_left_alone(page: Page, shipped_site: Server, path: str) -> None:
    """filters.js runs on every page; elsewhere it must do nothing (the fixture fails on script errors)."""
    page.goto(shipped_site.at(path))
    page.wait_for_load_state("load")
    assert page.locator("[data-katalog-overview]").count() == 0
    assert urlsplit(page.url).query == ""


def test_phone_layout_fits_and_filters(phone_page: Page, shipped_site: Server) -> None:
    open_overview(phone_page, shipped_site)
    # On a phone the form is a panel behind the "Filtrér" button (tests/browser/test_phone_filters.py).
    phone_page.get_by_role("button", name="Filtrér").click()
    tick(phone_page, {"indsatstype": ["virksomhedssamarbejde"]})
    assert view(phone_page) == expected_view({"indsatstype": ["virksomhedssamarbejde"]})
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0, f"the page scrolls sideways by {overflow}px on a phone"
    # Facets stack: each fieldset starts at the same left edge.
    lefts = phone_page.eval_on_selector_all(
        "form.katalog-filters fieldset", "sets => sets.map(s => Math.round(s.getBoundingClientRect().left))"
    )
    assert len(set(lefts)) == 1, f"facets are not stacked on a phone: left edges {lefts}"
    screenshot(phone_page, "overview-filtered-phone")


def _axe() -> Path:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None, "axe-playwright-python is not installed"
    return Path(spec.origin).parent / "axe.min.js"


@pytest.mark.parametrize(
    "selection",
    [{}, {"malgruppe": ["unge"]}, {"malgruppe": ["unge"], "kommune": ["greve"]}],
    ids=["untouched", "filtered", "empty"],
)
def test_overview_meets_wcag_aa(page: Page, shipped_site: Server, selection: Selection) -> None:
    """axe-core (bundled with axe-playwright-python, loaded from disk) finds no WCAG 2.1 A/AA problem in the overview."""
    open_overview(page, shipped_site, selection)
    page.locator("form.katalog-filters input[type=checkbox]").first.focus()
    # Evaluated through the browser's debugging protocol: the page's policy refuses inline scripts.
    page.evaluate(_axe().read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document.querySelector('[data-katalog-overview]'),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    problems = [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
    assert problems == []
