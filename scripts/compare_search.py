"""Measure the site's search: Pagefind (as shipped) against Material's built-in search, same queries.

    .venv/bin/python scripts/compare_search.py                   # the shipped catalogue
    .venv/bin/python scripts/compare_search.py --synthetic 1000  # also bytes per search at 1,000 records

Builds the site twice into a temporary folder: once as shipped (``katalog build``:
Material with the search plugin off, Pagefind indexing in the post-build hook),
and once with Material's own search plugin on (``search: {lang: da, pipeline:
[trimmer]}``, the setting that worked best for Danish), through a temporary
config beside mkdocs.yml that INHERITs it, so everything else is the same; the
header override keeps Material's search box when that plugin is on. Both sites
are served under the same sub-path as the browser tests, and every query of
tests/browser/search_queries.py is typed into each engine in Debian's chromium
(Material: ``press_sequentially`` into ``input.md-search__input``; Pagefind: the
search page ``sog/?q=``).

Printed per engine: hits@5 (the expected page among the first five results) out
of the number of queries, the queries that failed with what came first instead,
and the bytes one search downloads in a fresh browser (the page and its assets,
and separately the search machinery: index, chunks, workers, WebAssembly), as
median and maximum over the queries. With ``--synthetic N`` both engines are
built again from ``scripts/make_synthetic.py --count N`` and the bytes for a few
queries are measured there. Figures only: this script never asserts.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Response, sync_playwright  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SUBPATH, _Handler  # noqa: E402
from tests.browser.search_queries import QUERIES, SearchQuery  # noqa: E402

from katalog.problems import KatalogError  # noqa: E402
from katalog.site.search import index_site  # noqa: E402

MATERIAL_CONFIG = """\
# Temporary config written by scripts/compare_search.py; deleted when it finishes.
INHERIT: mkdocs.yml
plugins:
  - search:
      lang: da
      pipeline: [trimmer]
  - katalog:
      data: {data}
"""
SYNTHETIC_QUERIES = ("løntilskud", "mentor", "kvinderne", "virksomhedspraktik", "de unge")
TOP = 5
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Engine:
    """One way of searching the site: how to run a query in a page and read the result links."""

    name: str
    site: Path
    search: Callable[[Page, str, str], None]
    hits: Callable[[Page], list[str]]
    failures: list[tuple[SearchQuery, list[str]]] = field(default_factory=list)
    passed: int = 0


def _run(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started


def build_pagefind(data: Path, out: Path) -> float:
    """The shipped build, through the real CLI."""
    return _run([sys.executable, "-m", "katalog.cli", "build", "--data", str(data), "--out", str(out)])


def build_material(data: Path, out: Path) -> float:
    """The same site with Material's search plugin on (a temporary config that INHERITs mkdocs.yml)."""
    handle, name = tempfile.mkstemp(prefix=".compare-search-", suffix=".yml", dir=ROOT)
    config = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(MATERIAL_CONFIG.format(data=json.dumps(str(data.resolve()))))
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "--site-dir", str(out)]
        return _run(command, env)
    finally:
        config.unlink(missing_ok=True)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` under the browser tests' sub-path; yield the site's root URL."""
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _relative(href: str, base: str) -> str:
    """``cases/x/`` from an absolute result link; drops Material's ``?h=`` highlight and section anchors."""
    path, root = urlsplit(href).path, urlsplit(base).path
    return path[len(root) :] if path.startswith(root) else path


def pagefind_search(page: Page, base: str, query: str) -> None:
    page.goto(base + "sog/?q=" + quote(query))
    page.wait_for_selector("#sog-results[data-state=done], #sog-results[data-state=error]", state="attached")


def pagefind_hits(page: Page) -> list[str]:
    hrefs: list[str] = page.locator("#sog-results a").evaluate_all("as => as.map(a => a.href)")
    return hrefs


def material_search(page: Page, base: str, query: str) -> None:
    if not page.url.startswith(base):
        page.goto(base)
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query)
    # Material searches on every keystroke once its worker has the index; wait for the final count.
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta && /\\d|Ingen/.test(meta.textContent);
        }"""
    )
    page.wait_for_timeout(250)


def material_hits(page: Page) -> list[str]:
    hrefs: list[str] = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "as => as.map(a => a.href)"
    )
    return hrefs


def measure_hits(browser: Browser, engine: Engine, base: str, queries: tuple[SearchQuery, ...]) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")  # type: ignore[arg-type]
    page = context.new_page()
    for query in queries:
        engine.search(page, base, query.text)
        found: list[str] = []
        for href in engine.hits(page):
            path = _relative(href, base)
            if path not in found:  # Material lists a page once per matching section
                found.append(path)
        if query.expected in found[:TOP]:
            engine.passed += 1
        else:
            engine.failures.append((query, found[:TOP]))
    context.close()


def _is_search_machinery(url: str) -> bool:
    path = urlsplit(url).path
    return "/pagefind/" in path or "/search/" in path or "/workers/search" in path or "/lunr/" in path


def bytes_for_one_search(browser: Browser, engine: Engine, base: str, query: str) -> tuple[int, int, int]:
    """(page bytes, search bytes, results shown) for a fresh browser loading the page and running ``query``."""
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")  # type: ignore[arg-type]
    page = context.new_page()
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))
    engine.search(page, base, query)
    page.wait_for_load_state("networkidle")
    shown = len({_relative(href, base) for href in engine.hits(page)})
    page_bytes = search_bytes = 0
    for response in responses:
        try:
            size = len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            size = int(response.headers.get("content-length", "0") or 0)
        if _is_search_machinery(response.url):
            search_bytes += size
        else:
            page_bytes += size
    context.close()
    return page_bytes, search_bytes, shown


def _kb(value: float) -> str:
    return f"{value / 1024:,.0f} kB"


def report_bytes(browser: Browser, engine: Engine, base: str, queries: list[str]) -> None:
    measured = [bytes_for_one_search(browser, engine, base, q) for q in queries]
    totals = [p + s for p, s, _ in measured]
    searches = [s for _, s, _ in measured]
    shown = [n for _, _, n in measured]
    print(
        f"  bytes for one search (fresh browser, {len(queries)} queries): "
        f"median {_kb(statistics.median(totals))} in all, of which search {_kb(statistics.median(searches))}; "
        f"max {_kb(max(totals))} (search {_kb(max(searches))}); pages listed per query {min(shown)}–{max(shown)}"
    )


def _disk(site: Path, engine: str) -> str:
    if engine == "Pagefind":
        bundle = site / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        index = [p for p in files if p.suffix in {".pf_index", ".pf_fragment", ".pf_meta"}]
        total = sum(p.stat().st_size for p in files)
        return f"bundle {_kb(total)} on disk ({len(index)} index/fragment files, {_kb(sum(p.stat().st_size for p in index))})"
    index_file = site / "search" / "search_index.json"
    return f"search_index.json {_kb(index_file.stat().st_size)} on disk" if index_file.exists() else "no index"


def _reindex(site: Path) -> str:
    try:
        return index_site(site).text()
    except KatalogError as exc:
        return f"failed: {exc.message}"


def _engines(pagefind_site: Path, material_site: Path) -> list[Engine]:
    return [
        Engine("Pagefind", pagefind_site, pagefind_search, pagefind_hits),
        Engine("Material (lunr, lang da, pipeline trimmer)", material_site, material_search, material_hits),
    ]


def compare_shipped(browser: Browser, work: Path) -> None:
    data = ROOT / "data" / "initiatives.yaml"
    pagefind_site, material_site = work / "pagefind-site", work / "material-site"
    print(f"Building the shipped catalogue twice into {work} …")
    seconds = (build_pagefind(data, pagefind_site), build_material(data, material_site))
    print(
        f"  build time: Pagefind {seconds[0]:.1f} s (whole katalog build), Material search {seconds[1]:.1f} s (its build also runs the hook's Pagefind indexing)"
    )
    print(f"  Pagefind indexing alone, run again: {_reindex(pagefind_site)}")
    for engine in _engines(pagefind_site, material_site):
        with serve(engine.site) as base:
            measure_hits(browser, engine, base, QUERIES)
            print(f"\n{engine.name}: hits@{TOP} {engine.passed}/{len(QUERIES)}")
            print(f"  {_disk(engine.site, engine.name.split()[0])}")
            for query, found in engine.failures:
                print(f"  FAIL »{query.text}« ({query.kind}) expected {query.expected}; got {found or 'nothing'}")
            report_bytes(browser, engine, base, [q.text for q in QUERIES])


def compare_synthetic(browser: Browser, work: Path, count: int) -> None:
    data = work / f"synthetic-{count}.yaml"
    print(f"\nSynthetic catalogue with {count} records …")
    try:
        _run([sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(count), "--out", str(data)])
        pagefind_site, material_site = work / f"pagefind-{count}", work / f"material-{count}"
        seconds = (build_pagefind(data, pagefind_site), build_material(data, material_site))
    except SystemExit as exc:
        print(f"  the synthetic build did not work, so there are no figures for it:\n  {exc}")
        return
    print(
        f"  build time: Pagefind {seconds[0]:.1f} s (whole katalog build), Material search {seconds[1]:.1f} s (its build also runs the hook's Pagefind indexing)"
    )
    print(f"  Pagefind indexing alone, run again: {_reindex(pagefind_site)}")
    for engine in _engines(pagefind_site, material_site):
        with serve(engine.site) as base:
            print(f"{engine.name}: {_disk(engine.site, engine.name.split()[0])}")
            report_bytes(browser, engine, base, list(SYNTHETIC_QUERIES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="also measure bytes per search at N records")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-search-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            compare_shipped(browser, Path(tmp))
            if args.synthetic:
                compare_synthetic(browser, Path(tmp), args.synthetic)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
