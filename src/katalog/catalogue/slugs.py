"""ASCII ids from Danish names: one spelling of æ, ø and å for every id and page address the catalogue makes."""

from __future__ import annotations

import re
import unicodedata

DANISH_LETTERS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))


def ascii_slug(name: str) -> str:
    """'Høje-Taastrup' → 'hoeje-taastrup', 'Café Ünïcode & co.' → 'cafe-unicode-co'; '' when nothing is left.

    Letters are case-folded, æ, ø and å spelled as Danes do without them (ae, oe, aa), other
    accents dropped, and every run of other characters becomes one '-'.
    """
    text = name.casefold()
    for letter, spelled in DANISH_LETTERS:
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
