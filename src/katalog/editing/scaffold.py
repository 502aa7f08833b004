"""Scaffold a new initiative at the end of the data file (``katalog new``).

The record is added as text right after the last initiative: every existing line stays byte for
byte as it was, comments and all. It is written in the canonical layout of ``katalog fmt`` (by
:func:`katalog.editing.fmt.render`, so fmt leaves it alone) with the values given, empty lists for the
optional lists, and the required fields nobody gave left empty with a ``# TODO:`` comment that
says what to write.

The fresh record deliberately does *not* validate: an empty ``summary``, ``description`` or
``status`` and an empty ``sources`` list are errors that ``katalog validate`` reports on their
lines. So an unfinished record cannot be published by mistake (the build and the pull-request
check stop on it), and the error list doubles as the editor's to-do list. Given values are
read against the reference data, and the new record is checked by the validator (the messages of
``katalog validate``, less those of the fields left to fill in), so what *is* filled in is right.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from katalog.catalogue.fields import field_facts
from katalog.catalogue.load import Document, SafeParser, build, load_bytes, read_file
from katalog.catalogue.messages import suggest, unknown_value
from katalog.catalogue.model import Catalogue, Initiative, Status
from katalog.catalogue.reference import Reference, find_root, load_reference
from katalog.catalogue.slugs import ascii_slug
from katalog.catalogue.validate import validate_document
from katalog.editing.fmt import canonical_tree, render
from katalog.editing.yaml_comments import Comments
from katalog.files import os_failure, write_atomic, writer_lock
from katalog.language import grammar
from katalog.problems import KatalogError

# The longest id made from a name: the model's limit, less room for a '-12' suffix.
_MAX_ID = (field_facts(Initiative)["id"].max_length or 80) - 10
_DESCRIPTION_HINT = "hvad indsatsen er og gør, for hvem og med hvilke resultater (Markdown)"


@dataclass(frozen=True)
class NewRecord:
    """The record ``katalog new`` added."""

    id: str
    # The line of its '- id: …' in the data file (1-based).
    line: int
    # What to fill in next, in Danish, with line numbers: 'summary (linje 1212): Resumé – …'.
    todo: list[str]
    # How given values were read, in Danish: "'Århus' er skrevet som 'Aarhus'".
    notes: list[str]


@dataclass(frozen=True)
class Choice:
    """One value a prompt offers: the id to write and its Danish label."""

    value: str
    label: str


@dataclass(frozen=True)
class Prompt:
    """A value ``katalog new`` asks for on a terminal when it was not given as an option."""

    # The keyword argument of :func:`new_record` the answer goes to.
    field: str
    question: str
    # The answer is a comma-separated list (``new_record`` takes a list).
    multiple: bool
    # Ask again on an empty answer.
    required: bool
    # Values to show, numbered from 1, before asking; empty for free text.
    choices: tuple[Choice, ...] = ()

    def parse(self, answer: str) -> list[str]:
        """The values of an answer: split at commas; a number picks that choice ('2' → its id)."""
        parts = [p.strip() for p in answer.split(",")] if self.multiple else [answer.strip()]
        return [
            self.choices[int(p) - 1].value if p.isdigit() and 0 < int(p) <= len(self.choices) else p for p in parts if p
        ]


def prompt_plan(root: Path) -> list[Prompt]:
    """What to ask, in order, when standard input is a terminal and the option was not given."""
    reference = _reference(root)
    return [
        Prompt("name", "Indsatsens navn", multiple=False, required=True),
        Prompt(
            "municipalities",
            "Kommuner, adskilt af komma (tom, hvis kilden ikke nævner kommunen)",
            multiple=True,
            required=False,
        ),
        Prompt(
            "target_groups",
            "Målgrupper (numre eller id'er, adskilt af komma)",
            multiple=True,
            required=True,
            choices=tuple(Choice(t.id, t.label) for t in reference.target_groups.values()),
        ),
        Prompt(
            "kinds",
            "Indsatstyper (numre eller id'er, adskilt af komma)",
            multiple=True,
            required=True,
            choices=tuple(Choice(k.id, k.label) for k in reference.kinds.values()),
        ),
    ]


def new_record(
    data: Path,
    root: Path | None = None,
    *,
    name: str,
    municipalities: Sequence[str] = (),
    target_groups: Sequence[str] = (),
    kinds: Sequence[str] = (),
    summary: str | None = None,
    status: str | None = None,
    sources: Sequence[str] = (),
    today: dt.date | None = None,
) -> NewRecord:
    """Append a new initiative to ``data`` and say what to fill in next.

    Values are checked against the reference data under ``root`` (default: the project ``data``
    is in): target groups and kinds by id or Danish label, municipalities by official name or a
    known other spelling (written as the official name), sources by id, status by value. Any wrong
    value raises :class:`KatalogError` (exit code 2) naming every one of them, with the closest
    valid value; the file is then untouched. The id is derived from the name (``æ`` → ``ae``,
    ``ø`` → ``oe``, ``å`` → ``aa``) and made unique with ``-2``, ``-3`` …; a name that an
    initiative already has is refused. The file is replaced atomically, under the data file's
    lock and read again under it, so two ``katalog new`` at once both keep their record.
    """
    project = root or find_root(Path(os.path.realpath(data)).parent, fallback=True)
    reference = _reference(project)
    with writer_lock(data):
        return _add_record(
            data,
            reference,
            name=name,
            municipalities=municipalities,
            target_groups=target_groups,
            kinds=kinds,
            summary=summary,
            status=status,
            sources=sources,
            today=today,
        )


def _add_record(
    data: Path,
    reference: Reference,
    *,
    name: str,
    municipalities: Sequence[str],
    target_groups: Sequence[str],
    kinds: Sequence[str],
    summary: str | None,
    status: str | None,
    sources: Sequence[str],
    today: dt.date | None,
) -> NewRecord:
    doc, records = read_records(data)

    errors: list[str] = []
    notes: list[str] = []
    # Fields whose given value was refused already (the validator would only say it again).
    refused: set[str] = set()
    clean_name = " ".join(name.split())
    if not clean_name:
        # Worded for the command line: the validator's "feltet er tomt" would not say how to give it.
        errors.append("indsatsen skal have et navn; angiv det med --name")
        refused.add("name")
    for record in records:
        if isinstance(record.get("name"), str) and record["name"].strip().casefold() == clean_name.casefold():
            errors.append(
                f"der findes allerede en indsats med navnet '{clean_name}' (id '{record.get('id')}'); "
                "ret den, eller giv den nye indsats et andet navn"
            )
    # Given values are read against the reference data: labels become ids, other spellings official names.
    lookups: dict[str, Callable[[], Any]] = {
        "municipalities": lambda: [_municipality(m, reference, errors, notes) for m in _nonempty(municipalities)],
        "target_groups": lambda: _terms(target_groups, reference.target_groups, "målgruppe", errors),
        "kinds": lambda: _terms(kinds, reference.kinds, "indsatstype", errors),
        "sources": lambda: _ids(sources, reference.sources, "kilde", "data/sources.yaml", errors),
        "status": lambda: _status(status, errors),
    }
    values: dict[str, Any] = {}
    for key, lookup in lookups.items():
        found = len(errors)
        values[key] = lookup()
        if len(errors) > found:
            refused.add(key)
    day = today or dt.date.today()
    taken = [r["id"] for r in records if isinstance(r.get("id"), str)]
    record_id = unique_id(slugify(clean_name), taken)
    values.update(
        id=record_id,
        name=clean_name,
        summary=" ".join((summary or "").split()),
        description="",
        last_reviewed=day.isoformat(),
    )
    if values["status"] not in ("", Status.ukendt.value):
        # Any status but 'ukendt' must rest on the source's words: leave room for them.
        values["status_basis"] = {"source": (values["sources"] or [""])[0], "passage": ""}
    record, todo_fields = _record(values)
    if "status_basis" in record:
        todo_fields = sorted([*todo_fields, "status_basis"], key=list(field_facts(Initiative)).index)
    errors += _validator_errors(record, {*todo_fields, *refused}, reference, day)
    if errors:
        raise KatalogError(
            errors[0]
            if len(errors) == 1
            else "\n  ".join([f"{grammar.count(len(errors), 'fejl')} i de angivne værdier:", *errors]),
            exit_code=2,
        )
    text, item_line, todo_lines = _append(doc.text, record, todo_fields, doc.file)
    _check(doc.data, text, record, doc.file)
    write_data(data, text)
    known = field_facts(Initiative)
    todo = [f"{key} (linje {todo_lines[key]}): {known[key].title} – {_hint(key)}" for key in todo_fields]
    todo.append(
        "valgfrit: resultater, mål, citater, kontaktpersoner m.m. (results, goals, quotes, contacts), hvis kilden nævner dem"
    )
    return NewRecord(record_id, item_line, todo, notes)


def _validator_errors(record: dict[str, Any], skip: set[str], reference: Reference, today: dt.date) -> list[str]:
    """What ``katalog validate`` says about the new record's given values: its errors, but none on ``skip``.

    The fields left to fill in are errors by design (they are the to-do list), so they are skipped,
    as are the fields whose value was already refused against the reference data.
    """
    text = render(canonical_tree(None, {"initiatives": [record]}, Catalogue))
    report = validate_document(load_bytes(text.encode("utf-8"), "ny indsats"), reference, today)
    return [
        f"{problem.path}: {problem.message}" if problem.path else problem.message
        for problem in report.errors
        if re.split(r"[.\[]", problem.path or "")[0] not in skip
    ]


def read_records(data: Path) -> tuple[Document, list[dict[str, Any]]]:
    """The data file, read to append to (hold :func:`writer_lock` around it), and its initiatives.

    A file that cannot be read or parsed, or has no list under 'initiatives', raises :class:`KatalogError`.
    """
    doc = read_file(data)
    if doc.ready:
        build(doc)
    if not doc.ready or not doc.ok:
        raise KatalogError(f"{doc.file} kan ikke læses; ret fejlene i filen først", problems=doc.problems)
    existing = doc.data.get("initiatives") if isinstance(doc.data, dict) else None
    if not isinstance(doc.data, dict) or not (existing is None or isinstance(existing, list)):
        raise KatalogError(
            f"{doc.file}: filen har ingen liste af indsatser under 'initiatives'; skriv 'initiatives:' øverst i filen og indsatserne under det"
        )
    return doc, [r for r in existing or [] if isinstance(r, dict)]


def appended_text(doc: Document, record: dict[str, Any]) -> tuple[str, int]:
    """The text of ``doc`` with ``record`` after the last initiative (every other line as it was),
    and the line of the record's '- id: …'. The caller checks the text before writing it."""
    text, line, _ = _append(doc.text, record, [], doc.file)
    return text, line


def check_appended(old: Any, text: str, record: dict[str, Any], name: str) -> None:
    """Raise :class:`KatalogError` unless ``text`` holds the data ``old`` plus exactly ``record``."""
    _check(old, text, record, name)


def write_data(data: Path, text: str) -> None:
    """Replace the data file with ``text`` atomically, keeping a byte-order mark it had."""
    try:
        raw = data.read_bytes()
    except OSError as exc:
        raise os_failure(exc, data, "læse datafilen") from exc
    write_atomic(data, (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8"))


def slugify(name: str) -> str:
    """An id from a name: 'Team Ildfugle i Ærø' → 'team-ildfugle-i-aeroe'."""
    slug = ascii_slug(name)
    if len(slug) > _MAX_ID:
        slug = slug[:_MAX_ID].rsplit("-", 1)[0]
    return slug if len(slug) >= 2 else f"indsats-{slug}".strip("-")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when an initiative already has it."""
    used = {t.casefold() for t in taken}
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _reference(root: Path) -> Reference:
    """The reference data; values can't be checked against broken reference data."""
    reference, problems = load_reference(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise KatalogError("referencedata (ordlister, kommuner, kilder) har fejl; ret dem først", problems=errors)
    return reference


def _nonempty(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def _municipality(given: str, reference: Reference, errors: list[str], notes: list[str]) -> str:
    names = reference.municipalities
    if given in names:
        return given
    folded = {n.casefold(): n for n in names} | {a.casefold(): n for a, n in reference.municipality_aliases.items()}
    bare = re.sub(r"\s+(?:kommune|regionskommune)$", "", given, flags=re.IGNORECASE)
    official = folded.get(given.casefold()) or folded.get(bare.casefold())
    if official is not None:
        notes.append(f"kommunen '{given}' er skrevet som det officielle navn '{official}'")
        return official
    errors.append(
        f"'{given}' er ikke navnet på en dansk kommune{suggest(given, names)}; "
        "skriv kommunens korte navn, som det står i data/municipalities.yaml, fx 'Esbjerg'"
    )
    return given


def _terms(given: Sequence[str], known: dict[str, Any], what: str, errors: list[str]) -> list[str]:
    """Vocabulary ids, accepting an id or a Danish label in any case."""
    by_label = {term.label.casefold(): term_id for term_id, term in known.items()}
    by_id = {term_id.casefold(): term_id for term_id in known}
    found = []
    for value in _nonempty(given):
        term_id = by_id.get(value.casefold()) or by_label.get(value.casefold())
        if term_id is None:
            errors.append(unknown_value(what, value, known, "et id fra data/vocabularies.yaml"))
        elif term_id not in found:
            found.append(term_id)
    return found


def _ids(given: Sequence[str], known: dict[str, Any], what: str, where: str, errors: list[str]) -> list[str]:
    found = []
    for value in _nonempty(given):
        if value not in known:
            errors.append(unknown_value(what, value, known, f"et id fra {where}"))
        elif value not in found:
            found.append(value)
    return found


def _status(given: str | None, errors: list[str]) -> str:
    if given is None or not given.strip():
        return ""
    values = [s.value for s in Status]
    if given.strip().casefold() in values:
        return given.strip().casefold()
    errors.append(f"'{given}' er ikke en status{suggest(given, values)}; skriv en af værdierne {', '.join(values)}")
    return given


def _record(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The record in model order, and the required fields left to fill in (empty here)."""
    record: dict[str, Any] = {}
    todo = []
    for key, facts in field_facts(Initiative).items():
        if key in values:
            record[key] = values[key]
            if facts.required and values[key] in ("", []):
                todo.append(key)
        elif facts.info.default_factory is list:
            record[key] = []
    return record, todo


def _append(text: str, record: dict[str, Any], todo: list[str], name: str) -> tuple[str, int, dict[str, int]]:
    """``text`` with the record added after the last initiative; its line and the to-do lines."""
    place = _insertion_point(text, name)
    comments = Comments(after={("initiatives", 0, key): [f"# TODO: {_hint(key)}"] for key in todo})
    rendered = render(canonical_tree(None, {"initiatives": [record]}, Catalogue), comments).splitlines()[1:]
    shift = place.dash_column - 2
    lines = [(" " * shift + line) if shift >= 0 else line[-shift:] for line in rendered]
    newline = "\r\n" if "\r\n" in text else "\n"
    before = text[: place.index]
    if before and not before.endswith("\n"):
        before += newline
    blank_before = before.endswith(("\n\n", "\r\n\r\n")) or not before.strip()
    if place.header:
        before += ("" if blank_before else newline) + place.header + newline
    elif place.after_record and not blank_before:
        before += newline  # one blank line between records
    first = before.count("\n") + 1
    todo_lines = {key: first + n for key in todo for n, line in enumerate(lines) if line.lstrip().startswith(f"{key}:")}
    return before + "".join(line + newline for line in lines) + text[place.index :], first, todo_lines


def _hint(key: str) -> str:
    """What to write in a required field, from the model (the description's is too terse)."""
    return _DESCRIPTION_HINT if key == "description" else str(field_facts(Initiative)[key].description)


@dataclass(frozen=True)
class _Place:
    index: int  # where the record's text goes (a character index)
    dash_column: int  # the column (0-based) of the records' '-'
    after_record: bool = True  # the record follows another one (a blank line between them)
    header: str = ""  # an 'initiatives:' line to write first (the file has none)


def _insertion_point(text: str, name: str) -> _Place:
    """Right after the line where the last initiative ends (PyYAML's events say where)."""
    events = list(yaml.parse(text, Loader=SafeParser))
    # For each open collection: whether it is a mapping, and whether a key comes next in it.
    stack: list[list[bool]] = []
    for index, event in enumerate(events):
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if len(stack) == 1 and stack[0][0]:
                if stack[0][1] and isinstance(event, yaml.ScalarEvent) and event.value == "initiatives":
                    return _after_list(text, events, index + 1, name)
                stack[0][1] = not stack[0][1]
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
    return _Place(len(text), 2, after_record=False, header="initiatives:")


def _after_list(text: str, events: list[Any], start: int, name: str) -> _Place:
    """The place after the list whose events begin at ``events[start]`` (the value of 'initiatives')."""
    key: Any = events[start - 1]
    value: Any = events[start]
    if isinstance(value, yaml.ScalarEvent) and value.value == "" and not value.style:
        # 'initiatives:' with nothing under it yet.
        line_end = text.find("\n", _index(key.end_mark))
        index = len(text) if line_end < 0 else line_end + 1
        return _Place(index, _column(text, _index(key.start_mark)) + 2, after_record=False)
    if not isinstance(value, yaml.SequenceStartEvent) or value.flow_style:
        raise KatalogError(
            f"{name}: 'initiatives' er ikke en liste med én indsats pr. '- '; skriv 'initiatives:' alene på "
            "linjen (uden '[]'), eller kør 'katalog fmt' først"
        )
    depth, end, last_item = 0, _index(value.start_mark), _index(value.start_mark)
    flows: list[bool] = []
    event: Any
    for event in events[start:]:
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and depth == 1:
            last_item = _index(event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            flows.append(bool(event.flow_style))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if flows.pop():
                end = max(end, _index(event.end_mark))
            if depth == 0:
                break
        elif isinstance(event, yaml.ScalarEvent):
            end = max(end, _scalar_end(text, event))
    line_end = text.find("\n", end)
    dash = text.rfind("-", text.rfind("\n", 0, last_item) + 1, last_item)
    return _Place(len(text) if line_end < 0 else line_end + 1, _column(text, dash))


def _scalar_end(text: str, event: Any) -> int:
    """Where a scalar's text ends (a block scalar's end mark lies at the next line's indentation)."""
    end = _index(event.end_mark)
    if event.style not in ("|", ">"):
        return end
    if "+" in text[_index(event.start_mark) : _index(event.start_mark) + 3]:
        # Kept trailing newlines belong to the text: the new record goes after the last of them.
        return text.rfind("\n", 0, end)
    while end > _index(event.start_mark) and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _column(text: str, index: int) -> int:
    """The 0-based column of a character index."""
    return index - (text.rfind("\n", 0, index) + 1)


def _check(old: Any, text: str, record: dict[str, Any], name: str) -> None:
    """The new text must hold the old data plus exactly the new record (else it is a bug here)."""
    doc = load_bytes(text.encode("utf-8"), name)
    expected = dict(old)
    expected["initiatives"] = [*(old.get("initiatives") or []), record]
    if not doc.ok or doc.data != expected:
        raise KatalogError(
            f"{name}: den nye indsats kunne ikke tilføjes sikkert, så filen er ikke ændret; meld fejlen til udviklerne"
        )


def _index(mark: Any) -> int:
    """A PyYAML mark's character index (its type says it may be missing; the parser always sets it)."""
    return int(mark.index)


def typed_command() -> str:
    """The ``katalog`` command as it can be typed here: bare when the shell finds it, else the project's ``.venv/bin/katalog``.

    A hint that says ``katalog validate`` gives "command not found" in a shell where the
    project's virtual environment is not activated, which is how ``make`` sets it up.
    """
    import shutil
    import sys

    found = shutil.which("katalog")
    if found and os.path.realpath(found) == os.path.realpath(sys.argv[0]):
        return "katalog"
    return ".venv/bin/katalog"


def next_steps(data: Path, record_id: str) -> str:
    """The line ``katalog new`` ends with: how to check the new record alone and see its page."""
    command = typed_command()
    where = "" if data == Path("data/initiatives.yaml") else f" --data {data}"
    check = f"'{command} validate{where} --id {record_id}'"
    serve = f"'{command} serve{where}'" + ("" if where else " (eller 'make serve')")
    return f"Kør derefter {check} og {serve} for at se siden."
