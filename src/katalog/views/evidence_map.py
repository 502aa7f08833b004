"""The evidence map »Hvad ved vi?«: target groups against kinds of effort, as plain data for site and booklet.

Each cell holds the initiatives that have both the target group and the kind of effort,
and the strongest evidence among their results (best rank on the evidence scale,
:data:`katalog.catalogue.model.EVIDENCE_SCALE`). A result whose evidence is »Metode ikke
oplyst« counts as that step, the weakest; a cell whose initiatives have no results at all
has no evidence (``strongest`` is ``None``), so the map never shows more than the sources say.
Rows and columns are the vocabulary's terms in its order, only those some initiative uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from katalog.catalogue.model import EVIDENCE_SCALE, Evidence, Initiative
from katalog.catalogue.reference import Reference
from katalog.language import grammar

TITLE = "Hvad ved vi?"
CAPTION = "Antal indsatser og det stærkeste evidenstrin for hver kombination af målgruppe og indsatstype"
ROW_HEADING = "Målgruppe"
COLUMN_HEADING = "Indsatstype"
NONE = "ingen indsatser"
NO_RESULTS = "Ingen resultater oplyst"
NO_RESULTS_SHORT = "ingen resultater"
LEAD = (
    "Kortet viser, hvor kataloget har erfaringer: målgrupperne står i rækkerne og indsatstyperne i kolonnerne. "
    "Hvert felt viser, hvor mange indsatser der både har målgruppen og indsatstypen, og det stærkeste "
    "evidenstrin blandt deres resultater."
)
NOTES = (
    "En indsats står i flere felter, når den har flere målgrupper eller indsatstyper. Evidenstrinnet gælder "
    "indsatsens resultater som helhed; kilden siger ikke altid, om et resultat gælder netop den målgruppe.",
    "»Ingen resultater oplyst« betyder, at kilderne ikke nævner resultater for indsatserne i feltet. "
    "Et tomt felt betyder, at kataloget ikke har nogen indsats med den kombination – ikke, at den ikke virker.",
)

BOOKLET_NOTE = (
    "I tabellen på næste side står antallet af indsatser øverst i hvert felt og det stærkeste trin nederst; "
    "»ingen resultater« betyder, at kilderne ikke nævner resultater, og en streg, at der ingen indsatser er."
)


def count_text(count: int) -> str:
    """'ingen indsatser', '1 indsats', '2 indsatser'."""
    if count == 0:
        return NONE
    return grammar.count(count, "indsats")


@dataclass(frozen=True)
class Axis:
    """A row (target group) or column (kind of effort): the vocabulary id and its Danish label."""

    id: str
    label: str


@dataclass(frozen=True)
class Cell:
    """The initiatives with both a target group and a kind of effort, and the strongest evidence of their results."""

    target_group: str
    kind: str
    initiatives: tuple[str, ...]
    strongest: Evidence | None

    @property
    def count(self) -> int:
        return len(self.initiatives)

    @property
    def count_text(self) -> str:
        return count_text(self.count)

    @property
    def evidence_text(self) -> str:
        """The strongest evidence's label, »Ingen resultater oplyst«, or '' for an empty cell."""
        if not self.initiatives:
            return ""
        return EVIDENCE_SCALE[self.strongest].label if self.strongest is not None else NO_RESULTS


@dataclass(frozen=True)
class Row:
    group: Axis
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class EvidenceMap:
    """The whole map: its columns and its rows of cells, one cell per column in the same order."""

    columns: tuple[Axis, ...]
    rows: tuple[Row, ...]

    def cell(self, target_group: str, kind: str) -> Cell:
        for row in self.rows:
            if row.group.id == target_group:
                for cell in row.cells:
                    if cell.kind == kind:
                        return cell
        raise KeyError((target_group, kind))


def strongest(evidence: Sequence[Evidence]) -> Evidence | None:
    """The best-ranked evidence of a list (rank 1 is the strongest), or ``None`` for none."""
    return min(evidence, key=lambda e: EVIDENCE_SCALE[e].rank, default=None)


def evidence_map(initiatives: Sequence[Initiative], ref: Reference) -> EvidenceMap:
    """The map of ``initiatives``: rows and columns in vocabulary order, only the terms they use."""
    used_groups = {g for item in initiatives for g in item.target_groups}
    used_kinds = {k for item in initiatives for k in item.kinds}
    columns = tuple(Axis(k, term.label) for k, term in ref.kinds.items() if k in used_kinds)
    rows = []
    for gid, term in ref.target_groups.items():
        if gid not in used_groups:
            continue
        cells = []
        for column in columns:
            members = [i for i in initiatives if gid in i.target_groups and column.id in i.kinds]
            cells.append(
                Cell(
                    target_group=gid,
                    kind=column.id,
                    initiatives=tuple(i.id for i in members),
                    strongest=strongest([r.evidence for i in members for r in i.results]),
                )
            )
        rows.append(Row(Axis(gid, term.label), tuple(cells)))
    return EvidenceMap(columns, tuple(rows))
