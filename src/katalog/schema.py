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

from katalog.model import Catalogue
from katalog.problems import KatalogError
from katalog.reference import Reference, load_reference

SCHEMA_ID = "https://inspirationskatalog.invalid/schema/initiatives.schema.json"


def _enum(values: dict[str, str]) -> dict[str, Any]:
    listing = "\n".join(f"- `{key}`: {label}" for key, label in values.items())
    return {"enum": list(values), "markdownDescription": listing}


def build_schema(reference: Reference) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for the whole data file."""
    schema = Catalogue.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Inspirationskatalog: indsatser"
    schema["description"] = "Datafilen med kilder, temaer og beskæftigelsesindsatser. Genereret fra katalog.model; redigér ikke i hånden."
    props = schema["$defs"]["Initiative"]["properties"]
    lists = {
        "target_groups": {t.id: t.label for t in reference.target_groups.values()},
        "kinds": {t.id: t.label for t in reference.kinds.values()},
        "methods": {m.id: m.title for m in reference.methods.values()},
        "municipalities": {m.name: f"{m.region}, kommunekode {m.code}" for m in reference.municipalities.values()},
    }
    for name, values in lists.items():
        if values:
            props[name]["items"] = {**props[name]["items"], **_enum(values)}
    return schema


def render_schema(root: Path) -> str:
    reference, problems = load_reference(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise KatalogError("referencedata har fejl; ret dem før skemaet kan genereres", errors)
    return json.dumps(build_schema(reference), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(out: Path, root: Path, *, check: bool = False) -> bool:
    """Write the schema to ``out``; return whether the file changed (with ``check``, only compare)."""
    text = render_schema(root)
    current = out.read_text(encoding="utf-8") if out.exists() else None
    if current == text:
        return False
    if not check:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    return True
