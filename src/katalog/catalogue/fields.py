"""What the model declares about its fields, read in one place.

:mod:`katalog.catalogue.model` declares the facts on the fields' types with the markers of
:mod:`katalog.catalogue.markers` (``Markdown()``, ``MultiLine()``, ``LongLine()``, ``WebAddress()``,
``EmailAddress()``, ``PhoneNumber()``) and the Danish label on every enumeration member. Every
module that needs one (the web form, the issue form, the link checker, the Markdown rules, the
messages, ``katalog fmt`` and ``katalog new``) asks here instead of walking pydantic's annotations
its own way or guessing from a name or a description's wording.

A field's *value type* is what is left when ``Annotated``, ``| None`` and ``list[…]`` are taken
off: ``str``, ``int``, a record type, an enumeration, a ``Literal``, or a union of several of
them (a comparison or ``'ingen'``). Its *constraints and markers* are everything ``Annotated``
and ``Field`` put on the way there; for a list, those of the items, the list's own apart.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from katalog.catalogue.markers import (
    EmailAddress,
    Labelled,
    LongLine,
    Markdown,
    MultiLine,
    PhoneNumber,
    Role,
    Verbatim,
    WebAddress,
)

KeyPath = tuple[str | int, ...]
# A list item in a path pattern (``("initiatives", ITEM, "description")``).
ITEM = "*"


def unwrap(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> tuple[Any, list[Any], bool]:
    """Strip ``Annotated`` and ``| None``: the bare type, every constraint and marker met on the way, and whether None is allowed."""
    meta = list(metadata)
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                meta.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
            annotation = Union[tuple(args)]  # noqa: UP007 - rebuilt from a runtime tuple
        return annotation, meta, optional


def is_record(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def records_in(annotation: Any) -> list[type[BaseModel]]:
    """The record types a type holds: itself, optionally, in a union or as list items."""
    if is_record(annotation):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in get_args(annotation):
        found += [r for r in records_in(argument) if r not in found]
    return found


def _declared(meta: list[Any] | tuple[Any, ...], *markers: type) -> bool:
    return any(isinstance(item, markers) for item in meta)


def is_markdown(meta: list[Any] | tuple[Any, ...]) -> bool:
    """The text is Markdown."""
    return _declared(meta, Markdown)


def is_multiline(meta: list[Any] | tuple[Any, ...]) -> bool:
    """The text may run over several lines (prose or Markdown)."""
    return _declared(meta, Markdown, MultiLine)


def is_text_area(meta: list[Any] | tuple[Any, ...]) -> bool:
    """A form shows the text in a text area: it may run over several lines, or is one long line."""
    return _declared(meta, Markdown, MultiLine, LongLine)


def is_verbatim(meta: list[Any] | tuple[Any, ...]) -> bool:
    """The text is the source's own words (a passage, a quotation), kept as the source wrote them."""
    return _declared(meta, Verbatim)


def is_role(meta: list[Any] | tuple[Any, ...]) -> bool:
    """The text is a person's role or job title."""
    return _declared(meta, Role)


def is_web_address(meta: list[Any] | tuple[Any, ...]) -> bool:
    return _declared(meta, WebAddress)


def is_email(meta: list[Any] | tuple[Any, ...]) -> bool:
    return _declared(meta, EmailAddress)


def is_phone(meta: list[Any] | tuple[Any, ...]) -> bool:
    return _declared(meta, PhoneNumber)


def constraint(meta: list[Any] | tuple[Any, ...], kind: type, attribute: str) -> Any:
    """The first constraint of ``kind`` (``annotated_types.MaxLen``…) and its ``attribute``, or None."""
    for item in meta:
        if isinstance(item, kind):
            return getattr(item, attribute)
    return None


def pattern(meta: list[Any] | tuple[Any, ...]) -> str | None:
    for item in meta:
        found = getattr(item, "pattern", None)
        if isinstance(found, str):
            return found
    return None


def enum_labels(enum: type[Labelled]) -> dict[str, str]:
    """Value → Danish label of every member, as the model declares them."""
    return {member.value: member.label for member in enum}


@dataclass(frozen=True)
class FieldFacts:
    """One field of a record type and what the model declares about it."""

    name: str
    title: str | None
    description: str | None
    required: bool
    # None is allowed.
    optional: bool
    # A list of values; ``value`` and ``meta`` are then the items'.
    many: bool
    value: Any
    meta: tuple[Any, ...]
    # A list's own constraints (its shortest length).
    list_meta: tuple[Any, ...]
    info: FieldInfo

    @property
    def markdown(self) -> bool:
        return is_markdown(self.meta)

    @property
    def multiline(self) -> bool:
        return is_multiline(self.meta)

    @property
    def text_area(self) -> bool:
        return is_text_area(self.meta)

    @property
    def verbatim(self) -> bool:
        return is_verbatim(self.meta)

    @property
    def role(self) -> bool:
        return is_role(self.meta)

    @property
    def web_address(self) -> bool:
        return is_web_address(self.meta)

    @property
    def email(self) -> bool:
        return is_email(self.meta)

    @property
    def phone(self) -> bool:
        return is_phone(self.meta)

    @property
    def enum(self) -> type[Labelled] | None:
        value = self.value
        return value if isinstance(value, type) and issubclass(value, Labelled) else None

    @property
    def labels(self) -> dict[str, str]:
        """The Danish labels of the field's enumeration (empty for any other field)."""
        return enum_labels(self.enum) if self.enum is not None else {}

    @property
    def record(self) -> type[BaseModel] | None:
        """The record type the field holds (directly, optionally, as list items or as one choice of a union)."""
        found = records_in(self.value)
        return found[0] if found else None

    @property
    def max_length(self) -> int | None:
        found = constraint(self.meta, annotated_types.MaxLen, "max_length")
        return int(found) if found is not None else None

    @property
    def min_length(self) -> int | None:
        found = constraint(self.meta, annotated_types.MinLen, "min_length")
        return int(found) if found is not None else None

    @property
    def pattern(self) -> str | None:
        return pattern(self.meta)


def _facts(name: str, info: FieldInfo) -> FieldFacts:
    value, meta, optional = unwrap(info.annotation, info.metadata)
    many = get_origin(value) is list
    list_meta: list[Any] = []
    if many:
        list_meta = meta
        value, meta, _ = unwrap(get_args(value)[0])
    return FieldFacts(
        name,
        info.title,
        info.description,
        info.is_required(),
        optional,
        many,
        value,
        tuple(meta),
        tuple(list_meta),
        info,
    )


@cache
def field_facts(model: type[BaseModel]) -> dict[str, FieldFacts]:
    """The fields of ``model`` in the model's order, each with its facts."""
    return {name: _facts(name, info) for name, info in model.model_fields.items()}


def model_at(model: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The record type at ``path`` inside a ``model`` (list indexes are skipped), or None."""
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, int):
            continue
        found = field_facts(current).get(part) if current is not None else None
        current = found.record if found is not None else None
    return current


def field_at(model: type[BaseModel], path: KeyPath) -> FieldFacts | None:
    """The field a key path inside ``model`` ends at (``("results", 0, "value")``), or None."""
    names = [part for part in path if not isinstance(part, int)]
    if not names:
        return None
    parent = model_at(model, tuple(names[:-1]))
    return field_facts(parent).get(names[-1]) if parent is not None else None


def walk(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], FieldFacts]]:
    """Every field under ``model``, nested records included, with its path (``ITEM`` for a list item)."""
    for name, facts in field_facts(model).items():
        here = (*path, name, ITEM) if facts.many else (*path, name)
        yield (*path, name), facts
        for inner in records_in(facts.value):
            yield from walk(inner, here)


def paths(model: type[BaseModel], test: Callable[[FieldFacts], bool]) -> frozenset[tuple[str, ...]]:
    """The path patterns of the values under ``model`` whose field passes ``test`` (``ITEM`` for a list index)."""
    return frozenset((*path, ITEM) if facts.many else path for path, facts in walk(model) if test(facts))


def pattern_of(path: KeyPath) -> tuple[str, ...]:
    """A key path as a path pattern: list indexes as ``ITEM``."""
    return tuple(ITEM if isinstance(part, int) else part for part in path)


def records(*roots: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every record type reachable from ``roots``, by class name."""
    found: dict[str, type[BaseModel]] = {}
    todo = list(roots)
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        todo += [inner for facts in field_facts(model).values() for inner in records_in(facts.value)]
    return found


def enums(*roots: type[BaseModel]) -> list[type[Labelled]]:
    """Every enumeration a field reachable from ``roots`` holds."""
    found: list[type[Labelled]] = []
    for model in records(*roots).values():
        for facts in field_facts(model).values():
            if facts.enum is not None and facts.enum not in found:
                found.append(facts.enum)
    return found


def field_names(test: Callable[[FieldFacts], bool]) -> frozenset[str]:
    """The names of the fields, anywhere in the catalogue's and the source list's records, that pass ``test``.

    For the checks that run on loaded values by field name, before any model has been chosen for them.
    """
    from katalog.catalogue.model import Catalogue, SourceList

    return frozenset(path[-1] for root in (Catalogue, SourceList) for path, facts in walk(root) if test(facts))
