"""Benchmark: building the website from synthetic catalogues, next to plain MkDocs on the same pages.

Prints figures; never fails on a slow machine. For each size it writes a
synthetic catalogue (scripts/make_synthetic.py) and times, in fresh processes
and in the same run:

- ``katalog build`` (validate, generate pages, MkDocs strict, Pagefind index)
  without the PDFs (``KATALOG_PDF=0``, so it compares with plain MkDocs on the
  same pages), and once with them, as ``make site`` builds it (the PDFs alone
  are measured by scripts/bench_booklet.py);
- plain ``mkdocs build`` of the very same pages written out as Markdown files,
  with the project's theme and templates but no hook: once with Material's
  built-in search (what a plain MkDocs site has) and once without any search.

Then it measures a live-reload rebuild of the shipped catalogue: it starts
``katalog serve``, changes a record's name and times until the page shows it.

    .venv/bin/python scripts/bench_site.py [--sizes 100 1000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def _write_plain_project(data: Path, folder: Path, search: bool) -> Path:
    """The same pages as Markdown files in a copy of docs/, built by MkDocs with no hook."""
    sys.path.insert(0, str(ROOT / "src"))
    from katalog.catalogue.validate import validate_file
    from katalog.site import pages
    from katalog.site.plugin import FEATURED_MARKER

    report = validate_file(data, ROOT)
    assert report.catalogue is not None
    catalogue = report.catalogue
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    for path, content in pages.site_files(catalogue, pages.edit_links(catalogue, data, ROOT, None)).items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for method in (docs / "methods").glob("*.md"):
        method.write_text(method.read_text("utf-8") + pages.method_backlinks(method.stem, catalogue), "utf-8")
    index = docs / "index.md"
    index.write_text(index.read_text("utf-8").replace(FEATURED_MARKER, pages.featured_block(catalogue)), "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.pop("hooks", None)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = [{"search": {"lang": "da"}}] if search else []
    config["markdown_extensions"] = [e for e in config["markdown_extensions"] if e != "katalog.site.markdown_safety"]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _live_reload(tmp: Path, repeat: int) -> list[float]:
    data = tmp / "live.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", data)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "katalog"), "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/cases/energi-til-hinanden/"
    times = []
    try:
        deadline = time.monotonic() + 60
        while "<h1" not in _page(url):
            if time.monotonic() > deadline:
                sys.exit("bench: katalog serve did not start")
            time.sleep(0.2)
        name = "Energi til hinanden"
        for n in range(repeat):
            new = f"Energi til hinanden {n + 1}"
            data.write_text(data.read_text("utf-8").replace(f"name: {name}\n", f"name: {new}\n"), "utf-8")
            start = time.perf_counter()
            while new not in _page(url):
                if time.perf_counter() - start > 60:
                    sys.exit("bench: the preview did not rebuild within 60 s")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            name = new
            time.sleep(1.5)  # let MkDocs' file watcher settle before the next change
    finally:
        server.terminate()
        server.wait(timeout=10)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    print(f"# Site build benchmark — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("# best of", args.repeat, "fresh processes; peak memory of the largest child so far")
    print(
        f"{'records':>8} {'katalog build':>14} {'plain+search':>13} {'plain, none':>12} {'overhead':>9} {'pages':>6} "
        f"{'with PDFs':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp_name:
        tmp = Path(tmp_name)
        for size in args.sizes:
            data = tmp / f"synthetic-{size}.yaml"
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", str(size), "--out", str(data)],
                check=True,
            )
            build = [str(BIN / "katalog"), "build", "--data", str(data), "--out", str(tmp / "out")]
            with_pdfs = _timed(build, ROOT, env)[0]
            ours = min(_timed(build, ROOT, {**env, "KATALOG_PDF": "0"})[0] for _ in range(args.repeat))
            pages_built = sum(1 for _ in (tmp / "out").rglob("index.html"))
            plain = {}
            for search in (True, False):
                project = _write_plain_project(data, tmp / f"plain-{size}-{search}", search)
                plain[search] = min(
                    _timed(
                        [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(tmp / "plain-out")], project, env
                    )[0]
                    for _ in range(args.repeat)
                )
            overhead = (ours / plain[True] - 1) * 100
            print(
                f"{size:>8} {ours:>12.2f} s {plain[True]:>11.2f} s {plain[False]:>10.2f} s {overhead:>+8.0f}% "
                f"{pages_built:>6} {with_pdfs:>8.2f} s"
            )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"# peak memory of any child: {peak:.0f} MB")
        reloads = _live_reload(tmp, 3)
        print(
            "# live-reload rebuild of the shipped catalogue (data change → page shows it): "
            + ", ".join(f"{t:.2f} s" for t in reloads)
        )


if __name__ == "__main__":
    main()
