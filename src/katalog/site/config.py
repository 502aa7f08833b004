"""The katalog MkDocs plugin's options (``plugins: - katalog: {...}`` in mkdocs.yml).

``katalog build`` and ``katalog serve`` set ``data``, ``pdfs`` and ``preview`` for the file
and options they were given (:mod:`katalog.site.build`); plain ``mkdocs build`` and
``mkdocs serve`` use what mkdocs.yml says.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class KatalogConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__
    # The data file the site is built from; a relative path is relative to mkdocs.yml's folder. The option
    # is `data`; the trailing underscore keeps the name off Config's own `data` (MkDocs drops it).
    data_ = c.File(exists=False, default="data/initiatives.yaml")
    # The booklet and the one-initiative PDFs (seconds to minutes of Typst); off, the site links no PDFs.
    pdfs = c.Type(bool, default=True)
    # The GitHub repository the edit links and /admin/ send changes to. Unset: $KATALOG_REPO_URL, else
    # GitHub Actions' GITHUB_SERVER_URL/GITHUB_REPOSITORY, else MkDocs' own repo_url.
    repository = c.Optional(c.Type(str))
    # Live preview: invalid data keeps the last valid catalogue, and the Content-Security-Policy lets
    # MkDocs' live-reload script run. Unset: on under `mkdocs serve`, off under `mkdocs build`.
    preview = c.Optional(c.Type(bool))
