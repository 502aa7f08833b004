"""Generate the JSON Schema for data/initiatives.yaml from the record model.

The schema is derived, never edited: pydantic writes the structure, titles and
descriptions; the ids of the controlled vocabularies, the municipalities and the
method pages are added as ``enum`` lists so that editors get completion and
hover help (yaml-language-server reads the ``$schema`` comment at the top of
the data file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from katalog.catalogue.model import Catalogue, SourceList
from katalog.catalogue.reference import Reference, load_reference
from katalog.files import write_atomic
from katalog.problems import KatalogError

SCHEMA_ID = "https://inspirationskatalog.invalid/schema/initiatives.schema.json"


def _enum(values: dict[str, str]) -> dict[str, Any]:
    listing = "\n".join(f"- `{key}`: {label}" for key, label in values.items())
    return {"enum": list(values), "markdownDescription": listing}


def reference_choices(reference: Reference) -> dict[str, dict[str, str]]:
    """Initiative field → the ids it may hold, each with a Danish label (also used by the issue form)."""
    return {
        "target_groups": {t.id: t.label for t in reference.target_groups.values()},
        "kinds": {t.id: t.label for t in reference.kinds.values()},
        "methods": {m.id: m.title for m in reference.methods.values()},
        "municipalities": {m.name: f"{m.region}, kommunekode {m.code}" for m in reference.municipalities.values()},
    }


def build_schema(reference: Reference) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for the whole data file."""
    schema = Catalogue.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Inspirationskatalog: indsatser"
    schema["description"] = (
        "Datafilen med kilder, temaer og beskæftigelsesindsatser. Genereret fra katalog.catalogue.model; redigér ikke i hånden."
    )
    props = schema["$defs"]["Initiative"]["properties"]
    for name, values in reference_choices(reference).items():
        if values:
            props[name]["items"] = {**props[name]["items"], **_enum(values)}
    return schema


def build_sources_schema() -> dict[str, Any]:
    """The JSON Schema for data/sources.yaml."""
    schema = SourceList.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Inspirationskatalog: kilder"
    schema["description"] = (
        "Publikationer som indsatser og metodesider henviser til. Genereret fra katalog.catalogue.model; redigér ikke i hånden."
    )
    return schema


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_schemas(root: Path) -> dict[str, str]:
    """File name → schema text for every generated schema."""
    reference, problems = load_reference(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise KatalogError("referencedata har fejl; ret dem før skemaet kan genereres", errors)
    return {
        "initiatives.schema.json": _dump(build_schema(reference)),
        "sources.schema.json": _dump(build_sources_schema()),
    }


def write_schema(out_dir: Path, root: Path, *, check: bool = False) -> list[Path]:
    """Write the schemas into ``out_dir``; return the files that changed (with ``check``, only compare)."""
    changed = []
    for name, text in render_schemas(root).items():
        out = out_dir / name
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current == text:
            continue
        changed.append(out)
        if not check:
            out_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(out, text.encode("utf-8"))
    return changed
