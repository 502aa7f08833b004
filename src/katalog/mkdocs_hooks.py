"""MkDocs hook: generate the record pages at build time and publish the data beside the site.

Pages are virtual files (never written to ``docs/``): one per initiative, the
overview, browse pages per target group, municipality and theme. Method pages
get their backlinks, the front page its featured initiatives. The open-data
files are generated beside them; after the build the search index is made.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from katalog import pages, site
from katalog.validate import ValidCatalogue

FEATURED_MARKER = "<!-- katalog:udvalgte-indsatser -->"


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


def on_files(files: Files, config: Any) -> Files:
    catalogue = _catalogue(config)
    for path, content in pages.site_files(
        catalogue, pages.edit_links(catalogue, site.data_file(_root(config)), _root(config), _repository(config))
    ).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    src = page.file.src_uri
    if src.startswith("methods/") and src.endswith(".md"):
        return markdown + pages.method_backlinks(Path(src).stem, _catalogue(config))
    if FEATURED_MARKER in markdown:
        return markdown.replace(FEATURED_MARKER, pages.featured_block(_catalogue(config)))
    return markdown


def on_post_build(config: Any) -> None:
    from katalog.search import index_site

    index_site(Path(config["site_dir"]))
