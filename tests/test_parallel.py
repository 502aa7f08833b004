"""The parallel check of a large file gives exactly the problems of the sequential one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from katalog.catalogue.split import plan_split
from katalog.catalogue.validate import validate_file
from tests.conftest import ROOT, TODAY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("parallel") / "synthetic.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", "300", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out.read_text(encoding="utf-8")


def _both(tmp_path: Path, text: str, *, pieces: int = 2) -> tuple[list[str], list[str], int | None]:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    sequential = validate_file(path, root=ROOT, today=TODAY, workers=1)
    parallel = validate_file(path, root=ROOT, today=TODAY, workers=2, parallel_min_bytes=0)
    assert parallel.records == sequential.records
    assert (sequential.pieces, parallel.pieces) == (1, pieces)
    return [p.text() for p in sequential.problems], [p.text() for p in parallel.problems], parallel.records


def _break(text: str) -> str:
    """Errors in records on both sides of any cut, and ones that need the whole file to see."""
    text = text.replace("id: syntetisk-indsats-00250", "id: syntetisk-indsats-00003", 1)  # duplicate across pieces
    text = text.replace('name: "Syntetisk indsats 7 i ', 'name: "Syntetisk indsats 290 i ', 1)
    text = text.replace("municipalities: [Aarhus]", "municipalities: [Århus Kommune]", 1)
    text = text.replace("status: aktiv", "status: &a aktiv", 1)
    text = text.replace("status: permanent", "status: *a", 1)
    text = text.replace("    status: afsluttet", "    staus: afsluttet", 1)
    text = text.replace("counts: deltagere i forløbet", "counts: deltagere 010190-1234", 1)
    parts = text.rsplit("  - id: syntetisk-indsats-00200\n", 1)
    text = parts[0] + "  - name: Uden id\n    id: syntetisk-indsats-00200\n" + parts[1]
    return re.sub(r"(id: syntetisk-indsats-00150\n)", r"\1    id: igen\n", text, count=1)


def test_clean_file_same_result(tmp_path: Path, synthetic: str) -> None:
    sequential, parallel, records = _both(tmp_path, synthetic)
    assert sequential == parallel == []
    assert records == 300


def test_broken_file_same_messages_and_positions(tmp_path: Path, synthetic: str) -> None:
    sequential, parallel, _ = _both(tmp_path, _break(synthetic))
    assert len(sequential) >= 7
    assert parallel == sequential


def test_syntax_error_falls_back_to_the_whole_file(tmp_path: Path, synthetic: str) -> None:
    broken = synthetic.replace(
        "  - id: syntetisk-indsats-00222\n", "  - id: syntetisk-indsats-00222\n    oops: [a, b\n", 1
    )
    sequential, parallel, _ = _both(tmp_path, broken, pieces=1)
    assert parallel == sequential
    assert any("ugyldig YAML" in line for line in sequential)


def test_plan_keeps_line_numbers(synthetic: str) -> None:
    plan = plan_split(synthetic, 2)
    assert plan is not None
    assert len(plan.chunks) == 2
    assert plan.head.count("\n") == synthetic.count("\n")
    second = plan.chunks[1]
    assert synthetic.splitlines()[second.first_line - 1].startswith("  - id: ")
    assert second.first_index > 100


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("initiatives:\n", "initiatives: []\nother:\n", 1),  # not a block sequence
        lambda t: t + "initiatives:\n  - id: x\n",  # the key twice
        lambda t: "\n".join(t.splitlines()[:60]),  # too few records to be worth it
    ],
)
def test_plan_declines_layouts_it_is_unsure_of(synthetic: str, change: object) -> None:
    assert callable(change)
    assert plan_split(change(synthetic), 2) is None


def test_plan_handles_unindented_items(synthetic: str) -> None:
    body = synthetic.split("initiatives:\n", 1)[1]
    unindented = "initiatives:\n" + re.sub(r"(?m)^  ", "", body)
    plan = plan_split(unindented, 2)
    assert plan is not None
    assert all(unindented[c.start : c.start + 6] == "- id: " for c in plan.chunks)
