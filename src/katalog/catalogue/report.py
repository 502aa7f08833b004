"""Format problems for people (text), for GitHub annotations, and for machines (JSON).

Messages quote values from the data, so every format makes control characters visible:
a value holding an escape sequence (``"\\e]0;…\\a"``) or a bidi override must not drive
the terminal or reorder what an editor reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from katalog.language import grammar
from katalog.problems import HasProblems, Problem

# C0 controls but tab and newline, DEL, C1 controls, the bidi controls, and the line and
# paragraph separators (a terminal would start a line a reader does not see).
# Lone surrogates are bytes that were not UTF-8 (a file name, an argument: Python keeps them as
# U+DC80–U+DCFF); they cannot be printed as they are.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
# In JSON, C0 controls are already escaped by json.dumps.
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python's surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with control characters (but newline and tab) written as visible escapes: ESC → ``\\x1b``."""
    return _UNSAFE.sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` as one terminal line: :func:`terminal_safe`, and a newline shown as ``\\n``.

    Each problem of the text format is exactly one line, so a value holding a newline
    cannot add a line that looks like another problem (``FILE:1:1: error: …``).
    """
    return terminal_safe(text).replace("\n", "\\n")


def _escape_github(value: str) -> str:
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal_safe(escaped).replace("\t", "\\t")


def _escape_github_property(value: str) -> str:
    return _escape_github(value).replace(":", "%3A").replace(",", "%2C")


def render(problems: Iterable[Problem], fmt: str) -> str:
    """All problems in the chosen format, one per line (JSON: one list)."""
    items = list(problems)
    if fmt == "json":
        text = json.dumps([p.as_dict() for p in items], ensure_ascii=False, indent=2)
        return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if fmt == "github":
        lines = []
        for p in items:
            subject = " ".join(part for part in (p.record, p.path) if part)
            message = f"{subject}: {p.message}" if subject else p.message
            lines.append(
                f"::{p.severity} file={_escape_github_property(p.file)},line={p.line},col={p.column}::{_escape_github(message)}"
            )
        return "\n".join(lines)
    return "\n".join(one_line(p.text()) for p in items)


def summary(
    errors: int,
    warnings: int,
    records: int | None,
    file: str,
    strict: bool,
    *,
    selected: list[str] | None = None,
    hidden: int = 0,
) -> str:
    """A closing line in Danish: how many errors and warnings, and whether the data passes.

    With ``selected`` (the ids asked about), the warnings are those records' own, and the
    line says how many warnings about other records were left out.
    """
    fejl = grammar.count(errors, "fejl")
    advarsler = grammar.count(warnings, "advarsel")
    if selected is not None:
        about = grammar.shortened(selected)
        advarsler += f" om {about}" if selected else " (ingen ændrede eller valgte indsatser)"
    count = "" if records is None else f" ({grammar.count(records, 'indsats')})"
    failed = errors or (strict and warnings)
    verdict = "ikke godkendt" if failed else "godkendt"
    extra = " – advarsler tæller som fejl med --strict" if strict and warnings else ""
    left_out = f"; {grammar.count(hidden, 'advarsel')} om andre indsatser er ikke vist" if hidden else ""
    return f"{file}{count}: {fejl}, {advarsler}: {verdict}{extra}{left_out}"


@dataclass
class Shown(HasProblems):
    """What ``katalog validate`` shows when asked about some records: every error, their warnings only."""

    problems: list[Problem]
    hidden_warnings: int


def for_records(problems: list[Problem], ids: set[str] | None) -> Shown:
    """Every error, and the warnings about the initiatives in ``ids`` (all warnings when ``ids`` is None).

    An editor's record must be judged on its own: the warnings about other people's
    records are counted, not shown, and do not count under ``--strict``.
    """
    if ids is None:
        return Shown(list(problems), 0)
    shown = [p for p in problems if p.severity == "error" or p.record in ids]
    return Shown(shown, len(problems) - len(shown))
