"""Index a built site for Pagefind, the site's Danish full-text search.

Material's own search (lunr) misses Danish inflections ("kvinderne" does not
find "kvinder"); Pagefind stems Danish and splits its index into chunks that a
browser fetches only for the words searched. This module runs Pagefind's
bundled binary over an output directory after MkDocs has written it, so the
search page (``docs/sog.md`` with ``assets/javascripts/sog.js``) finds
``pagefind/pagefind.js`` next to the pages. It is called from the MkDocs
``on_post_build`` hook, so ``katalog build`` and ``mkdocs serve`` both index.

What is indexed:

- only the page content, Material's ``article.md-content__inner`` (not the
  header, navigation, table of contents or footer);
- not elements marked ``data-pagefind-ignore`` (Pagefind's own rule), nor
  Material's edit/view buttons; the search page marks its content ignored;
- not ``404.html`` (the glob takes the home page and pages in folders only);
- all pages as Danish (``force_language``), whatever a page declares, so the
  whole site shares one index with Danish stemming; the written bundle is
  checked to be Danish.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from katalog.language import grammar
from katalog.problems import KatalogError

LANGUAGE = "da"
BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Material's "edit this page"/"view source" buttons sit inside the article.
EXCLUDE_SELECTORS = (
    ".md-content__button",
    ".md-source-file",
    ".katalog-card__meta",
    ".katalog-card__summary",
    ".katalog-card__result",
)
# The home page plus every page in a folder (use_directory_urls): leaves out 404.html.
GLOB = "{index.html,*/**/*.html}"
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class SearchStats:
    """What an indexing run produced: pages indexed, the bundle's size on disk, the time it took."""

    pages: int
    index_bytes: int
    language: str
    seconds: float

    def text(self) -> str:
        """One line for a build log: '26 sider indekseret til søgning (da, 735 kB, 0,05 s)'."""
        size = f"{self.index_bytes / 1024:.0f} kB"
        seconds = f"{self.seconds:.2f}".replace(".", ",")
        return f"{grammar.count(self.pages, 'side')} indekseret til søgning ({self.language}, {size}, {seconds} s)"


def _binary() -> Path:
    # Imported here: the pagefind package is only needed when a site is built.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None or not binary.exists():
        raise KatalogError("Pagefind-programmet findes ikke; installer projektets afhængigheder (pagefind[bin]) igen")
    return binary


def _command(binary: Path, site_dir: Path) -> list[str]:
    return [
        str(binary),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        ",".join(EXCLUDE_SELECTORS),
        "--glob",
        GLOB,
        "--force-language",
        LANGUAGE,
        "--quiet",
    ]


def _entry(bundle: Path) -> dict[str, object]:
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KatalogError(f"{entry_file}: Pagefind skrev ikke et læsbart søgeindeks ({exc})") from exc
    if not isinstance(entry, dict):
        raise KatalogError(f"{entry_file}: uventet indhold i Pagefinds søgeindeks")
    return entry


def _bundle_bytes(bundle: Path) -> int:
    return sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())


def index_site(site_dir: Path) -> SearchStats:
    """Index the built site in ``site_dir`` and write the search bundle to ``site_dir/pagefind``.

    Raises :class:`KatalogError` (in Danish) when the site is missing, Pagefind
    fails, nothing was indexed, or the index is not Danish.
    """
    started = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise KatalogError(f"{site_dir}: der er ingen bygget side at indeksere (index.html mangler)")
    bundle = site_dir / BUNDLE_DIR
    # A previous build's chunks would otherwise linger next to the new ones (mkdocs serve, --dirty).
    if bundle.is_dir():
        shutil.rmtree(bundle)
    try:
        result = subprocess.run(
            _command(_binary(), site_dir),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KatalogError(f"Pagefind kunne ikke køre: {exc}") from exc
    output = "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
    if result.returncode != 0:
        raise KatalogError(f"Pagefind fejlede (kode {result.returncode}) under indeksering af {site_dir}:\n{output}")
    # Pagefind reports broken pages as warnings and still exits 0; a warning here means a page is missing from search.
    warnings = [line for line in output.splitlines() if "warn" in line.casefold() or "error" in line.casefold()]
    if warnings:
        raise KatalogError("Pagefind advarede under indeksering; søgningen ville mangle sider:\n" + "\n".join(warnings))
    languages = _entry(bundle).get("languages")
    if not isinstance(languages, dict) or set(languages) != {LANGUAGE}:
        found = ", ".join(sorted(languages)) if isinstance(languages, dict) else "ingen"
        raise KatalogError(f"søgeindekset skulle være på dansk ({LANGUAGE}), men har sprog: {found}")
    info = languages[LANGUAGE]
    pages = info.get("page_count") if isinstance(info, dict) else None
    if not isinstance(pages, int) or pages == 0:
        raise KatalogError(f"Pagefind fandt ingen sider at indeksere i {site_dir} (leder efter {ROOT_SELECTOR})")
    return SearchStats(
        pages=pages,
        index_bytes=_bundle_bytes(bundle),
        language=LANGUAGE,
        seconds=time.perf_counter() - started,
    )
