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
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from katalog.catalogue.library_words import yaml_message
from katalog.files.errors import os_failure
from katalog.problems import KatalogError

SECTION = "extra.katalog"
# An address and nothing more: no ?subject=…, &cc=…, second @ or brackets to smuggle into a mailto: link.
_EMAIL = re.compile(r"[^@\s<>\"?&/:;,()\[\]\\]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_URL = re.compile(r"https?://[^\s<>\"]+")
# The longest setting: a name, a licence or an address fits on one line of the colophon.
MAX_LENGTH = 300
# C0 and C1 controls (tab and line breaks too), line and paragraph separators, the byte-order mark,
# bidi controls, surrogates and the noncharacters XML 1.0 forbids.
_BREAKS = "\t\n\r\x0b\x0c\x85\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
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
    text = value.strip()
    problem = _unfit(text)
    if problem:
        errors.append(f"{SECTION}.{key} {problem}")
        return None
    return text


def _unfit(text: str) -> str | None:
    """Why ``text`` cannot stand in the footer, colophon, feed and DCAT file, or None.

    The same characters a record may not hold (:mod:`katalog.catalogue.value_rules`): control
    characters (XML 1.0 forbids most of them, and lxml stops the feed on them), line breaks (each
    setting is one line), bidi controls, and the noncharacters U+FFFE and U+FFFF, which XML forbids
    too; then characters the booklet's fonts cannot show, and text too long for one line.
    """
    if len(text) > MAX_LENGTH:
        return f"er {len(text):,} tegn lang; en indstilling må højst være {MAX_LENGTH} tegn".replace(",", ".")
    found = _FORBIDDEN.search(text)
    if found:
        char = found.group(0)
        code = f"U+{ord(char):04X}"
        if re.fullmatch(f"[{_BIDI}]", char):
            return (
                f"indeholder retningstegnet {code}, som kan få teksten til at se anderledes ud, end den er; fjern det"
            )
        if char in _BREAKS:
            return f"indeholder et linjeskift eller en tabulator ({code}); en indstilling står på én linje"
        what = "kontroltegnet" if unicodedata.category(char) == "Cc" else "tegnet"
        return f"indeholder {what} {code}, som ikke er tekst; fjern det"
    from katalog.catalogue import glyphs

    unshown = glyphs.missing(text)
    if unshown:
        return (
            f"indeholder tegnet {glyphs.describe(unshown[0])}, som ikke kan vises i PDF-hæftets skrifttype; "
            "fjern det, eller skriv det med almindelige bogstaver"
        )
    return None


def _url(value: object, key: str, errors: list[str]) -> str | None:
    text = _text(value, key, errors)
    if text is not None and not _URL.fullmatch(text):
        if re.match(r"https?://", text):
            bad = next(c for c in text if c.isspace() or c in '<>"')
            errors.append(
                f"{SECTION}.{key} er '{text}', men en webadresse kan ikke indeholde {_named(bad)}; "
                f"fjern det, eller skriv det som %{ord(bad):02X}"
            )
        else:
            errors.append(
                f"{SECTION}.{key} er '{text}', men skal være en webadresse; "
                "skriv en adresse, der begynder med https:// eller http://"
            )
        return None
    return text


def _named(char: str) -> str:
    return {" ": "mellemrum", '"': 'anførselstegn (")', "<": "tegnet <", ">": "tegnet >"}.get(char, "blanktegn")


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


def load(extra: object, *, where: str = "mkdocs.yml", text: str | None = None) -> Publication:
    """The settings, else :class:`KatalogError` with every wrong setting (exit code 2).

    With the file's ``text``, each error is a line at the setting's position (``mkdocs.yml:12:5: error: …``).
    """
    publication, errors = parse(extra)
    if errors:
        raise KatalogError(_located(errors, where, text), exit_code=2)
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
    config = read_mkdocs_yml(path)
    return load(config.get("extra"), where=str(path), text=text_of(path) if config else None)


def text_of(path: Path) -> str | None:
    """The text of a file :func:`read_mkdocs_yml` has just read, for positions; None if it is gone."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def missing(publication: Publication, *, repo_url: str | None = None) -> list[str]:
    """A Danish warning for every setting that is not set, with the fix (``repo_url`` counts as the repository)."""
    unset = [key for key in _WHAT if getattr(publication, key) is None and not (key == "repository" and repo_url)]
    return [f"{SECTION}.{key} er ikke sat; {_WHAT[key]}" for key in unset]


def footer(publication: Publication) -> str | None:
    """The footer's line as HTML (every value escaped), or None when neither publisher nor licence is set."""
    from html import escape

    sentences = []
    if publication.publisher:
        # A name that ends with its own full stop ("Eksempel & Co.") gets no second one.
        stop = "" if publication.publisher.endswith(".") else "."
        sentences.append(f"Udgivet af {escape(publication.publisher)}{stop}")
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


# --------------------------------------------------------------------------- positions in mkdocs.yml

_SETTING = re.compile(r"extra(?:\.[a-z_]+)*")


def setting_positions(text: str) -> dict[str, tuple[int, int]]:
    """(line, column), 1-based, of each key under ``extra`` in mkdocs.yml's text, by dotted path.

    Composed, not constructed: no tag runs, and a file PyYAML cannot read has no positions
    (its own error is reported where it is read). Only ``extra`` is walked, a few levels deep.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return {}
    found: dict[str, tuple[int, int]] = {}

    def walk(node: yaml.Node | None, prefix: str, depth: int) -> None:
        if not isinstance(node, yaml.MappingNode) or depth > 4:
            return
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            if prefix or path == "extra":
                # A value's own position (the wrong text itself); a section's, its key.
                mark = key.start_mark if isinstance(value, yaml.MappingNode) else value.start_mark
                found.setdefault(path, (mark.line + 1, mark.column + 1))
                walk(value, path, depth + 1)

    walk(root, "", 0)
    return found


def position_of(message: str, positions: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    """Where in mkdocs.yml a message about a setting belongs: the setting's key, else the nearest key above it.

    A setting that is not set points at ``extra.katalog`` (or ``extra``), where it is to be written.
    """
    match = _SETTING.search(message)
    parts = match.group(0).split(".") if match else []
    while parts:
        if (where := positions.get(".".join(parts))) is not None:
            return where
        parts.pop()
    return (1, 1)


def _located(errors: list[str], where: str, text: str | None) -> str:
    """The errors as compiler-style lines ``where:line:column: error: …`` when the file's text is known."""
    if text is None:
        return f"{where}: " + "; ".join(errors)
    positions = setting_positions(text)
    lines = []
    for message in errors:
        line, column = position_of(message, positions)
        lines.append(f"{where}:{line}:{column}: error: {message}")
    return "\n".join(lines)
