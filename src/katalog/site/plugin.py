"""The katalog MkDocs plugin: generate the record pages at build time and publish the data beside the site.

Pages are virtual files (never written to ``docs/``): one per initiative, the
overview, browse pages per target group, municipality and theme. Method pages
get their backlinks, the front page its featured initiatives. The open-data
files are generated beside them; after the build the search index is made.
mkdocs.yml names it (``plugins: - katalog``; its options are
:class:`katalog.site.config.KatalogConfig`); the package registers it as the
``mkdocs.plugins`` entry point ``katalog``, so plain ``mkdocs build`` and
``mkdocs serve`` build the same site as ``katalog build`` and ``katalog serve``.

The catalogue, its cache for the preview's rebuilds and the PDFs live on the plugin
instance; MkDocs keeps one instance across ``serve``'s rebuilds (the plugin has
``on_startup``). A data error (:class:`~katalog.problems.KatalogError`) becomes a
:class:`~mkdocs.exceptions.PluginError` with the Danish messages, so MkDocs reports it
without a traceback.

Every page carries a Content-Security-Policy (:data:`CONTENT_SECURITY_POLICY`, written
by ``overrides/main.html`` as the first element of ``<head>``): scripts, styles, images,
fonts and fetches from the site itself only, so record text the sanitiser missed still
could not run or call another host. Material's inline start-up scripts are files
(``overrides/partials/javascripts/``), and each built page is checked for an inline
script the policy would block, so a Material upgrade that adds one fails the build.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from katalog.catalogue.load import printable
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.files import os_failure
from katalog.language import grammar
from katalog.problems import KatalogError
from katalog.site import pages
from katalog.site.config import KatalogConfig
from katalog.views.publication import Publication

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    from katalog.booklet.build import Downloads

FEATURED_MARKER = "<!-- katalog:udvalgte-indsatser -->"
BOOKLET_MARKER = "<!-- katalog:haefte -->"
# The one environment variable the plugin reads: an override of the repository for edit links and /admin/
# (the /admin/ notice tells developers to set it; the browser tests of /admin/ do).
REPO_URL_ENV = "KATALOG_REPO_URL"
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
# MkDocs' live reload (the preview only) injects an inline script into every page it serves.
PREVIEW_SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.IGNORECASE)
_EXTERNAL = re.compile(r"\bsrc\s*=", re.IGNORECASE)
log = logging.getLogger("mkdocs.plugins.katalog")


@dataclass
class _Cached:
    stamp: tuple[int, int]
    catalogue: ValidCatalogue


class CatalogueCache:
    """Validated catalogues by data file; a file is validated again only when it has changed."""

    def __init__(self) -> None:
        self._cached: dict[Path, _Cached] = {}

    def get(self, data: Path, root: Path, *, keep_last_good: bool = False) -> ValidCatalogue:
        """The validated catalogue in ``data``, else :class:`KatalogError` with the problems.

        With ``keep_last_good`` (live preview), invalid data is reported and the last
        valid catalogue is used, so the preview keeps working while an editor types.
        """
        try:
            key = Path(os.path.realpath(data))
            stat = key.stat()
        except OSError as exc:
            raise os_failure(exc, data, "læse datafilen", exit_code=2) from exc
        except ValueError:  # a NUL in the path (mkdocs.yml can hold one: YAML's "\0")
            raise KatalogError(
                f"{printable(str(data))}: kan ikke læse datafilen: stien indeholder et nultegn (U+0000); "
                "skriv stien uden nultegn",
                exit_code=2,
            ) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._cached.get(key)
        if cached is not None and cached.stamp == stamp:
            return cached.catalogue
        report = validate_file(key, root)
        if report.catalogue is None or report.errors:
            if keep_last_good and cached is not None:
                for problem in report.errors:
                    log.error(problem.text())
                log.error("datafilen har fejl; forhåndsvisningen viser den seneste gyldige udgave")
                return cached.catalogue
            raise KatalogError(
                f"{grammar.count(len(report.errors), 'fejl')} i data; siden er ikke bygget", report.errors
            )
        self._cached[key] = _Cached(stamp, report.catalogue)
        return report.catalogue


def plugin_error(error: KatalogError) -> PluginError:
    """``error`` as MkDocs reports a plugin's failure: its problems, one a line, then its message."""
    return PluginError("\n".join([*(problem.text() for problem in error.problems), error.message]))


@contextmanager
def _reported() -> Iterator[None]:
    """A :class:`KatalogError` inside becomes a :class:`PluginError` (MkDocs shows it without a traceback)."""
    try:
        yield
    except KatalogError as exc:
        raise plugin_error(exc) from exc


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


class KatalogPlugin(BasePlugin[KatalogConfig]):  # type: ignore[no-untyped-call]
    """Adds the generated pages and downloads, sanitises method pages, checks each page's policy, indexes search."""

    def __init__(self) -> None:
        super().__init__()
        # ``katalog build`` hands over the cache it validated the data with, so the data is validated once.
        self.catalogues = CatalogueCache()
        # This build's catalogue and PDFs (set by on_files, read by the page events).
        self.catalogue: ValidCatalogue | None = None
        self.pdfs: Downloads | None = None
        self._made: tuple[ValidCatalogue, Downloads] | None = None
        self._command: str | None = None
        self.publication = Publication()

    @property
    def preview(self) -> bool:
        """Live preview: the option when set, else whether MkDocs runs ``serve``."""
        if self.config.preview is not None:
            return bool(self.config.preview)
        return self._command == "serve"

    @property
    def data(self) -> Path:
        return Path(self.config.data_)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra["katalog_csp"] = content_security_policy(preview=self.preview)
        from katalog.views import publication

        with _reported():
            where = Path(config.config_file_path or "mkdocs.yml")
            self.publication = publication.load(config.extra, where=str(where), text=publication.text_of(where))
        # The footer names the publisher and the licences (left out when not set); mkdocs.yml's own copyright wins.
        line = publication.footer(self.publication)
        if line and not config.copyright:
            config.copyright = line
        return config

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        """Rebuild when the data file or the reference data (vocabularies, sources, municipalities) change."""
        for folder in sorted({str(self.data.parent), str(_root(config) / "data")}):
            server.watch(folder)
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        with _reported():
            root = _root(config)
            catalogue = self.catalogues.get(self.data, root, keep_last_good=self.preview)
            self.catalogue = catalogue
            self.pdfs = self._downloads(catalogue)
            repository = self._repository(config)
            edits = pages.edit_links(catalogue, self.data, root, repository)
            from katalog.editing import cms
            from katalog.site import publishing

            generated = pages.site_files(catalogue, edits, self.pdfs) | cms.site_files(root, repository)
            generated |= publishing.site_files(catalogue, self.publication, config.site_url or None)
        for path, content in generated.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        catalogue = self.catalogue
        assert catalogue is not None, "on_files runs before the pages"
        src = page.file.src_uri
        if src.startswith("methods/") and src.endswith(".md"):
            return markdown + pages.method_backlinks(Path(src).stem, catalogue)
        if FEATURED_MARKER in markdown:
            markdown = markdown.replace(FEATURED_MARKER, pages.featured_block(catalogue))
        if BOOKLET_MARKER in markdown:
            link = pages.booklet_link(self.pdfs, f"downloads/{pages.BOOKLET_PDF}")
            block = (
                f'<p class="katalog-downloads">{link}</p>'
                if link
                else "PDF-hæftet er ikke med i denne udgave af siden."
            )
            markdown = markdown.replace(BOOKLET_MARKER, block)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A method page comes by pull request like a record: its HTML goes through the same allow-list."""
        if page.file.src_uri.startswith("methods/"):
            from katalog.site.markdown_safety import sanitise_page

            return sanitise_page(html)
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if 'http-equiv="Content-Security-Policy"' not in output:
            raise PluginError(
                f"{page.file.src_uri}: siden mangler sin Content-Security-Policy (se overrides/main.html)"
            )
        found = inline_scripts(output)
        if found:
            raise PluginError(
                f"{page.file.src_uri}: siden har et indlejret script, som sidens Content-Security-Policy blokerer: "
                f"{found[0][:120]} (flyt det til en fil under docs/assets/javascripts/)"
            )
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from katalog.site.search import index_site

        with _reported():
            index_site(Path(config.site_dir))

    def _repository(self, config: MkDocsConfig) -> str | None:
        explicit = os.environ.get(REPO_URL_ENV) or self.config.repository or self.publication.repository
        if explicit:
            return str(explicit)
        server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
        if server and repo:
            return f"{server}/{repo}"
        return str(config.repo_url or "") or None

    def _downloads(self, catalogue: ValidCatalogue) -> Downloads | None:
        """The booklet and the one-initiative PDFs (``pdfs: false`` leaves them out; the site then links none).

        Made again only when the records change (the preview's rebuilds).
        """
        if not self.config.pdfs:
            return None
        if self._made is not None and self._made[0] is catalogue:
            return self._made[1]
        from katalog.booklet.build import render_downloads, source_date_epoch

        pdfs = render_downloads(catalogue, source_date_epoch=source_date_epoch(), publication=self.publication)
        self._made = (catalogue, pdfs)
        return pdfs


def _root(config: MkDocsConfig) -> Path:
    """The project folder: mkdocs.yml's (the working directory for a configuration read from stdin)."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent
