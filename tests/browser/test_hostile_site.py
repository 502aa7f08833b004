"""The hostile corpus's browser cases: record text is data on the built site, in a real browser.

Every ``kind: browser`` case of ``tests/fixtures/hostile/cases.yaml`` names a data file;
their records are built into one site (without PDFs, so it stays quick), and each case's
pages are opened in Chromium, then every page of the site. On no page may a dialog open,
a request leave the test server, an element carry an event attribute or a ``javascript:``
(or ``data:``/``vbscript:``) URL, a script, frame, object, base or refresh element appear
that the site did not make, an id repeat, or the Content-Security-Policy report a violation.
A case's ``expect_text`` must be shown, as text, on one of its pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page

from tests.browser.conftest import Server, Traffic, _serve, build
from tests.test_hostile import CASES, HOSTILE

BROWSER_CASES = [c for c in CASES if c.get("kind", "command") == "browser"]

# Runs in the page: everything that would let record text run code, load from elsewhere or take
# the page's own ids. Returns one line per problem.
_INSPECT = """
() => {
  const problems = [];
  const origin = location.origin;
  const bad = /^(javascript|data|vbscript|file|blob):/;
  const scheme = (v) => v.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, "").toLowerCase();
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data", "background"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`${el.tagName} has ${name}="${attr.value}"`);
      if (urlAttrs.includes(name) && bad.test(scheme(attr.value))) problems.push(`${el.tagName} ${name}=${attr.value}`);
      if (name === "srcdoc") problems.push(`${el.tagName} has srcdoc`);
    }
  }
  for (const el of document.querySelectorAll("article [style], article style, article link, article meta")) {
    problems.push(`record element ${el.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, base, meta[http-equiv=refresh i]")) {
    problems.push(`unexpected ${el.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll("script")) {
    const data = (el.type || "").toLowerCase() === "application/json";
    if (!data && !el.src) problems.push(`inline script ${el.outerHTML.slice(0, 80)}`);
    if (el.src && new URL(el.src).origin !== origin) problems.push(`foreign script ${el.src}`);
  }
  for (const el of document.querySelectorAll("img[src], source[src], video[poster]")) {
    const url = new URL(el.getAttribute("src") || el.getAttribute("poster"), location.href);
    if (url.origin !== origin) problems.push(`foreign image ${url}`);
  }
  for (const form of document.forms) {
    if (new URL(form.action, location.href).origin !== origin) problems.push(`form posts to ${form.action}`);
  }
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  const twice = ids.filter((id, n) => ids.indexOf(id) !== n);
  if (twice.length) problems.push(`ids used twice: ${[...new Set(twice)].join(", ")}`);
  if (document.querySelectorAll("article h1").length > 1) problems.push("more than one h1");
  return problems;
}
"""


def _catalogue(cases: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The records of every browser case's data file, as one catalogue."""
    merged: dict[str, list[Any]] = {"themes": [], "initiatives": []}
    for case in cases:
        data = yaml.safe_load((HOSTILE / case["file"]).read_text(encoding="utf-8"))
        for key in merged:
            merged[key].extend(data.get(key) or [])
    return merged


def _pages_of(case: dict[str, Any]) -> list[str]:
    """The site paths a case's records appear on first: their own case pages and theme pages."""
    data = yaml.safe_load((HOSTILE / case["file"]).read_text(encoding="utf-8"))
    return [f"cases/{i['id']}/" for i in data.get("initiatives") or []] + [
        f"temaer/{t['id']}/" for t in data.get("themes") or []
    ]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.yaml"
    data.write_text(yaml.safe_dump(_catalogue(BROWSER_CASES), allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATALOG_PDF", "0")
        site = build(data, folder / "site")
    yield from _serve(site)


def _visit(page: Page, url: str, traffic: Traffic) -> list[str]:
    """Open ``url``, move the pointer over and focus what record text could hook, and list the problems."""
    page.goto(url)
    page.wait_for_load_state("load")
    article = page.locator("article")
    if article.count():
        article.hover()
        for element in article.locator("p, li, h2, h3, h4, span, a, td").all()[:60]:
            element.hover(timeout=2000, force=True)
    page.keyboard.press("Tab")
    page.wait_for_timeout(50)
    problems: list[str] = page.evaluate(_INSPECT)
    if page.url.split("#")[0] != url:
        problems.append(f"the page moved to {page.url}")
    problems += [f"dialog: {d}" for d in traffic.dialogs]
    problems += [f"CSP: {c}" for c in traffic.csp]
    problems += [f"request to another host: {e}" for e in traffic.external]
    return problems


def test_corpus_has_browser_cases() -> None:
    assert len(BROWSER_CASES) >= 20
    assert all(Path(HOSTILE / c["file"]).name.startswith("web-") for c in BROWSER_CASES)


@pytest.mark.parametrize("case", BROWSER_CASES, ids=[c["id"] for c in BROWSER_CASES])
def test_case_pages(case: dict[str, Any], hostile_site: Server, page: Page, traffic: Traffic) -> None:
    shown: list[str] = []
    for path in _pages_of(case):
        problems = _visit(page, hostile_site.at(path), traffic)
        assert problems == [], f"{path}: {problems}"
        shown.append(page.locator("article").inner_text())
    text = "\n".join(shown)
    missing = [t for t in case.get("expect_text") or [] if t not in text]
    assert missing == [], f"not shown as text on {_pages_of(case)}: {missing}"


def test_every_page_of_the_hostile_site(hostile_site: Server, page: Page, traffic: Traffic) -> None:
    """The overview, browse pages, method pages and search page show the same records as cards and lists."""
    paths = sorted(p.parent.relative_to(hostile_site.root).as_posix() for p in hostile_site.root.rglob("index.html"))
    assert len(paths) > 40
    failures = {}
    for path in paths:
        url = hostile_site.at("" if path == "." else path + "/")
        problems = _visit(page, url, traffic)
        if problems:
            failures[path] = problems
    assert failures == {}
    page.goto(hostile_site.at("sog/?q=alert"))
    page.locator("#sog-results li").first.wait_for()
    assert page.evaluate(_INSPECT) == [] and traffic.dialogs == [] and traffic.csp == []


def test_compare_page_with_hostile_records(hostile_site: Server, page: Page, traffic: Traffic) -> None:
    """Hostile names, facts, results, methods and sources in every column of the compare table stay text."""
    ids = ["web-plain-fields", "web-results", "web-script-tags", "web-attr-list"]
    records = {i["id"]: i for c in BROWSER_CASES for i in _catalogue([c])["initiatives"]}
    assert all(i in records for i in ids)
    url = hostile_site.at("sammenlign/?" + "&".join(f"id={i}" for i in ids))
    page.goto(url)
    table = page.locator("table.katalog-compare__table")
    table.wait_for()
    for cell in table.locator("th, td").all()[:80]:
        cell.hover(timeout=2000, force=True)
    page.keyboard.press("Tab")
    assert page.evaluate(_INSPECT) == []
    assert traffic.dialogs == [] and traffic.csp == []
    names = table.locator("thead th[scope=col]").all_inner_texts()
    assert names == [records[i]["name"].strip() for i in ids]
    # Only the elements compare.js makes, never one from record text.
    tags = set(table.evaluate("t => [...t.querySelectorAll('*')].map(n => n.tagName)"))
    assert tags <= {"CAPTION", "THEAD", "TBODY", "TR", "TH", "TD", "A", "UL", "LI", "STRONG", "SPAN"}, tags
