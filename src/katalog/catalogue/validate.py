"""Check a loaded catalogue: the schema of each record, then the rules across records.

Every problem is collected in one pass. Schema errors are reported per record;
the cross-reference rules (vocabularies, municipalities, method pages, source
ids, duplicates) run only on the records that passed the schema, so one typo
does not cascade into a dozen messages.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from katalog.catalogue.load import Document, KeyPath, build, paused_gc, read_file
from katalog.catalogue.messages import suggest, translate, unknown_value
from katalog.catalogue.model import (
    EVIDENCE_SCALE,
    NO_COMPARISON,
    TIME_POINT_NOT_STATED,
    Catalogue,
    Comparison,
    Initiative,
    Result,
    Source,
    Status,
    Theme,
)
from katalog.catalogue.reference import Reference, find_root, load_reference
from katalog.catalogue.style_rules import record_names, style_problems
from katalog.catalogue.value_rules import ValueRules
from katalog.problems import HasProblems, Problem, format_path

STALE_AFTER_MONTHS = 24
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
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
class Report(HasProblems):
    """The outcome of a validation: every problem, and the catalogue when there are no errors."""

    problems: list[Problem] = field(default_factory=list)
    catalogue: ValidCatalogue | None = None
    # How many initiatives the file holds (valid or not), when it could be read.
    records: int | None = None
    # How many processes shared the records (1: the whole file was read in one go).
    pieces: int = 1


def validate_file(
    data: Path,
    root: Path | None = None,
    today: dt.date | None = None,
    *,
    workers: int = 1,
    parallel_min_bytes: int = PARALLEL_MIN_BYTES,
) -> Report:
    """Load reference data and ``data``, and check everything.

    With ``workers`` above one, a large file is checked on several cores (see
    :mod:`katalog.catalogue.parallel`). The problems are the same either way, but the
    parallel check returns no :class:`ValidCatalogue`, only the problems and the
    number of records: ``katalog validate`` uses it, the builders do not.
    """
    project = root or find_root(Path(os.path.realpath(data)).parent, fallback=True)
    reference, problems = load_reference(project)
    day = today or dt.date.today()
    doc = read_file(data)
    report: Report | None = None
    if doc.ready:
        if workers > 1 and len(doc.text) >= parallel_min_bytes:
            from katalog.catalogue.parallel import validate_in_parallel

            report = validate_in_parallel(doc, reference, day, workers)
        if report is None:
            build(doc)
    if report is None:
        report = validate_document(doc, reference, day)
    report.problems = sorted(problems + report.problems)
    if report.errors:
        report.catalogue = None
    return report


def default_workers() -> int:
    """KATALOG_WORKERS when it is a positive number (benchmarks set 1), else the number of CPUs."""
    setting = os.environ.get("KATALOG_WORKERS", "")
    return int(setting) if setting.isdigit() and int(setting) > 0 else (os.cpu_count() or 1)


def validate_document(doc: Document, reference: Reference, today: dt.date) -> Report:
    """Check a loaded document against the model and the reference data."""
    report = Report(problems=list(doc.problems))
    if not doc.ok and doc.data is None:
        return report
    report.problems = list(doc.problems) + ValueRules(doc).run()
    checker = Checker(doc, reference, today, report.problems)
    with paused_gc():
        catalogue = checker.run()
    items = doc.data.get("initiatives") if isinstance(doc.data, dict) else None
    report.records = len(items) if isinstance(items, list) else None
    report.problems = without_follow_ups(report.problems, doc)
    report.problems.sort()
    if catalogue is not None and not report.errors:
        report.catalogue = catalogue
    return report


class Checker:
    """The checks of one document (or one piece of it, in a parallel check), adding to ``problems``."""

    def __init__(
        self, doc: Document, reference: Reference, today: dt.date, problems: list[Problem], index_offset: int = 0
    ) -> None:
        self.doc = doc
        self.ref = reference
        self.today = today
        self.problems = problems
        # The index of this document's first initiative in the whole file (parallel checks).
        self.index_offset = index_offset

    def add(
        self, path: KeyPath, message: str, *, record: str | None, key: bool = False, severity: str = "error"
    ) -> None:
        line, column = self.doc.position(path, key=key)
        rel = path[2:] if len(path) > 2 else ()
        self.problems.append(Problem(self.doc.file, line, column, severity, message, record, format_path(rel) or None))  # type: ignore[arg-type]

    def run(self, *, checked_ids: set[str] | None = None) -> ValidCatalogue | None:
        """Check the whole document; with ``checked_ids``, the initiatives were checked elsewhere."""
        data = self.doc.data
        if not isinstance(data, dict):
            found = "en liste" if isinstance(data, list) else f"'{data}'"
            self.add(
                (),
                f"filen er {found}, men skal bestå af felterne {', '.join(_SECTIONS)} yderst til venstre; "
                "begynd filen med 'initiatives:' og en liste af indsatser under det, som i skabelonen",
                record=None,
            )
            return None
        for key in data:
            if key not in _SECTIONS:
                self.add(
                    (key,),
                    f"ukendt felt '{key}' yderst til venstre{suggest(key, _SECTIONS)}; her kan kun stå felterne {', '.join(_SECTIONS)}",
                    record=None,
                    key=True,
                )
        if "initiatives" not in data:
            self.add(
                (),
                "feltet 'initiatives' mangler yderst til venstre; tilføj 'initiatives:' med en liste af indsatser under det",
                record=None,
            )
        sources = self.ref.sources
        themes = [t for _, t in self._records("themes", Theme)]
        if checked_ids is not None:
            self._check_themes(themes, sources, checked_ids)
            return None
        initiatives = list(self._records("initiatives", Initiative))
        self._check_initiatives(initiatives, sources)
        self._check_themes(themes, sources, {i.id for _, i in initiatives})
        return ValidCatalogue(sources, themes, [i for _, i in initiatives], self.ref, self.doc)

    def initiatives_only(self) -> list[tuple[int, Initiative]]:
        """Check the initiatives one by one, not the rules across them (a piece of a parallel check)."""
        with paused_gc():
            initiatives = list(self._records("initiatives", Initiative))
        self._check_initiatives(initiatives, self.ref.sources, unique=False)
        return initiatives

    def _records(self, section: str, model: type[M]) -> Iterator[tuple[int, M]]:
        items = self.doc.data.get(section)
        if items is None and section == "initiatives" and section in self.doc.data:
            self.add(
                (section,),
                "'initiatives' er tom; skriv indsatserne under det som en liste (linjer, der begynder med '- ')",
                record=None,
                key=True,
            )
            return
        if items is None:
            return
        if not isinstance(items, list):
            self.add(
                (section,),
                f"'{section}' er ikke en liste; skriv hvert element under det på sin egen linje, der begynder med '- '",
                record=None,
            )
            return
        for index, item in enumerate(items):
            record = _record_name(section, index + self.index_offset, item)
            try:
                yield index, model.model_validate(item)
            except ValidationError as exc:
                self.problems.extend(translate(exc, self.doc, (section, index), record))

    def _unique(self, section: str, key: str, what: str) -> None:
        self.unique(keyed(self.doc, section, key), what)

    def unique(self, entries: list[Keyed], what: str) -> None:
        """Report each entry whose value (case-folded) an earlier entry already has."""
        seen: dict[str, int] = {}
        for entry in entries:
            folded = comparable(entry.value)
            if folded in seen:
                self.problems.append(
                    Problem(
                        self.doc.file,
                        entry.line,
                        entry.column,
                        "error",
                        f"{what} '{entry.value}' findes allerede (linje {seen[folded]}); giv hver post sit eget",
                        entry.record,
                        entry.key,
                    )
                )
            else:
                seen[folded] = entry.line

    def _check_initiatives(
        self, initiatives: list[tuple[int, Initiative]], sources: dict[str, Source], *, unique: bool = True
    ) -> None:
        if unique:
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
            for part in ("results", "goals", "findings", "quotes", "stories"):
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
            for part in ("status_basis", "planned_status"):
                claim = getattr(item, part)
                if claim is not None:
                    self._ids(
                        (*base, part), "source", [claim.source], sources, "kilde", "data/sources.yaml", rid, single=True
                    )
            for n, name in enumerate(item.municipalities):
                self._municipality((*base, "municipalities", n), name, rid)
            self._status(base, item, rid)
            for n, story_ in enumerate(item.stories):
                for detail in identifying_details(story_.text, item):
                    self.add(
                        (*base, "stories", n, "text"),
                        f"historien nævner {detail}, som borgeren kan genkendes på; skriv det om, eller udelad det",
                        record=rid,
                        severity="warning",
                    )
            for n, result in enumerate(item.results):
                for key, message in evidence_problems(result):
                    self.add((*base, "results", n, key), message, record=rid)
                if result.comparison is None:
                    self.add(
                        (*base, "results", n),
                        "resultatet har ingen sammenligning; tilføj comparison med gruppe og værdi, eller skriv 'comparison: ingen', hvis kilden ikke har nogen",
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
            self.problems += style_problems(self.doc, base, Initiative, rid, record_names(item, self.ref))

    def _status(self, base: KeyPath, item: Initiative, rid: str) -> None:
        if item.status != Status.ukendt and item.status_basis is None:
            self.add(
                (*base, "status"),
                f"status '{item.status.value}' kræver kildens ord; tilføj status_basis med source og passage, "
                "eller skriv 'status: ukendt' (en hensigt hører under planned_status)",
                record=rid,
            )
        if item.planned_status is not None and item.planned_status.status == Status.ukendt:
            self.add(
                (*base, "planned_status", "status"),
                "en planlagt status kan ikke være 'ukendt'; skriv aktiv, permanent eller afsluttet, eller slet planned_status",
                record=rid,
            )

    def _review_date(self, base: KeyPath, item: Initiative, rid: str) -> None:
        reviewed = item.last_reviewed
        if reviewed > self.today:
            self.add(
                (*base, "last_reviewed"),
                f"datoen {reviewed.isoformat()} ligger i fremtiden; skriv datoen for, hvornår posten sidst blev gennemgået (i dag eller før)",
                record=rid,
            )
        elif (self.today.year - reviewed.year) * 12 + self.today.month - reviewed.month > STALE_AFTER_MONTHS:
            self.add(
                (*base, "last_reviewed"),
                f"indsatsen er sidst gennemgået {reviewed.isoformat()}, for mere end {STALE_AFTER_MONTHS} måneder siden; gennemgå oplysningerne, og opdater datoen",
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
                f"'{name}' er en anden stavemåde af kommunens navn; skriv det officielle navn '{official}'",
                record=rid,
                severity="warning",
            )
            return
        short = short_municipality(name, self.ref.municipalities)
        hint = suggest(name, self.ref.municipalities)
        if short is not None:
            message = f"'{name}' er kommunens fulde navn, men feltet skal have det korte navn; skriv '{short}'"
        elif hint:
            message = (
                f"'{name}' er ikke navnet på en dansk kommune{hint}; skriv kommunens korte navn, "
                "som det står i data/municipalities.yaml, fx 'Esbjerg'"
            )
        else:
            # No near name: a guess would mislead ('Gellerup' is a part of Aarhus, not 'Ballerup').
            message = (
                f"'{name}' er ikke navnet på en dansk kommune; skriv et af de {len(self.ref.municipalities)} navne i "
                "data/municipalities.yaml – er det en bydel eller et boligområde, så skriv det under housing_areas "
                "og kommunens navn her"
            )
        self.add(path, message, record=rid)

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
                self.add(path, unknown_value(what, value, known, f"et id fra {where}"), record=rid)

    def _check_themes(self, themes: list[Theme], sources: dict[str, Source], initiative_ids: set[str]) -> None:
        self._unique("themes", "id", "tema-id'et")
        for index, raw in enumerate(self.doc.data.get("themes") or []):
            theme = next((t for t in themes if isinstance(raw, dict) and t.id == raw.get("id")), None)
            if theme is None:
                continue
            base: KeyPath = ("themes", index)
            self.problems += style_problems(self.doc, base, Theme, theme.id, self.ref.municipalities)
            self._ids(base, "source", [theme.source], sources, "kilde", "data/sources.yaml", theme.id, single=True)
            self._ids(base, "further_reading", theme.further_reading, sources, "kilde", "data/sources.yaml", theme.id)
            self._ids(
                base, "initiatives", theme.initiatives, initiative_ids, "indsats", "listen 'initiatives'", theme.id
            )
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


# 'Roskilde Kommune', 'Københavns Kommune', 'Bornholms Regionskommune': a municipality's full name.
_FULL_NAME = re.compile(r"\s+(?:region)?kommune\Z", re.IGNORECASE)


def short_municipality(name: str, municipalities: Iterable[str]) -> str | None:
    """The short name the field wants when ``name`` is a municipality's full name ('Roskilde Kommune'), else None."""
    base = _FULL_NAME.sub("", name.strip())
    if base == name.strip():
        return None
    known = {m.casefold(): m for m in municipalities}
    for candidate in (base, base[:-1] if base.endswith("s") else base):
        if candidate.casefold() in known:
            return known[candidate.casefold()]
    return None


def evidence_problems(result: Result) -> list[tuple[str, str]]:
    """The ways a result's evidence label claims more than its data holds: (field, message)."""
    step = EVIDENCE_SCALE[result.evidence]
    kind = result.evidence.value
    found: list[tuple[str, str]] = []
    compared = isinstance(result.comparison, Comparison)
    if step.comparison and not compared:
        shown = "ingen sammenligning" if result.comparison is None else f"comparison: {NO_COMPARISON}"
        found.append(
            (
                "evidence",
                f"evidenstypen '{kind}' kræver en sammenligningsgruppe, men resultatet har {shown}; "
                f"tilføj comparison med group og value (eller value: '{TIME_POINT_NOT_STATED}'), eller vælg en svagere evidenstype",
            )
        )
    if compared and not step.comparison:
        found.append(
            (
                "comparison",
                f"evidenstypen '{kind}' har ingen sammenligningsgruppe, men resultatet har en; "
                "vælg 'kontrolgruppe' eller 'sammenligning', eller skriv 'comparison: ingen'",
            )
        )
    if step.baseline and result.baseline is None:
        found.append(
            (
                "evidence",
                f"evidenstypen '{kind}' kræver en måling før indsatsen; tilføj baseline, eller vælg en svagere evidenstype",
            )
        )
    if result.baseline is not None and not step.baseline:
        found.append(
            (
                "baseline",
                f"evidenstypen '{kind}' har ingen måling før indsatsen; fjern baseline, eller vælg 'foer-efter'",
            )
        )
    return found


# An exact age ("39-årig", "32 år", "på 21 år"): enough, with a town, to recognise a citizen.
_AGE = re.compile(r"\b\d{1,3}\s*-?\s*år(?:ig|ige)?\b", re.IGNORECASE)


def identifying_details(text: str, item: Initiative) -> list[str]:
    """Details in a story that can identify a citizen: exact ages, and the record's own employers and places."""
    found = [f"en præcis alder ('{m.group(0)}')" for m in _AGE.finditer(text)]
    names = [o.name for o in item.organisations] + item.municipalities + item.housing_areas + item.venues
    if item.partner_companies is not None:
        names += item.partner_companies.names
    folded = text.casefold()
    for name in dict.fromkeys(names):
        if name and re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded):
            found.append(f"'{name}' fra posten")
    return found


class Keyed(NamedTuple):
    """A record's value for a unique key, with where it stands (a tuple: cheap to send between processes)."""

    value: str
    line: int
    column: int
    record: str
    key: str


def keyed(doc: Document, section: str, key: str, index_offset: int = 0) -> list[Keyed]:
    found = []
    items = doc.data.get(section) if isinstance(doc.data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, str):
            line, column = doc.position((section, index, key))
            found.append(Keyed(value, line, column, _record_name(section, index + index_offset, item), key))
    return found


def without_follow_ups(problems: list[Problem], doc: Document) -> list[Problem]:
    """Drop schema errors at values the loader already refused (a tag, an alias): say it once."""
    from_loader = {id(p) for p in doc.problems}
    return [p for p in problems if id(p) in from_loader or (p.line, p.column) not in doc.refused]


def comparable(value: str) -> str:
    """The form two values are compared in for uniqueness: trimmed, NFC-normalised and case-folded.

    Two names that look the same (one typed with a composed 'å', the other with 'a' and a
    combining ring; one with a trailing space) are the same name to a reader.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).strip().casefold())


def _record_name(section: str, index: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return str(item["id"]).strip()
    return f"{section}[{index}]"
