"""Which characters the booklet can show: the code points of its fonts, read once with fontTools.

The booklet is set in Source Serif Pro and Source Sans Pro (see
:data:`katalog.booklet.build.FONTS`) with no system fonts, and its PDF/UA export
stops at a character no font has a glyph for. Validation refuses such
characters first, with their position, instead of Typst failing at the end of
a build. Common text (Latin-1 and the usual typographic punctuation) is known
to be covered by every face, so the fonts are read only when a file holds
something rarer.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

# Covered by every face of both families (tests/test_gate.py checks it against the fonts).
COMMON = re.compile(
    "[^\t\n\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2039\u203a\u20ac]"
)
# Shown without a glyph of their own: spaces (Typst sets them as space) and the
# invisible joiners and variation selectors the shaper consumes.
NO_GLYPH_NEEDED = frozenset(
    [ord(c) for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"]
    + [ord(c) for c in "\u200b\u200c\u200d\u2060\u00ad"]
    + list(range(0xFE00, 0xFE10))
)
# Not in the booklet's faces but set from Typst's own fonts (checked by compiling them).
FALLBACK = frozenset(ord(c) for c in "\u2011")


@functools.cache
def supported() -> frozenset[int]:
    """Every code point some face of the booklet's fonts has a glyph for (read once per process)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    from katalog.booklet.build import font_files

    points: set[int] = set(NO_GLYPH_NEEDED | FALLBACK)
    for resource in font_files():
        with resources.as_file(resource) as path:
            font = TTFont(path, lazy=True)
            try:
                points.update(font.getBestCmap())
            finally:
                font.close()
    return frozenset(points)


def missing(value: str) -> list[str]:
    """The distinct characters of ``value`` the booklet's fonts cannot show, in order of appearance."""
    if COMMON.search(value) is None:
        return []
    known = supported()
    found: dict[str, None] = {}
    for match in COMMON.finditer(value):
        char = match.group(0)
        if ord(char) not in known:
            found.setdefault(char)
    return list(found)


def describe(char: str) -> str:
    """``'😀' (U+1F600)`` for a visible character, ``U+200E`` alone for an invisible or unprintable one."""
    code = f"U+{ord(char):04X}"
    visible = char.isprintable() and unicodedata.category(char)[0] not in "MCZ"
    return f"'{char}' ({code})" if visible else code
