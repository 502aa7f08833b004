"""Benchmark: `katalog validate` on pathological inputs, next to a normal file of the same size.

Prints figures; never fails on a slow machine. Each input is written to a
temporary folder and checked by `katalog validate` in a fresh process (one
core, KATALOG_WORKERS=1), with a timeout; the figures are wall-clock time, the
process's peak memory (RSS) and its exit code. A normal synthetic catalogue of
about the same size (scripts/make_synthetic.py) is timed beside each one.

    .venv/bin/python scripts/bench_hostile.py [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KATALOG = Path(sys.executable).with_name("katalog")
MINIMAL = (ROOT / "tests" / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def _record_with(field: str, value: str) -> str:
    """The minimal record with one field's value replaced."""
    lines = MINIMAL.splitlines(keepends=True)
    out = [f"    {field}: {value}\n" if line.startswith(f"    {field}:") else line for line in lines]
    return "".join(out)


def _cpr_description(folder: Path) -> Path:
    path = folder / "cpr.yaml"
    path.write_text(_record_with("description", "'" + "nr. 010190-1234, " * 100_000 + "'"), encoding="utf-8")
    return path


def _tab_lines(folder: Path) -> Path:
    path = folder / "tabs.yaml"
    path.write_text(MINIMAL + "\tnote: tabulator\n" * 100_000, encoding="utf-8")
    return path


def _nested_key(folder: Path) -> Path:
    path = folder / "nested-key.yaml"
    depth = 97_500
    path.write_text("initiatives:\n  - ? " + "[" * depth + "]" * depth + "\n    : v\n", encoding="utf-8")
    return path


def _long_integer(folder: Path) -> Path:
    path = folder / "digits.yaml"
    text = MINIMAL.replace("percent: 36", "percent: " + "7" * 1_000_000)
    path.write_text(text, encoding="utf-8")
    return path


def _control_characters(folder: Path) -> Path:
    path = folder / "controls.yaml"
    path.write_text(_record_with("description", "x\x1b" * 500_000), encoding="utf-8")
    return path


def _dev_zero(folder: Path) -> Path:
    return Path("/dev/zero")


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _md_brackets(folder: Path) -> Path:
    path = folder / "brackets.yaml"
    path.write_text(_record_with("description", '"' + "[" * 20_000 + '"'), encoding="utf-8")
    return path


def _md_deep_list(folder: Path) -> Path:
    path = folder / "deep-list.yaml"
    path.write_text(
        _record_with("description", '"' + "".join("  " * n + "- x\\n" for n in range(500)) + '"'), encoding="utf-8"
    )
    return path


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("100,000 CPR-like numbers in one description", _cpr_description),
    ("100,000 lines indented with a tab", _tab_lines),
    ("a key nested 97,500 levels deep (195 kB)", _nested_key),
    ("an integer of 1,000,000 digits", _long_integer),
    ("500,000 escape characters (U+001B)", _control_characters),
    ("/dev/zero", _dev_zero),
    ("a named pipe nobody writes to", _fifo),
    ("20,000 '[' in a description (build took 590 s)", _md_brackets),
    ("a Markdown list nested 500 deep", _md_deep_list),
]


def _run(data: Path, timeout: float) -> tuple[float, int, str]:
    """Seconds, peak RSS in kB, and the exit code (or 'timeout') of one `katalog validate`."""
    env = dict(os.environ, KATALOG_WORKERS="1")
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(KATALOG), "validate", "--data", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    outcome = "timeout"
    deadline = started + timeout
    while time.perf_counter() < deadline:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            elapsed = time.perf_counter() - started
            child.returncode = os.waitstatus_to_exitcode(status)
            return elapsed, usage.ru_maxrss, f"exit {child.returncode}"
        time.sleep(0.005)
    child.kill()
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, outcome


def _normal(folder: Path, size: int, cache: dict[int, Path]) -> Path | None:
    """A valid synthetic catalogue of about ``size`` bytes (None below one record)."""
    count = max(1, round(size / 2700))
    if count in cache:
        return cache[count]
    path = folder / f"synthetic-{count}.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(count), "--out", str(path)],
        check=True,
        capture_output=True,
    )
    cache[count] = path
    return path


def _fmt(seconds: float) -> str:
    return f"{seconds:6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}, one worker")
    print(f"{'input':<48} {'size':>9}  {'time':>8}  {'peak RSS':>9}  outcome")
    cache: dict[int, Path] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, make in CASES:
            data = make(folder)
            size = data.stat().st_size if data.is_file() else 0
            elapsed, peak, outcome = _run(data, args.timeout)
            shown = f"{size / 1e6:.2f} MB" if size else "-"
            print(f"{label:<48} {shown:>9}  {_fmt(elapsed)}  {peak / 1024:6.0f} MB  {outcome}")
            if size:
                normal = _normal(folder, size, cache)
                if normal is not None:
                    elapsed, peak, outcome = _run(normal, args.timeout)
                    normal_size = normal.stat().st_size / 1e6
                    print(
                        f"{'  normal catalogue of about that size':<48} {normal_size:>6.2f} MB  {_fmt(elapsed)}"
                        f"  {peak / 1024:6.0f} MB  {outcome}"
                    )
    _render_rows()


def _render_rows() -> None:
    """The worst Markdown field validate passes, through both renderers, next to plain text of its size."""
    import yaml

    from katalog.booklet import prose
    from katalog.site.markdown_safety import record_html

    case = ROOT / "tests" / "fixtures" / "hostile" / "gate-md-worst.yaml"
    worst = str(yaml.safe_load(case.read_text(encoding="utf-8"))["initiatives"][0]["description"])
    plain = ("Lorem ipsum dolor sit amet. " * 40 + "\n\n") * (len(worst) // 1122 + 1)
    prose.to_typst([prose.Field("r", "d", "opvarmning")])
    print(f"{'render (in process)':<48} {'size':>9}  {'site':>8}  {'booklet':>9}")
    for label, text in (("worst Markdown validate passes", worst), ("  plain text of about that size", plain)):
        started = time.perf_counter()
        record_html(text)
        site = time.perf_counter() - started
        started = time.perf_counter()
        prose.to_typst([prose.Field("r", "d", text)])
        booklet = time.perf_counter() - started
        print(f"{label:<48} {len(text) / 1e3:>6.1f} kB  {_fmt(site)}  {_fmt(booklet)}")


if __name__ == "__main__":
    main()
