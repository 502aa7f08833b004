"""Attacks on the katalog MkDocs plugin and its templates, as an outsider runs them: plain ``mkdocs``.

Each case writes mkdocs.yml's ``plugins: - katalog:`` options in a copy of the project and runs
``mkdocs build`` (or ``serve``) with ``-f`` from another folder. A hostile ``data:`` option, or
one of the wrong type, must end MkDocs in bounded time with the Danish message (or MkDocs' own
configuration message) and no traceback. Record text that looks like Jinja, HTML or a closing
script tag is shown as text on the built pages, never evaluated.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from katalog.editing import cms
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

PLUGIN_BLOCK = "  - katalog:\n      data: data/initiatives.yaml\n"
TIMEOUT = 60


def _project(base: Path) -> Path:
    project = base / "project"
    for name in ("data", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / cms.TOOLS).is_dir():
        (project / cms.TOOLS).mkdir(parents=True)
        for entry in (ROOT / cms.TOOLS).iterdir():
            (project / cms.TOOLS / entry.name).symlink_to(entry)
    return project


def _configure(project: Path, options: str) -> Path:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert PLUGIN_BLOCK in text
    config = project / "mkdocs.yml"
    config.write_text(text.replace(PLUGIN_BLOCK, "  - katalog:\n" + options), encoding="utf-8")
    return config


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATALOG_", "GITHUB_"))}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def _mkdocs(config: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs ARGS -f CONFIG`` from ``cwd``; a hang past TIMEOUT fails the test."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(config)],
        cwd=cwd,
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"mkdocs {' '.join(args)} did not end within {TIMEOUT} s (a hang)")
    return subprocess.CompletedProcess(process.args, process.returncode, output, "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- the data option

# (id, setup, data option, what MkDocs' ERROR line must say)
DATA_CASES = [
    ("missing", None, "data/mangler.yaml", "kan ikke læse datafilen: stien findes ikke"),
    ("folder", None, "data", "stien er en mappe og ikke en almindelig fil; angiv stien til YAML-filen"),
    ("empty-string", None, "''", "stien er en mappe og ikke en almindelig fil; angiv stien til YAML-filen"),
    ("fifo", "fifo", "data/pipe.yaml", "stien er en pipe (FIFO) og ikke en almindelig fil"),
    ("dev-zero", None, "/dev/zero", "stien er en tegnenhed (som /dev/zero eller en terminal)"),
    ("symlink-loop", "loop", "data/loop.yaml", "kan ikke læse datafilen: stien indeholder en løkke af symbolske links"),
    ("dangling-symlink", "dangling", "data/dangling.yaml", "kan ikke læse datafilen: stien findes ikke"),
    ("huge-file", "huge", "data/huge.yaml", "filen er 200,0 MB stor, men grænsen er 64,0 MB"),
    ("yaml-syntax", "syntax", "data/syntax.yaml", "error: ugyldig YAML: filen slutter midt i en værdi"),
    ("schema", "schema", "data/schema.yaml", "error: xx name: det obligatoriske felt 'name' mangler"),
    ("outside-project", None, "../../uden-for/initiatives.yaml", "kan ikke læse datafilen: stien findes ikke"),
    (
        "nul-in-name",
        None,
        '"data/initiatives.yaml\\0"',
        "kan ikke læse datafilen: stien indeholder et nultegn (U+0000)",
    ),
]


def _setup(project: Path, step: str | None) -> None:
    data = project / "data"
    if step == "fifo":
        os.mkfifo(data / "pipe.yaml")
    elif step == "loop":
        (data / "loop.yaml").symlink_to("loop.yaml")
    elif step == "dangling":
        (data / "dangling.yaml").symlink_to("findes-ikke.yaml")
    elif step == "huge":
        with open(data / "huge.yaml", "wb") as handle:
            handle.truncate(200 * 1024 * 1024)
    elif step == "syntax":
        (data / "syntax.yaml").write_text("initiatives: [\n", encoding="utf-8")
    elif step == "schema":
        (data / "schema.yaml").write_text("initiatives:\n  - id: xx\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "data", "expected"),
    [pytest.param(*c[1:], id=c[0]) for c in DATA_CASES],
)
@pytest.mark.parametrize("command", ["build", "serve"])
def test_a_hostile_data_option_ends_mkdocs_with_the_danish_message(
    tmp_path: Path, command: str, setup: str | None, data: str, expected: str
) -> None:
    project = _project(tmp_path)
    _setup(project, setup)
    config = _configure(project, f"      data: {data}\n      pdfs: false\n")
    args = (
        ["build", "--site-dir", str(tmp_path / "site")]
        if command == "build"
        else ["serve", "--dev-addr", f"127.0.0.1:{_free_port()}"]
    )
    result = _mkdocs(config, *args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    assert re.search(rf"^ERROR +- +.*{re.escape(expected)}", result.stdout, re.MULTILINE), result.stdout
    assert "Aborted with a BuildError!" in result.stdout, result.stdout
    assert not (tmp_path / "site").exists() or not list((tmp_path / "site").rglob("*.html"))


# (id, option lines, MkDocs' message)
OPTION_CASES = [
    ("data-a-number", "      data: 123\n", "option 'data': Expected type: <class 'str'> but received: <class 'int'>"),
    ("data-a-list", "      data: [a, b]\n", "option 'data': Expected type: <class 'str'> but received: <class 'list'>"),
    ("pdfs-a-word", "      pdfs: kanske\n", "option 'pdfs': Expected type: <class 'bool'> but received: <class 'str'>"),
    ("preview-a-word", "      pdfs: false\n      preview: 'ja'\n", "option 'preview': Expected type: <class 'bool'>"),
    (
        "repository-a-number",
        "      pdfs: false\n      repository: 5\n",
        "option 'repository': Expected type: <class 'str'>",
    ),
]


@pytest.mark.parametrize(("options", "expected"), [c[1:] for c in OPTION_CASES], ids=[c[0] for c in OPTION_CASES])
def test_an_option_of_the_wrong_type_is_mkdocs_configuration_error(tmp_path: Path, options: str, expected: str) -> None:
    project = _project(tmp_path)
    config = _configure(project, options)
    result = _mkdocs(config, "build", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    assert f"Config value 'plugins': Plugin 'katalog' {expected}" in result.stdout, result.stdout
    assert "Aborted with a configuration error!" in result.stdout, result.stdout


@pytest.mark.parametrize("name", ["bogus", "data_", "Data"])
def test_an_unknown_option_is_mkdocs_configuration_message_and_fails_a_strict_build(tmp_path: Path, name: str) -> None:
    """MkDocs' own rule for an unknown plugin option: a configuration warning, which --strict makes fatal."""
    project = _project(tmp_path)
    config = _configure(project, f"      data: data/initiatives.yaml\n      pdfs: false\n      {name}: 1\n")
    result = _mkdocs(config, "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout, result.stdout
    assert f"Plugin 'katalog' option '{name}': Unrecognised configuration name: {name}" in result.stdout
    assert "Aborted with 1 configuration warnings in 'strict' mode!" in result.stdout, result.stdout


# --------------------------------------------------------------------------- record text on the pages

PAYLOADS = {
    "jinja-expression": "{{ 7*7 }}",
    "jinja-globals": "{{ lipsum.__globals__ }}",
    "jinja-config": "{{ config.site_name }}",
    "jinja-raw": "{% raw %}",
    "jinja-endraw": "{% endraw %}",
    "jinja-include": "{% include 'site/case.md.j2' %}",
    "jinja-comment": "{# kommentar",
    "script-close": "</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "markdown-html": "**fed** <b>fed</b> [link](https://example.dk)",
}
LONG = "langt" * 4000  # 20,000 characters


def _hostile_data(path: Path) -> list[str]:
    """The injection fixture with a Jinja, HTML or script payload in every plain field; the texts to look for."""
    records = yaml.safe_load((FIXTURES / "site" / "injection.yaml").read_text(encoding="utf-8"))
    item = records["initiatives"][0]
    texts = list(PAYLOADS.values())
    item["name"] = f"Indsats {PAYLOADS['jinja-expression']} {PAYLOADS['jinja-comment']}"
    item["summary"] = " ".join(texts)
    item["description"] = "\n\n".join([*texts, "Lang tekst: " + LONG])
    item["attention_points"] = texts
    item["organisations"][0]["name"] = PAYLOADS["jinja-raw"] + " org " + PAYLOADS["jinja-endraw"]
    item["stories"][0]["title"] = PAYLOADS["jinja-include"]
    item["stories"][0]["text"] = PAYLOADS["jinja-globals"] + "\n\n" + PAYLOADS["script-close"]
    item["quotes"][0]["speaker_role"] = PAYLOADS["jinja-config"]
    records["themes"][0]["title"] = "Tema " + PAYLOADS["jinja-expression"]
    records["themes"][0]["lead"] = PAYLOADS["jinja-comment"] + " " + PAYLOADS["script-close"]
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [item["name"], records["themes"][0]["title"], PAYLOADS["jinja-include"], PAYLOADS["jinja-config"]]


class _Text(HTMLParser):
    """A page's visible text and every element (tag, attributes) it has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def test_record_text_that_looks_like_jinja_or_html_is_text_on_every_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = project / "data" / "hostile.yaml"
    must_show = _hostile_data(data)
    check = subprocess.run(
        [sys.executable, "-m", "katalog.cli", "validate", "--data", str(data)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    config = _configure(project, "      data: data/hostile.yaml\n      pdfs: false\n")
    site = tmp_path / "site"
    result = _mkdocs(config, "build", "--site-dir", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stdout
    shown = ""
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        raw = page.read_text(encoding="utf-8")
        parser.feed(raw)
        text = "".join(parser.text)
        shown += text
        for tag, attrs in parser.tags:
            assert not [a for a, _ in attrs if a.lower().startswith("on")], (page, tag, attrs)
        # Jinja never evaluated record text: no 49, no site name where the payload stood, no globals dump.
        assert "Indsats 49" not in text and "Tema 49" not in text, page
        assert "<function" not in text and "__builtins__" not in text, page
    for needle in [*must_show, *PAYLOADS.values(), LONG]:
        assert needle in shown, f"not shown as text: {needle[:60]!r}"


def test_the_template_environment_escapes_and_is_strict_and_no_code_makes_templates_from_text() -> None:
    from jinja2 import StrictUndefined

    from katalog.site import templating

    env = templating.environment()
    assert env.autoescape is True
    assert env.undefined is StrictUndefined
    for name in env.list_templates():
        env.get_template(name)  # every template compiles
    sources = [p for p in (ROOT / "src" / "katalog").rglob("*.py")]
    found = [
        str(p) for p in sources if re.search(r"\bfrom_string\(|\bjinja2\.Template\(|[^.\w]Template\(", p.read_text())
    ]
    assert found == [], f"templates made from strings: {found}"
    # A value that looks like a template is printed, escaped, never read as one.
    source = env.from_string("{{ value }}|{{ value | md }}")  # the test's own template, not record text
    assert source.render(value="{{ 7*7 }} <b>") == "{{ 7*7 }} &lt;b&gt;|\\{\\{ 7\\*7 \\}\\} &lt;b&gt;"
