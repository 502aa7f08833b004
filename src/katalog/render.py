"""Render validated records as Markdown pages (shared by the site and, later, the booklet).

Record fields are data, never markup: names, summaries and every other plain
field are escaped for HTML and Markdown. Fields documented as Markdown
(descriptions, stories, interview texts) keep their Markdown, but raw HTML in
them is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from katalog.model import EVIDENCE_LABELS, ROLE_LABELS, STATUS_LABELS, Initiative, Measurement, Result
from katalog.reference import Reference

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
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def danish_date(value: dt.date) -> str:
    """22. november 2026."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def danish_number(value: float) -> str:
    """12,3 — Danish decimal comma, no trailing ',0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",")


def text(value: str) -> str:
    """A plain field as inline Markdown that renders exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=True))


def markdown(value: str) -> str:
    """A Markdown field with raw HTML neutralised (tags show as text)."""
    return value.replace("&", "&amp;").replace("<", "&lt;")


def measurement(value: Measurement) -> str:
    if value.percent is not None:
        return f"{danish_number(value.percent)} pct."
    if value.count is not None:
        return f"{value.count}" + (f" {value.unit}" if value.unit else "")
    if value.part is not None:
        return f"{value.part} ud af {value.whole}"
    return value.statement or ""


def result_line(result: Result) -> str:
    parts = [f"**{text(result.measure)}**: {text(measurement(result.value))}"]
    if result.population:
        parts.append(f"({text(result.population)})")
    if result.time_point:
        parts.append(f"— {text(result.time_point)}")
    if result.comparison is None or result.comparison == "ingen":
        parts.append("— *ingen sammenligningsgruppe*")
    else:
        parts.append(
            f"— sammenlignet med {text(result.comparison.group)}: {text(measurement(result.comparison.value))}"
        )
    parts.append(f"— evidens: {EVIDENCE_LABELS[result.evidence]}")
    return " ".join(parts)


def initiative_page(item: Initiative, ref: Reference) -> str:
    """The Markdown page for one initiative."""
    lines = [f"# {text(item.name)}", "", f"*{text(item.summary)}*", ""]
    facts = [
        ("Kommune", ", ".join(item.municipalities) or "Ikke oplyst"),
        ("Boligområde", ", ".join(item.housing_areas) or "Ikke oplyst"),
        ("Målgruppe", ", ".join(ref.target_groups[t].label for t in item.target_groups)),
        ("Indsatstype", ", ".join(ref.kinds[k].label for k in item.kinds)),
        ("Status", STATUS_LABELS[item.status]),
        (
            "Organisationer",
            "; ".join(f"{o.name} ({ROLE_LABELS[o.role].lower()})" for o in item.organisations) or "Ikke oplyst",
        ),
    ]
    lines += ["| Fakta | |", "|---|---|", *(f"| {label} | {text(value)} |" for label, value in facts), ""]
    lines += ["## Beskrivelse", "", markdown(item.description), ""]
    if item.results:
        lines += ["## Resultater", "", *(f"- {result_line(r)}" for r in item.results), ""]
    if item.goals:
        lines += ["## Mål", "", *(f"- {text(g.text)}" for g in item.goals), ""]
    lines += ["## Kilder", "", *(f"- {text(ref.sources[s].title)}" for s in item.sources), ""]
    lines += [f"*Sidst gennemgået {danish_date(item.last_reviewed)}.*", ""]
    return "\n".join(lines)
