"""The facts a field of the model can declare about itself, and enumerations that carry Danish labels.

:mod:`katalog.catalogue.model` puts a marker on a field's type (``Annotated[str, Markdown()]``);
:mod:`katalog.catalogue.fields` reads them for everyone else. Pydantic ignores the markers, so the
JSON Schema does not show them. Nothing about a field is inferred from its name or the wording of
its description.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Self


@dataclass(frozen=True)
class Markdown:
    """The text is Markdown: rendered on the site and in the booklet, edited with a Markdown editor."""


@dataclass(frozen=True)
class MultiLine:
    """Prose that may run over several lines: a text area in the forms, line breaks allowed."""


@dataclass(frozen=True)
class LongLine:
    """One line that is often long (a passage quoted from the source): a text area in the web form, still one line."""


@dataclass(frozen=True)
class Verbatim:
    """The source's own words, written as the source wrote them: the house style does not apply to them."""


@dataclass(frozen=True)
class Role:
    """A person's role or job title ('jobcenterchef'), written in lower case unless it begins with a name."""


@dataclass(frozen=True)
class WebAddress:
    """A web address (http:// or https://), checked by ``katalog check-links``."""


@dataclass(frozen=True)
class EmailAddress:
    """An e-mail address."""


@dataclass(frozen=True)
class PhoneNumber:
    """A Danish phone number."""


class Labelled(StrEnum):
    """An enumeration whose members carry their Danish label: ``aktiv = "aktiv", "Aktiv"``."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
