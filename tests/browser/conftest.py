"""Browser fixtures: build a site once per data file, serve it under a sub-path, drive Debian's chromium.

Every page a test opens runs in a context that records each request; a request
to any host other than the local test server is blocked and fails the test, so
"the site loads nothing from other hosts" is checked by every browser test. Each
page also reports every Content-Security-Policy violation (the browser's
``securitypolicyviolation`` event and its console message); any violation fails the test.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Playwright, Route, sync_playwright

from tests.conftest import ROOT

CHROMIUM = os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "/inspirationskatalog/"
OUTPUT = ROOT / "tests" / "output"
SCREENSHOTS = OUTPUT / "screenshots"
SITE_FIXTURES = ROOT / "tests" / "fixtures" / "site"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def build(data: Path, out: Path, *, pdfs: bool = False) -> Path:
    """Build the site for ``data`` into ``out`` through the real CLI; fail the test run with its output.

    Without the PDFs unless ``pdfs`` (only the shipped site's tests open them): ``KATALOG_PDF``,
    which ``katalog build`` turns into the katalog plugin's ``pdfs`` option.
    """
    result = subprocess.run(
        [sys.executable, "-m", "katalog.cli", "build", "--data", str(data), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "KATALOG_PDF": "1" if pdfs else "0"},
    )
    if result.returncode != 0:
        pytest.fail(f"katalog build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site only under SUBPATH, like a static host serving a project page."""

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(SUBPATH):
            return str(Path(self.directory) / "__outside_subpath__")
        return super().translate_path("/" + clean[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@dataclass
class Server:
    root: Path
    url: str

    def at(self, path: str = "") -> str:
        """The absolute URL of ``path`` (relative to the site root, no leading slash)."""
        return self.url + path.lstrip("/")


def _serve(site: Path) -> Iterator[Server]:
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(site, f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The site built from the shipped catalogue, with its PDFs, served under a sub-path."""
    site = build(ROOT / "data" / "initiatives.yaml", tmp_path_factory.mktemp("site") / "site", pdfs=True)
    yield from _serve(site)


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A site built from records whose text tries to inject markup and script (without PDFs)."""
    site = build(SITE_FIXTURES / "injection.yaml", tmp_path_factory.mktemp("injection") / "site")
    yield from _serve(site)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system_deps.sh (installs Debian's chromium)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Traffic:
    """Every request a page made, and those that tried to leave the test server."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)


# Reports each policy violation to the test through a binding that survives navigation.
_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.__katalogCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _context(browser: Browser, traffic: Traffic, *, javascript: bool, viewport: dict[str, int]) -> BrowserContext:
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport, locale="da-DK")  # type: ignore[arg-type]

    def guard(route: Route) -> None:
        url = route.request.url
        traffic.requests.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            traffic.external.append(url)
            route.abort()

    context.route("**/*", guard)
    context.expose_binding("__katalogCsp", lambda _source, text: traffic.csp.append(str(text)))
    context.add_init_script(_REPORT_CSP)
    return context


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


def _page(browser: Browser, traffic: Traffic, *, javascript: bool, viewport: dict[str, int]) -> Iterator[Page]:
    context = _context(browser, traffic, javascript=javascript, viewport=viewport)
    page = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        # A dialog means record text ran as script: note it and dismiss it.
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: traffic.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: traffic.csp.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    # A request still in flight when the test ends (Pagefind fetches its fragments lazily) holds a
    # call of the route guard; closing the context then waited for it forever, now and then, on the
    # sync API's one thread. Unrouting first, without waiting for those calls, is Playwright's remedy.
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    assert traffic.csp == [], f"the Content-Security-Policy blocked something: {traffic.csp}"
    assert traffic.external == [], f"the page requested other hosts: {traffic.external}"
    assert traffic.errors == [], f"JavaScript errors on the page: {traffic.errors}"


@pytest.fixture
def page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A desktop-sized page with JavaScript; fails the test on any request to another host."""
    yield from _page(browser, traffic, javascript=True, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A phone-sized page with JavaScript."""
    yield from _page(browser, traffic, javascript=True, viewport=PHONE)


@pytest.fixture
def nojs_page(browser: Browser, traffic: Traffic) -> Iterator[Page]:
    """A desktop-sized page with JavaScript turned off."""
    yield from _page(browser, traffic, javascript=False, viewport=DESKTOP)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under tests/output/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
