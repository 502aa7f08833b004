"""Check a large catalogue file on several cores: one function, :func:`validate_in_parallel`.

The file is cut into pieces of records (:func:`katalog.catalogue.split.plan_split`);
each piece is parsed and checked in a forked worker, while this process parses and
checks the rest (sources, themes) and the rules across pieces (unique ids and names,
themes naming initiatives). The problems are the same as a sequential check's; when
the file cannot be split safely, or a piece does not parse on its own, the answer is
``None`` and the caller reads the file in one go.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from dataclasses import dataclass
from typing import Any

from katalog.catalogue.load import Document, build
from katalog.catalogue.reference import Reference
from katalog.catalogue.split import Chunk, piece, plan_split
from katalog.catalogue.validate import Checker, Keyed, Report, keyed, without_follow_ups
from katalog.catalogue.value_rules import ValueRules
from katalog.problems import Problem

# Shared with forked workers (set just before the pool starts, read by _check_piece).
_SHARED: dict[str, Any] = {}


@dataclass
class _PieceResult:
    problems: list[Problem]
    ids: list[Keyed]
    names: list[Keyed]
    valid_ids: set[str]
    records: int


def _check_piece(chunk: Chunk) -> _PieceResult | None:
    """Parse and check one piece of records in a worker; ``None`` asks for the sequential path."""
    file: str = _SHARED["file"]
    reference: Reference = _SHARED["reference"]
    today: dt.date = _SHARED["today"]
    doc = Document(file)
    doc.text = piece(_SHARED["text"], chunk)
    build(doc)
    if not doc.complete or not isinstance(doc.data, dict) or not isinstance(doc.data.get("initiatives"), list):
        return None
    problems = list(doc.problems) + ValueRules(doc, index_offset=chunk.first_index).run()
    checker = Checker(doc, reference, today, problems, index_offset=chunk.first_index)
    initiatives = checker.initiatives_only()
    return _PieceResult(
        without_follow_ups(problems, doc),
        keyed(doc, "initiatives", "id", chunk.first_index),
        keyed(doc, "initiatives", "name", chunk.first_index),
        {item.id for _, item in initiatives},
        len(doc.data["initiatives"]),
    )


def validate_in_parallel(doc: Document, reference: Reference, today: dt.date, workers: int) -> Report | None:
    """Check the records in ``workers`` processes and the rest here; ``None`` if the file can't be split."""
    plan = plan_split(doc.text, workers)
    if plan is None or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _SHARED.update(file=doc.file, text=doc.text, reference=reference, today=today)
    try:
        with multiprocessing.get_context("fork").Pool(len(plan.chunks)) as pool:
            pending = pool.map_async(_check_piece, plan.chunks)
            head = Document(doc.file)
            head.text = plan.head
            build(head)
            pieces = pending.get()
    finally:
        _SHARED.clear()
    if not head.complete or any(p is None for p in pieces):
        return None
    results = [p for p in pieces if p is not None]
    problems = list(head.problems) + ValueRules(head).run()
    if not isinstance(head.data, dict):
        return None
    checker = Checker(head, reference, today, problems)
    checker.run(checked_ids={i for r in results for i in r.valid_ids})
    checker.unique([k for r in results for k in r.ids], "id'et")
    checker.unique([k for r in results for k in r.names], "navnet")
    report = Report(problems=without_follow_ups(problems, head))
    for result in results:
        report.problems += result.problems
    report.problems.sort()
    report.records = sum(r.records for r in results)
    report.pieces = len(results)
    return report
