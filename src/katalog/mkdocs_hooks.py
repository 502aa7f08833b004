"""MkDocs hook: generate the record pages at build time and publish the data beside the site.

Pages are virtual files (never written to ``docs/``): one per initiative, the
overview, browse pages per target group, municipality and theme. Method pages
get their backlinks, the front page its featured initiatives. The open-data
files are generated beside them; after the build the search index is made.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from katalog import export, pages, site
from katalog.model import Initiative, Theme
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


def _edit_links(catalogue: ValidCatalogue, config: Any) -> dict[str, pages.EditLink]:
    """Each record's lines in the data file, for the 'Se posten'/'Ret posten' links."""
    doc = catalogue.document
    root, data = _root(config), site.data_file(_root(config))
    inside = data.is_relative_to(root)
    path = data.relative_to(root).as_posix() if inside else data.name
    repository = _repository(config) if inside else None
    lines = doc.text.splitlines()
    starts = [doc.position(("initiatives", n))[0] for n in range(len(doc.data["initiatives"]))]
    links = {}
    for n, raw in enumerate(doc.data["initiatives"]):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines)
        while last > starts[n] and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        links[str(raw["id"])] = pages.EditLink(repository, path, starts[n], last)
    return links


def on_files(files: Files, config: Any) -> Files:
    catalogue = _catalogue(config)
    ref = catalogue.reference
    themes_of: dict[str, list[Theme]] = defaultdict(list)
    for theme in catalogue.themes:
        for iid in theme.initiatives:
            themes_of[iid].append(theme)
    edits = _edit_links(catalogue, config)

    def add(path: str, content: str) -> None:
        files.append(File.generated(config, path, content=content))

    for item in catalogue.initiatives:
        add(f"cases/{item.id}.md", pages.initiative_page(item, catalogue, edits[item.id], themes_of[item.id]))
    add("cases/index.md", pages.overview_page(catalogue))
    for name, content in export.files(catalogue).items():
        files.append(File.generated(config, f"downloads/{name}", content=content))

    by_group: dict[str, list[Initiative]] = defaultdict(list)
    by_town: dict[str, list[Initiative]] = defaultdict(list)
    for item in catalogue.initiatives:
        for group in item.target_groups:
            by_group[group].append(item)
        for town in item.municipalities:
            by_town[town].append(item)
    for gid, term in ref.target_groups.items():
        if by_group[gid]:
            add(f"malgrupper/{gid}.md", pages.listing_page(term.label, pages.esc(term.description), by_group[gid], ref))
    add(
        "malgrupper/index.md",
        pages.index_page(
            "Målgrupper",
            "Indsatserne ordnet efter de målgrupper, de henvender sig til.",
            [(f"{g}.md", ref.target_groups[g].label, len(by_group[g])) for g in ref.target_groups if by_group[g]],
        ),
    )
    for town, items in by_town.items():
        region = ref.municipalities[town].region if town in ref.municipalities else ""
        lead = f"Indsatser i {pages.md(town)} Kommune ({pages.md(region)})." if region else ""
        add(f"kommuner/{pages.slug(town)}.md", pages.listing_page(f"{town} Kommune", lead, items, ref))
    add(
        "kommuner/index.md",
        pages.index_page(
            "Kommuner",
            "Indsatserne ordnet efter kommune. Indsatser, hvor kilden ikke nævner en kommune, "
            "står kun under [Indsatser](../cases/index.md).",
            [(f"{pages.slug(t)}.md", t, len(by_town[t])) for t in sorted(by_town, key=str.casefold)],
        ),
    )
    for theme in catalogue.themes:
        add(f"temaer/{theme.id}.md", pages.theme_page(theme, catalogue))
    add(
        "temaer/index.md",
        pages.index_page(
            "Temaer",
            "Temaerne og deres opmærksomhedspunkter fra kilderne.",
            [(f"{t.id}.md", t.title, len(t.initiatives)) for t in catalogue.themes],
        ),
    )
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
