"""Record text as Typst data: string literals, arrays and dictionaries that can never run as markup.

The booklet's structural parts (cover, fact boxes, results, quotes, index) are
written as calls to the layout functions in ``booklet.typ`` whose arguments
are Typst *string literals*. A string shows as text, whatever it holds:
``#read("/etc/passwd")``, ``$x$``, ``*``, ``_``, ``@``, ``<label>`` or a
"22." at the start of a line are printed as written. Only this module writes
record text into Typst source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Everything a Typst string literal cannot hold as itself: the quote, the escape
# character, line breaks and other control characters (as \u{…}).
_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LABEL_SAFE = re.compile(r"^[A-Za-z0-9_.:-]+$")
_STRAIGHT_QUOTED = re.compile(r'"([^"\n]+)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


class Raw(str):
    """Typst code written by this project (never record text), passed through unescaped."""

    __slots__ = ()


def string(value: str) -> str:
    """A Typst string literal that holds ``value`` exactly."""

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        return _SIMPLE.get(char) or f"\\u{{{ord(char):x}}}"

    return '"' + _STRING_SPECIAL.sub(escape, value) + '"'


def danish_quotes(value: str) -> str:
    """Straight double quotes in pairs become Danish »…«, an apostrophe in a word ’; an unpaired quote stays."""
    value = _APOSTROPHE.sub("’", value)
    if value.count('"') % 2:
        return value
    return _STRAIGHT_QUOTED.sub(r"»\1«", value)


def value(item: object) -> str:
    """Any plain Python value as Typst code: strings as literals, lists as arrays, dicts as dictionaries."""
    if isinstance(item, Raw):
        return str(item)
    if item is None:
        return "none"
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, Mapping):
        if not item:
            return "(:)"
        return "(" + ", ".join(f"{string(str(k))}: {value(v)}" for k, v in item.items()) + ")"
    if isinstance(item, Iterable):
        parts = [value(v) for v in item]
        # A one-element array needs its trailing comma, or it is just parentheses.
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    raise TypeError(f"cannot write {type(item).__name__} as Typst")


def call(function: str, *args: object, **kwargs: object) -> str:
    """``#function(arg, key: arg)`` as one line of Typst markup; keyword names use '-' for '_'."""
    parts = [value(a) for a in args]
    parts += [f"{k.replace('_', '-')}: {value(v)}" for k, v in kwargs.items()]
    return f"#{function}({', '.join(parts)})"


def label(name: str) -> str:
    """A label name for an id the project controls (slugs); anything else is refused."""
    if not _LABEL_SAFE.match(name):
        raise ValueError(f"not a safe Typst label: {name!r}")
    return name
