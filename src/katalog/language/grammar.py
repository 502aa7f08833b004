"""Danish counts and lists, written one way everywhere: '1 indsats', '2 indsatser', 'A, B og C', 'Målgrupper'.

The site, the booklet, the command line and the messages count things and list values;
each goes through this module, so a noun is never in the wrong number and a list never
ends in a bare comma. :data:`NOUNS` is every noun the outputs count or put as a label over
values, in singular and plural. The site's scripts get the same table
(:func:`script_nouns`), so the browser writes the same words.

Numbers are written the Danish way: a dot between thousands ('1.234'), a decimal comma
('12,3'). Zero takes the plural ('0 indsatser'), as Danish does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

NounName = Literal[
    "adresse",
    "advarsel",
    "anden",
    "boligområde",
    "fejl",
    "fil",
    "indsats",
    "indsatstype",
    "kapitel",
    "kilde",
    "kommune",
    "kontaktperson",
    "metode",
    "målgruppe",
    "organisation",
    "resultat",
    "samarbejdsvirksomhed",
    "sekund",
    "side",
    "sted",
    "tegn",
    "tema",
    "virksomhed",
]


@dataclass(frozen=True)
class Noun:
    """A noun in its two numbers, as it stands after a number: 'indsats', 'indsatser'."""

    singular: str
    plural: str

    def form(self, count: int) -> str:
        """The form that goes with ``count``: the singular for exactly one, else the plural (also for zero)."""
        return self.singular if count == 1 else self.plural


# Every noun the outputs count or use as a label over values. Invariant nouns ('fejl', 'tegn') are
# here too, so a count is always written through the table and a reader never meets 'fejl(er)'.
NOUNS: dict[str, Noun] = {
    noun.singular: noun
    for noun in (
        Noun("adresse", "adresser"),
        Noun("advarsel", "advarsler"),
        # 'og 1 anden', 'og 2 andre': the rest of a list that is cut short.
        Noun("anden", "andre"),
        Noun("boligområde", "boligområder"),
        Noun("fejl", "fejl"),
        Noun("fil", "filer"),
        Noun("indsats", "indsatser"),
        Noun("indsatstype", "indsatstyper"),
        Noun("kapitel", "kapitler"),
        Noun("kilde", "kilder"),
        Noun("kommune", "kommuner"),
        Noun("kontaktperson", "kontaktpersoner"),
        Noun("metode", "metoder"),
        Noun("målgruppe", "målgrupper"),
        Noun("organisation", "organisationer"),
        Noun("resultat", "resultater"),
        Noun("samarbejdsvirksomhed", "samarbejdsvirksomheder"),
        Noun("sekund", "sekunder"),
        Noun("side", "sider"),
        Noun("sted", "steder"),
        Noun("tegn", "tegn"),
        Noun("tema", "temaer"),
        Noun("virksomhed", "virksomheder"),
    )
}
assert set(NOUNS) == set(get_args(NounName)), "NounName and NOUNS name the same nouns"


def number(value: float) -> str:
    """A number as Danish prints it: '1.234', '12,3'; at most one decimal, no trailing ',0'."""
    rounded = round(float(value), 1)
    whole, _, decimals = f"{rounded:,.1f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if decimals == "0" else f"{whole},{decimals}"


def noun(name: NounName, count: int) -> str:
    """The noun alone in the number ``count`` asks for: noun('indsats', 2) == 'indsatser'."""
    return NOUNS[name].form(count)


def count(value: int, name: NounName) -> str:
    """A count with its noun: '0 indsatser', '1 indsats', '1.234 indsatser'."""
    return f"{number(value)} {noun(name, value)}"


def label(name: NounName, values: int) -> str:
    """A label over ``values`` values: 'Målgruppe' over one (or none: 'Ikke oplyst'), 'Målgrupper' over several."""
    form = NOUNS[name].singular if values <= 1 else NOUNS[name].plural
    return form[:1].upper() + form[1:]


def join(values: Iterable[str], conjunction: str = "og") -> str:
    """Values as Danish lists them: 'A', 'A og B', 'A, B og C' (no comma before the last)."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def either(values: Iterable[str]) -> str:
    """Alternatives: 'A', 'A eller B', 'A, B eller C'."""
    return join(values, "eller")


def shortened(values: Sequence[str], shown: int = 3, conjunction: str = "og") -> str:
    """A list cut after ``shown`` values: 'a, b, c og 2 andre'; one more than ``shown`` is shown in full."""
    if len(values) <= shown + 1:
        return join(values, conjunction)
    rest = len(values) - shown
    return join([*values[:shown], count(rest, "anden")], conjunction)


def script_nouns() -> dict[str, list[str]]:
    """The table for the site's scripts: {'indsats': ['indsats', 'indsatser'], …}."""
    return {name: [n.singular, n.plural] for name, n in NOUNS.items()}
