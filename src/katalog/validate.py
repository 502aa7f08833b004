"""Check a loaded catalogue: the schema of each record, then the rules across records.

Every problem is collected in one pass. Schema errors are reported per record;
the cross-reference rules (vocabularies, municipalities, method pages, source
ids, duplicates) run only on the records that passed the schema, so one typo
does not cascade into a dozen messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from katalog.load import Document, KeyPath, find_cpr_numbers, load_file
from katalog.messages import suggest, translate
from katalog.model import Catalogue, Initiative, Source, Theme
from katalog.problems import Problem, format_path
from katalog.reference import Reference, find_root, load_reference

STALE_AFTER_MONTHS = 24
_SECTIONS = tuple(Catalogue.model_fields)
M = TypeVar("M", bound=BaseModel)


@dataclass
class ValidCatalogue:
    """The records that passed every check, ready for rendering."""

    sources: dict[str, Source]
    themes: list[Theme]
    initiatives: list[Initiative]
    reference: Reference
    document: Document


@dataclass
class Report:
    """The outcome of a validation: every problem, and the catalogue when there are no errors."""

    problems: list[Problem] = field(default_factory=list)
    catalogue: ValidCatalogue | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def validate_file(data: Path, root: Path | None = None, today: dt.date | None = None) -> Report:
    """Load reference data and ``data``, and check everything."""
    project = root or find_root(data.resolve().parent, fallback=True)
    reference, problems = load_reference(project)
    doc = load_file(data)
    report = validate_document(doc, reference, today or dt.date.today())
    report.problems = sorted(problems + report.problems)
    if report.errors:
        report.catalogue = None
    return report


def validate_document(doc: Document, reference: Reference, today: dt.date) -> Report:
    """Check a loaded document against the model and the reference data."""
    report = Report(problems=list(doc.problems))
    if not doc.ok and doc.data is None:
        return report
    find_cpr_numbers(doc)
    report.problems = list(doc.problems)
    load_errors = doc.refused
    checker = _Checker(doc, reference, today, report.problems)
    catalogue = checker.run()
    # A value the loader refused (a tag, an alias) also fails the schema; say it once.
    from_loader = {id(p) for p in doc.problems}
    report.problems = [p for p in report.problems if id(p) in from_loader or (p.line, p.column) not in load_errors]
    report.problems.sort()
    if catalogue is not None and not report.errors:
        report.catalogue = catalogue
    return report


class _Checker:
    def __init__(self, doc: Document, reference: Reference, today: dt.date, problems: list[Problem]) -> None:
        self.doc = doc
        self.ref = reference
        self.today = today
        self.problems = problems

    def add(
        self, path: KeyPath, message: str, *, record: str | None, key: bool = False, severity: str = "error"
    ) -> None:
        line, column = self.doc.position(path, key=key)
        rel = path[2:] if len(path) > 2 else ()
        self.problems.append(Problem(self.doc.file, line, column, severity, message, record, format_path(rel) or None))  # type: ignore[arg-type]

    def run(self) -> ValidCatalogue | None:
        data = self.doc.data
        if not isinstance(data, dict):
            found = "en liste" if isinstance(data, list) else f"'{data}'"
            self.add(
                (),
                f"forventede en mapping med nøglerne {', '.join(_SECTIONS)} på øverste niveau, men fandt {found}",
                record=None,
            )
            return None
        for key in data:
            if key not in _SECTIONS:
                self.add(
                    (key,),
                    f"ukendt nøgle '{key}' på øverste niveau{suggest(key, _SECTIONS)}; forventede en af: {', '.join(_SECTIONS)}",
                    record=None,
                    key=True,
                )
        if "initiatives" not in data:
            self.add(
                (),
                "nøglen 'initiatives' mangler på øverste niveau; tilføj 'initiatives:' med en liste af indsatser",
                record=None,
            )
        sources = self.ref.sources
        themes = [t for _, t in self._records("themes", Theme)]
        initiatives = list(self._records("initiatives", Initiative))
        self._check_initiatives(initiatives, sources)
        self._check_themes(themes, sources, {i.id for _, i in initiatives})
        return ValidCatalogue(sources, themes, [i for _, i in initiatives], self.ref, self.doc)

    def _records(self, section: str, model: type[M]) -> Iterator[tuple[int, M]]:
        items = self.doc.data.get(section)
        if items is None:
            return
        if not isinstance(items, list):
            self.add((section,), f"forventede en liste under '{section}' (linjer der begynder med '- ')", record=None)
            return
        for index, item in enumerate(items):
            record = _record_name(section, index, item)
            try:
                yield index, model.model_validate(item)
            except ValidationError as exc:
                self.problems.extend(translate(exc, self.doc, (section, index), record))

    def _unique(self, section: str, key: str, what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(self.doc.data.get(section) or []):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            folded = value.casefold()
            if folded in seen:
                first = self.doc.position((section, seen[folded], key))[0]
                self.add(
                    (section, index, key),
                    f"{what} '{value}' findes allerede (linje {first}); forventede en unik værdi",
                    record=_record_name(section, index, item),
                )
            else:
                seen[folded] = index

    def _check_initiatives(self, initiatives: list[tuple[int, Initiative]], sources: dict[str, Source]) -> None:
        self._unique("initiatives", "id", "id'et")
        self._unique("initiatives", "name", "navnet")
        for index, item in initiatives:
            base: KeyPath = ("initiatives", index)
            rid = item.id
            self._ids(
                base,
                "target_groups",
                item.target_groups,
                self.ref.target_groups,
                "målgruppe",
                "data/vocabularies.yaml",
                rid,
            )
            self._ids(base, "kinds", item.kinds, self.ref.kinds, "indsatstype", "data/vocabularies.yaml", rid)
            self._ids(base, "methods", item.methods, self.ref.methods, "metode", "docs/methods/", rid)
            self._ids(base, "sources", item.sources, sources, "kilde", "data/sources.yaml", rid)
            self._ids(base, "further_reading", item.further_reading, sources, "kilde", "data/sources.yaml", rid)
            for part in ("results", "goals", "quotes", "stories"):
                for n, entry in enumerate(getattr(item, part)):
                    self._ids(
                        (*base, part, n),
                        "source",
                        [entry.source],
                        sources,
                        "kilde",
                        "data/sources.yaml",
                        rid,
                        single=True,
                    )
            for n, name in enumerate(item.municipalities):
                self._municipality((*base, "municipalities", n), name, rid)
            for n, result in enumerate(item.results):
                if result.comparison is None:
                    self.add(
                        (*base, "results", n),
                        "resultatet har ingen sammenligning; angiv comparison med gruppe og værdi, eller 'comparison: ingen' hvis kilden ikke har nogen",
                        record=rid,
                        severity="warning",
                    )
            if not item.contacts:
                self.add(
                    (*base, "id"),
                    "indsatsen har ingen kontaktperson; tilføj contacts, hvis kilden nævner en",
                    record=rid,
                    key=True,
                    severity="warning",
                )
            self._review_date(base, item, rid)

    def _review_date(self, base: KeyPath, item: Initiative, rid: str) -> None:
        reviewed = item.last_reviewed
        if reviewed > self.today:
            self.add(
                (*base, "last_reviewed"),
                f"datoen {reviewed.isoformat()} ligger i fremtiden; forventede en dato til og med i dag",
                record=rid,
            )
        elif (self.today.year - reviewed.year) * 12 + self.today.month - reviewed.month > STALE_AFTER_MONTHS:
            self.add(
                (*base, "last_reviewed"),
                f"indsatsen er sidst gennemgået {reviewed.isoformat()}, mere end {STALE_AFTER_MONTHS} måneder siden; gennemgå oplysningerne og opdater datoen",
                record=rid,
                severity="warning",
            )

    def _municipality(self, path: KeyPath, name: str, rid: str) -> None:
        if name in self.ref.municipalities:
            return
        official = self.ref.municipality_aliases.get(name)
        if official:
            self.add(
                path,
                f"'{name}' er en anden stavemåde; forventede det officielle navn '{official}'",
                record=rid,
                severity="warning",
            )
            return
        self.add(
            path,
            f"'{name}' er ikke en dansk kommune{suggest(name, self.ref.municipalities)}; forventede et navn fra data/municipalities.yaml (fx 'Esbjerg', ikke 'Esbjerg Kommune')",
            record=rid,
        )

    def _ids(
        self,
        base: KeyPath,
        name: str,
        values: list[str],
        known: Any,
        what: str,
        where: str,
        rid: str,
        single: bool = False,
    ) -> None:
        for n, value in enumerate(values):
            if value not in known:
                path = base + ((name,) if single else (name, n))
                self.add(
                    path, f"ukendt {what} '{value}'{suggest(value, known)}; forventede et id fra {where}", record=rid
                )

    def _check_themes(self, themes: list[Theme], sources: dict[str, Source], initiative_ids: set[str]) -> None:
        self._unique("themes", "id", "tema-id'et")
        for index, raw in enumerate(self.doc.data.get("themes") or []):
            theme = next((t for t in themes if isinstance(raw, dict) and t.id == raw.get("id")), None)
            if theme is None:
                continue
            base: KeyPath = ("themes", index)
            self._ids(base, "source", [theme.source], sources, "kilde", "data/sources.yaml", theme.id, single=True)
            if theme.interview is not None:
                self._ids(
                    (*base, "interview"),
                    "source",
                    [theme.interview.source],
                    sources,
                    "kilde",
                    "data/sources.yaml",
                    theme.id,
                    single=True,
                )
                self._ids(
                    (*base, "interview"),
                    "initiatives",
                    theme.interview.initiatives,
                    initiative_ids,
                    "indsats",
                    "listen 'initiatives'",
                    theme.id,
                )


def _record_name(section: str, index: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return str(item["id"])
    return f"{section}[{index}]"
