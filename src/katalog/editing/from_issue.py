"""Turn a submitted "Foreslå en indsats" issue into a record (``katalog from-issue``).

GitHub writes a submitted issue form as Markdown: one ``### Label`` section per form element,
in the form's order, with the answer under it, ``_No response_`` for an empty answer, a fenced
block for a YAML text area, the chosen options of a dropdown joined by ``, `` and checkboxes as
``- [X] …``. The labels and how to read each answer come from :func:`katalog.editing.forms.issue_form_fields`,
the same definition the form is generated from.

The issue text is untrusted: it is only ever data. It becomes a plain dict, is written by the
project's YAML writer through :mod:`katalog.editing.scaffold` (appended after the last initiative, every
other line unchanged, under the data file's lock, atomically), YAML answers are read by the
project's safe loader (no tags, no aliases), and the answer to the proposer quotes it only inside
code blocks. The record is checked by the real validator before anything is written; its problems
are reported by the form's labels ("Resultat 1: Værdi"), so the proposer knows which field to fix.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from katalog.catalogue.fields import field_facts
from katalog.catalogue.load import load_bytes, read_regular_file
from katalog.catalogue.model import NO_COMPARISON, TIME_POINT_NOT_STATED, Initiative
from katalog.catalogue.reference import Reference, find_root
from katalog.catalogue.report import terminal_safe
from katalog.catalogue.validate import validate_document
from katalog.editing.forms import GROUPS, FormField, issue_form_fields
from katalog.editing.scaffold import (
    _reference,
    appended_text,
    check_appended,
    read_records,
    slugify,
    unique_id,
    write_data,
)
from katalog.files import write_atomic, writer_lock
from katalog.language import grammar
from katalog.problems import KatalogError, Problem, format_path

# GitHub keeps an issue body under 65,536 characters; a file far larger is not an issue body.
MAX_BODY_BYTES = 4 * 1024 * 1024
NO_RESPONSE = "_No response_"
# The first line of every answer to a proposer: the workflow finds its earlier answer by it.
COMMENT_MARKER = "<!-- katalog from-issue -->"
# GitHub refuses comments over 65,536 characters.
_MAX_COMMENT = 60_000
_FENCE = re.compile(r"\A```[A-Za-z]*\n(.*?)\n?```\Z", re.DOTALL)
_INT = r"\d{1,3}(?:\.\d{3})+|\d{1,12}"
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,6})?)\s*(?:%|pct\.?|procent)", re.IGNORECASE)
_FRACTION = re.compile(rf"({_INT})\s+ud\s+af\s+({_INT})(?:\s+(.+))?", re.IGNORECASE)
_COUNT = re.compile(rf"({_INT})(?:\s+(\D.*))?")
_CHECKBOX = re.compile(r"^- \[([ xX])\] (.*)$")


@dataclass(frozen=True)
class FieldProblem:
    """A problem with the proposal, placed at the form's label (None: the record as a whole)."""

    label: str | None
    severity: str
    message: str
    # What the form told the proposer to write there.
    help: str = ""

    def text(self) -> str:
        """One line for a terminal: 'Feltet »Kommuner«: fejl: …'."""
        where = f"Feltet »{self.label}«" if self.label else "Posten"
        kind = "fejl" if self.severity == "error" else "advarsel"
        return terminal_safe(f"{where}: {kind}: {self.message}")


@dataclass
class Outcome:
    """What ``katalog from-issue`` made of an issue."""

    record_id: str
    name: str
    # The line of the record's '- id: …' in the data file (as written, or as it would be).
    line: int
    written: bool = False
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass
class _Proposal:
    record: dict[str, Any]
    # Where a key path of the record ('results[0].value') came from in the form.
    origins: dict[str, FormField]
    problems: list[FieldProblem]


def read_body(path: Path) -> str:
    """The issue body in ``path`` as text with ``\\n`` line ends; else :class:`KatalogError` (exit 2)."""
    try:
        raw = read_regular_file(path, MAX_BODY_BYTES)
    except KatalogError as exc:
        raise KatalogError(f"{path}: issuet kan ikke læses; se årsagen herunder", exc.problems, exit_code=2) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KatalogError(
            f"{path}: issuet er ikke UTF-8-tekst (byte {exc.start}); gem det igen med tegnsættet UTF-8", exit_code=2
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_sections(body: str, labels: list[str]) -> dict[str, str]:
    """The text under each ``### Label`` of ``body``, for the labels it has, in the form's order.

    A value may itself hold a line '### <a label>' (a proposer's heading): of the lines that name a
    label, the one GitHub wrote is taken to be the last one before the next label's section, so a
    heading inside an earlier answer stays part of that answer.
    """
    lines = body.split("\n")
    where: dict[str, list[int]] = {}
    known = set(labels)
    for number, line in enumerate(lines):
        if line.startswith("### ") and line[4:].strip() in known:
            where.setdefault(line[4:].strip(), []).append(number)
    starts: dict[str, int] = {}
    limit = len(lines)
    for label in reversed(labels):
        before = [n for n in where.get(label, []) if n < limit]
        if before:
            starts[label] = before[-1]
            limit = before[-1]
    ordered = sorted(starts.items(), key=lambda item: item[1])
    sections = {}
    for position, (label, start) in enumerate(ordered):
        end = ordered[position + 1][1] if position + 1 < len(ordered) else len(lines)
        sections[label] = "\n".join(lines[start + 1 : end]).strip("\n")
    return sections


def _answer(text: str | None) -> str:
    """An answer without the blank lines around it; '' for no answer."""
    value = (text or "").strip()
    return "" if value == NO_RESPONSE else value


def _integer(text: str) -> int | str:
    compact = text.replace(" ", "")
    return int(compact.replace(".", "")) if re.fullmatch(rf"[+-]?(?:{_INT})", compact) else text


def measurement(value: str, whole: str = "") -> dict[str, Any] | None:
    """A result's value from the form's words: '45 %', '22 deltagere', '3 ud af 4', or a statement."""
    value, whole = value.strip(), whole.strip()
    if not value and not whole:
        return None
    if whole:
        return {"part": _integer(value), "whole": _integer(whole)}
    if match := _PERCENT.fullmatch(value):
        return {"percent": float(match.group(1).replace(",", "."))}
    if match := _FRACTION.fullmatch(value):
        found: dict[str, Any] = {"part": _integer(match.group(1)), "whole": _integer(match.group(2))}
        return found | ({"unit": match.group(3).strip()} if match.group(3) else {})
    if match := _COUNT.fullmatch(value):
        return {"count": _integer(match.group(1))} | ({"unit": match.group(2).strip()} if match.group(2) else {})
    return {"statement": value}


def _choices(text: str, form_field: FormField) -> tuple[list[str], list[str]]:
    """The values of a multiple dropdown's answer ('A, B'), matching whole options; and what is unknown."""
    options = form_field.options
    by_value = {value.casefold(): value for value in options.values()}
    parts = [p.strip() for p in text.split(", ")] if text else []
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ", ".join(parts[i:j])
            value = options.get(candidate) or by_value.get(candidate.casefold())
            tagged = re.fullmatch(r".*\[([a-z0-9-]+)\]", candidate)
            if value is None and tagged and j == i + 1:
                # An option whose label changed since the form was filled in: its id still says which.
                value = by_value.get(tagged.group(1))
            if value is not None:
                if value not in found:
                    found.append(value)
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


def _yaml_answer(text: str, form_field: FormField, problems: list[FieldProblem]) -> Any:
    """A YAML text area's answer, read by the project's safe loader (no tags, no aliases)."""
    fenced = _FENCE.match(text)
    source = fenced.group(1) if fenced else text
    doc = load_bytes(source.encode("utf-8", "surrogatepass"), form_field.label)
    for problem in doc.problems:
        problems.append(
            FieldProblem(form_field.label, "error", f"linje {problem.line}: {problem.message}", form_field.help)
        )
    return doc.data if doc.ok else None


def _put(record: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Set ``value`` at ``path`` (string keys only: groups are numbered by the caller)."""
    target = record
    for key in path[:-1]:
        target = target.setdefault(str(key), {})
    target[str(path[-1])] = value


def propose(sections: dict[str, str], fields: list[FormField]) -> _Proposal:
    """The record the answers describe, without id and review date, and what could not be read."""
    record: dict[str, Any] = {}
    origins: dict[str, FormField] = {}
    problems: list[FieldProblem] = []
    groups: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in GROUPS}
    group_fields: dict[tuple[str, int], list[FormField]] = {}
    for form_field in fields:
        text = _answer(sections.get(form_field.label))
        if form_field.path and form_field.path[0] in GROUPS:
            name, index = str(form_field.path[0]), int(form_field.path[1])
            group_fields.setdefault((name, index), []).append(form_field)
            if text:
                groups[name].setdefault(index, {})[form_field.id] = text
            continue
        if form_field.kind == "checks":
            checked = {m.group(2).strip() for m in map(_CHECKBOX.match, text.split("\n")) if m and m.group(1) != " "}
            for option in form_field.options:
                if option not in checked:
                    problems.append(
                        FieldProblem(form_field.label, "error", f"sæt kryds ved »{option}«", form_field.help)
                    )
            continue
        origins[format_path(form_field.path)] = form_field
        if not text:
            continue
        value: Any = text
        if form_field.kind == "integer":
            value = _integer(text)
        elif form_field.kind == "lines":
            value = [re.sub(r"^[-*]\s+", "", line.strip()) for line in text.split("\n") if line.strip()]
        elif form_field.kind == "choice":
            found, unknown = _choices(text, form_field)
            value = found[0] if len(found) == 1 and not unknown else text
        elif form_field.kind == "choices":
            value, unknown = _choices(text, form_field)
            for choice in unknown:
                problems.append(
                    FieldProblem(form_field.label, "error", f"»{choice}« er ikke et af valgene", form_field.help)
                )
        elif form_field.kind == "yaml":
            value = _yaml_answer(text, form_field, problems)
            if value is None:
                continue
        _put(record, form_field.path, value)
    for name, filled in groups.items():
        items: list[dict[str, Any]] = []
        for index in sorted(filled):
            item, position = _group_item(filled[index], group_fields[(name, index)], problems), len(items)
            for form_field in group_fields[(name, index)]:
                if form_field.kind == "whole":
                    continue  # 'Ud af' shares the value's path; problems there name 'Værdi'
                origins[format_path((name, position, *form_field.path[2:]))] = form_field
            items.append(item)
        title = field_facts(Initiative)[name].title or name
        origins[name] = FormField(name, title, (name,), "text")
        if items:
            if name == "results":
                for result in items:
                    if "source" not in result and record.get("sources"):
                        result["source"] = record["sources"][0]
            record[name] = items
    return _Proposal(record, origins, problems)


def _group_item(answers: dict[str, str], fields: list[FormField], problems: list[FieldProblem]) -> dict[str, Any]:
    """One numbered group's record: a result's value and comparison read from their words."""
    item: dict[str, Any] = {}
    by_kind = {f.kind: f for f in fields}
    for form_field in fields:
        text = answers.get(form_field.id, "")
        key = str(form_field.path[2])
        if form_field.kind == "whole" or (not text and form_field.kind != "measurement"):
            continue
        if form_field.kind == "measurement":
            whole = by_kind.get("whole")
            found = measurement(text, answers.get(whole.id, "") if whole else "")
            if found is not None:
                item[key] = found
        elif form_field.kind == "baseline":
            before = measurement(text)
            if before is not None:
                item[key] = before
        elif form_field.kind == "comparison":
            if text.casefold().removesuffix(" sammenligning") == NO_COMPARISON:
                item[key] = NO_COMPARISON
            elif ":" in text:
                group, _, value = text.rpartition(":")
                stated = value.strip().casefold() != TIME_POINT_NOT_STATED
                item[key] = {"group": group.strip(), "value": measurement(value) if stated else TIME_POINT_NOT_STATED}
            else:
                problems.append(
                    FieldProblem(
                        form_field.label,
                        "error",
                        f"»{text}« er ikke en sammenligning; skriv gruppen og dens værdi med kolon imellem, "
                        f"fx »kontrolgruppe: 37 %«, eller »{NO_COMPARISON}«",
                        form_field.help,
                    )
                )
        elif form_field.kind == "choice":
            found_values, unknown = _choices(text, form_field)
            item[key] = found_values[0] if len(found_values) == 1 and not unknown else text
        else:
            item[key] = text
    return item


def _in_model_order(values: dict[str, Any]) -> dict[str, Any]:
    """The record with its keys in the model's order and empty lists for unfilled lists (as ``katalog new``)."""
    record: dict[str, Any] = {}
    for key, facts in field_facts(Initiative).items():
        if key in values:
            record[key] = values[key]
        elif facts.info.default_factory is list:
            record[key] = []
    return record


def _label_of(path: str | None, proposal: _Proposal) -> FormField | None:
    """The form field a validator's key path ('results[0].value.percent') comes from: its nearest origin."""
    probe = path or ""
    while probe:
        if probe in proposal.origins:
            return proposal.origins[probe]
        # A nested record as a whole ('period'): the part its fields' labels share ('Periode').
        inner = [f for key, f in proposal.origins.items() if key.startswith(f"{probe}.")]
        if inner and not re.search(r"\[\d+\]$", probe):
            return FormField(inner[0].id, inner[0].label.split(": ")[0], inner[0].path[:-1], "text")
        probe = re.sub(r"(\[\d+\]|\.?[^.\[\]]+)$", "", probe)
    return None


def _field_problem(problem: Problem, proposal: _Proposal) -> FieldProblem:
    # Problems at the id are about the record as a whole (from-issue makes the id itself).
    path = None if problem.path == "id" else problem.path
    found = _label_of(path, proposal)
    message = problem.message
    if found is not None and message.startswith("det obligatoriske felt "):
        # The validator speaks YAML ("tilføj 'role: …'"); the proposer has a form field to fill in.
        message = "feltet skal udfyldes"
        if len(found.path) > 2:
            message += f", når du har udfyldt andre felter i »{found.label.split(': ')[0]}«"
    if found is not None:
        return FieldProblem(found.label, problem.severity, message, found.help)
    group = re.match(r"(\w+)\[(\d+)\]", path or "")
    if group and group.group(1) in GROUPS:
        label = f"{GROUPS[group.group(1)][1]} {int(group.group(2)) + 1}"
        return FieldProblem(label, problem.severity, problem.message)
    return FieldProblem(None, problem.severity, problem.message)


def record_from_issue(
    body: Path,
    data: Path,
    root: Path | None = None,
    *,
    dry_run: bool = False,
    write_invalid: bool = False,
    today: dt.date | None = None,
) -> Outcome:
    """Read the issue in ``body``, append its record to ``data`` if it is valid, and say what is wrong.

    The record gets an id made from its name (unique in the file) and today's date as
    ``last_reviewed``. It is checked by the validator as part of the whole file, and only its
    own problems are reported. Nothing is written with ``dry_run``, nor when the record has
    errors unless ``write_invalid``. An issue without the form's sections raises
    :class:`KatalogError` (exit code 2).
    """
    text = read_body(body)
    project = root or find_root(Path(os.path.realpath(data)).parent, fallback=True)
    reference = _reference(project)
    fields = issue_form_fields(reference)
    sections = split_sections(text, [f.label for f in fields])
    if not any(_answer(sections.get(f.label)) for f in fields):
        raise KatalogError(
            f"{body}: ingen af felterne fra formularen »Foreslå en indsats« er udfyldt (ingen linjer som '### Navn')",
            exit_code=2,
        )
    proposal = propose(sections, fields)
    day = today or dt.date.today()
    with writer_lock(data):
        return _add(data, proposal, reference, day, dry_run=dry_run, write_invalid=write_invalid)


def _add(
    data: Path, proposal: _Proposal, reference: Reference, day: dt.date, *, dry_run: bool, write_invalid: bool
) -> Outcome:
    doc, records = read_records(data)
    name = proposal.record.get("name")
    shown_name = " ".join(name.split()) if isinstance(name, str) else ""
    taken = [r["id"] for r in records if isinstance(r.get("id"), str)]
    record_id = unique_id(slugify(shown_name or "forslag"), taken)
    record = _in_model_order({**proposal.record, "id": record_id, "last_reviewed": day.isoformat()})
    new_text, line = appended_text(doc, record)
    new_doc = load_bytes(new_text.encode("utf-8", "surrogatepass"), doc.file)
    if new_doc.ok:
        check_appended(doc.data, new_text, record, doc.file)
    report = validate_document(new_doc, reference, day)
    end = line + new_text.count("\n") - doc.text.count("\n")
    own = [p for p in report.problems if p.record == record_id or line <= p.line < end]
    outcome = Outcome(record_id, shown_name, line, problems=list(proposal.problems))
    outcome.problems += [_field_problem(p, proposal) for p in own]
    if not dry_run and (outcome.valid or write_invalid):
        write_data(data, new_text)
        outcome.written = True
    return outcome


def _code_block(text: str) -> str:
    """``text`` as a fenced code block no content can end: GitHub links, mentions and closes nothing in it."""
    safe = terminal_safe(text)
    longest = max((len(run) for run in re.findall(r"`+", safe)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{safe}\n{fence}"


def comment(outcome: Outcome) -> str:
    """The answer to the proposer, in Markdown: what to fix by field, or that the proposal passed.

    Everything quoted from the proposal is inside code blocks, so it cannot mention anyone, close an
    issue, or show a link or an image; the labels and help texts are the form's own.
    """
    errors = [p for p in outcome.problems if p.severity == "error"]
    warnings = [p for p in outcome.problems if p.severity != "error"]
    parts = [COMMENT_MARKER]
    if errors:
        parts.append("### Forslaget kan ikke blive til en post endnu")
        parts.append(
            f"Tak for forslaget. Kontrollen fandt {grammar.count(len(errors), 'fejl')}, som skal rettes først. "
            "Ret felterne herunder ved at redigere dit forslag (de tre prikker øverst til højre i det første indlæg). "
            "Når du gemmer, tjekkes forslaget igen, og dette svar bliver opdateret."
        )
    else:
        parts.append("### Forslaget er klar til redaktionen")
        parts.append(
            f"Kontrollen fandt ingen fejl. Posten `{outcome.record_id}` er lavet ud fra forslaget, "
            "og redaktionen gennemgår den, før den kommer i kataloget."
        )
    body_size = sum(len(p) for p in parts)
    shown = 0
    helped: set[str | None] = set()
    warnings_heading = (
        "Advarsel (den stopper ikke forslaget)" if len(warnings) == 1 else "Advarsler (de stopper ikke forslaget)"
    )
    for heading, items in (("Fejl", errors), (warnings_heading, warnings)):
        if not items:
            continue
        parts.append(f"#### {heading}")
        for problem in items:
            where = f"Feltet **{problem.label}**" if problem.label else "Posten som helhed"
            entry = f"{where}:\n\n{_code_block(problem.message)}"
            if problem.help and problem.label not in helped:
                entry += f"\n\nSådan udfyldes feltet: {problem.help}"
                helped.add(problem.label)
            if body_size + len(entry) > _MAX_COMMENT:
                parts.append(f"… og {len(outcome.problems) - shown} mere, som ikke er plads til her.")
                return "\n\n".join(parts) + "\n"
            parts.append(entry)
            body_size += len(entry)
            shown += 1
    return "\n\n".join(parts) + "\n"


def write_comment(path: Path, outcome: Outcome) -> None:
    """Write :func:`comment` to ``path`` (atomically)."""
    write_atomic(path, comment(outcome).encode("utf-8", "surrogatepass"))
