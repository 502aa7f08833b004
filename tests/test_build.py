"""`katalog build` through its real entry point: errors leave the previous site as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.pdf


def _build(data: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "katalog.cli", "build", "--data", str(data), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **env},
    )


def test_invalid_data_builds_nothing_and_keeps_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("den gamle side", encoding="utf-8")
    (out / ".katalog-build").write_text("bygget før\n", encoding="utf-8")
    bad = FIXTURES / "invalid" / "status_yaml11_no.yaml"
    result = _build(bad, out)
    assert result.returncode == 1
    assert "status_yaml11_no.yaml:8:13: error: team-ildfugle status: 'no' kan ikke bruges her" in result.stderr
    assert result.stderr.rstrip().endswith("katalog: 1 fejl i data; siden er ikke bygget")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text(encoding="utf-8") == "den gamle side"


def test_builds_any_data_file_and_replaces_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("fra en tidligere bygning", encoding="utf-8")
    (out / ".katalog-build").write_text("bygget før\n", encoding="utf-8")  # an earlier build's marker
    result = _build(FIXTURES / "valid" / "all_fields.yaml", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("websitet er bygget med 1 indsats")
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / ".katalog-build").read_text(encoding="utf-8").startswith("Denne mappe er bygget af 'katalog build'.")
    assert out.stat().st_mode & 0o777 == 0o777 & ~_umask()  # readable by a web server, not mkdtemp's 0700
    page = (out / "cases" / "team-ildfugle" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="team-ildfugle">Team Ildfugle</h1>' in page
    assert (out / "downloads" / "inspirationskatalog.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (out / "pagefind" / "pagefind.js").is_file()
    # The booklet and the record's own PDF are published and linked.
    assert (out / "downloads" / "inspirationskatalog.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "downloads" / "indsatser" / "team-ildfugle.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="../../downloads/indsatser/team-ildfugle.pdf"' in page
    assert 'href="downloads/inspirationskatalog.pdf"' in (out / "index.html").read_text(encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_an_unmarked_folder_is_refused_before_the_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("et websted fra før markøren", encoding="utf-8")
    result = _build(FIXTURES / "valid" / "all_fields.yaml", out)
    assert result.returncode == 2
    assert result.stderr == (
        f"katalog: {out}: mappen erstattes ikke: den er ikke tom og er ikke bygget af 'katalog build' "
        "(der er ingen .katalog-build i den); vælg en tom eller ny mappe med --out, fx --out site. "
        f"Er det et websted fra en ældre udgave af katalog, så slet det først ('rm -r {out}')\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_second_build_into_a_symlinked_folder_keeps_the_link(tmp_path: Path) -> None:
    real, link = tmp_path / "udgivet", tmp_path / "site"
    real.mkdir()  # an empty folder (a link to nowhere is refused)
    link.symlink_to("udgivet")
    data = FIXTURES / "valid" / "all_fields.yaml"
    for _ in range(2):
        result = _build(data, link, KATALOG_PDF="0")
        assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (real / ".katalog-build").is_file() and (real / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "udgivet"]


def test_pdfs_are_reproducible_and_can_be_left_out(tmp_path: Path) -> None:
    data = FIXTURES / "valid" / "all_fields.yaml"
    first, second, without = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out in (first, second):
        assert _build(data, out, SOURCE_DATE_EPOCH="1795305600").returncode == 0
    for name in ("inspirationskatalog.pdf", "indsatser/team-ildfugle.pdf"):
        assert (first / "downloads" / name).read_bytes() == (second / "downloads" / name).read_bytes()
    result = _build(data, without, KATALOG_PDF="0")
    assert result.returncode == 0, result.stderr
    assert not list((without / "downloads").rglob("*.pdf"))
    assert "PDF-hæftet er ikke med i denne udgave af siden." in (without / "index.html").read_text(encoding="utf-8")
    assert "Hent indsatsen som PDF" not in (without / "cases" / "team-ildfugle" / "index.html").read_text("utf-8")


def test_bad_source_date_epoch_is_a_usage_error(tmp_path: Path) -> None:
    result = _build(FIXTURES / "valid" / "all_fields.yaml", tmp_path / "site", SOURCE_DATE_EPOCH="i går")
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        "katalog: SOURCE_DATE_EPOCH er 'i går' og ikke et helt antal sekunder; skriv sekunderne siden 1. januar 1970, "
        "fx tidspunktet for seneste commit: git log -1 --format=%ct\n"
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
