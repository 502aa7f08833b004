"""Every page of the built site is valid HTML: the W3C Nu HTML checker (vnu) finds no error.

vnu is the npm package ``vnu-jar`` (a Java program), installed by ``make test`` from
tools/vnu/package-lock.json, and run with Debian's Java (scripts/system_deps.sh); nothing is
downloaded here. The site is built once, without PDFs and without ``site_url`` (the build a
person makes locally), and every page goes to one run of the checker, so the JVM starts once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

VNU_JAR = ROOT / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of every kind, so a page kind that disappears from the build fails the test too.
PAGE_KINDS = {
    "forside": "index.html",
    "oversigt": "cases/index.html",
    "indsats": "cases/team-ildfugle/index.html",
    "oversigt over målgrupper": "malgrupper/index.html",
    "målgruppe": "malgrupper/unge/index.html",
    "oversigt over kommuner": "kommuner/index.html",
    "kommune": "kommuner/greve/index.html",
    "oversigt over temaer": "temaer/index.html",
    "tema": "temaer/samarbejdet/index.html",
    "evidens": "evidens/index.html",
    "metode": "methods/mentorordning/index.html",
    "vejledning": "bidrag/index.html",
    "søgning": "sog/index.html",
    "tilgængelighed": "tilgaengelighed/index.html",
    "404": "404.html",
    "redigering": "admin/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vnu") / "site"
    env = {key: value for key, value in os.environ.items() if key != "KATALOG_SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "katalog.cli", "build", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**env, "KATALOG_PDF": "0"},
    )
    if result.returncode != 0:
        pytest.fail(f"katalog build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return out


def _pages(site: Path) -> list[Path]:
    """Every HTML page the site serves (not Material's or Pagefind's bundled assets)."""
    return sorted(
        path for path in site.rglob("*.html") if path.relative_to(site).parts[0] not in {"assets", "pagefind"}
    )


def _vnu(pages: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java mangler: kør scripts/system_deps.sh (installerer Debians default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} mangler: kør 'make test' (npm ci i tools/vnu)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its report to standard error and exits 1 when it found errors.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    messages: list[dict[str, object]] = report["messages"]
    if result.returncode not in (0, 1) or (result.returncode == 1) != bool(messages):
        pytest.fail(f"vnu exited {result.returncode} with {len(messages)} messages:\n{result.stderr}")
    return messages


def test_every_page_kind_is_built(site: Path) -> None:
    missing = {kind: page for kind, page in PAGE_KINDS.items() if not (site / page).is_file()}
    assert missing == {}


def test_vnu_finds_no_error_on_any_page(site: Path) -> None:
    pages = _pages(site)
    assert {site / page for page in PAGE_KINDS.values()} <= set(pages)
    messages = _vnu(pages)
    found = [
        f"{Path(str(m['url']).removeprefix('file:')).relative_to(site)}:{m.get('lastLine')}: {m['type']}: "
        f"{m['message']}\n    {str(m.get('extract', '')).strip()}"
        for m in messages
    ]
    assert found == [], "\n".join(found)
