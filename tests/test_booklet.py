"""The PDF booklet as a reader meets it: extracted text (pypdf), structure, fonts, links and pictures of pages.

The real catalogue is built once per module; the pages a person should look at
(cover, a case, the index) are written to tests/output/pdf/ as PNG.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from katalog.booklet import build as booklet
from katalog.booklet import document as booklet_pages
from katalog.booklet.literals import danish_quotes, string
from katalog.booklet.prose import Field, to_typst
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.language import hyphenation
from katalog.problems import KatalogError
from katalog.views import facts as render
from katalog.views.selection import Selection
from tests.conftest import FIXTURES, ROOT, TODAY
from tests.test_hyphenation import bad_breaks, broken_names, line_breaks, page_lines, split_units

pytestmark = pytest.mark.pdf

EPOCH = int(dt.datetime(2026, 11, 22, tzinfo=dt.UTC).timestamp())
OUTPUT = ROOT / "tests" / "output" / "pdf"
KATALOG = Path(sys.executable).parent / "katalog"
ALLOWED_FONTS = ("SourceSerifPro", "SourceSansPro", "DejaVuSansMono")
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _catalogue(path: Path) -> ValidCatalogue:
    report = validate_file(path, ROOT, TODAY)
    assert report.catalogue is not None, [p.text() for p in report.errors]
    return report.catalogue


def _plain(text: str) -> str:
    """Extracted text as one line: hyphenated line ends joined, quotes and dashes in one form."""
    # pypdf 7 puts stray soft hyphens inside words (after 'å', inside the hyphenation exceptions);
    # a soft hyphen at a line end is a hyphenated word.
    text = re.sub("\xad+\n", "", text)
    # The layout lets a run of 25+ characters break after every 12 with a zero-width space.
    text = re.sub("\u200b\n?", "", text)
    text = re.sub(r"(?<=\w)\xad+(?=\w)", "", text).replace("\xad", "-")
    for quote in "»«“”„":
        text = text.replace(quote, '"')
    for quote in "’‘›‹":
        text = text.replace(quote, "'")
    return re.sub(r"\s+", " ", text.replace("--", "–"))


def _expected(value: str) -> str:
    return _plain(danish_quotes(render.one_line(value)))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(reader: PdfReader) -> str:
    return _plain("\n".join(page.extract_text() for page in reader.pages))


def _outline(reader: PdfReader) -> list[tuple[str, list[str]]]:
    """Top-level bookmarks with the titles of their children."""
    out: list[tuple[str, list[str]]] = []
    for entry in reader.outline:
        if isinstance(entry, list):
            out[-1][1].extend(str(e.title) for e in entry if not isinstance(e, list))
        else:
            out.append((str(entry.title), []))
    return out


def _page_of(reader: PdfReader, title: str) -> int:
    """1-based page number of the bookmark with this title."""

    def walk(entries: list[Any]) -> Iterator[Any]:
        for entry in entries:
            if isinstance(entry, list):
                yield from walk(entry)
            else:
                yield entry

    for entry in walk(reader.outline):
        if entry.title == title:
            number = reader.get_destination_page_number(entry)
            assert number is not None
            return number + 1
    raise AssertionError(f"no bookmark {title!r}")


@pytest.fixture(scope="module")
def real() -> ValidCatalogue:
    return _catalogue(ROOT / "data" / "initiatives.yaml")


@pytest.fixture(scope="module")
def real_pdf(real: ValidCatalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("booklet") / "inspirationskatalog.pdf"
    stats = booklet.build_booklet(real, out, source_date_epoch=EPOCH)
    assert stats.initiatives == len(real.initiatives)
    assert stats.pages == len(PdfReader(out).pages)
    return out


@pytest.fixture(scope="module")
def reader(real_pdf: Path) -> PdfReader:
    return PdfReader(real_pdf)


# --------------------------------------------------------------------------- content


def test_every_initiative_with_its_headline_figures(real: ValidCatalogue, reader: PdfReader) -> None:
    text = _text(reader)
    for item in real.initiatives:
        assert _expected(item.name) in text, item.id
        for result in item.results:
            view = render.result_view(result, real.reference)
            if view.is_figure:
                assert f"{_expected(view.measure)} {_expected(view.value)}" in text, (item.id, view.measure)
    assert "58 pct." in text and "12,3 pct." in text  # decimal comma, Danish 'pct.'
    assert "Udgave: 22. november 2026" in text
    assert "Ikke oplyst: kataloget" not in text  # no publisher or licence set: the colophon leaves the lines out


def test_inspirations_are_numbered_in_order(real: ValidCatalogue, reader: PdfReader) -> None:
    text = _text(reader)
    numbers = [int(n) for n in re.findall(r"INSPIRATION #(\d+)", text)]
    assert numbers == list(range(1, len(real.initiatives) + 1))


def test_tagged_danish_pdf_ua_with_title(reader: PdfReader) -> None:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/StructTreeRoot" in root
    mark_info = root["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert str(root["/Lang"]).lower().startswith("da")
    assert reader.metadata is not None and reader.metadata.title == "Inspirationskatalog"
    metadata = root["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    xmp = metadata.get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part(>|=\")1", xmp), "not declared PDF/UA-1"
    assert "<dc:language>" in xmp and ">da" in xmp


def test_outline_has_every_chapter_and_initiative(real: ValidCatalogue, reader: PdfReader) -> None:
    plan = booklet_pages.chapters(real, real.initiatives)
    outline = _outline(reader)
    expected = ["Om kataloget", "Hvad ved vi?", *(c.title for c in plan), "Metoder", "Kilder", "Stikordsregister"]
    assert [title for title, _ in outline] == expected
    children = dict(outline)
    for chapter in plan:
        names = [n for n in children[chapter.title] if n in {i.name for i in real.initiatives}]
        assert names == [i.name for i in chapter.items]
    assert children["Metoder"] == [m.title for m in real.reference.methods.values()]


def test_fonts_are_embedded_and_only_the_projects(reader: PdfReader) -> None:
    fonts = _fonts(reader)
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert embedded, f"{name} is not embedded"
        assert any(f in name for f in ALLOWED_FONTS), f"{name}: a fallback font was used"
    assert any("SourceSerifPro" in f for f in fonts) and any("SourceSansPro" in f for f in fonts)
    text = "".join(page.extract_text() for page in reader.pages)
    for glyph in ("æ", "ø", "å", "Æ", "Ø", "»", "«", "–"):
        assert glyph in text


def _fonts(reader: PdfReader) -> dict[str, bool]:
    found: dict[str, bool] = {}
    seen: set[int] = set()

    def resources(res: Any) -> None:
        res = res.get_object() if isinstance(res, IndirectObject) else res
        if not isinstance(res, DictionaryObject):
            return
        for ref in (res.get("/Font") or DictionaryObject()).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for ref in (res.get("/XObject") or DictionaryObject()).values():
            if isinstance(ref, IndirectObject) and ref.idnum in seen:
                continue
            if isinstance(ref, IndirectObject):
                seen.add(ref.idnum)
            resources(ref.get_object().get("/Resources"))

    for page in reader.pages:
        resources(page.get("/Resources"))
    return found


def test_links_work_and_are_safe(reader: PdfReader) -> None:
    uris, internal = [], 0
    for page in reader.pages:
        for annot in page.get("/Annots", ArrayObject()):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A", DictionaryObject())
            if "/URI" in action:
                uris.append(str(action["/URI"]))
            elif "/Dest" in annot or action.get("/S") == "/GoTo":
                internal += 1
    assert internal >= 20  # table of contents, method references, index
    assert uris and all(u.startswith(SAFE_SCHEMES) for u in uris), uris
    assert any(u.startswith("mailto:") for u in uris)


def test_danish_typography(reader: PdfReader) -> None:
    raw = "\n".join(page.extract_text() for page in reader.pages)
    assert "»" in raw and "«" in raw and '"Energi til hinanden"' not in raw
    assert not re.search(r"\d\.\d pct\.", raw)  # decimal comma, never a point
    assert not re.search(r"lønt[\xad-]?\s*\n\s*ilskud", raw)


# --------------------------------------------------------------------------- hyphenation


def _pdftotext(body: str) -> str:
    """``body`` set on an A5 page of the booklet's layout, read back with poppler's pdftotext."""
    setup = booklet_pages.setup("a5", []) + "\n#set page(height: auto, header: none, footer: none)"
    source = f"{booklet_pages.IMPORT}\n{setup}\n{body}"
    pdf = booklet.compile_pdf(source.encode("utf-8"))
    # poppler's pdftotext, not pypdf: pypdf misplaces the soft hyphens of these words (see _plain).
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: run scripts/system_deps.sh (poppler-utils)"
    done = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _broken_words(body: str) -> list[list[str]]:
    """Set each word in a 1pt-wide column (every allowed break is taken) and read back its pieces."""
    lines = _pdftotext(body).splitlines()
    words: list[list[str]] = []
    current: list[str] = []
    for line in (x.strip() for x in lines):
        if not line or line.isdigit():  # the page number
            continue
        if line.endswith(("\xad", "-")):
            current.append(line.rstrip("\xad-"))
        else:
            words.append([*current, line])
            current = []
    return words


def test_loentilskud_never_breaks_as_loent_ilskud() -> None:
    words = ["løntilskud", "Løntilskud", "løntilskuddet", "LØNTILSKUD"]
    body = "\n\n".join(f"#block(width: 1pt, {string(booklet_pages.text(w))})" for w in words)
    broken = _broken_words(body)
    # In capitals a word is an abbreviation or a shout: it is never broken.
    assert broken == [["løn", "til", "skud"], ["Løn", "til", "skud"], ["løn", "til", "skuddet"], ["LØNTILSKUD"]]


def test_the_layout_itself_never_hyphenates() -> None:
    """Typst's Danish patterns are off: a word given without joints stays whole, whatever its width."""
    words = ["løntilskud", "Albertslund", "Serviceudvikling", "boligsociale"]
    body = "\n\n".join(f"#block(width: 1pt, {string(w)})" for w in words)
    assert _broken_words(body) == [[w] for w in words]
    # Markup in a literal may wrap where Unicode allows a break (after "/"), but never gets a hyphen.
    [pdf] = [_pdftotext(f"#block(width: 1pt, {string(booklet_pages.text('</p><script> x'))})")]
    assert re.sub(r"\s+", "", pdf) == "</p><script>x"


def test_every_listed_word_breaks_only_at_its_joints() -> None:
    entries = list(hyphenation.joints().entries())
    body = "\n\n".join(f"#block(width: 1pt, {string(booklet_pages.text(e.replace('|', '')))})" for e in entries)
    assert _broken_words(body) == [e.split("|") for e in entries]


def test_joints_apply_inside_pandoc_prose_too() -> None:
    [markup] = to_typst([Field("x", "beskrivelse", "Et *løntilskud* og løntilskuddet med 36 pct.")])
    body = f"#block(width: 1pt)[{markup}]"
    pieces = [p for word in _broken_words(body) for p in word]
    assert "lønt" not in pieces and "løn" in pieces and "skuddet" in pieces
    assert "36 pct." in pieces  # the no-break space holds even in a 1pt column


# --------------------------------------------------------------------------- every line of the booklet


@pytest.fixture(scope="module")
def real_pdf_a4(real: ValidCatalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("booklet-a4") / "inspirationskatalog-a4.pdf"
    booklet.build_booklet(real, out, paper="a4", source_date_epoch=EPOCH)
    return out


@pytest.fixture(scope="module", params=["a5", "a4"])
def every_paper(request: pytest.FixtureRequest) -> Path:
    return Path(request.getfixturevalue("real_pdf" if request.param == "a5" else "real_pdf_a4"))


def test_every_line_end_hyphen_is_at_a_listed_joint(every_paper: Path) -> None:
    breaks = line_breaks(every_paper)
    assert any(b.how == "hyphen" for b in breaks), "no hyphenated line at all: the reading of lines is broken"
    bad = bad_breaks(breaks)
    assert not bad, "orddelinger uden for delestederne i src/katalog/language/joints.txt:\n" + "\n".join(bad)


def test_no_number_is_split_from_its_unit(every_paper: Path) -> None:
    split = split_units(every_paper)
    assert not split, "\n".join(split)


def test_no_proper_name_is_broken(every_paper: Path, real: ValidCatalogue) -> None:
    broken = broken_names(line_breaks(every_paper), real)
    assert not broken, "\n".join(broken)
    # And each name of the records is printed whole (a line may end only at its spaces or hyphens).
    text = _plain("\n".join("\n".join(lines) for lines in page_lines(every_paper)))
    text = re.sub(r"(?<=\w-) (?=\w)", "", text)  # a name that breaks after its own hyphen (Kolding-⏎Vejle)
    for item in real.initiatives:
        names = (*item.municipalities, *item.housing_areas, *(o.name for o in item.organisations))
        names += tuple(c.name for c in item.contacts if c.name)
        for name in names:
            assert _plain(name) in text, (item.id, name)


# --------------------------------------------------------------------------- record text is data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


PLAIN_FIELDS = (
    "name",
    "summary",
    "housing_areas",
    "venues",
    "attention_points",
)


@pytest.mark.parametrize("fixture", ["site/injection.yaml", "booklet/injection.yaml"])
def test_injected_markup_prints_literally(fixture: str, tmp_path: Path) -> None:
    catalogue = _catalogue(FIXTURES / fixture)
    out = tmp_path / "hæfte.pdf"
    booklet.build_booklet(catalogue, out, source_date_epoch=EPOCH)
    reader = PdfReader(out)
    text = _text(reader)
    raw = catalogue.document.data
    item = raw["initiatives"][0]
    expected = [*(s for key in PLAIN_FIELDS for s in _strings(item.get(key)))]
    expected += [o["name"] for o in item.get("organisations", [])]
    for result in item.get("results", []):
        expected += [result["measure"], result.get("population", ""), result.get("note") or ""]
        expected.append(result["comparison"]["group"])
        expected.append(result["passage"])
    if item.get("status_basis"):
        expected.append(item["status_basis"]["passage"])
    expected += [q["text"] for q in item.get("quotes", [])] + [s["title"] for s in item.get("stories", [])]
    expected += [c["name"] for c in item.get("contacts", [])]
    theme = raw["themes"][0]
    expected += [theme["title"], theme["lead"], *theme["attention_points"]]
    # Compared without white space: a line may end at a space or after a hyphen inside a string
    # ("tema-⏎link"), but no hyphen is ever added to a literal ("</p><script>", never "</p-><script>").
    squeezed = _squeeze(text)
    for value in filter(None, expected):
        assert _squeeze(_expected(value)) in squeezed, value
    assert "root:x:0" not in text  # /etc/passwd was never read
    for page in reader.pages:
        assert float(page.mediabox.width) > 400  # '#set page(width: 1cm)' did not run
        for annot in page.get("/Annots", ArrayObject()):
            uri = annot.get_object().get("/A", DictionaryObject()).get("/URI")
            assert uri is None or str(uri).startswith(SAFE_SCHEMES), uri


def test_markdown_fields_keep_their_markup_as_text(tmp_path: Path) -> None:
    catalogue = _catalogue(FIXTURES / "booklet" / "injection.yaml")
    out = tmp_path / "hæfte.pdf"
    booklet.build_booklet(catalogue, out, source_date_epoch=EPOCH)
    text = _squeeze(_text(PdfReader(out)))
    for literal in (
        'Beskrivelse med #read("/etc/passwd") og #import "@preview/x:0.1.0": * som tekst.',
        "$x = \\sqrt{2}$ og \\input{/etc/passwd} og \\include{fil} og %kommentar.",
        "{=typst} #set text(fill: red)",
        "{=latex} \\input{/etc/passwd}",
        "<div>rå HTML</div>",
        "et billede og en lokal fil og javascript.",
        "Tekst med [@citat] og en fodnote",
        'Fodnoten #read("/etc/passwd").',
        '#read("/etc/passwd") i en kodeblok',
        "22. november 2026 begyndte det.",
        'Historien med #read("/etc/passwd") og <script>alert(1)</script> og kursiv.',
        'Temaets tekst med #read("/etc/passwd") og $$\\frac{1}{2}$$',
    ):
        assert _squeeze(_plain(literal)) in text, literal


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_typst_string_literal_holds_any_text(value: str) -> None:
    compiler = typst.Compiler()
    assert json.loads(compiler.eval(string(value), format="json")) == value


def test_a_pandoc_warning_fails_the_build_naming_the_record(real: ValidCatalogue, tmp_path: Path) -> None:
    first = real.initiatives[0].model_copy(update={"description": "Tekst.\n\n[^1]: En fodnote, som ingen bruger."})
    broken = dataclasses.replace(real, initiatives=[first, *real.initiatives[1:]])
    out = tmp_path / "hæfte.pdf"
    with pytest.raises(KatalogError) as caught:
        booklet.build_booklet(broken, out)
    assert "pandoc gav advarsler" in caught.value.message
    assert f"{first.id}, feltet description, linje 3" in caught.value.message
    assert not out.exists()


# --------------------------------------------------------------------------- selection, CLI, reproducibility


def test_filtered_booklet_holds_exactly_the_matching_initiatives(real: ValidCatalogue, tmp_path: Path) -> None:
    out = tmp_path / "unge.pdf"
    stats = booklet.build_booklet(real, out, selection=Selection(kind="virksomhedssamarbejde"))
    wanted = [i.name for i in real.initiatives if "virksomhedssamarbejde" in i.kinds]
    reader = PdfReader(out)
    names = {i.name for i in real.initiatives}
    shown = [title for _, children in _outline(reader) for title in children if title in names]
    assert sorted(shown) == sorted(wanted) and stats.initiatives == len(wanted)
    assert "Indsatstype: Virksomhedssamarbejde" in _text(reader)


def test_theme_booklet_holds_the_themes_initiatives_and_attention_points(real: ValidCatalogue, tmp_path: Path) -> None:
    theme = next(t for t in real.themes if t.id == "samarbejdet")
    out = tmp_path / "tema.pdf"
    stats = booklet.build_booklet(real, out, selection=Selection(theme=theme.id))
    reader = PdfReader(out)
    names = {i.name for i in real.initiatives}
    wanted = [i.name for i in real.initiatives if i.id in theme.initiatives]
    shown = [title for _, children in _outline(reader) for title in children if title in names]
    assert sorted(shown) == sorted(wanted) and stats.initiatives == len(wanted) == 2
    text = _text(reader)
    assert f"Tema: {theme.title}" in text
    assert " ".join(theme.attention_points[0].split()[:6]) in text


def _katalog(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KATALOG), *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300, env=env
    )


def test_same_data_and_epoch_give_the_same_bytes(real_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "igen.pdf"
    done = _katalog("pdf", "--out", str(out), env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert done.returncode == 0, done.stderr
    assert f"{out}: hæftet er bygget med" in done.stderr
    assert out.read_bytes() == real_pdf.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target-group", "ungdom"], "katalog: ukendt målgruppe 'ungdom'"),
        (["--kind", "praktik"], "skriv en af værdierne fritidsjob, mentorindsats, virksomhedspraktik"),
        (
            ["--municipality", "Sjælland"],
            "vælg en af kommunerne i kataloget: Albertslund, Esbjerg, Greve, København, Roskilde",
        ),
        (["--id", "energi"], "ukendt indsats-id 'energi' (mente du 'energi-til-hinanden'?)"),
        (["--theme", "samarbejdt"], "ukendt tema 'samarbejdt' (mente du 'samarbejdet'?)"),
        (["--paper", "a3"], "'a3' kan ikke bruges her; vælg en af: a5, a4"),
    ],
)
def test_unknown_filter_values_are_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    done = _katalog("pdf", "--out", str(out), *args)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not out.exists()


def test_a_filter_matching_nothing_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    done = _katalog("pdf", "--out", str(out), "--municipality", "Aarhus Kommune")
    assert done.returncode == 1
    assert "ingen indsatser passer til udvalget (Kommune: Aarhus); der er ikke skrevet nogen PDF" in done.stderr
    assert not out.exists()


def test_downloads_are_the_booklet_and_one_pdf_per_initiative(
    real: ValidCatalogue, real_pdf: Path, tmp_path: Path
) -> None:
    stats, paths = booklet.build_downloads(
        real, tmp_path / "hæfte.pdf", tmp_path / "indsatser", source_date_epoch=EPOCH
    )
    assert stats.path.read_bytes() == real_pdf.read_bytes()
    assert [p.name for p in paths] == [f"{i.id}.pdf" for i in real.initiatives]
    for path, item in zip(paths, real.initiatives, strict=True):
        reader = PdfReader(path)
        assert reader.metadata is not None and reader.metadata.title == _expected(item.name).strip()
        assert _expected(item.name) in _text(reader)
        assert [title for title, _ in _outline(reader)] == [item.name]
    alone = booklet.build_initiative_pdfs(real, tmp_path / "alene", source_date_epoch=EPOCH)
    assert [p.read_bytes() for p in alone] == [p.read_bytes() for p in paths]


def test_invalid_data_writes_no_pdf(tmp_path: Path) -> None:
    data = tmp_path / "fejl.yaml"
    data.write_text("initiatives:\n  - id: x\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    done = _katalog("pdf", "--data", str(data), "--out", str(out))
    assert done.returncode == 1
    assert "error: x name: det obligatoriske felt 'name' mangler" in done.stderr
    assert done.stderr.strip().endswith("fejl i data; der er ikke skrevet nogen PDF")
    assert not out.exists()


# --------------------------------------------------------------------------- pictures for a person


def test_pages_as_pictures(reader: PdfReader, real_pdf: Path) -> None:
    """Cover, a case with a chart (two facing pages) and the index as PNG in tests/output/pdf/."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run scripts/system_deps.sh (poppler-utils)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    case = _page_of(reader, "Indsatsen for ægtefælleforsørgede kvinder")
    left = case if case % 2 == 0 else case - 1
    pages = {
        "forside": 1,
        "opslag-venstre": left,
        "opslag-hoejre": left + 1,
        "stikordsregister": _page_of(reader, "Stikordsregister"),
    }
    for name, number in pages.items():
        target = OUTPUT / name
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "110",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                str(real_pdf),
                str(target),
            ],
            check=True,
            timeout=120,
        )
        assert (OUTPUT / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shutil.copyfile(real_pdf, OUTPUT / "inspirationskatalog.pdf")
