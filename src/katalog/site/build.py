"""Build and preview the website: validate first, then MkDocs (strict) with the katalog plugin.

The plugin (:class:`katalog.site.plugin.KatalogPlugin`, named in mkdocs.yml) makes the
record pages. ``build`` and ``serve`` give it the data file and their options through its
configuration (mkdocs.yml's ``plugins`` with the ``katalog`` entry's options replaced), not
through the environment. A build validates once and hands its catalogue over; ``serve``
re-validates only when the data file has changed. A build writes into a temporary folder
beside ``out`` and swaps it in at the end, so a failed build leaves the previous site as
it was; it replaces only a folder that an earlier build marked (:mod:`katalog.files`).

``KATALOG_PDF=0`` (``katalog build``) and ``KATALOG_PDF=1`` (``katalog serve``) stay the
documented switches for the PDFs (docs/bidrag.md); they are read here and become the
plugin's ``pdfs`` option. ``KATALOG_SITE_URL`` (the Pages workflow sets it) becomes MkDocs'
``site_url``, from whose path the 404 page's links are written.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from katalog.catalogue.reference import find_root
from katalog.files import (
    check_site_folder,
    current_umask,
    keep_temporary,
    os_error_reason,
    os_failure,
    put_in_place,
    remove_temporary,
    temporary_folder,
    uninterrupted,
    write_marker,
)
from katalog.language import grammar
from katalog.problems import KatalogError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from katalog.site.plugin import KatalogPlugin

PDF_ENV = "KATALOG_PDF"
SITE_URL_ENV = "KATALOG_SITE_URL"
PLUGIN = "katalog"


def pdfs_wanted(default: bool) -> bool:
    """Whether to make the PDFs: ``$KATALOG_PDF`` (``0`` is no, anything else yes), else ``default``."""
    setting = os.environ.get(PDF_ENV)
    return default if setting is None else setting.strip() != "0"


def site_url_setting() -> dict[str, str]:
    """``site_url`` from ``$KATALOG_SITE_URL`` for ``load_config``, or nothing (mkdocs.yml's then holds).

    MkDocs writes the 404 page's links from the path of ``site_url``, as the 404 page is served at
    any address: without it they start at the server's root, which breaks under a sub-path.
    """
    setting = os.environ.get(SITE_URL_ENV, "").strip()
    return {"site_url": setting} if setting else {}


def plugin_settings(root: Path, **options: Any) -> dict[str, Any]:
    """mkdocs.yml's ``plugins``, with ``options`` set on the katalog plugin (for ``load_config(plugins=...)``).

    In MkDocs' mapping form (name → options): ``serve`` loads the configuration again for every
    rebuild from the same value, and MkDocs takes the list form's items apart as it reads them.
    """
    from mkdocs.utils.yaml import yaml_load

    config_file = root / "mkdocs.yml"
    with open(config_file, "rb") as stream:
        listed = yaml_load(stream).get("plugins") or []
    entries = list(listed.items()) if isinstance(listed, dict) else [_entry(item) for item in listed]
    if not any(name == PLUGIN for name, _ in entries):
        raise KatalogError(
            f"{config_file}: pluginnet '{PLUGIN}' står ikke under plugins, så siden ville mangle indsatserne; "
            f"tilføj '- {PLUGIN}' under plugins",
            exit_code=2,
        )
    return {name: {**(settings or {}), **options} if name == PLUGIN else settings for name, settings in entries}


def _entry(item: Any) -> tuple[Any, Any]:
    """One item of a ``plugins`` list: ``name`` or ``{name: {options}}``."""
    if isinstance(item, dict) and len(item) == 1:
        ((name, settings),) = item.items()
        return name, settings
    return item, None


def _katalog_plugin(config: MkDocsConfig) -> KatalogPlugin:
    from katalog.site.plugin import KatalogPlugin

    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, KatalogPlugin):  # another package's "katalog" plugin, say
        raise KatalogError(
            f"pluginnet '{PLUGIN}' i mkdocs.yml er ikke katalogets eget (katalog.site.plugin.KatalogPlugin); "
            "afinstaller den anden pakke med et plugin af samme navn",
            exit_code=2,
        )
    return plugin


def _katalog_cause(exc: BaseException) -> KatalogError | None:
    """The :class:`KatalogError` behind a failed MkDocs run (the plugin raised it as a PluginError), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KatalogError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


class _Collect(logging.Handler):
    """Collect MkDocs' warnings and errors so a failed strict build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


def _not_ours(record: logging.LogRecord) -> bool:
    """False for MkDocs' report of the plugin's data error: ``katalog build`` reports that error itself.

    MkDocs logs a build error from inside its ``except`` block, so the exception it handles is at hand.
    """
    handled = sys.exc_info()[1]
    ours = handled is not None and isinstance(handled.__cause__, KatalogError) and record.getMessage() == str(handled)
    return not ours


@contextmanager
def _mkdocs_logging(level: int, *, reported_by_us: bool = False) -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    console.setLevel(level)
    if reported_by_us:
        console.addFilter(_not_ours)
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


def build_site(data: Path, out: Path, *, pdfs: bool | None = None) -> str:
    """Validate ``data`` and build the site into ``out``; return a one-line summary.

    ``pdfs`` None follows ``$KATALOG_PDF`` (default: with the PDFs). ``out`` is checked
    first (:func:`katalog.files.check_site_folder`): only an absent or empty folder, or
    one an earlier build marked, is replaced. The site is built in a staging folder
    beside it and swapped in; on any failure the staging folder is removed and ``out``
    is as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from katalog.site.plugin import CatalogueCache

    data = Path(os.path.realpath(data))
    root = find_root(data.parent, fallback=True)
    target = check_site_folder(out, root=root, data=data)
    with_pdfs = pdfs_wanted(True) if pdfs is None else pdfs
    if with_pdfs:
        from katalog.booklet.build import source_date_epoch

        source_date_epoch()  # a bad value stops the build before it starts
    catalogues = CatalogueCache()
    catalogue = catalogues.get(data, root)
    _require_site_config(root, "bygge websitet")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Registered before it exists: removed on every way out, a stop signal included.
        staging = temporary_folder(target.parent, f".{target.name[:100]}.", ".bygges")
    except OSError as exc:
        raise os_failure(exc, target.parent, "oprette en midlertidig mappe til websitet") from exc
    try:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        with _mkdocs_logging(logging.WARNING, reported_by_us=True) as collected:
            try:
                # The staging folder is private; a site is read by a web server.
                os.chmod(staging, 0o777 & ~current_umask())
                config = load_config(
                    str(root / "mkdocs.yml"),
                    site_dir=str(staging),
                    strict=True,
                    plugins=plugin_settings(root, data=str(data), pdfs=with_pdfs, preview=False),
                    **site_url_setting(),
                )
                _katalog_plugin(config).catalogues = catalogues  # validated above: not again
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
                write_marker(staging)
            except KatalogError:
                raise
            except OSError as exc:
                raise KatalogError(
                    f"{out}: kan ikke bygge websitet: {os_error_reason(exc)}; mappen er uændret"
                ) from exc
            except MkDocsException as exc:
                cause = _katalog_cause(exc)
                if cause is not None:
                    raise cause from None
                details = "\n".join(collected.messages) or str(exc)
                raise KatalogError(
                    f"MkDocs kunne ikke bygge siden, så {out} er uændret; ret det, MkDocs' egne beskeder herunder peger på:\n{details}"
                ) from exc
            except Exception as exc:  # a bug in a plugin or in our pages: still one clear message, no traceback
                raise KatalogError(
                    f"intern fejl under bygningen ({type(exc).__name__}: {exc}); {out} er uændret. "
                    "Meld fejlen til udviklerne med datafilen og denne besked."
                ) from exc
        _swap(staging, target, out, root, data)
    finally:
        remove_temporary(staging)
    return f"{out}: websitet er bygget med {grammar.count(len(catalogue.initiatives), 'indsats')}"


def _require_site_config(root: Path, doing: str) -> None:
    """The site needs the project's mkdocs.yml; without it, say so in Danish (MkDocs would say it in English)."""
    if not (root / "mkdocs.yml").is_file():
        raise KatalogError(
            f"{root}: kan ikke {doing}: projektets mkdocs.yml findes ikke her; kør kommandoen i projektets mappe",
            exit_code=2,
        )


def _swap(staging: Path, target: Path, out: Path, root: Path, data: Path) -> None:
    """Put the built site in place of ``target``; the old one (checked again) goes only once the new one is in."""
    check_site_folder(out, root=root, data=data)  # it may have changed while the site was built
    old: Path | None = None
    try:
        # The two renames happen together: a stop signal is held back until the new site is in
        # place (or the old one is back), never leaving the folder missing.
        with uninterrupted():
            if os.path.lexists(target):
                old = temporary_folder(staging.parent, staging.name.removesuffix(".bygges") + ".", ".gammel")
                os.rmdir(old)
                os.rename(target, old)
            try:
                put_in_place(staging, target)
            except OSError:
                if old is not None:
                    restore, old = old, None
                    keep_temporary(restore)  # should putting it back fail too, the old site stays there
                    os.rename(restore, target)
                raise
    except OSError as exc:
        raise os_failure(exc, out, "lægge det nye website på plads; den gamle udgave er bevaret") from exc
    finally:
        if old is not None:
            remove_temporary(old)


def _refuse_address(dev_addr: str, exc: OSError) -> KatalogError:
    return KatalogError(
        f"{dev_addr}: kan ikke starte forhåndsvisningen: {os_error_reason(exc)}; "
        "vælg en anden adresse med --dev-addr, fx 127.0.0.1:8001",
        exit_code=2,
    )


def _probe_port(dev_addr: str) -> None:
    """Say at once, before the first build, when the address cannot be listened on (a busy port)."""
    import socket

    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise _refuse_address(dev_addr, exc) from exc


def check_dev_addr(dev_addr: str) -> str:
    """``VÆRT:PORT`` for the preview, checked (a port from 1 to 65535); else :class:`KatalogError` (exit 2)."""
    import ipaddress
    import re

    host, _, port = dev_addr.rpartition(":")
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    valid_host = bare == "localhost"
    if not valid_host:
        try:
            ipaddress.ip_address(bare)
            valid_host = True
        except ValueError:
            pass
    if valid_host and re.fullmatch(r"[0-9]{1,5}", port) and 1 <= int(port) <= 65535:
        return dev_addr
    shown = dev_addr if len(dev_addr) <= 60 else f"{dev_addr[:40]}… ({len(dev_addr)} tegn)"
    raise KatalogError(
        f"--dev-addr '{shown}' er ikke en gyldig adresse; skriv IP-ADRESSE:PORT med en port fra 1 til 65535, "
        "fx 127.0.0.1:8000 eller localhost:8001",
        exit_code=2,
    )


def serve_site(data: Path, dev_addr: str | None, open_browser: bool, *, pdfs: bool | None = None) -> None:
    """Preview the site with live reload; rebuilds when the data, docs/ or overrides/ change.

    The PDFs are left out unless ``pdfs`` (None follows ``$KATALOG_PDF``: ``KATALOG_PDF=1``
    puts them in); ``katalog build`` makes them.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    from katalog.site.plugin import CatalogueCache

    dev_addr = check_dev_addr(dev_addr or "127.0.0.1:8000")
    _probe_port(dev_addr)
    data = Path(os.path.realpath(data))
    root = find_root(data.parent, fallback=True)
    _require_site_config(root, "starte forhåndsvisningen")
    CatalogueCache().get(data, root)  # refuse to start on invalid data, with the errors
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The PDFs take seconds (minutes for a big catalogue); the preview leaves them out unless asked for.
    with_pdfs = pdfs_wanted(False) if pdfs is None else pdfs
    with _mkdocs_logging(logging.INFO):
        try:
            # The plugin watches the data file's folder and data/ (its on_serve) and keeps the last
            # valid catalogue while the data has errors (preview).
            serve(
                config_file=str(root / "mkdocs.yml"),
                livereload=True,
                open_in_browser=open_browser,
                dev_addr=dev_addr,
                plugins=plugin_settings(root, data=str(data), pdfs=with_pdfs, preview=True),
            )
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise _refuse_address(dev_addr, exc) from exc
            raise os_failure(exc, None, "køre forhåndsvisningen") from exc
        except MkDocsException as exc:
            cause = _katalog_cause(exc)
            if cause is not None:
                raise cause from None
            raise KatalogError(
                f"forhåndsvisningen stoppede, fordi MkDocs ikke kunne bygge siden; ret det, MkDocs' egen besked peger på: {exc}"
            ) from exc
