"""The editor's guide (docs/bidrag.md) keeps up with the record model and the commands."""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from katalog import model
from katalog.cli import main
from tests.conftest import ROOT

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
