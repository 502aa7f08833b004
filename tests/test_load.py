"""The loader against hostile and broken input: bounded reads, linear scans, YAML as written, clear messages."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from katalog.catalogue.load import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    MAX_REPORTED,
    Lines,
    UnreadableFile,
    count_lines,
    load_bytes,
    load_file,
    printable,
    read_regular_file,
)
from katalog.catalogue.split import plan_split


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "stor.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    doc = load_file(big)
    assert [p.message for p in doc.problems] == [
        "filen er 64,0 MB stor, men grænsen er 64,0 MB; del kataloget op, eller fjern overflødigt indhold"
    ]


def test_very_deep_nesting_does_not_crash() -> None:
    # The C composer recurses and would overflow the stack on this; the event builder does not.
    doc = load_bytes(b"initiatives: " + b"[" * 200_000 + b"]" * 200_000, "dyb.yaml")
    assert [(p.line, p.message) for p in doc.problems] == [
        (1, f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; skriv den fladere, som i skabelonen")
    ]


def test_billion_laughs_costs_nothing() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 30):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    doc = load_bytes("\n".join(lines).encode(), "bombe.yaml")
    assert len(doc.problems) == 30 + 29  # every anchor, and the first use of each alias
    assert all(p.message.startswith(("'&a", "'*a")) and "kataloget" in p.message for p in doc.problems)


def test_yaml_12_scalars_keep_text() -> None:
    doc = load_bytes(b"a: [no, yes, on, off, 0755, 2019-01-01, 1e3, .5, 12, -3, true, ~, '12']\n", "x.yaml")
    assert doc.problems == []
    assert doc.data == {"a": ["no", "yes", "on", "off", "0755", "2019-01-01", 1000.0, 0.5, 12, -3, True, None, "12"]}


def test_positions_of_keys_and_values() -> None:
    doc = load_bytes(b"initiatives:\n  - id: x\n    results:\n      - value: {percent: 5}\n", "p.yaml")
    assert doc.position(("initiatives", 0, "results", 0, "value", "percent")) == (4, 26)
    assert doc.position(("initiatives", 0, "results"), key=True) == (3, 5)
    assert doc.position(("initiatives", 0)) == (2, 5)


# --- Bounded reads: only regular files, never more than the limit -------------------------------


def _reason(path: Path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_regular_file(path)
    assert caught.value.problem.line == 1 and caught.value.problem.column == 1
    return caught.value.reason


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert _reason(pipe) == "stien er en pipe (FIFO) og ikke en almindelig fil; angiv stien til YAML-filen"


def test_devices_directories_and_sockets_are_refused(tmp_path: Path) -> None:
    device = (
        "stien er en tegnenhed (som /dev/zero eller en terminal) og ikke en almindelig fil; angiv stien til YAML-filen"
    )
    assert _reason(Path("/dev/zero")) == device
    assert _reason(Path("/dev/null")) == device
    assert _reason(tmp_path) == "stien er en mappe og ikke en almindelig fil; angiv stien til YAML-filen"
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(tmp_path / "s.yaml"))
        assert (
            _reason(tmp_path / "s.yaml") == "stien er en socket og ikke en almindelig fil; angiv stien til YAML-filen"
        )
    finally:
        listener.close()


def test_broken_paths_get_danish_reasons(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "missing.yaml")
    plain = tmp_path / "plain.yaml"
    plain.write_text("a: 1\n")
    assert _reason(loop) == "stien indeholder en løkke af symbolske links; ret linkene, så stien fører til en YAML-fil"
    assert _reason(dangling) == (
        "stien er et symbolsk link til en fil, der ikke findes; ret linket, eller angiv stien til YAML-filen selv"
    )
    assert (
        _reason(tmp_path / ("x" * 300)) == "stien er for lang til filsystemet; flyt YAML-filen, så stien bliver kortere"
    )
    assert _reason(plain / "x.yaml") == "en del af stien er en fil og ikke en mappe; ret stien til YAML-filen"
    assert _reason(Path("a\x00b")) == "stien indeholder et nultegn (U+0000); skriv stien til YAML-filen uden det"
    assert _reason(tmp_path / "nope.yaml") == "filen findes ikke; ret stien, eller opret filen"


def test_read_reads_at_most_the_limit(tmp_path: Path) -> None:
    data = tmp_path / "d.yaml"
    data.write_bytes(b"a: 1\n" * 10)
    assert read_regular_file(data, limit=50) == b"a: 1\n" * 10
    assert (
        _reason_with_limit(data, 49)
        == "filen er 0,0 MB stor, men grænsen er 0,0 MB; del kataloget op, eller fjern overflødigt indhold"
    )


def _reason_with_limit(path: Path, limit: int) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_regular_file(path, limit)
    return caught.value.reason


def test_a_file_that_stat_calls_empty_is_still_bounded() -> None:
    # /proc files say size 0 and have content: the read goes on, within the limit.
    assert read_regular_file(Path("/proc/self/status")).startswith(b"Name:")
    with pytest.raises(UnreadableFile):
        read_regular_file(Path("/proc/self/status"), limit=10)


def test_unreadable_file_becomes_a_problem_at_1_1(tmp_path: Path) -> None:
    doc = load_file(Path("/dev/zero"))
    assert [(p.file, p.line, p.column) for p in doc.problems] == [("/dev/zero", 1, 1)]
    assert doc.data is None and not doc.ready


# --- Positions: lines as editors count them, found by bisection ------------------------------


def test_line_table_counts_lf_crlf_and_lone_cr() -> None:
    text = "a\nb\r\nc\rd"
    lines = Lines(text)
    assert [lines.locate(text.index(c)) for c in "abcd"] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert count_lines(text) == 3
    assert Lines("").locate(0) == (1, 1)


def test_positions_after_a_lone_cr_and_in_crlf_files() -> None:
    doc = load_bytes(b"a: 1\rb: [1,\r\n  2\r\nc: 3\r\n", "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(2, 4)]


def test_line_separators_are_refused_at_their_place() -> None:
    doc = load_bytes("a: x\u2028y\nb: x\x85\nc: \u2029\nd: \x07\n".encode(), "x.yaml")
    assert [(p.line, p.column, p.message.split(",")[0]) for p in doc.problems] == [
        (1, 5, "filen indeholder tegnet U+2028 (linjeseparator)"),
        (2, 5, "filen indeholder tegnet U+0085 (næste linje"),
        (3, 4, "filen indeholder tegnet U+2029 (afsnitsseparator)"),
        (4, 4, "filen indeholder kontroltegnet U+0007 (klokke)"),
    ]
    assert doc.problems[0].message == (
        "filen indeholder tegnet U+2028 (linjeseparator), som nogle YAML-værktøjer læser som linjeskift og andre ikke;"
        " erstat det med et almindeligt linjeskift eller et mellemrum"
    )
    assert (
        doc.problems[3].message == "filen indeholder kontroltegnet U+0007 (klokke), som YAML ikke tillader; fjern det"
    )


def test_many_control_characters_are_summed_up() -> None:
    doc = load_bytes(b"a: " + b"\x01" * (MAX_REPORTED + 5) + b"\n", "x.yaml")
    assert len(doc.problems) == MAX_REPORTED + 1
    assert doc.problems[-1].message.startswith("og 5 tegn af den slags mere")


def test_invalid_utf8_column_counts_characters() -> None:
    doc = load_bytes("æø: åå".encode() + b"\xe9\n", "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(1, 7)]


def test_scans_are_linear() -> None:
    tabs = load_bytes(b"a:\n  b: 1\n" + b"\tc: 2\n" * 100_000, "tabs.yaml")
    assert len(tabs.problems) == MAX_REPORTED + 1


# --- Encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xff\xfe\x00\x00a\x00\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff\x00\x00\x00a", "UTF-32"),
        (b"a\x00\x00\x00:\x00\x00\x00", "UTF-32 (uden BOM)"),
        (b"\xff\xfea\x00", "UTF-16"),
        (b"\xfe\xff\x00a", "UTF-16"),
        (b"a\x00:\x00 \x001\x00", "UTF-16 (uden BOM)"),
        (b"\x00a\x00:\x00 \x001", "UTF-16 (uden BOM)"),
    ],
)
def test_wide_encodings_are_named(raw: bytes, encoding: str) -> None:
    doc = load_bytes(raw, "x.yaml")
    assert [p.message for p in doc.problems] == [
        f"filen er gemt som {encoding}, men kataloget læser kun UTF-8; gem filen igen med tegnsættet UTF-8"
    ]


def test_a_nul_byte_inside_utf8_is_a_control_character() -> None:
    doc = load_bytes(b"a: 1\nb: x\x00y\n", "x.yaml")
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (2, 5, "filen indeholder kontroltegnet U+0000 (nultegn), som YAML ikke tillader; fjern det")
    ]


def test_cr_only_file_starting_with_a_comment_is_not_empty() -> None:
    doc = load_bytes(b"# kommentar\rinitiatives: []\r", "x.yaml")
    assert doc.problems == [] and doc.data == {"initiatives": []}
    assert [p.message.split(";")[0] for p in load_bytes(b"# kun en kommentar\r\r", "x.yaml").problems] == [
        "filen er tom"
    ]


# --- Tabs: refused in indentation only ----------------------------------------------------------


def test_tabs_inside_scalars_and_after_values_are_fine() -> None:
    text = b'a: |\n  x\n  \ty\nb: "en\n  \tto"\nc: en\n  \tto\nd: v\t# note\ne:\t1\n'
    doc = load_bytes(text, "x.yaml")
    assert doc.problems == []
    assert doc.data == {"a": "x\n\ty\n", "b": "en to", "c": "en to", "d": "v", "e": 1}


def test_every_tab_in_indentation_is_reported_at_the_tab() -> None:
    doc = load_bytes(b"a:\n  b: 1\n\tc: 2\n  \td: 3\nf: |\n  ok\n  \tok\n\t\tg: 4\n", "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(3, 1), (4, 3), (8, 1)]
    assert {p.message for p in doc.problems} == {
        "der står et tabulatortegn i indrykningen, men YAML kræver mellemrum; erstat tabulatoren med mellemrum"
    }


def test_a_tab_as_the_indentation_of_a_block_scalar_is_refused() -> None:
    doc = load_bytes(b"a: |\n  x\n\ty\n", "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(3, 1)]


# --- YAML as written ---------------------------------------------------------------------------

LENIENT_KEY = (
    "'?' lige foran en værdi i parenteser læses forskelligt af YAML-værktøjer (som tegn for et felt eller"
    " som tekst); skriv '? ' med mellemrum, fjern '?', eller sæt teksten i anførselstegn"
)


def test_question_mark_keys_in_flow_collections_are_refused() -> None:
    doc = load_bytes(b'a: { ?percent: 36 }\nb: [ ?x ]\nc: { ?"q": 1 }\nd: { ? ok: 1 }\ne: ?text\n', "x.yaml")
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (1, 6, LENIENT_KEY),
        (2, 6, LENIENT_KEY),
        (3, 6, LENIENT_KEY),
    ]
    assert doc.data["d"] == {"ok": 1} and doc.data["e"] == "?text"


def test_the_non_specific_tag_is_refused_and_stays_text() -> None:
    doc = load_bytes(b"a: ! 12\nb: ! [1]\n", "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(1, 4), (2, 4)]
    assert doc.problems[0].message == (
        "'!' foran værdien får YAML-værktøjer til at læse den forskelligt (som tekst eller som tal);"
        " fjern '!', og sæt værdien i anførselstegn, hvis den er en tekst"
    )
    assert doc.data["a"] == "12"
    assert (1, 4) in doc.refused


def test_a_complex_key_leaves_no_trace_in_data_or_messages() -> None:
    doc = load_bytes(b"a:\n  ? [x, y]\n  : {v: 1}\n  b: 2\nc: {[x]: 1}\n*z : 3\n", "x.yaml")
    assert doc.data == {"a": {"b": 2}, "c": {}}
    assert all("\x00" not in p.message and "complex" not in p.message for p in doc.problems)
    assert [(p.line, p.column) for p in doc.problems] == [(2, 5), (5, 5), (6, 1)]
    assert not any("\x00" in str(path) for path in doc.positions)


def test_a_deeply_nested_key_is_refused_quickly() -> None:
    depth = 97_500
    text = b"initiatives:\n  - ? " + b"[" * depth + b"]" * depth + b"\n    : v\n"
    assert len(text) > 195_000
    doc = load_bytes(text, "dyb.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(2, 7), (2, 44)]
    assert doc.problems[1].message == (
        f"strukturen er indlejret mere end {MAX_DEPTH} niveauer; skriv den fladere, som i skabelonen"
    )


def test_numbers_no_catalogue_needs_are_refused_where_they_stand() -> None:
    doc = load_bytes(b"a: " + b"7" * 5000 + b"\nb: 1e999\nc: -1e999\nd: " + b"9" * MAX_NUMBER_CHARS + b"\n", "x.yaml")
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (
            1,
            4,
            f"tallet har 5000 cifre, men et tal i kataloget har højst {MAX_NUMBER_CHARS} cifre; sæt værdien i anførselstegn, hvis den er en tekst",
        ),
        (
            2,
            4,
            "tallet 1e999 er for stort til, at kataloget kan regne med det; skriv et mindre tal, eller sæt værdien i anførselstegn, hvis den er en tekst",
        ),
        (
            3,
            4,
            "tallet -1e999 er for stort til, at kataloget kan regne med det; skriv et mindre tal, eller sæt værdien i anførselstegn, hvis den er en tekst",
        ),
    ]
    assert doc.data["a"] == "7" * 5000 and doc.data["d"] == int("9" * MAX_NUMBER_CHARS)
    assert {(1, 4), (2, 4), (3, 4)} <= doc.refused


def test_unclosed_quote_is_found_in_cr_files_too() -> None:
    doc = load_bytes(b'a: 1\rb: "open\rc: 2\rd: [\r', "x.yaml")
    assert [(p.line, p.column) for p in doc.problems] == [(2, 4)]


# --- Messages never carry raw control characters ------------------------------------------------


def test_printable_escapes_what_would_act_on_a_terminal() -> None:
    assert printable("plain æøå") == "plain æøå"
    assert printable("a\x1b]0;x\x07b") == "a\\x1b]0;x\\x07b"
    assert printable("l\nr\t\r") == "l\\nr\\t\\r"
    assert printable("\u202eevil\u2028") == "\\u202eevil\\u2028"
    assert printable("\udcff") == "\\udcff"
    assert printable("x" * 100) == "x" * 79 + "…"


def test_escaped_keys_are_shown_escaped() -> None:
    doc = load_bytes(b'"k\\e[2J": 1\n"k\\e[2J": 2\n', "x.yaml")
    assert [p.message.split(" står")[0] for p in doc.problems] == ["feltet 'k\\x1b[2J'"]
    assert all(m.isprintable() for m in (p.text() for p in doc.problems))


def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "a\x1bb.yaml")
    assert all(p.text().isprintable() for p in doc.problems)
    assert "a\\x1bb.yaml" in doc.problems[0].file


# --- Splitting counts lines as the loader does ---------------------------------------------------


def test_split_counts_lone_cr_as_a_line_break() -> None:
    record = "  - id: x{n}\n    name: n{n}\r    summary: s\n"
    text = "initiatives:\n" + "".join(record.format(n=n) for n in range(200))
    plan = plan_split(text, 2)
    assert plan is not None
    second = plan.chunks[1]
    assert second.first_line == Lines(text).locate(second.start)[0]
    assert count_lines(plan.head) == count_lines(text)
