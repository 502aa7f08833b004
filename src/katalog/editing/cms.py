"""Generate the site's editing page (``/admin/``, Sveltia CMS) from the record model.

``admin/config.yml`` is derived from :mod:`katalog.catalogue.model` at build time, never written
by hand: one form for ``data/initiatives.yaml`` with the fields of :class:`Catalogue`
(themes and initiatives), each initiative a collapsed list item titled by its name;
each field has the model's Danish title as label and its description as hint; enums
become selects with the model's Danish labels, the ids of vocabularies, method pages,
municipalities and sources become selects over the reference data, and initiative ids
a relation to the initiatives in the same file. Saving opens a pull request (the
``github`` backend with the editorial workflow and open authoring).

Sveltia CMS reads Decap's configuration and signs in to GitHub with a personal access
token, so the page works on a plain static host such as GitHub Pages with no OAuth
service. Its bundle is built from the npm lock file in ``tools/sveltia`` by ``make
setup`` (esbuild, fonts and locales included; no CDN), and ``admin/katalog-cms.js``
(``cms_admin.js`` here) writes the file back so that comments and untouched records
keep their layout. The page loads nothing from other hosts; after sign-in it talks to
the GitHub API only (a Content-Security-Policy in ``admin/index.html`` holds it to that).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import types
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin
from urllib.parse import urlsplit

import annotated_types
import yaml
from markupsafe import Markup
from pydantic import BaseModel, Tag
from pydantic.fields import FieldInfo

from katalog.catalogue import model
from katalog.catalogue.fields import constraint as _constraint
from katalog.catalogue.fields import enum_labels, is_markdown, is_text_area
from katalog.catalogue.fields import is_record as _is_model
from katalog.catalogue.fields import pattern as _pattern
from katalog.catalogue.fields import unwrap as _unwrap
from katalog.catalogue.markers import Labelled
from katalog.catalogue.model import SLUG_PATTERN, Catalogue
from katalog.catalogue.reference import Reference, load_reference
from katalog.editing import schema
from katalog.problems import KatalogError
from katalog.site.templating import render_template
from katalog.views.facts import NO_COMPARISON_LABEL, NOT_STATED_IN_SOURCE

ADMIN = "admin"
COLLECTION = "katalog"
FILE = "indsatser"
DATA_PATH = "data/initiatives.yaml"
FORMAT = "katalog-yaml"
BRANCH = "main"
AUTH_ENV = "KATALOG_DECAP_AUTH_URL"
"""An optional OAuth service for a "sign in with GitHub" button (``backend.base_url``); the name the Pages workflow sets.

Without it editors sign in with a personal access token, which needs nothing but GitHub.
"""
TOOLS = Path("tools") / "sveltia"
BUNDLE = TOOLS / "dist"
"""Where ``make setup`` puts the esbuild bundle of Sveltia CMS: ``cms.js`` and its ``chunks/``."""
PACKAGE = "@sveltia/cms"
GENERATED = "Genereret af katalog.editing.cms fra katalog.catalogue.model ved hvert build; redigér ikke i hånden."

# How list items and references read in the form: presentation only, so kept here, not in the model.
SINGULAR = {
    "Theme": "tema",
    "Initiative": "indsats",
    "Organisation": "organisation",
    "Result": "resultat",
    "Goal": "mål",
    "Quote": "citat",
    "Story": "borgerhistorie",
    "Contact": "kontaktperson",
}
SUMMARY_FIELDS = ("name", "title", "measure", "text")
SOURCE_FIELDS = {"source", "sources", "further_reading"}
INITIATIVE_FIELDS = {"initiatives"}
LITERAL_LABELS = {model.NO_COMPARISON: NO_COMPARISON_LABEL, model.TIME_POINT_NOT_STATED: NOT_STATED_IN_SOURCE}
VARIANT_KEY = "variant"
# How a record reads as one choice of a union, where its first field's title would mislead.
CHOICE_LABELS = {"Measurement": "Et tal eller et udsagn"}
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list", "quote"]


@dataclass
class Form:
    """What the generator found while walking the model: the fields and what the script needs to know."""

    fields: list[dict[str, Any]]
    order: dict[str, list[str]] = field(default_factory=dict)
    unions: list[dict[str, Any]] = field(default_factory=list)


def _labels(enum: type[StrEnum]) -> dict[str, str]:
    """The model's Danish labels for ``enum``, declared on its members (katalog.catalogue.model.Labelled)."""
    if not issubclass(enum, Labelled):
        raise KatalogError(
            f"katalog.catalogue.model har ingen danske betegnelser for {enum.__name__}; gør den til en Labelled"
        )
    return enum_labels(enum)


class _Walker:
    def __init__(self, reference: Reference) -> None:
        named = schema.reference_choices(reference)
        named["sources"] = {s.id: s.title for s in reference.sources.values()}
        self.choices = named
        self.order: dict[str, list[str]] = {}
        self.unions: list[dict[str, Any]] = []

    def fields(self, record: type[BaseModel], path: tuple[str, ...], within: str | None = None) -> list[dict[str, Any]]:
        """The form fields of ``record``; ``within`` says when they count, inside an optional object."""
        self.order[".".join(path)] = list(record.model_fields)
        return [self.field(name, info, (*path, name), within) for name, info in record.model_fields.items()]

    def field(self, name: str, info: FieldInfo, path: tuple[str, ...], within: str | None) -> dict[str, Any]:
        annotation, meta, _ = _unwrap(info.annotation, info.metadata)
        label = info.title or name
        entry: dict[str, Any] = {"name": name, "label": label}
        if _is_model(annotation):
            # The CMS checks every field of an object, even one left empty: inside an optional object
            # nothing can be required in the form, so the hint says it and `katalog validate` checks it.
            inner = within or (None if info.is_required() else f"'{label}' er udfyldt")
            fields = self.fields(annotation, path, inner)
            entry.update(widget="object", collapsed=not info.is_required(), fields=fields)
        else:
            entry.update(self.widget(name, annotation, meta, path, label))
        entry["required"] = info.is_required() and within is None
        hint = info.description or ""
        if info.is_required() and within is not None:
            hint = f"{hint} Skal udfyldes, når {within}.".strip()
        if hint:
            entry["hint"] = hint
        return entry

    def widget(self, name: str, annotation: Any, meta: list[Any], path: tuple[str, ...], label: str) -> dict[str, Any]:
        origin = get_origin(annotation)
        if origin is list:
            return self.list_widget(name, get_args(annotation)[0], meta, path, label)
        if origin in (Union, types.UnionType):
            return self.union(annotation, path)
        if isinstance(annotation, type) and issubclass(annotation, StrEnum):
            return _select(_labels(annotation))
        if origin is Literal:
            if get_args(annotation) == (True,):
                return {"widget": "boolean", "default": False}
            return _select({v: LITERAL_LABELS.get(v, v) for v in get_args(annotation)})
        if annotation is bool:
            return {"widget": "boolean"}
        if annotation in (int, float):
            number: dict[str, Any] = {"widget": "number", "value_type": annotation.__name__}
            low = _constraint(meta, annotated_types.Ge, "ge")
            high = _constraint(meta, annotated_types.Le, "le")
            if low is not None:
                number["min"] = low
            if high is not None:
                number["max"] = high
            if annotation is float:
                number["step"] = 0.1
            return number
        if annotation is dt.date:
            return {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": False}
        if annotation is str:
            return self.text(name, meta)
        raise KatalogError(f"katalog.editing.cms kan ikke vise feltet {'.'.join(path)} ({annotation!r}) i en formular")

    def text(self, name: str, meta: list[Any]) -> dict[str, Any]:
        reference = self.reference(name, meta, multiple=False)
        if reference is not None:
            return reference
        pattern = _pattern(meta)
        longest = _constraint(meta, annotated_types.MaxLen, "max_length")
        if is_markdown(meta):
            # Its buttons are added by _markdown, after the hint (the order config.yml has always had).
            return {"widget": "markdown"}
        widget: dict[str, Any] = {"widget": "text" if is_text_area(meta) else "string"}
        if pattern is not None:
            widget["pattern"] = [pattern, _pattern_message(pattern)]
        elif longest is not None:
            widget["pattern"] = [f"^[\\s\\S]{{0,{longest}}}$", f"højst {longest} tegn"]
        return widget

    def reference(self, name: str, meta: list[Any], *, multiple: bool) -> dict[str, Any] | None:
        if name in INITIATIVE_FIELDS:
            relation: dict[str, Any] = {
                "widget": "relation",
                "collection": COLLECTION,
                "file": FILE,
                "value_field": "initiatives.*.id",
                "search_fields": ["initiatives.*.name", "initiatives.*.id"],
                "display_fields": ["initiatives.*.name"],
            }
            return relation | ({"multiple": True} if multiple else {})
        key = "sources" if name in SOURCE_FIELDS else name
        values = self.choices.get(key)
        if values is None:
            return None
        ids = _pattern(meta) == SLUG_PATTERN
        # Ids show their Danish label; names (municipalities) are shown themselves, with what the label adds.
        options = {value: label if ids else f"{value} ({label})" for value, label in values.items()}
        return _select(options) | ({"multiple": True} if multiple else {})

    def list_widget(self, name: str, item: Any, meta: list[Any], path: tuple[str, ...], label: str) -> dict[str, Any]:
        item, item_meta, _ = _unwrap(item, [])
        widget: dict[str, Any]
        if _is_model(item):
            fields = self.fields(item, (*path, "*"))
            widget = {"widget": "list", "collapsed": True, "fields": fields}
            summary = next((f for f in SUMMARY_FIELDS if f in item.model_fields), None)
            if summary is not None:
                widget["summary"] = "{{fields." + summary + "}}"
            if item.__name__ in SINGULAR:
                widget["label_singular"] = SINGULAR[item.__name__]
        elif item is str:
            reference = self.reference(name, item_meta, multiple=True)
            if reference is not None:
                widget = reference
            else:
                single = {"name": name, "label": label} | self.text(name, item_meta)
                widget = {"widget": "list", "field": single, "summary": "{{fields." + name + "}}"}
        else:
            raise KatalogError(f"katalog.editing.cms kan ikke vise listen {'.'.join(path)} ({item!r}) i en formular")
        shortest = _constraint(meta, annotated_types.MinLen, "min_length")
        if shortest:
            widget["min"] = shortest
        return widget

    def union(self, annotation: Any, path: tuple[str, ...]) -> dict[str, Any]:
        """A choice between fixed words and a record (``'ingen'`` or a comparison) as one object in the form.

        A CMS field cannot hold a text or an object at once, so the form shows an object with a
        ``variant`` select; the page's script turns it back into the file's form when saving.
        """
        literals: dict[str, str] = {}
        record: type[BaseModel] | None = None
        tag = None
        for arm in get_args(annotation):
            bare, meta, _ = _unwrap(arm, [])
            tags = [m.tag for m in meta if isinstance(m, Tag)]
            if get_origin(bare) is Literal:
                literals.update({v: LITERAL_LABELS.get(v, v) for v in get_args(bare)})
            elif _is_model(bare) and record is None:
                record, tag = bare, (tags[0] if tags else bare.__name__)
            else:
                raise KatalogError(f"katalog.editing.cms kan ikke vise feltet {'.'.join(path)} i en formular")
        if record is None or tag is None:
            raise KatalogError(f"katalog.editing.cms kan ikke vise feltet {'.'.join(path)} i en formular")
        first = next(iter(record.model_fields.values()))
        title = CHOICE_LABELS.get(record.__name__) or first.title or tag
        choice = {
            "name": VARIANT_KEY,
            "label": "Valg",
            **_select({**literals, tag: title}),
            "required": False,
            "hint": f"Vælg '{title}' og udfyld felterne herunder, eller vælg '{next(iter(literals.values()))}'. Tomt: kilden siger ikke noget.",
        }
        fields = self.fields(record, path, f"'{title}' er valgt")
        self.unions.append({"path": list(path), "key": VARIANT_KEY, "literals": list(literals), "record": tag})
        return {"widget": "object", "collapsed": True, "fields": [choice, *fields]}


def _select(options: dict[str, str]) -> dict[str, Any]:
    return {"widget": "select", "options": [{"label": label, "value": value} for value, label in options.items()]}


def _pattern_message(pattern: str) -> str:
    messages = {
        model.SLUG_PATTERN: "små bogstaver, tal og bindestreger, fx 'team-ildfugle'",
        model.URL_PATTERN: "en adresse der begynder med http:// eller https://",
        model.EMAIL_PATTERN: "en e-mailadresse, fx navn@kommune.dk",
        model.PHONE_PATTERN: "et dansk nummer med 8 cifre, fx '75 16 10 00'",
    }
    return messages.get(pattern, pattern)


def _markdown(fields: list[dict[str, Any]]) -> None:
    """Fields the model declares Markdown get the CMS's Markdown editor, without images or code blocks."""
    for entry in fields:
        if entry.get("widget") == "markdown":
            entry.update(buttons=list(MARKDOWN_BUTTONS), editor_components=[], modes=["rich_text", "raw"])
        if "fields" in entry:
            _markdown(entry["fields"])
        if "field" in entry:
            _markdown([entry["field"]])


def form(reference: Reference) -> Form:
    """The form for the whole data file, walked from :class:`Catalogue`."""
    walker = _Walker(reference)
    fields = walker.fields(Catalogue, ())
    _markdown(fields)
    return Form(fields, walker.order, walker.unions)


def github_backend(repository: str, auth_url: str | None = None) -> dict[str, Any]:
    """The ``github`` backend for the repository at ``repository`` (``https://host/owner/name``).

    Editors sign in with a personal access token (``auth_methods: [token]``); with an OAuth
    service at ``auth_url`` the page offers "sign in with GitHub" as well.
    """
    parts = urlsplit(repository)
    repo = parts.path.strip("/").removesuffix(".git")
    if parts.scheme not in ("http", "https") or not parts.hostname or repo.count("/") != 1:
        raise KatalogError(
            f"repositoriets adresse '{repository}' har ikke ejer og navn; skriv den som https://github.com/ejer/navn",
            exit_code=2,
        )
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repo,
        "branch": BRANCH,
        "open_authoring": True,
        "auth_scope": "public_repo",
        "auth_methods": ["token"],
    }
    if parts.hostname != "github.com":
        backend["api_root"] = f"{parts.scheme}://{parts.netloc}/api/v3"  # GitHub Enterprise Server
    if auth_url:
        backend["base_url"] = auth_url
        backend["auth_methods"] = ["oauth", "token"]
    return backend


def api_origin(backend: dict[str, Any]) -> str:
    """The one other origin the editing page may contact: the backend's API."""
    parts = urlsplit(str(backend.get("api_root", "https://api.github.com")))
    return f"{parts.scheme}://{parts.netloc}"


def config(reference: Reference, backend: dict[str, Any]) -> dict[str, Any]:
    """The CMS configuration (Decap's format, which Sveltia reads): the backend and one form for the data file."""
    fields = form(reference).fields
    return {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        # A media folder is required; the form has no image fields and Markdown has no image button.
        "media_folder": "docs/assets/uploads",
        "show_preview_links": False,
        "collections": [
            {
                "name": COLLECTION,
                "label": "Kataloget",
                "description": "Ret indsatser og temaer. Når du gemmer, bliver ændringen et forslag (pull request), "
                "som kontrolleres og gennemgås, før den kommer på siden.",
                "editor": {"preview": False},
                "format": FORMAT,
                "files": [
                    {
                        "name": FILE,
                        "label": "Indsatser og temaer",
                        "file": DATA_PATH,
                        "fields": fields,
                    }
                ],
            }
        ],
    }


def config_yaml(settings: dict[str, Any]) -> str:
    return f"# {GENERATED}\n" + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1_000_000)


def policy(api: str) -> str:
    """The editing page's Content-Security-Policy: its own files, and the backend's API once signed in."""
    return "; ".join(
        [
            "default-src 'self'",
            # No eval and no inline script: the bundle and the catalogue's script are files of the site.
            "script-src 'self'",
            # Svelte adds its components' styles as <style> elements at run time.
            "style-src 'self' 'unsafe-inline'",
            f"connect-src 'self' blob: data: {api}",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def index_html(spec: dict[str, Any], api: str) -> str:
    """The editing page: the CMS bundle, then the catalogue's script, which registers its format and starts the CMS."""
    data = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return render_template(
        "editing/admin.html",
        generated=GENERATED,
        policy=_attribute(policy(api)),
        # JSON in a script element is not HTML text: escaping would change it; "</" cannot end the element.
        spec=Markup(data),
    )


def _attribute(value: str) -> Markup:
    """A Content-Security-Policy for a double-quoted attribute: its single quotes ('self') kept as written."""
    return Markup(html.escape(value, quote=False))


NOTICE_STYLE = (
    "body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem; margin: 3rem auto; "
    "padding: 0 1rem; color: #1f1f1f; } a { color: #1a4f8b; }"
)


def not_configured_html(reason: str) -> str:
    """The /admin/ page when the web form cannot work here: what an editor can do instead, and why (for developers)."""
    # The page's one style element is allowed by its hash; nothing else may load or run.
    digest = base64.b64encode(hashlib.sha256(NOTICE_STYLE.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self'; base-uri 'none'; form-action 'none'"
    return render_template(
        "editing/admin-uden-repo.html",
        generated=GENERATED,
        policy=_attribute(policy),
        # The style sheet is CSS, not HTML text.
        style=Markup(NOTICE_STYLE),
        reason=reason,
    )


def _installed(root: Path) -> Path:
    """``tools/sveltia/node_modules``, checked against the versions ``tools/sveltia/package.json`` pins, and the bundle."""
    tools = root / TOOLS
    modules = tools / "node_modules"
    pinned = json.loads((tools / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for package, version in pinned.items():
        manifest = modules / package / "package.json"
        found = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None
        if found != version:
            state = "mangler" if found is None else f"er version {found}"
            raise KatalogError(
                f"{TOOLS}/node_modules/{package} {state}, men projektet bruger version {version}; kør `make setup` (npm ci i {TOOLS})",
                exit_code=2,
            )
    if not (root / BUNDLE / "cms.js").is_file():
        raise KatalogError(f"{BUNDLE}/cms.js mangler; kør `make setup` (bygger Sveltia CMS i {TOOLS})", exit_code=2)
    return modules


# The fonts Sveltia's stylesheet names on a CDN (fontsource on jsDelivr): family, then subset.
CDN_FONT = re.compile(rb"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[0-9.]+/([a-z0-9-]+)\.woff2")


# Sveltia polls GitHub's status page every few minutes to show an outage banner: a request to
# another host, which the page's policy would refuse. Its answer is given here, as "no incident".
STATUS_URL = b"https://www.githubstatus.com/api/v2/status.json"
STATUS_ANSWER = b"data:application/json,%7B%22status%22:%7B%22indicator%22:%22none%22%7D%7D"  # fits any quotes


def _local_fonts(code: bytes, fonts: list[str]) -> bytes:
    """``code`` with each CDN font address replaced by the same font shipped in the package (``assets/…``).

    The bundle adds these fonts from its own files too, but a face its stylesheet names is
    fetched when text needs it first; on this page that would be a request to another host.
    """

    def local(match: re.Match[bytes]) -> bytes:
        stem = f"{match[1].decode()}-{match[2].decode()}-"
        found = [name for name in fonts if name.startswith(stem)]
        if len(found) != 1:
            raise KatalogError(
                f"{PACKAGE} henter skrifttypen {match[0].decode()}, som pakken ikke selv har; opdatér katalog.editing.cms"
            )
        return f"assets/{found[0]}".encode()

    return CDN_FONT.sub(local, code).replace(STATUS_URL, STATUS_ANSWER)


def bundle_files(root: Path) -> dict[str, bytes]:
    """The CMS bundle (``cms.js``, its chunks, its fonts) and the yaml library's browser files, as site paths under ``admin/``."""
    modules = _installed(root)
    package = modules / PACKAGE
    assets = sorted((package / "npm" / "assets").iterdir())
    fonts = [path.name for path in assets if path.suffix == ".woff2"]
    files: dict[str, bytes] = {}
    bundle = root / BUNDLE
    for path in sorted(bundle.rglob("*.js")):
        files[f"{ADMIN}/{path.relative_to(bundle).as_posix()}"] = _local_fonts(path.read_bytes(), fonts)
    # cms.js finds its fonts beside itself (new URL("assets/…", import.meta.url)); esbuild leaves them to us.
    for path in assets:
        if path.suffix == ".woff2" or path.name.endswith(".LICENSE.txt"):
            files[f"{ADMIN}/assets/{path.name}"] = path.read_bytes()
    files[f"{ADMIN}/LICENSE.txt"] = (package / "LICENSE.txt").read_bytes()
    library = modules / "yaml"
    for path in sorted((library / "browser").rglob("*.js")):
        files[f"{ADMIN}/yaml/{path.relative_to(library / 'browser').as_posix()}"] = path.read_bytes()
    files[f"{ADMIN}/yaml/LICENSE"] = (library / "LICENSE").read_bytes()
    return files


def script() -> str:
    return (Path(__file__).with_name("cms_admin.js")).read_text(encoding="utf-8")


def site_files(config_root: Path, repository: str | None) -> dict[str, str | bytes]:
    """Every file of the editing page, as site path → content.

    Without a repository the page is only a notice (there is nowhere to send an edit);
    with one it is the form, which needs nothing else running: editors sign in with a
    GitHub personal access token, or through the OAuth service ``$KATALOG_DECAP_AUTH_URL``
    names, if there is one.
    """
    if not repository:
        return {
            f"{ADMIN}/index.html": not_configured_html(
                "siden er bygget uden et GitHub-repositorium. Sæt KATALOG_REPO_URL (eller repo_url i mkdocs.yml); "
                "i GitHub Actions findes det af sig selv."
            )
        }
    reference, problems = load_reference(config_root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise KatalogError("referencedata har fejl; redigeringssiden kan ikke laves", errors)
    backend = github_backend(repository, os.environ.get(AUTH_ENV) or None)
    walked = form(reference)
    spec = {"format": FORMAT, "order": walked.order, "unions": walked.unions}
    files: dict[str, str | bytes] = {
        f"{ADMIN}/index.html": index_html(spec, api_origin(backend)),
        f"{ADMIN}/config.yml": config_yaml(config(reference, backend)),
        f"{ADMIN}/katalog-cms.js": script(),
    }
    files.update(bundle_files(config_root))
    return files
