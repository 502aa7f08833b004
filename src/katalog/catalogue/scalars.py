"""Where a character of a loaded string is written in the file, in plain, quoted and block scalars.

A check on a loaded value (the text after YAML's folding and escapes) finds an offset in
that value; an editor needs the line and column where the character is written.
:func:`raw_offsets` walks the scalar as written beside the value, character by character:
what YAML leaves out of the value (the quotes, a block scalar's header and indentation, a
line break folded into a space, the second ``'`` of ``''``, a ``\\`` escape's letters) is
stepped over, and each character of the value is matched to the first raw character that
reads as it. One pass, linear in the length of the scalar as written; an offset that
cannot be matched (a value the walk loses track of) is simply left out, and the caller
falls back to the value's own position.
"""

from __future__ import annotations

from collections.abc import Iterable

# Double-quoted escapes of one character after the backslash (YAML 1.2, 5.7).
_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_LINE_BREAKS = "\r\n"


def _escape(raw: str, at: int) -> tuple[str | None, int]:
    """The character a ``\\`` escape at ``at`` stands for (None: an escaped line break) and its raw length."""
    letter = raw[at + 1 : at + 2]
    if letter in _ESCAPES:
        return _ESCAPES[letter], 2
    if letter in _HEX_ESCAPES:
        digits = raw[at + 2 : at + 2 + _HEX_ESCAPES[letter]]
        try:
            return chr(int(digits, 16)), 2 + len(digits)
        except ValueError:
            return "", 2
    if letter in _LINE_BREAKS:
        return None, 2 + (raw[at + 1 : at + 3] == "\r\n")
    return "", 2


def raw_offsets(raw: str, start: int, value: str, wanted: Iterable[int], end: int | None = None) -> dict[int, int]:
    """Offsets in ``raw`` of the characters at ``wanted`` offsets of ``value``, the scalar written at ``start``.

    ``start`` is where the scalar begins (its opening quote or block indicator, or its first
    character); ``end`` bounds the walk (the next node, or the end of the text).
    """
    targets = sorted({w for w in wanted if 0 <= w < len(value)})
    if not targets:
        return {}
    stop = len(raw) if end is None else min(end, len(raw))
    style = raw[start : start + 1]
    i = start
    if style in ("'", '"'):
        i += 1
    elif style in ("|", ">"):
        # The value starts on the line after the header (indicators and a comment).
        newline = raw.find("\n", start, stop)
        i = stop if newline < 0 else newline + 1
    else:
        style = ""
    found: dict[int, int] = {}
    last = targets[-1]
    pending = iter(targets)
    target = next(pending)
    j = 0
    while i < stop and j <= last:
        char = raw[i]
        if style == '"' and char == "\\":
            decoded, length = _escape(raw, i)
            if decoded is not None and decoded == value[j]:
                if j == target:
                    found[target] = i
                    target = next(pending, -1)
                j += 1
            i += length
            continue
        if style == "'" and char == "'" and raw[i + 1 : i + 2] == "'":
            if value[j] == "'":
                if j == target:
                    found[target] = i
                    target = next(pending, -1)
                j += 1
            i += 2
            continue
        if style and char == style and style in ("'", '"'):
            break  # the closing quote: the value has ended
        if char == value[j]:
            if j == target:
                found[target] = i
                target = next(pending, -1)
            j += 1
        i += 1
    return found
