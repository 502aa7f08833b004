"""Which initiatives a booklet holds: criteria from the command line, checked against the reference data.

Unknown values are usage errors (exit code 2) that name the valid ones, so
``katalog pdf --target-group ungdom`` says which target groups exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from katalog.catalogue.messages import suggest, unknown_value
from katalog.catalogue.model import Initiative
from katalog.catalogue.validate import ValidCatalogue
from katalog.problems import KatalogError
from katalog.views.facts import danish_sort_key

_LISTED = 25


@dataclass(frozen=True)
class Selection:
    """Which initiatives a booklet holds; every given criterion must match (none given: all)."""

    target_group: str | None = None
    kind: str | None = None
    municipality: str | None = None
    id: str | None = None
    theme: str | None = None

    def describe(self, catalogue: ValidCatalogue) -> str | None:
        """'Målgruppe: Unge · Kommune: Esbjerg' for the cover, or None for the whole catalogue."""
        ref = catalogue.reference
        parts = []
        if self.target_group:
            parts.append(f"Målgruppe: {ref.target_groups[self.target_group].label}")
        if self.kind:
            parts.append(f"Indsatstype: {ref.kinds[self.kind].label}")
        if self.municipality:
            parts.append(f"Kommune: {self.municipality}")
        if self.id:
            parts.append(f"Indsats: {next(i.name for i in catalogue.initiatives if i.id == self.id)}")
        if self.theme:
            parts.append(f"Tema: {next(t.title for t in catalogue.themes if t.id == self.theme)}")
        return " · ".join(parts) or None


def _listing(values: Sequence[str]) -> str:
    shown = ", ".join(values[:_LISTED])
    return shown + (f" … (i alt {len(values)})" if len(values) > _LISTED else "")


def _unknown(what: str, value: str, valid: Sequence[str]) -> KatalogError:
    return KatalogError(unknown_value(what, value, valid, f"en af værdierne {_listing(valid)}"), exit_code=2)


def resolve(catalogue: ValidCatalogue, selection: Selection) -> Selection:
    """Check the criteria against the reference data; a municipality is matched like validation does.

    Raises a :class:`KatalogError` (exit code 2) naming the valid values.
    """
    ref = catalogue.reference
    if selection.target_group and selection.target_group not in ref.target_groups:
        raise _unknown("målgruppe", selection.target_group, list(ref.target_groups))
    if selection.kind and selection.kind not in ref.kinds:
        raise _unknown("indsatstype", selection.kind, list(ref.kinds))
    municipality = selection.municipality
    if municipality:
        names = {name.casefold(): name for name in ref.municipalities}
        names.update({alias.casefold(): name for alias, name in ref.municipality_aliases.items()})
        wanted = municipality.strip().casefold()
        found = names.get(wanted) or names.get(wanted.removesuffix(" kommune").strip())
        if found is None:
            present = sorted({m for i in catalogue.initiatives for m in i.municipalities}, key=danish_sort_key)
            raise KatalogError(
                f"'{municipality}' er ikke navnet på en dansk kommune{suggest(municipality, list(ref.municipalities))}; "
                f"vælg en af kommunerne i kataloget: {_listing(present)}",
                exit_code=2,
            )
        municipality = found
    if selection.id and selection.id not in {i.id for i in catalogue.initiatives}:
        raise _unknown("indsats-id", selection.id, [i.id for i in catalogue.initiatives])
    if selection.theme and selection.theme not in {t.id for t in catalogue.themes}:
        raise _unknown("tema", selection.theme, [t.id for t in catalogue.themes])
    return Selection(selection.target_group, selection.kind, municipality, selection.id, selection.theme)


def select(catalogue: ValidCatalogue, selection: Selection) -> list[Initiative]:
    """The initiatives matching every criterion, in the catalogue's order (criteria already resolved)."""
    members = {i for t in catalogue.themes if t.id == selection.theme for i in t.initiatives}
    return [
        item
        for item in catalogue.initiatives
        if (not selection.target_group or selection.target_group in item.target_groups)
        and (not selection.kind or selection.kind in item.kinds)
        and (not selection.municipality or selection.municipality in item.municipalities)
        and (not selection.id or item.id == selection.id)
        and (not selection.theme or item.id in members)
    ]
