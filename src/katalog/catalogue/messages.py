"""Turn pydantic's validation errors into Danish, positioned problems.

Pydantic reports a location (key path), an error type and the offending input.
This module says, in Danish, what is wrong and what was expected, suggests the
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
from katalog.catalogue.load import Document, KeyPath
from katalog.catalogue.model import MAX_COUNT, Catalogue, Municipality, SourceList, Vocabularies
from katalog.catalogue.slugs import ascii_slug
from katalog.problems import Problem, format_path

# Discriminator tags pydantic inserts into locations; editors never see them.
_UNION_TAGS = frozenset({"ingen", "sammenligning", "ikke-oplyst", "vaerdi"})

_EMAIL_HINT = "forventede en e-mailadresse som navn@kommune.dk"
_PHONE_HINT = 'forventede et dansk telefonnummer med 8 cifre, fx "75 16 10 00" eller "+45 75161000"'
_URL_HINT = "forventede en webadresse, der begynder med http:// eller https://"


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
    """``ukendt målgruppe 'x' (mente du 'y'?); forventede …``: a value that is none of ``choices``."""
    return f"ukendt {what} '{value}'{suggest(value, choices)}; forventede {expected}"


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
        return "en mapping"
    if isinstance(value, list):
        return "en liste"
    return str(value)


def _describe(error: Any, model: type[BaseModel], loc: KeyPath) -> tuple[str, bool]:
    """Danish 'what is wrong; what was expected', and whether the key (not the value) is at fault."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return f"det obligatoriske felt '{name}' mangler; tilføj '{name}: …'", True
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = list(field_facts(parent)) if parent is not None else []
        return unknown_value("felt", str(name), allowed, f"et af: {', '.join(allowed)}"), True
    if kind == "enum":
        facts = field_at(model, loc)
        values = list(facts.labels) if facts is not None else []
        return (
            f"{show_value(value)} er ikke en gyldig værdi{suggest(str(value), values)}; forventede en af: {', '.join(values)}",
            False,
        )
    if kind == "literal_error":
        if name == "comparison":
            return (
                f"{show_value(value)} er ikke en gyldig sammenligning; forventede 'ingen' eller en mapping med group og value, fx group: Kontrolgruppe og value: {{percent: 37}}",
                False,
            )
        if name == "value" and "comparison" in loc:
            return (
                f"{show_value(value)} er ikke en gyldig værdi for sammenligningsgruppen; forventede en mapping som {{percent: 37}} eller 'ikke oplyst i kilden'",
                False,
            )
        return (
            f"{show_value(value)} er ikke tilladt; forventede {str(ctx.get('expected', '')).replace(' or ', ' eller ')}",
            False,
        )
    if kind == "string_type":
        hint = " — sæt værdien i anførselstegn" if isinstance(value, (int, float, bool)) else ""
        return f"forventede tekst, men fandt {show_value(value)}{hint}", False
    if kind in ("int_type", "int_from_float"):
        return f"forventede et heltal, men fandt {show_value(value)}", False
    if kind == "float_type":
        return f"forventede et tal (med decimalpunktum i YAML, fx 12.3), men fandt {show_value(value)}", False
    if kind == "bool_type":
        return f"forventede true eller false, men fandt {show_value(value)}", False
    if kind == "list_type":
        return f"forventede en liste (linjer der begynder med '- '), men fandt {show_value(value)}", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"forventede en mapping med felter ('nøgle: værdi'), men fandt {show_value(value)}", False
    if kind == "string_too_short":
        if value:
            return f"{show_value(value)} er for kort; forventede mindst {ctx.get('min_length')} tegn", False
        return "feltet er tomt; forventede en tekst", False
    if kind == "string_too_long":
        return f"teksten er {len(value)} tegn lang; forventede højst {ctx.get('max_length')} tegn", False
    if kind == "too_short":
        return "listen er tom; forventede mindst ét element", False
    if kind == "string_pattern_mismatch":
        expected = _pattern_hint(model, loc)
        if expected is not None:
            return f"{show_value(value)} er ikke gyldig; {expected}", False
        hint = ""
        if isinstance(value, str) and any(ch in value.lower() for ch in "æøå"):
            hint = f" (mente du '{ascii_slug(value)}'?)"
        return (
            f"{show_value(value)} er ikke et gyldigt id{hint}; forventede små bogstaver a–z, tal og bindestreger, fx 'team-ildfugle'",
            False,
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name == "percent":
            return f"{show_value(value)} er ikke en procentdel; forventede et tal mellem 0 og 100", False
        if name in ("year", "start", "end"):
            return f"{show_value(value)} er ikke et gyldigt årstal; forventede et år mellem 1900 og 2100", False
        if name in ("count", "part", "whole") and kind.startswith("less"):
            return f"{show_value(value)} er et urealistisk stort antal; forventede højst {MAX_COUNT:,}".replace(
                ",", "."
            ), False
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        relation = "mindst" if kind.startswith("greater") else "højst"
        return f"{show_value(value)} er uden for det tilladte; forventede {relation} {limit}", False
    if kind.startswith("date") or kind.startswith("datetime"):
        return f'{show_value(value)} er ikke en gyldig dato; forventede ÅÅÅÅ-MM-DD, fx "2026-11-22"', False
    if kind == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        return message.removeprefix("Value error, "), isinstance(value, dict)
    if kind == "union_tag_invalid":
        return f"{show_value(value)} er ikke gyldig; forventede 'ingen' eller en mapping med group og value", False
    return f"ugyldig værdi {show_value(value)} ({error.get('msg')})", False


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
