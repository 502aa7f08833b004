"""The site's PDF downloads: where they lie under ``downloads/``, their sizes in Danish, and the link to the booklet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from katalog.site.templating import macro
from katalog.views import facts as render

if TYPE_CHECKING:  # the booklet (Typst, pandoc) is loaded only when a build makes PDFs
    from katalog.booklet.build import Downloads

BOOKLET_PDF = "inspirationskatalog.pdf"


def pdf_files(pdfs: Downloads) -> dict[str, bytes]:
    """The PDFs by path under downloads/."""
    return {
        BOOKLET_PDF: pdfs.booklet,
        **{initiative_pdf(i): pdf for i, pdf in pdfs.initiatives.items()},
        **{theme_pdf(t): pdf for t, (pdf, _) in pdfs.themes.items()},
    }


def theme_pdf(theme_id: str) -> str:
    """Where a theme's booklet lies under downloads/."""
    return f"temaer/{theme_id}.pdf"


def initiative_pdf(item_id: str) -> str:
    """Where an initiative's PDF lies under downloads/ (a folder of its own, so no id can clash)."""
    return f"indsatser/{item_id}.pdf"


def file_size(size: int) -> str:
    """A download's size in Danish: '85 kB', '1,2 MB'."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{render.danish_number(round(size / 1_000_000, 1))} MB"


def booklet_link(pdfs: Downloads | None, href: str) -> str:
    """An HTML link to the whole booklet with its size, or '' when the site has no PDFs."""
    if pdfs is None:
        return ""
    link = macro("site/fragments/downloads.html", "booklet_link")(href, pdfs.pages, file_size(len(pdfs.booklet)))
    return str(link)
