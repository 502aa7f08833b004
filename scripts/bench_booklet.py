"""Benchmark: the PDF booklet from synthetic catalogues, next to pandoc and Typst alone on the same input.

Prints figures; never fails on a slow machine. For each size it writes a
synthetic catalogue (scripts/make_synthetic.py) and times, in fresh processes
and in the same run:

- ``katalog pdf`` (validate, lay out, one pandoc run, one Typst compile);
- the bare tools on the very same pre-rendered input: the pandoc command
  ``katalog pdf`` runs, on the same Markdown files, and ``typst.compile`` of the
  very same Typst source (typst has no command of its own here);
- every per-initiative PDF in one process (``build_initiative_pdfs``: one
  pandoc run, Typst on a few threads, as it releases the GIL), against the
  full booklet;
- what ``make site`` adds: the booklet and every per-initiative PDF together
  (``render_downloads``).

    .venv/bin/python scripts/bench_booklet.py [--sizes 100 1000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EPOCH = int(dt.datetime(2026, 11, 22, tzinfo=dt.UTC).timestamp())
sys.path.insert(0, str(ROOT / "src"))

TYPST_ALONE = """
import sys, typst
source = open(sys.argv[1], "rb").read()
typst.compile(source, output=sys.argv[2], root=sys.argv[3], font_paths=[sys.argv[4]],
              ignore_system_fonts=True, pdf_standards=["ua-1"], timestamp=int(sys.argv[5]))
"""
ONE_PER_INITIATIVE = """
import sys
from pathlib import Path
from katalog.booklet.build import build_initiative_pdfs
from katalog.catalogue.validate import validate_file
report = validate_file(Path(sys.argv[1]))
assert report.catalogue is not None
build_initiative_pdfs(report.catalogue, Path(sys.argv[2]), source_date_epoch=int(sys.argv[3]))
"""
SITE_DOWNLOADS = """
import sys
from pathlib import Path
from katalog.booklet.build import render_downloads
from katalog.catalogue.validate import validate_file
report = validate_file(Path(sys.argv[1]))
assert report.catalogue is not None
render_downloads(report.catalogue, source_date_epoch=int(sys.argv[2]))
"""


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of one fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    out, err = child.communicate()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} … failed:\n{out.decode()}{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024


def _prepare(data: Path, work: Path) -> tuple[list[str], Path, int]:
    """The pandoc command and the Typst source file that ``katalog pdf`` would use for ``data``."""
    from katalog.booklet import contents, prose
    from katalog.booklet.document import TypstDocument
    from katalog.catalogue.validate import validate_file

    report = validate_file(data, ROOT)
    assert report.catalogue is not None
    catalogue = report.catalogue
    doc = TypstDocument()
    front = contents.Front(edition=dt.date(2026, 11, 22))
    contents.booklet(doc, catalogue, catalogue.initiatives, front, "a5")
    nonce = secrets.token_hex(8)
    inputs = work / "markdown"
    inputs.mkdir()
    files = prose.write_inputs(doc.fields, inputs, nonce)
    prose_out = work / "prosa.typ"
    command = prose.command(files, prose_out, nonce)
    subprocess.run(command, check=True, capture_output=True)
    markups = prose.split(prose_out.read_text(encoding="utf-8"), nonce, len(doc.fields))
    source = work / "hæfte.typ"
    source.write_bytes(doc.source(markups))
    return command, source, len(doc.fields)


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    from katalog.booklet import build as booklet

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"# Booklet benchmark — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# best of {args.repeat} fresh process(es) each; times in seconds, peak memory in MB")
    print(
        f"{'records':>8} {'pages':>6} {'fields':>7} {'katalog pdf':>12} {'pandoc':>7} {'typst':>7} "
        f"{'bare sum':>9} {'overhead':>9} {'per-initiative PDFs':>20} {'site PDFs':>10} {'memory':>7}"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="katalog-bench-pdf-") as tmp:
            work = Path(tmp)
            data = work / f"synthetic-{size}.yaml"
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(size), "--out", str(data)],
                check=True,
                capture_output=True,
            )
            command, source, fields = _prepare(data, work)
            fonts = booklet.copy_fonts(work / "fonts")
            project = booklet.write_module(work / "projekt")
            out = work / "hæfte.pdf"
            full, pandoc, typst_alone, singles, downloads = [], [], [], [], []
            for _ in range(args.repeat):
                full.append(_timed([str(BIN / "katalog"), "pdf", "--data", str(data), "--out", str(out)], env))
                pandoc.append(_timed(command))
                typst_alone.append(
                    _timed(
                        [
                            sys.executable,
                            "-c",
                            TYPST_ALONE,
                            str(source),
                            str(work / "alene.pdf"),
                            str(project),
                            str(fonts),
                            str(EPOCH),
                        ]
                    )
                )
                singles.append(
                    _timed([sys.executable, "-c", ONE_PER_INITIATIVE, str(data), str(work / "enkelte"), str(EPOCH)])
                )
                downloads.append(_timed([sys.executable, "-c", SITE_DOWNLOADS, str(data), str(EPOCH)]))
            (t_full, m_full), (t_pandoc, _), (t_typst, m_typst), (t_singles, m_singles), (t_site, m_site) = map(
                _best, (full, pandoc, typst_alone, singles, downloads)
            )
            bare = t_pandoc + t_typst
            pages = booklet.page_count(out.read_bytes())
            print(
                f"{size:>8} {pages:>6} {fields:>7} {t_full:>12.1f} {t_pandoc:>7.1f} {t_typst:>7.1f} {bare:>9.1f} "
                f"{100 * (t_full - bare) / bare:>8.0f}% {t_singles:>20.1f} {t_site:>10.1f} "
                f"{max(m_full, m_typst, m_singles, m_site):>7.0f}",
                flush=True,
            )
    print("# overhead: katalog pdf against pandoc + Typst alone on the same input (target: at most 25 %)")
    print(
        f"# per-initiative PDFs: all of them in one process on {booklet.workers()} Typst thread(s), "
        "including validation (target: less than the booklet)"
    )
    print("# site PDFs: the booklet and every per-initiative PDF, as make site builds them")


if __name__ == "__main__":
    main()
