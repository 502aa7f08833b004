"""Measure the /admin/ web form: Sveltia CMS (shipped) against Decap CMS, with the same generated configuration.

    .venv/bin/python scripts/bench_cms.py [--count 1000] [--decap PATH/TO/decap-cms/dist]

Prints, for each CMS: the bundle's bytes on disk and gzipped, the other hosts named in its
code, and, in Chromium on the CMS's in-browser test backend holding a synthetic catalogue
of --count records: the seconds from opening the catalogue's entry to the first record's
summary on screen, and every request to another host.
Decap is measured only when --decap names an installed ``decap-cms/dist`` folder (e.g. from
``npm install decap-cms@3.16.3`` in a scratch folder); the project ships Sveltia only.
Figures, never a pass or fail.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from katalog.catalogue.reference import load_reference  # noqa: E402
from katalog.editing import cms  # noqa: E402

REPOSITORY = "https://github.com/eksempel/inspirationskatalog"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HOST = re.compile(rb"https?://([a-z0-9.-]+\.[a-z]{2,})")
WRITE_FILE = """async ([text]) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("sveltia-cms-test", {create: true});
  const file = await (await root.getDirectoryHandle("data", {create: true})).getFileHandle("initiatives.yaml", {create: true});
  const out = await file.createWritable();
  await out.write(text);
  await out.close();
}"""


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _test_config(files: dict[str, str | bytes], **extra: str) -> str:
    settings = extra | yaml.safe_load(str(files["admin/config.yml"]))
    settings["backend"] = {"name": "test-repo"}
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)


def sveltia_site(out: Path) -> tuple[Path, dict[str, bytes]]:
    files = cms.site_files(ROOT, REPOSITORY)
    _write(out, files | {"admin/config.yml": _test_config(files)})
    return out, cms.bundle_files(ROOT)


def decap_site(out: Path, dist: Path) -> tuple[Path, dict[str, bytes]]:
    """Decap's bundle with the same config, format script and data; no policy (Decap needs 'unsafe-eval')."""
    files = cms.site_files(ROOT, REPOSITORY)
    bundle = {
        f"admin/{path.name}": path.read_bytes()
        for path in sorted(dist.iterdir())
        if path.name == "decap-cms.js" or path.name.endswith((".decap-cms.js", ".wasm"))
    }
    page = str(files["admin/index.html"])
    page = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    page = page.replace('<script type="module" src="cms.js"></script>', '<script src="decap-cms.js"></script>')
    page = page.replace('type="application/yaml" rel="cms-config-url"', 'type="text/yaml" rel="cms-config-url"')
    shared = {name: files[name] for name in files if name.startswith("admin/yaml/") or name == "admin/katalog-cms.js"}
    _write(out, shared | bundle | {"admin/index.html": page, "admin/config.yml": _test_config(files, locale="da")})
    return out, bundle


def sizes(bundle: dict[str, bytes]) -> tuple[int, int, list[str]]:
    code = b"".join(content for name, content in bundle.items() if name.endswith(".js"))
    hosts = sorted({m.decode() for m in HOST.findall(code)} - {"www.w3.org"})
    return sum(map(len, bundle.values())), sum(len(gzip.compress(c, 6)) for c in bundle.values()), hosts


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/admin/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def open_catalogue(kind: str, folder: Path, data: str, first: str) -> tuple[float | str, list[str]]:
    external: list[str] = []
    with serve(folder) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})

        def guard(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                external.append(url)
                route.abort()  # type: ignore[attr-defined]

        context.route("**/*", guard)
        page: Page = context.new_page()
        page.on("pageerror", lambda error: print(f"  {kind}: {error}", file=sys.stderr))
        page.on(
            "console",
            lambda m: print(f"  {kind} console: {m.text[:200]}", file=sys.stderr) if m.type == "error" else None,
        )
        if kind == "decap":
            files = {"data": {"initiatives.yaml": {"content": data}}}
            page.add_init_script(f"window.CMS_MANUAL_INIT = true; window.repoFiles = {json.dumps(files)};")
            page.goto(base)
            page.get_by_role("button", name="Log ind").click()
        else:
            page.goto(base)
            page.evaluate(WRITE_FILE, [data])
            page.get_by_role("button", name="Arbejd med testrepository").click()
        page.get_by_text("Kataloget", exact=True).first.wait_for()
        start = time.perf_counter()
        page.goto(base + "#/collections/katalog/entries/indsatser")
        seconds: float | str
        try:
            page.get_by_text(first, exact=True).first.wait_for(timeout=300_000)
            seconds = time.perf_counter() - start
        except PlaywrightError as error:  # Decap's tab has run out of memory here
            seconds = f"failed after {time.perf_counter() - start:.1f} s ({str(error).splitlines()[0]})"
        browser.close()
    return seconds, external


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--decap", type=Path, help="an installed decap-cms/dist folder, to measure Decap too")
    args = parser.parse_args()
    load_reference(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "synthetic.yaml"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_synthetic.py"),
                "--count",
                str(args.count),
                "--out",
                str(synthetic),
            ],
            check=True,
            capture_output=True,
        )
        data = synthetic.read_text(encoding="utf-8")
        first = yaml.safe_load(data)["initiatives"][0]["name"]
        sites = [("sveltia", *sveltia_site(Path(tmp) / "sveltia"))]
        if args.decap:
            sites.append(("decap", *decap_site(Path(tmp) / "decap", args.decap)))
        print(f"{args.count} records, {len(data.encode()) / 1e6:.1f} MB of YAML")
        for kind, folder, bundle in sites:
            disk, packed, hosts = sizes(bundle)
            seconds, external = open_catalogue(kind, folder, data, first)
            print(f"\n{kind}: bundle {len(bundle)} files, {disk / 1e6:.1f} MB on disk, {packed / 1e6:.1f} MB gzipped")
            print(
                f"  hosts named in its code: {len(hosts)} ({', '.join(hosts[:12])}{', …' if len(hosts) > 12 else ''})"
            )
            opened = f"{seconds:.1f} s" if isinstance(seconds, float) else seconds
            print(f"  open the catalogue of {args.count}: {opened}")
            print(f"  requests to other hosts: {len(external)} {external[:5]}", flush=True)


if __name__ == "__main__":
    main()
