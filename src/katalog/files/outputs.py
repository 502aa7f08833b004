"""The guards on ``--out``: ``katalog build`` and ``katalog pdf`` replace only what the catalogue made.

:func:`check_site_folder` lets ``katalog build`` replace only an absent or empty folder
or one that holds the :data:`MARKER` of an earlier build; :func:`check_pdf_file` lets
``katalog pdf`` replace only a PDF that Typst made. Neither ever writes into the
project's data or sources.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from katalog.files.errors import os_failure, shown_path
from katalog.problems import KatalogError

MARKER = ".katalog-build"
MARKER_TEXT = (
    "Denne mappe er bygget af 'katalog build'.\n"
    "Næste 'katalog build' med samme --out erstatter hele mappen; læg ikke egne filer her.\n"
)
# The folders of a project that hold its data and sources: no output goes into them.
PROTECTED_FOLDERS = ("data", "docs", "src", "overrides", "schema", ".git", ".github")
# A PDF is taken for one of ours when Typst made it (booklet.py compiles every PDF with Typst).
_PDF_MAGIC = b"%PDF-"
_TYPST_CREATORS = (b"/Creator(Typst ", b"<xmp:CreatorTool>Typst ")
_PDF_SCAN = 1 << 20


def _ancestors_or_self(path: Path) -> set[Path]:
    return {path, *path.parents}


def _home() -> Path | None:
    try:
        return Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError, OSError):
        return None


def _refuse(out: Path, reason: str, todo: str) -> KatalogError:
    return KatalogError(f"{shown_path(out)}: mappen erstattes ikke: {reason}; {todo}", exit_code=2)


def check_site_folder(out: Path, *, root: Path, data: Path) -> Path:
    """The folder ``katalog build`` may replace with the site, resolved; else :class:`KatalogError` (exit 2).

    Only an absent folder, an empty one, or one holding the :data:`MARKER` of an earlier
    build, and never the file system's root, the home folder, a mount point, the project
    (or a folder holding it or the data file), its data or sources, or a folder inside them.
    """
    todo = "vælg en tom eller ny mappe med --out, fx --out site"
    try:
        resolved = Path(os.path.realpath(out))
        given = out
        if os.path.islink(given) and resolved != Path(os.path.abspath(given)):
            out = Path(f"{shown_path(given)} (et symbolsk link til {shown_path(resolved)})")
        project = Path(os.path.realpath(root))
        data_file = Path(os.path.realpath(data))
        if os.path.islink(resolved):
            raise _refuse(out, "stien er en løkke af symbolske links", todo)
        if resolved == Path(resolved.anchor):
            raise _refuse(out, "det er filsystemets rod", todo)
        if resolved == project:
            raise _refuse(out, "det er projektets mappe", todo)
        if resolved in project.parents:
            raise _refuse(out, "den indeholder projektet", todo)
        home = _home()
        if resolved == home:
            raise _refuse(out, "det er din hjemmemappe", todo)
        if home is not None and resolved in home.parents:
            raise _refuse(out, "den indeholder din hjemmemappe", todo)
        for name in PROTECTED_FOLDERS:
            if resolved == project / name:
                raise _refuse(out, f"det er projektets mappe {name}/", todo)
            if resolved.is_relative_to(project / name):
                raise _refuse(out, f"den ligger i projektets mappe {name}/", todo)
        if resolved in _ancestors_or_self(data_file.parent):
            raise _refuse(out, f"den indeholder datafilen {data}", todo)
        if os.path.islink(given) and not os.path.lexists(resolved):
            raise _refuse(out, f"det symbolske link peger på {shown_path(resolved)}, som ikke findes", todo)
        if not os.path.lexists(resolved):
            return resolved
        if os.path.ismount(resolved):
            raise _refuse(out, "det er et monteringspunkt (et filsystem for sig)", todo)
        if not os.path.isdir(resolved):
            raise _refuse(out, "det er en fil, ikke en mappe", todo)
        entries = os.listdir(resolved)
        if entries and not _is_marked(resolved):
            raise _refuse(
                out,
                f"den er ikke tom og er ikke bygget af 'katalog build' (der er ingen {MARKER} i den)",
                f"{todo}. Er det et websted fra en ældre udgave af katalog, så slet det først ('rm -r {shown_path(resolved)}')",
            )
    except OSError as exc:
        raise os_failure(exc, out, "bruge mappen til websitet", exit_code=2) from exc
    return resolved


def _is_marked(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except FileNotFoundError:
        return False


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as made by ``katalog build`` (the next build may replace it)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def check_pdf_file(out: Path, *, root: Path | None, data: Path) -> Path:
    """The file ``katalog pdf`` may write the booklet to; else :class:`KatalogError` (exit 2).

    Not the data file, no file in the project's data or sources, not a folder or a device,
    not an existing file that is not a PDF made by Typst, and its folder must exist.
    """
    todo = "vælg en anden fil med --out, fx --out inspirationskatalog.pdf"
    try:
        resolved = Path(os.path.realpath(out))
        if os.path.islink(resolved):
            raise KatalogError(f"{shown_path(out)}: stien er en løkke af symbolske links; {todo}", exit_code=2)
        if resolved == Path(os.path.realpath(data)):
            raise KatalogError(
                f"{shown_path(out)}: det er datafilen; PDF'en skrives ikke oven i den; {todo}", exit_code=2
            )
        if root is not None:
            project = Path(os.path.realpath(root))
            for name in PROTECTED_FOLDERS:
                if resolved.is_relative_to(project / name):
                    raise KatalogError(
                        f"{shown_path(out)}: filen ligger i projektets {name}/; PDF'en skrives ikke blandt data og kilder; {todo}",
                        exit_code=2,
                    )
        parent = resolved.parent
        if not os.path.isdir(parent):
            if os.path.lexists(parent):
                raise KatalogError(f"{shown_path(out)}: {shown_path(parent)} er ikke en mappe; {todo}", exit_code=2)
            raise KatalogError(
                f"{shown_path(out)}: mappen {shown_path(parent)} findes ikke; "
                f"opret den først (mkdir -p {shown_path(parent)}), eller {todo}",
                exit_code=2,
            )
        if not os.path.lexists(resolved):
            if not os.access(parent, os.W_OK):
                read_only = os.statvfs(parent).f_flag & os.ST_RDONLY
                code = errno.EROFS if read_only else errno.EACCES
                raise os_failure(OSError(code, os.strerror(code)), out, "skrive PDF'en")
            return resolved
        info = os.stat(resolved)
        if stat.S_ISDIR(info.st_mode):
            raise KatalogError(
                f"{shown_path(out)}: det er en mappe; angiv en fil, fx --out {out}/inspirationskatalog.pdf", exit_code=2
            )
        if not stat.S_ISREG(info.st_mode):
            raise KatalogError(
                f"{shown_path(out)}: det er ikke en almindelig fil (men fx en enhed eller en pipe); {todo}", exit_code=2
            )
        if not is_our_pdf(resolved):
            raise KatalogError(
                f"{shown_path(out)}: filen findes og er ikke en PDF, som katalog har lavet; den overskrives ikke. "
                f"Slet den selv, hvis den kan undværes, eller {todo}",
                exit_code=2,
            )
    except OSError as exc:
        raise os_failure(exc, out, "skrive PDF'en", exit_code=2) from exc
    return resolved


def is_our_pdf(path: Path) -> bool:
    """Whether ``path`` is a PDF that Typst made (every PDF of the catalogue is)."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_SCAN)
        if not head.startswith(_PDF_MAGIC):
            return False
        size = os.fstat(handle.fileno()).st_size
        tail = b""
        if size > _PDF_SCAN:
            handle.seek(max(_PDF_SCAN, size - _PDF_SCAN))
            tail = handle.read(_PDF_SCAN)
    return any(creator in head or creator in tail for creator in _TYPST_CREATORS)
