"""Generate the GitHub issue form "Foreslå en indsats" from the record model.

The form is derived, never edited: it is built from the same JSON Schema that
:mod:`katalog.editing.schema` writes from :mod:`katalog.catalogue.model`. Every field of an initiative
becomes one form element with the field's Danish title as label, its description as
help text and its first example as placeholder; required fields are required in the
form too; fields the model declares Markdown or multi-line (read through
:mod:`katalog.catalogue.fields`) are text areas. Enumerations (status), with the Danish labels
their members carry, and the ids of the controlled vocabularies, the
municipalities and the method pages become dropdowns. A nested record (period,
participants) is spread over one element per field. The lists of records a proposer
knows best (organisations, results, contacts) are numbered groups of plain fields
("Resultat 1: Værdi"), with examples of "x ud af y" and "ingen" sammenligning and the
evidence types explained; the other lists of records (goals, quotes, stories) are one
YAML text area whose placeholder shows the shape.

Beside the form, :func:`issue_form_fields` says for every element where its answer goes
in a record and how to read it; :mod:`katalog.editing.from_issue` turns a submitted issue into a
record with it, so the form and its reader cannot drift apart.

``katalog schema`` writes the form to ``.github/ISSUE_TEMPLATE/foreslaa-indsats.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from katalog.catalogue.fields import enum_labels, enums, field_at
from katalog.catalogue.model import (
    EVIDENCE_SCALE,
    NO_COMPARISON,
    SLUG_PATTERN,
    TIME_POINT_NOT_STATED,
    Evidence,
    Initiative,
)
from katalog.catalogue.reference import Reference, load_reference
from katalog.editing.schema import build_schema, reference_choices
from katalog.files import write_atomic
from katalog.problems import KatalogError

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "foreslaa-indsats.yml"

# Fields the editors fill in when a proposal becomes a record, not the person proposing it.
EDITOR_FIELDS: dict[str, str] = {
    "id": "redaktionen vælger id'et, når forslaget bliver til en post",
    "last_reviewed": "datoen for redaktionens gennemgang sættes, når posten gennemgås",
}

# The Danish labels of the model's enumerations, by the name pydantic gives their schema definition.
_ENUM_LABELS: dict[str, dict[str, str]] = {enum.__name__: enum_labels(enum) for enum in enums(Initiative)}

_HEADER = (
    "# Genereret af 'katalog schema' (make schema) fra src/katalog/catalogue/model.py og data/; redigér ikke i hånden.\n"
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

CONFIRMATION_LABEL = "Før du sender"

# The lists of records asked as numbered groups of plain fields: how many groups, and the
# word that numbers them ("Resultat 1: …"). More than this many an editor adds in the PR.
GROUPS: dict[str, tuple[int, str]] = {
    "organisations": (3, "Organisation"),
    "results": (3, "Resultat"),
    "contacts": (2, "Kontaktperson"),
}

# What each step of the evidence scale means, for the proposer choosing one: the model's own
# explanation (katalog.catalogue.model.EVIDENCE_SCALE), the same words the site and the booklet show.
EVIDENCE_HELP: dict[str, str] = {kind: step.explanation for kind, step in EVIDENCE_SCALE.items()}

# The help of the result fields that are not one model field each ('Værdi' is read as a percentage,
# a count, 'x ud af y' or a statement; 'Sammenligning' as 'gruppe: værdi' or 'ingen').
_VALUE_HELP = (
    "Skriv en procentdel med %, fx »45 %«; et antal, fx »22 deltagere«; »x ud af y«, fx »3 ud af 4«; "
    "eller med kildens ord, hvis resultatet ikke er et tal."
)
_WHOLE_HELP = (
    "Kun for »x ud af y«, hvis du ikke har skrevet det under Værdi: hvor mange i alt (y). "
    "Fx 3 ud af 4 deltagere: skriv 3 under Værdi og 4 her."
)
_BASELINE_HELP = (
    "Kun ved en før–efter-måling: værdien hos de samme deltagere før indsatsen, skrevet som under Værdi, "
    "fx »1 ud af 4« eller »20 %«."
)
_COMPARISON_HELP = (
    "Hvem resultatet sammenlignes med og deres værdi, med kolon imellem, fx »kontrolgruppe: 37 %« eller "
    f"»almindelig jobcenterindsats: 12 ud af 40«. Giver kilden ingen værdi for gruppen, så skriv »gruppe: "
    f"{TIME_POINT_NOT_STATED}«. Skriv »{NO_COMPARISON}«, hvis kilden ikke sammenligner med nogen."
)
_RESULT_SOURCE_HELP = "Id på en kilde i data/sources.yaml. Tomt: den første kilde under »Kilder«."

ValueKind = Literal[
    "text", "lines", "integer", "choice", "choices", "yaml", "measurement", "whole", "baseline", "comparison", "checks"
]


@dataclass(frozen=True)
class FormField:
    """One element of the form: its label, where its answer goes in a record, and how to read it."""

    id: str
    label: str
    # The key path in the record: ("name",), ("period", "start"), ("results", 0, "measure").
    path: tuple[str | int, ...]
    kind: ValueKind
    # For dropdowns: option text → the value to write.
    options: dict[str, str] = field(default_factory=dict)
    # The help text the proposer saw under the label.
    help: str = ""


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


Element = tuple[dict[str, Any], FormField]


def _element(
    schema: dict[str, Any],
    field_id: str,
    label: str,
    prop: dict[str, Any],
    required: bool,
    choices: dict[str, str] | None,
    path: tuple[str | int, ...],
) -> list[Element]:
    """The form element(s) for one schema property, each with how to read its answer."""
    resolved, def_name = _resolve(schema, prop)
    description = prop.get("description", "")
    examples = prop.get("examples") or [None]
    example = examples[0]
    attributes: dict[str, Any] = {"label": label, "description": description}
    kind = "input"
    value_kind: ValueKind = "text"
    options: dict[str, str] = {}

    if def_name in _ENUM_LABELS or "enum" in resolved:
        labels = _ENUM_LABELS.get(def_name or "", {})
        kind, value_kind = "dropdown", "choice"
        options = {_option(str(value), labels.get(str(value), str(value))): str(value) for value in resolved["enum"]}
        attributes["options"] = list(options)
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
                (*path, name),
            )
        return elements
    elif resolved.get("type") == "array":
        item, _ = _resolve(schema, resolved.get("items", {}))
        if choices:
            kind, value_kind = "dropdown", "choices"
            attributes["multiple"] = True
            options = {_option(value, text): value for value, text in choices.items()}
            attributes["options"] = list(options)
        elif item.get("type") == "object":
            kind, value_kind = "textarea", "yaml"
            attributes["description"] = f"{description} Skriv i YAML som i eksemplet. {_field_list(schema, item)}"
            if example:
                attributes["placeholder"] = _yaml_text(_in_field_order(schema, example, resolved))
            attributes["render"] = "yaml"
        else:
            kind, value_kind = "textarea", "lines"
            attributes["description"] = f"{description} Én pr. linje."
            if example:
                attributes["placeholder"] = "\n".join(str(value) for value in example)
    else:
        facts = field_at(Initiative, path)
        kind = "textarea" if facts is not None and facts.multiline else "input"
        if resolved.get("type") == "integer":
            value_kind = "integer"
        if example is not None:
            attributes["placeholder"] = str(example)

    element: dict[str, Any] = {"type": kind, "id": field_id, "attributes": attributes}
    if required:
        element["validations"] = {"required": True}
    return [(element, FormField(field_id, label, path, value_kind, options, attributes["description"]))]


def _plain(
    field_id: str, label: str, help_text: str, placeholder: str | None, path: tuple[str | int, ...], kind: ValueKind
) -> Element:
    """A one-line text field of a group that is not one model field ('Værdi', 'Ud af', 'Sammenligning')."""
    attributes: dict[str, Any] = {"label": label, "description": help_text}
    if placeholder is not None:
        attributes["placeholder"] = placeholder
    return {"type": "input", "id": field_id, "attributes": attributes}, FormField(
        field_id, label, path, kind, {}, help_text
    )


def _group_intro(name: str, title: str, description: str, count: int) -> dict[str, Any]:
    """The text above a list's numbered groups: what goes there, and for results the evidence types."""
    noun = GROUPS[name][1].lower()
    text = f"### {title}\n\n{description} Udfyld én gruppe pr. {noun}, og lad resten stå tomt"
    text += f"; har du flere end {count}, så skriv dem som en kommentar til forslaget."
    if name == "results":
        text += (
            "\n\n- **Værdi**: en procentdel (»45 %«), et antal (»22 deltagere«), »x ud af y« (»3 ud af 4«) "
            "eller kildens ord, hvis resultatet ikke er et tal.\n"
            "- **Sammenligning**: gruppen og dens værdi (»kontrolgruppe: 37 %«), eller "
            f"»{NO_COMPARISON}«, hvis kilden ikke sammenligner med nogen.\n"
            "- **Evidenstype**: hvor sikkert resultatet er.\n"
        )
        text += "".join(f"  - *{evidence.label}*: {EVIDENCE_HELP.get(evidence, '')}\n" for evidence in Evidence)
        text = text.rstrip("\n")
    return {"type": "markdown", "attributes": {"value": text}}


def _groups(schema: dict[str, Any], name: str, prop: dict[str, Any]) -> list[dict[str, Any] | Element]:
    """A list of records as numbered groups of plain fields: 'Resultat 1: Hvad er målt' …"""
    count, noun = GROUPS[name]
    resolved, _ = _resolve(schema, prop)
    item, _ = _resolve(schema, resolved.get("items", {}))
    out: list[dict[str, Any] | Element] = [
        _group_intro(name, prop.get("title", name), prop.get("description", ""), count)
    ]
    for number in range(1, count + 1):
        index = number - 1
        for key, inner in item.get("properties", {}).items():
            field_id = f"{name}-{number}-{key}"
            label = f"{noun} {number}: {inner.get('title', key)}"
            path: tuple[str | int, ...] = (name, index, key)
            if name == "results" and key == "value":
                out.append(_plain(field_id, label, _VALUE_HELP, "45 %", path, "measurement"))
                out.append(_plain(f"{name}-{number}-whole", f"{noun} {number}: Ud af", _WHOLE_HELP, "4", path, "whole"))
            elif name == "results" and key == "baseline":
                out.append(_plain(field_id, label, _BASELINE_HELP, "1 ud af 4", path, "baseline"))
            elif name == "results" and key == "comparison":
                out.append(_plain(field_id, label, _COMPARISON_HELP, "kontrolgruppe: 37 %", path, "comparison"))
            elif name == "results" and key == "source":
                out.append(_plain(field_id, label, _RESULT_SOURCE_HELP, None, path, "text"))
            else:
                for element, form_field in _element(schema, field_id, label, inner, False, None, path):
                    if name == "results" and key == "evidence":
                        element["attributes"]["description"] = "Se forklaringen af typerne over Resultat 1."
                    if form_field.kind == "text" and element["type"] == "textarea":
                        element["type"] = "input"
                    out.append((element, form_field))
    return out


def _build(reference: Reference) -> tuple[dict[str, Any], list[FormField]]:
    schema = build_schema(reference)
    initiative = schema["$defs"]["Initiative"]
    required = set(initiative.get("required", []))
    choices = reference_choices(reference)
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _INTRO}}]
    fields: list[FormField] = []
    for name, prop in initiative["properties"].items():
        if name in EDITOR_FIELDS:
            continue
        parts: list[dict[str, Any] | Element]
        if name in GROUPS:
            parts = _groups(schema, name, prop)
        else:
            parts = list(
                _element(schema, name, prop.get("title", name), prop, name in required, choices.get(name), (name,))
            )
        for part in parts:
            if isinstance(part, tuple):
                body.append(part[0])
                fields.append(part[1])
            else:
                body.append(part)
    body.append(
        {
            "type": "checkboxes",
            "id": "bekraeftelse",
            "attributes": {
                "label": CONFIRMATION_LABEL,
                "description": "Kataloget er offentligt: alt, hvad du skriver her, kan alle læse.",
                "options": [{"label": text, "required": True} for text in _CONFIRMATIONS],
            },
        }
    )
    fields.append(
        FormField("bekraeftelse", CONFIRMATION_LABEL, (), "checks", {text: text for text in _CONFIRMATIONS}, "")
    )
    form = {
        "name": "Foreslå en indsats",
        "description": "Foreslå en beskæftigelsesindsats til inspirationskataloget.",
        "title": "Forslag: ",
        "labels": ["forslag"],
        "body": body,
    }
    return form, fields


def build_issue_form(reference: Reference) -> dict[str, Any]:
    """The issue form as data: one element per initiative field (see the module docstring)."""
    return _build(reference)[0]


def issue_form_fields(reference: Reference) -> list[FormField]:
    """The form's fields in order, each with where its answer goes in a record and how to read it."""
    return _build(reference)[1]


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
        write_atomic(out, text.encode("utf-8"))
    return [out]
