"""The house style (``docs/bidrag.md``, "Skrivestil") as ``katalog validate`` checks it.

Each rule on its own (what it finds, and the look-alikes it must leave alone), the position of
a finding in every kind of YAML scalar, the fields it reads (never the source's own words),
the shipped data (no warning), ``katalog fmt`` (leaves the text alone) and the guide that
writes the style down. The fixtures ``tests/fixtures/valid/*_warning.yaml`` give each warning's
exact message in ``tests/fixtures/expected.txt``; here each warning's column is checked to
point at the offending character.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from katalog.catalogue import fields
from katalog.catalogue.load import load_bytes
from katalog.catalogue.model import Catalogue
from katalog.catalogue.scalars import raw_offsets
from katalog.catalogue.validate import validate_file
from katalog.editing.fmt import format_file
from katalog.language.housestyle import check
from katalog.problems import Problem
from tests.conftest import FIXTURES, ROOT, TODAY

# (text, the start of each finding's message, the text at each finding's offset)
FINDS = [
    ('Han sagde "hej" til dem', ["lige anførselstegn"], ['"']),
    ("titlen 'Pers historie' her", ["lige enkelt anførselstegn"], ["'"]),
    ("det kaldes “stedet” og „huset“", ["anførselstegnet “"], ["“"]),
    ("venskaber - for livet", ["bindestreg som tankestreg"], ["-"]),
    ("lokal -- og frivillig", ["to bindestreger som tankestreg"], ["--"]),
    ("lokal—og frivillig", ["lang tankestreg"], ["—"]),
    ("unge på 18-25 år", ["bindestreg i intervallet »18-25«; skriv »18–25«"], ["18-25"]),
    ("i 2017-2020 og 3-4-årige", ["bindestreg i intervallet »2017-2020«"], ["2017-2020"]),
    ("fra 1,5-2,5 mio. kr.", ["bindestreg i intervallet »1,5-2,5«"], ["1,5-2,5"]),
    ("faldt 4 % point", ["»% point«: skriv »procentpoint«"], ["% point"]),
    ("faldt 4 %-point", ["»%-point«"], ["%-point"]),
    ("faldt fire procent point", ["»procent point«"], ["procent point"]),
    ("faldt 4 pct.-point", ["»pct.-point«"], ["pct.-point"]),
    ("med f.eks. brandøvelser", ["»f.eks.«: skriv »fx«"], ["f.eks."]),
    ("med F. eks. brandøvelser", ["»F. eks.«: skriv »fx«"], ["F. eks."]),
    ("ledigheden var 12.3 pct.", ["decimalpunktum i »12.3«; skriv decimalkomma: »12,3«"], ["12.3"]),
    ("et 12 ugers-forløb", ["»12 ugers-forløb«: skriv »12 ugers forløb«"], ["12 ugers-forløb"]),
    ("Pia Niemann Damtoft, Jobcenterchef", ["stillingsbetegnelsen »Jobcenterchef«"], ["Jobcenterchef"]),
    ("Anne Jensen, Projektleder i Roskilde", ["stillingsbetegnelsen »Projektleder«"], ["Projektleder"]),
]

# Text that looks like a house-style mistake but is not one.
QUIET = [
    "ring på 75 16 10 00, +45 75161000, 75-16-10-00 eller 7516-1000",
    "den 2020-01-15 og den 1.-3. juni",
    "målgruppen unge-18-25 og CF-BU",
    "https://example.dk/2017-2020/rapport-a-b og www.example.dk/18-25",
    "skriv til navn@kommune-1-2.dk",
    "unge på 18–25 år i 2017–2020",
    "et citat i »…« og et i ›…‹",
    "CFBU's hæfte, Dennis' job, 90'erne og '90'erne",
    "en tankestreg – som her – og fx og procentpoint",
    "12,3 pct. og 1.250 pct. og 1.000 kr.",
    "et 12 ugers forløb og et 12-ugers-forløb",
    "Esbjerg, Roskilde og Aarhus, Jobcenter Esbjerg",
    "by- og landsdele, uddannelses- eller kontanthjælp",
    "CPR-lignende 010190-1234, 01 01 90-1234 og 0101 90 - 1234 er CPR-reglens sag",
    "- et punkt\n  - et underpunkt\n> - i et citat\n> - > - dybere\n- - - - x\n1. - punkt",
]

# Inside a quotation the words are someone else's: only typography is the catalogue's.
QUOTED_WORDS = [
    "»Vi skal f.eks. ikke være Jobcenterchef, vel?«",
    '"faldt med 4 % point"',
    "> Han sagde f.eks. noget, Projektleder eller ej",
]


@pytest.mark.parametrize(("text", "messages", "shown"), FINDS)
def test_each_rule_finds_its_mistake_at_its_offset(text: str, messages: list[str], shown: list[str]) -> None:
    found = check(text)
    assert [f.message[: len(m)] for f, m in zip(found, messages, strict=False)] == messages
    assert len(found) == len(messages), found
    assert [text[f.offset : f.offset + len(s)] for f, s in zip(found, shown, strict=True)] == shown


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert check(text, markdown=True) == []


@pytest.mark.parametrize("text", QUOTED_WORDS)
def test_word_rules_leave_a_quotation_alone(text: str) -> None:
    found = [f.message for f in check(text, markdown=True)]
    assert all(m.startswith("lige anførselstegn") for m in found), found


def test_markdown_code_and_link_targets_are_not_prose() -> None:
    text = 'Kode `"x" - 18-25` og [rapporten](https://example.dk/a-b "Rapport 2017-2020") og <a href="x">'
    assert check(text, markdown=True) == []
    assert check('```\n"x" - 18-25\n```\n', markdown=True) == []


def test_a_rule_reports_once_with_a_count() -> None:
    found = check('"a" "b" "c"')
    assert [(f.offset, f.count) for f in found] == [(0, 6)]


@pytest.mark.parametrize(
    ("role", "names", "warns"),
    [
        ("Jobcenterchef", (), True),
        ("Borger i Ryslinge", (), True),
        ("Jobkonsulent, Albertslund Jobcenter", (), True),
        ("jobcenterchef", (), False),
        ("NCC's projektleder", (), False),
        ("CFBU-konsulent", (), False),
        ("Albertslund Jobcenters konsulent", ("Albertslund",), False),
        ("Esbjerg Kommunes jobcenterchef", ("Esbjerg Kommune",), False),
        ("Esbjergensisk leder", ("Esbjerg",), True),
    ],
)
def test_a_role_is_in_lower_case_unless_it_begins_with_a_name(role: str, names: tuple[str, ...], warns: bool) -> None:
    found = [f for f in check(role, role=True, names=names) if f.message.startswith("rollen")]
    assert bool(found) == warns, found
    if warns:
        assert found[0].offset == 0
        word = re.match(r"[\w-]+", role)
        assert word is not None and f"»{word.group(0).lower()}«" in found[0].message


# --- positions ---------------------------------------------------------------------------------

SCALARS = [
    pytest.param('k: abc "d" e\n', id="plain"),
    pytest.param('k: "abc \\"d\\" \\u00e6 \\x41 \\\n  e"\n', id="double-quoted"),
    pytest.param("k: 'CFBU''s \"d\" e'\n", id="single-quoted"),
    pytest.param('k: >-\n  line one\n  "two" here\n\n  three "x"\n', id="folded"),
    pytest.param('k: |\n  line one\n    "two" here\n', id="literal"),
    pytest.param('k: plain text\n   continues "q" here\n', id="plain-over-lines"),
]


@pytest.mark.parametrize("raw", SCALARS)
def test_every_character_of_a_value_is_found_where_it_is_written(raw: str) -> None:
    value = yaml.safe_load(raw)["k"]
    start = raw.index(":") + 2
    wanted = [i for i, c in enumerate(value) if not c.isspace()]
    found = raw_offsets(raw, start, value, wanted)
    assert sorted(found) == wanted
    for at, where in found.items():
        written = raw[where]
        assert written == value[at] or written == "\\", (at, value[at], where, written)


def test_an_offset_that_cannot_be_matched_is_left_out() -> None:
    assert raw_offsets("k: abc\n", 3, "xyz", [1]) == {}
    assert raw_offsets("k: abc\n", 3, "abc", [7, -1]) == {}


# Each fixture's warnings, with the character(s) the column must point at.
POINTS_AT = {
    "lige anførselstegn": '"',
    "lige enkelt": "'",
    "anførselstegnet": "“",
    "bindestreg som": "-",
    "to bindestreger": "--",
    "lang tankestreg": "—",
    "bindestreg i intervallet": "18-25",
    "decimalpunktum": "12.3",
    "»% point«": "% point",
    "»f.eks.«": "f.eks.",
    "»12 ugers-forløb«": "12 ugers-forløb",
    "stillingsbetegnelsen": "Projektleder",
    "rollen": "Jobcenterchef",
}
STYLE_FIXTURES = sorted(
    p.name
    for p in (FIXTURES / "valid").glob("*_warning.yaml")
    if p.name not in {f"{n}_warning.yaml" for n in ("contacts_missing", "last_reviewed_stale", "municipalities_alias")}
    and not p.name.startswith(("results_comparison", "stories_identifying"))
)


def test_every_house_style_rule_has_a_fixture() -> None:
    messages = {p.message.split(";")[0] for name in STYLE_FIXTURES for p in _warnings(name)}
    assert len(STYLE_FIXTURES) == 13
    for start in POINTS_AT:
        assert any(m.startswith(start) for m in messages), start


@pytest.mark.parametrize("name", STYLE_FIXTURES)
def test_a_warning_points_at_the_character_as_written(name: str) -> None:
    lines = (FIXTURES / "valid" / name).read_text(encoding="utf-8").splitlines()
    problems = _warnings(name)
    assert len(problems) == 1, problems
    problem = problems[0]
    wanted = next(text for start, text in POINTS_AT.items() if problem.message.startswith(start))
    assert lines[problem.line - 1][problem.column - 1 :].startswith(wanted), (problem.text(), wanted)


def _warnings(name: str) -> list[Problem]:
    report = validate_file(FIXTURES / "valid" / name, ROOT, TODAY)
    assert not report.errors
    return [p for p in report.warnings if "kontaktperson" not in p.message]


# --- fields --------------------------------------------------------------------------------------


def test_the_sources_own_words_are_never_read() -> None:
    verbatim = {path for path, facts in fields.walk(Catalogue) if facts.verbatim}
    assert ("themes", "*", "attention_points") in verbatim
    assert ("initiatives", "*", "quotes", "*", "text") in verbatim
    passages = {path for path, facts in fields.walk(Catalogue) if path[-1] == "passage"}
    assert passages and passages <= verbatim
    # The fixture with every look-alike also quotes a source with straight quotes, a hyphen and 'f.eks.'.
    report = validate_file(FIXTURES / "valid" / "description_house_style_exceptions.yaml", ROOT, TODAY)
    assert report.problems == []


def test_shipped_data_has_no_house_style_warning() -> None:
    report = validate_file(ROOT / "data" / "initiatives.yaml", ROOT, TODAY)
    contact = "indsatsen har ingen kontaktperson"
    others = [p.text() for p in report.warnings if not p.message.startswith(contact)]
    assert others == []


# --- fmt -----------------------------------------------------------------------------------------


def test_fmt_leaves_the_text_of_a_record_with_every_warning_alone(tmp_path: Path) -> None:
    """One record holding every house-style mistake: fmt changes layout only, never a word or a mark."""
    combined = tmp_path / "data" / "initiatives.yaml"
    combined.parent.mkdir()
    shutil.copytree(ROOT / "data", tmp_path / "data", dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs" / "methods", tmp_path / "docs" / "methods")
    texts = "\n\n".join(f"{text} ({n})" for n, (text, _, _) in enumerate(FINDS))
    record = yaml.safe_load((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"))
    record["initiatives"][0]["description"] = texts
    record["initiatives"][0]["contacts"][0]["title"] = "Jobcenterchef"
    combined.write_text(yaml.safe_dump(record, allow_unicode=True, width=60, sort_keys=True), encoding="utf-8")
    before = validate_file(combined, tmp_path, TODAY)
    messages = sorted(p.message for p in before.warnings)
    # One finding per rule and field: '--' is the same rule as the ' - ' before it.
    missing = [s for s in POINTS_AT if s != "to bindestreger" and not any(m.startswith(s) for m in messages)]
    assert not missing, (missing, messages)
    format_file(combined, root=tmp_path)
    after = validate_file(combined, tmp_path, TODAY)
    assert sorted(p.message for p in after.warnings) == messages
    loaded = load_bytes(combined.read_bytes(), str(combined)).data
    assert loaded["initiatives"][0]["description"] == texts
    assert loaded == record


# --- the guide -----------------------------------------------------------------------------------


def _style_table() -> list[list[str]]:
    guide = (ROOT / "docs" / "bidrag.md").read_text(encoding="utf-8")
    section = guide.split("\n## Skrivestil\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[2:]]  # without the heading and the rule below it


def test_the_guide_writes_the_style_down_with_right_and_wrong_examples() -> None:
    rows = _style_table()
    rules = " ".join(row[0] for row in rows)
    for topic in ("»…«", "tankestreg", "interval", "Procentpoint", "fx", "lille", "tolv", "Ikke oplyst", "Startkomma"):
        assert topic in rules, topic
    assert "liste" in rules and "ét punktum" in rules
    checked = [row for row in rows if row[3].startswith("ja")]
    assert len(checked) == 8 and all(row[3] in ("ja", "ja (bindestregen)", "nej") for row in rows)


@pytest.mark.parametrize("row", [r for r in _style_table() if r[3].startswith("ja")], ids=lambda r: r[1])
def test_what_the_guide_says_is_checked_is_checked(row: list[str]) -> None:
    _, right, wrong, _ = row
    assert check(right) == [], right
    for example in wrong.split(", ") if "—" in wrong or "2017-2020" in wrong else [wrong]:
        if example != "fra 18–25 år":  # 'fra' with a dash is grammar, not a pattern
            assert check(example), example


def test_a_role_in_lower_case_gets_its_capital_where_it_begins_a_line() -> None:
    from katalog.catalogue.model import Contact, Quote
    from katalog.views import facts

    alone = Quote(text="Det virker.", speaker_role="borger i Ryslinge", source="kilde", passage="Det virker.")
    named = Quote(
        text="Det virker.",
        speaker_name="Pia Niemann Damtoft",
        speaker_role="jobcenterchef",
        source="kilde",
        passage="x",
    )
    assert facts.speaker(alone) == "Borger i Ryslinge"
    assert facts.speaker(named) == "Pia Niemann Damtoft, jobcenterchef"
    contact = Contact(name="Pia Niemann Damtoft", title="jobcenterchef", organisation="Esbjerg Kommune")
    assert facts.contact_lines(contact) == ["Pia Niemann Damtoft", "Jobcenterchef", "Esbjerg Kommune"]
    assert facts.contact_parts(contact) == ["Pia Niemann Damtoft", "jobcenterchef", "Esbjerg Kommune"]
