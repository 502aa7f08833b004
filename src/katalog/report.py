"""Format problems for people (text), for GitHub annotations, and for machines (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from katalog.problems import Problem

FORMATS = ("text", "json", "github")


def _escape_github(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(value: str) -> str:
    return _escape_github(value).replace(":", "%3A").replace(",", "%2C")


def render(problems: Iterable[Problem], fmt: str) -> str:
    """All problems in the chosen format, one per line (JSON: one list)."""
    items = list(problems)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = []
        for p in items:
            subject = " ".join(part for part in (p.record, p.path) if part)
            message = f"{subject}: {p.message}" if subject else p.message
            lines.append(
                f"::{p.severity} file={_escape_github_property(p.file)},line={p.line},col={p.column}::{_escape_github(message)}"
            )
        return "\n".join(lines)
    return "\n".join(p.text() for p in items)


def summary(errors: int, warnings: int, records: int | None, file: str, strict: bool) -> str:
    """A closing line in Danish: how many errors and warnings, and whether the data passes."""
    fejl = f"{errors} fejl"
    advarsler = f"{warnings} advarsel" if warnings == 1 else f"{warnings} advarsler"
    count = "" if records is None else f" ({records} indsats)" if records == 1 else f" ({records} indsatser)"
    failed = errors or (strict and warnings)
    verdict = "ikke godkendt" if failed else "godkendt"
    extra = " — advarsler tæller som fejl med --strict" if strict and warnings else ""
    return f"{file}{count}: {fejl}, {advarsler}: {verdict}{extra}"
