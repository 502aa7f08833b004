"""A stop signal (SIGTERM, Ctrl-C, SIGHUP) leaves nothing behind: no traceback, no half-written file, no process.

Each case starts the real ``katalog`` in a process group of its own, with a private
TMPDIR, waits until it is in the phase to hit (pandoc running, Typst compiling, the
site's pages being written, a data file being formatted), sends the signal and then
checks the exit code (128 + the signal), the one Danish line, that the output folder
or file is as it was, that no staging folder or temporary file is left beside it or in
TMPDIR, and that no process of the group (pandoc) is still running.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from katalog import files
from katalog.files import MARKER
from tests.conftest import ROOT

KATALOG = Path(sys.executable).parent / "katalog"
pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)"),
    pytest.mark.slow,
]

OLD_SITE = {MARKER: files.MARKER_TEXT, "index.html": "<p>den gamle udgave</p>\n"}
SIGNAL_NAMES: dict[int, str] = {signal.SIGTERM: "SIGTERM", signal.SIGINT: "Ctrl-C", signal.SIGHUP: "SIGHUP"}


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid catalogue big enough that a build with PDFs takes several seconds."""
    out = tmp_path_factory.mktemp("signals") / "synthetic.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_synthetic.py"), "--count", "150", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def group_processes(group: int) -> list[str]:
    """The processes still in process group ``group`` ("pid name"), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            found.append(f"{entry.name} {name}")
    return found


def wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[str], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            _out, err = process.communicate()
            pytest.fail(f"katalog ended (exit {process.returncode}) before {what}:\n{err[-2000:]}")
        if time.monotonic() > end:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(0.02)


@dataclass
class Run:
    """One katalog run in its own process group, with its own TMPDIR."""

    process: subprocess.Popen[str]
    tmpdir: Path

    def in_group(self, name: str) -> bool:
        return any(p.split(" ", 1)[1] == name for p in group_processes(self.process.pid))

    def temporaries(self) -> list[Path]:
        return sorted(self.tmpdir.rglob("*"))

    def stop(self, signum: int, *, whole_group: bool = False) -> tuple[int, str, str]:
        """Send ``signum`` (to katalog, or to its whole group as a terminal's Ctrl-C does); wait for the end."""
        if whole_group:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)
        out, err = self.process.communicate(timeout=60)
        end = time.monotonic() + 10
        while group_processes(self.process.pid) and time.monotonic() < end:
            time.sleep(0.05)
        return self.process.returncode, out, err


def _default_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Run]]:
    runs: list[Run] = []

    def run(*argv: str, cwd: Path = ROOT) -> Run:
        tmpdir = tmp_path / f"tmp{len(runs)}"
        tmpdir.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("KATALOG_")}
        env.update(TMPDIR=str(tmpdir), KATALOG_PDF="1", PYTHONUNBUFFERED="1")
        process = subprocess.Popen(
            [str(KATALOG), *argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            # As a terminal starts it: a shell's background job (`.ci/run &`) ignores SIGINT, and
            # katalog rightly keeps a signal ignored that it was started with ignored.
            preexec_fn=_default_signals,
        )
        runs.append(Run(process, tmpdir))
        return runs[-1]

    yield run
    for one in runs:  # whatever a failed test left running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(one.process.pid, signal.SIGKILL)
        one.process.wait()


def old_site(folder: Path) -> None:
    folder.mkdir()
    for name, text in OLD_SITE.items():
        (folder / name).write_text(text, encoding="utf-8")


def assert_stopped_cleanly(run: Run, result: tuple[int, str, str], signum: int) -> None:
    code, out, err = result
    assert "Traceback" not in out + err
    assert err == f"katalog: afbrudt ({SIGNAL_NAMES[signum]}); intet er ændret\n"
    assert code == 128 + signum
    assert group_processes(run.process.pid) == [], "a child process outlived katalog"
    assert run.temporaries() == [], "temporary files were left in TMPDIR"


def typst_at_work(run: Run) -> Callable[[], bool]:
    return lambda: any(run.tmpdir.glob("katalog-*/katalog-typst-*/fonts/*.otf"))


def staging_made(parent: Path) -> Callable[[], bool]:
    return lambda: any(parent.glob(".site.*.bygges/*"))


PHASES = ("pandoc", "typst", "pages")


def build_until(start: Callable[..., Run], data: Path, tmp_path: Path, phase: str) -> Run:
    old_site(tmp_path / "site")
    run = start("build", "--data", str(data), "--out", str(tmp_path / "site"))
    if phase == "pandoc":
        wait_for(lambda: run.in_group("pandoc"), "pandoc to start", run.process)
    elif phase == "typst":
        wait_for(typst_at_work(run), "Typst to start", run.process)
        time.sleep(0.3)
    else:
        wait_for(staging_made(tmp_path), "the staging folder", run.process)
        time.sleep(0.2)
    return run


@pytest.mark.pdf
@pytest.mark.parametrize("phase", PHASES)
def test_sigterm_during_build_leaves_nothing_behind(
    start: Callable[..., Run], big_data: Path, tmp_path: Path, phase: str
) -> None:
    run = build_until(start, big_data, tmp_path, phase)
    assert_stopped_cleanly(run, run.stop(signal.SIGTERM), signal.SIGTERM)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "staging folder left"
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "site").iterdir()} == OLD_SITE


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("signum", "phase", "whole_group"),
    [
        pytest.param(signal.SIGINT, "pandoc", False, id="sigint-pandoc"),
        pytest.param(signal.SIGINT, "pandoc", True, id="ctrl-c-to-the-group-pandoc"),
        pytest.param(signal.SIGINT, "typst", False, id="sigint-typst"),
        pytest.param(signal.SIGINT, "typst", True, id="ctrl-c-to-the-group-typst"),
        pytest.param(signal.SIGINT, "pages", False, id="sigint-pages"),
        pytest.param(signal.SIGHUP, "typst", False, id="sighup-typst"),
    ],
)
def test_ctrl_c_and_sighup_during_build_leave_nothing_behind(
    start: Callable[..., Run], big_data: Path, tmp_path: Path, signum: int, phase: str, whole_group: bool
) -> None:
    run = build_until(start, big_data, tmp_path, phase)
    assert_stopped_cleanly(run, run.stop(signum, whole_group=whole_group), signum)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "staging folder left"
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "site").iterdir()} == OLD_SITE


@pytest.mark.pdf
@pytest.mark.parametrize("delay", [0.0, 0.5, 1.5])
def test_repeated_ctrl_c_at_any_moment_of_a_build(
    start: Callable[..., Run], big_data: Path, tmp_path: Path, delay: float
) -> None:
    """Ctrl-C early, in validation or in the pages: one line, never a worker thread's traceback."""
    old_site(tmp_path / "site")
    run = start("build", "--data", str(big_data), "--out", str(tmp_path / "site"))
    time.sleep(0.8 + delay)  # past the imports, so the handlers are in place
    assert_stopped_cleanly(run, run.stop(signal.SIGINT), signal.SIGINT)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.pdf
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_a_stop_signal_during_pdf_writes_no_pdf(
    start: Callable[..., Run], big_data: Path, tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "hæfte.pdf"
    run = start("pdf", "--data", str(big_data), "--out", str(out))
    wait_for(typst_at_work(run), "Typst to start", run.process)
    time.sleep(0.5)
    assert_stopped_cleanly(run, run.stop(signum), signum)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp0"]


def test_a_stop_signal_during_fmt_leaves_the_file_whole(
    start: Callable[..., Run], big_data: Path, tmp_path: Path
) -> None:
    """The data file is either as it was or fully formatted, with no temporary file beside it."""
    data = tmp_path / "data" / "initiatives.yaml"
    data.parent.mkdir()
    before = big_data.read_text(encoding="utf-8").replace("\n    name: ", "\n    name:   ")
    data.write_text(before, encoding="utf-8")
    run = start("fmt", "--data", str(data))
    time.sleep(1.5)
    code, out, err = run.stop(signal.SIGTERM)
    assert "Traceback" not in out + err
    assert run.temporaries() == []
    leftovers = sorted(
        p.name for p in data.parent.iterdir() if p.name not in ("initiatives.yaml", ".initiatives.yaml.lock")
    )
    assert leftovers == []
    if code == 0:  # it was done before the signal came
        assert "formateret" in err
    else:
        assert code == 143
        assert err.startswith("katalog: afbrudt (SIGTERM); ")
        assert data.read_text(encoding="utf-8") == before or "nåede at blive skrevet helt" in err


def test_registered_temporaries_are_removed_at_the_end(tmp_path: Path) -> None:
    """What is registered before it exists is swept, even if the code that made it never got to clean up."""
    folder = files.temporary_folder(tmp_path, ".ude.", ".bygges")
    (folder / "side.html").write_text("x", encoding="utf-8")
    temporary = Path(files._new_temporary_file(tmp_path / "data.yaml"))
    assert temporary.exists()
    files.remove_temporaries()
    assert list(tmp_path.iterdir()) == []


def test_a_signal_is_held_back_while_steps_must_happen_together() -> None:
    """Inside ``uninterrupted`` a stop signal waits; it is raised as Interrupted when the block is done."""
    steps = []
    handler = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, files._on_stop_signal)
    try:
        with pytest.raises(files.Interrupted) as raised, files.uninterrupted():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            steps.append("both renames done")
        assert steps == ["both renames done"]
        assert raised.value.exit_code == 143
    finally:
        signal.signal(signal.SIGTERM, handler)
        files._Stopping.received, files._Stopping.pending, files._Stopping.count = None, None, 0
