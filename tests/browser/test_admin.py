"""The editing page /admin/ (Sveltia CMS) in a real browser: Danish form, an edit saved, nothing from other hosts.

The site is built once with a repository set (as GitHub Actions does), so /admin/ is the real
page with the real ``github`` backend, which signs in with a personal access token. To save
without GitHub, the test serves the page a copy of the built ``admin/config.yml`` whose backend
is Sveltia's ``test-repo``, which keeps its files in the browser's own storage (the origin
private file system, folder ``sveltia-cms-test``): the test puts the shipped data file there
and reads the saved file back. Nothing test-only is in the built site.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Locator, Page, Route, expect

from katalog.catalogue.validate import validate_file
from katalog.editing import cms
from tests.browser.conftest import DESKTOP, Server, Traffic, _serve, build, screenshot
from tests.conftest import ROOT, TODAY

REPOSITORY = "https://github.com/eksempel/inspirationskatalog"
DATA = ROOT / "data" / "initiatives.yaml"
TEST_REPO = "sveltia-cms-test"
WRITE_FILE = """async ([folder, text]) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, {create: true});
  const data = await root.getDirectoryHandle("data", {create: true});
  const file = await data.getFileHandle("initiatives.yaml", {create: true});
  const out = await file.createWritable();
  await out.write(text);
  await out.close();
}"""
READ_FILE = """async (folder) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  const file = await (await root.getDirectoryHandle("data")).getFileHandle("initiatives.yaml");
  return await (await file.getFile()).text();
}"""


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATALOG_REPO_URL", REPOSITORY)
        patch.delenv(cms.AUTH_ENV, raising=False)
        site = build(DATA, tmp_path_factory.mktemp("admin") / "site")
    yield from _serve(site)


def _open_test_repo(page: Page, site: Server, text: str) -> None:
    """Serve the built config with the test backend, put ``text`` in its storage, and open the catalogue's entry."""
    settings: dict[str, Any] = yaml.safe_load((site.root / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"]["name"] == "github"
    settings["backend"] = {"name": "test-repo"}
    body = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)

    def config(route: Route) -> None:
        route.fulfill(status=200, content_type="application/yaml; charset=utf-8", body=body)

    page.route("**/admin/config.yml*", config)
    page.goto(site.at("admin/"))
    page.evaluate(WRITE_FILE, [TEST_REPO, text])
    page.get_by_role("button", name="Arbejd med testrepository").click()
    expect(page.get_by_text("Kataloget", exact=True).first).to_be_visible()
    page.goto(site.at("admin/#/collections/katalog/entries/indsatser"))
    expect(page.get_by_text("Indsatser", exact=True).first).to_be_visible()


def _item(page: Page, name: str) -> Locator:
    """The list item of the first initiative, checked by its summary line (its name), then opened."""
    initiatives = page.get_by_role("group", name=re.compile("^Feltet ”.?Indsatser.?”$"))
    item = initiatives.locator("div.item[role=group]").first
    expect(item.locator(".summary")).to_have_text(name)
    item.get_by_role("button", name="Fold ud").click()
    return item


def _saved(page: Page) -> str:
    page.get_by_role("button", name="Gem", exact=True).click()
    # Saved, the editor closes and the collection shows again.
    expect(page.get_by_role("grid", name="Filer")).to_be_visible()
    text: str = page.evaluate(READ_FILE, TEST_REPO)
    return text


def _diff(before: str, after: str) -> list[str]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_production_page_signs_in_with_a_token_and_loads_nothing_from_other_hosts(
    page: Page, traffic: Traffic, admin_site: Server
) -> None:
    response = page.goto(admin_site.at("admin/"))
    assert response is not None and response.ok
    # No OAuth service: the token is the way in, and the local-folder way (Chromium only) is offered too.
    page.get_by_role("button", name="Log ind med adgangstoken").click()
    dialog = page.get_by_role("alertdialog", name="Log ind med adgangstoken")
    expect(dialog.get_by_role("textbox", name="Personligt adgangstoken")).to_be_visible()
    # GitHub's page for a new fine-grained token, asking for the contents and pull requests it needs.
    link = dialog.get_by_role("link", name="dine brugerindstillinger på ⁨GitHub⁩")
    assert (link.get_attribute("href") or "").startswith("https://github.com/settings/personal-access-tokens/new?")
    assert "<title>Redigér kataloget – Inspirationskatalog</title>" in (admin_site.root / "admin/index.html").read_text(
        encoding="utf-8"
    )
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy == cms.policy("https://api.github.com")
    assert "'unsafe-eval'" not in policy and "script-src 'self';" in policy
    local = [url for url in traffic.requests if url.startswith(admin_site.url)]
    assert any(url.endswith("/admin/cms.js") for url in local)
    # The icons and text fonts come from the site (a missing font would fall back to a CDN).
    assert sum(url.endswith(".woff2") for url in local) >= 2
    assert len(local) == len(traffic.requests)


def test_each_initiative_is_an_entry_titled_by_its_name(page: Page, admin_site: Server) -> None:
    text = DATA.read_text(encoding="utf-8")
    _open_test_repo(page, admin_site, text)
    names = [item["name"] for item in yaml.safe_load(text)["initiatives"]]
    expect(page.get_by_text(f"{len(names)} Indsatser", exact=True)).to_be_visible()
    # Items are drawn as they come into view: a tall window shows them all, each collapsed to its name.
    page.set_viewport_size({"width": DESKTOP["width"], "height": 6000})
    summaries = page.locator("div.item[role=group] .summary")
    themes = yaml.safe_load(text)["themes"]
    expect(summaries).to_have_count(len(themes) + len(names))
    shown = [line.strip() for line in summaries.all_inner_texts()]
    assert shown[-len(names) :] == names


def test_editor_changes_one_record_and_saves_only_that_change(page: Page, admin_site: Server) -> None:
    text = DATA.read_text(encoding="utf-8")
    _open_test_repo(page, admin_site, text)
    first = yaml.safe_load(text)["initiatives"][0]
    # Fields are drawn as they come into view: a tall window shows the whole record.
    page.set_viewport_size({"width": DESKTOP["width"], "height": 6000})
    item = _item(page, first["name"])

    # The form speaks Danish: the model's titles as labels, its descriptions as hints.
    name = item.get_by_label("Navn", exact=True).first
    expect(name).to_have_value(first["name"])
    for label in ("Resumé", "Beskrivelse", "Målgrupper", "Indsatstyper", "Indsatsens status", "Sidst gennemgået"):
        expect(item.get_by_text(label, exact=True).first).to_be_visible()
    expect(item.get_by_text("Indsatsens navn, som kilden skriver det.")).to_be_visible()

    name.fill(first["name"] + " (rettet)")
    screenshot(page, "admin-indsats")
    saved = _saved(page)
    # The whole file, with every comment and every other line as it was: only the name changed.
    expected = text.replace(f"    name: {first['name']}\n", f"    name: {first['name']} (rettet)\n", 1)
    assert _diff(text, saved) == [f"-    name: {first['name']}", f"+    name: {first['name']} (rettet)"]
    assert saved == expected


def test_saved_file_passes_katalog_validate(page: Page, admin_site: Server, tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    _open_test_repo(page, admin_site, text)
    first = yaml.safe_load(text)["initiatives"][0]
    page.set_viewport_size({"width": DESKTOP["width"], "height": 6000})
    item = _item(page, first["name"])
    # An optional text the editor fills and clears again is left out, not saved as ''.
    website = item.locator('[data-key-path="initiatives.0.website"]').get_by_role("textbox")
    website.fill("https://eksempel.dk")
    website.fill("")
    item.get_by_label("Navn", exact=True).first.fill("Energi til hinanden i Esbjerg")
    saved = _saved(page)
    assert "website" not in yaml.safe_load(saved)["initiatives"][0]
    path = tmp_path / "initiatives.yaml"
    path.write_text(saved, encoding="utf-8")
    report = validate_file(path, ROOT, TODAY)
    assert [p.text() for p in report.errors] == []
