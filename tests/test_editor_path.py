"""The editor's first hour, scripted: each stop a new editor met, run through the real ``katalog`` command.

A housing-association editor adds "Jobcafé Gellerup" by following docs/bidrag.md. Every mistake
from that hour is made here on a copy of a record and must get its expected message, in full.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from katalog.catalogue.messages import suggest
from katalog.catalogue.reference import load_reference
from tests.conftest import FIXTURES, ROOT
from tests.project_commands import command_problems

KATALOG = ROOT / ".venv" / "bin" / "katalog"
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
# Inside the project, so the command finds data/vocabularies.yaml above the file.
WORK = ROOT / "tests" / "output" / "editor_path"

# A finished record: contacts and a comparison, so it has no warnings of its own.
GELLERUP = """\
  - id: jobcafe-gellerup
    name: Jobcafé Gellerup
    summary: En åben jobcafé i Gellerup, hvor ledige får hjælp til cv, ansøgninger og kontakt til virksomheder.
    description: Jobcaféen har åbent to dage om ugen uden tidsbestilling.
    municipalities:
      - Aarhus
    housing_areas:
      - Gellerup
    status: ukendt
    target_groups:
      - beboere-i-udsatte-boligomraader
    kinds:
      - job-og-uddannelsesvejledning
    results:
      - measure: Deltagere der kom i job eller uddannelse
        value:
          part: 12
          whole: 40
        time_point: et år efter start
        comparison: ingen
        evidence: egen-opgoerelse
        source: cfbu-saet-gang-2017
        passage: 12 af de 40 deltagere kom i job eller uddannelse inden for et år.
    contacts:
      - name: Kontakt Eksempel
        phone: "12345678"
    sources:
      - cfbu-saet-gang-2017
    last_reviewed: "2026-11-01"
"""


def _katalog(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KATALOG_")}
    return subprocess.run(
        [str(KATALOG), *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120, env=env
    )


@pytest.fixture
def work(request: pytest.FixtureRequest) -> Path:
    folder: Path = WORK / str(request.node.name).replace("[", "-").replace("]", "")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _mistake(work: Path, old: str, new: str) -> tuple[str, str]:
    assert MINIMAL.count(old) == 1
    path = work / "kopi.yaml"
    path.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    result = _katalog("validate", "--data", str(path.relative_to(ROOT)))
    assert result.returncode == 1, result.stderr
    return result.stdout, str(path.relative_to(ROOT))


@pytest.mark.slow
def test_evidence_indented_too_little_names_the_columns(work: Path) -> None:
    out, name = _mistake(work, "        evidence: egen", "      evidence: egen")
    assert out.splitlines() == [
        f"{name}:18:7: error: ugyldig YAML: 'evidence' står i kolonne 7 og passer ikke med linjerne over; "
        "ryk den ind til kolonne 9 (under 'comparison') eller ud til kolonne 5 (under 'results'), alt efter hvad den hører til"
    ]
    assert "'- '" not in out


def test_evidence_between_two_levels_gets_the_same_advice(work: Path) -> None:
    out, name = _mistake(work, "        evidence: egen", "       evidence: egen")
    assert out.splitlines() == [
        f"{name}:18:8: error: ugyldig YAML: 'evidence' står i kolonne 8 og passer ikke med linjerne over; "
        "ryk den ind til kolonne 9 (under 'comparison') eller ud til kolonne 5 (under 'results'), alt efter hvad den hører til"
    ]


@pytest.mark.slow
def test_phone_indented_too_far_is_not_told_to_quote(work: Path) -> None:
    out, name = _mistake(
        work, "        email: kontakt@example.dk", '        email: kontakt@example.dk\n          phone: "75 16 10 00"'
    )
    assert out.splitlines() == [
        f"{name}:24:11: error: ugyldig YAML: 'phone' er rykket længere ind end 'email' i linjen over, så den læses "
        "som en del af teksten dér; ryk 'phone' ud til kolonne 9, så den står lige under 'email'"
    ]
    assert "anførselstegn" not in out


@pytest.mark.slow
def test_a_colon_inside_a_text_still_gets_the_quote_advice(work: Path) -> None:
    out, name = _mistake(work, "    name: Team Ildfugle", "    name: Team: Ildfugle")
    assert out.splitlines() == [
        f"{name}:4:15: error: ugyldig YAML: et kolon efterfulgt af et mellemrum står et sted, hvor der ikke kan "
        "begynde et nyt felt; "
        "sæt teksten i anførselstegn, hvis den selv indeholder ': '"
    ]


@pytest.mark.slow
def test_unindented_block_text_is_reported_where_it_begins(work: Path) -> None:
    text = "".join(f"      ledige kan komme uden aftale; linje {n}\n" for n in range(2, 10))
    out, name = _mistake(
        work,
        "    description: En gruppebaseret aktiveringsindsats.\n",
        "    description: |\n    Jobcafé Gellerup er et åbent tilbud, hvor\n" + text,
    )
    # Line 7 holds the first line of text; libyaml notices it at line 16.
    assert out.splitlines() == [
        f"{name}:7:5: error: ugyldig YAML: teksten under 'description: |' skal rykkes længere ind end "
        "'description'; ryk hver linje i teksten ind til kolonne 7"
    ]


@pytest.mark.slow
def test_a_key_without_colon_is_reported_at_its_line(work: Path) -> None:
    out, name = _mistake(work, "    status: ukendt", "    status ukendt")
    assert out.splitlines() == [
        f"{name}:8:5: error: ugyldig YAML: der mangler et ':' efter et feltnavn, eller en tekst på flere linjer står "
        "uden anførselstegn; skriv 'felt: værdi', sæt teksten i anførselstegn, eller skriv den med '|'"
    ]


@pytest.mark.slow
def test_a_housing_area_as_municipality_gets_no_wrong_guess(work: Path) -> None:
    out, name = _mistake(work, "[Roskilde]", "[Gellerup]")
    assert out.splitlines() == [
        f"{name}:7:22: error: team-ildfugle municipalities[0]: 'Gellerup' er ikke navnet på en dansk kommune; "
        "skriv et af de 98 navne i data/municipalities.yaml – er det en bydel eller et boligområde, så skriv "
        "det under housing_areas og kommunens navn her"
    ]
    assert "Ballerup" not in out


NEAR = [
    ("Roskilds", "Roskilde"),
    ("Roskilde Kommune", "Roskilde"),
    ("Kobenhavn", "København"),
    ("Hillerod", "Hillerød"),
    ("Ishøi", "Ishøj"),
    ("Høje Tåstrup", "Høje-Taastrup"),
    ("Lyngby", "Lyngby-Taarbæk"),
    ("Aalborg Øst", "Aalborg"),
]
FAR = ["Gellerup", "Gjellerup", "Hellerup", "Tingbjerg", "Vollsmose", "Skovparken", "Mjølnerparken", "Nørrebro"]


@pytest.mark.parametrize(("typed", "meant"), NEAR)
def test_near_miss_municipalities_get_the_right_name(typed: str, meant: str) -> None:
    municipalities = load_reference(ROOT)[0].municipalities
    assert suggest(typed, municipalities) == f" (mente du '{meant}'?)"


@pytest.mark.parametrize("typed", FAR)
def test_far_miss_municipalities_get_no_suggestion(typed: str) -> None:
    assert suggest(typed, load_reference(ROOT)[0].municipalities) == ""


@pytest.mark.parametrize(
    ("typed", "choices", "meant"),
    [
        ("contcts", "contacts evidence id name", "contacts"),
        ("evidence", "id name summary", None),  # WRatio gave 'id' 90: a short name inside a longer word
        ("mentor", "mentorindsats fritidsjob", "mentorindsats"),
        ("unge-18-24", "unge-18-25 unge-13-17", "unge-18-25"),
        ("aktv", "aktiv permanent afsluttet ukendt", "aktiv"),
        ("cv", "coaching empowerment", None),
        ("lukket", "aktiv permanent afsluttet ukendt", None),
    ],
)
def test_suggestions_for_ids_and_fields(typed: str, choices: str, meant: str | None) -> None:
    assert suggest(typed, choices.split()) == (f" (mente du '{meant}'?)" if meant else "")


def _with_gellerup(work: Path) -> Path:
    path = work / "initiatives.yaml"
    path.write_text((ROOT / "data" / "initiatives.yaml").read_text(encoding="utf-8") + GELLERUP, encoding="utf-8")
    return path


def test_strict_passes_for_the_editors_own_record(work: Path) -> None:
    path = str(_with_gellerup(work).relative_to(ROOT))
    whole = _katalog("validate", "--data", path, "--strict")
    assert whole.returncode == 1
    assert whole.stderr.splitlines()[-1].endswith(
        # 10 about the records, 5 about mkdocs.yml's unset publication settings (extra.katalog)
        "0 fejl, 15 advarsler: ikke godkendt – advarsler tæller som fejl med --strict"
    )
    own = _katalog("validate", "--data", path, "--strict", "--id", "jobcafe-gellerup")
    assert (own.returncode, own.stdout) == (0, "")
    assert own.stderr.splitlines() == [
        f"{path} (12 indsatser): 0 fejl, 0 advarsler om jobcafe-gellerup: godkendt; "
        "10 advarsler om andre indsatser er ikke vist"
    ]


def test_errors_in_other_records_still_show(work: Path) -> None:
    path = work / "initiatives.yaml"
    others = re.sub(
        r"(\n    status: )\S+", r"\1igang", (ROOT / "data" / "initiatives.yaml").read_text(encoding="utf-8"), count=1
    )
    path.write_text(others + GELLERUP, encoding="utf-8")
    shown = _katalog("validate", "--data", str(path.relative_to(ROOT)), "--id", "jobcafe-gellerup")
    assert shown.returncode == 1
    lines = shown.stdout.splitlines()
    assert len(lines) == 1
    assert ": error: " in lines[0]
    assert "'igang' kan ikke bruges her" in lines[0]
    assert "jobcafe-gellerup" not in lines[0]


def test_an_unknown_id_is_an_error_with_the_nearest_id(work: Path) -> None:
    path = str(_with_gellerup(work).relative_to(ROOT))
    result = _katalog("validate", "--data", path, "--id", "jobcafe-gelerup")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"katalog: ukendt indsats-id 'jobcafe-gelerup' (mente du 'jobcafe-gellerup'?); skriv et id fra {path}"
    ]


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.dk",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.dk",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env, timeout=60)


def test_changed_from_shows_warnings_only_for_changed_records(work: Path) -> None:
    # A repository of its own, inside the project so the reference data is found above it.
    path = work / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", path)
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", "initiatives.yaml")
    _git(work, "commit", "-q", "-m", "start")
    path.write_text(
        path.read_text(encoding="utf-8")
        + GELLERUP.replace('      - name: Kontakt Eksempel\n        phone: "12345678"\n', "").replace(
            "    contacts:\n", "    contacts: []\n"
        ),
        encoding="utf-8",
    )
    result = _katalog("validate", "--data", str(path.relative_to(ROOT)), "--changed-from", "main", "--strict")
    assert result.returncode == 1
    assert [line.split(": ", 2)[2] for line in result.stdout.splitlines()] == [
        "jobcafe-gellerup id: indsatsen har ingen kontaktperson; tilføj contacts, hvis kilden nævner en"
    ]
    assert result.stderr.splitlines()[-1].endswith("10 advarsler om andre indsatser er ikke vist")
    unknown = _katalog("validate", "--data", str(path.relative_to(ROOT)), "--changed-from", "nosuchbranch")
    assert unknown.returncode == 2
    assert "git kender ikke referencen 'nosuchbranch'" in unknown.stderr


def test_new_prints_commands_that_can_be_typed_here(work: Path) -> None:
    path = work / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", path)
    name = str(path.relative_to(ROOT))
    result = _katalog(
        "new",
        "--data",
        name,
        "--name",
        "Jobcafé Gellerup",
        "--municipality",
        "Aarhus",
        "--target-group",
        "unge",
        "--kind",
        "jobfaellesskab",
        "--status",
        "aktiv",
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert last == (
        f"Kør derefter '.venv/bin/katalog validate --data {name} --id jobcafe-gellerup' og "
        f"'.venv/bin/katalog serve --data {name}' for at se siden."
    )
    for quoted in last.split("'")[1::2]:
        assert command_problems(quoted.split()) == [], quoted


def test_fmt_keeps_the_quotes_a_phone_number_needs(work: Path) -> None:
    path = work / "kopi.yaml"
    path.write_text(
        MINIMAL.replace(
            "        email: kontakt@example.dk",
            '        email: kontakt@example.dk\n        phone: "75 16 10 00"\n      - phone: "75161000"',
        ),
        encoding="utf-8",
    )
    result = _katalog("fmt", "--data", str(path.relative_to(ROOT)))
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "        phone: 75 16 10 00\n" in text
    assert '      - phone: "75161000"\n' in text
    assert _katalog("validate", "--data", str(path.relative_to(ROOT))).returncode == 0
