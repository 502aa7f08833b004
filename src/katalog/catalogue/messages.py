"""Turn pydantic's validation errors into Danish, positioned problems.

Pydantic reports a location (key path), an error type and the offending input.
This module says, in Danish, what is wrong and what to write instead, suggests the
closest valid name for typos, and looks up the file position of the key or
value through :meth:`katalog.catalogue.load.Document.position`.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from katalog.catalogue.fields import field_at, field_facts, model_at, records
from katalog.catalogue.library_words import pydantic_message
from katalog.catalogue.load import Document, KeyPath
from katalog.catalogue.model import MAX_COUNT, Catalogue, Municipality, SourceList, Vocabularies
from katalog.catalogue.slugs import ascii_slug
from katalog.problems import Problem, format_path

# Discriminator tags pydantic inserts into locations; editors never see them.
_UNION_TAGS = frozenset({"ingen", "sammenligning", "ikke-oplyst", "vaerdi"})

_EMAIL_HINT = "er ikke en e-mailadresse; skriv den som navn@kommune.dk"
_PHONE_HINT = 'er ikke et dansk telefonnummer; skriv 8 cifre, fx "75 16 10 00" eller "+45 75161000"'
_URL_HINT = "er ikke en webadresse; skriv en adresse, der begynder med https:// (eller http://)"


# How alike (0–100) a word and a valid name must be before a suggestion helps more than it misleads.
# 'Ishøi' for 'Ishøj' scores 80 and 'Roskilds' for 'Roskilde' 87.5; the housing area 'Gellerup' scores
# 75 against the municipality 'Ballerup' and 'Tingbjerg' 62.5 against 'Esbjerg': no suggestion below this.
SUGGEST_CUTOFF = 80.0


def similarity(word: str, choice: str, **_: Any) -> float:
    """How alike ``word`` and ``choice`` are, 0–100, for typos and for names typed in part or in full.

    The plain edit ratio, case-folded; a word that holds the whole choice among its words
    ('Roskilde Kommune', 'Aalborg Øst') or is the start of a longer choice ('mentor' for
    'mentorindsats') counts too. A short choice found inside a longer word does not:
    rapidfuzz's WRatio gives 'evidence' 90 against 'id'.
    """
    typed, valid = word.casefold().strip(), choice.casefold()
    score = fuzz.ratio(typed, valid)
    if valid in re.split(r"[\s,]+", typed):
        score = max(score, 90.0)
    if len(typed) >= 3 and len(typed) < len(valid):
        score = max(score, fuzz.partial_ratio(typed, valid) * 0.9)
    return float(score)


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (mente du 'x'?)' for the closest choice, or '' when nothing is close enough to help."""
    found = process.extractOne(word, list(choices), scorer=similarity, score_cutoff=SUGGEST_CUTOFF)
    return f" (mente du '{found[0]}'?)" if found else ""


def unknown_value(what: str, value: str, choices: typing.Iterable[str], expected: str) -> str:
    """``ukendt målgruppe 'x' (mente du 'y'?); skriv …``: a value that is none of ``choices``.

    ``expected`` says what to write instead, as the end of "skriv …": "et id fra data/sources.yaml".
    """
    return f"ukendt {what} '{value}'{suggest(value, choices)}; skriv {expected}"


def _pattern_hint(model: type[BaseModel], loc: KeyPath) -> str | None:
    """What a field the model declares an e-mail address, a phone number or a web address expects."""
    facts = field_at(model, loc)
    if facts is None:
        return None
    if facts.email:
        return _EMAIL_HINT
    if facts.phone:
        return _PHONE_HINT
    if facts.web_address:
        return _URL_HINT
    return None


def show_value(value: Any) -> str:
    """A value as a message quotes it: text in quotes (unprintable characters by their number), numbers readably."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else f"{value[:57]}…"
        # A control character or a lone surrogate is shown by its number, never sent to the terminal.
        return "'" + "".join(c if c.isprintable() else f"\\u{{{ord(c):04x}}}" for c in text) + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "en tom værdi"
    if isinstance(value, float):
        if abs(value) >= 1e15:  # beyond exact integers: written as a power of ten, not 300 false digits
            mantissa, exponent = f"{value:.3g}".split("e")
            return f"{mantissa.replace('.', ',')} · 10^{int(exponent)}"
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    if isinstance(value, dict):
        return "en gruppe af felter"
    if isinstance(value, list):
        return "en liste"
    return str(value)


def _describe(error: Any, model: type[BaseModel], loc: KeyPath) -> tuple[str, bool]:
    """Danish 'what is wrong; what to do', and whether the key (not the value) is at fault."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    shown = show_value(value)
    if kind == "missing":
        return f"det obligatoriske felt '{name}' mangler; tilføj '{name}: …'", True
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = list(field_facts(parent)) if parent is not None else []
        return unknown_value("felt", str(name), allowed, f"et af felterne {', '.join(allowed)}"), True
    if kind == "enum":
        facts = field_at(model, loc)
        values = list(facts.labels) if facts is not None else []
        if value == "":
            return f"feltet er tomt; skriv en af værdierne {', '.join(values)}", False
        return (
            f"{shown} kan ikke bruges her{suggest(str(value), values)}; skriv en af værdierne {', '.join(values)}",
            False,
        )
    if kind == "literal_error":
        if name == "comparison":
            return (
                f"{shown} er ikke en sammenligning; skriv 'ingen', eller skriv group og value på hver sin linje"
                " under comparison, fx group: Kontrolgruppe og value: {percent: 37}",
                False,
            )
        if name == "value" and "comparison" in loc:
            return (
                f"{shown} er ikke en værdi for sammenligningsgruppen; skriv et tal som {{percent: 37}}"
                " eller 'ikke oplyst i kilden'",
                False,
            )
        # pydantic joins the allowed values (the model's own words) with English ' or '.
        choices = str(ctx.get("expected", "")).replace(" or ", " eller ")
        if not choices:
            return pydantic_message(kind, shown), False
        return f"{shown} kan ikke bruges her; skriv {choices}", False
    if kind == "string_type":
        if isinstance(value, (int, float, bool)):
            return f"{shown} er ikke en tekst; sæt værdien i anførselstegn", False
        return f"{shown} er ikke en tekst; skriv en tekst efter kolonet", False
    if kind in ("int_type", "int_from_float"):
        return f"{shown} er ikke et helt tal; skriv et tal uden decimaler, fx 40", False
    if kind == "float_type":
        return f"{shown} er ikke et tal; skriv et tal med punktum som decimaltegn i YAML, fx 12.3", False
    if kind == "bool_type":
        return f"{shown} er hverken true eller false; skriv true eller false", False
    if kind == "list_type":
        return f"{shown} er ikke en liste; skriv hvert element på sin egen linje, der begynder med '- '", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            f"{shown} er ikke en gruppe af felter; skriv felterne rykket ind på linjerne under, hvert som 'felt: værdi'",
            False,
        )
    if kind == "string_too_short":
        if value:
            return f"{shown} er for kort; skriv mindst {ctx.get('min_length')} tegn", False
        return "feltet er tomt; skriv en tekst", False
    if kind == "string_too_long":
        return (
            f"teksten er {len(value)} tegn lang, men højst {ctx.get('max_length')} tegn er tilladt; forkort den",
            False,
        )
    if kind == "too_short":
        return "listen er tom; skriv mindst ét element", False
    if kind == "string_pattern_mismatch":
        expected = _pattern_hint(model, loc)
        if expected is not None:
            return f"{shown} {expected}", False
        hint = ""
        if isinstance(value, str) and any(ch in value.lower() for ch in "æøå"):
            hint = f" (mente du '{ascii_slug(value)}'?)"
        return (
            f"{shown} er ikke et gyldigt id{hint}; skriv kun små bogstaver a–z, tal og bindestreger, fx 'team-ildfugle'",
            False,
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name == "percent":
            return f"{shown} er ikke en procentdel; skriv et tal fra 0 til 100", False
        if name in ("year", "start", "end"):
            return f"{shown} er ikke et årstal; skriv et år fra 1900 til 2100", False
        if name in ("count", "part", "whole") and kind.startswith("less"):
            return f"{shown} er et urealistisk stort antal; skriv højst {MAX_COUNT:,}".replace(",", "."), False
        limit = show_value(ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt")))))
        relation = {"greater_than_equal": "mindst", "greater_than": "over", "less_than_equal": "højst"}.get(
            kind, "under"
        )
        return f"{shown} er uden for det tilladte; skriv et tal på {relation} {limit}", False
    if kind.startswith("date") or kind.startswith("datetime"):
        return f'{shown} er ikke en gyldig dato; skriv datoen som år-måned-dag, fx "2026-11-22"', False
    if kind == "value_error":
        message = str(ctx.get("error", ""))
        if not message:
            return pydantic_message(kind, shown), False
        return message.removeprefix("Value error, "), isinstance(value, dict)
    if kind == "union_tag_invalid":
        return (
            f"{shown} er ikke en sammenligning; skriv 'ingen', eller skriv group og value på hver sin linje under comparison",
            False,
        )
    # Any other type pydantic knows, in Danish from the table; its English message is never shown.
    return pydantic_message(kind, shown), False


def translate(exc: ValidationError, doc: Document, base: KeyPath, record: str | None) -> list[Problem]:
    """Problems for every error in ``exc``; ``base`` is the record's key path in ``doc``."""
    model = exc.title
    model_cls = _MODELS.get(model)
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc: KeyPath = tuple(
            p
            for i, p in enumerate(error["loc"])
            if not (p in _UNION_TAGS and i and error["loc"][i - 1] in ("comparison", "value"))
        )
        message, at_key = _describe(error, model_cls or BaseModel, loc)
        if error["type"] == "missing":
            line, column = doc.position(base + loc[:-1], key=bool(loc[:-1]))
        else:
            line, column = doc.position(base + loc, key=at_key)
        problems.append(Problem(doc.file, line, column, "error", message, record, format_path(loc) or None))
    return problems


# The record types validated on their own, by the name pydantic gives their errors.
_MODELS = records(Catalogue, SourceList, Vocabularies, Municipality)
