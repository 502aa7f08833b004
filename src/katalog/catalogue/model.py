"""The record types of the catalogue: defined once, here.

Everything else is derived from these classes: the JSON Schema in ``schema/``
(see :mod:`katalog.editing.schema`), the editor hints, the GitHub issue form (see
:mod:`katalog.editing.forms`), and the validation of ``data/initiatives.yaml``. Titles,
descriptions and examples are Danish because editors see them in their editor's
hover help and as the issue form's labels and placeholders.

What the tools need to know about a field is declared here too, on its type: Markdown, prose over
several lines, a long one-line passage, a web or e-mail address, a phone number (the markers of
:mod:`katalog.catalogue.markers`), and each enumeration member's Danish label (``aktiv = "aktiv",
"Aktiv"``; the ``*_LABELS`` tables are made from them). :mod:`katalog.catalogue.fields` reads them.

Field values that come from controlled vocabularies (target groups, kinds of
effort), from the municipality list or from the method pages are plain ids
here; :mod:`katalog.catalogue.validate` checks them against the data they refer to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from katalog.catalogue import markers

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"
# Danish numbers: 8 digits, optionally grouped, optionally with +45.
PHONE_PATTERN = r"^(?:\+45 ?)?(?:\d{2} ?){3}\d{2}$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"

TIME_POINT_NOT_STATED = "ikke oplyst i kilden"
# The largest count a record may state: far above any real one, and exact as a float (charts, sorting).
MAX_COUNT = 1_000_000_000
NO_COMPARISON = "ingen"


class Record(BaseModel):
    """Base for every record type: unknown keys are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
# The facts of a text field are declared on its type (katalog.catalogue.markers); pydantic ignores
# them, so the JSON Schema does not show them. katalog.catalogue.fields reads them.
MarkdownText = Annotated[Text, markers.Markdown()]
Prose = Annotated[Text, markers.MultiLine()]
Passage = Annotated[Text, markers.LongLine(), markers.Verbatim()]
Url = Annotated[str, Field(pattern=URL_PATTERN), markers.WebAddress()]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN), markers.EmailAddress()]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN), markers.PhoneNumber()]
PASSAGE_CUT = "[…]"


def _passage(what: str) -> Any:
    return Field(
        min_length=1,
        title="Kildens ord",
        description=f"Stedet i kilden, {what} bygger på, ordret; skriv {PASSAGE_CUT} hvor du springer noget over.",
        examples=["Her er 36 pct. af deltagerne startet i job eller uddannelse tre måneder efter indsatsen."],
    )


def _page() -> Any:
    return Field(
        default=None,
        ge=1,
        title="Side",
        description="Sidetallet i kilden, hvor stedet står. Udelades hvis det ikke kendes.",
        examples=[12],
    )


class Status(markers.Labelled):
    """Where an initiative stands now."""

    aktiv = "aktiv", "Aktiv"
    permanent = "permanent", "Permanent (forankret i drift)"
    afsluttet = "afsluttet", "Afsluttet"
    ukendt = "ukendt", "Ukendt"


STATUS_LABELS: dict[Status, str] = {member: member.label for member in Status}


class Evidence(markers.Labelled):
    """How sure a result is: what the source says about how it was found."""

    kontrolgruppe = "kontrolgruppe", "Kontrolgruppe"
    sammenligning = "sammenligning", "Sammenligning"
    foer_efter = "foer-efter", "Før–efter-måling"
    opfoelgning = "opfoelgning", "Opfølgning"
    egen_opgoerelse = "egen-opgoerelse", "Egen opgørelse"
    kvalitativ_vurdering = "kvalitativ-vurdering", "Kvalitativ vurdering"
    ikke_oplyst = "ikke-oplyst", "Metode ikke oplyst"


@dataclass(frozen=True)
class EvidenceStep:
    """One step of the evidence scale: what a reader sees, and what the data must hold to earn it."""

    kind: Evidence
    explanation: str
    # 1 is the strongest.
    rank: int
    # The step rests on a comparison group (comparison: group and value, or its value 'ikke oplyst i kilden').
    comparison: bool = False
    # The step rests on the same people measured before (baseline) and after.
    baseline: bool = False

    @property
    def label(self) -> str:
        return self.kind.label


# The evidence scale, declared once: labels, explanations and ranks on every page, in the booklet,
# the filters and the evidence page "Sådan vurderer vi evidensen" all come from here.
EVIDENCE_SCALE: dict[Evidence, EvidenceStep] = {
    Evidence.kontrolgruppe: EvidenceStep(
        Evidence.kontrolgruppe,
        "Resultatet er sammenlignet med en kontrolgruppe, der er dannet til evalueringen og ikke fik indsatsen.",
        1,
        comparison=True,
    ),
    Evidence.sammenligning: EvidenceStep(
        Evidence.sammenligning,
        "Resultatet er sammenlignet med en anden gruppe eller den almindelige indsats, "
        "men gruppen er ikke dannet til evalueringen.",
        2,
        comparison=True,
    ),
    Evidence.foer_efter: EvidenceStep(
        Evidence.foer_efter,
        "De samme personer er målt før og efter indsatsen, uden en sammenligningsgruppe.",
        3,
        baseline=True,
    ),
    Evidence.opfoelgning: EvidenceStep(
        Evidence.opfoelgning,
        "Deltagernes status et stykke tid efter indsatsen, uden måling før og uden sammenligningsgruppe.",
        4,
    ),
    Evidence.egen_opgoerelse: EvidenceStep(
        Evidence.egen_opgoerelse,
        "Indsatsen har selv opgjort resultatet, uden måling før og uden sammenligningsgruppe.",
        5,
    ),
    Evidence.kvalitativ_vurdering: EvidenceStep(
        Evidence.kvalitativ_vurdering,
        "Resultatet bygger på deltageres eller medarbejderes vurdering, ikke på tal.",
        6,
    ),
    Evidence.ikke_oplyst: EvidenceStep(
        Evidence.ikke_oplyst,
        "Kilden nævner resultatet, men ikke hvordan det er fundet.",
        7,
    ),
}
EVIDENCE_LABELS: dict[Evidence, str] = {member: member.label for member in Evidence}


class OrganisationRole(markers.Labelled):
    """The part an organisation plays in an initiative."""

    kommune = "kommune", "Kommune"
    jobcenter = "jobcenter", "Jobcenter"
    boligorganisation = "boligorganisation", "Boligorganisation"
    helhedsplan = "helhedsplan", "Boligsocial helhedsplan"
    virksomhed = "virksomhed", "Virksomhed"
    beredskab = "beredskab", "Beredskab"
    frivillig_forening = "frivillig-forening", "Frivillig forening"
    konsulenthus = "konsulenthus", "Konsulenthus"
    videnscenter = "videnscenter", "Videnscenter"
    fond = "fond", "Fond"
    uddannelsesinstitution = "uddannelsesinstitution", "Uddannelsesinstitution"
    andet = "andet", "Andet"


ROLE_LABELS: dict[OrganisationRole, str] = {member: member.label for member in OrganisationRole}


class SourceKind(markers.Labelled):
    """What kind of publication a source is."""

    rapport = "rapport", "Rapport"
    haandbog = "haandbog", "Håndbog"
    inspirationshaefte = "inspirationshaefte", "Inspirationshæfte"
    metodehaefte = "metodehaefte", "Metodehæfte"
    artikel = "artikel", "Artikel"
    blogindlaeg = "blogindlaeg", "Blogindlæg"
    evaluering = "evaluering", "Evaluering"
    hjemmeside = "hjemmeside", "Hjemmeside"


SOURCE_KIND_LABELS: dict[SourceKind, str] = {member: member.label for member in SourceKind}


class Source(Record):
    """A publication the catalogue's facts come from, or that tells more."""

    id: Slug = Field(
        title="Id",
        description="Kort, stabilt id (små bogstaver, tal og bindestreg), fx 'cfbu-saet-gang-2017'.",
        examples=["kommune-evaluering-2021"],
    )
    title: Text = Field(
        title="Titel",
        description="Publikationens titel, som den står på forsiden.",
        examples=["Evaluering af den lokale beskæftigelsesindsats"],
    )
    publisher: str | None = Field(
        default=None,
        title="Udgiver",
        description="Organisationen der har udgivet publikationen, fx 'CFBU'.",
        examples=["Esbjerg Kommune", "CFBU"],
    )
    year: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        title="Udgivelsesår",
        description="Året publikationen udkom. Udelades hvis kilden ikke oplyser det.",
        examples=[2021],
    )
    kind: SourceKind = Field(
        strict=False,
        title="Type",
        description="Rapport, håndbog, inspirationshæfte, metodehæfte, artikel, blogindlæg, evaluering eller hjemmeside.",
        examples=["evaluering"],
    )
    author: str | None = Field(
        default=None,
        title="Forfatter",
        description="Forfatter eller afsender, hvis kilden nævner én.",
        examples=["Anne Jensen (red.)"],
    )
    url: Url | None = Field(
        default=None,
        title="Webadresse",
        description="Adresse der begynder med http:// eller https://. Valgfri.",
        examples=["https://www.example.dk/rapport.pdf"],
    )


class Municipality(Record):
    """One of Denmark's 98 municipalities (data/municipalities.yaml)."""

    code: int = Field(title="Kommunekode", examples=[561])
    name: Text = Field(title="Navn", examples=["Esbjerg"])
    region: Text = Field(title="Region", examples=["Region Syddanmark"])
    aliases: list[str] = Field(default_factory=list, title="Andre stavemåder", examples=[["Esbjerg Kommune"]])


class VocabularyTerm(Record):
    """An entry of a controlled vocabulary (data/vocabularies.yaml)."""

    id: Slug = Field(title="Id", examples=["unge-under-30"])
    label: Text = Field(title="Betegnelse", examples=["Unge under 30 år"])
    description: Text = Field(title="Beskrivelse", examples=["Unge under 30 år uden job eller uddannelse."])


class Vocabularies(Record):
    """The controlled vocabularies an initiative's fields are checked against."""

    target_groups: list[VocabularyTerm] = Field(
        title="Målgrupper",
        examples=[
            [
                {
                    "id": "unge-under-30",
                    "label": "Unge under 30 år",
                    "description": "Unge under 30 år uden job eller uddannelse.",
                }
            ]
        ],
    )
    kinds: list[VocabularyTerm] = Field(
        title="Indsatstyper",
        examples=[
            [
                {
                    "id": "mentorordning",
                    "label": "Mentorordning",
                    "description": "En fast mentor følger deltageren gennem forløbet.",
                }
            ]
        ],
    )


class Organisation(Record):
    """An organisation taking part in an initiative, with its role."""

    name: Text = Field(
        title="Navn", description="Organisationens navn, som kilden skriver det.", examples=["Jobcenter Esbjerg"]
    )
    role: OrganisationRole = Field(
        strict=False,
        title="Rolle",
        description="Kommune, jobcenter, boligorganisation, helhedsplan, virksomhed, beredskab, frivillig-forening, konsulenthus, videnscenter, fond, uddannelsesinstitution eller andet.",
        examples=["jobcenter"],
    )


class Period(Record):
    """When an initiative ran; either year may be unknown."""

    start: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        title="Startår",
        description="Året indsatsen begyndte; tomt hvis ukendt.",
        examples=[2018],
    )
    end: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        title="Slutår",
        description="Året indsatsen sluttede eller slutter; tomt hvis ukendt.",
        examples=[2021],
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(
                f"slutår {self.end} ligger før startår {self.start}; skriv et slutår fra {self.start} og frem, eller ret startåret"
            )
        return self


class Participants(Record):
    """How many took part, and what the number counts."""

    count: int = Field(ge=0, le=MAX_COUNT, title="Antal", description="Antallet som kilden oplyser det.", examples=[40])
    counts: Text = Field(
        title="Hvad tælles",
        description="Hvad tallet tæller, fx 'unge i projektet' eller 'ansatte i højsæsonen'.",
        examples=["unge i projektet"],
    )


class PartnerCompanies(Record):
    """Companies working with the initiative: a count, names, or both."""

    count: int | None = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        title="Antal virksomheder",
        description="Antal virksomheder, som kilden oplyser det.",
        examples=[12],
    )
    names: list[Text] = Field(
        default_factory=list,
        title="Navne",
        description="Virksomhedernes navne, hvis kilden nævner dem.",
        examples=[["Eksempel A/S", "Byggefirmaet Eksempel ApS"]],
    )

    @model_validator(mode="after")
    def _not_empty(self) -> PartnerCompanies:
        if self.count is None and not self.names:
            raise ValueError("der står hverken count eller names; skriv antallet under count eller navnene under names")
        return self


class Measurement(Record):
    """A value: exactly one of a percentage, a count, a fraction or a qualitative statement."""

    percent: float | None = Field(
        default=None,
        ge=0,
        le=100,
        title="Procent",
        description="En procentdel mellem 0 og 100, fx 12.3 for 12,3 pct.",
        examples=[12.3],
    )
    count: int | None = Field(
        default=None, ge=0, le=MAX_COUNT, title="Antal", description="Et antal, fx 22 ansatte.", examples=[22]
    )
    part: int | None = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        title="Del (x ud af y)",
        description="Tælleren i 'x ud af y', fx 3 i 'tre ud af fire'.",
        examples=[3],
    )
    whole: int | None = Field(
        default=None,
        ge=1,
        le=MAX_COUNT,
        title="Helhed (x ud af y)",
        description="Nævneren i 'x ud af y', fx 4 i 'tre ud af fire'.",
        examples=[4],
    )
    statement: Annotated[str, markers.MultiLine()] | None = Field(
        default=None,
        min_length=1,
        title="Kvalitativt udsagn",
        description="Et resultat der ikke er et tal, med kildens ord.",
        examples=["Deltagerne fortæller, at de er blevet mere sikre i jobsamtaler."],
    )
    unit: str | None = Field(
        default=None, title="Enhed", description="Hvad et antal tæller, fx 'deltagere'.", examples=["deltagere"]
    )

    @field_validator("percent", mode="before")
    @classmethod
    def _int_is_float(cls, value: object) -> object:
        # strict mode refuses an int for a float field; 58 means 58.0 here.
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Measurement:
        kinds = [
            name
            for name, present in (
                ("percent", self.percent is not None),
                ("count", self.count is not None),
                ("part/whole", self.part is not None or self.whole is not None),
                ("statement", self.statement is not None),
            )
            if present
        ]
        if len(kinds) != 1:
            found = ", ".join(kinds) if kinds else "ingen af dem"
            raise ValueError(
                f"en værdi skal have præcis én af percent, count, part/whole eller statement, men har {found}; "
                + ("behold den ene, og slet resten" if kinds else "skriv én af dem")
            )
        if (self.part is None) != (self.whole is None):
            raise ValueError("der står kun part eller kun whole; skriv begge, så værdien er 'x ud af y'")
        if self.part is not None and self.whole is not None and self.part > self.whole:
            raise ValueError(
                f"part ({self.part}) er større end whole ({self.whole}); ret tallene, så part er delen og whole det hele ('x ud af y')"
            )
        return self

    @property
    def kind(self) -> str:
        if self.percent is not None:
            return "percent"
        if self.count is not None:
            return "count"
        if self.part is not None:
            return "fraction"
        return "statement"


def _not_stated_tag(value: object) -> str:
    return "ikke-oplyst" if isinstance(value, str) else "vaerdi"


ComparisonValue = Annotated[
    Annotated[Literal["ikke oplyst i kilden"], Tag("ikke-oplyst")] | Annotated[Measurement, Tag("vaerdi")],
    Discriminator(_not_stated_tag),
]


class Comparison(Record):
    """What a result is compared with: a group and its value (or the source's silence about it)."""

    group: Text = Field(
        title="Sammenligningsgruppe",
        description="Hvem resultatet sammenlignes med, fx 'kontrolgruppe' eller 'almindelig jobcenterindsats'.",
        examples=["kontrolgruppe"],
    )
    value: ComparisonValue = Field(
        title="Sammenligningsgruppens værdi",
        description=f"Sammenligningsgruppens værdi, fx {{percent: 37}}, eller '{TIME_POINT_NOT_STATED}' hvis kilden ikke giver et tal for gruppen.",
        examples=[{"percent": 37.0}, TIME_POINT_NOT_STATED],
    )


def _comparison_tag(value: object) -> str:
    return "ingen" if isinstance(value, str) else "sammenligning"


ComparisonField = Annotated[
    Annotated[Literal["ingen"], Tag("ingen")] | Annotated[Comparison, Tag("sammenligning")],
    Discriminator(_comparison_tag),
]


class Result(Record):
    """A measured result, stated as a structured claim."""

    measure: Prose = Field(
        title="Hvad er målt",
        description="Hvad resultatet måler, fx 'andel i løntilskud, ordinært arbejde eller uddannelse'.",
        examples=["andel i ordinært arbejde eller uddannelse"],
    )
    population: str | None = Field(
        default=None,
        title="Hvem",
        description="Hvem tallet gælder, fx 'kvinderne i indsatsen i Greve'.",
        examples=["deltagerne i indsatsen"],
    )
    value: Measurement = Field(
        title="Værdi",
        description="Resultatets værdi: percent, count, part/whole eller statement.",
        examples=[{"percent": 45.0}, {"part": 3, "whole": 4}],
    )
    time_point: str | None = Field(
        default=None,
        min_length=1,
        title="Tidspunkt",
        description=f"Hvornår der er målt, fx '3 måneder efter forløbet'. Skriv '{TIME_POINT_NOT_STATED}' hvis kilden ikke siger det.",
        examples=["6 måneder efter forløbet", TIME_POINT_NOT_STATED],
    )
    baseline: Measurement | None = Field(
        default=None,
        title="Før indsatsen",
        description="De samme personers værdi før indsatsen; kræves for evidenstypen foer-efter.",
        examples=[{"percent": 10.0}],
    )
    comparison: ComparisonField | None = Field(
        default=None,
        title="Sammenligning",
        description=f"Sammenligningsgruppe og dens værdi, eller '{NO_COMPARISON}' når der ikke er nogen.",
        examples=[{"group": "kontrolgruppe", "value": {"percent": 37.0}}, NO_COMPARISON],
    )
    evidence: Evidence = Field(
        strict=False,
        title="Evidenstype",
        description="Hvad kilden siger om, hvordan resultatet er fundet: "
        + ", ".join(e.value for e in Evidence)
        + ". Vælg ikke-oplyst, når kilden ikke siger det.",
        examples=["kontrolgruppe", "ikke-oplyst"],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    note: Annotated[str, markers.MultiLine()] | None = Field(
        default=None,
        title="Bemærkning",
        description="Forbehold eller forklaring, fx om evalueringsdesignet.",
        examples=["Få deltagere; resultatet er usikkert."],
    )
    passage: Passage = _passage("resultatet")
    page: int | None = _page()

    @model_validator(mode="after")
    def _figure_needs_time_point(self) -> Result:
        if self.value.kind != "statement" and self.time_point is None:
            what = {"percent": "en procentdel", "count": "et antal", "fraction": "'x ud af y'"}[self.value.kind]
            raise ValueError(
                f"{what} skal have et tidspunkt; tilføj time_point, fx '3 måneder efter forløbet' eller '{TIME_POINT_NOT_STATED}'"
            )
        return self


# A goal states an intention; these are the fields that would make it read as a result.
RESULT_ONLY_FIELDS = ("measure", "value", "time_point", "baseline", "comparison", "evidence", "population")


class Goal(Record):
    """A target the initiative set itself: a goal, never a result."""

    text: Prose = Field(
        title="Mål",
        description="Målet med kildens ord, fx 'Ledigheden skal falde med 4 procentpoint fra 2016 til 2020'.",
        examples=["Halvdelen af deltagerne skal være i job eller uddannelse efter et år."],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    passage: Passage = _passage("målet")
    page: int | None = _page()

    @model_validator(mode="before")
    @classmethod
    def _no_result_fields(cls, data: object) -> object:
        if isinstance(data, dict):
            found = [k for k in RESULT_ONLY_FIELDS if k in data]
            if found:
                raise ValueError(
                    f"et mål kan ikke have resultatfelter, men dette har {', '.join(found)}; et mål er en hensigt, "
                    "så flyt det til results, hvis kilden siger, at det er nået og hvordan"
                )
        return data


class Finding(Record):
    """General knowledge about a kind of effort, stated by the source: never a result of this initiative."""

    text: Prose = Field(
        title="Generel viden",
        description="Hvad kilden siger om denne type indsats i almindelighed, fx om unge med fritidsjob.",
        examples=["Unge, der har haft et fritidsjob, har større sandsynlighed for senere at gennemføre en uddannelse."],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    passage: Passage = _passage("den generelle viden")
    page: int | None = _page()


class StatusBasis(Record):
    """The source's words for an initiative's status."""

    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    passage: Passage = _passage("status")
    page: int | None = _page()


class PlannedStatus(Record):
    """An intention about the status ('vil gøre projektet permanent'): shown as a plan, never as the status."""

    status: Status = Field(
        strict=False,
        title="Planlagt status",
        description="Den status, kilden siger, at indsatsen skal have: aktiv, permanent eller afsluttet.",
        examples=["permanent"],
    )
    year: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        title="År",
        description="Året, planen gælder fra, hvis kilden oplyser det.",
        examples=[2027],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    passage: Passage = _passage("planen")
    page: int | None = _page()


class Quote(Record):
    """A quotation, with who said it and where it was published."""

    text: Annotated[Prose, markers.Verbatim()] = Field(
        title="Citat",
        description="Citatet ordret, uden anførselstegn.",
        examples=["Det betyder meget, at vi kan mødes her i boligområdet."],
    )
    speaker_name: str | None = Field(
        default=None, title="Navn", description="Kun hvis navnet er offentligt i kilden.", examples=["Anne Jensen"]
    )
    speaker_role: Annotated[Text, markers.Role()] = Field(
        title="Rolle",
        description="Fx 'jobcenterchef' eller 'ung deltager'.",
        examples=["jobcenterchef", "ung deltager"],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )
    passage: Passage = _passage("citatet og dets afsender")
    page: int | None = _page()


class Anonymiser(markers.Labelled):
    """Who anonymised a citizen story."""

    kilden = "kilden", "Anonymiseret af kilden"
    redaktionen = "redaktionen", "Anonymiseret af redaktionen"


ANONYMISER_LABELS: dict[Anonymiser, str] = {member: member.label for member in Anonymiser}


class Story(Record):
    """An anonymised citizen story."""

    title: Text = Field(title="Titel", description="Historiens titel, fx 'Pers historie'.", examples=["Pers historie"])
    text: MarkdownText = Field(
        title="Historien",
        description="Markdown tilladt.",
        examples=["Per er i begyndelsen af 20'erne og har været ledig i to år. …"],
    )
    anonymised_by: Anonymiser = Field(
        strict=False,
        title="Anonymiseret af",
        description="Hvem der har anonymiseret historien: 'kilden' (kilden siger selv, at den er anonymiseret) "
        "eller 'redaktionen' (kataloget har skrevet den om). Uden det bringes historien ikke.",
        examples=["redaktionen"],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )


class Contact(Record):
    """A contact person; every field is optional but checked when present."""

    name: str | None = Field(
        default=None, min_length=1, title="Navn", description="Kontaktpersonens fulde navn.", examples=["Anne Jensen"]
    )
    title: Annotated[str, markers.Role()] | None = Field(
        default=None,
        min_length=1,
        title="Titel",
        description="Stillingsbetegnelse, fx 'jobcenterchef'.",
        examples=["projektleder"],
    )
    organisation: str | None = Field(
        default=None,
        min_length=1,
        title="Organisation",
        description="Den organisation kontaktpersonen er ansat i.",
        examples=["Jobcenter Esbjerg"],
    )
    email: Email | None = Field(
        default=None,
        title="E-mail",
        description="E-mailadresse, som den står i kilden, fx navn@kommune.dk.",
        examples=["navn@example.dk"],
    )
    phone: Phone | None = Field(
        default=None,
        title="Telefon",
        description="Dansk nummer med 8 cifre, fx '75 16 10 00' eller '+45 75161000'.",
        examples=["12 34 56 78", "+45 12345678"],
    )


def _iso_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = f"'{value}'" if isinstance(value, str) else str(value)
    raise ValueError(f'{shown} er ikke en gyldig dato; skriv datoen som år-måned-dag, fx "2026-11-22"')


class Initiative(Record):
    """One employment initiative: the unit the catalogue is made of."""

    id: Slug = Field(
        title="Id",
        description="Stabilt id i små bogstaver, tal og bindestreger, fx 'team-ildfugle'. Bruges i sidens adresse.",
        examples=["unge-i-job"],
    )
    name: Text = Field(
        max_length=200, title="Navn", description="Indsatsens navn, som kilden skriver det.", examples=["Unge i job"]
    )
    summary: Prose = Field(
        max_length=300,
        title="Resumé",
        description="Kort, klart dansk; højst 300 tegn.",
        examples=["En lokal jobkonsulent hjælper unge fra boligområdet i fritidsjob."],
    )
    description: MarkdownText = Field(
        title="Beskrivelse",
        description="Markdown.",
        examples=["Indsatsen begynder med en samtale i boligområdet.\n\n**Fremhævning** og lister er tilladt."],
    )
    municipalities: list[Text] = Field(
        default_factory=list,
        title="Kommuner",
        description="Kommunenavne fra listen over Danmarks 98 kommuner. Tom hvis kilden ikke nævner kommunen.",
        examples=[["Esbjerg"]],
    )
    housing_areas: list[Text] = Field(
        default_factory=list,
        title="Boligområder",
        description="Boligområder, indsatsen foregår i, fx 'Hedemarken'.",
        examples=[["Hedemarken"]],
    )
    venues: list[Text] = Field(
        default_factory=list,
        title="Steder",
        description="Hvor indsatsen foregår, fx 'Vindmøllen' eller 'brandstationen'.",
        examples=[["beboerhuset"]],
    )
    organisations: list[Organisation] = Field(
        default_factory=list,
        title="Organisationer",
        description="Organisationer bag indsatsen, hver med sin rolle.",
        examples=[[{"name": "Jobcenter Esbjerg", "role": "jobcenter"}]],
    )
    website: Url | None = Field(
        default=None,
        title="Hjemmeside",
        description="Indsatsens egen hjemmeside, hvis kilden nævner en; skal begynde med http:// eller https://.",
        examples=["https://www.example.dk/indsats"],
    )
    funding: list[Text] = Field(
        default_factory=list, title="Finansiering", description="Fx 'EU's socialfond'.", examples=[["EU's socialfond"]]
    )
    status: Status = Field(
        strict=False,
        title="Indsatsens status",
        description="aktiv, permanent (forankret i drift), afsluttet eller ukendt.",
        examples=["aktiv"],
    )
    status_basis: StatusBasis | None = Field(
        default=None,
        title="Kildens ord om status",
        description="Stedet i kilden, der siger, at indsatsen er aktiv, permanent eller afsluttet; "
        "kræves for alle andre status end ukendt. En hensigt hører under planned_status.",
        examples=[
            {"source": "kommune-evaluering-2021", "passage": "Indsatsen er nu en fast del af jobcenterets tilbud."}
        ],
    )
    planned_status: PlannedStatus | None = Field(
        default=None,
        title="Planlagt status",
        description="En hensigt om status, fx at kommunen vil gøre projektet permanent. Vises som en plan, ikke som status.",
        examples=[
            {
                "status": "permanent",
                "source": "kommune-evaluering-2021",
                "passage": "Derfor vil kommunen nu gøre projektet permanent.",
            }
        ],
    )
    period: Period | None = Field(
        default=None,
        title="Periode",
        description="Start- og slutår, hvis kilden oplyser dem.",
        examples=[{"start": 2018, "end": 2021}],
    )
    target_groups: list[Slug] = Field(
        min_length=1, title="Målgrupper", description="Id'er fra data/vocabularies.yaml.", examples=[["unge-18-25"]]
    )
    kinds: list[Slug] = Field(
        min_length=1, title="Indsatstyper", description="Id'er fra data/vocabularies.yaml.", examples=[["fritidsjob"]]
    )
    methods: list[Slug] = Field(
        default_factory=list,
        title="Metoder",
        description="Id'er på metodesider i docs/methods/.",
        examples=[["empowerment"]],
    )
    participants: Participants | None = Field(
        default=None,
        title="Deltagere",
        description="Antal deltagere og hvad tallet tæller. Udelades hvis kilden ikke oplyser det.",
        examples=[{"count": 40, "counts": "unge i projektet"}],
    )
    partner_companies: PartnerCompanies | None = Field(
        default=None,
        title="Samarbejdsvirksomheder",
        description="Virksomheder indsatsen samarbejder med: antal og/eller navne.",
        examples=[{"count": 12}],
    )
    results: list[Result] = Field(
        default_factory=list,
        title="Resultater",
        description="Målte resultater som strukturerede udsagn med værdi, tidspunkt, sammenligning, evidenstype og kilde.",
        examples=[
            [
                {
                    "measure": "andel i ordinært arbejde eller uddannelse",
                    "population": "deltagerne i indsatsen",
                    "value": {"percent": 45.0},
                    "time_point": "6 måneder efter forløbet",
                    "comparison": {"group": "kontrolgruppe", "value": {"percent": 37.0}},
                    "evidence": "kontrolgruppe",
                    "source": "kommune-evaluering-2021",
                    "passage": "Hele 45 pct. af deltagerne er i arbejde eller uddannelse. I kontrolgruppen gælder det for 37 pct.",
                }
            ]
        ],
    )
    goals: list[Goal] = Field(
        default_factory=list,
        title="Mål",
        description="Mål og succeskriterier: hvad indsatsen vil opnå, ikke hvad den har opnået.",
        examples=[
            [
                {
                    "text": "Halvdelen af deltagerne skal være i job eller uddannelse efter et år.",
                    "source": "kommune-evaluering-2021",
                    "passage": "Målet er, at halvdelen af deltagerne er i job eller uddannelse efter et år.",
                }
            ]
        ],
    )
    findings: list[Finding] = Field(
        default_factory=list,
        title="Generel viden",
        description="Hvad kilden siger om denne type indsats i almindelighed: ikke et resultat af indsatsen.",
        examples=[
            [
                {
                    "text": "Unge med et fritidsjob har større sandsynlighed for senere at komme i uddannelse.",
                    "source": "kommune-evaluering-2021",
                    "passage": "Unge, der har haft et fritidsjob, har større sandsynlighed for senere at gennemføre en uddannelse.",
                }
            ]
        ],
    )
    quotes: list[Quote] = Field(
        default_factory=list,
        title="Citater",
        description="Citater med talerens rolle, navn (hvis offentligt) og kilde.",
        examples=[
            [
                {
                    "text": "Det betyder meget, at vi kan mødes her i boligområdet.",
                    "speaker_role": "ung deltager",
                    "source": "kommune-evaluering-2021",
                    "passage": "»Det betyder meget, at vi kan mødes her i boligområdet,« siger en ung deltager.",
                }
            ]
        ],
    )
    stories: list[Story] = Field(
        default_factory=list,
        title="Borgerhistorier",
        description="Borgerhistorier, som kilden eller redaktionen har anonymiseret: ingen alder, arbejdsgiver, by eller helbredsoplysning, der kan genkende borgeren.",
        examples=[
            [
                {
                    "title": "Pers historie",
                    "text": "Per er i begyndelsen af 20'erne og har været ledig i to år. …",
                    "anonymised_by": "redaktionen",
                    "source": "kommune-evaluering-2021",
                }
            ]
        ],
    )
    attention_points: list[Prose] = Field(
        default_factory=list,
        title="Opmærksomhedspunkter",
        description="Indsatsens egne opmærksomhedspunkter: råd til andre, der vil gøre noget lignende.",
        examples=[["Sæt tid af til at opbygge tillid, før der tales om job."]],
    )
    contacts: list[Contact] = Field(
        default_factory=list,
        title="Kontaktpersoner",
        description="Kontaktpersoner, som kilden nævner dem. Tom hvis kilden ikke nævner nogen.",
        examples=[[{"name": "Anne Jensen", "title": "projektleder", "email": "navn@example.dk"}]],
    )
    sources: list[Slug] = Field(
        min_length=1,
        title="Kilder",
        description="Id'er fra data/sources.yaml på de kilder, indsatsens oplysninger kommer fra.",
        examples=[["kommune-evaluering-2021"]],
    )
    further_reading: list[Slug] = Field(
        default_factory=list,
        title="Læs mere",
        description="Id'er fra data/sources.yaml på kilder med mere viden, som indsatsen ikke er skrevet ud fra.",
        examples=[["metodehaefte-2019"]],
    )
    last_reviewed: Annotated[dt.date, BeforeValidator(_iso_date)] = Field(
        title="Sidst gennemgået",
        description="Datoen for seneste faglige gennemgang af oplysningerne, i formatet ÅÅÅÅ-MM-DD.",
        examples=["2026-11-22"],
    )


class Interview(Record):
    """A published interview with a person from the field."""

    title: Text = Field(
        title="Overskrift", description="Interviewets overskrift.", examples=["At bygge bro til virksomhederne"]
    )
    person: Text = Field(
        title="Interviewperson",
        description="Den interviewede persons navn, som kilden skriver det.",
        examples=["Anne Jensen"],
    )
    role: Annotated[Text, markers.Role()] = Field(
        title="Rolle", description="Den interviewedes rolle eller stilling.", examples=["projektleder i boligområdet"]
    )
    text: MarkdownText = Field(
        title="Tekst",
        description="Markdown.",
        examples=["*Tillid kommer først*, siger projektlederen.\n\nResten af interviewet …"],
    )
    initiatives: list[Slug] = Field(
        default_factory=list,
        title="Indsatser",
        description="Id'er på indsatser interviewet handler om.",
        examples=[["unge-i-job"]],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )


class Theme(Record):
    """A theme with attention points (opmærksomhedspunkter), e.g. from the CFBU booklet."""

    id: Slug = Field(
        title="Id", description="Stabilt id i små bogstaver, tal og bindestreger.", examples=["den-lokale-indsats"]
    )
    title: Text = Field(title="Titel", description="Temaets titel.", examples=["Den lokale indsats"])
    lead: Prose = Field(
        title="Indledning",
        description="Temaets indledende sætning.",
        examples=["En lokal indsats supplerer jobcenteret."],
    )
    attention_points: list[Annotated[Prose, markers.Verbatim()]] = Field(
        min_length=1,
        title="Opmærksomhedspunkter",
        description="Temaets opmærksomhedspunkter, ordret fra kilden.",
        examples=[["Forskellige boligområder har brug for forskellige løsninger."]],
    )
    body: Annotated[str, markers.Markdown()] | None = Field(
        default=None,
        title="Uddybning",
        description="Markdown.",
        examples=["### Hjemmebanen skaber tillid\n\nNår indsatsen ligger tæt på borgerens bopæl …"],
    )
    initiatives: list[Slug] = Field(
        default_factory=list,
        title="Indsatser",
        description="Id'er på de indsatser, kilden placerer under temaet (fx CFBU's 'Inspiration #1' og '#2').",
        examples=[["unge-i-job"]],
    )
    further_reading: list[Slug] = Field(
        default_factory=list,
        title="Læs mere",
        description="Id'er fra data/sources.yaml på publikationer, kilden henviser til om temaet.",
        examples=[["metodehaefte-2019"]],
    )
    interview: Interview | None = Field(
        default=None,
        title="Interview",
        description="Et interview, der hører til temaet.",
        examples=[
            {
                "title": "At bygge bro til virksomhederne",
                "person": "Anne Jensen",
                "role": "projektleder i boligområdet",
                "text": "Tillid kommer først.",
                "source": "kommune-evaluering-2021",
            }
        ],
    )
    source: Slug = Field(
        title="Kilde", description="Id på en kilde i data/sources.yaml.", examples=["kommune-evaluering-2021"]
    )


class SourceList(Record):
    """data/sources.yaml: the publications records and method pages cite."""

    sources: list[Source] = Field(
        min_length=1,
        title="Kilder",
        description="Alle kilder; hver med et unikt id.",
        examples=[
            [
                {
                    "id": "kommune-evaluering-2021",
                    "title": "Evaluering af den lokale beskæftigelsesindsats",
                    "kind": "evaluering",
                }
            ]
        ],
    )


class Catalogue(Record):
    """The whole data file: themes and initiatives."""

    themes: list[Theme] = Field(
        default_factory=list,
        title="Temaer",
        description="Temaer med opmærksomhedspunkter, fx fra CFBU's inspirationshæfte.",
        examples=[
            [
                {
                    "id": "den-lokale-indsats",
                    "title": "Den lokale indsats",
                    "lead": "En lokal indsats supplerer jobcenteret.",
                    "attention_points": ["Forskellige boligområder har brug for forskellige løsninger."],
                    "source": "kommune-evaluering-2021",
                }
            ]
        ],
    )
    initiatives: list[Initiative] = Field(
        title="Indsatser",
        description="Kataloget over beskæftigelsesindsatser.",
        examples=[
            [
                {
                    "id": "unge-i-job",
                    "name": "Unge i job",
                    "summary": "En lokal jobkonsulent hjælper unge fra boligområdet i fritidsjob.",
                    "description": "Indsatsen begynder med en samtale i boligområdet.",
                    "status": "aktiv",
                    "target_groups": ["unge-18-25"],
                    "kinds": ["fritidsjob"],
                    "sources": ["kommune-evaluering-2021"],
                    "last_reviewed": "2026-11-22",
                }
            ]
        ],
    )
