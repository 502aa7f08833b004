"""Messages are plain Danish: no calque of English ('forventede'), no jargon, no library English.

Checked on the table of every validation message (``tests/fixtures/expected.txt``), on the
messages the editor's guide quotes, on the Danish the library tables give, and on every
message template in the source: each string literal in ``src/katalog`` that is a sentence
(it has a space), apart from docstrings, regular expressions and the library strings the
code compares with.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from katalog.catalogue.library_words import (
    PYDANTIC_MESSAGES,
    UNKNOWN_PYDANTIC,
    UNKNOWN_YAML,
    YAML_CONTEXTS,
    YAML_PROBLEMS,
)
from tests.conftest import ROOT

# Words an editor must never read in a message, as whole words or word starts ('nøglen', 'escape-sekvens').
BANNED = ("forventede", "nøgle", "mapping", "escape", "key", "expected", "found", "scalar", "token", "Traceback")
BANNED_PHRASES = ("Input should", "Field required")
_BANNED = re.compile(
    r"(?<![\w-])(?:" + "|".join(BANNED) + r")|" + "|".join(re.escape(p) for p in BANNED_PHRASES), re.IGNORECASE
)
SOURCE = ROOT / "src" / "katalog"
# The library's English that the code compares with (never shown): the tables' keys and parts of them.
LIBRARY_STRINGS = [*YAML_PROBLEMS, *YAML_CONTEXTS]
# Calls whose string arguments are patterns, not text: regular expressions and their flags.
PATTERN_CALLS = frozenset({"compile", "match", "fullmatch", "search", "sub", "split", "finditer", "findall"})


def banned_in(text: str) -> list[str]:
    return [m.group(0) for m in _BANNED.finditer(text)]


def test_the_check_finds_what_it_should() -> None:
    # The check itself, on the old wording: a check that finds nothing would pass for nothing.
    assert banned_in("ukendt nøgle 'x'; forventede en af: a, b") == ["nøgle", "forventede"]
    assert banned_in("ukendt escape-sekvens (\\) i en mapping") == ["escape", "mapping"]
    assert banned_in("Input should be a valid integer; found character") == ["Input should", "found"]
    assert banned_in("monkey, turkey og token-løse") == ["token"]


def _message_lines() -> list[str]:
    text = (ROOT / "tests" / "fixtures" / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("## ")]


def test_the_message_table_is_plain_danish() -> None:
    lines = _message_lines()
    assert len(lines) > 60
    assert [(line, banned_in(line)) for line in lines if banned_in(line)] == []


def test_the_messages_the_guide_quotes_are_plain_danish() -> None:
    guide = (ROOT / "docs" / "bidrag.md").read_text(encoding="utf-8")
    quoted = [line for line in guide.splitlines() if re.match(r"\s*\S+:\d+:\d+: (?:error|warning): ", line)]
    assert len(quoted) > 8
    assert [(line, banned_in(line)) for line in quoted if banned_in(line)] == []


def test_the_library_tables_give_plain_danish() -> None:
    danish = [*YAML_PROBLEMS.values(), *YAML_CONTEXTS.values(), *PYDANTIC_MESSAGES.values()]
    danish += [UNKNOWN_YAML, UNKNOWN_PYDANTIC]
    assert [(text, banned_in(text)) for text in danish if banned_in(text)] == []


def _strings(path: Path) -> Iterator[tuple[int, str]]:
    """A module's string literals that can become text: f-strings whole, docstrings and patterns left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        # A string standing alone as a statement is a docstring (of a module, function or attribute).
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in PATTERN_CALLS:
                for arg in node.args[:1]:
                    for inner in ast.walk(arg):
                        skipped.add(id(inner))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skipped:
            for part in node.values:
                skipped.add(id(part))
            yield node.lineno, "".join(str(p.value) if isinstance(p, ast.Constant) else "{…}" for p in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node.lineno, node.value


def _templates() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name in ("library_words.py", "danish.py"):
            # Their Danish is checked above and by test_no_english (every --help and usage error);
            # their keys are the libraries' English (PyYAML, pydantic, click).
            continue
        for line, text in _strings(path):
            if " " not in text.strip() or any(text in library for library in LIBRARY_STRINGS):
                continue
            found.append((f"{path.relative_to(ROOT)}:{line}", text))
    return found


def test_the_source_is_read() -> None:
    texts = [text for _, text in _templates()]
    assert len(texts) > 300
    assert "det obligatoriske felt '{…}' mangler; tilføj '{…}: …'" in texts


@pytest.mark.parametrize("where", ["catalogue", "editing", "site", "booklet", "views", "files", "cli"])
def test_every_message_template_is_plain_danish(where: str) -> None:
    found = [(place, text, banned_in(text)) for place, text in _templates() if place.split("/")[2] == where]
    assert [entry for entry in found if entry[2]] == []
