"""The generated JSON Schema: in sync with the model, Danish help for every field, wired into the data files."""

from __future__ import annotations

import json
from typing import Any

from katalog.schema import render_schemas
from tests.conftest import ROOT


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [("(rod)", name, prop) for name, prop in schema.get("properties", {}).items()]
    for model, definition in schema.get("$defs", {}).items():
        found += [(model, name, prop) for name, prop in definition.get("properties", {}).items()]
    return found


def test_committed_schemas_match_the_model() -> None:
    for name, text in render_schemas(ROOT).items():
        committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is out of date: run 'make schema'"


def test_every_field_has_a_danish_title_and_description() -> None:
    for name, at_least in (("initiatives.schema.json", 60), ("sources.schema.json", 7)):
        schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        props = _properties(schema)
        assert len(props) >= at_least
        missing = [
            f"{model}.{field}" for model, field, prop in props if not prop.get("title") or not prop.get("description")
        ]
        assert missing == []


def test_vocabulary_ids_are_offered_for_completion() -> None:
    schema = json.loads((ROOT / "schema" / "initiatives.schema.json").read_text(encoding="utf-8"))
    props = schema["$defs"]["Initiative"]["properties"]
    assert "unge-18-25" in props["target_groups"]["items"]["enum"]
    assert "fritidsjob" in props["kinds"]["items"]["enum"]
    assert "empowerment" in props["methods"]["items"]["enum"]
    assert len(props["municipalities"]["items"]["enum"]) == 98


def test_data_files_point_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "initiatives.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/initiatives.schema.json"
    first = (ROOT / "data" / "sources.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/sources.schema.json"
