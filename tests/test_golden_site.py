"""Every page kind the site generates, and the booklet's Typst source, compared whole with golden files.

Built from the shipped data, so a change in any page builder (overview, case pages, listings per target
group, municipality and theme, the index pages, the evidence page, method backlinks, the front page's
featured cards and booklet link, the downloads, the /admin/ pages) or in the booklet's Typst shows up here
as a diff. Refresh after a reviewed change: ``pytest tests/test_golden_site.py --update-golden``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from katalog.booklet.build import Downloads, booklet_source, one_pager_source
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.editing import cms
from katalog.site import pages, publishing
from katalog.views.publication import Publication
from katalog.views.selection import Selection

from .conftest import ROOT, TODAY

GOLDEN = ROOT / "tests" / "golden_site"
REPOSITORY = "https://github.com/eksempel/inspirationskatalog"


@pytest.fixture(scope="module")
def catalogue() -> ValidCatalogue:
    result = validate_file(ROOT / "data" / "initiatives.yaml", today=TODAY)
    assert result.catalogue is not None, result.problems
    return result.catalogue


def _fake_pdfs(catalogue: ValidCatalogue) -> Downloads:
    """Stand-in PDFs of fixed sizes: the pages' download links and sizes without compiling anything."""
    return Downloads(
        booklet=b"%" * 1_234_567,
        pages=87,
        initiatives={item.id: b"%" * (40_000 + n) for n, item in enumerate(catalogue.initiatives)},
        themes={t.id: (b"%" * 300_000, 20 + n) for n, t in enumerate(catalogue.themes)},
    )


def _generated(catalogue: ValidCatalogue) -> dict[str, str]:
    data = ROOT / "data" / "initiatives.yaml"
    edits = pages.edit_links(catalogue, data, ROOT, REPOSITORY)
    pdfs = _fake_pdfs(catalogue)
    out: dict[str, str] = {}
    for path, content in pages.site_files(catalogue, edits, pdfs).items():
        if isinstance(content, str):
            out[path] = content
        elif not path.endswith(".pdf"):
            out[path] = content.decode("utf-8")
    for path, content in pages.site_files(catalogue, pages.edit_links(catalogue, data, ROOT, None)).items():
        if path.startswith("cases/") and isinstance(content, str):
            out[f"uden-pdf-og-repo/{path}"] = content
    for method in sorted(catalogue.reference.methods):
        out[f"methods-backlinks/{method}.md"] = pages.method_backlinks(method, catalogue)
    for path, content in publishing.site_files(catalogue, Publication(), None).items():  # feed and DCAT metadata
        out[f"publishing/{path}"] = content if isinstance(content, str) else content.decode("utf-8")
    out["front/featured.html"] = pages.featured_block(catalogue)
    out["front/booklet-link.html"] = pages.booklet_link(pdfs, f"downloads/{pages.BOOKLET_PDF}")
    for path, content in cms.site_files(ROOT, REPOSITORY).items():
        if path.endswith((".html", ".yml")):
            out[f"admin-med-repo/{path}"] = content if isinstance(content, str) else content.decode("utf-8")
    for path, content in cms.site_files(ROOT, None).items():
        if path.endswith(".html"):
            out[f"admin-uden-repo/{path}"] = content if isinstance(content, str) else content.decode("utf-8")
    edition = dt.date(2026, 11, 22)
    out["booklet/a5.typ"] = booklet_source(catalogue, paper="a5", edition_date=edition).decode("utf-8")
    out["booklet/a4.typ"] = booklet_source(catalogue, paper="a4", edition_date=edition).decode("utf-8")
    theme = catalogue.themes[0]
    out[f"booklet/theme-{theme.id}.typ"] = booklet_source(
        catalogue, edition_date=edition, selection=Selection(theme=theme.id)
    ).decode("utf-8")
    first = catalogue.initiatives[0]
    out[f"booklet/one-pager-{first.id}.typ"] = one_pager_source(catalogue, first.id).decode("utf-8")
    return out


def test_every_generated_page_matches_its_golden_file(catalogue: ValidCatalogue, update_golden: bool) -> None:
    generated = _generated(catalogue)
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, content in generated.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8"))
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk == set(generated), f"golden files differ in name; run pytest --update-golden ({GOLDEN})"
    different = [p for p, text in generated.items() if (GOLDEN / p).read_bytes() != text.encode("utf-8")]
    assert not different, f"{len(different)} generated files differ from {GOLDEN}: {different[:10]}"


def test_golden_files_cover_every_page_kind() -> None:
    """The golden set is not allowed to shrink to nothing: each page kind has at least one file."""
    names = [p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()]
    for prefix in (
        "cases/index.md",
        "cases/",
        "malgrupper/index.md",
        "malgrupper/",
        "kommuner/index.md",
        "kommuner/",
        "temaer/index.md",
        "temaer/",
        "evidens",
        "downloads/",
        "methods-backlinks/",
        "front/featured.html",
        "admin-med-repo/",
        "admin-uden-repo/",
        "booklet/a5.typ",
        "booklet/one-pager-",
    ):
        assert sum(n.startswith(prefix) for n in names) >= 1, prefix
    assert len(names) > 40
