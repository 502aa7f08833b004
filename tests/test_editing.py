"""``katalog fmt`` and ``katalog new`` as library functions: canonical layout and scaffolding.

fmt: the parsed data (by the project's YAML 1.2 loader) is equal before and after, every comment
survives (counted by a helper independent of :mod:`katalog.editing.yaml_comments`), formatting twice is
formatting once, a messy fixture becomes a golden file, and ``check`` writes nothing.
new: every existing line stays as it was, the record is appended whole and exactly, its id is
derived and unique, and validation afterwards reports exactly the fields left to fill in.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.catalogue.load import load_bytes
from katalog.catalogue.validate import validate_file
from katalog.editing.fmt import format_file, format_text, plain_is_safe
from katalog.editing.scaffold import NewRecord, Prompt, new_record, prompt_plan, slugify, unique_id
from katalog.problems import KatalogError
from tests.conftest import FIXTURES, ROOT, TODAY

DATA = ROOT / "data" / "initiatives.yaml"
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
MESSY = FIXTURES / "fmt" / "misordered.yaml"
MESSY_GOLDEN = FIXTURES / "fmt" / "misordered.canonical.yaml"


def _data(text: str) -> Any:
    doc = load_bytes(text.encode("utf-8"), "test.yaml")
    assert doc.ok, [p.text() for p in doc.problems]
    return doc.data


def _comments(text: str) -> Counter[str]:
    """Comments found without katalog.editing.yaml_comments: '#' after the last value on a line, outside block text.

    PyYAML's composed nodes say which lines are block scalar text and where values end; what
    follows the last value on a line (or fills a line) and starts with '#' is a comment. Only
    good for files whose quoted values hold no ' #' (the files tested here).
    """
    lines = text.split("\n")
    inside: set[int] = set()
    ends: dict[int, int] = {}
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            if node.style in ("|", ">"):
                inside.update(range(start.line + 1, end.line))
            ends[end.line] = max(ends.get(end.line, 0), end.column if end.line == start.line else 0)
        elif isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    found: Counter[str] = Counter()
    for number, line in enumerate(lines):
        if number in inside:
            continue
        match = re.search(r"(?:^|\s)(#.*)$", line[ends.get(number, 0) :])
        if match:
            found[match.group(1).rstrip()] += 1
    return found


# fmt -------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", [DATA, MESSY, *VALID], ids=lambda p: p.name)
def test_fmt_keeps_data_and_every_comment_and_is_idempotent(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    formatted = format_text(text)
    assert _data(formatted) == _data(text)
    assert _comments(formatted) == _comments(text.replace("\r\n", "\n"))
    assert format_text(formatted) == formatted


def test_comment_counts_are_real() -> None:
    """The independent comment counter finds the comments of the files above (so the test can fail)."""
    assert _comments(DATA.read_text(encoding="utf-8")) == Counter(
        {
            "# yaml-language-server: $schema=../schema/initiatives.schema.json": 1,
            "# Inspirationskatalogets indsatser. Tjek filen med `katalog validate`.": 1,
            "# Kilder står i data/sources.yaml, målgrupper og indsatstyper i data/vocabularies.yaml,": 1,
            "# metoder i docs/methods/. Se redaktørvejledningen: docs/bidrag.md.": 1,
            "# Temaer med opmærksomhedspunkter fra CFBU's inspirationshæfte (2017).": 1,
            '# CFBU places these "Inspiration #N" cases under this theme.': 3,
            '# "Find mere viden her" – Rapporter om samarbejde mellem kommune og boligsociale indsatser': 1,
            "# Inspiration #2": 1,
            "# Inspiration #3": 1,
            "# Inspiration #4": 1,
            "# Inspiration #5": 1,
            "# Inspiration #6": 1,
            '# Fra interviewet med Mohammed Teta ("At åbne et lukket land")': 1,
            '# Fra interviewet med John Strands Petersson ("Vilje og vedholdenhed")': 1,
        }
    )
    assert sum(_comments(MESSY.read_text(encoding="utf-8")).values()) == 9


def test_messy_file_gets_its_canonical_layout(update_golden: bool) -> None:
    formatted = format_text(MESSY.read_text(encoding="utf-8"))
    if update_golden:
        MESSY_GOLDEN.write_text(formatted, encoding="utf-8")
    assert formatted == MESSY_GOLDEN.read_text(encoding="utf-8")
    assert format_text(MESSY_GOLDEN.read_text(encoding="utf-8")) == formatted


def test_comments_stay_with_the_key_they_precede_when_keys_move() -> None:
    text = (
        "initiatives:\n"
        "  - name: A  # navnet\n"
        "    # om id'et\n"
        "    id: a\n"
        "    status: ukendt\n"
        "    # om resuméet\n"
        "    summary: S\n"
    )
    assert format_text(text) == (
        "initiatives:\n"
        "  # om id'et\n"
        "  - id: a\n"
        "    name: A  # navnet\n"
        "    # om resuméet\n"
        "    summary: S\n"
        "    status: ukendt\n"
    )


def test_shipped_file_is_in_its_canonical_layout() -> None:
    """data/initiatives.yaml is kept formatted (pre-commit and the PR workflow run `katalog fmt --check`)."""
    text = DATA.read_text(encoding="utf-8")
    assert format_text(text) == text


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("Team Ildfugle", True),
        ("æøå, ok", True),
        ("+45 46 31 30 00", True),
        ("https://example.dk/a#b", True),
        ("", False),
        ("2026-11-22", False),
        ("no", False),
        ("Yes", False),
        ("on", False),
        ("y", False),
        ("0755", False),
        ("12:30", False),
        ("12", False),
        ("1.5", False),
        ("null", False),
        ("~", False),
        ("true", False),
        ("Succeskriterium: ledigheden skal falde", False),
        ("tekst # med hash", False),
        ("- liste", False),
        ("* stjerne", False),
        (" foranstillet", False),
        ("linje\nlinje", False),
    ],
)
def test_plain_only_where_yaml_11_and_12_read_the_same_text(value: str, safe: bool) -> None:
    assert plain_is_safe(value) is safe


def test_quoting_is_normalised() -> None:
    text = (
        "initiatives:\n"
        "  - a: 'enkelt'\n"
        '    b: "dobbelt"\n'
        "    c: 2026-11-22\n"
        "    d: 'no'\n"
        "    e: 'Siger: \"hej\"'\n"
        '    f: "tab\\there"\n'
        "    g: ~\n"
        "    h: [x, 'on']\n"
    )
    assert format_text(text) == (
        "initiatives:\n"
        "  - a: enkelt\n"
        "    b: dobbelt\n"
        '    c: "2026-11-22"\n'
        '    d: "no"\n'
        "    e: 'Siger: \"hej\"'\n"
        '    f: "tab\\there"\n'
        "    g: null\n"
        "    h:\n"
        "      - x\n"
        '      - "on"\n'
    )


def test_modeline_is_added_first_and_kept_when_present(tmp_path: Path) -> None:
    path = tmp_path / "data" / "initiatives.yaml"
    path.parent.mkdir()
    shutil.copy(FIXTURES / "valid" / "minimal.yaml", path)
    result = format_file(path, root=tmp_path)
    assert result.changed
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == [
        "# yaml-language-server: $schema=../schema/initiatives.schema.json",
        "# Mindste gyldige indsats: alle andre fixtures er afledt af denne.",
    ]
    moved = format_text("# a\n# yaml-language-server: $schema=x.json\nthemes: []\n", schema="y.json")
    assert moved == "# yaml-language-server: $schema=x.json\n# a\nthemes: []\n"


def test_check_writes_nothing_and_reports_a_diff(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    shutil.copy(MESSY, path)
    before = path.read_bytes()
    result = format_file(path, check=True, root=ROOT)
    assert result.changed
    assert path.read_bytes() == before
    assert result.diff.startswith(f"--- {path}\n+++ {path} (kanonisk)\n@@ ")
    assert '-  status: "ukendt"\n' in result.diff
    assert result.notes == ()
    written = format_file(path, root=ROOT)
    assert written.changed and written.diff == result.diff
    assert path.read_text(encoding="utf-8") == MESSY_GOLDEN.read_text(encoding="utf-8")
    again = format_file(path, check=True, root=ROOT)
    assert again == type(again)(False, "", ())
    # No temporary file left; the writers' lock file stays (removing it would race with a waiting writer).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".initiatives.yaml.lock", "initiatives.yaml"]


def _apply(old: str, diff: str) -> str:
    """Apply a unified diff (as fmt writes it) to ``old``."""
    lines = old.splitlines(keepends=True)
    out: list[str] = []
    done = 0
    for line in diff.splitlines(keepends=True)[2:]:
        hunk = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", line)
        if hunk:
            start = int(hunk.group(1)) - (0 if hunk.group(2) == "0" else 1)
            out += lines[done:start]
            done = start
        elif line[0] in " -":
            assert lines[done] == line[1:]
            out += [line[1:]] if line[0] == " " else []
            done += 1
        else:
            out.append(line[1:])
    return "".join(out + lines[done:])


@pytest.mark.parametrize("path", [MESSY, FIXTURES / "valid" / "all_fields.yaml"], ids=lambda p: p.name)
def test_the_diff_turns_the_file_into_its_canonical_layout(tmp_path: Path, path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    result = format_file(copy, check=True, root=tmp_path)
    assert result.diff.startswith(f"--- {copy}\n+++ {copy} (kanonisk)\n@@ -")
    assert _apply(path.read_text(encoding="utf-8"), result.diff) == format_text(
        path.read_text(encoding="utf-8"), schema="schema/initiatives.schema.json"
    )


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["no", "on", "y", "0755", "2026-11-22", "12:30", "1e3", "~", "- x", "a: b", "x #y", "'q'", ""]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(st.sampled_from(["initiatives", "themes", "x"]), _VALUES, min_size=1),
    st.booleans(),
    st.integers(0, 3),
)
def test_fmt_keeps_the_data_of_random_yaml(value: dict[str, Any], flow: bool, every: int) -> None:
    """Any YAML the loader accepts, with end-of-line comments here and there, keeps its data."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    if every:
        text = "\n".join(
            line + ("  # c" if n % (every + 1) == 0 and line.strip() and line.rstrip()[-1] not in "|>-" else "")
            for n, line in enumerate(text.split("\n"))
        )
    doc = load_bytes(text.encode("utf-8"), "random.yaml")
    if not doc.ok or doc.data is None:
        return
    formatted = format_text(text)
    assert _data(formatted) == doc.data
    assert format_text(formatted) == formatted


def test_bom_and_crlf_are_notes(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    shutil.copy(FIXTURES / "valid" / "encoding_bom_crlf.yaml", path)
    result = format_file(path, check=True, root=ROOT)
    assert result.changed
    assert result.notes == (
        "filen begynder med et BOM-tegn; den kanoniske form er UTF-8 uden BOM",
        "filen har Windows-linjeskift (CRLF); den kanoniske form har LF",
    )
    format_file(path, root=ROOT)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


@pytest.mark.parametrize("name", ["yaml_duplicate_key.yaml", "yaml_syntax.yaml", "yaml_alias.yaml"])
def test_fmt_refuses_a_file_the_loader_refuses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(FIXTURES / "invalid" / name, path)
    before = path.read_bytes()
    with pytest.raises(KatalogError) as caught:
        format_file(path, root=ROOT)
    assert caught.value.message == f"{path} kan ikke formateres, før fejlene i filen er rettet; ret dem, og kør igen"
    assert caught.value.problems
    assert path.read_bytes() == before


# new -------------------------------------------------------------------------------------------

NEW_RECORD = """
  - id: team-ildfugle-i-aeroe
    name: Team Ildfugle i Ærø
    summary: ""  # TODO: Kort, klart dansk; højst 300 tegn.
    description: ""  # TODO: hvad indsatsen er og gør, for hvem og med hvilke resultater (Markdown)
    municipalities:
      - Roskilde
      - Aarhus
    housing_areas: []
    venues: []
    organisations: []
    funding: []
    status: ""  # TODO: aktiv, permanent (forankret i drift), afsluttet eller ukendt.
    target_groups:
      - unge-18-25
      - jobparate
    kinds:
      - gruppeforloeb
    methods: []
    results: []
    goals: []
    findings: []
    quotes: []
    stories: []
    attention_points: []
    contacts: []
    sources: []  # TODO: Id'er fra data/sources.yaml på de kilder, indsatsens oplysninger kommer fra.
    further_reading: []
    last_reviewed: "2026-11-22"
"""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    path = tmp_path / "initiatives.yaml"
    shutil.copy(DATA, path)
    return path


def _new(path: Path, **values: Any) -> NewRecord:
    values.setdefault("target_groups", ["unge"])
    values.setdefault("kinds", ["gruppeforloeb"])
    return new_record(path, ROOT, today=TODAY, **values)


def _problems(path: Path) -> list[str]:
    return [p.text().removeprefix(f"{p.file}:") for p in validate_file(path, ROOT, TODAY).problems]


def test_new_appends_the_record_and_leaves_every_line_alone(data_copy: Path) -> None:
    before = data_copy.read_bytes()
    problems_before = _problems(data_copy)
    result = new_record(
        data_copy,
        ROOT,
        name="Team Ildfugle i Ærø",
        municipalities=["Roskilde Kommune", "Århus"],
        target_groups=["unge-18-25", "Jobparate ledige"],
        kinds=["gruppeforloeb"],
        today=dt.date(2026, 11, 22),
    )
    after = data_copy.read_bytes()
    assert after == before + NEW_RECORD.encode("utf-8")
    first = before.count(b"\n") + 2
    assert result == NewRecord(
        "team-ildfugle-i-aeroe",
        first,
        [
            f"summary (linje {first + 2}): Resumé – Kort, klart dansk; højst 300 tegn.",
            f"description (linje {first + 3}): Beskrivelse – hvad indsatsen er og gør, for hvem og med hvilke "
            "resultater (Markdown)",
            f"status (linje {first + 11}): Indsatsens status – aktiv, permanent (forankret i drift), afsluttet "
            "eller ukendt.",
            f"sources (linje {first + 25}): Kilder – Id'er fra data/sources.yaml på de kilder, indsatsens "
            "oplysninger kommer fra.",
            "valgfrit: resultater, mål, citater, kontaktpersoner m.m. (results, goals, quotes, contacts), hvis "
            "kilden nævner dem",
        ],
        [
            "kommunen 'Roskilde Kommune' er skrevet som det officielle navn 'Roskilde'",
            "kommunen 'Århus' er skrevet som det officielle navn 'Aarhus'",
        ],
    )
    assert after.decode("utf-8").split("\n")[first - 1] == "  - id: team-ildfugle-i-aeroe"
    # Validation reports exactly the four fields left to fill in, on their TODO lines.
    assert _problems(data_copy) == [
        *problems_before,
        f"{first + 2}:14: error: team-ildfugle-i-aeroe summary: feltet er tomt; skriv en tekst",
        f"{first + 3}:18: error: team-ildfugle-i-aeroe description: feltet er tomt; skriv en tekst",
        f"{first + 11}:13: error: team-ildfugle-i-aeroe status: feltet er tomt; skriv en af værdierne "
        "aktiv, permanent, afsluttet, ukendt",
        f"{first + 25}:14: error: team-ildfugle-i-aeroe sources: listen er tom; skriv mindst ét element",
    ]
    assert _comments(after.decode("utf-8")) - _comments(before.decode("utf-8")) == Counter(
        line[line.index("# TODO") :] for line in NEW_RECORD.split("\n") if "# TODO" in line
    )


def test_a_filled_in_record_validates(data_copy: Path) -> None:
    result = _new(
        data_copy,
        name="Ny indsats",
        summary="Et kort resumé.",
        status="Aktiv",
        sources=["cfbu-saet-gang-2017"],
    )
    # A status other than 'ukendt' must rest on the source's words: the record asks for them.
    assert [t.split(" ")[0] for t in result.todo] == ["description", "status_basis", "valgfrit:"]
    text = data_copy.read_text(encoding="utf-8")
    assert "status: aktiv\n    status_basis:  # TODO: " in text
    assert 'passage: ""' in text[text.index("id: ny-indsats") :]
    data_copy.write_text(
        text.replace(
            'description: ""  # TODO: hvad indsatsen er og gør, for hvem og med hvilke resultater (Markdown)',
            "description: Indsatsen gør noget godt.",
        ).replace('passage: ""', "passage: Indsatsen kører stadig."),
        encoding="utf-8",
    )
    record = _data(data_copy.read_text(encoding="utf-8"))["initiatives"][-1]
    assert (record["status"], record["summary"], record["sources"]) == (
        "aktiv",
        "Et kort resumé.",
        ["cfbu-saet-gang-2017"],
    )
    assert [p for p in _problems(data_copy) if "ny-indsats" in p] == [
        f"{result.line}:5: warning: ny-indsats id: indsatsen har ingen kontaktperson; tilføj contacts, hvis kilden nævner en"
    ]


def test_ids_are_derived_and_unique(data_copy: Path) -> None:
    first = _new(data_copy, name="Team-Ildfugle")
    second = _new(data_copy, name="Team Ildfugle!")
    assert (first.id, second.id) == ("team-ildfugle-2", "team-ildfugle-3")
    records = _data(data_copy.read_text(encoding="utf-8"))["initiatives"]
    assert [r["id"] for r in records[-3:]] == ["netvaerket-dit-jobfaellesskab", "team-ildfugle-2", "team-ildfugle-3"]
    assert unique_id("a", ["a", "a-2"]) == "a-3"


def test_a_name_that_exists_is_refused(data_copy: Path) -> None:
    before = data_copy.read_bytes()
    with pytest.raises(KatalogError) as caught:
        _new(data_copy, name="team  ildfugle")
    assert caught.value.exit_code == 2
    assert caught.value.message == (
        "der findes allerede en indsats med navnet 'team ildfugle' (id 'team-ildfugle'); "
        "ret den, eller giv den nye indsats et andet navn"
    )
    assert data_copy.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Team Ildfugle i Ærø", "team-ildfugle-i-aeroe"),
        ("Indsatsen for ægtefælleforsørgede kvinder", "indsatsen-for-aegtefaelleforsoergede-kvinder"),
        ("Café Ünïcode & co.", "cafe-unicode-co"),
        ("NCC: unge fra Urbanplanen (2015)", "ncc-unge-fra-urbanplanen-2015"),
        ("!!!", "indsats"),
        ("Å", "aa"),
        ("x", "indsats-x"),
        ("ord " * 40, ("ord-" * 16) + "ord"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and 2 <= len(slug) <= 70


def test_unknown_values_are_refused_together_with_suggestions(data_copy: Path) -> None:
    before = data_copy.read_bytes()
    with pytest.raises(KatalogError) as caught:
        _new(data_copy, name="Ny", target_groups=["unge-18-24"])
    assert caught.value.exit_code == 2
    assert caught.value.message == (
        "ukendt målgruppe 'unge-18-24' (mente du 'unge-18-25'?); skriv et id fra data/vocabularies.yaml"
    )
    with pytest.raises(KatalogError) as caught:
        _new(data_copy, name="Ny", municipalities=["Roskilds"], kinds=["gruppeforlob"], status="aktv", sources=["x"])
    assert caught.value.message == (
        "4 fejl i de angivne værdier:\n"
        "  'Roskilds' er ikke navnet på en dansk kommune (mente du 'Roskilde'?); skriv kommunens korte navn, "
        "som det står i data/municipalities.yaml, fx 'Esbjerg'\n"
        "  ukendt indsatstype 'gruppeforlob' (mente du 'gruppeforloeb'?); skriv et id fra data/vocabularies.yaml\n"
        "  ukendt kilde 'x'; skriv et id fra data/sources.yaml\n"
        "  'aktv' er ikke en status (mente du 'aktiv'?); skriv en af værdierne aktiv, permanent, afsluttet, ukendt"
    )
    with pytest.raises(KatalogError) as caught:
        _new(data_copy, name="  ")
    assert caught.value.message == "indsatsen skal have et navn; angiv det med --name"
    assert data_copy.read_bytes() == before


@pytest.mark.slow
def test_new_record_is_left_alone_by_fmt(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    path.write_text(format_text(DATA.read_text(encoding="utf-8")), encoding="utf-8")
    _new(path, name="Ny indsats", municipalities=["Esbjerg"])
    assert not format_file(path, check=True, root=ROOT).changed


def test_new_keeps_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    shutil.copy(FIXTURES / "valid" / "encoding_bom_crlf.yaml", path)
    before = path.read_bytes()
    _new(path, name="Ny indsats")
    after = path.read_bytes()
    assert after.startswith(before + b"\r\n  - id: ny-indsats\r\n    name: Ny indsats\r\n")
    assert after.count(b"\n") == after.count(b"\r\n")


def test_new_goes_after_the_last_initiative_not_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    head = "initiatives:\n  - id: a\n    name: A\n    description: |\n      Tekst.\n\n"
    tail = "\n# Temaerne står sidst i denne fil.\nthemes: []\n"
    path.write_text(head + tail, encoding="utf-8")
    result = _new(path, name="Anden")
    text = path.read_text(encoding="utf-8")
    first_record = "initiatives:\n  - id: a\n    name: A\n    description: |\n      Tekst.\n"
    assert text.startswith(first_record + "\n  - id: anden\n    name: Anden\n")
    assert text.endswith('    last_reviewed: "2026-11-22"\n\n' + tail)
    assert text[len(first_record) : -len(tail)].count("- id:") == 1 and result.line == 7
    assert [r["id"] for r in _data(text)["initiatives"]] == ["a", "anden"]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("# tom\ninitiatives:\n", "# tom\ninitiatives:\n  - id: ny\n"),
        ("themes: []\n", "themes: []\n\ninitiatives:\n  - id: ny\n"),
        ("initiatives:\n- id: a\n", "initiatives:\n- id: a\n\n- id: ny\n  name: Ny\n"),
    ],
)
def test_new_in_a_file_without_initiatives(tmp_path: Path, text: str, start: str) -> None:
    path = tmp_path / "initiatives.yaml"
    path.write_text(text, encoding="utf-8")
    _new(path, name="Ny")
    assert path.read_text(encoding="utf-8").startswith(start)


def test_new_refuses_a_flow_list(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    path.write_text("initiatives: []\n", encoding="utf-8")
    with pytest.raises(KatalogError) as caught:
        _new(path, name="Ny")
    assert caught.value.message == (
        f"{path}: 'initiatives' er ikke en liste med én indsats pr. '- '; skriv 'initiatives:' alene på linjen "
        "(uden '[]'), eller kør 'katalog fmt' først"
    )


def test_prompt_plan() -> None:
    plan = prompt_plan(ROOT)
    assert [(p.field, p.multiple, p.required, len(p.choices) > 0) for p in plan] == [
        ("name", False, True, False),
        ("municipalities", True, False, False),
        ("target_groups", True, True, True),
        ("kinds", True, True, True),
    ]
    target_groups = plan[2]
    assert target_groups.choices[1].value == "unge-18-25"
    assert target_groups.parse(" 2, jobparate,, 99 ") == ["unge-18-25", "jobparate", "99"]
    assert Prompt("name", "Navn", multiple=False, required=True).parse(" Et navn, med komma ") == ["Et navn, med komma"]
