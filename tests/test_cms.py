"""The editing page (/admin/, Sveltia CMS): its config generated from the model, and the file format its script writes.

The config is compared whole with a golden file (refresh: pytest --update-golden), built from a
small reference set made here so that the project's vocabularies and sources can change without
touching it. Then every model field is looked up in the generated form, and the format script
(``cms_admin.js``) is run under Node on the shipped data file.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import re
import shutil
import subprocess
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from katalog.catalogue import fields, model
from katalog.catalogue.fields import unwrap as _unwrap
from katalog.catalogue.model import Catalogue, Initiative, Municipality, Source, SourceKind, VocabularyTerm
from katalog.catalogue.reference import MethodPage, Reference, load_reference
from katalog.catalogue.validate import validate_file
from katalog.editing import cms
from katalog.problems import KatalogError
from tests.conftest import FIXTURES, ROOT, TODAY

GOLDEN = FIXTURES / "cms" / "config.golden.yml"
REPOSITORY = "https://github.com/eksempel/inspirationskatalog"
DATA = ROOT / "data" / "initiatives.yaml"


def _reference() -> Reference:
    term = VocabularyTerm.model_validate
    return Reference(
        target_groups={"unge": term({"id": "unge", "label": "Unge", "description": "Unge under 30."})},
        kinds={
            "mentor": term({"id": "mentor", "label": "Mentorordning", "description": "En fast voksen."}),
            "praktik": term({"id": "praktik", "label": "Virksomhedspraktik", "description": "Praktik."}),
        },
        municipalities={
            "Greve": Municipality.model_validate({"code": 253, "name": "Greve", "region": "Region Sjælland"}),
        },
        methods={
            "coaching": MethodPage("coaching", "Coaching", "Samtaler.", (), ROOT / "docs/methods/coaching.md", "")
        },
        sources={
            "cfbu-2017": Source.model_validate(
                {"id": "cfbu-2017", "title": "Sæt gang i beskæftigelsen", "kind": "rapport"}
            )
        },
    )


def _config() -> dict[str, Any]:
    return cms.config(_reference(), cms.github_backend(REPOSITORY))


def _fields() -> list[dict[str, Any]]:
    files = _config()["collections"][0]["files"]
    assert [f["file"] for f in files] == ["data/initiatives.yaml"]
    fields: list[dict[str, Any]] = files[0]["fields"]
    return fields


def _walk(fields: list[dict[str, Any]], path: tuple[str, ...] = ()) -> dict[tuple[str, ...], dict[str, Any]]:
    """Every form field by its key path (``*`` for list items), as the model is walked below."""
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for entry in fields:
        here = (*path, entry["name"])
        found[here] = entry
        inner = (*here, "*") if entry["widget"] == "list" else here
        found.update(_walk(entry.get("fields", []), inner))
    return found


def _model_fields(record: type[BaseModel], path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every field of the model by key path, with its FieldInfo; records inside lists are under ``*``."""
    found: dict[tuple[str, ...], Any] = {}
    for name, info in record.model_fields.items():
        here = (*path, name)
        found[here] = info
        bare, _, _ = _unwrap(info.annotation, [])
        args = get_args(bare)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            found.update(_model_fields(bare, here))
        elif get_origin(bare) is list:
            item, _, _ = _unwrap(args[0], [])
            if isinstance(item, type) and issubclass(item, BaseModel):
                found.update(_model_fields(item, (*here, "*")))
        else:
            for arm in args:  # a union such as 'ingen' | Comparison: the record's fields sit in the same object
                record_arm, _, _ = _unwrap(arm, [])
                if isinstance(record_arm, type) and issubclass(record_arm, BaseModel):
                    found.update(_model_fields(record_arm, here))
    return found


def test_config_golden(update_golden: bool) -> None:
    actual = cms.config_yaml(_config())
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(actual.encode("utf-8"))
    assert GOLDEN.exists(), f"{GOLDEN} is missing; run pytest --update-golden"
    expected = GOLDEN.read_bytes().decode("utf-8")
    assert actual.splitlines() == expected.splitlines()
    assert actual == expected


def test_every_model_field_is_in_the_form_with_its_danish_label_and_hint() -> None:
    form = _walk(_fields())
    expected = _model_fields(Catalogue)
    variants = {path for path, entry in form.items() if path[-1] == cms.VARIANT_KEY}
    assert set(form) - variants == set(expected)
    for path, info in expected.items():
        entry = form[path]
        assert entry["label"] == info.title, path
        assert info.description is None or entry["hint"].startswith(info.description), path


def test_required_follows_the_model_except_inside_an_optional_object() -> None:
    form = _walk(_fields())
    every = _model_fields(Catalogue)
    for path, info in every.items():
        # The objects around the field, up to the list item it is in (a list item is there or not at all).
        item = max((n for n, part in enumerate(path) if part == "*"), default=-1)
        parents = [every[path[:n]] for n in range(item + 2, len(path))]
        inside_optional = any(not parent.is_required() for parent in parents)
        assert form[path]["required"] is (info.is_required() and not inside_optional), path
        if info.is_required() and inside_optional:
            assert "Skal udfyldes, når" in form[path]["hint"], path
    assert form[("initiatives", "*", "participants", "count")]["hint"].endswith("når 'Deltagere' er udfyldt.")
    assert form[("initiatives", "*", "target_groups")]["required"] is True
    assert form[("initiatives", "*", "website")]["required"] is False


def _enums() -> list[type[StrEnum]]:
    return [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum]


def test_selects_list_the_enum_values_with_the_models_danish_labels() -> None:
    form = _walk(_fields())
    labels: dict[type[StrEnum], dict[Any, str]] = {
        model.Status: model.STATUS_LABELS,
        model.Evidence: model.EVIDENCE_LABELS,
        model.OrganisationRole: model.ROLE_LABELS,
        SourceKind: model.SOURCE_KIND_LABELS,
        model.Anonymiser: model.ANONYMISER_LABELS,
    }
    assert set(labels) == set(_enums())
    shown = {
        model.Status: ("initiatives", "*", "status"),
        model.Evidence: ("initiatives", "*", "results", "*", "evidence"),
        model.OrganisationRole: ("initiatives", "*", "organisations", "*", "role"),
    }
    for enum, path in shown.items():
        assert form[path]["widget"] == "select"
        assert form[path]["options"] == [{"label": labels[enum][m], "value": m.value} for m in enum]


def test_references_are_selects_over_the_reference_data() -> None:
    form = _walk(_fields())

    def options(path: tuple[str, ...]) -> list[tuple[str, str]]:
        entry = form[path]
        assert entry["widget"] == "select", path
        return [(o["value"], o["label"]) for o in entry["options"]]

    assert options(("initiatives", "*", "target_groups")) == [("unge", "Unge")]
    assert options(("initiatives", "*", "kinds")) == [("mentor", "Mentorordning"), ("praktik", "Virksomhedspraktik")]
    assert options(("initiatives", "*", "methods")) == [("coaching", "Coaching")]
    assert options(("initiatives", "*", "municipalities")) == [("Greve", "Greve (Region Sjælland, kommunekode 253)")]
    for path in [
        ("initiatives", "*", "sources"),
        ("initiatives", "*", "results", "*", "source"),
        ("themes", "*", "source"),
    ]:
        assert options(path) == [("cfbu-2017", "Sæt gang i beskæftigelsen")]
    assert form[("initiatives", "*", "kinds")]["multiple"] is True
    assert "multiple" not in form[("themes", "*", "source")]
    relation = form[("themes", "*", "initiatives")]
    assert relation["widget"] == "relation" and relation["value_field"] == "initiatives.*.id"
    assert (relation["collection"], relation["file"]) == (cms.COLLECTION, cms.FILE)


def test_every_id_field_but_a_records_own_id_refers_to_something() -> None:
    """A new reference field in the model (a Slug) without a select would be free text in the form: fail."""
    form = _walk(_fields())
    for path, info in _model_fields(Catalogue).items():
        bare, meta, _ = _unwrap(info.annotation, info.metadata)
        item_meta = _unwrap(get_args(bare)[0], [])[1] if get_origin(bare) is list else meta
        if path[-1] != "id" and fields.pattern(item_meta) == model.SLUG_PATTERN:
            assert form[path]["widget"] in ("select", "relation"), path


def test_markdown_fields_and_other_widgets() -> None:
    form = _walk(_fields())
    markdown = {path for path, entry in form.items() if entry["widget"] == "markdown"}
    assert markdown == {
        ("themes", "*", "body"),
        ("themes", "*", "interview", "text"),
        ("initiatives", "*", "description"),
        ("initiatives", "*", "stories", "*", "text"),
    }
    assert all(form[p]["editor_components"] == [] and "image" not in form[p]["buttons"] for p in markdown)
    assert form[("initiatives", "*", "last_reviewed")] | {"hint": ""} == {
        "name": "last_reviewed",
        "label": "Sidst gennemgået",
        "widget": "datetime",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
        "picker_utc": False,
        "required": True,
        "hint": "",
    }
    percent = form[("initiatives", "*", "results", "*", "value", "percent")]
    assert (percent["widget"], percent["value_type"], percent["min"], percent["max"]) == ("number", "float", 0, 100)
    assert form[("initiatives", "*", "participants", "count")]["value_type"] == "int"
    assert form[("initiatives", "*", "website")]["pattern"][0] == model.URL_PATTERN
    assert form[("initiatives", "*", "summary")]["pattern"] == ["^[\\s\\S]{0,300}$", "højst 300 tegn"]
    assert form[("initiatives", "*", "stories", "*", "anonymised_by")]["widget"] == "select"
    venues = form[("initiatives", "*", "venues")]
    assert venues["widget"] == "list" and venues["field"]["widget"] == "string"
    comparison = form[("initiatives", "*", "results", "*", "comparison")]
    assert comparison["fields"][0]["options"] == [
        {"label": "Ingen sammenligningsgruppe", "value": "ingen"},
        {"label": "Sammenligningsgruppe", "value": "sammenligning"},
    ]


def test_each_initiative_is_its_own_collapsed_item_titled_by_its_name() -> None:
    form = _walk(_fields())
    initiatives = form[("initiatives",)]
    assert (initiatives["widget"], initiatives["collapsed"]) == ("list", True)
    assert (initiatives["summary"], initiatives["label_singular"]) == ("{{fields.name}}", "indsats")
    assert form[("themes",)]["summary"] == "{{fields.title}}"


def test_backend_opens_pull_requests_and_signs_in_with_a_token() -> None:
    settings = _config()
    assert "locale" not in settings  # Sveltia follows the browser's language (Danish included)
    assert settings["publish_mode"] == "editorial_workflow"
    assert settings["backend"] == {
        "name": "github",
        "repo": "eksempel/inspirationskatalog",
        "branch": "main",
        "open_authoring": True,
        "auth_scope": "public_repo",
        "auth_methods": ["token"],
    }
    enterprise = cms.github_backend("https://git.kommune.dk/digital/katalog.git", "https://auth.kommune.dk")
    assert enterprise["repo"] == "digital/katalog"
    assert enterprise["api_root"] == "https://git.kommune.dk/api/v3"
    assert enterprise["base_url"] == "https://auth.kommune.dk"
    assert enterprise["auth_methods"] == ["oauth", "token"]
    assert cms.api_origin(enterprise) == "https://git.kommune.dk"
    with pytest.raises(KatalogError, match=r"skriv den som https://github\.com/ejer/navn"):
        cms.github_backend("https://github.com/kun-ejer")


def test_site_files_without_a_repository_is_a_notice_only() -> None:
    files = cms.site_files(ROOT, None)
    assert list(files) == ["admin/index.html"]
    page = str(files["admin/index.html"])
    assert "Webformularen er ikke slået til" in page and "KATALOG_REPO_URL" in page
    assert '<a href="../bidrag/">Sådan bidrager du</a>' in page
    # The notice loads nothing and runs nothing; its one style element is allowed by its hash.
    digest = base64.b64encode(hashlib.sha256(cms.NOTICE_STYLE.encode()).digest()).decode()
    assert f"default-src 'none'; style-src 'sha256-{digest}';" in page
    assert f"<style>{cms.NOTICE_STYLE}</style>" in page and "<script" not in page


def test_site_files_need_no_login_service_and_serve_everything_from_the_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cms.AUTH_ENV, raising=False)
    files = cms.site_files(ROOT, REPOSITORY)
    page = str(files["admin/index.html"])
    for script in ("cms.js", "katalog-cms.js"):
        assert f'<script type="module" src="{script}"></script>' in page and f"admin/{script}" in files
    assert "admin/yaml/index.js" in files and "admin/yaml/dist/index.js" in files
    # cms.js loads its chunks (the Danish strings among them) and its fonts from beside itself.
    assert any(name.startswith("admin/chunks/da-") for name in files)
    fonts = sorted(name for name in files if name.endswith(".woff2"))
    assert [name.split("/")[-1].rsplit("-", 1)[0] for name in fonts] == [
        "material-symbols-outlined-latin-wght-normal",
        "noto-mono-latin-400-normal",
        "source-sans-3-latin-wght-normal",
    ]
    code = b"".join(content for name, content in files.items() if name.endswith(".js") and isinstance(content, bytes))
    # No font from the CDN and no status poll to githubstatus.com: the fonts are the site's own copies.
    assert b"cdn.jsdelivr.net" not in code and cms.STATUS_URL not in code
    bundle = files["admin/cms.js"]
    assert isinstance(bundle, bytes)
    for font in fonts:
        assert f"assets/{font.split('/')[-1]}".encode() in bundle
    assert not any(name.endswith(".map") for name in files)
    # The policy: the site's own scripts only (no eval, no inline script), and GitHub's API once signed in.
    assert f'<meta http-equiv="Content-Security-Policy" content="{cms.policy("https://api.github.com")}">' in page
    assert "script-src 'self';" in page and "'unsafe-eval'" not in page
    assert "connect-src 'self' blob: data: https://api.github.com;" in page and "font-src 'self';" in page
    assert re.findall(r"<script(?![^>]*\b(?:src|type=\"application/json\"))", page) == []
    assert "http" not in page.replace("https://api.github.com", "").replace('http-equiv="Content-Security-Policy"', "")
    config = yaml.safe_load(str(files["admin/config.yml"]))
    assert config["backend"]["repo"] == "eksempel/inspirationskatalog"
    assert config["backend"]["auth_methods"] == ["token"]
    reference, _ = load_reference(ROOT)
    assert config == json.loads(json.dumps(cms.config(reference, config["backend"])))


def test_a_missing_or_stale_install_says_to_run_make_setup(tmp_path: Path) -> None:
    (tmp_path / cms.TOOLS).mkdir(parents=True)
    shutil.copy(ROOT / cms.TOOLS / "package.json", tmp_path / cms.TOOLS / "package.json")
    with pytest.raises(
        KatalogError,
        match=r"node_modules/@sveltia/cms mangler, men projektet bruger version 0\.221\.1; kør `make setup`",
    ):
        cms.bundle_files(tmp_path)


# The format script, run under Node on the shipped data file.

HARNESS = """
import fs from "fs";
const [admin, input, edits] = process.argv.slice(2);
const html = fs.readFileSync(`${admin}/index.html`, "utf8");
const spec = html.match(/<script id="katalog-cms" type="application\\/json">(.*?)<\\/script>/s)[1];
globalThis.document = { getElementById: () => ({ textContent: spec }) };
const { read, write } = await import(`${admin}/katalog-cms.js`);
const text = fs.readFileSync(input, "utf8");
const form = read(text);
const out = {};
for (const [name, body] of Object.entries(JSON.parse(fs.readFileSync(edits, "utf8")))) {
  const data = structuredClone(form);
  new Function("data", body)(data);
  out[name] = write(text, data);
}
out.form = JSON.stringify(form);
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def admin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("admin")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(cms.AUTH_ENV, raising=False)
        files = cms.site_files(ROOT, REPOSITORY)
    for name, content in files.items():
        if name.endswith(".html") or name == "admin/katalog-cms.js" or name.startswith("admin/yaml/"):
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (out / "harness.mjs").write_text(HARNESS, encoding="utf-8")
    return out / "admin"


def _run(admin: Path, edits: dict[str, str], tmp_path: Path, data: Path = DATA) -> dict[str, str]:
    node = shutil.which("node")
    assert node is not None, (
        "node is missing: the editing page's tests run its script under Node (make setup needs it too)"
    )
    (tmp_path / "edits.json").write_text(json.dumps(edits), encoding="utf-8")
    result = subprocess.run(
        [node, str(admin.parent / "harness.mjs"), str(admin), str(data), str(tmp_path / "edits.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written: dict[str, str] = json.loads(result.stdout)
    return written


def _diff(before: str, after: str) -> list[str]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _valid(text: str, tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    path.write_text(text, encoding="utf-8")
    report = validate_file(path, ROOT, TODAY)
    assert [p.text() for p in report.errors] == []


@pytest.mark.slow
def test_format_writes_an_edit_into_the_file_as_it_was(admin_dir: Path, tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    first = Initiative.model_validate(yaml.safe_load(text)["initiatives"][0]).name
    written = _run(
        admin_dir,
        {
            "unchanged": "",
            "name": "data.initiatives[0].name += ' (rettet)';",
            "no": "data.initiatives[0].name = 'no';",
            "cleared": "const i = data.initiatives.findIndex((x) => !x.website && !x.period);"
            " data.initiatives[i].website = ''; data.initiatives[i].period = {start: ''};",
        },
        tmp_path,
    )
    assert written["unchanged"] == text
    assert _diff(text, written["name"]) == [f"-    name: {first}", f"+    name: {first} (rettet)"]
    # 'no' is text to the model (YAML 1.2), but false to a YAML 1.1 reader: quoted.
    assert _diff(text, written["no"]) == [f"-    name: {first}", '+    name: "no"']
    # Cleared fields are left out, as the model reads a missing field.
    assert written["cleared"] == text
    _valid(written["name"], tmp_path)


@pytest.mark.slow
def test_format_keeps_comments_when_records_are_added_and_removed(admin_dir: Path, tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    new = {
        "id": "ny-indsats",
        "name": "Ny indsats",
        "summary": "Kort.",
        "description": "Første afsnit.\n\nAndet afsnit.\n",
        "status": "aktiv",
        "target_groups": ["unge"],
        "kinds": ["mentorordning"],
        "sources": [yaml.safe_load(text)["initiatives"][0]["sources"][0]],
        "last_reviewed": "2026-11-22",
        "website": "",
    }
    written = _run(
        admin_dir,
        {"structure": f"data.initiatives.splice(1, 1); data.initiatives.push({json.dumps(new)});"},
        tmp_path,
    )["structure"]
    # YAML comments ("# …"; the Markdown in the texts has "## " headings) are all still there.
    comments = [line for line in text.splitlines() if line.lstrip().startswith("# ")]
    assert [line for line in written.splitlines() if line.lstrip().startswith("# ")] == comments
    added = [line[1:] for line in _diff(text, written) if line.startswith("+")]
    assert added == [
        "",
        "  - id: ny-indsats",
        "    name: Ny indsats",
        "    summary: Kort.",
        "    description: |",
        "      Første afsnit.",
        "",
        "      Andet afsnit.",
        "    status: aktiv",
        "    target_groups:",
        "      - unge",
        "    kinds:",
        "      - mentorordning",
        "    sources:",
        f"      - {new['sources'][0]}",
        '    last_reviewed: "2026-11-22"',
    ]
    removed = yaml.safe_load(text)["initiatives"][1]
    assert yaml.safe_load(written)["initiatives"][1:-1] == yaml.safe_load(text)["initiatives"][2:]
    assert removed["id"] not in written


@pytest.mark.slow
def test_format_shows_a_comparison_as_a_choice_and_writes_it_back(admin_dir: Path, tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    results = [
        (i, n, r)
        for i, item in enumerate(yaml.safe_load(text)["initiatives"])
        for n, r in enumerate(item.get("results", []))
    ]
    none = next((i, n) for i, n, r in results if r.get("comparison") == "ingen")
    # A comparison with a figure (a comparison whose value is 'ikke oplyst i kilden' is a choice of its own).
    group = next(
        (i, n, r["comparison"])
        for i, n, r in results
        if isinstance(r.get("comparison"), dict) and isinstance(r["comparison"].get("value"), dict)
    )
    to_group = (
        f"data.initiatives[{none[0]}].results[{none[1]}].comparison = {{variant: 'sammenligning', group: 'kontrolgruppe', value: {{percent: 12.5}}}};"
        + (f"data.initiatives[{none[0]}].results[{none[1]}].evidence = 'sammenligning';")
    )
    to_none = f"data.initiatives[{group[0]}].results[{group[1]}].comparison.variant = 'ingen';"
    written = _run(admin_dir, {"to_group": to_group, "to_none": to_none}, tmp_path)
    form = json.loads(written["form"])
    assert form["initiatives"][none[0]]["results"][none[1]]["comparison"] == {"variant": "ingen"}
    assert form["initiatives"][group[0]]["results"][group[1]]["comparison"] == {
        "variant": "sammenligning",
        **group[2],
        "value": {"variant": "vaerdi", **group[2]["value"]},
    }
    assert yaml.safe_load(written["to_group"])["initiatives"][none[0]]["results"][none[1]]["comparison"] == {
        "group": "kontrolgruppe",
        "value": {"percent": 12.5},
    }
    assert yaml.safe_load(written["to_none"])["initiatives"][group[0]]["results"][group[1]]["comparison"] == "ingen"
    _valid(written["to_group"], tmp_path)


@pytest.mark.slow
def test_format_leaves_out_what_sveltia_fills_in_and_keeps_final_line_breaks(admin_dir: Path, tmp_path: Path) -> None:
    """Sveltia hands the format nulls and empty lists for absent fields, and Markdown without its final line break."""
    text = DATA.read_text(encoding="utf-8")
    records = yaml.safe_load(text)["initiatives"]
    i = next(n for n, r in enumerate(records) if "period" not in r and "stories" not in r)
    j = next(n for n, r in enumerate(records) if r.get("stories") == [])
    written = _run(
        admin_dir,
        {
            "filled": f"data.initiatives[{i}].period = null; data.initiatives[{i}].stories = [];"
            f" data.initiatives[{i}].description = data.initiatives[{i}].description.replace(/\\n$/, '');"
            f" data.initiatives[{j}].stories = [];",
        },
        tmp_path,
    )
    assert records[i]["description"].endswith("\n")
    # The file's own empty list stays; nothing else changed.
    assert written["filled"] == text
