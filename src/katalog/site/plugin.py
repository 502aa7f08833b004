"""MkDocs hook: generate the record pages at build time and publish the data beside the site.

Pages are virtual files (never written to ``docs/``): one per initiative, the
overview, browse pages per target group, municipality and theme. Method pages
get their backlinks, the front page its featured initiatives. The open-data
files are generated beside them; after the build the search index is made.

Every page carries a Content-Security-Policy (:data:`CONTENT_SECURITY_POLICY`, written
by ``overrides/main.html`` as the first element of ``<head>``): scripts, styles, images,
fonts and fetches from the site itself only, so record text the sanitiser missed still
could not run or call another host. Material's inline start-up scripts are files
(``overrides/partials/javascripts/``), and each built page is checked for an inline
script the policy would block, so a Material upgrade that adds one fails the build.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from katalog.catalogue.validate import ValidCatalogue
from katalog.editing import cms
from katalog.site import build as site
from katalog.site import pages

FEATURED_MARKER = "<!-- katalog:udvalgte-indsatser -->"
BOOKLET_MARKER = "<!-- katalog:haefte -->"
PDF_ENV = "KATALOG_PDF"
_pdf_cache: dict[int, tuple[ValidCatalogue, pages.Pdfs]] = {}
CONTENT_SECURITY_POLICY = (
    "default-src 'self'",
    # Pagefind's search runs WebAssembly; nothing else may be compiled or evaluated.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    # Material's stylesheets draw their icons from data: SVGs.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
# MkDocs' live reload (``katalog serve`` only) injects an inline script into every page it serves.
PREVIEW_SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.IGNORECASE)
_EXTERNAL = re.compile(r"\bsrc\s*=", re.IGNORECASE)


def _root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _catalogue(config: Any) -> ValidCatalogue:
    root = _root(config)
    return site.catalogue_for(site.data_file(root), root, keep_last_good=bool(os.environ.get("KATALOG_SERVE")))


def _repository(config: Any) -> str | None:
    explicit = os.environ.get("KATALOG_REPO_URL")
    if explicit:
        return explicit
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and repo:
        return f"{server}/{repo}"
    return str(config.get("repo_url") or "") or None


def _pdfs(catalogue: ValidCatalogue) -> pages.Pdfs | None:
    """The booklet and the one-initiative PDFs; made again only when the records change (live preview).

    ``KATALOG_PDF=0`` leaves them out (a quicker preview; the site then links no PDFs).
    """
    if os.environ.get(PDF_ENV, "1").strip() == "0":
        return None
    cached = _pdf_cache.get(id(catalogue))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    from katalog.booklet.build import page_count, render_downloads, source_date_epoch

    made = render_downloads(catalogue, source_date_epoch=source_date_epoch())
    themes = {tid: (pdf, page_count(pdf)) for tid, pdf in made.themes.items()}
    pdfs = pages.Pdfs(made.booklet, made.stats.pages, made.initiatives, themes)
    _pdf_cache.clear()
    _pdf_cache[id(catalogue)] = (catalogue, pdfs)
    return pdfs


def content_security_policy(*, preview: bool = False) -> str:
    """The policy every page carries; ``preview`` lets MkDocs' live-reload script run (local preview only)."""
    directives = [PREVIEW_SCRIPT_SRC if preview and d.startswith("script-src") else d for d in CONTENT_SECURITY_POLICY]
    return "; ".join(directives)


def inline_scripts(html: str) -> list[str]:
    """The ``<script>`` tags of a built page that run inline code (data blocks such as JSON do not run)."""
    return [
        m.group(0)
        for m in _SCRIPT_TAG.finditer(html)
        if not _EXTERNAL.search(m.group(1)) and not _DATA_BLOCK.search(m.group(1))
    ]


def on_config(config: Any) -> Any:
    config.extra["katalog_csp"] = content_security_policy(preview=bool(os.environ.get("KATALOG_SERVE")))
    return config


def on_files(files: Files, config: Any) -> Files:
    catalogue = _catalogue(config)
    root = _root(config)
    edits = pages.edit_links(catalogue, site.data_file(root), root, _repository(config))
    generated = pages.site_files(catalogue, edits, _pdfs(catalogue)) | cms.site_files(root, _repository(config))
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    src = page.file.src_uri
    if src.startswith("methods/") and src.endswith(".md"):
        return markdown + pages.method_backlinks(Path(src).stem, _catalogue(config))
    if FEATURED_MARKER in markdown:
        markdown = markdown.replace(FEATURED_MARKER, pages.featured_block(_catalogue(config)))
    if BOOKLET_MARKER in markdown:
        link = pages.booklet_link(_pdfs(_catalogue(config)), f"downloads/{pages.BOOKLET_PDF}")
        block = (
            f'<p class="katalog-downloads">{link}</p>' if link else "PDF-hæftet er ikke med i denne udgave af siden."
        )
        markdown = markdown.replace(BOOKLET_MARKER, block)
    return markdown


def on_page_content(html: str, page: Page, config: Any, files: Files) -> str:
    """A method page comes by pull request like a record: its HTML goes through the same allow-list."""
    if page.file.src_uri.startswith("methods/"):
        from katalog.site.markdown_safety import sanitise_page

        return sanitise_page(html)
    return html


def on_post_page(output: str, page: Page, config: Any) -> str:
    if 'http-equiv="Content-Security-Policy"' not in output:
        raise PluginError(f"{page.file.src_uri}: siden mangler sin Content-Security-Policy (se overrides/main.html)")
    found = inline_scripts(output)
    if found:
        raise PluginError(
            f"{page.file.src_uri}: siden har et indlejret script, som sidens Content-Security-Policy blokerer: "
            f"{found[0][:120]} (flyt det til en fil under docs/assets/javascripts/)"
        )
    return output


def on_post_build(config: Any) -> None:
    from katalog.site.search import index_site

    index_site(Path(config["site_dir"]))
