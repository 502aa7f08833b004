"""Singular and plural, and lists of values, right everywhere: the helper, and every output read back.

The helper (:mod:`katalog.language.grammar`) is tested on its own; then the site's generated pages (every
page kind :func:`katalog.site.pages.site_files` writes), the booklet's text and the command line's output
are read for a count in the wrong number ('1 indsatser', '2 indsats') of any noun in the table, and for
shortcuts such as 'fil(er)' or 'Kommune(r)'. Each output is made from a catalogue of one initiative with
one of everything and from catalogues with several, so both forms are exercised.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from katalog.booklet.build import booklet_source, build_booklet, one_pager_source
from katalog.catalogue import report
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.language import grammar
from katalog.site import pages
from katalog.views import facts as render

from .conftest import FIXTURES, ROOT, TODAY

ONE = FIXTURES / "grammar" / "one_of_each.yaml"
TWO = FIXTURES / "grammar" / "two_of_each.yaml"
SHIPPED = ROOT / "data" / "initiatives.yaml"
CATALOGUES = {"one_of_each": ONE, "two_of_each": TWO, "shipped": SHIPPED}
EPOCH = int(dt.datetime(2026, 11, 22, tzinfo=dt.UTC).timestamp())

# --------------------------------------------------------------------------- the helper


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [
        (0, "indsats", "0 indsatser"),
        (1, "indsats", "1 indsats"),
        (2, "indsats", "2 indsatser"),
        (1234, "indsats", "1.234 indsatser"),
        (1_000_000, "side", "1.000.000 sider"),
        (1, "advarsel", "1 advarsel"),
        (3, "advarsel", "3 advarsler"),
        (1, "fejl", "1 fejl"),
        (5, "fejl", "5 fejl"),
        (1, "fil", "1 fil"),
        (7, "fil", "7 filer"),
        (1, "kapitel", "1 kapitel"),
        (2, "kapitel", "2 kapitler"),
        (2, "anden", "2 andre"),
        (1, "tema", "1 tema"),
        (4, "tema", "4 temaer"),
    ],
)
def test_a_count_takes_its_noun_in_the_right_number(value: int, noun: grammar.NounName, expected: str) -> None:
    assert grammar.count(value, noun) == expected


def test_every_noun_has_two_forms_and_the_type_names_them_all() -> None:
    assert set(grammar.NOUNS) == set(grammar.NounName.__args__)  # type: ignore[attr-defined]
    for name, noun in grammar.NOUNS.items():
        assert noun.singular == name
        assert noun.plural and noun.plural.islower() and noun.singular.islower()
        assert grammar.noun(name, 1) == noun.singular  # type: ignore[arg-type]
        assert grammar.noun(name, 0) == grammar.noun(name, 2) == noun.plural  # type: ignore[arg-type]


def test_the_scripts_get_the_same_table() -> None:
    assert grammar.script_nouns() == {n: [v.singular, v.plural] for n, v in grammar.NOUNS.items()}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (12.3, "12,3"), (12.0, "12"), (999, "999"), (1000, "1.000"), (1234567.25, "1.234.567,2")],
)
def test_numbers_are_written_the_danish_way(value: float, expected: str) -> None:
    assert grammar.number(value) == expected
    assert render.danish_number(value) == expected


@pytest.mark.parametrize(
    ("values", "and_", "or_"),
    [
        ([], "", ""),
        (["A"], "A", "A"),
        (["A", "B"], "A og B", "A eller B"),
        (["A", "B", "C"], "A, B og C", "A, B eller C"),
        (["A, B", "C"], "A, B og C", "A, B eller C"),
    ],
)
def test_lists_end_with_og_or_eller_and_no_comma_before_it(values: list[str], and_: str, or_: str) -> None:
    assert grammar.join(values) == and_
    assert grammar.join(iter(values)) == and_
    assert grammar.either(values) == or_


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["a", "b", "c"], "a, b og c"),
        # One more than shown is shown in full: 'og 1 anden' would hide one value behind as many words.
        (["a", "b", "c", "d"], "a, b, c og d"),
        (["a", "b", "c", "d", "e"], "a, b, c og 2 andre"),
        ([str(n) for n in range(1500)], "0, 1, 2 og 1.497 andre"),
    ],
)
def test_a_long_list_is_cut_with_the_number_left_out(values: list[str], expected: str) -> None:
    assert grammar.shortened(values) == expected


@pytest.mark.parametrize(
    ("noun", "values", "expected"),
    [
        ("målgruppe", 0, "Målgruppe"),
        ("målgruppe", 1, "Målgruppe"),
        ("målgruppe", 3, "Målgrupper"),
        ("kommune", 1, "Kommune"),
        ("kommune", 2, "Kommuner"),
        ("boligområde", 2, "Boligområder"),
    ],
)
def test_a_label_follows_the_number_of_its_values(noun: grammar.NounName, values: int, expected: str) -> None:
    assert grammar.label(noun, values) == expected


# --------------------------------------------------------------------------- fact-box labels


def _catalogue(path: Path) -> ValidCatalogue:
    result = validate_file(path, ROOT, TODAY)
    assert result.catalogue is not None and not result.errors, [p.text() for p in result.errors]
    return result.catalogue


@pytest.fixture(scope="module", params=sorted(CATALOGUES))
def catalogue(request: pytest.FixtureRequest) -> ValidCatalogue:
    return _catalogue(CATALOGUES[request.param])


# The fact-box lines that stand over a list of values, by their name over one: the form over several.
COUNTED_FACTS = {
    "Kommune": "Kommuner",
    "Boligområde": "Boligområder",
    "Sted": "Steder",
    "Målgruppe": "Målgrupper",
    "Indsatstype": "Indsatstyper",
    "Samarbejdsvirksomhed": "Samarbejdsvirksomheder",
    "Organisation": "Organisationer",
}


def test_fact_labels_over_several_values_are_plural() -> None:
    seen: set[tuple[str, str]] = set()
    for path in CATALOGUES.values():
        catalogue = _catalogue(path)
        for item in catalogue.initiatives:
            for fact in render.facts(item, catalogue.reference):
                if fact.key not in COUNTED_FACTS:
                    continue
                several = len(fact.values) > 1 or (fact.key == "Samarbejdsvirksomhed" and _company_count(fact) > 1)
                assert fact.label == (COUNTED_FACTS[fact.key] if several else fact.key), (item.id, fact)
                seen.add((fact.key, fact.label))
    # Both forms of every counted line occur in these catalogues, so neither is untested.
    assert seen == {(k, k) for k in COUNTED_FACTS} | set(COUNTED_FACTS.items())


def _company_count(fact: render.Fact) -> int:
    """'2 virksomheder' stands for two companies; a list of names for as many as it names."""
    if len(fact.values) == 1 and (found := re.fullmatch(r"([\d.]+) virksomhed(?:er)?", fact.values[0])):
        return int(found.group(1).replace(".", ""))
    return len(fact.values)


def test_a_list_of_values_ends_with_og() -> None:
    catalogue = _catalogue(TWO)
    box = {f.key: f for f in render.facts(catalogue.initiatives[0], catalogue.reference)}
    assert (box["Kommune"].label, box["Kommune"].text) == ("Kommuner", "Roskilde og Køge")
    assert box["Organisation"].text == "Beredskabet (beredskab) og Jobcenteret (jobcenter)"


# --------------------------------------------------------------------------- every output read back


def _shortcut_and_number_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    varying = [n for n in grammar.NOUNS.values() if n.singular != n.plural]
    forms = sorted({form for n in varying for form in (n.singular, n.plural)}, key=len, reverse=True)
    counted = re.compile(
        # On one line (a page number above a heading is no count), in lower case as counts are written.
        r"(?<![\w.,/–-])(\d{1,3}(?:\.\d{3})*|\d+)(?: |&nbsp;|\xa0)+("
        + "|".join(map(re.escape, forms))
        + r")(?![\wæøå])"
    )
    shortcut = re.compile(r"[A-Za-zæøåÆØÅ]\((?:er|r|e|ne|erne)\)")
    return counted, shortcut


COUNTED, SHORTCUT = _shortcut_and_number_pattern()
FORMS = {form: noun for noun in grammar.NOUNS.values() for form in (noun.singular, noun.plural)}


def wrong_numbers(text: str) -> list[str]:
    """Every count in ``text`` whose noun is in the wrong number, and every '(er)'-style shortcut."""
    wrong = []
    for found in COUNTED.finditer(text):
        value = int(found.group(1).replace(".", ""))
        form = found.group(2)
        noun = FORMS[form]
        if form != noun.form(value):
            wrong.append(found.group(0))
    wrong.extend(found.group(0) for found in SHORTCUT.finditer(text))
    return wrong


def test_the_reader_finds_what_it_looks_for() -> None:
    """The scan itself: it must see the mistakes this test exists for, and pass the right forms."""
    assert wrong_numbers("hæftet er bygget med 1 indsatser på 12 sider") == ["1 indsatser"]
    assert wrong_numbers("2 indsats, 1.234 side, 1 sider") == ["2 indsats", "1.234 side", "1 sider"]
    assert wrong_numbers("schema: 3 fil(er) opdateret; Kommune(r)") == ["3 fil", "l(er)", "e(r)"]
    assert wrong_numbers("11 indsatser, 1 indsats, 0 advarsler, 1 advarsel, 21 kommuner, 3 fejl") == []
    # Not counts: dates, ranges, decimals and numbers inside other words.
    assert wrong_numbers("1. november 2026, 2–4 indsatser, 12,1 sider, trin 1 af 7, 2021 indsatser") == []


def _site_texts(catalogue: ValidCatalogue) -> Iterator[tuple[str, str]]:
    data = SHIPPED
    edits = pages.edit_links(catalogue, data, ROOT, "https://github.com/eksempel/inspirationskatalog")
    from katalog.booklet.build import Downloads

    # One of every download, and the booklet with one page, so the page counts meet both forms too.
    pdfs = Downloads(
        booklet=b"%" * 1000,
        pages=1,
        initiatives={item.id: b"%" * 1000 for item in catalogue.initiatives},
        themes={t.id: (b"%" * 1000, n + 1) for n, t in enumerate(catalogue.themes)},
    )
    for path, content in pages.site_files(catalogue, edits, pdfs).items():
        if not path.endswith(".pdf"):
            yield path, content if isinstance(content, str) else content.decode("utf-8")
    for method in sorted(catalogue.reference.methods):
        yield f"methods/{method}.md", pages.method_backlinks(method, catalogue)
    yield "index.md", pages.featured_block(catalogue) + pages.booklet_link(pdfs, "downloads/x.pdf")


def test_no_page_of_the_site_has_a_count_in_the_wrong_number(catalogue: ValidCatalogue) -> None:
    texts = dict(_site_texts(catalogue))
    assert {"cases/index.md", "evidens.md", "hvad-ved-vi.md", "sammenlign/index.md", "malgrupper/index.md"} <= set(
        texts
    )
    wrong = {path: found for path, text in texts.items() if (found := wrong_numbers(text))}
    assert not wrong


def test_the_overview_counts_one_initiative_as_one() -> None:
    overview = pages.overview_page(_catalogue(ONE))
    assert "Kataloget rummer 1 indsats." in overview
    assert ">Viser 1 indsats.<" in overview
    several = pages.overview_page(_catalogue(TWO))
    assert "Kataloget rummer 2 indsatser." in several
    assert ">Viser alle 2 indsatser.<" in several


def _typst_strings(source: bytes) -> str:
    """The text the booklet's Typst source hands to the layout: every string literal, one a line."""
    text = source.decode("utf-8")
    return "\n".join(m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text))


def test_no_count_in_the_booklets_source_is_in_the_wrong_number(catalogue: ValidCatalogue) -> None:
    edition = dt.date(2026, 11, 22)
    texts = {"booklet": _typst_strings(booklet_source(catalogue, edition_date=edition))}
    for item in catalogue.initiatives:
        texts[item.id] = _typst_strings(one_pager_source(catalogue, item.id))
    wrong = {what: found for what, text in texts.items() if (found := wrong_numbers(text))}
    assert not wrong
    assert grammar.count(len(catalogue.initiatives), "indsats") in texts["booklet"]


@pytest.mark.pdf
def test_the_one_initiative_booklet_reads_right(tmp_path: Path) -> None:
    out = tmp_path / "et.pdf"
    stats = build_booklet(_catalogue(ONE), out, source_date_epoch=EPOCH)
    assert stats.summary().startswith(f"{out}: hæftet er bygget med 1 indsats på {stats.pages} sider")
    text = re.sub(r"[ \t]+", " ", "\n".join(page.extract_text() for page in PdfReader(out).pages))
    assert "Hæftet rummer 1 indsats i 1 kapitel" in re.sub(r"\s+", " ", text)
    assert not wrong_numbers(text)
    assert not wrong_numbers(stats.summary())


def _katalog(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "katalog.cli", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ONE, "(1 indsats): 0 fejl, 0 advarsler: godkendt"),
        (TWO, "(2 indsatser): 0 fejl, 0 advarsler: godkendt"),
        (FIXTURES / "valid" / "contacts_missing_warning.yaml", "(1 indsats): 0 fejl, 1 advarsel: godkendt"),
        (FIXTURES / "invalid" / "kinds_empty.yaml", ": 1 fejl, 0 advarsler: ikke godkendt"),
    ],
)
def test_validate_counts_in_the_right_number(data: Path, expected: str) -> None:
    result = _katalog("validate", "--data", str(data.relative_to(ROOT)))
    assert result.stderr.strip().endswith(expected), result.stderr
    assert not wrong_numbers(result.stdout + result.stderr)


def test_the_validate_summary_says_one_and_several_right() -> None:
    assert report.summary(1, 1, 1, "f", False) == "f (1 indsats): 1 fejl, 1 advarsel: ikke godkendt"
    assert report.summary(0, 2, 2, "f", False) == "f (2 indsatser): 0 fejl, 2 advarsler: godkendt"
    shown = report.summary(0, 0, 5, "f", False, selected=["a", "b", "c", "d", "e"], hidden=1)
    assert (
        shown
        == "f (5 indsatser): 0 fejl, 0 advarsler om a, b, c og 2 andre: godkendt; 1 advarsel om andre indsatser er ikke vist"
    )


def test_schema_counts_the_files_it_wrote(tmp_path: Path) -> None:
    """In a copy of the project, so the real issue form is never written: three files, then one."""
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs" / "methods", tmp_path / "docs" / "methods")

    def schema() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "katalog.cli", "schema", "--out", "skema"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return (result.stdout + result.stderr).strip()

    form = tmp_path / ".github" / "ISSUE_TEMPLATE" / "foreslaa-indsats.yml"
    assert schema() == "skema: 3 filer opdateret"  # two schemas and the issue form
    assert form.is_file() and len(list((tmp_path / "skema").iterdir())) == 2
    form.unlink()
    assert schema() == "skema: 1 fil opdateret"
    assert schema() == "skema: skemaerne og issue-formularen er uændrede"


def test_a_cut_list_of_initiatives_never_says_1_andre() -> None:
    shown = report.summary(0, 0, 4, "f", False, selected=["a", "b", "c", "d"])
    assert shown == "f (4 indsatser): 0 fejl, 0 advarsler om a, b, c og d: godkendt"


@pytest.mark.parametrize(
    ("addresses", "uses", "offline", "expected"),
    [
        (1, 1, False, "f: 1 adresse tjekket (1 sted): 0 fejl, 0 advarsler: godkendt"),
        (2, 3, False, "f: 2 adresser tjekket (3 steder): 0 fejl, 0 advarsler: godkendt"),
        (1, 1, True, "adressen kunne ikke nås"),
        (3, 3, True, "ingen af de 3 adresser kunne nås"),
    ],
)
def test_check_links_counts_addresses_and_places(addresses: int, uses: int, offline: bool, expected: str) -> None:
    from katalog.editing.links import LinkReport

    line = LinkReport("f", [], addresses, uses, offline).summary()
    assert expected in line
    assert not wrong_numbers(line)


# --------------------------------------------------------------------------- the evidence sentences


def test_a_result_without_a_figure_is_not_called_a_figure() -> None:
    """'så tallet viser ikke …' only where there is a figure; a statement gets a sentence about itself."""
    seen = set()
    for path in CATALOGUES.values():
        catalogue = _catalogue(path)
        for item in catalogue.initiatives:
            for result in item.results:
                view = render.result_view(result, catalogue.reference)
                if result.comparison != "ingen":
                    assert render.NO_COMPARISON_EXPLAINED not in view.evidence_explained
                    continue
                seen.add(view.is_figure)
                if view.is_figure:
                    assert view.evidence_explained.endswith(render.NO_COMPARISON_EXPLAINED)
                else:
                    assert "tallet" not in view.evidence_explained, (item.id, result.measure)
                    assert view.evidence_explained.endswith(render.NO_COMPARISON_EXPLAINED_STATEMENT)
    assert seen == {True, False}


def test_no_step_of_the_evidence_scale_speaks_of_counting_what_may_be_a_statement() -> None:
    """Every step may stand over a statement, so only the steps that need a figure may speak of one."""
    from katalog.catalogue.model import EVIDENCE_SCALE

    for step in EVIDENCE_SCALE.values():
        assert not re.search(r"\b(?:talt|tallet|tal op)\b", step.explanation), step


def test_the_site_scripts_keep_no_word_list_of_their_own() -> None:
    """A count in a script is window.katalogGrammar.count(n, noun): no literal ' indsatser' or '1 indsats'."""
    varying = [n for n in grammar.NOUNS.values() if n.singular != n.plural]
    plurals = "|".join(re.escape(n.plural) for n in varying)
    singulars = "|".join(re.escape(n.singular) for n in varying)
    spelled = re.compile(rf"[\"'`](?: (?:{plurals})|1 (?:{singulars}))(?![\wæøå])")
    scripts = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))
    own = [p for p in scripts if not p.name.startswith("material-")]
    assert {"filters.js", "compare.js", "pagefind-search.js"} <= {p.name for p in own}
    comments = re.compile(r"/\*.*?\*/|^\s*//[^\n]*", re.DOTALL | re.MULTILINE)
    found = {p.name: spelled.findall(comments.sub("", p.read_text(encoding="utf-8"))) for p in own}
    assert not {name: hits for name, hits in found.items() if hits}
    assert wrong_numbers('x = "1 indsats"') == [] and spelled.search('n === 1 ? "1 indsats" : n + " indsatser"')
