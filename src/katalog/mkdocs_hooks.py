"""MkDocs hook: generate a page per initiative from the records at build time.

The data file comes from the ``KATALOG_DATA`` environment variable (set by
``katalog build``); the pages are virtual files, never written to ``docs/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from katalog.problems import KatalogError
from katalog.render import initiative_page, text
from katalog.validate import validate_file


def on_files(files: Files, config: Any) -> Files:
    root = Path(config["config_file_path"]).resolve().parent
    data = Path(os.environ.get("KATALOG_DATA", root / "data" / "initiatives.yaml"))
    report = validate_file(data, root)
    if report.catalogue is None:
        raise KatalogError("datafilen har fejl; kør 'katalog validate'", report.errors)
    catalogue = report.catalogue
    index = ["# Indsatser", "", f"Kataloget rummer {len(catalogue.initiatives)} indsatser.", ""]
    for item in sorted(catalogue.initiatives, key=lambda i: i.name.casefold()):
        files.append(File.generated(config, f"cases/{item.id}.md", content=initiative_page(item, catalogue.reference)))
        index.append(f"- [{text(item.name)}]({item.id}.md): {text(item.summary)}")
    files.append(File.generated(config, "cases/index.md", content="\n".join(index) + "\n"))
    return files
