"""The generated JSON Schema: in sync with the model, Danish help for every field, wired into the data files."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError, create_model

from katalog.catalogue import model
from katalog.catalogue.model import Record
from katalog.editing.schema import render_schemas
from tests.conftest import ROOT


def _properties(schema: Any, where: str = "(rod)") -> list[tuple[str, str, dict[str, Any]]]:
    """Every property anywhere in the schema, with where it sits (a $defs model, or a path)."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    found.append((where, name, prop))
                    found += _properties(prop, f"{where}.{name}")
            elif key == "$defs" and isinstance(value, dict):
                for name, definition in value.items():
                    found += _properties(definition, name)
            elif key not in ("examples", "default"):
                found += _properties(value, where)
    elif isinstance(schema, list):
        for item in schema:
            found += _properties(item, where)
    return found


def missing_help(schema: dict[str, Any]) -> list[str]:
    """Properties an editor's hover would leave unexplained: no title, description or examples."""
    return [
        f"{where}.{name}: mangler {', '.join(k for k in ('title', 'description', 'examples') if not prop.get(k))}"
        for where, name, prop in _properties(schema)
        if not (prop.get("title") and prop.get("description") and prop.get("examples"))
    ]


def _record_types() -> list[type[Record]]:
    return [
        cls for _, cls in inspect.getmembers(model, inspect.isclass) if issubclass(cls, Record) and cls is not Record
    ]


def test_committed_schemas_match_the_model() -> None:
    for name, text in render_schemas(ROOT).items():
        committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is out of date: run 'make schema'"


def test_every_field_has_a_danish_title_description_and_examples() -> None:
    for name, at_least in (("initiatives.schema.json", 60), ("sources.schema.json", 7)):
        schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert len(_properties(schema)) >= at_least
        assert missing_help(schema) == []


def test_the_help_check_catches_a_field_without_examples() -> None:
    class Inner(BaseModel):
        year: int = Field(title="År", description="Året.")

    class Outer(BaseModel):
        name: str = Field(title="Navn", description="Navnet.", examples=["Esbjerg"])
        inner: Inner = Field(title="Indre", examples=[{"year": 2020}])

    assert missing_help(Outer.model_json_schema()) == [
        "Inner.year: mangler examples",
        "(rod).inner: mangler description",
    ]


@pytest.mark.parametrize("record", _record_types(), ids=lambda cls: cls.__name__)
def test_every_example_is_a_valid_value_of_its_field(record: type[Record]) -> None:
    """Each field's examples pass the field's own type and constraints, in the model's strict mode."""
    for name, field in record.model_fields.items():
        assert field.examples, f"{record.__name__}.{name} har ingen examples"
        assert field.annotation is not None
        probe = create_model(f"{record.__name__}_{name}", __base__=Record, value=(field.annotation, field))
        for example in field.examples:
            try:
                probe.model_validate({"value": example})
            except ValidationError as exc:
                pytest.fail(f"{record.__name__}.{name}: eksemplet {example!r} er ugyldigt: {exc}")


def test_examples_use_known_vocabulary_ids() -> None:
    schema = json.loads((ROOT / "schema" / "initiatives.schema.json").read_text(encoding="utf-8"))
    for name, prop in schema["$defs"]["Initiative"]["properties"].items():
        allowed = prop.get("items", {}).get("enum")
        if allowed:
            assert all(set(example) <= set(allowed) for example in prop["examples"]), name


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


def test_vscode_maps_the_schemas_to_the_data_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schema/initiatives.schema.json": ["data/initiatives.yaml"],
        "./schema/sources.schema.json": ["data/sources.yaml"],
    }
    for schema, files in settings["yaml.schemas"].items():
        assert (ROOT / schema).is_file()
        assert all((ROOT / f).is_file() for f in files)
