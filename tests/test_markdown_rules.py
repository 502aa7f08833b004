"""Markdown fields: what validate passes renders in both renderers, fast and without warnings (issue 11)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from katalog.booklet import prose
from katalog.catalogue import markdown_rules
from katalog.catalogue.markdown_rules import check, is_markdown_path
from katalog.catalogue.model import Catalogue
from katalog.problems import KatalogError
from katalog.site.markdown_safety import record_html

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def _worst() -> str:
    data = yaml.safe_load((HOSTILE / "gate-md-worst.yaml").read_text(encoding="utf-8"))
    return str(data["initiatives"][0]["description"])


def _messages(text: str) -> list[str]:
    return [f.message for f in check(text)]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 20_000, "kantede parenteser inden i hinanden"),
        ("![" * 10_000, "kantede parenteser inden i hinanden"),
        ("Se [kilden og mere", "'[' har ingen ']' i samme afsnit"),
        ("Se [kilden\n\nog mere]", "'[' har ingen ']' i samme afsnit"),
        ("Se [a](https://x.dk og mere", "'](' har ingen ')'"),
        ("[" + "x" * 501 + "](/x)", "højst 500 er tilladt"),
        ("[a](/" + "x" * 2001 + ")", "over 2000 tegn"),
        ("Se [a].\n\n[a]: /x\n[a]: /y\n", "linkreferencen [a] står to gange"),
        ("Se [a b].\n\n[a b]: /x\n[A  B]: /y\n", "linkreferencen [A  B] står to gange"),
        ("Tekst[^1].\n\n[^1]: a\n\n[^1]: b\n", "fodnoten [^1] står to gange"),
        ("Tekst.\n\n[^1]: a\n", "fodnoten [^1] bruges ikke"),
        ("Tekst[^a].\n\n[^A]: x\n", "fodnoten [^A] bruges ikke"),
        ("Tekst `[^1]`.\n\n[^1]: a\n", "fodnoten [^1] bruges ikke"),
        ("Tekst[^9].", "fodnoten [^9] er ikke skrevet"),
        ("# A {#a}\n\n# B {#a}\n", "overskrifts-id'et {#a} står to gange"),
        ("A {#a}\n===\n\nB {#a}\n---\n", "overskrifts-id'et {#a} står to gange"),
        ("> " * 300 + "x", "citater og lister står for dybt"),
        ("> - " * 5 + "x", "citater og lister står for dybt"),
        ("".join("  " * n + "- x\n" for n in range(500)), "citater og lister står for dybt"),
        ("- " * 9 + "x", "citater og lister står for dybt"),
        ("*_" * 150 + "x" + "_*" * 150, "fremhævninger står for dybt"),
        ("**" * 20 + "x" + "**" * 20, "fremhævninger står for dybt"),
        ("".join("*a _b " for _ in range(5)) + "x", "fremhævninger står for dybt"),
    ],
)
def test_refused(text: str, fragment: str) -> None:
    messages = _messages(text)
    assert any(fragment in m for m in messages), messages


@pytest.mark.parametrize(
    "text",
    [
        "En [link](https://example.dk) og [![billede](/b.png)](/side) og [a][ref].\n\n[ref]: /x",
        "Tekst[^1] og mere[^2].\n\n[^1]: Første.\n\n[^2]: Anden.",
        "Kode `a[i` og\n\n```\n[ uden slut\n[^x]: ikke en fodnote\n```\n\nog \\[ escaped.",
        "snake_case_navn og 2 * 3 * 4 og *fremhævet* og **fed**.",
        "# Overskrift {#a}\n\n## Anden {#b}",
        "".join("  " * n + "- punkt\n" for n in range(markdown_rules.MAX_BLOCK_DEPTH)),
        "> " * markdown_rules.MAX_BLOCK_DEPTH + "citat",
        "[x]\n\n[x]: /a",
    ],
)
def test_allowed(text: str) -> None:
    assert check(text) == []


def test_offsets_point_at_the_problem() -> None:
    text = "Første afsnit.\n\nSe [kilden og mere"
    (finding,) = check(text)
    assert text[finding.offset :].startswith("[kilden")


def test_scans_are_linear() -> None:
    # A megabyte of each of the constructs that were slow to render is checked in well under a second each.
    for text in ("[" * 1_000_000, "![" * 500_000, "*_" * 500_000, "> " * 500_000, "`" * 1_000_000):
        started = time.perf_counter()
        check(text)
        assert time.perf_counter() - started < 10


def _markdown_fields(model: type[BaseModel], path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Paths (with 'initiatives', 0, … standing for list items) of every model field described as Markdown."""
    out = []
    for name, info in model.model_fields.items():
        here = (*path, name)
        if info.description and "Markdown" in info.description:
            out.append(here)
        for inner in _models(info.annotation):
            out += _markdown_fields(inner, here)
    return out


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in get_args(annotation):
        found += _models(arg)
    if get_origin(annotation) is list:
        return [m for m in found]
    return found


def _concrete(path: tuple[str, ...]) -> tuple[str | int, ...]:
    out: list[str | int] = []
    for name in path:
        out.append(name)
        if name in {"initiatives", "themes", "stories"}:
            out.append(0)
    return tuple(out)


def test_every_markdown_field_of_the_model_is_checked() -> None:
    fields = _markdown_fields(Catalogue, ())
    assert len(fields) >= 4, fields
    for path in fields:
        assert is_markdown_path(_concrete(path)), path
    assert is_markdown_path(("body",))  # a method page's body (value_rules.check_text)
    for plain in [
        ("initiatives", 0, "summary"),
        ("initiatives", 0, "goals", 0, "text"),
        ("target_groups", 0, "description"),
    ]:
        assert not is_markdown_path(plain), plain


def test_worst_allowed_field_renders_in_both_renderers() -> None:
    text = _worst()
    assert check(text) == []
    # It is at the limits: the deepest list, quote and emphasis, and the longest bracket texts.
    assert "  " * (markdown_rules.MAX_BLOCK_DEPTH - 1) + "- " in text
    assert "> " * markdown_rules.MAX_BLOCK_DEPTH in text
    html = record_html(text)
    assert "<ul>" in html and "<blockquote>" in html
    (markup,) = prose.to_typst([prose.Field("r", "description", text)])
    assert "#link" in markup


@pytest.mark.parametrize(
    "name",
    ["attack-pandoc-dup-ref", "attack-pandoc-dup-note", "attack-pandoc-unused-note", "attack-pandoc-dup-id"],
)
def test_every_pandoc_warning_kind_is_refused_by_validate(name: str) -> None:
    """Each warning pandoc gives for record Markdown is a validation rule (collected by running pandoc on examples)."""
    text = {
        "attack-pandoc-dup-ref": "Se [a].\n\n[a]: /x\n[a]: /y\n",
        "attack-pandoc-dup-note": "Tekst[^1].\n\n[^1]: a\n\n[^1]: b\n",
        "attack-pandoc-unused-note": "Tekst.\n\n[^1]: a\n",
        "attack-pandoc-dup-id": "# A {#a}\n\n# B {#a}\n",
    }[name]
    with pytest.raises(KatalogError, match="pandoc gav advarsler"):
        prose.to_typst([prose.Field("r", "description", text)])
    assert check(text)


def test_record_html_never_raises_recursion_error() -> None:
    deep = "".join("  " * n + "- x\n" for n in range(500))
    with pytest.raises(KatalogError, match="katalog validate"):
        record_html(deep)


def test_method_page_body_is_checked() -> None:
    from katalog.catalogue.value_rules import check_text

    problems = check_text("docs/methods/x.md", "Tekst.\n\nSe [kilden og mere\n", 4, "x")
    assert [(p.line, p.column) for p in problems] == [(7, 4)]
    assert "'[' har ingen ']'" in problems[0].message
