"""Benchmark: how long `katalog validate` takes on synthetic catalogues.

Prints figures; never fails on a slow machine. For each size it writes a
synthetic catalogue (scripts/make_synthetic.py), then times `katalog validate`
in fresh processes (wall clock, best and median of --repeat runs, peak memory),
once on all cores and once on one core (KATALOG_WORKERS=1), and shows the
floor: how long PyYAML's C parser alone needs to read the file's events.

    .venv/bin/python scripts/bench_validate.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATALOG = Path(sys.executable).with_name("katalog")


def _run(data: Path, workers: str | None) -> tuple[float, int, str]:
    env = dict(os.environ)
    if workers:
        env["KATALOG_WORKERS"] = workers
    start = time.perf_counter()
    done = subprocess.run(
        [str(KATALOG), "validate", "--data", str(data)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    # The largest child so far: with the sizes in rising order, this run's peak.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        sys.exit(f"bench: validation failed unexpectedly:\n{done.stdout}{done.stderr}")
    return elapsed, peak, done.stderr.strip()


def _floor(data: Path) -> float:
    code = (
        "import sys, time, yaml\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "p = yaml.CSafeLoader(text); t = time.perf_counter()\n"
        "while p.get_event() is not None: pass\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True)
    return float(out.stdout)


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            data = Path(folder) / f"synthetic-{count}.yaml"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "make_synthetic.py"),
                    "--count",
                    str(count),
                    "--out",
                    str(data),
                ],
                check=True,
                capture_output=True,
            )
            size = data.stat().st_size / 1e6
            print(f"\n{count} records, {size:.1f} MB ({size * 1000 / count:.1f} kB per record)")
            for label, workers in (("all cores", None), ("one core ", "1")):
                times = []
                for _ in range(args.repeat):
                    elapsed, peak, summary = _run(data, workers)
                    times.append(elapsed)
                print(
                    f"  katalog validate, {label}: best {_fmt(min(times))}, median {_fmt(statistics.median(times))}"
                    f"  (peak RSS {peak / 1024:.0f} MB)"
                )
            print(f"  floor: PyYAML C parser reading the events only: {_fmt(_floor(data))}")
            print(f"  last summary: {summary}")


if __name__ == "__main__":
    main()
