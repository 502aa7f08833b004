"""The pieces both the site and the booklet show, as plain Danish text and data.

Every function here turns validated records into plain strings and small
dataclasses (a fact box, a result with its evidence, a chart): no HTML, no
Markdown, no Typst. Each output target lays these pieces out and escapes them
its own way, so the wording and the figures are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from katalog.catalogue.model import (
    EVIDENCE_LABELS,
    EVIDENCE_SCALE,
    NO_COMPARISON,
    PASSAGE_CUT,
    ROLE_LABELS,
    STATUS_LABELS,
    Contact,
    Evidence,
    Initiative,
    Measurement,
    Quote,
    Result,
    Source,
)
from katalog.catalogue.reference import Reference
from katalog.language import grammar

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
NOT_STATED = "Ikke oplyst"
NO_COMPARISON_LABEL = "Ingen sammenligningsgruppe"
NOT_STATED_IN_SOURCE = "Ikke oplyst i kilden"
NO_COMPARISON_EXPLAINED = (
    "Der er ingen sammenligningsgruppe, så tallet viser ikke, hvor meget af udviklingen indsatsen selv har skabt."
)
# A result without a figure (the source's statement) has no number to speak of.
NO_COMPARISON_EXPLAINED_STATEMENT = (
    "Der er ingen sammenligningsgruppe, så det kan ikke ses, hvor meget af udviklingen indsatsen selv har skabt."
)
# Strongest first: the order a reader should trust a result in (from the one scale in the model).
EVIDENCE_ORDER = tuple(sorted(EVIDENCE_SCALE, key=lambda e: EVIDENCE_SCALE[e].rank))
EVIDENCE_EXPLANATIONS = {e: step.explanation for e, step in EVIDENCE_SCALE.items()}
PASSAGE_LEAD = "Kilden siger:"
FINDING_NOTE = "Generel viden om denne type indsats fra kilden – ikke et resultat af indsatsen."
_SPACES = re.compile(r"\s+")


def evidence_badge(kind: Evidence) -> str:
    """The badge every page, card, chart, filter and the booklet show: 'Sammenligning (trin 2 af 7)'."""
    return f"{EVIDENCE_SCALE[kind].label} (trin {EVIDENCE_SCALE[kind].rank} af {len(EVIDENCE_SCALE)})"


def passage(text: str, page: int | None) -> str:
    """The source's own words as a reader sees them: '»…« (s. 12)'; cuts stay as [‥]."""
    quoted = "»" + one_line(text).replace("[...]", PASSAGE_CUT) + "«"
    return f"{quoted} (s. {page})" if page is not None else quoted


def danish_date(value: dt.date) -> str:
    """22. november 2026."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def danish_number(value: float) -> str:
    """12,3 — Danish decimal comma, at most one decimal, no trailing ',0'; thousands with a dot."""
    return grammar.number(value)


def measurement(value: Measurement) -> str:
    """A figure as a reader sees it: '10,3 pct.', '200 deltagere', '3 ud af 5', or the source's statement."""
    if value.percent is not None:
        return f"{danish_number(value.percent)} pct."
    if value.count is not None:
        return danish_number(value.count) + (f" {value.unit}" if value.unit else "")
    if value.part is not None and value.whole is not None:
        return f"{value.part} ud af {value.whole}"
    return value.statement or ""


def chart_value(value: Measurement) -> tuple[float, str] | None:
    """A figure that can be drawn as a bar: (number, unit), or None for a statement."""
    if value.percent is not None:
        return value.percent, "pct."
    if value.part is not None and value.whole:
        return 100 * value.part / value.whole, "pct."
    if value.count is not None:
        return float(value.count), value.unit or ""
    return None


@dataclass(frozen=True)
class Fact:
    """One line of the fact box: its name, its values (empty: not stated in the source), its label by number.

    ``key`` is the line's name over one value ('Kommune'): the compare page, the open data and
    :data:`ALWAYS_SHOWN_FACTS` know a line by it. ``many`` is the label over several values
    ('Kommuner'), '' when the line's name does not change. ``listed`` values are a list
    ('Esbjerg og Aarhus'); the status and its plan are not ('Ukendt, planlagt fra 2027: Permanent').
    ``amount`` is how many things the values stand for when that is not their number ('3 virksomheder').
    """

    key: str
    values: tuple[str, ...]
    many: str = ""
    listed: bool = True
    amount: int | None = None

    @property
    def label(self) -> str:
        amount = len(self.values) if self.amount is None else self.amount
        return self.many if self.many and amount > 1 else self.key

    @property
    def text(self) -> str:
        if not self.values:
            return NOT_STATED
        return grammar.join(self.values) if self.listed else ", ".join(self.values)


def counted(name: grammar.NounName, values: tuple[str, ...], amount: int | None = None) -> Fact:
    """A fact-box line whose label follows the number of its values: 'Målgruppe' or 'Målgrupper'."""
    return Fact(grammar.label(name, 1), values, grammar.label(name, 2), amount=amount)


def period(item: Initiative) -> tuple[str, ...]:
    if item.period is None or (item.period.start is None and item.period.end is None):
        return ()
    start, end = item.period.start, item.period.end
    if start is not None and end is not None:
        return (f"{start}–{end}" if end != start else str(start),)
    return (f"fra {start}",) if start is not None else (f"til {end}",)


def status_values(item: Initiative) -> tuple[str, ...]:
    """The status, and a planned status as a plan: ('Ukendt', 'planlagt: Permanent (forankret i drift)')."""
    out = [STATUS_LABELS[item.status]]
    plan = item.planned_status
    if plan is not None:
        year = f" fra {plan.year}" if plan.year is not None else ""
        out.append(f"planlagt{year}: {STATUS_LABELS[plan.status]}")
    return tuple(out)


def status_passages(item: Initiative) -> list[tuple[str, str]]:
    """(what, the source's words) for the status and a planned status."""
    out = []
    if item.status_basis is not None:
        out.append(("Status", passage(item.status_basis.passage, item.status_basis.page)))
    if item.planned_status is not None:
        out.append(("Planlagt status", passage(item.planned_status.passage, item.planned_status.page)))
    return out


def facts(item: Initiative, ref: Reference) -> list[Fact]:
    """The fact box, in the order both the site and the booklet show it."""
    participants: tuple[str, ...] = ()
    if item.participants is not None:
        participants = (f"{danish_number(item.participants.count)} {item.participants.counts}",)
    companies: tuple[str, ...] = ()
    company_count = 0
    if item.partner_companies is not None and item.partner_companies.names:
        companies = tuple(item.partner_companies.names)
        company_count = len(companies)
    elif item.partner_companies is not None and item.partner_companies.count is not None:
        company_count = item.partner_companies.count
        companies = (grammar.count(company_count, "virksomhed"),)
    return [
        counted("kommune", tuple(item.municipalities)),
        counted("boligområde", tuple(item.housing_areas)),
        counted("sted", tuple(item.venues)),
        counted("målgruppe", tuple(ref.target_groups[t].label for t in item.target_groups)),
        counted("indsatstype", tuple(ref.kinds[k].label for k in item.kinds)),
        Fact("Periode", period(item)),
        Fact("Status", status_values(item), listed=False),
        Fact("Deltagere", participants),
        # A count of companies ('3 virksomheder') is one value but may stand for many companies.
        counted("samarbejdsvirksomhed", companies, company_count),
        counted("organisation", tuple(f"{o.name} ({ROLE_LABELS[o.role].lower()})" for o in item.organisations)),
        Fact("Finansiering", tuple(item.funding)),
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    own: bool


@dataclass(frozen=True)
class Chart:
    """Two or more bars on one scale, with the sentence that says what they show."""

    title: str
    unit: str
    bars: tuple[Bar, ...]

    @property
    def description(self) -> str:
        return f"{self.title}: " + "; ".join(f"{b.label}: {b.text}" for b in self.bars) + "."


@dataclass(frozen=True)
class ResultView:
    """A result as text: the figure, when it was measured, against what, and how sure it is."""

    measure: str
    value: str
    population: str
    time_point: str
    comparison: str
    has_comparison: bool
    evidence: Evidence
    evidence_label: str
    evidence_explained: str
    note: str
    source: str
    chart: Chart | None
    is_figure: bool
    evidence_rank: int = 0
    evidence_badge: str = ""
    # The source's own words ('»…« (s. 12)'), and the value before the effort ('' when none).
    passage: str = ""
    baseline: str = ""

    @property
    def headline(self) -> str:
        """One line for a card: 'Andel i job: 10,3 pct.'."""
        return f"{self.measure}: {self.value}"


def result_view(result: Result, ref: Reference) -> ResultView:
    comparison = result.comparison
    has_comparison = comparison is not None and comparison != NO_COMPARISON
    # None: the source does not say; "ingen": the source says there was no comparison group.
    comparison_text = NOT_STATED_IN_SOURCE if comparison is None else NO_COMPARISON_LABEL
    chart = None
    if comparison is not None and not isinstance(comparison, str) and isinstance(comparison.value, str):
        comparison_text = f"{comparison.group}: {NOT_STATED_IN_SOURCE.lower()}"
    elif comparison is not None and not isinstance(comparison, str) and not isinstance(comparison.value, str):
        other_value = comparison.value
        comparison_text = f"{comparison.group}: {measurement(other_value)}"
        own, other = chart_value(result.value), chart_value(other_value)
        if own is not None and other is not None and own[1] == other[1]:
            chart = Chart(
                result.measure,
                own[1],
                (
                    Bar(result.population or "Deltagerne i indsatsen", own[0], measurement(result.value), True),
                    Bar(comparison.group, other[0], measurement(other_value), False),
                ),
            )
    source = ref.sources.get(result.source)
    return ResultView(
        measure=result.measure,
        value=measurement(result.value),
        population=result.population or "",
        time_point=result.time_point or NOT_STATED,
        comparison=comparison_text,
        has_comparison=has_comparison,
        evidence=result.evidence,
        evidence_label=EVIDENCE_LABELS[result.evidence],
        evidence_explained=_evidence_explained(result),
        note=result.note or "",
        source=source.title if source else result.source,
        chart=chart,
        is_figure=result.value.kind != "statement",
        evidence_rank=EVIDENCE_SCALE[result.evidence].rank,
        evidence_badge=evidence_badge(result.evidence),
        passage=passage(result.passage, result.page),
        baseline=measurement(result.baseline) if result.baseline is not None else "",
    )


def _evidence_explained(result: Result) -> str:
    """The step's explanation, and why a result without a comparison group cannot say what the effort did."""
    explained = EVIDENCE_EXPLANATIONS[result.evidence]
    if result.comparison != NO_COMPARISON:
        return explained
    figure = result.value.kind != "statement"
    return f"{explained} {NO_COMPARISON_EXPLAINED if figure else NO_COMPARISON_EXPLAINED_STATEMENT}"


def headline(item: Initiative, ref: Reference) -> ResultView | None:
    """The result a card shows: the one with the strongest evidence; among equals a figure, then the first."""
    if not item.results:
        return None
    views = [result_view(r, ref) for r in item.results]
    return min(views, key=lambda v: (v.evidence_rank, not v.is_figure))


def place(item: Initiative) -> str:
    """Where an initiative is, for a card: housing areas and municipalities, or 'Sted ikke oplyst'."""
    parts = [*item.housing_areas, *item.municipalities]
    return ", ".join(parts) if parts else "Sted ikke oplyst"


def line_start(text: str) -> str:
    """``text`` as it begins a line of its own: a role written in lower case ('jobcenterchef') with a capital."""
    return text[:1].upper() + text[1:]


def contact_parts(contact: Contact) -> list[str]:
    """Name, role and organisation as written (the role in lower case, as it reads after a comma)."""
    return [x for x in (contact.name, contact.title, contact.organisation) if x]


def contact_lines(contact: Contact) -> list[str]:
    """Name, role and organisation, each on a line of its own in a contact card."""
    return [line_start(x) for x in contact_parts(contact)]


def speaker(quote: Quote) -> str:
    """Who said a quotation, as its caption: 'Pia Niemann Damtoft, jobcenterchef', or 'Borger i Ryslinge'."""
    return line_start(", ".join(x for x in (quote.speaker_name, quote.speaker_role) if x))


def phone_uri(phone: str) -> str:
    """tel: link target: digits only, with +45 when given."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def source_line(source: Source) -> str:
    """'Titel. Udgiver, 2017.' — a source as the 'Kilder' and 'Læs mere' lists show it."""
    tail = ", ".join(x for x in (source.author, source.publisher, str(source.year) if source.year else None) if x)
    return f"{source.title}. {tail}." if tail else f"{source.title}."


def source_title(sources: Mapping[str, Source], sid: str) -> str:
    """A source's title as a theme and an interview name it, or its id when the catalogue has no such source."""
    source = sources.get(sid)
    return source.title if source else sid


def one_line(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


# --------------------------------------------------------------------------- charts


def chart_svg(chart: Chart, *, width: int = 360) -> str:
    """A horizontal bar chart as standalone SVG markup; every label is escaped text.

    Each bar has its label on the line above it, so the chart stays readable
    when a phone scales it down. The SVG carries its own text alternative and
    the figures are written beside the bars: nothing is shown by colour alone.
    """
    label_h, bar_h, gap = 18, 24, 12
    plot_w = width - 80
    top_value = max((b.value for b in chart.bars), default=0.0)
    scale_max = 100.0 if chart.unit == "pct." and top_value <= 100 else max(top_value, 1.0)
    row_h = label_h + bar_h + gap
    height = len(chart.bars) * row_h - gap + 2
    esc = html.escape
    rows = []
    for n, bar in enumerate(chart.bars):
        y = n * row_h
        w = max(1.0, plot_w * bar.value / scale_max)
        fill = "#1a5c8e" if bar.own else "#5f6b76"
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        rows.append(
            f'<text x="0" y="{y + 13}" font-size="14" fill="#1f2328">{esc(label)}</text>'
            f'<rect x="0" y="{y + label_h}" width="{w:.1f}" height="{bar_h}" fill="{fill}" rx="2"/>'
            f'<text x="{w + 6:.1f}" y="{y + label_h + 17}" font-size="14" font-weight="bold" '
            f'fill="#1f2328">{esc(bar.text)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(chart.description)}" font-family="sans-serif">'
        f"<title>{esc(chart.description)}</title>" + "".join(rows) + "</svg>"
    )


# --------------------------------------------------------------------------- shared by the booklet

# Fact-box lines shown even when the source is silent ("Ikke oplyst"): a reader expects them.
ALWAYS_SHOWN_FACTS = frozenset({"Kommune", "Boligområde", "Periode", "Deltagere", "Organisation"})
# Danish alphabetical order: æ, ø, å after z, and a leading "aa" as å (Aabenraa after Østerbro).
_DANISH_LETTERS = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def shown_facts(item: Initiative, ref: Reference) -> list[Fact]:
    """The fact-box lines a reader sees: every stated fact, and the always-shown ones even when empty."""
    return [f for f in facts(item, ref) if f.values or f.key in ALWAYS_SHOWN_FACTS]


def danish_sort_key(value: str) -> str:
    """A key that sorts names in Danish order ('Aarhus' and 'Ærø' after 'Vejle')."""
    text = value.casefold()
    if text.startswith("aa"):
        text = "å" + text[2:]
    return text.translate(_DANISH_LETTERS)
