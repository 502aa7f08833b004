"""Build and preview the website: validate first, then MkDocs (strict) with the record-page hook.

The hook (:mod:`katalog.mkdocs_hooks`) asks :func:`catalogue_for` for the
records; a build validates once and hands its catalogue over, and ``serve``
re-validates only when the data file has changed. A build writes into a
temporary folder beside ``out`` and swaps it in at the end, so a failed build
leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from katalog.problems import KatalogError
from katalog.reference import find_root
from katalog.validate import ValidCatalogue, validate_file

DATA_ENV = "KATALOG_DATA"
log = logging.getLogger("mkdocs.plugins.katalog")


@dataclass
class _Cached:
    stamp: tuple[int, int]
    catalogue: ValidCatalogue


_cache: dict[Path, _Cached] = {}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return (stat.st_mtime_ns, stat.st_size)


def data_file(root: Path) -> Path:
    """The data file the site is built from: $KATALOG_DATA, else the project's data/initiatives.yaml."""
    return Path(os.environ.get(DATA_ENV) or root / "data" / "initiatives.yaml").resolve()


def catalogue_for(data: Path, root: Path, *, keep_last_good: bool = False) -> ValidCatalogue:
    """The validated catalogue in ``data``; validated again only when the file has changed.

    With ``keep_last_good`` (live preview), invalid data is reported and the last
    valid catalogue is used, so the preview keeps working while an editor types.
    """
    key = data.resolve()
    try:
        stamp = _stamp(key)
    except OSError as exc:
        raise KatalogError(f"{data}: kan ikke læse datafilen ({exc.strerror})", exit_code=2) from exc
    cached = _cache.get(key)
    if cached is not None and cached.stamp == stamp:
        return cached.catalogue
    report = validate_file(key, root)
    if report.catalogue is None or report.errors:
        if keep_last_good and cached is not None:
            for problem in report.errors:
                log.error(problem.text())
            log.error("datafilen har fejl; forhåndsvisningen viser den seneste gyldige udgave")
            return cached.catalogue
        raise KatalogError(f"{len(report.errors)} fejl i data; siden er ikke bygget", report.errors)
    _cache[key] = _Cached(stamp, report.catalogue)
    return report.catalogue


class _Collect(logging.Handler):
    """Collect MkDocs' warnings and errors so a failed strict build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def _mkdocs_logging(level: int) -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    console.setLevel(level)
    old_level = logger.level
    logger.setLevel(min(level, logging.WARNING))
    logger.addHandler(collect)
    logger.addHandler(console)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.removeHandler(console)
        logger.setLevel(old_level)


def build_site(data: Path, out: Path) -> str:
    """Validate ``data`` and build the site into ``out``; return a one-line summary."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    root = find_root(data.resolve().parent, fallback=True)
    data = data.resolve()
    catalogue = catalogue_for(data, root)
    out = out.resolve()
    staging = out.parent / f".{out.name}.bygges"
    old = out.parent / f".{out.name}.gammel"
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    os.environ[DATA_ENV] = str(data)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _mkdocs_logging(logging.WARNING) as collected:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except KatalogError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except (MkDocsException, OSError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            details = "\n".join(collected.messages) or str(exc)
            raise KatalogError(f"MkDocs kunne ikke bygge siden; {out} er uændret:\n{details}") from exc
        except Exception as exc:  # a bug in a plugin or in our pages: still one clear message, no traceback
            shutil.rmtree(staging, ignore_errors=True)
            raise KatalogError(
                f"intern fejl under bygningen ({type(exc).__name__}: {exc}); {out} er uændret. "
                "Meld fejlen til udviklerne med datafilen og denne besked."
            ) from exc
    if out.exists():
        out.replace(old)
    staging.replace(out)
    shutil.rmtree(old, ignore_errors=True)
    return f"{out}: websitet er bygget med {len(catalogue.initiatives)} indsatser"


def serve_site(data: Path, dev_addr: str | None, open_browser: bool) -> None:
    """Preview the site with live reload; rebuilds when the data, docs/ or overrides/ change.

    The PDFs are left out (``KATALOG_PDF=1`` puts them in); ``katalog build`` makes them.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    root = find_root(data.resolve().parent, fallback=True)
    data = data.resolve()
    catalogue_for(data, root)  # refuse to start on invalid data, with the errors
    os.environ[DATA_ENV] = str(data)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["KATALOG_SERVE"] = "1"
    # The PDFs take seconds (minutes for a big catalogue); the preview leaves them out unless asked for.
    os.environ.setdefault("KATALOG_PDF", "0")
    watch = sorted({str(data.parent), str(root / "data")})
    with _mkdocs_logging(logging.INFO):
        try:
            serve(
                config_file=str(root / "mkdocs.yml"),
                livereload=True,
                watch=watch,
                open_in_browser=open_browser,
                dev_addr=dev_addr,
            )
        except MkDocsException as exc:
            raise KatalogError(f"forhåndsvisningen stoppede: {exc}") from exc
