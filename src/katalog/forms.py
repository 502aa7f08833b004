"""Generate the GitHub issue form "Foreslå en indsats" from the record model.

The form is derived, never edited: it is built from the same JSON Schema that
:mod:`katalog.schema` writes from :mod:`katalog.model`. Every field of an initiative
becomes one form element with the field's Danish title as label, its description as
help text and its first example as placeholder; required fields are required in the
form too. Enumerations (status) and the ids of the controlled vocabularies, the
municipalities and the method pages become dropdowns. A nested record (period,
participants) is spread over one element per field; a list of records (results,
quotes) is one YAML text area whose placeholder shows the shape.

``katalog schema`` writes the form to ``.github/ISSUE_TEMPLATE/foreslaa-indsats.yml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from katalog.model import (
    ANONYMISER_LABELS,
    EVIDENCE_LABELS,
    ROLE_LABELS,
    SLUG_PATTERN,
    SOURCE_KIND_LABELS,
    STATUS_LABELS,
    Anonymiser,
    Evidence,
    OrganisationRole,
    SourceKind,
    Status,
)
from katalog.problems import KatalogError
from katalog.reference import Reference, load_reference
from katalog.schema import build_schema, reference_choices

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "foreslaa-indsats.yml"

# Fields the editors fill in when a proposal becomes a record, not the person proposing it.
EDITOR_FIELDS: dict[str, str] = {
    "id": "redaktionen vælger id'et, når forslaget bliver til en post",
    "last_reviewed": "datoen for redaktionens gennemgang sættes, når posten gennemgås",
}

# The Danish labels of the model's enumerations, by the name pydantic gives their schema definition.
_ENUM_LABELS: dict[str, dict[str, str]] = {
    enum.__name__: {str(value): label for value, label in labels.items()}
    for enum, labels in (
        (Status, STATUS_LABELS),
        (Evidence, EVIDENCE_LABELS),
        (Anonymiser, ANONYMISER_LABELS),
        (OrganisationRole, ROLE_LABELS),
        (SourceKind, SOURCE_KIND_LABELS),
    )
}

_HEADER = (
    "# Genereret af 'katalog schema' (make schema) fra src/katalog/model.py og data/; redigér ikke i hånden.\n"
    "# GitHubs issue-formular: https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms\n"
)

_INTRO = (
    "Tak, fordi du foreslår en indsats til inspirationskataloget. Udfyld det, kilden fortæller, "
    "og lad resten stå tomt: redaktionen tjekker kilderne og laver forslaget om til en post i "
    "`data/initiatives.yaml`.\n\n"
    "- Kender du ikke et id (fx på en kilde), så skriv titel, udgiver og webadresse i stedet.\n"
    "- Et mål er ikke et resultat: det, indsatsen vil opnå, hører under *Mål*; det, der er målt, under *Resultater* "
    "med tidspunkt, sammenligning og evidenstype.\n"
    "- Skriv aldrig CPR-numre. Borgerhistorier skal være anonymiserede, og kontaktoplysninger må kun med "
    "personens samtykke."
)

_CONFIRMATIONS = (
    "Oplysningerne står i de kilder, jeg har angivet.",
    "Forslaget indeholder ingen CPR-numre, og borgerhistorier er anonymiserede.",
    "Kontaktoplysninger står kun med personens samtykke.",
)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Follow a ``$ref`` and drop the ``null`` alternative of an optional field: (definition, def name)."""
    alternatives = node.get("anyOf")
    if alternatives:
        rest = [alt for alt in alternatives if alt.get("type") != "null"]
        if len(rest) == 1:
            node = {**node, **rest[0]}
            node.pop("anyOf")
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return {**schema["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}, name
    return node, None


def _option(value: str, label: str) -> str:
    """A dropdown option: a label with its machine id, a name (a municipality) as it is."""
    if not re.fullmatch(SLUG_PATTERN, value):
        return value
    if label.casefold() == value.casefold():
        return label
    return f"{label} [{value}]"


def _in_field_order(schema: dict[str, Any], value: Any, node: dict[str, Any]) -> Any:
    """An example with its keys in the model's field order (the JSON Schema sorts them)."""
    resolved, _ = _resolve(schema, node)
    if isinstance(value, list):
        return [_in_field_order(schema, item, resolved.get("items", {})) for item in value]
    if isinstance(value, dict):
        props: dict[str, Any] = resolved.get("properties", {})
        if not props:
            # A union (a comparison or 'ingen'): the object alternative describes the dict.
            for alternative in resolved.get("oneOf", []) + resolved.get("anyOf", []):
                props = _resolve(schema, alternative)[0].get("properties", {})
                if props:
                    break
        order = [key for key in props if key in value] + [key for key in value if key not in props]
        return {key: _in_field_order(schema, value[key], props.get(key, {})) for key in order}
    return value


def _yaml_text(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100).rstrip("\n")


def _field_list(schema: dict[str, Any], item: dict[str, Any]) -> str:
    """The fields of a list item, in Danish, for the help text of a YAML text area."""
    required = set(item.get("required", []))
    parts = []
    for name, prop in item.get("properties", {}).items():
        resolved, _ = _resolve(schema, prop)
        text = f"`{name}` ({prop.get('title', name)}{', skal udfyldes' if name in required else ''})"
        if "enum" in resolved:
            text += ": " + " | ".join(f"`{value}`" for value in resolved["enum"])
        parts.append(text)
    return "Felter: " + "; ".join(parts) + "."


def _element(
    schema: dict[str, Any],
    field_id: str,
    label: str,
    prop: dict[str, Any],
    required: bool,
    choices: dict[str, str] | None,
) -> list[dict[str, Any]]:
    """The form element(s) for one schema property."""
    resolved, def_name = _resolve(schema, prop)
    description = prop.get("description", "")
    examples = prop.get("examples") or [None]
    example = examples[0]
    attributes: dict[str, Any] = {"label": label, "description": description}
    kind = "input"

    if def_name in _ENUM_LABELS or "enum" in resolved:
        labels = _ENUM_LABELS.get(def_name or "", {})
        kind = "dropdown"
        attributes["options"] = [_option(str(value), labels.get(str(value), str(value))) for value in resolved["enum"]]
    elif resolved.get("type") == "object":
        # A nested record: one element per field, labelled "Periode: Startår".
        inner_required = set(resolved.get("required", []))
        elements = []
        for name, inner in resolved.get("properties", {}).items():
            elements += _element(
                schema,
                f"{field_id}-{name}",
                f"{label}: {inner.get('title', name)}",
                inner,
                required and name in inner_required,
                None,
            )
        return elements
    elif resolved.get("type") == "array":
        item, _ = _resolve(schema, resolved.get("items", {}))
        if choices:
            kind = "dropdown"
            attributes["multiple"] = True
            attributes["options"] = [_option(value, text) for value, text in choices.items()]
        elif item.get("type") == "object":
            kind = "textarea"
            attributes["description"] = f"{description} Skriv i YAML som i eksemplet. {_field_list(schema, item)}"
            if example:
                attributes["placeholder"] = _yaml_text(_in_field_order(schema, example, resolved))
            attributes["render"] = "yaml"
        else:
            kind = "textarea"
            attributes["description"] = f"{description} Én pr. linje."
            if example:
                attributes["placeholder"] = "\n".join(str(value) for value in example)
    else:
        long_text = "Markdown" in description or int(resolved.get("maxLength", 0)) > 200
        kind = "textarea" if long_text else "input"
        if example is not None:
            attributes["placeholder"] = str(example)

    element: dict[str, Any] = {"type": kind, "id": field_id, "attributes": attributes}
    if required:
        element["validations"] = {"required": True}
    return [element]


def build_issue_form(reference: Reference) -> dict[str, Any]:
    """The issue form as data: one element per initiative field (see the module docstring)."""
    schema = build_schema(reference)
    initiative = schema["$defs"]["Initiative"]
    required = set(initiative.get("required", []))
    choices = reference_choices(reference)
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _INTRO}}]
    for name, prop in initiative["properties"].items():
        if name in EDITOR_FIELDS:
            continue
        body += _element(schema, name, prop.get("title", name), prop, name in required, choices.get(name))
    body.append(
        {
            "type": "checkboxes",
            "id": "bekraeftelse",
            "attributes": {
                "label": "Før du sender",
                "description": "Kataloget er offentligt: alt, hvad du skriver her, kan alle læse.",
                "options": [{"label": text, "required": True} for text in _CONFIRMATIONS],
            },
        }
    )
    return {
        "name": "Foreslå en indsats",
        "description": "Foreslå en beskæftigelsesindsats til inspirationskataloget.",
        "title": "Forslag: ",
        "labels": ["forslag"],
        "body": body,
    }


class _FormDumper(yaml.SafeDumper):
    """Block style, and text with line breaks as literal blocks so the form stays readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _represent_str)


def render_issue_form(root: Path) -> str:
    """The issue form's YAML text for the project at ``root``."""
    reference, problems = load_reference(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise KatalogError("referencedata har fejl; ret dem før issue-formularen kan genereres", errors)
    form = build_issue_form(reference)
    return _HEADER + yaml.dump(form, Dumper=_FormDumper, allow_unicode=True, sort_keys=False, width=120)


def write_issue_form(root: Path, *, check: bool = False) -> list[Path]:
    """Write the form under ``root``; return it if it changed (with ``check``, only compare)."""
    out = root / FORM_PATH
    text = render_issue_form(root)
    current = out.read_text(encoding="utf-8") if out.exists() else None
    if current == text:
        return []
    if not check:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    return [out]
