"""Publication settings in one place (mkdocs.yml's extra.katalog): read, checked, used or left out."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from katalog.booklet.build import booklet_source
from katalog.catalogue.validate import validate_file
from katalog.cli import main
from katalog.problems import KatalogError
from katalog.views import publication
from katalog.views.publication import Licence, Publication

from .conftest import ROOT, TODAY

FULL = {
    "publisher": "Eksempel Kommune",
    "text_licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.da"},
    "data_licence": {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.da"},
    "contact": "redaktion@eksempel.dk",
    "repository": "https://github.com/eksempel/inspirationskatalog",
}


def test_all_settings_read() -> None:
    pub = publication.load({"katalog": FULL})
    assert pub == Publication(
        publisher="Eksempel Kommune",
        text_licence=Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.da"),
        data_licence=Licence("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.da"),
        contact="redaktion@eksempel.dk",
        repository="https://github.com/eksempel/inspirationskatalog",
    )
    assert publication.missing(pub) == []


def test_nothing_set_is_no_error_and_the_shipped_file_sets_nothing() -> None:
    assert publication.load(None) == Publication()
    assert publication.load({}) == Publication()
    assert publication.from_mkdocs_yml(ROOT / "mkdocs.yml") == Publication()


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"publisher": 3}, "extra.katalog.publisher er et tal, men skal være en tekst"),
        ({"publisher": ["a"]}, "extra.katalog.publisher er en liste, men skal være en tekst"),
        (
            {"contact": "ikke en adresse"},
            "extra.katalog.contact er 'ikke en adresse', men skal være en e-mailadresse; skriv fx redaktion@eksempel.dk",
        ),
        (
            {"repository": "javascript:alert(1)"},
            "extra.katalog.repository er 'javascript:alert(1)', men skal være en webadresse",
        ),
        ({"text_licence": {"url": "https://x.dk"}}, "extra.katalog.text_licence.name mangler"),
        (
            {"data_licence": {"name": "CC0", "url": "ftp://x"}},
            "extra.katalog.data_licence.url er 'ftp://x', men skal være en webadresse",
        ),
        ({"data_licence": True}, "extra.katalog.data_licence er en sandhedsværdi, men skal have name og url"),
        ({"udgiver": "X"}, "extra.katalog har ukendte indstillinger: udgiver"),
    ],
)
def test_wrong_settings_are_danish_errors(section: dict[str, object], message: str) -> None:
    with pytest.raises(KatalogError) as caught:
        publication.load({"katalog": section})
    assert message in caught.value.message
    assert caught.value.exit_code == 2


def test_section_must_be_a_mapping() -> None:
    _, errors = publication.parse({"katalog": "Eksempel"})
    assert errors == [
        "extra.katalog er 'Eksempel', men skal være en tabel af indstillinger; skriv dem rykket ind under "
        "extra.katalog, hver som 'navn: værdi'"
    ]


def test_mkdocs_tags_do_not_stop_reading(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  katalog:\n    publisher: Eksempel Kommune\n  analytics: !ENV [X, y]\n",
        encoding="utf-8",
    )
    assert publication.from_mkdocs_yml(path) == Publication(publisher="Eksempel Kommune")


def test_missing_settings_warn_with_the_fix() -> None:
    warnings = publication.missing(Publication())
    assert warnings[0] == (
        "extra.katalog.publisher er ikke sat; sæt udgiverens navn, så kolofonen og sidefoden kan nævne den"
    )
    assert len(warnings) == 5
    assert not any("repository" in w for w in publication.missing(Publication(), repo_url="https://x.dk"))


def test_footer_escapes_and_leaves_out() -> None:
    assert publication.footer(Publication()) is None
    line = publication.footer(publication.load({"katalog": {**FULL, "publisher": "<b>A & B</b>"}}))
    assert line == (
        "Udgivet af &lt;b&gt;A &amp; B&lt;/b&gt;. Teksten må bruges efter "
        '<a href="https://creativecommons.org/licenses/by/4.0/deed.da" rel="license">CC BY 4.0</a>, de åbne data efter '
        '<a href="https://creativecommons.org/publicdomain/zero/1.0/deed.da" rel="license">CC0 1.0</a>.'
    )


def test_colophon_leaves_out_what_is_not_set_and_names_what_is() -> None:
    report = validate_file(ROOT / "data" / "initiatives.yaml", today=TODAY)
    assert report.catalogue is not None
    edition = dt.date(2026, 11, 22)
    bare = booklet_source(report.catalogue, edition_date=edition).decode("utf-8")
    colophon = next(line for line in bare.splitlines() if line.startswith("#k-colophon"))
    assert "Ikke oplyst" not in colophon
    assert '"Udgiver"' not in colophon and '"Licens"' not in colophon and '"Kontakt"' not in colophon
    full = booklet_source(
        report.catalogue, edition_date=edition, publication=publication.load({"katalog": FULL})
    ).decode("utf-8")
    colophon = next(line for line in full.splitlines() if line.startswith("#k-colophon"))
    assert '("Udgiver", "Eksempel Kommune")' in colophon
    assert '("Licens", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.da)")' in colophon
    assert '("Kontakt", "redaktion@eksempel.dk")' in colophon


def _project(tmp_path: Path, mkdocs_yml: str) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    return tmp_path


def _validate(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["validate", "--data", "data/initiatives.yaml", *args])
    return result.exit_code, result.output


def test_strict_validate_warns_about_unset_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, "site_name: X\n")
    _, relaxed = _validate(project, monkeypatch)
    assert "extra.katalog" not in relaxed
    code, strict = _validate(project, monkeypatch, "--strict")
    assert code == 1
    assert (
        "mkdocs.yml:1:1: warning: extra.katalog.publisher er ikke sat; sæt udgiverens navn, "
        "så kolofonen og sidefoden kan nævne den"
    ) in strict
    # An editor checking their own record is not asked about the site's settings.
    _, own = _validate(project, monkeypatch, "--strict", "--id", "det-groenne-sjak")
    assert "extra.katalog" not in own


def test_strict_validate_is_quiet_when_all_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    project = _project(tmp_path, yaml.safe_dump({"site_name": "X", "extra": {"katalog": FULL}}, allow_unicode=True))
    _, strict = _validate(project, monkeypatch, "--strict")
    assert "extra.katalog" not in strict


def test_a_wrong_setting_is_an_error_without_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, "extra:\n  katalog:\n    contact: 42\n")
    code, output = _validate(project, monkeypatch)
    assert code == 1
    # At the wrong value itself: line 3, column 14 (`    contact: 42`).
    assert "mkdocs.yml:3:14: error: extra.katalog.contact er et tal, men skal være en tekst" in output


def test_settings_messages_stand_at_their_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each message at its setting in mkdocs.yml; one not set, at the section where it is to be written."""
    text = (
        "site_name: X\n"
        "extra:\n"
        "  generator: false\n"
        "  katalog:\n"
        "    publisher: Udgiveren\n"
        "    text_licence: {name: CC BY 4.0, url: 'https://x.dk/\"a'}\n"
    )
    project = _project(tmp_path, text)
    code, output = _validate(project, monkeypatch, "--strict")
    assert code == 1
    assert "mkdocs.yml:6:42: error: extra.katalog.text_licence.url " in output
    assert 'men en webadresse kan ikke indeholde anførselstegn ("); fjern det, eller skriv det som %22' in output
    pdf = CliRunner().invoke(main, ["pdf", "--out", str(tmp_path / "h.pdf")])
    assert pdf.exit_code == 2
    assert "/mkdocs.yml:6:42: error: extra.katalog.text_licence.url " in pdf.output
    (project / "mkdocs.yml").write_text(text.replace("'https://x.dk/\"a'", "https://x.dk/a"), encoding="utf-8")
    _, strict = _validate(project, monkeypatch, "--strict")
    assert "mkdocs.yml:4:3: warning: extra.katalog.contact er ikke sat" in strict
    assert "extra.katalog.publisher er ikke sat" not in strict


def test_positions_survive_a_file_yaml_cannot_compose() -> None:
    assert publication.setting_positions("extra: [\n") == {}
    assert publication.setting_positions("[" * 100_000) == {}
    assert publication.position_of("extra.katalog.publisher er ikke sat", {}) == (1, 1)


# Characters a setting may not hold, as a record may not (value_rules): each would break an output.
@pytest.mark.parametrize(
    ("section", "message"),
    [
        # lxml stops the feed on a control character ("All strings must be XML compatible").
        (
            {"publisher": "Udgiver\x01 A/S"},
            "extra.katalog.publisher indeholder kontroltegnet U+0001, som ikke er tekst",
        ),
        ({"publisher": "Udgiver\x00"}, "extra.katalog.publisher indeholder kontroltegnet U+0000, som ikke er tekst"),
        ({"contact": "a\x07b@c.dk"}, "extra.katalog.contact indeholder kontroltegnet U+0007"),
        ({"text_licence": {"name": "CC\x1bBY"}}, "extra.katalog.text_licence.name indeholder kontroltegnet U+001B"),
        ({"data_licence": {"name": "CC0", "url": "https://x.dk/\x85a"}}, "data_licence.url indeholder et linjeskift"),
        ({"repository": "https://x.dk/\x9b"}, "extra.katalog.repository indeholder kontroltegnet U+009B"),
        # XML 1.0 forbids the noncharacters too, and a lone surrogate cannot even be written as UTF-8.
        ({"publisher": "Udgiver\ufffe"}, "extra.katalog.publisher indeholder tegnet U+FFFE, som ikke er tekst"),
        ({"publisher": "Udgiver\ud800"}, "extra.katalog.publisher indeholder tegnet U+D800, som ikke er tekst"),
        # One line in the footer and the colophon.
        ({"publisher": "Eksempel\nKommune"}, "indeholder et linjeskift eller en tabulator (U+000A); en indstilling"),
        ({"publisher": "Eksempel\u2028Kommune"}, "indeholder et linjeskift eller en tabulator (U+2028)"),
        # Bidi controls make the footer say something else than the setting.
        ({"publisher": "\u202eenummoK lepmeskE"}, "indeholder retningstegnet U+202E, som kan få teksten til at se"),
        ({"text_licence": "CC BY\u2066 4.0"}, "extra.katalog.text_licence indeholder retningstegnet U+2066"),
        # Typst's PDF/UA export stops at a character the booklet's fonts cannot show.
        ({"publisher": "Udgiver 😀"}, "indeholder tegnet '😀' (U+1F600), som ikke kan vises i PDF-hæftets skrifttype"),
        # A megabyte in every page's footer.
        ({"publisher": "x" * 1_000_000}, "extra.katalog.publisher er 1.000.000 tegn lang; en indstilling må højst"),
        # A mailto: address with smuggled headers or a second address.
        ({"contact": "a@b.dk?cc=c@d.dk"}, "men skal være en e-mailadresse; skriv fx redaktion@eksempel.dk"),
        ({"contact": "a@b.dk?subject=x&body=y"}, "men skal være en e-mailadresse; skriv fx redaktion@eksempel.dk"),
        ({"contact": "a@b.dk,c@d.dk"}, "men skal være en e-mailadresse; skriv fx redaktion@eksempel.dk"),
    ],
)
def test_characters_that_break_an_output_are_danish_errors(section: dict[str, object], message: str) -> None:
    with pytest.raises(KatalogError) as caught:
        publication.load({"katalog": section})
    assert message in caught.value.message
    assert caught.value.exit_code == 2
    assert len(caught.value.message) < 400  # a huge value is not echoed back


def test_settings_with_markup_are_text_in_every_output() -> None:
    """Markup of HTML, XML, Typst and Markdown in a setting reaches each output as text."""
    import json

    import feedparser

    from katalog.views import dcat, feed

    hostile = "<b>A</b> & ]]> #set page(fill: red) [x](javascript:alert(1)) \"' *y*"
    report = validate_file(ROOT / "data" / "initiatives.yaml", today=TODAY)
    assert report.catalogue is not None
    pub = publication.load(
        {"katalog": {**FULL, "publisher": hostile, "text_licence": {"name": hostile, "url": "https://x.dk/?a=1&b=2"}}}
    )
    parsed = feedparser.parse(feed.as_atom(report.catalogue, pub, "https://x.dk/katalog/"))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.author_detail.name == hostile
    assert parsed.feed.rights == f"Teksten må bruges efter {hostile}"
    metadata = json.loads(dcat.as_jsonld(report.catalogue, pub))
    assert metadata["dct:publisher"]["foaf:name"] == hostile
    line = publication.footer(pub)
    assert line is not None and "<b>" not in line and "&lt;b&gt;A&lt;/b&gt; &amp; ]]&gt;" in line
    source = booklet_source(report.catalogue, edition_date=dt.date(2026, 11, 22), publication=pub).decode("utf-8")
    colophon = next(line for line in source.splitlines() if line.startswith("#k-colophon"))
    assert '("Udgiver", "<b>A</b> & ]]> #set page(fill: red) [x](javascript:alert(1)) \\"\' *y*")' in colophon


def test_broken_mkdocs_yml_is_danish_at_its_position(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra: [a\n", encoding="utf-8")
    with pytest.raises(KatalogError) as caught:
        publication.read_mkdocs_yml(config)
    assert caught.value.message == (
        f"{config}:2:8: ugyldig YAML: en liste i firkantede parenteser, der begynder her, er ikke lukket; "
        "skriv ']' efter det sidste element, og sæt ',' mellem elementerne"
    )
    config.write_bytes(b"site_name: \xf8\n")
    with pytest.raises(KatalogError) as caught:
        publication.read_mkdocs_yml(config)
    assert caught.value.message == f"{config}: filen er ikke gyldig UTF-8 (byte 11); gem den igen med tegnsættet UTF-8"
