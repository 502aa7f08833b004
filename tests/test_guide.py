"""The editor's guide (docs/bidrag.md) keeps up with the record model and the commands."""

from __future__ import annotations

import re
import shlex
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from katalog.catalogue import model
from katalog.cli import main
from tests.conftest import ROOT
from tests.project_commands import command_problems

GUIDE = (ROOT / "docs" / "bidrag.md").read_text(encoding="utf-8")


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Union, types.UnionType, list, tuple) or get_args(annotation):
        return [m for arg in get_args(annotation) for m in _models(arg)]
    return []


def _fields(cls: type[BaseModel], prefix: str = "", seen: set[type[BaseModel]] | None = None) -> list[str]:
    seen = seen if seen is not None else set()
    seen.add(cls)
    out = []
    for name, info in cls.model_fields.items():
        out.append(prefix + name)
        for sub in _models(info.annotation):
            if sub not in seen:
                out += _fields(sub, f"{prefix}{name}.", seen)
    return out


def test_every_record_field_is_explained_with_an_example() -> None:
    """Each field of an initiative, nested ones too, appears as a key in one of the guide's YAML examples."""
    examples = "\n".join(re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S))
    fields = _fields(model.Initiative)
    assert len(fields) > 40
    without_example = [f for f in fields if f"{f.rsplit('.', 1)[-1]}:" not in examples]
    assert not without_example, f"docs/bidrag.md has no YAML example with: {without_example}"


def test_every_command_the_guide_names_exists() -> None:
    named = set(re.findall(r"katalog ([a-z][a-z-]+)", GUIDE))
    assert {"new", "validate", "fmt", "serve", "pdf", "check-links"} <= named
    assert named <= set(main.commands), f"unknown commands in the guide: {named - set(main.commands)}"


def test_contributing_points_to_the_guide() -> None:
    assert "docs/bidrag.md" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert Path(ROOT / "mkdocs.yml").read_text(encoding="utf-8").count("bidrag.md") >= 1


FIRST_SCREEN = GUIDE.split("## Arbejd på din egen computer", 1)[0]


def test_the_first_screen_is_the_path_without_git() -> None:
    """Before any git or terminal: the issue form, then GitHub's web editor step by step, and how to read the result."""
    assert not re.search(r"\bgit (clone|switch|add|commit|push)\b|\.venv/bin|\$ ", FIRST_SCREEN)
    steps = [
        "Foreslå en indsats",
        "data/initiatives.yaml",
        "Edit this file",
        "Propose changes",
        "Create pull request",
        "Files changed",
    ]
    positions = [FIRST_SCREEN.find(step) for step in steps]
    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    # The issue form's path to a pull request: what happens after the form is sent, before the web editor.
    assert FIRST_SCREEN.find("#### Fra forslag til pull request") < FIRST_SCREEN.find("### B. Rediger filen på GitHub")
    assert FIRST_SCREEN.count("#### Fra forslag til pull request") == 1
    assert "klar-til-pr" in FIRST_SCREEN


def test_the_local_path_has_its_git_steps() -> None:
    local = GUIDE.split("## Arbejd på din egen computer", 1)[1]
    for step in ("git clone", "git switch -c", "git commit", "git push", "**Fork**", "Create pull request"):
        assert step in local, step


def _typed_commands() -> list[list[str]]:
    """Every `.venv/bin/katalog …` and `make …` the guide tells a reader to type (code spans and `$ ` lines)."""
    found = re.findall(r"`((?:[A-Z_]+=\S+ )?(?:\.venv/bin/katalog|make) [^`]*)`", GUIDE)
    found += re.findall(r"^\$ ((?:[A-Z_]+=\S+ )?(?:\.venv/bin/katalog|make) .*)$", GUIDE, flags=re.M)
    commands = []
    for text in found:
        for part in re.split(r" && | \| ", text):
            words = [w for w in shlex.split(part) if "<" not in w]
            if words and (words[0] in (".venv/bin/katalog", "make") or "=" in words[0]):
                commands.append(words)
    return commands


def test_every_command_the_guide_says_to_type_exists() -> None:
    commands = _typed_commands()
    assert len(commands) > 15
    typed = {" ".join(c) for c in commands}
    for expected in (
        "KATALOG_PDF=0 .venv/bin/katalog build --out /tmp/forhaandsvisning",
        ".venv/bin/katalog validate --id jobcafe-i-vollsmose --strict",
        "make validate",
        "make serve",
    ):
        assert expected in typed, expected
    problems = [p for c in commands for p in command_problems(c)]
    assert problems == []
    # Typed as shown, a bare 'katalog' is "command not found" where the virtual environment is not active.
    assert not re.search(r"^\$ katalog |`katalog (validate|serve|new|build)[ `]", GUIDE, flags=re.M)


def test_the_preview_is_served_over_http() -> None:
    assert GUIDE.count("python3 -m http.server 8000") >= 2
    assert "KATALOG_PDF=0" in GUIDE


def test_results_advice_comes_first_in_the_results_section() -> None:
    section = GUIDE.split("### Resultater", 1)[1].split("\n### ", 1)[0]
    head = "\n".join(section.splitlines()[:10])
    for advice in ("ud af", "part", "whole", "comparison: ingen", "kontrolgruppe", "egen-opgoerelse"):
        assert advice in head, advice


def test_what_the_guide_says_about_phone_quotes_is_what_fmt_does() -> None:
    assert "altid i anførselstegn" not in GUIDE and "Sæt altid" not in GUIDE
    assert '`"75 16 10 00"` bliver til `75 16 10 00`, men `"75161000"`' in GUIDE


def test_the_guide_says_where_a_new_source_goes() -> None:
    assert "nederst i listen under `sources:`" in GUIDE
