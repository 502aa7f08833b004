"""The katalog MkDocs plugin on its own: plain `mkdocs build` and `mkdocs serve` in a copy of the project.

The copy has no src/: MkDocs finds the plugin through the package's ``mkdocs.plugins``
entry point, as on a fresh clone after ``uv sync``. A data error ends MkDocs with the
Danish messages (file:line:column) and no traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

from katalog.editing import cms
from katalog.site.build import plugin_settings
from katalog.site.plugin import KatalogPlugin
from tests.conftest import FIXTURES, ROOT

PLUGIN_LINE = "  - katalog:\n      data: data/initiatives.yaml\n"
NAME = "name: Energi til hinanden\n"


def _project(base: Path, **options: object) -> Path:
    """A copy of the project's site sources with the katalog plugin's options in mkdocs.yml set to ``options``."""
    project = base / "project"
    for name in ("data", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / cms.TOOLS).is_dir():  # the web form's built files, linked rather than copied
        (project / cms.TOOLS).mkdir(parents=True)
        for entry in (ROOT / cms.TOOLS).iterdir():
            (project / cms.TOOLS / entry.name).symlink_to(entry)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert PLUGIN_LINE in text
    settings = "".join(f"      {key}: {yaml.safe_dump(value).splitlines()[0]}\n" for key, value in options.items())
    (project / "mkdocs.yml").write_text(text.replace(PLUGIN_LINE, "  - katalog:\n" + settings), encoding="utf-8")
    return project


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATALOG_", "GITHUB_"))}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def _mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _break(data: Path, old: str, new: str) -> None:
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_plugin_is_an_installed_entry_point_and_mkdocs_yml_names_it() -> None:
    (found,) = entry_points(group="mkdocs.plugins", name="katalog")
    assert found.load() is KatalogPlugin
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    assert config["plugins"] == [{"katalog": {"data": "data/initiatives.yaml"}}]


def test_katalog_build_and_serve_set_the_plugins_options_and_keep_the_others(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - offline\n  - katalog:\n      data: x.yaml\n      repository: https://example.org/r\n",
        encoding="utf-8",
    )
    settings = plugin_settings(tmp_path, data="/abs/data.yaml", pdfs=False)
    assert list(settings.items()) == [
        ("offline", None),
        ("katalog", {"data": "/abs/data.yaml", "repository": "https://example.org/r", "pdfs": False}),
    ]
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - offline\n", encoding="utf-8")
    with pytest.raises(Exception, match="pluginnet 'katalog' står ikke under plugins"):
        plugin_settings(tmp_path, data="/abs/data.yaml")


def test_plain_mkdocs_build_builds_the_site(tmp_path: Path) -> None:
    project = _project(tmp_path, data="data/initiatives.yaml", pdfs=False)
    out = tmp_path / "site"
    result = _mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = (out / "cases" / "energi-til-hinanden" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="energi-til-hinanden">Energi til hinanden</h1>' in page
    assert "Hent indsatsen som PDF" not in page
    assert not list(out.rglob("*.pdf"))
    assert "PDF-hæftet er ikke med i denne udgave af siden." in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "downloads" / "inspirationskatalog.csv").is_file()
    assert (out / "pagefind" / "pagefind.js").is_file()
    # The published policy, not the preview's: live reload's inline script is not allowed.
    assert "'unsafe-inline'" not in (out / "index.html").read_text(encoding="utf-8").split("</head>")[0]


@pytest.mark.pdf
def test_plain_mkdocs_build_reads_the_data_option_relative_to_mkdocs_yml_and_makes_the_pdfs(tmp_path: Path) -> None:
    project = _project(tmp_path, data="andre/indsatser.yaml")
    (project / "andre").mkdir()
    shutil.copy(FIXTURES / "valid" / "all_fields.yaml", project / "andre" / "indsatser.yaml")
    out = tmp_path / "site"
    result = _mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "cases").iterdir() if p.is_dir()) == ["team-ildfugle"]
    assert (out / "downloads" / "indsatser" / "team-ildfugle.pdf").read_bytes().startswith(b"%PDF-")
    assert 'href="downloads/inspirationskatalog.pdf"' in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (NAME, "name: [Energi til hinanden\n", r"error: ugyldig YAML: en liste i firkantede parenteser"),
        (
            "status: permanent",
            "status: permanant",
            r"error: [a-z-]+ [a-z_.]*status: 'permanant' kan ikke bruges her",
        ),
    ],
    ids=["yaml-syntax", "schema"],
)
def test_plain_mkdocs_build_on_a_broken_record_ends_with_the_danish_message(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    project = _project(tmp_path, data="data/initiatives.yaml", pdfs=False)
    data = project / "data" / "initiatives.yaml"
    _break(data, old, new)
    result = _mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    # The position is relative to the working directory, as `katalog validate` shows it.
    assert re.search(rf"^ERROR +- +data/initiatives\.yaml:\d+:\d+: {expected}", result.stderr, re.M), result.stderr
    assert "1 fejl i data; siden er ikke bygget" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_plain_mkdocs_serve_on_a_broken_record_prints_the_message_without_a_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, data="data/initiatives.yaml", pdfs=False)
    data = project / "data" / "initiatives.yaml"
    _break(data, "status: permanent", "status: permanant")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{_free_port()}"],
        cwd=project,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The first build fails, so MkDocs stops by itself.
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode != 0, output
    assert re.search(r"data/initiatives\.yaml:\d+:\d+: error: [a-z-]+ [a-z_.]*status: 'permanant'", output), output
    assert "Traceback" not in output, output
