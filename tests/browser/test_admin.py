"""The editing page /admin/ (Decap CMS) in a real browser: Danish form, an edit saved, nothing from other hosts.

The site is built once with a repository set (as GitHub Actions does), so /admin/ is the real
page with the real ``github`` backend. To save without GitHub, the test serves the page a copy
of the built ``admin/config.yml`` whose backend is Decap's in-memory ``test-repo``, and puts the
shipped data file into that in-memory repository; nothing test-only is in the built site.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, Route, expect

from katalog.validate import validate_file
from tests.browser.conftest import DESKTOP, Server, Traffic, _serve, build, screenshot
from tests.conftest import ROOT, TODAY

REPOSITORY = "https://github.com/eksempel/inspirationskatalog"
DATA = ROOT / "data" / "initiatives.yaml"
# Records the Content-Security-Policy refused, so a blocked request cannot pass unseen.
WATCH_POLICY = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (e) => window.__blocked.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATALOG_REPO_URL", REPOSITORY)
        patch.setenv("KATALOG_DECAP_AUTH_URL", "https://login.eksempel.dk")
        site = build(DATA, tmp_path_factory.mktemp("admin") / "site")
    yield from _serve(site)


def _test_repo(page: Page, site: Server) -> None:
    """Serve the built config with Decap's in-memory backend, holding the shipped data file."""
    settings: dict[str, Any] = yaml.safe_load((site.root / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"]["name"] == "github"
    settings["backend"] = {"name": "test-repo"}
    body = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)

    def config(route: Route) -> None:
        route.fulfill(status=200, content_type="text/yaml; charset=utf-8", body=body)

    page.route("**/admin/config.yml", config)
    files = {"data": {"initiatives.yaml": {"content": DATA.read_text(encoding="utf-8")}}}
    page.add_init_script(f"window.repoFiles = {json.dumps(files)};")


def _open_entry(page: Page, site: Server) -> None:
    page.add_init_script(WATCH_POLICY)
    page.goto(site.at("admin/"))
    page.get_by_role("button", name="Log ind").click()
    page.goto(site.at("admin/#/collections/katalog/entries/indsatser"))
    expect(page.get_by_text("Indsatser", exact=True).first).to_be_visible()


def _item(page: Page, scope: Any, title: str) -> Any:
    return scope.locator("div[class*=listControlItem]").filter(has=page.get_by_text(title, exact=True)).first


def test_production_page_offers_github_login_and_loads_nothing_from_other_hosts(
    page: Page, traffic: Traffic, admin_site: Server
) -> None:
    page.add_init_script(WATCH_POLICY)
    page.goto(admin_site.at("admin/"))
    expect(page.get_by_role("button", name="Log ind med GitHub")).to_be_visible()
    assert page.evaluate("window.__blocked") == []
    assert page.title() == "Redigér kataloget – Inspirationskatalog"
    local = [url for url in traffic.requests if url.startswith(admin_site.url)]
    assert any(url.endswith("/admin/decap-cms.js") for url in local)
    assert len(local) == len(traffic.requests)


def test_editor_changes_a_field_and_saves_only_that_change(page: Page, traffic: Traffic, admin_site: Server) -> None:
    _test_repo(page, admin_site)
    _open_entry(page, admin_site)
    initiatives = yaml.safe_load(DATA.read_text(encoding="utf-8"))["initiatives"]
    first = initiatives[0]
    item = _item(page, page, first["name"])
    item.locator("button").first.click()

    # The form speaks Danish: the model's titles as labels, its descriptions as hints, its labels in selects.
    name = item.get_by_label("Navn", exact=True).first
    expect(name).to_have_value(first["name"])
    for text in ("Resumé", "Beskrivelse", "Målgrupper", "Indsatstyper", "Indsatsens status", "Sidst gennemgået"):
        expect(item.get_by_text(text, exact=True).first).to_be_visible()
    expect(item.get_by_text("Indsatsens navn, som kilden skriver det.")).to_be_visible()
    expect(item.get_by_text("Kommuner (kan udelades)", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Gem")).to_be_visible()

    name.fill(first["name"] + " (rettet)")
    page.set_viewport_size({"width": DESKTOP["width"], "height": 2400})
    screenshot(page, "admin-indsats")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Ændringer gemt")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Status: Kladde"))).to_be_visible()

    # With the editorial workflow a save is a draft (a pull request on GitHub), holding the whole file.
    saved: str = page.evaluate("Object.values(window.repoFilesUnpublished)[0].diffs[0].content")
    before = DATA.read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, saved.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [f"-    name: {first['name']}", f"+    name: {first['name']} (rettet)"]
    assert page.evaluate("window.__blocked") == []
    assert traffic.external == []


def test_saved_file_passes_katalog_validate(page: Page, admin_site: Server, tmp_path: Path) -> None:
    _test_repo(page, admin_site)
    _open_entry(page, admin_site)
    first = yaml.safe_load(DATA.read_text(encoding="utf-8"))["initiatives"][0]
    item = _item(page, page, first["name"])
    item.locator("button").first.click()
    # An optional text the editor fills and clears again is left out, not saved as ''.
    website = item.get_by_label(re.compile(r"^Hjemmeside")).first
    website.fill("https://eksempel.dk")
    website.fill("")
    item.get_by_label("Navn", exact=True).first.fill("Energi til hinanden i Esbjerg")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Ændringer gemt")).to_be_visible()
    saved: str = page.evaluate("Object.values(window.repoFilesUnpublished)[0].diffs[0].content")
    assert "website" not in yaml.safe_load(saved)["initiatives"][0]
    path = tmp_path / "initiatives.yaml"
    path.write_text(saved, encoding="utf-8")
    report = validate_file(path, ROOT, TODAY)
    assert [p.text() for p in report.errors] == []
