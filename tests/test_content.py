"""The catalogue's content against its five seed texts.

Every number, contact and quote in ``data/initiatives.yaml`` must be traceable to
the seed text of the publication it cites (``../shared/seeds``, beside the repo;
see its README). These tests read the seeds and look the facts up, the Danish
way: ``12.3`` is searched as ``12,3``, ``3 out of 4`` as ``tre ud af fire``.
Each test collects every mismatch before failing, so one run lists them all.

The last test generates a synthetic catalogue and checks that it validates and
exercises every vocabulary entry and enum value.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from katalog.catalogue.load import load_file
from katalog.catalogue.model import (
    Comparison,
    Evidence,
    Initiative,
    Measurement,
    OrganisationRole,
    SourceList,
    Status,
    Theme,
    Vocabularies,
)
from katalog.catalogue.reference import load_reference
from katalog.catalogue.validate import validate_file
from tests.conftest import ROOT, TODAY

SEEDS = ROOT.parent / "shared" / "seeds"

REQUIRED_INITIATIVES = (
    "energi-til-hinanden",
    "partnerskab-kommune-og-virksomhed",
    "boligsociale-job-og-uddannelsesvejledninger",
    "virksomhedscentre-med-mentorer",
    "indsats-for-aegtefaelleforsoergede-kvinder",
    "fremskudt-beskaeftigelsesindsats",
    "fritidsjobindsatser",
    "team-ildfugle",
    "det-groenne-sjak",
    "ncc-unge-fra-urbanplanen",
    "netvaerket-dit-jobfaellesskab",
)

# data/sources.yaml has no field pointing at a seed file, so the mapping is kept
# here, from the seeds' README and the sources' titles (checked below).
# 000 and 001 are the same Esbjerg article (raw PDF extraction and cleaned text).
SEED_FILES: dict[str, tuple[str, ...]] = {
    "esbjerg-energi-til-hinanden": ("000_d9368b74a142875a.txt", "001_a58690ed57d7fb29.txt"),
    "ryslinge-partnerskab": ("002_53e0d024fba8e6f9.txt",),
    "cfbu-saet-gang-2017": ("003_c53f9e38ac2ae139.txt",),
    "hedemarken-jobfaellesskab-blog": ("004_7ba162720fc42e99.txt",),
}
ALL_SEED_FILES = tuple(sorted({name for names in SEED_FILES.values() for name in names}))

# Small numbers are usually written as words in Danish prose ("tre ud af fire").
# "en"/"et" are left out for 1: they are also the indefinite articles.
DANISH_NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    1: ("én", "ét", "een"),
    2: ("to",),
    3: ("tre",),
    4: ("fire",),
    5: ("fem",),
    6: ("seks",),
    7: ("syv",),
    8: ("otte",),
    9: ("ni",),
    10: ("ti",),
    11: ("elleve",),
    12: ("tolv",),
    20: ("tyve",),
}

_CHARACTERS = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
    }
)
# A word broken over two lines in the raw PDF extraction: "hinan-\nden".
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zæøå])[-\u00ad][ \t]*\r?\n\s*(?=[a-zæøå])")
_ELLIPSIS = re.compile(r"\s*(?:[\[(]\s*)?(?:…|\.\.\.)(?:\s*[\])])?\s*")
# An editor's correction inside the source's words: a word or two, letters only, in square brackets.
_EDITORIAL = re.compile(r"\s*\[[^\W\d_]+(?: [^\W\d_]+){0,2}\]\s*")
_EDITORIAL_GAP = 30
_FINAL_PUNCTUATION = re.compile(r"[.,;:!?]+$")
_NUMBER_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)*")
_BLOCKQUOTE = re.compile(r"^>\s*[\"»](.+?)[\"«]\s*$", re.MULTILINE)


# --- helpers ---------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Unify typographic quotes, dashes and odd spaces, and collapse whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_CHARACTERS)
    return re.sub(r"\s+", " ", text).strip()


def seed_variants(raw: str) -> tuple[str, ...]:
    """The normalised text, and the same with words broken at line ends joined again."""
    return (normalise(raw), normalise(_LINE_BREAK_HYPHEN.sub("", raw)))


def danish_number(value: float) -> tuple[str, ...]:
    """The ways a number is written in Danish digits: 12.3 → '12,3'; 1000 → '1000', '1.000'."""
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        assert "e" not in text, f"unexpected number {value}"
        whole, _, fraction = text.partition(".")
        return (f"{whole},{fraction}",)
    number = int(value)
    forms = [str(number)]
    if abs(number) >= 1000:
        forms += [f"{number:,}".replace(",", "."), f"{number:,}".replace(",", " ")]
    if isinstance(value, float):
        forms.append(f"{number},0")
    return tuple(forms)


def number_pattern(value: float, *, words: bool = True) -> str:
    """A regex for ``value`` as a whole token: digits (not part of a longer number) or a Danish word."""
    digits = "|".join(re.escape(form) for form in danish_number(value))
    alternatives = [rf"(?<!\d)(?<!\d[.,])(?:{digits})(?!\d)(?![.,]\d)"]
    if words and isinstance(value, int) and value in DANISH_NUMBER_WORDS:
        alternatives += [rf"(?<!\w){re.escape(word)}(?!\w)" for word in DANISH_NUMBER_WORDS[value]]
    return "(?:" + "|".join(alternatives) + ")"


def found(pattern: str, texts: tuple[str, ...]) -> bool:
    regex = re.compile(pattern, re.IGNORECASE)
    return any(regex.search(text) for text in texts)


def measurement_patterns(value: Measurement) -> Iterator[tuple[str, str]]:
    """(shown value, regex) for each number a measurement states."""
    if value.percent is not None:
        yield f"percent {value.percent}", number_pattern(value.percent) + r"\s*(?:%|pct\b|procent)"
    if value.count is not None:
        yield f"count {value.count}", number_pattern(value.count)
    if value.part is not None and value.whole is not None:
        yield (
            f"part/whole {value.part}/{value.whole}",
            number_pattern(value.part) + r"\s+ud\s+af\s+" + number_pattern(value.whole),
        )
    if value.statement is not None:
        yield from text_number_patterns(value.statement)


def text_number_patterns(text: str) -> Iterator[tuple[str, str]]:
    """Numbers written in digits inside a text, each searched literally as a token."""
    for match in _NUMBER_IN_TEXT.finditer(text):
        token = match.group()
        yield f"number {token!r} in {text!r}", rf"(?<!\d)(?<!\d[.,]){re.escape(token)}(?!\d)(?![.,]\d)"


def compact(text: str) -> str:
    """Text without whitespace and double quotes, for comparing quotations.

    The PDF extractions break words over lines, sometimes without a hyphen
    ("har be\nstemt"), and put closing quotes before or after the full stop
    ("personlige”."); neither changes the words quoted.
    """
    return re.sub(r'[\s"]', "", text)


def contains_excerpt(excerpt: str, texts: tuple[str, ...]) -> bool:
    """Whether ``excerpt`` occurs word for word in one of ``texts`` (normalised, see :func:`compact`).

    '…' (also '...', '[…]') is a gap: the fragments around it must come in order.
    A word or two in square brackets ('[Den ledige] skal støttes') is the editor's
    correction of the source's grammar, as a publisher marks one inside a quotation: it
    stands for at most a few words of the source (no digits, so never a figure), and the
    words on either side must stand right beside them.
    A fragment's final punctuation may differ, since a quote that ends a sentence
    in the catalogue often ends in a comma in the source ('…gruppe," siger han').
    """
    # (fragment, the most characters of the source that may stand before it; None: any)
    pieces: list[tuple[str, int | None]] = []
    for n, part in enumerate(_ELLIPSIS.split(normalise(excerpt))):
        for m, words in enumerate(_EDITORIAL.split(part)):
            fragment = _FINAL_PUNCTUATION.sub("", compact(words))
            if fragment:
                pieces.append((fragment, None if m == 0 and (n > 0 or not pieces) else _EDITORIAL_GAP))
    assert pieces, f"empty excerpt {excerpt!r}"
    return any(_found_in_order(pieces, compact(text)) for text in texts)


def _found_in_order(pieces: list[tuple[str, int | None]], text: str) -> bool:
    first, _ = pieces[0]
    start = text.find(first)
    while start >= 0:
        position = start + len(first)
        for fragment, gap in pieces[1:]:
            at = text.find(fragment, position)
            if at < 0 or (gap is not None and at - position > gap):
                break
            position = at + len(fragment)
        else:
            return True
        start = text.find(first, start + 1)
    return False


def phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[2:] if len(digits) == 10 and digits.startswith("45") else digits


# --- data ------------------------------------------------------------------------------------------


@functools.cache
def seed_texts() -> dict[str, tuple[str, ...]]:
    """Each seed file's text variants, by file name."""
    assert SEEDS.is_dir(), f"the seed texts are missing: expected them in {SEEDS}"
    texts: dict[str, tuple[str, ...]] = {}
    for name in ALL_SEED_FILES:
        path = SEEDS / name
        assert path.is_file(), f"seed file {name} is missing in {SEEDS}"
        texts[name] = seed_variants(path.read_text(encoding="utf-8"))
    return texts


def source_texts(*source_ids: str) -> tuple[str, ...]:
    """The text variants of the seeds behind these source ids (none for a source without a seed)."""
    texts = seed_texts()
    return tuple(text for sid in source_ids for name in SEED_FILES.get(sid, ()) for text in texts[name])


def all_seed_texts() -> tuple[str, ...]:
    return tuple(text for variants in seed_texts().values() for text in variants)


@functools.cache
def catalogue_data() -> dict[str, object]:
    doc = load_file(ROOT / "data" / "initiatives.yaml")
    assert doc.ok, "\n".join(p.text() for p in doc.problems)
    assert isinstance(doc.data, dict), "data/initiatives.yaml should be a mapping"
    return doc.data


@functools.cache
def initiatives() -> tuple[Initiative, ...]:
    raw = catalogue_data().get("initiatives")
    assert isinstance(raw, list), "data/initiatives.yaml has no list 'initiatives'"
    return tuple(Initiative.model_validate(item) for item in raw)


@functools.cache
def themes() -> tuple[Theme, ...]:
    raw = catalogue_data().get("themes", [])
    assert isinstance(raw, list), "'themes' in data/initiatives.yaml should be a list"
    return tuple(Theme.model_validate(item) for item in raw)


@functools.cache
def source_ids() -> frozenset[str]:
    doc = load_file(ROOT / "data" / "sources.yaml")
    assert doc.ok, "\n".join(p.text() for p in doc.problems)
    return frozenset(source.id for source in SourceList.model_validate(doc.data).sources)


def cited_sources(initiative: Initiative) -> Iterator[tuple[str, str]]:
    """(field, source id) for every source an initiative cites for its facts."""
    for sid in initiative.sources:
        yield "sources", sid
    for index, result in enumerate(initiative.results):
        yield f"results[{index}].source", result.source
    for index, goal in enumerate(initiative.goals):
        yield f"goals[{index}].source", goal.source
    for index, quote in enumerate(initiative.quotes):
        yield f"quotes[{index}].source", quote.source
    for index, story in enumerate(initiative.stories):
        yield f"stories[{index}].source", story.source
    for index, finding in enumerate(initiative.findings):
        yield f"findings[{index}].source", finding.source


def passages(initiative: Initiative) -> Iterator[tuple[str, str, str]]:
    """(field, source id, passage) for every claim of an initiative that rests on the source's words."""
    for part in ("results", "goals", "findings", "quotes"):
        for index, claim in enumerate(getattr(initiative, part)):
            yield f"{part}[{index}].passage", claim.source, claim.passage
    for part in ("status_basis", "planned_status"):
        claim = getattr(initiative, part)
        if claim is not None:
            yield f"{part}.passage", claim.source, claim.passage


def report(problems: list[str]) -> str:
    return f"{len(problems)} mismatch(es):\n  " + "\n  ".join(problems)


# --- the helpers themselves --------------------------------------------------------------------------


def test_number_helper_matches_whole_danish_tokens_only() -> None:
    texts = (normalise("I alt 12,3 pct.\nkom i job, og 22\tansatte; 1.500 kr. og tre ud af fire."),)
    assert found(number_pattern(12.3) + r"\s*(?:%|pct\b)", texts)
    assert found(number_pattern(22), texts)
    assert found(number_pattern(1500), texts)
    assert found(number_pattern(3) + r"\s+ud\s+af\s+" + number_pattern(4), texts)
    assert not found(number_pattern(12), texts), "12 is part of 12,3"
    assert not found(number_pattern(2), texts), "2 is only part of 12,3 and 22"
    assert not found(number_pattern(3.0), texts), "3 is only part of 12,3 (and 'tre' is not a float)"
    assert not found(number_pattern(500), texts), "500 is part of 1.500"
    assert not found(number_pattern(12.3) + r"\s*(?:%|pct\b)", (normalise("112,3 pct."),))


def test_excerpt_helper_normalises_and_handles_gaps() -> None:
    texts = seed_variants("Han siger: \u201dDet er godt \u2013 meget\ngodt, og vi for-\ntsætter i morgen.\u201d")
    assert contains_excerpt('Det er godt - meget godt, og vi fortsætter i morgen."', texts)
    assert contains_excerpt("Det er godt … i morgen", texts)
    assert not contains_excerpt("i morgen … Det er godt", texts), "fragments must come in order"
    assert not contains_excerpt("Det er rigtig godt", texts)
    said = seed_variants('"Det er godt," siger han. "Vi fortsætter i mor\ngen."')
    assert contains_excerpt("Det er godt.", said), "a final comma may become a full stop"
    assert contains_excerpt("Det er godt. […] Vi fortsætter i morgen.", said)
    assert not contains_excerpt("Det er godt. Vi fortsætter i morgen.", said), "an omission must be marked '…'"


# --- 1. the required initiatives ----------------------------------------------------------------------


def test_required_initiatives_exist() -> None:
    ids = [initiative.id for initiative in initiatives()]
    missing = [required for required in REQUIRED_INITIATIVES if required not in ids]
    assert not missing, f"missing initiatives: {missing}"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"initiative ids used more than once: {duplicates}"


# --- 2. numbers ------------------------------------------------------------------------------------


def test_numbers_appear_in_their_source_text() -> None:
    problems: list[str] = []

    def check(initiative: Initiative, where: str, sources: tuple[str, ...], shown: str, pattern: str) -> None:
        texts = source_texts(*sources)
        if not texts:
            problems.append(f"{initiative.id} {where}: {shown}: source {list(sources)} is not a seed text")
        elif not found(pattern, texts):
            problems.append(f"{initiative.id} {where}: {shown} not found in the seed text of {list(sources)}")

    for initiative in initiatives():
        for index, result in enumerate(initiative.results):
            for shown, pattern in measurement_patterns(result.value):
                check(initiative, f"results[{index}].value", (result.source,), shown, pattern)
            comparison = result.comparison
            if isinstance(comparison, Comparison) and not isinstance(comparison.value, str):
                for shown, pattern in measurement_patterns(comparison.value):
                    check(initiative, f"results[{index}].comparison.value", (result.source,), shown, pattern)
        for index, goal in enumerate(initiative.goals):
            for shown, pattern in text_number_patterns(goal.text):
                check(initiative, f"goals[{index}].text", (goal.source,), shown, pattern)
        # Participants and partner companies name no source of their own: any of the initiative's.
        if initiative.participants is not None:
            count = initiative.participants.count
            check(initiative, "participants.count", tuple(initiative.sources), f"{count}", number_pattern(count))
        companies = initiative.partner_companies
        if companies is not None and companies.count is not None:
            check(
                initiative,
                "partner_companies.count",
                tuple(initiative.sources),
                f"{companies.count}",
                number_pattern(companies.count),
            )
    assert not problems, report(problems)


# --- 3. contacts -----------------------------------------------------------------------------------


def test_contact_emails_and_phones_appear_in_a_seed_text() -> None:
    texts = all_seed_texts()
    lowered = tuple(text.lower() for text in texts)
    without_spaces = tuple(re.sub(r"\s+", "", text) for text in texts)
    problems: list[str] = []
    for initiative in initiatives():
        for index, contact in enumerate(initiative.contacts):
            if contact.email is not None and not any(contact.email.lower() in text for text in lowered):
                problems.append(f"{initiative.id} contacts[{index}].email: {contact.email} is in no seed text")
            if contact.phone is not None:
                digits = phone_digits(contact.phone)
                pattern = rf"(?<!\d){digits}(?!\d)"
                if not any(re.search(pattern, text) for text in without_spaces):
                    problems.append(f"{initiative.id} contacts[{index}].phone: {contact.phone} is in no seed text")
    assert not problems, report(problems)


# --- 4. quotes -------------------------------------------------------------------------------------


def test_quotes_appear_in_their_source_text() -> None:
    problems: list[str] = []
    for initiative in initiatives():
        for index, quote in enumerate(initiative.quotes):
            texts = source_texts(quote.source)
            if not texts:
                problems.append(f"{initiative.id} quotes[{index}]: source {quote.source} is not a seed text")
            elif not contains_excerpt(quote.text, texts):
                problems.append(f"{initiative.id} quotes[{index}].text not in {quote.source}: {quote.text!r}")
    assert not problems, report(problems)


def test_every_passage_is_verbatim_in_its_seed_text() -> None:
    """Each claim's passage is the source's own words: found in the seed, fragments around '[…]' in order."""
    problems: list[str] = []
    checked = 0
    for initiative in initiatives():
        for where, source, words in passages(initiative):
            checked += 1
            texts = source_texts(source)
            if not texts:
                problems.append(f"{initiative.id} {where}: source {source} is not a seed text")
            elif not contains_excerpt(words, texts):
                problems.append(f"{initiative.id} {where} not in {source}: {words!r}")
    assert checked >= 40, f"only {checked} passages; has the data lost them?"
    assert not problems, report(problems)


def test_passage_helper_fails_on_words_not_in_the_source() -> None:
    texts = source_texts("cfbu-saet-gang-2017")
    assert contains_excerpt("Her er 36 pct. af deltagerne startet i job eller uddannelse", texts)
    assert not contains_excerpt("Her er 46 pct. af deltagerne startet i job eller uddannelse", texts)
    assert not contains_excerpt("I kontrolgruppen gælder det for 37 pct. […] Hele 58 pct.", texts), "order of fragments"
    # An editor's correction in brackets replaces a word or two of the source, never more, never a figure.
    attention = "Samarbejdet er ikke færdigt, når en ledig starter i praktik i en virksomhed."
    assert contains_excerpt(f"{attention} [Den ledige] skal støttes og fastholdes af lokale medarbejdere.", texts)
    assert not contains_excerpt(f"{attention} [Den ledige] skal fastholdes af lokale medarbejdere.", texts)
    assert not contains_excerpt("Her er [46] pct. af deltagerne startet i job eller uddannelse", texts)
    assert not contains_excerpt("Her er 36 pct. [af dem] tre måneder efter indsatsen", texts), "too much left out"


def test_every_source_is_shown_somewhere() -> None:
    """A defined source is cited by a record, a theme or a method page, or listed as further reading."""
    shown = {sid for i in initiatives() for _, sid in cited_sources(i)}
    shown |= {sid for i in initiatives() for sid in i.further_reading}
    for theme in themes():
        shown |= {theme.source, *theme.further_reading}
        if theme.interview is not None:
            shown.add(theme.interview.source)
    reference, _ = load_reference(ROOT)
    shown |= {sid for page in reference.methods.values() for sid in page.sources}
    assert not sorted(source_ids() - shown), "sources defined in data/sources.yaml but shown nowhere"


def test_every_method_page_is_used() -> None:
    reference, _ = load_reference(ROOT)
    used = {m for i in initiatives() for m in i.methods}
    assert not sorted(set(reference.methods) - used), "method pages no initiative links to"


def test_shipped_data_has_no_identifying_story_details() -> None:
    report_ = validate_file(ROOT / "data" / "initiatives.yaml", root=ROOT, today=TODAY)
    found = [p.text() for p in report_.warnings if "borgeren kan genkendes på" in p.message]
    assert not found, "\n".join(found)


def test_interview_quotes_appear_in_their_source_text() -> None:
    """The quoted lines ('> »…«') of the themes' interviews are verbatim too."""
    problems: list[str] = []
    checked = 0
    for theme in themes():
        if theme.interview is None:
            continue
        texts = source_texts(theme.interview.source)
        for quoted in _BLOCKQUOTE.findall(theme.interview.text):
            checked += 1
            if not contains_excerpt(quoted, texts):
                problems.append(f"theme {theme.id} interview: {quoted!r} not in {theme.interview.source}")
    assert checked, "found no quoted lines in the interviews; has the format changed?"
    assert not problems, report(problems)


def test_theme_attention_points_are_verbatim() -> None:
    """The model describes a theme's attention points as 'ordret fra kilden'."""
    problems = [
        f"theme {theme.id} attention_points[{index}] not in {theme.source}: {point!r}"
        for theme in themes()
        for index, point in enumerate(theme.attention_points)
        if not contains_excerpt(point, source_texts(theme.source))
    ]
    assert not problems, report(problems)


# --- 5. sources ------------------------------------------------------------------------------------


def test_seed_mapping_matches_the_sources() -> None:
    known = source_ids()
    unknown = sorted(set(SEED_FILES) - known)
    assert not unknown, f"seed-backed source ids missing from data/sources.yaml: {unknown}"
    doc = load_file(ROOT / "data" / "sources.yaml")
    titles = {source.id: source.title for source in SourceList.model_validate(doc.data).sources}
    problems: list[str] = []
    for sid in SEED_FILES:
        # The title's main part (before ' – ') is printed in the seed, often in capitals.
        head = normalise(titles[sid]).split(" - ")[0].casefold()
        if not any(head in text.casefold() for text in source_texts(sid)):
            problems.append(f"source {sid}: title {head!r} not found in {list(SEED_FILES[sid])}")
    assert not problems, report(problems)
    present = sorted(path.name for path in SEEDS.glob("0*.txt"))
    assert present == list(ALL_SEED_FILES), f"seed files changed: {present}"


def test_cited_source_ids_exist() -> None:
    known = source_ids()
    problems: list[str] = []
    for initiative in initiatives():
        for where, sid in cited_sources(initiative):
            if sid not in known:
                problems.append(f"{initiative.id} {where}: unknown source {sid!r}")
            elif where != "sources" and sid not in SEED_FILES:
                problems.append(f"{initiative.id} {where}: source {sid!r} is not one of the seed texts")
        for index, sid in enumerate(initiative.further_reading):
            if sid not in known:
                problems.append(f"{initiative.id} further_reading[{index}]: unknown source {sid!r}")
    for theme in themes():
        theme_sources = [("source", theme.source)]
        if theme.interview is not None:
            theme_sources.append(("interview.source", theme.interview.source))
        for where, sid in theme_sources:
            if sid not in known:
                problems.append(f"theme {theme.id} {where}: unknown source {sid!r}")
            elif sid not in SEED_FILES:
                problems.append(f"theme {theme.id} {where}: source {sid!r} is not one of the seed texts")
    reference, ref_problems = load_reference(ROOT)
    assert not [p for p in ref_problems if p.severity == "error"], "\n".join(p.text() for p in ref_problems)
    assert reference.methods, "found no method pages in docs/methods/"
    for method in reference.methods.values():
        for sid in method.sources:
            if sid not in known:
                problems.append(f"docs/methods/{method.path.name}: unknown source {sid!r}")
    assert not problems, report(problems)


def test_every_seed_text_is_used_by_an_initiative() -> None:
    used = {
        name for initiative in initiatives() for _, sid in cited_sources(initiative) for name in SEED_FILES.get(sid, ())
    }
    unused = [name for name in ALL_SEED_FILES if name not in used]
    assert not unused, f"seed texts no initiative cites: {unused}"


# --- 6. synthetic data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "synthetic-60.yaml"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", "60", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file(), f"make_synthetic.py wrote no {out}"
    return out


@pytest.mark.slow
def test_synthetic_data_validates_and_covers_every_value(synthetic: Path) -> None:
    validation = validate_file(synthetic, root=ROOT, today=TODAY)
    assert not validation.errors, "\n".join(p.text() for p in validation.errors)
    catalogue = validation.catalogue
    assert catalogue is not None
    records = catalogue.initiatives
    assert len(records) == 60

    vocab_doc = load_file(ROOT / "data" / "vocabularies.yaml")
    vocabularies = Vocabularies.model_validate(vocab_doc.data)
    evidence = {r.evidence for i in records for r in i.results}
    expectations: dict[str, tuple[set[str], set[str]]] = {
        "target group": ({t.id for t in vocabularies.target_groups}, {g for i in records for g in i.target_groups}),
        "kind": ({t.id for t in vocabularies.kinds}, {k for i in records for k in i.kinds}),
        "method": (set(catalogue.reference.methods), {m for i in records for m in i.methods}),
        "evidence kind": ({e.value for e in Evidence}, {e.value for e in evidence}),
        "status": ({s.value for s in Status}, {i.status.value for i in records}),
        "organisation role": (
            {r.value for r in OrganisationRole},
            {o.role.value for i in records for o in i.organisations},
        ),
    }
    missing = {name: sorted(wanted - used) for name, (wanted, used) in expectations.items() if wanted - used}
    assert not missing, f"the synthetic data never uses: {missing}"
