"""The publication settings in one place: ``extra.katalog`` in mkdocs.yml.

Who publishes the catalogue, under which licences its text and its data may be used,
where to write, and the repository. The booklet's colophon, the site's footer, the
Atom feed and the DCAT metadata of the open data read them from here. Every setting
is optional: where one is not set, the outputs leave the line out (never "Ikke
oplyst"), and ``katalog validate --strict`` warns (:func:`missing`).

Inside the MkDocs plugin the settings come from ``config.extra``; ``katalog pdf`` and
``katalog validate`` do not run MkDocs and read mkdocs.yml themselves
(:func:`from_mkdocs_yml`, YAML ``safe_load``; tags such as ``!!python/name`` or
``!ENV`` read as empty values rather than running anything).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from katalog.catalogue.library_words import yaml_message
from katalog.files.errors import os_failure
from katalog.problems import KatalogError

SECTION = "extra.katalog"
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
_URL = re.compile(r"https?://[^\s<>\"]+")
EXAMPLE = (
    "extra:\n  katalog:\n    publisher: Navn på udgiveren\n"
    "    text_licence: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/deed.da}\n"
    "    data_licence: {name: CC0 1.0, url: https://creativecommons.org/publicdomain/zero/1.0/deed.da}\n"
    "    contact: redaktion@eksempel.dk\n    repository: https://github.com/eksempel/inspirationskatalog"
)


@dataclass(frozen=True)
class Licence:
    """A licence by its name (``CC BY 4.0``) and, when given, the address of its text."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Publication:
    """The publication settings; ``None`` where mkdocs.yml does not set one."""

    publisher: str | None = None
    text_licence: Licence | None = None
    data_licence: Licence | None = None
    contact: str | None = None
    repository: str | None = None


# Each setting: what to set, and what it is for (the warning of `katalog validate --strict`).
_WHAT = {
    "publisher": "sæt udgiverens navn, så kolofonen og sidefoden kan nævne den",
    "text_licence": "sæt licensen for teksten (name og url), så kolofonen og sidefoden kan nævne den",
    "data_licence": "sæt licensen for de åbne data (name og url), så datasættets metadata (DCAT) kan nævne den",
    "contact": "sæt en e-mailadresse til redaktionen, så datasættets metadata kan nævne den",
    "repository": "sæt adressen på katalogets repositorium (eller repo_url i mkdocs.yml)",
}


def _text(value: object, key: str, errors: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{SECTION}.{key} er {_shown(value)}, men skal være en tekst; skriv en tekst efter kolonet")
        return None
    return value.strip()


def _url(value: object, key: str, errors: list[str]) -> str | None:
    text = _text(value, key, errors)
    if text is not None and not _URL.fullmatch(text):
        errors.append(
            f"{SECTION}.{key} er '{text}', men skal være en webadresse; skriv en adresse, der begynder med https:// eller http://"
        )
        return None
    return text


def _licence(value: object, key: str, errors: list[str]) -> Licence | None:
    if value is None:
        return None
    if isinstance(value, str):
        name = _text(value, key, errors)
        return Licence(name) if name else None
    if not isinstance(value, Mapping):
        errors.append(
            f"{SECTION}.{key} er {_shown(value)}, men skal have name og url; skriv fx {{name: CC BY 4.0, url: https://…}}"
        )
        return None
    unknown = sorted(str(k) for k in value if k not in ("name", "url"))
    if unknown:
        errors.append(
            f"{SECTION}.{key} har ukendte felter: {', '.join(unknown)}; en licens har kun felterne name og url, så slet de andre"
        )
    name = _text(value.get("name"), f"{key}.name", errors)
    if name is None:
        if "name" not in value:
            errors.append(f"{SECTION}.{key}.name mangler; sæt licensens navn, fx CC BY 4.0")
        return None
    return Licence(name, _url(value.get("url"), f"{key}.url", errors))


def _shown(value: object) -> str:
    kind = {bool: "en sandhedsværdi", int: "et tal", float: "et tal", list: "en liste", dict: "en tabel"}
    return kind.get(type(value), f"'{value}'")


def parse(extra: object) -> tuple[Publication, list[str]]:
    """The settings in ``extra.katalog`` (``extra`` is mkdocs.yml's ``extra``), and the Danish errors found."""
    errors: list[str] = []
    if extra is None:
        return Publication(), errors
    if not isinstance(extra, Mapping):
        return Publication(), [
            "extra er ikke en tabel af indstillinger; skriv indstillingerne rykket ind under extra, hver som 'navn: værdi'"
        ]
    section = extra.get("katalog")
    if section is None:
        return Publication(), errors
    if not isinstance(section, Mapping):
        return Publication(), [
            f"{SECTION} er {_shown(section)}, men skal være en tabel af indstillinger; skriv dem rykket ind under {SECTION}, hver som 'navn: værdi'"
        ]
    unknown = sorted(str(k) for k in section if k not in _WHAT)
    if unknown:
        errors.append(f"{SECTION} har ukendte indstillinger: {', '.join(unknown)}; her kan kun stå {', '.join(_WHAT)}")
    contact = _text(section.get("contact"), "contact", errors)
    if contact is not None and not _EMAIL.fullmatch(contact.removeprefix("mailto:")):
        errors.append(
            f"{SECTION}.contact er '{contact}', men skal være en e-mailadresse; skriv fx redaktion@eksempel.dk"
        )
        contact = None
    publication = Publication(
        publisher=_text(section.get("publisher"), "publisher", errors),
        text_licence=_licence(section.get("text_licence"), "text_licence", errors),
        data_licence=_licence(section.get("data_licence"), "data_licence", errors),
        contact=None if contact is None else contact.removeprefix("mailto:"),
        repository=_url(section.get("repository"), "repository", errors),
    )
    return publication, errors


def load(extra: object, *, where: str = "mkdocs.yml") -> Publication:
    """The settings, else :class:`KatalogError` with every wrong setting (exit code 2)."""
    publication, errors = parse(extra)
    if errors:
        lines = "; ".join(errors)
        raise KatalogError(f"{where}: {lines}", exit_code=2)
    return publication


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' tags (``!ENV``, ``!!python/name:…``) as empty values instead of failing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("!", _ignore_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a mapping (empty when the file does not exist), else :class:`KatalogError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise os_failure(exc, path, "læse filen", exit_code=2) from exc
    except UnicodeDecodeError as exc:
        raise KatalogError(
            f"{path}: filen er ikke gyldig UTF-8 (byte {exc.start}); gem den igen med tegnsættet UTF-8", exit_code=2
        ) from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        context = str(getattr(exc, "context", "") or "")
        # An unclosed [ or { is noticed lines later: point at the bracket, as the data's messages do.
        opened = getattr(exc, "context_mark", None) if context.startswith("while parsing a flow") else None
        mark = opened or getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        danish = yaml_message(getattr(exc, "problem", None), getattr(exc, "context", None))
        raise KatalogError(f"{where}: ugyldig YAML: {danish}", exit_code=2) from exc
    return data if isinstance(data, dict) else {}


def from_mkdocs_yml(path: Path) -> Publication:
    """The settings in the mkdocs.yml at ``path`` (none when the file does not exist)."""
    return load(read_mkdocs_yml(path).get("extra"), where=str(path))


def missing(publication: Publication, *, repo_url: str | None = None) -> list[str]:
    """A Danish warning for every setting that is not set, with the fix (``repo_url`` counts as the repository)."""
    unset = [key for key in _WHAT if getattr(publication, key) is None and not (key == "repository" and repo_url)]
    return [f"{SECTION}.{key} er ikke sat; {_WHAT[key]}" for key in unset]


def footer(publication: Publication) -> str | None:
    """The footer's line as HTML (every value escaped), or None when neither publisher nor licence is set."""
    from html import escape

    sentences = []
    if publication.publisher:
        sentences.append(f"Udgivet af {escape(publication.publisher)}.")
    text, data = publication.text_licence, publication.data_licence
    if text and data:
        sentences.append(f"Teksten må bruges efter {_licence_html(text)}, de åbne data efter {_licence_html(data)}.")
    elif text:
        sentences.append(f"Teksten må bruges efter {_licence_html(text)}.")
    elif data:
        sentences.append(f"De åbne data må bruges efter {_licence_html(data)}.")
    return " ".join(sentences) or None


def _licence_html(licence: Licence) -> str:
    from html import escape

    name = escape(licence.name)
    return f'<a href="{escape(licence.url)}" rel="license">{name}</a>' if licence.url else name
