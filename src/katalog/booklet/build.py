"""Build the printable booklet and the one-initiative PDFs: pandoc for the Markdown fields, Typst for the rest.

``katalog pdf`` calls :func:`build_booklet`; the site build calls
:func:`render_downloads` (the booklet and one PDF per initiative, sharing one
pandoc run; Typst compiles them on a few threads, as it releases the GIL). They select the records
(:mod:`katalog.views.selection`), write the Typst source
(:mod:`katalog.booklet.contents`), convert every Markdown field in one pandoc run
(:mod:`katalog.booklet.prose`) and compile in-process with Typst to tagged PDF/UA-1,
with the project's own fonts (installed from PyPI) and no system fonts, so
every machine makes the same file. With the same data and the same
``source_date_epoch`` the PDF is byte for byte the same. Files are written to a
temporary name and renamed (:func:`katalog.files.write_atomic`), so a failed
build leaves no half-written PDF.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from katalog.booklet import contents, document, prose
from katalog.booklet.initiative import one_pager
from katalog.catalogue.validate import ValidCatalogue
from katalog.files import check_pdf_file, os_failure, remove_temporary, temporary_folder, write_atomic
from katalog.language import grammar
from katalog.problems import KatalogError
from katalog.views.publication import Publication
from katalog.views.selection import Selection, resolve, select

if TYPE_CHECKING:
    import typst

PAPERS = ("a5", "a4")
TEMPLATE = Path(__file__).with_name("booklet.typ")
# The fonts the booklet is set in, from the font-source-serif-pro and font-source-sans-pro packages.
FONTS = {
    "font_source_serif_pro": ("Regular", "It", "Semibold", "SemiboldIt", "Bold", "BoldIt"),
    "font_source_sans_pro": ("Regular", "It", "Semibold", "Bold"),
}
_FONT_FILE = {"font_source_serif_pro": "SourceSerifPro-{}.otf", "font_source_sans_pro": "SourceSansPro-{}.otf"}
# 9999-12-31 23:59:59 UTC, the last second a PDF date (and Python's datetime) can hold.
MAX_EPOCH = 253_402_300_799
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


@dataclass(frozen=True)
class BookletStats:
    """What a build made: the file, how many initiatives and pages, and its size in bytes."""

    path: Path
    initiatives: int
    pages: int
    size: int

    def summary(self) -> str:
        kb = grammar.number(round(self.size / 1024))
        made = f"{grammar.count(self.initiatives, 'indsats')} på {grammar.count(self.pages, 'side')}"
        return f"{self.path}: hæftet er bygget med {made} ({kb} kB)"


def load_catalogue(data: Path) -> ValidCatalogue:
    """Validate ``data``; its errors stop the build (the booklet is made only from valid records)."""
    from katalog.catalogue.reference import find_root
    from katalog.catalogue.validate import validate_file

    resolved = Path(os.path.realpath(data))
    report = validate_file(resolved, find_root(resolved.parent, fallback=True))
    if report.catalogue is None or report.errors:
        raise KatalogError(
            f"{grammar.count(len(report.errors), 'fejl')} i data; der er ikke skrevet nogen PDF", report.errors
        )
    return report.catalogue


def check_out(out: Path, data: Path) -> Path:
    """The file ``katalog pdf --out`` may write (resolved); refused before anything is built.

    Not the data file or a file among the project's data and sources, not a folder, and
    no existing file that is not a PDF made by Typst (:func:`katalog.files.check_pdf_file`).
    """
    from katalog.catalogue.reference import find_root

    try:
        root: Path | None = find_root(Path(os.path.realpath(data)).parent, fallback=True)
    except KatalogError:
        root = None
    return check_pdf_file(out, root=root, data=data)


# --------------------------------------------------------------------------- Typst


@contextmanager
def _workspace() -> Iterator[tuple[Path, Path]]:
    """A private project folder holding only the layout, and a folder with only the booklet's fonts.

    The chosen font files are copied so Typst sees exactly these (the packages ship
    each face twice, as .otf and .ttf).
    """
    try:
        tmp = temporary_folder(Path(tempfile.gettempdir()), "katalog-typst-")
    except OSError as exc:
        raise os_failure(exc, tempfile.gettempdir(), "oprette en midlertidig mappe til Typst") from exc
    try:
        yield write_module(tmp / "projekt"), copy_fonts(tmp / "fonts")
    finally:
        remove_temporary(tmp)


def _new_compiler(root: Path, fonts: Path) -> typst.Compiler:
    """A Typst compiler with only the project's fonts (and Typst's own); system fonts are ignored."""
    import typst

    book = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(fonts)])
    return typst.Compiler(root=str(root), font_paths=book, ignore_system_fonts=True)


def workers() -> int:
    """Typst threads for many PDFs: Typst releases the GIL, so one compiler per CPU (at most 4)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(4, cpus))


def _compile_all(jobs: Sequence[tuple[bytes, str]], timestamp: int | None, threads: int | None = None) -> list[bytes]:
    """Compile many Typst sources (source, what) on a few threads, each with its own compiler.

    Jobs are taken in order from a shared queue, so put the largest first. The first
    failure stops the others and is raised; nothing is returned half done. The main
    thread only waits, so a stop signal (Ctrl-C, SIGTERM) is handled at once: the
    threads are told to stop, and whatever they meet after that (their workspace is
    removed under them) is dropped quietly, never printed.
    """
    results: list[bytes | None] = [None] * len(jobs)
    failures: list[BaseException] = []
    queue = iter(range(len(jobs)))
    lock = threading.Lock()
    stopped = threading.Event()

    with _workspace() as (root, fonts):

        def work() -> None:
            try:
                compiler = _new_compiler(root, fonts)
                while not stopped.is_set():
                    with lock:
                        if failures:
                            return
                        index = next(queue, None)
                    if index is None:
                        return
                    source, what = jobs[index]
                    results[index] = _compile(compiler, source, timestamp, what)
            except BaseException as exc:  # handed to the main thread, never printed here
                if not stopped.is_set():
                    with lock:
                        failures.append(exc)

        count = max(1, min(threads or workers(), len(jobs)))
        pool = [threading.Thread(target=work, name=f"typst-{n}", daemon=True) for n in range(count)]
        try:
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
        finally:
            if any(thread.is_alive() for thread in pool):  # interrupted while they work
                stopped.set()
    if failures:
        first = failures[0]
        if isinstance(first, KatalogError):
            raise first
        if isinstance(first, OSError):
            raise os_failure(first, None, "sætte PDF'en med Typst") from first
        raise KatalogError(
            f"intern fejl i Typst ({type(first).__name__}: {str(first)[:200]}); der er ikke skrevet nogen PDF. "
            "Meld fejlen til udviklerne med datafilen og denne besked."
        ) from first
    return [r for r in results if r is not None]


def busy() -> bool:
    """Whether a Typst thread is still at work (after a stop signal: the process must not wait for it)."""
    return any(t.name.startswith("typst-") and t.is_alive() for t in threading.enumerate())


def write_module(root: Path) -> Path:
    """A Typst project folder holding only the layout module ``katalog.typ`` (record text reads no file)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "katalog.typ").write_text(document.module(TEMPLATE.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def font_files() -> Iterator[Traversable]:
    """The booklet's font files (and only those), as package resources."""
    for package, faces in FONTS.items():
        files = resources.files(package) / "files"
        for face in faces:
            yield files / _FONT_FILE[package].format(face)


def copy_fonts(folder: Path) -> Path:
    """Copy the booklet's font files into ``folder``, for Typst's ``font_paths``."""
    folder.mkdir(parents=True, exist_ok=True)
    for font in font_files():
        (folder / font.name).write_bytes(font.read_bytes())
    return folder


def _compile(compiler: typst.Compiler, source: bytes, timestamp: int | None, what: str) -> bytes:
    import typst

    try:
        pdf, warnings = compiler.compile_with_warnings(
            input=source, format="pdf", pdf_standards=["ua-1"], timestamp=timestamp
        )
    except typst.TypstError as exc:
        details = "\n".join([exc.message, *exc.hints]) if getattr(exc, "message", "") else str(exc)
        raise KatalogError(
            f"Typst kunne ikke sætte {what}, så der er ikke skrevet nogen PDF; det er en fejl i katalogets program, "
            f"så meld den til udviklerne med datafilen og Typsts egen besked herunder:\n{details}"
        ) from exc
    if warnings:
        listed = "\n".join(f"advarsel: {w.message}" for w in warnings)
        raise KatalogError(
            f"Typst gav advarsler for {what}, så filen er ikke skrevet; det er en fejl i katalogets program, "
            f"så meld den til udviklerne med datafilen og Typsts egne beskeder herunder:\n{listed}"
        )
    if not isinstance(pdf, bytes):
        raise KatalogError(f"Typst returnerede ingen PDF for {what}")
    return pdf


def compile_pdf(source: bytes, *, source_date_epoch: int | None = None, what: str = "PDF'en") -> bytes:
    """Typst source → tagged PDF/UA-1 bytes, with the booklet's fonts; any Typst warning is an error.

    It compiles on a thread of its own, so the main thread can take a stop signal at once.
    """
    [pdf] = _compile_all([(source, what)], source_date_epoch, threads=1)
    return pdf


def _make_folder(folder: Path) -> None:
    """The folder for the PDFs of a build (a bench or the site's downloads), made if need be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_failure(exc, folder, "oprette mappen til PDF'erne") from exc


def page_count(pdf: bytes) -> int:
    return len(_PAGE_OBJECT.findall(pdf))


def source_date_epoch() -> int | None:
    """``$SOURCE_DATE_EPOCH`` (reproducible builds), or None when unset; anything but whole seconds is a usage error.

    The seconds must fall between 1970 and the end of year 9999 (what a PDF date and
    Python's dates can hold).
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,20}", text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise KatalogError(
            f"SOURCE_DATE_EPOCH er '{shown}' og ikke et helt antal sekunder; skriv sekunderne siden 1. januar 1970, "
            "fx tidspunktet for seneste commit: git log -1 --format=%ct",
            exit_code=2,
        )
    if int(text) > MAX_EPOCH:
        raise KatalogError(
            f"SOURCE_DATE_EPOCH er {text} sekunder, og det er efter år 9999; skriv højst {MAX_EPOCH} "
            "(fx tidspunktet for seneste commit: git log -1 --format=%ct)",
            exit_code=2,
        )
    return int(text)


def _edition(edition_date: dt.date | None, source_date_epoch: int | None) -> dt.date:
    if edition_date is not None:
        return edition_date
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.UTC).date()
    return dt.date.today()


def _check_paper(paper: str) -> None:
    if paper not in PAPERS:
        raise KatalogError(f"ukendt papirformat '{paper}'; vælg en af: {', '.join(PAPERS)}", exit_code=2)


# --------------------------------------------------------------------------- builds


def _convert(docs: Sequence[document.TypstDocument]) -> list[list[str]]:
    """Every document's Markdown fields as Typst, in one pandoc run; a field shared by documents is converted once."""
    unique: dict[prose.Field, int] = {}
    for doc in docs:
        for one in doc.fields:
            unique.setdefault(one, len(unique))
    markups = prose.to_typst(list(unique))
    return [[markups[unique[field]] for field in doc.fields] for doc in docs]


def _booklet_document(
    catalogue: ValidCatalogue,
    *,
    paper: str,
    selection: Selection | None = None,
    edition_date: dt.date | None = None,
    source_date_epoch: int | None = None,
    publication: Publication | None = None,
) -> tuple[document.TypstDocument, int]:
    _check_paper(paper)
    chosen = resolve(catalogue, selection or Selection())
    items = select(catalogue, chosen)
    if not items:
        what = chosen.describe(catalogue) or "hele kataloget"
        raise KatalogError(f"ingen indsatser passer til udvalget ({what}); der er ikke skrevet nogen PDF")
    front = contents.Front.of(_edition(edition_date, source_date_epoch), chosen.describe(catalogue), publication)
    doc = document.TypstDocument()
    contents.booklet(doc, catalogue, items, front, paper)
    return doc, len(items)


def _one_pagers(catalogue: ValidCatalogue, paper: str) -> list[document.TypstDocument]:
    _check_paper(paper)
    docs = []
    for item in catalogue.initiatives:
        doc = document.TypstDocument()
        one_pager(doc, item, catalogue, paper)
        docs.append(doc)
    return docs


def booklet_source(
    catalogue: ValidCatalogue,
    *,
    paper: str = "a5",
    edition_date: dt.date | None = None,
    selection: Selection | None = None,
    publication: Publication | None = None,
) -> bytes:
    """The booklet's Typst source (pandoc already run), for the golden files and a benchmark."""
    doc, _ = _booklet_document(
        catalogue, paper=paper, edition_date=edition_date, selection=selection, publication=publication
    )
    [markups] = _convert([doc])
    return doc.source(markups)


def one_pager_source(catalogue: ValidCatalogue, item_id: str, *, paper: str = "a5") -> bytes:
    """One initiative's PDF as Typst source (pandoc already run)."""
    [doc] = [
        d for d, item in zip(_one_pagers(catalogue, paper), catalogue.initiatives, strict=True) if item.id == item_id
    ]
    [markups] = _convert([doc])
    return doc.source(markups)


def build_booklet(
    catalogue: ValidCatalogue,
    out: Path,
    *,
    paper: str = "a5",
    selection: Selection | None = None,
    edition_date: dt.date | None = None,
    source_date_epoch: int | None = None,
    publication: Publication | None = None,
) -> BookletStats:
    """Write the booklet for the selected initiatives (all by default) to ``out``.

    Raises :class:`KatalogError` for unknown criteria (exit code 2), a selection
    that matches nothing, a warning from pandoc or Typst, or a failed compile;
    ``out`` is then left as it was.
    """
    doc, count = _booklet_document(
        catalogue,
        paper=paper,
        selection=selection,
        edition_date=edition_date,
        source_date_epoch=source_date_epoch,
        publication=publication,
    )
    [markups] = _convert([doc])
    pdf = compile_pdf(doc.source(markups), source_date_epoch=source_date_epoch, what="hæftet")
    write_atomic(out, pdf)
    return BookletStats(out, count, page_count(pdf), len(pdf))


def build_initiative_pdfs(
    catalogue: ValidCatalogue,
    folder: Path,
    *,
    paper: str = "a5",
    source_date_epoch: int | None = None,
) -> list[Path]:
    """One PDF per initiative, ``folder/<id>.pdf``: one pandoc run, a few Typst threads."""
    docs = _one_pagers(catalogue, paper)
    markups = _convert(docs)
    jobs = [
        (doc.source(own), f"PDF'en for {item.id}")
        for item, doc, own in zip(catalogue.initiatives, docs, markups, strict=True)
    ]
    _make_folder(folder)
    written = []
    for item, pdf in zip(catalogue.initiatives, _compile_all(jobs, source_date_epoch), strict=True):
        path = folder / f"{item.id}.pdf"
        write_atomic(path, pdf)
        written.append(path)
    return written


@dataclass(frozen=True)
class Downloads:
    """The PDFs in memory, as the site publishes them: the whole booklet and its page count, one PDF per
    initiative, and one booklet per theme with its page count (its initiatives with the theme's attention
    points and interview), by id."""

    booklet: bytes
    pages: int
    initiatives: dict[str, bytes]
    themes: dict[str, tuple[bytes, int]] = field(default_factory=dict)


def render_downloads(
    catalogue: ValidCatalogue,
    *,
    paper: str = "a5",
    source_date_epoch: int | None = None,
    publication: Publication | None = None,
) -> Downloads:
    """The whole booklet, every initiative's PDF and every theme's: one pandoc run, a few Typst threads.

    This is what the site build calls: the same fields are converted once; the
    one-initiative and theme PDFs are compiled first on a few threads, then the booklet.
    """
    doc, _ = _booklet_document(catalogue, paper=paper, source_date_epoch=source_date_epoch, publication=publication)
    themes = [t for t in catalogue.themes if select(catalogue, Selection(theme=t.id))]
    theme_docs = [
        _booklet_document(
            catalogue,
            paper=paper,
            selection=Selection(theme=t.id),
            source_date_epoch=source_date_epoch,
            publication=publication,
        )[0]
        for t in themes
    ]
    singles = _one_pagers(catalogue, paper)
    [markups, *rest] = _convert([doc, *theme_docs, *singles])
    theme_markups, single_markups = rest[: len(themes)], rest[len(themes) :]
    # The small PDFs first, on a few threads, then the booklet on its own. Compiled beside or
    # after the booklet, they were slowed by its large memoised layout (1,000 records: 74 s
    # against 54 s in this order; scripts/bench_booklet.py).
    jobs = [
        (single.source(single_markup), f"PDF'en for {item.id}")
        for item, single, single_markup in zip(catalogue.initiatives, singles, single_markups, strict=True)
    ] + [
        (theme_doc.source(theme_markup), f"hæftet for temaet {theme.id}")
        for theme, theme_doc, theme_markup in zip(themes, theme_docs, theme_markups, strict=True)
    ]
    small = _compile_all(jobs, source_date_epoch)
    own = dict(zip((i.id for i in catalogue.initiatives), small, strict=False))
    by_theme = {
        t.id: (pdf, page_count(pdf)) for t, pdf in zip(themes, small[len(catalogue.initiatives) :], strict=True)
    }
    [pdf] = _compile_all([(doc.source(markups), "hæftet")], source_date_epoch)
    return Downloads(pdf, page_count(pdf), own, by_theme)


def build_downloads(
    catalogue: ValidCatalogue,
    booklet_out: Path,
    folder: Path,
    *,
    paper: str = "a5",
    source_date_epoch: int | None = None,
) -> tuple[BookletStats, list[Path]]:
    """Write the whole booklet to ``booklet_out`` and every initiative's PDF to ``folder/<id>.pdf``."""
    made = render_downloads(catalogue, paper=paper, source_date_epoch=source_date_epoch)
    _make_folder(booklet_out.parent)
    write_atomic(booklet_out, made.booklet)
    _make_folder(folder)
    paths = []
    for item_id, pdf in made.initiatives.items():
        path = folder / f"{item_id}.pdf"
        write_atomic(path, pdf)
        paths.append(path)
    stats = BookletStats(booklet_out, len(catalogue.initiatives), made.pages, len(made.booklet))
    return stats, paths
