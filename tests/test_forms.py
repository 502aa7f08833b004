"""The issue form "Foreslå en indsats": generated from the model, in sync, and a valid GitHub issue form."""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import TypeAdapter

from katalog.catalogue.model import EVIDENCE_LABELS, Evidence, Goal, Initiative
from katalog.editing.forms import EDITOR_FIELDS, EVIDENCE_HELP, FORM_PATH, GROUPS, issue_form_fields, render_issue_form
from tests.conftest import ROOT

TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"

# GitHub's issue-form syntax: the keys each part may have.
_TOP_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
_ATTRIBUTES = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}
_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def form_problems(form: Any) -> list[str]:
    """What makes ``form`` an invalid GitHub issue form (empty: valid)."""
    if not isinstance(form, dict):
        return ["formularen er ikke en mapping"]
    problems = [f"ukendt nøgle {key!r}" for key in form if key not in _TOP_KEYS]
    problems += [f"mangler {key!r}" for key in ("name", "description", "body") if not form.get(key)]
    if not isinstance(form.get("labels", []), list):
        problems.append("labels skal være en liste")
    ids: list[str] = []
    labels: list[str] = []
    for i, element in enumerate(form.get("body") or []):
        where = f"body[{i}]"
        kind = element.get("type")
        if kind not in _ATTRIBUTES:
            problems.append(f"{where}: ukendt type {kind!r}")
            continue
        problems += [
            f"{where}: ukendt nøgle {k!r}" for k in element if k not in {"type", "id", "attributes", "validations"}
        ]
        attributes = element.get("attributes") or {}
        problems += [f"{where}: ukendt attribut {k!r}" for k in attributes if k not in _ATTRIBUTES[kind]]
        if kind == "markdown":
            if "id" in element or "validations" in element or not attributes.get("value"):
                problems.append(f"{where}: markdown har kun attributes.value")
            continue
        if not isinstance(element.get("id"), str) or not _ID.match(element["id"]):
            problems.append(f"{where}: id {element.get('id')!r} skal bestå af bogstaver, tal, - og _")
        else:
            ids.append(element["id"])
        if not attributes.get("label"):
            problems.append(f"{where}: mangler attributes.label")
        labels.append(attributes.get("label", ""))
        validations = element.get("validations", {})
        if set(validations) - {"required"} or not all(isinstance(v, bool) for v in validations.values()):
            problems.append(f"{where}: validations må kun have required: true/false")
        if kind == "dropdown":
            options = attributes.get("options")
            if not options or not all(isinstance(o, str) and o for o in options):
                problems.append(f"{where}: dropdown skal have tekster som options")
            elif len(set(options)) != len(options) or "None" in options:
                problems.append(f"{where}: options skal være forskellige, og 'None' er reserveret")
        if kind == "checkboxes" and not all(
            isinstance(o, dict) and o.get("label") and set(o) <= {"label", "required"}
            for o in attributes.get("options") or [None]
        ):
            problems.append(f"{where}: checkboxes skal have options med label (og evt. required)")
    problems += [f"id {i!r} står flere gange" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [f"label {x!r} står flere gange" for x in sorted({x for x in labels if labels.count(x) > 1})]
    return problems


def _form() -> dict[str, Any]:
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    assert isinstance(form, dict)
    return form


def _by_id(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {element["id"]: element for element in form["body"] if "id" in element}


def test_committed_form_matches_the_model() -> None:
    committed = (ROOT / FORM_PATH).read_text(encoding="utf-8")
    assert committed == render_issue_form(ROOT), f"{FORM_PATH} is out of date: run 'make schema'"


def test_form_is_a_valid_github_issue_form() -> None:
    form = _form()
    assert form_problems(form) == []
    assert form["name"] == "Foreslå en indsats"
    assert (ROOT / FORM_PATH).parent == TEMPLATES


def test_the_form_check_catches_mistakes() -> None:
    broken = {
        "name": "x",
        "title": "y",
        "body": [
            {"type": "markdown", "id": "intro", "attributes": {"value": "hej"}},
            {"type": "input", "id": "navn", "attributes": {"label": "Navn", "placeholder": 3}},
            {"type": "input", "id": "navn", "attributes": {"label": "Navn"}, "validations": {"required": "ja"}},
            {"type": "dropdown", "id": "status", "attributes": {"label": "Status", "options": ["a", "None"]}},
            {"type": "select", "id": "z", "attributes": {"label": "Z"}},
            {"type": "textarea", "id": "bad id", "attributes": {"lable": "B"}},
        ],
    }
    assert form_problems(broken) == [
        "mangler 'description'",
        "body[0]: markdown har kun attributes.value",
        "body[2]: validations må kun have required: true/false",
        "body[3]: options skal være forskellige, og 'None' er reserveret",
        "body[4]: ukendt type 'select'",
        "body[5]: ukendt attribut 'lable'",
        "body[5]: id 'bad id' skal bestå af bogstaver, tal, - og _",
        "body[5]: mangler attributes.label",
        "id 'navn' står flere gange",
        "label 'Navn' står flere gange",
    ]


def test_every_initiative_field_is_in_the_form() -> None:
    ids = list(_by_id(_form()))
    for name, field in Initiative.model_fields.items():
        if name in EDITOR_FIELDS:
            assert name not in ids
            continue
        mine = [i for i in ids if i == name or i.startswith(f"{name}-")]
        assert mine, f"Initiative.{name} mangler i formularen"
        if field.is_required():
            assert all(_by_id(_form())[i].get("validations") == {"required": True} for i in mine), name
    assert ids[-1] == "bekraeftelse"


def test_labels_descriptions_and_placeholders_come_from_the_model() -> None:
    elements = _by_id(_form())
    name = Initiative.model_fields["name"]
    assert elements["name"] == {
        "type": "input",
        "id": "name",
        "attributes": {"label": name.title, "description": name.description, "placeholder": name.examples[0]},  # type: ignore[index]
        "validations": {"required": True},
    }
    assert elements["period-start"]["attributes"]["label"] == "Periode: Startår"
    assert "validations" not in elements["period-start"]
    assert elements["funding"]["attributes"]["placeholder"] == "EU's socialfond"
    # A list of records a proposer knows (results, organisations, contacts) is numbered groups of plain fields.
    assert "results" not in elements
    assert [e for e in elements if e.startswith("results-1-")] == [
        "results-1-measure",
        "results-1-population",
        "results-1-value",
        "results-1-whole",
        "results-1-time_point",
        "results-1-baseline",
        "results-1-comparison",
        "results-1-evidence",
        "results-1-source",
        "results-1-note",
        "results-1-passage",
        "results-1-page",
    ]
    assert elements["results-2-value"]["attributes"]["label"] == "Resultat 2: Værdi"
    assert "»3 ud af 4«" in elements["results-1-value"]["attributes"]["description"]
    assert "»ingen«" in elements["results-1-comparison"]["attributes"]["description"]
    assert elements["results-1-evidence"]["type"] == "dropdown"
    assert elements["results-1-evidence"]["attributes"]["options"] == [
        "Kontrolgruppe",
        "Sammenligning",
        "Før–efter-måling [foer-efter]",
        "Opfølgning [opfoelgning]",
        "Egen opgørelse [egen-opgoerelse]",
        "Kvalitativ vurdering [kvalitativ-vurdering]",
        "Metode ikke oplyst [ikke-oplyst]",
    ]
    assert [e for e in elements if e.startswith("organisations-")] == [
        f"organisations-{n}-{key}" for n in (1, 2, 3) for key in ("name", "role")
    ]
    assert [e for e in elements if e.startswith("contacts-")] == [
        f"contacts-{n}-{key}" for n in (1, 2) for key in ("name", "title", "organisation", "email", "phone")
    ]
    assert all("render" not in e["attributes"] for i, e in elements.items() if i.split("-")[0] in GROUPS)
    # The other lists of records stay YAML whose placeholder is a valid value of the field.
    goals = elements["goals"]["attributes"]
    assert goals["render"] == "yaml"
    assert TypeAdapter(list[Goal]).validate_python(yaml.safe_load(goals["placeholder"]))


def test_the_evidence_types_are_explained_above_the_results() -> None:
    form = _form()
    intro = next(e for e in form["body"] if e["type"] == "markdown" and "### Resultater" in e["attributes"]["value"])
    text = intro["attributes"]["value"]
    for evidence in Evidence:
        assert EVIDENCE_HELP.get(evidence), f"{evidence} har ingen forklaring i katalog.editing.forms.EVIDENCE_HELP"
        assert f"*{EVIDENCE_LABELS[evidence]}*: {EVIDENCE_HELP[evidence]}" in text
    assert "»x ud af y« (»3 ud af 4«)" in text
    ids = [e.get("id") for e in form["body"]]
    assert form["body"].index(intro) + 1 == ids.index("results-1-measure")


def test_every_form_element_has_a_field_for_from_issue() -> None:
    from katalog.catalogue.reference import load_reference

    reference, _ = load_reference(ROOT)
    fields = issue_form_fields(reference)
    elements = [e for e in _form()["body"] if e["type"] != "markdown"]
    assert [(f.id, f.label) for f in fields] == [(e["id"], e["attributes"]["label"]) for e in elements]
    for form_field, element in zip(fields, elements, strict=True):
        if element["type"] == "dropdown":
            assert list(form_field.options) == element["attributes"]["options"]


def test_enumerations_and_vocabularies_are_dropdowns() -> None:
    elements = _by_id(_form())
    assert elements["status"]["type"] == "dropdown"
    assert elements["status"]["attributes"]["options"] == [
        "Aktiv",
        "Permanent (forankret i drift) [permanent]",
        "Afsluttet",
        "Ukendt",
    ]
    assert "multiple" not in elements["status"]["attributes"]
    for name in ("target_groups", "kinds", "methods", "municipalities"):
        assert elements[name]["type"] == "dropdown", name
        assert elements[name]["attributes"]["multiple"] is True
    assert (
        "Unge 18–25 år på uddannelses- eller kontanthjælp [unge-18-25]"
        in elements["target_groups"]["attributes"]["options"]
    )
    assert "Løntilskud [loentilskud]" in elements["kinds"]["attributes"]["options"]
    municipalities = elements["municipalities"]["attributes"]["options"]
    assert len(municipalities) == 98
    assert municipalities[:2] == ["København", "Frederiksberg"]


def test_issue_template_config() -> None:
    config = yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert config == {"blank_issues_enabled": True}
    assert sorted(p.name for p in TEMPLATES.iterdir()) == ["config.yml", "foreslaa-indsats.yml"]
