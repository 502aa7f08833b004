"""The house style on a checked record's text fields: warnings at the character where each rule is broken.

Which fields are read comes from the model (:mod:`katalog.catalogue.fields`): every free-text
field, that is every plain string that is not an id, a web or e-mail address or a phone
number. Fields that carry the source's own words (``Verbatim``: passages, quotations, a theme's
attention points) are left as the source wrote them and never read: the house style must not
ask an editor to change a source's words. The rules themselves are in
:mod:`katalog.language.housestyle`; this module finds the fields, and places each finding at
its line and column in the file (:mod:`katalog.catalogue.scalars`), in a plain, quoted, folded
or literal scalar alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from katalog.catalogue import fields, scalars
from katalog.catalogue.model import Initiative
from katalog.catalogue.positions import Document, KeyPath
from katalog.catalogue.reference import Reference
from katalog.language import housestyle
from katalog.problems import Problem, format_path

# How far past its start a plain or block scalar may be written, per character of its value
# (indentation and folded line breaks): the walk never runs past the record.
_RAW_PER_CHARACTER = 64


def _is_free_text(facts: fields.FieldFacts) -> bool:
    return (
        facts.value is str
        and facts.pattern is None
        and not (facts.verbatim or facts.web_address or facts.email or facts.phone)
    )


@cache
def _kinds(
    model: type[BaseModel],
) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The path patterns under ``model`` of its free-text fields, of those that are Markdown, and of the roles."""
    text = fields.paths(model, _is_free_text)
    markdown = fields.paths(model, lambda f: _is_free_text(f) and f.markdown)
    role = fields.paths(model, lambda f: _is_free_text(f) and f.role)
    return text, markdown, role


def _strings(node: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _strings(value, (*path, n))


def record_names(item: Initiative, reference: Reference) -> list[str]:
    """The names a role of ``item`` may begin with: municipalities, and the record's places, organisations and people."""
    names = [*reference.municipalities, *item.municipalities, *item.housing_areas, *item.venues]
    names += [o.name for o in item.organisations]
    names += item.partner_companies.names if item.partner_companies is not None else []
    names += [x for c in item.contacts for x in (c.name, c.organisation) if x]
    names += [q.speaker_name for q in item.quotes if q.speaker_name]
    return names


def style_problems(
    doc: Document, base: KeyPath, model: type[BaseModel], record: str, names: Iterable[str] = ()
) -> list[Problem]:
    """The house-style warnings of the record of type ``model`` at ``base`` in ``doc``."""
    raw_record = doc.data
    for part in base:
        raw_record = raw_record[part]
    text_paths, markdown_paths, role_paths = _kinds(model)
    known = tuple(sorted({n for n in names if n}, key=len, reverse=True))
    problems = []
    for path, value in _strings(raw_record):
        pattern = fields.pattern_of(path)
        if pattern not in text_paths:
            continue
        findings = housestyle.check(value, markdown=pattern in markdown_paths, role=pattern in role_paths, names=known)
        if not findings:
            continue
        full = (*base, *path)
        line, column = doc.position(full)
        start = doc.lines.start(line) + column - 1
        end = start + _RAW_PER_CHARACTER * (len(value) + 1)
        placed = scalars.raw_offsets(doc.text, start, value, [f.offset for f in findings], end)
        for finding in findings:
            here = (line, column)
            if finding.offset in placed:
                here = doc.locate(placed[finding.offset])
            more = f" ({finding.count:,} i alt i feltet)".replace(",", ".") if finding.count > 1 else ""
            problems.append(
                Problem(
                    doc.file, here[0], here[1], "warning", finding.message + more, record, format_path(path) or None
                )
            )
    return problems
