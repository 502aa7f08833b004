"""``katalog from-issue``: submitted issue-form bodies become records, or Danish answers by field.

The bodies in tests/fixtures/issues/ are written as GitHub writes a submitted form (``### Label``,
``_No response_``, fenced YAML answers, ``- [X]`` checkboxes). Each has a golden file with what the
proposer and the editor see: the problems by field, the lines added to the data file, and the
answer on the issue. Refresh them with ``pytest --update-golden``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from katalog.catalogue.reference import load_reference
from katalog.editing.forms import issue_form_fields
from katalog.editing.from_issue import (
    COMMENT_MARKER,
    FieldProblem,
    Outcome,
    comment,
    measurement,
    record_from_issue,
    split_sections,
)
from tests.conftest import FIXTURES, ROOT, TODAY

ISSUES = FIXTURES / "issues"
BODIES = sorted(ISSUES.glob("*.md"))
KATALOG = ROOT / ".venv" / "bin" / "katalog"
DATA = ROOT / "data" / "initiatives.yaml"


def _data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "initiatives.yaml"
    shutil.copyfile(DATA, data)
    return data


def _added_lines(old: str, new: str) -> str:
    """The lines ``new`` adds to ``old``; fails if any line of ``old`` changed or moved."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b), len(old_lines))
    added = len(new_lines) - len(old_lines)
    assert added >= 0
    assert new_lines[:start] == old_lines[:start]
    assert new_lines[start + added :] == old_lines[start:]
    return "".join(new_lines[start : start + added])


def _golden(name: str, outcome: Outcome, added: str) -> str:
    lines = [f"valid: {outcome.valid}", f"written: {outcome.written}", f"record: {outcome.record_id}", ""]
    lines += ["# problems", *(p.text() for p in outcome.problems), ""]
    lines += ["# added to data/initiatives.yaml", added.rstrip("\n"), ""]
    lines += ["# answer on the issue", comment(outcome)]
    return "\n".join(lines)


@pytest.mark.parametrize("body", BODIES, ids=[p.stem for p in BODIES])
def test_issue_bodies_give_the_golden_record_and_answer(body: Path, tmp_path: Path, update_golden: bool) -> None:
    data = _data_copy(tmp_path)
    old = data.read_text(encoding="utf-8")
    outcome = record_from_issue(body, data, ROOT, today=TODAY)
    new = data.read_text(encoding="utf-8")
    added = _added_lines(old, new)
    assert outcome.written == outcome.valid
    if not outcome.valid:
        assert new == old
    golden = ISSUES / "golden" / f"{body.stem}.txt"
    actual = _golden(body.stem, outcome, added)
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_fixture_has_a_golden_file_and_every_golden_file_a_fixture() -> None:
    assert sorted(p.stem for p in (ISSUES / "golden").glob("*.txt")) == [p.stem for p in BODIES]


def test_fixtures_have_every_label_of_the_form_in_order() -> None:
    reference, _ = load_reference(ROOT)
    labels = [f.label for f in issue_form_fields(reference)]
    for body in BODIES:
        text = body.read_bytes().decode("utf-8").replace("\r\n", "\n")
        headings = [line[4:] for line in text.split("\n") if line.startswith("### ") and line[4:] in labels]
        # A proposer's own '### Kommuner' heading inside an answer is the one extra the odd body has.
        assert [h for h in labels if h in headings] == labels, body.name


@pytest.mark.slow
def test_a_valid_proposal_becomes_a_valid_record(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    outcome = record_from_issue(ISSUES / "gellerup-valid.md", data, ROOT, today=TODAY)
    assert outcome.valid and outcome.written
    result = subprocess.run(
        [str(KATALOG), "validate", "--data", str(data)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    # The pull-request check runs 'katalog fmt --check': the record is written in fmt's layout.
    formatted = subprocess.run(
        [str(KATALOG), "fmt", "--check", "--data", str(data)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert formatted.returncode == 0, formatted.stdout
    record = yaml.safe_load(data.read_text(encoding="utf-8"))["initiatives"][-1]
    assert record["results"][0]["value"] == {"part": 12, "whole": 40}
    assert record["results"][0]["comparison"] == "ingen"
    assert record["results"][1]["value"] == {"percent": 45.5}
    assert record["results"][1]["comparison"] == {"group": "lignende ledige i Aarhus", "value": {"percent": 37.0}}
    assert record["organisations"] == [
        {"name": "Jobcenter Aarhus", "role": "jobcenter"},
        {"name": "Brabrand Boligforening", "role": "boligorganisation"},
    ]
    assert record["contacts"][0]["phone"] == "12 34 56 78"


def test_hostile_text_is_written_as_data_and_read_back_exactly(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    body = ISSUES / "hostile-valid.md"
    reference, _ = load_reference(ROOT)
    sections = split_sections(body.read_text(encoding="utf-8"), [f.label for f in issue_form_fields(reference)])
    outcome = record_from_issue(body, data, ROOT, today=TODAY)
    assert outcome.written
    record = yaml.safe_load(data.read_text(encoding="utf-8"))["initiatives"][-1]
    assert record["name"] == sections["Navn"]
    assert record["summary"] == sections["Resumé"]
    assert record["description"] == sections["Beskrivelse"]
    assert "\t" in record["description"]
    assert record["venues"] == sections["Steder"].split("\n")


@pytest.mark.slow
def test_a_one_megabyte_answer_is_data_too(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    text = (ISSUES / "only-required.md").read_text(encoding="utf-8")
    # Markdown that renders (the description is Markdown: unclosed emphasis would be refused), with YAML syntax in it.
    filler = "a: b # &a %a !!python/object {x: [y]} - | > 'q' \"q\"\t\\n " * 20_000
    assert len(filler) > 1_000_000
    body = tmp_path / "issue.md"
    old_description = split_sections(text, ["Beskrivelse", "Kommuner"])["Beskrivelse"]
    body.write_text(text.replace(old_description, filler), "utf-8")
    outcome = record_from_issue(body, data, ROOT, today=TODAY)
    assert outcome.written, [p.text() for p in outcome.problems]
    record = yaml.safe_load(data.read_text(encoding="utf-8"))["initiatives"][-1]
    assert record["description"] == filler.strip()


def _outside_code(markdown: str) -> str:
    """The Markdown outside fenced code blocks (fences of three or more backticks)."""
    out, fence = [], ""
    for line in markdown.split("\n"):
        match = re.match(r"^(`{3,})", line)
        if fence:
            if match and match.group(1) == fence and line.strip() == fence:
                fence = ""
            continue
        if match:
            fence = match.group(1)
            continue
        out.append(line)
    assert not fence, "an unclosed code block"
    return "\n".join(out)


def test_the_answer_quotes_the_proposal_only_inside_code_blocks(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    outcome = record_from_issue(ISSUES / "hostile-invalid.md", data, ROOT, today=TODAY)
    outcome.problems.append(FieldProblem("Navn", "error", "'@octocat fixes #1 ````\n``` ![x](https://e.x/y.png)'"))
    answer = comment(outcome)
    assert answer.startswith(COMMENT_MARKER + "\n")
    assert "@octocat" in answer
    prose = _outside_code(answer)
    for bad in ("@", "#1", "](", "<img", "\x00"):
        assert bad not in prose, bad


def test_a_heading_inside_an_answer_stays_in_the_answer() -> None:
    body = "### A\n\nx\n\n### B\n\n### A\n\nnot a heading\n\n### C\n\n_No response_"
    assert split_sections(body, ["A", "B", "C"]) == {"A": "x", "B": "### A\n\nnot a heading", "C": "_No response_"}
    # A heading for a later field inside an earlier answer.
    body = "### A\n\n### C\n\nfake\n\n### B\n\nb\n\n### C\n\nc"
    assert split_sections(body, ["A", "B", "C"]) == {"A": "### C\n\nfake", "B": "b", "C": "c"}


@pytest.mark.parametrize(
    ("value", "whole", "expected"),
    [
        ("45 %", "", {"percent": 45.0}),
        ("45,5%", "", {"percent": 45.5}),
        ("12 pct.", "", {"percent": 12.0}),
        ("22", "", {"count": 22}),
        ("22 deltagere", "", {"count": 22, "unit": "deltagere"}),
        ("1.200 deltagere", "", {"count": 1200, "unit": "deltagere"}),
        ("3 ud af 4", "", {"part": 3, "whole": 4}),
        ("3 ud af 4 unge", "", {"part": 3, "whole": 4, "unit": "unge"}),
        ("3", "4", {"part": 3, "whole": 4}),
        ("tre", "4", {"part": "tre", "whole": 4}),
        ("Deltagerne er blevet mere sikre.", "", {"statement": "Deltagerne er blevet mere sikre."}),
        ("9" * 5000, "", {"statement": "9" * 5000}),
        ("", "", None),
    ],
)
def test_result_values_are_read_from_the_proposers_words(value: str, whole: str, expected: object) -> None:
    assert measurement(value, whole) == expected


def _katalog(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KATALOG), *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_cli_exit_codes_and_messages(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    before = data.read_bytes()
    invalid = _katalog("from-issue", str(ISSUES / "gellerup-invalid.md"), "--data", str(data))
    assert invalid.returncode == 1
    assert invalid.stdout.splitlines()[0] == "Feltet »Kommuner«: fejl: »Gellerup« er ikke et af valgene"
    assert invalid.stderr.endswith(f"forslaget har 10 fejl; intet er skrevet i {data}\n")
    assert data.read_bytes() == before

    dry = _katalog("from-issue", str(ISSUES / "gellerup-valid.md"), "--data", str(data), "--dry-run")
    assert (dry.returncode, dry.stdout) == (0, "")
    assert "forslaget er gyldigt (indsatsen 'jobcafe-gellerup'); intet er skrevet (--dry-run)" in dry.stderr
    assert data.read_bytes() == before

    answer = tmp_path / "svar.md"
    written = _katalog(
        "from-issue", str(ISSUES / "gellerup-valid.md"), "--data", str(data), "--comment-out", str(answer)
    )
    assert written.returncode == 0
    assert re.fullmatch(r".*:\d+: indsatsen 'jobcafe-gellerup' er tilføjet\n", written.stderr)
    assert answer.read_text(encoding="utf-8").startswith(COMMENT_MARKER)
    # The same proposal twice: the name is taken (the id alone would have been made unique).
    again = _katalog("from-issue", str(ISSUES / "gellerup-valid.md"), "--data", str(data))
    assert again.returncode == 1
    assert re.fullmatch(
        r"Feltet »Navn«: fejl: navnet 'Jobcafé Gellerup' findes allerede \(linje \d+\); giv hver post sit eget\n",
        again.stdout,
    )

    anyway = tmp_path / "anyway.yaml"
    shutil.copyfile(DATA, anyway)
    forced = _katalog("from-issue", str(ISSUES / "gellerup-invalid.md"), "--data", str(anyway), "--write-invalid")
    assert forced.returncode == 1 and anyway.read_bytes() != DATA.read_bytes()


@pytest.mark.slow
def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    missing = _katalog("from-issue", str(tmp_path / "nope.md"), "--data", str(data))
    assert missing.returncode == 2
    assert "findes ikke" in missing.stderr
    other = tmp_path / "other.md"
    other.write_text("Hej, jeg har en idé til en indsats.\n\n### Min overskrift\n\nTekst.\n", encoding="utf-8")
    not_form = _katalog("from-issue", str(other), "--data", str(data))
    assert not_form.returncode == 2
    assert "ingen af felterne fra formularen »Foreslå en indsats« er udfyldt" in not_form.stderr
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"### Navn\n\n\xff\xfe\n")
    assert _katalog("from-issue", str(binary), "--data", str(data)).returncode == 2
    assert data.read_bytes() == DATA.read_bytes()
