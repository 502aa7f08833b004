"""No English reaches a reader: the built site, the booklet, the CLI's help and usage errors, the messages.

One list of English words and phrases (:data:`ENGLISH`) is held against everything a reader,
an editor or a user of the command meets: every page of the built site (its visible text, and
the attributes a reader meets: ``title``, ``alt``, ``aria-label``, ``placeholder``, a button's
``value``, the page's ``<title>`` and description), the booklet's text (pdftotext), every
command's ``--help`` and every kind of usage error through the real ``katalog`` entry point, and
every message of the validator (the golden table ``tests/fixtures/expected.txt`` and the
hostile-input corpus's expected output).

The words are chosen so no Danish word trips them (not "for", "is", "to", "menu", "navigation").
Left out of the check, and why: the compiler-style severity ``error``/``warning`` after a position
(``FIL:1:2: error: …``, the format editors' tools read); inline ``<code>`` (a field, a file or a
command as it is typed); and GitHub's own button names the guide quotes (:data:`QUOTED`).
"""

from __future__ import annotations

import ast
import html
import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
import yaml

from katalog.cli import danish
from katalog.cli import main as katalog_main
from tests.browser.conftest import build
from tests.conftest import FIXTURES, ROOT
from tests.test_plugin import _mkdocs_build, _project

KATALOG = shutil.which("katalog", path=str(Path(sys.executable).parent))

ENGLISH = (
    # Material for MkDocs' and the browser's English
    r"not found",
    r"made with",
    r"skip to",
    r"back to top",
    r"table of contents",
    r"copy to clipboard",
    r"copy",
    r"type to start",
    r"initializing",
    r"search",
    r"previous",
    r"next",
    r"share",
    r"clear",
    r"close",
    r"home",
    r"loading",
    r"read more",
    r"edit this page",
    r"view source",
    r"last update",
    r"dark mode",
    r"light mode",
    r"switch to",
    r"powered by",
    r"this page",
    # click's English
    r"usage",
    r"options",
    r"commands",
    r"default",
    r"show this message",
    r"and exit",
    r"did you mean",
    r"no such",
    r"missing",
    r"invalid",
    r"try '",
    r"for help",
    r"requires",
    r"does not",
    r"is not",
    r"got unexpected",
    r"extra arguments?",
    r"choose from",
    r"aborted",
    r"confirmation",
    r"error",
    r"warning",
    r"required",
    r"directory",
    # PyYAML's and pydantic's English
    r"expected",
    r"found",
    r"while scanning",
    r"while parsing",
    r"could not",
    r"mapping",
    r"should",
    r"input should",
    r"field required",
    r"valid",
    r"string",
    r"unexpected",
    r"allowed",
    r"characters?",
    # Words that mark a sentence as English
    r"the",
    r"with",
    r"this",
    r"you",
    r"your",
    r"please",
)
# A word of the list, not a part of a word, a path or an identifier ("tests/fixtures/valid/", "http.server").
_ENGLISH = re.compile(
    r"(?<![\w./-])(?:" + "|".join(w.replace(" ", r"\s+") for w in ENGLISH) + r")(?![\w/-])", re.IGNORECASE
)
# The severity of a compiler-style message ("FIL:1:2: error: …", "::warning file=…"), the format's keyword.
_SEVERITY = re.compile(r"(?<=: )(?:error|warning)(?=: )|(?<=::)(?:error|warning)(?= )")
# GitHub has no Danish interface: the guide names its buttons as GitHub shows them.
QUOTED = {"bidrag/index.html": ("Edit this file",)}


def english(text: str) -> list[str]:
    """The English words and phrases in ``text``."""
    return _ENGLISH.findall(_SEVERITY.sub(" ", text))


def test_the_list_finds_english_and_leaves_danish_alone() -> None:
    assert english("404 - Not found") == ["Not found"]
    assert english("Usage: katalog [OPTIONS]\n  [default: site]") == ["Usage", "OPTIONS", "default"]
    assert english("Input should be a valid string") == ["Input should", "valid", "string"]
    assert english("Error: No such option: --x") == ["Error", "No such"]
    danish = (
        "For unge er det en menu af tilbud; navigation i kataloget til sidst. Søg i is og hjem, fx "
        "tests/fixtures/valid/minimal.yaml og python3 -m http.server. data/x.yaml:1:2: error: ugyldig værdi; "
        "::warning file=x::ugyldig"
    )
    assert english(danish) == []


# ------------------------------------------------------------------------------------------------
# The site


class _ReaderText(HTMLParser):
    """What a reader meets on a page: its text (not scripts, styles or inline code) and the attributes read out."""

    ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("script", "style") or (tag == "code" and not self._pre):
            self._skip.append(tag)
        if tag == "pre":
            self._pre += 1
        self.texts += [values[name] for name in self.ATTRIBUTES if values.get(name)]
        if tag == "button" or (tag == "input" and values.get("type") in ("submit", "button", "reset")):
            self.texts.append(values.get("value", ""))
        if tag == "meta" and values.get("name") == "description":
            self.texts.append(values.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "pre":
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def reader_text(markup: str) -> str:
    parser = _ReaderText()
    parser.feed(markup)
    parser.close()
    return "\n".join(parser.texts)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue's site (without PDFs), built through the real CLI."""
    return build(ROOT / "data" / "initiatives.yaml", tmp_path_factory.mktemp("no-english") / "site")


def _pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name.split("/", 1)[0] not in {"assets", "pagefind"}:
            yield name, path.read_text(encoding="utf-8")


def test_no_page_of_the_site_has_english(site: Path) -> None:
    found: dict[str, list[str]] = {}
    pages = 0
    for name, page in _pages(site):
        pages += 1
        text = reader_text(page)
        for phrase in QUOTED.get(name, ()):
            assert phrase in text, f"{name} no longer quotes {phrase!r}: remove it from QUOTED"
            text = text.replace(phrase, "")
        if words := english(text):
            found[name] = words
    assert pages > 50, pages  # every page kind, not an empty build
    assert found == {}


def test_the_footer_has_no_line_where_no_publisher_is_set(site: Path) -> None:
    """The shipped mkdocs.yml names no publisher: no page has a footer (no empty strip, never "Made with …")."""
    pages = dict(_pages(site))
    assert len(pages) > 50
    with_footer = sorted(name for name, page in pages.items() if 'class="md-footer' in page)
    assert with_footer == []


@pytest.mark.slow
def test_the_footer_names_the_publisher_in_danish_where_it_is_set(tmp_path: Path) -> None:
    """With a publisher and a text licence in mkdocs.yml, every page's footer says so in Danish, and nothing else."""
    project = _project(tmp_path, data="data/initiatives.yaml")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  generator: false\n" in text
    settings = (
        "  katalog:\n    publisher: Eksempel Kommune & Co.\n"
        "    text_licence: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/deed.da}\n"
    )
    config.write_text(text.replace("\n  generator: false\n", "\n  generator: false\n" + settings), encoding="utf-8")
    built = _mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    footers = {
        name: re.findall(r'<div class="md-copyright">(.*?)</footer>', page, re.S)
        for name, page in _pages(tmp_path / "site")
        if '<footer class="md-footer">' in page
    }
    assert len(footers) > 50
    line = "Udgivet af Eksempel Kommune & Co. Teksten må bruges efter CC BY 4.0."
    assert {
        name: [" ".join(html.unescape(re.sub(r"<[^>]+>", "", f)).split()) for f in found]
        for name, found in footers.items()
    } == {name: [line] for name in footers}
    licence = '<a href="https://creativecommons.org/licenses/by/4.0/deed.da" rel="license">CC BY 4.0</a>'
    assert all(licence in found[0] for found in footers.values())


def test_the_404_page_is_danish(site: Path) -> None:
    text = reader_text((site / "404.html").read_text(encoding="utf-8"))
    assert "Siden findes ikke" in text
    assert "<title>Siden findes ikke – Inspirationskatalog</title>" in (site / "404.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# The booklet


@pytest.mark.pdf
def test_the_booklet_has_no_english(tmp_path: Path) -> None:
    assert KATALOG
    pdf = tmp_path / "hæfte.pdf"
    made = subprocess.run([KATALOG, "pdf", "--out", str(pdf)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert len(text.splitlines()) > 1000  # the whole booklet, not a failed extraction
    assert english(text) == []


# ------------------------------------------------------------------------------------------------
# The command line


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    assert KATALOG, "the katalog console script is not installed in this environment"
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    return subprocess.run([KATALOG, *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60, env=env)


COMMANDS = sorted(katalog_main.commands)


@pytest.mark.parametrize("args", [["--help"], ["-h"], *([name, "--help"] for name in COMMANDS)], ids=" ".join)
def test_every_help_is_danish(args: list[str]) -> None:
    result = _run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Brug: katalog {' '.join(args[:-1])}".rstrip() + " [TILVALG]")
    assert "\nTilvalg:\n" in result.stdout
    assert english(result.stdout) == [], result.stdout
    # An option's name is never split at its hyphen ("--write-" at a line's end, "invalid" on the next).
    assert [line for line in result.stdout.splitlines() if re.search(r"\w-$", line)] == []


def test_katalog_alone_shows_the_danish_help_and_exits_2() -> None:
    result = _run()
    assert result.returncode == 2
    assert result.stderr.startswith("Brug: katalog [TILVALG] KOMMANDO [ARGUMENTER]...\n")
    assert "\nKommandoer:\n" in result.stderr
    assert english(result.stderr) == []


# Every kind of usage error click makes, with the command the hint must name.
USAGE_ERRORS = [
    (["nope"], "katalog", "ukendt kommando 'nope'"),
    (["valid"], "katalog", "ukendt kommando 'valid' (mente du 'validate'?)"),
    (["--versio"], "katalog", "ukendt tilvalg '--versio' (mente du '--version'?)"),
    (["-x"], "katalog", "ukendt tilvalg '-x'"),
    (["validate", "--bogus"], "katalog validate", "ukendt tilvalg '--bogus'"),
    (["validate", "--data"], "katalog validate", "tilvalget '--data' skal have en værdi"),
    (["validate", "--strict=ja"], "katalog validate", "tilvalget '--strict' tager ingen værdi; skriv det uden '='"),
    (["validate", "extra"], "katalog validate", "uventet argument: extra"),
    (["validate", "a", "b"], "katalog validate", "uventede argumenter: a b"),
    (
        ["validate", "--format", "xml"],
        "katalog validate",
        "ugyldig værdi for '--format': 'xml' kan ikke bruges her; vælg en af: text, json, github",
    ),
    (
        ["pdf", "--paper", "a3"],
        "katalog pdf",
        "ugyldig værdi for '--paper': 'a3' kan ikke bruges her; vælg en af: a5, a4",
    ),
    (["from-issue"], "katalog from-issue", "argumentet 'FIL' mangler"),
    (["from-issue", "findes/ikke.md"], "katalog from-issue", "ugyldig værdi for 'FIL': 'findes/ikke.md' findes ikke"),
    (["from-issue", "docs"], "katalog from-issue", "ugyldig værdi for 'FIL': 'docs' er en mappe, ikke en fil"),
    (
        ["schema", "--out", "README.md"],
        "katalog schema",
        "ugyldig værdi for '--out': 'README.md' er en fil, ikke en mappe",
    ),
    (["check-links", "--timeout"], "katalog check-links", "tilvalget '--timeout' skal have en værdi"),
    (
        ["check-links", "--concurrency", "x"],
        "katalog check-links",
        "ugyldig værdi for '--concurrency': 'x' kan ikke bruges her; skriv et heltal fra 1 til 64",
    ),
    (["serve", "--open=nej"], "katalog serve", "tilvalget '--open' tager ingen værdi; skriv det uden '='"),
]


@pytest.mark.parametrize(("args", "command", "message"), USAGE_ERRORS, ids=[" ".join(a) for a, _, _ in USAGE_ERRORS])
def test_every_usage_error_is_danish_and_exits_2(args: list[str], command: str, message: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"katalog: forkert brug: {message}", f"Se '{command} --help'."]
    said = result.stderr
    for typed in args:  # what the user typed is quoted back as it was ('valid', 'extra')
        said = said.replace(typed, "")
    assert english(said) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_an_unknown_option_is_danish_for_every_command(name: str) -> None:
    result = _run(name, "--findes-ikke")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "katalog: forkert brug: ukendt tilvalg '--findes-ikke'",
        f"Se 'katalog {name} --help'.",
    ]


def test_a_huge_unknown_option_is_one_short_danish_line() -> None:
    """An option of 100,000 characters is quoted cut in the middle, like any other long value (not 100 kB of it)."""
    result = _run("validate", "--" + "x" * 100_000)
    assert result.returncode == 2
    first, hint = result.stderr.splitlines()
    assert first.startswith("katalog: forkert brug: ukendt tilvalg '--xxx")
    assert re.search(r"xxx' \([\d.]+ tegn i alt\)$", first), first[-80:]
    assert len(first) < 1000
    assert hint == "Se 'katalog validate --help'."


def _click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text click marks for translation in the modules that write to the user (read from its source)."""
    singular: set[str] = {"required"}  # passed to _() from a variable: Option.get_help_extra's "required"
    plural: set[tuple[str, str]] = set()
    for name in danish.CLICK_MODULES:
        for node in ast.walk(ast.parse(inspect.getsource(importlib.import_module(name)))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singular.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                plural.add((texts[0], texts[1]))
    return singular, plural


def test_every_message_click_can_write_has_a_danish_entry() -> None:
    """A click upgrade that adds a message fails here until the message is in katalog.cli.danish."""
    singular, plural = _click_messages()
    assert len(singular) > 60 and len(plural) > 5
    assert sorted(singular - set(danish.MESSAGES)) == []
    assert sorted(plural - set(danish.PLURALS)) == []
    assert sorted(set(danish.MESSAGES) - singular) == []  # no entry for a message click no longer has
    assert sorted(set(danish.PLURALS) - plural) == []
    for message in [*danish.MESSAGES.values(), *(text for pair in danish.PLURALS.values() for text in pair)]:
        assert english(re.sub(r"\{[^}]*\}", "", message)) == [], message


def test_the_catalogue_is_what_click_uses() -> None:
    danish.install()
    for name in danish.CLICK_MODULES:
        module = importlib.import_module(name)
        assert getattr(module, "_", danish.CATALOGUE.gettext) == danish.CATALOGUE.gettext, name
        assert getattr(module, "ngettext", danish.CATALOGUE.ngettext) == danish.CATALOGUE.ngettext, name
    assert click.Path(file_okay=False).name == "mappe"


def test_the_guide_quotes_the_help_as_it_is() -> None:
    guide = (ROOT / "docs" / "bidrag.md").read_text(encoding="utf-8")
    quoted = re.search(r"```text\n(Brug: katalog validate .*?)```", guide, re.S)
    assert quoted, "docs/bidrag.md no longer quotes `katalog validate --help`"
    assert quoted.group(1) == _run("validate", "--help").stdout


# ------------------------------------------------------------------------------------------------
# The validator's messages


def _messages_in_the_table() -> list[str]:
    lines = (FIXTURES / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("## ")]


def test_no_message_in_the_table_has_english() -> None:
    messages = _messages_in_the_table()
    assert len(messages) > 50
    assert {m: english(m) for m in messages if english(m)} == {}


def test_no_expected_output_of_the_hostile_corpus_has_english() -> None:
    cases = yaml.safe_load((FIXTURES / "hostile" / "cases.yaml").read_text(encoding="utf-8"))
    found = {}
    for case in cases:
        outputs = [case.get("stderr") or "", case.get("stdout") or ""]
        outputs += [*(case.get("stderr_contains") or []), *(case.get("stdout_contains") or [])]
        # {tmp} and {home} are the case's placeholders for its folders, not words
        text = re.sub(r"\{(?:tmp|home)\}", "", "\n".join(outputs))
        if words := english(text):
            found[case["id"]] = words
    assert found == {}
