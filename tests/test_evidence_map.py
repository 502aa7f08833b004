"""The evidence map »Hvad ved vi?« (katalog.views.evidence_map): its data on the shipped catalogue and on a
small made-up one, the site page that shows it, and the booklet's map page as a reader gets it from the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from katalog.booklet import build as booklet
from katalog.catalogue.model import EVIDENCE_SCALE, Evidence, Initiative
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.site import pages
from katalog.views import evidence_map as em
from tests.conftest import ROOT, TODAY

OUTPUT = ROOT / "tests" / "output" / "pdf"


@pytest.fixture(scope="module")
def real() -> ValidCatalogue:
    report = validate_file(ROOT / "data" / "initiatives.yaml", ROOT, TODAY)
    assert report.catalogue is not None
    return report.catalogue


def _cells(view: em.EvidenceMap) -> dict[tuple[str, str], tuple[int, Evidence | None]]:
    return {(c.target_group, c.kind): (c.count, c.strongest) for row in view.rows for c in row.cells}


def test_shipped_map_counts_every_pair_and_keeps_vocabulary_order(real: ValidCatalogue) -> None:
    ref = real.reference
    view = em.evidence_map(real.initiatives, ref)
    used_groups = {g for i in real.initiatives for g in i.target_groups}
    used_kinds = {k for i in real.initiatives for k in i.kinds}
    assert [r.group.id for r in view.rows] == [g for g in ref.target_groups if g in used_groups]
    assert [c.id for c in view.columns] == [k for k in ref.kinds if k in used_kinds]
    assert [r.group.label for r in view.rows] == [ref.target_groups[r.group.id].label for r in view.rows]
    for row in view.rows:
        assert [c.kind for c in row.cells] == [c.id for c in view.columns]
    expected = {}
    for g in (r.group.id for r in view.rows):
        for k in (c.id for c in view.columns):
            members = [i for i in real.initiatives if g in i.target_groups and k in i.kinds]
            ranks = sorted((r.evidence for i in members for r in i.results), key=lambda e: EVIDENCE_SCALE[e].rank)
            expected[(g, k)] = (len(members), ranks[0] if ranks else None)
    assert _cells(view) == expected
    # Spot checks a reader can follow in data/initiatives.yaml.
    assert view.cell("unge", "virksomhedssamarbejde").count == 2  # Energi til hinanden, NCC
    assert view.cell("unge", "virksomhedssamarbejde").strongest is Evidence.sammenligning
    assert view.cell("aegtefaelleforsoergede-kvinder", "danskundervisning").strongest is Evidence.kontrolgruppe
    # Virksomhedscentre med mentorer has no results: the cell has an initiative and no evidence.
    mentor = view.cell("udsatte-ledige", "mentorindsats")
    assert (mentor.count, mentor.strongest, mentor.evidence_text) == (1, None, "Ingen resultater oplyst")


def _made_up(real: ValidCatalogue) -> list[Initiative]:
    """Three initiatives on two target groups and two kinds; results' evidence set by hand."""
    base = real.initiatives[0]
    result = base.results[0]

    def item(iid: str, groups: list[str], kinds: list[str], evidence: list[Evidence]) -> Initiative:
        results = [result.model_copy(update={"evidence": e}) for e in evidence]
        return base.model_copy(update={"id": iid, "target_groups": groups, "kinds": kinds, "results": results})

    return [
        item("a", ["unge", "jobparate"], ["mentorindsats"], [Evidence.egen_opgoerelse, Evidence.foer_efter]),
        item("b", ["unge"], ["mentorindsats", "fritidsjob"], [Evidence.ikke_oplyst]),
        item("c", ["jobparate"], ["fritidsjob"], [Evidence.ikke_oplyst, Evidence.ikke_oplyst]),
    ]


def test_small_map_counts_strongest_and_not_stated(real: ValidCatalogue) -> None:
    view = em.evidence_map(_made_up(real), real.reference)
    # Vocabulary order, not the order the records use them.
    assert [r.group.id for r in view.rows] == ["unge", "jobparate"]
    assert [c.id for c in view.columns] == ["fritidsjob", "mentorindsats"]
    assert _cells(view) == {
        ("unge", "fritidsjob"): (1, Evidence.ikke_oplyst),
        ("unge", "mentorindsats"): (2, Evidence.foer_efter),
        ("jobparate", "fritidsjob"): (1, Evidence.ikke_oplyst),
        ("jobparate", "mentorindsats"): (1, Evidence.foer_efter),
    }
    # Only »not stated« evidence: shown as that, never as anything stronger.
    only_not_stated = view.cell("jobparate", "fritidsjob")
    assert only_not_stated.evidence_text == "Metode ikke oplyst"
    assert only_not_stated.initiatives == ("c",)
    assert view.cell("unge", "mentorindsats").count_text == "2 indsatser"
    assert view.cell("unge", "fritidsjob").count_text == "1 indsats"


def test_count_text_singular_and_plural() -> None:
    assert [em.count_text(n) for n in (0, 1, 2, 11)] == ["ingen indsatser", "1 indsats", "2 indsatser", "11 indsatser"]


def test_site_page_cells_link_to_the_overview_filtered_on_both(real: ValidCatalogue) -> None:
    page = pages.evidence_map_page(real)
    view = em.evidence_map(real.initiatives, real.reference)
    links = re.findall(r'<a href="\.\./cases/\?malgruppe=([^&"]+)&amp;indsatstype=([^"]+)">([^<]+)</a>', page)
    filled = [(c.target_group, c.kind, c.count_text) for r in view.rows for c in r.cells if c.count]
    assert links == filled
    empty = sum(1 for r in view.rows for c in r.cells if not c.count)
    assert page.count('<span class="katalog-map__hidden">ingen indsatser</span>') == empty
    assert page.count('<th scope="row">') == len(view.rows)
    assert page.count('<th scope="col">') == len(view.columns) + 1
    assert "style=" not in page


@pytest.mark.pdf
def test_booklet_has_the_map_page(real: ValidCatalogue, tmp_path: Path) -> None:
    out = tmp_path / "inspirationskatalog.pdf"
    booklet.build_booklet(real, out)
    reader = PdfReader(out)
    starts = [n for n, p in enumerate(reader.pages) if (p.extract_text() or "").startswith(em.TITLE)]
    assert len(starts) == 1, starts
    lead, table = (re.sub(r"[\s\xad-]+", "", reader.pages[n].extract_text()) for n in (starts[0], starts[0] + 1))
    assert re.sub(r"[\s\xad-]+", "", em.LEAD) in lead
    assert re.sub(r"[\s\xad-]+", "", em.CAPTION) in table
    view = em.evidence_map(real.initiatives, real.reference)
    for axis in [*view.columns, *(r.group for r in view.rows)]:
        assert re.sub(r"[\s\xad-]+", "", axis.label) in table, axis.label
    # Every row with its cells in order: the number and the step (or that there are no results), or a dash.
    for row in view.rows:
        words = []
        for c in row.cells:
            if not c.count:
                words.append("–")
            elif c.strongest is None:
                words.append(f"{c.count}ingenresultater")
            else:
                words.append(f"{c.count}trin{EVIDENCE_SCALE[c.strongest].rank}")
        assert re.sub(r"[\s\xad-]+", "", row.group.label) + "".join(words) in table, row.group.label
    # The page as a picture, for a person to look at.
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run scripts/system_deps.sh (poppler-utils)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    number = str(starts[0] + 2)
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "110",
            "-singlefile",
            "-f",
            number,
            "-l",
            number,
            str(out),
            str(OUTPUT / "hvad-ved-vi"),
        ],
        check=True,
        timeout=120,
    )
    assert (OUTPUT / "hvad-ved-vi.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
