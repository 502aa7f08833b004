"""Write a realistic, valid synthetic catalogue for benchmarks.

    python scripts/make_synthetic.py --count 10000 --out build/synthetic-10000.yaml

Every target group, kind of effort, method, evidence kind, status and
organisation role is used; texts are Danish and of varied length. The output
is deterministic for a given --seed. The records are invented and are never
published: they exist only to measure the pipeline.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from katalog.catalogue.model import EVIDENCE_SCALE, Evidence, OrganisationRole, Status
from katalog.catalogue.reference import load_reference

WORDS = [
    "beskæftigelse",
    "indsats",
    "borgere",
    "ledige",
    "virksomheder",
    "praktik",
    "løntilskud",
    "boligområde",
    "helhedsplan",
    "jobcenter",
    "mentor",
    "fællesskab",
    "uddannelse",
    "vejledning",
    "relationer",
    "tillid",
    "samarbejde",
    "fritidsjob",
    "netværk",
    "kompetencer",
    "motivation",
    "hverdag",
    "ressourcer",
    "udvikling",
    "progression",
    "arbejdsmarked",
    "opkvalificering",
    "sprog",
    "danskundervisning",
    "medarbejdere",
    "kommune",
    "boligorganisation",
    "forløb",
    "erfaringer",
    "resultater",
    "målgruppe",
    "lokale",
    "unge",
    "kvinder",
    "familier",
]
AREAS = ("Nordparken", "Søndervang", "Bøgeløkken", "Skovhøj", "Engparken", "Lindegården", "Ågården", "Kildebakken")
VENUES = ("beboerhuset", "medborgerhuset", "brandstationen", "ejendomskontoret", "jobcaféen", "biblioteket")


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, 6, 18) for _ in range(sentences))


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def record(rng: random.Random, n: int, ref: object) -> str:
    r = ref  # Reference
    target_groups = list(r.target_groups)  # type: ignore[attr-defined]
    kinds = list(r.kinds)  # type: ignore[attr-defined]
    methods = list(r.methods)  # type: ignore[attr-defined]
    municipalities = list(r.municipalities)  # type: ignore[attr-defined]
    sources = list(r.sources)  # type: ignore[attr-defined]
    # Cycle through every vocabulary entry so that all are used, then pick at random.
    tg = sorted({target_groups[n % len(target_groups)], rng.choice(target_groups)})
    kd = sorted({kinds[n % len(kinds)], rng.choice(kinds)})
    md = sorted({methods[n % len(methods)], rng.choice(methods)}) if methods else []
    kind = list(Evidence)[n % len(Evidence)]
    evidence = kind.value
    step = EVIDENCE_SCALE[kind]
    role = list(OrganisationRole)[n % len(OrganisationRole)].value
    status = list(Status)[n % len(Status)].value
    source = sources[n % len(sources)]
    muni = municipalities[n % len(municipalities)]
    lines = [
        f"  - id: syntetisk-indsats-{n:05d}",
        f"    name: {quoted(f'Syntetisk indsats {n} i {muni}')}",
        f"    summary: {quoted(sentence(rng, 8, 30)[:290])}",
        "    description: |",
        *(f"      {paragraph(rng, rng.randint(1, 4))}\n" for _ in range(rng.randint(1, 3))),
        f"    municipalities: [{muni}]",
        f"    housing_areas: [{rng.choice(AREAS)}]",
        f"    venues: [{rng.choice(VENUES)}]",
        "    organisations:",
        f"      - name: {quoted(muni + ' Kommune')}",
        "        role: kommune",
        f"      - name: {quoted('Organisation ' + str(n))}",
        f"        role: {role}",
        f"    status: {status}",
        *(
            ["    status_basis:", f"      source: {source}", f"      passage: {quoted(sentence(rng, 6, 14))}"]
            if status != Status.ukendt.value
            else []
        ),
        "    period:",
        f"      start: {2010 + n % 8}",
        f"      end: {2018 + n % 6}",
        f"    target_groups: [{', '.join(tg)}]",
        f"    kinds: [{', '.join(kd)}]",
        f"    methods: [{', '.join(md)}]",
        "    participants:",
        f"      count: {rng.randint(5, 400)}",
        "      counts: deltagere i forløbet",
        "    results:",
        f"      - measure: {quoted('Andel i job eller uddannelse')}",
        f"        value: {{percent: {rng.randint(50, 999) / 10}}}",
        "        time_point: 3 måneder efter forløbet",
        *([f"        baseline: {{percent: {rng.randint(10, 499) / 10}}}"] if step.baseline else []),
        *(
            [
                "        comparison:",
                "          group: Sammenligningsgruppe",
                f"          value: {{percent: {rng.randint(10, 499) / 10}}}",
            ]
            if step.comparison
            else ["        comparison: ingen"]
        ),
        f"        evidence: {evidence}",
        f"        source: {source}",
        f"        passage: {quoted(sentence(rng, 8, 20))}",
        f"      - measure: {quoted(sentence(rng, 3, 8))}",
        f"        value: {{statement: {quoted(sentence(rng, 5, 20))}}}",
        "        comparison: ingen",
        "        evidence: kvalitativ-vurdering",
        f"        source: {source}",
        f"        passage: {quoted(sentence(rng, 8, 20))}",
        "    goals:",
        f"      - text: {quoted(sentence(rng, 6, 14))}",
        f"        source: {source}",
        f"        passage: {quoted(sentence(rng, 6, 14))}",
        "    quotes:",
        f"      - text: {quoted(sentence(rng, 8, 25))}",
        "        speaker_role: projektleder",
        f"        source: {source}",
        f"        passage: {quoted(sentence(rng, 8, 25))}",
        "    attention_points:",
        *(f"      - {quoted(sentence(rng, 6, 16))}" for _ in range(rng.randint(1, 3))),
        "    contacts:",
        f"      - name: {quoted('Kontaktperson ' + str(n))}",
        "        title: projektleder",
        f"        email: kontakt{n}@eksempel.dk",
        f'        phone: "{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"',
        f"    sources: [{source}]",
        '    last_reviewed: "2026-11-01"',
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="number of records")
    parser.add_argument("--out", type=Path, required=True, help="output YAML file")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count skal være mindst 1")
    root = Path(__file__).resolve().parent.parent
    ref, problems = load_reference(root)
    if any(p.severity == "error" for p in problems):
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    body = "\n".join(record(rng, n, ref) for n in range(args.count))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    tmp.write_text(
        f"# Syntetisk katalog med {args.count} indsatser (kun til benchmarks).\ninitiatives:\n{body}\n",
        encoding="utf-8",
    )
    tmp.replace(args.out)
    size = f"{args.out.stat().st_size / 1e6:.1f}".replace(".", ",")
    print(f"{args.out}: {args.count} indsatser, {size} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
