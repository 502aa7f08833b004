"""Build the website: validate first, then run MkDocs (strict) with the record-page hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from katalog.problems import KatalogError
from katalog.reference import find_root
from katalog.validate import validate_file


def build_site(data: Path, out: Path) -> str:
    """Validate ``data`` and build the site into ``out``; return a one-line summary."""
    root = find_root()
    report = validate_file(data, root)
    if report.errors:
        raise KatalogError(f"{len(report.errors)} fejl i data; siden er ikke bygget", report.errors)
    env = {**os.environ, "KATALOG_DATA": str(data.resolve()), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(out.resolve())],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise KatalogError(f"MkDocs fejlede (kode {result.returncode}):\n{result.stderr.strip()}")
    count = len(report.catalogue.initiatives) if report.catalogue else 0
    return f"{out}: websitet er bygget med {count} indsatser"
