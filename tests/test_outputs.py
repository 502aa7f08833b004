"""Outputs never destroy what they did not make: the atomic writer, the writers' lock, full and read-only disks.

The ``--out`` misuses are cases of the hostile corpus (``fixtures/hostile/cases.yaml``);
here is what needs more than its setup steps: concurrent writers, a tmpfs that is full or
read-only (root only; skipped elsewhere), and failures injected into the writer.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from katalog import files
from katalog.catalogue.report import render, terminal_safe
from katalog.problems import KatalogError, Problem
from tests.conftest import FIXTURES, ROOT

KATALOG = Path(sys.executable).parent / "katalog"


def _katalog(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KATALOG), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "KATALOG_PDF": "0", **env},
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- the writer


def test_write_keeps_symlink_mode_and_writes_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    files.write_atomic(link, b"new\n")
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o7777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "der er ikke mere plads på disken"),
        (errno.EROFS, "filsystemet er skrivebeskyttet"),
        (errno.EACCES, "du har ikke adgang (tilladelse nægtet)"),
        (errno.ENAMETOOLONG, "stien eller et navn i den er for langt"),
    ],
)
def test_a_failed_write_leaves_the_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    path = tmp_path / "d.yaml"
    path.write_bytes(b"original\n")

    def refuse(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(KatalogError) as caught:
        files.write_atomic(path, b"new\n")
    assert caught.value.message == f"{path}: kan ikke skrive filen: {reason}"
    assert path.read_bytes() == b"original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_a_symlink_loop_is_a_danish_message(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    with pytest.raises(KatalogError) as caught:
        files.write_atomic(loop, b"x")
    assert caught.value.message == f"{loop}: kan ikke skrive filen: stien indeholder en løkke af symbolske links"


@pytest.mark.slow
def test_fmt_on_a_symlinked_data_file_formats_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "data", project / "data")
    data = project / "data" / "initiatives.yaml"
    canonical = data.read_bytes()
    data.write_bytes(canonical.replace(b"initiatives:\n", b"initiatives:   \n", 1))
    link = tmp_path / "link.yaml"
    link.symlink_to(data)
    result = _katalog("fmt", "--data", str(link), cwd=project)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert data.read_bytes() == canonical


def test_fmt_keeps_a_last_comment_without_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.yaml"
    text = (FIXTURES / "valid" / "all_fields.yaml").read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n# sidste kommentar", encoding="utf-8")
    result = _katalog("fmt", "--data", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8").endswith("\n# sidste kommentar\n")


# --------------------------------------------------------------------------- concurrent writers


@pytest.mark.slow
def test_concurrent_new_never_loses_a_record(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    shutil.copytree(ROOT / "data", project / "data")
    data = project / "data" / "initiatives.yaml"
    start = len(yaml.safe_load(data.read_text(encoding="utf-8"))["initiatives"])
    added = 0
    for attempt in range(3):
        names = [f"Samtidig indsats {attempt}-{n}" for n in range(3)]
        processes = [
            subprocess.Popen(
                [str(KATALOG), "new", "--name", name, "--target-group", "unge", "--kind", "mentorindsats"],
                cwd=project,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in names
        ]
        for process in processes:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
        added += len(names)
        records = yaml.safe_load(data.read_text(encoding="utf-8"))["initiatives"]
        assert len(records) == start + added
        assert {r["name"] for r in records} >= set(names)


def test_a_held_lock_is_a_danish_message(tmp_path: Path) -> None:
    data = tmp_path / "initiatives.yaml"
    data.write_text("initiatives: []\n", encoding="utf-8")
    with files.writer_lock(data):
        code = (
            "import sys; from pathlib import Path; from katalog import files\n"
            "from katalog.problems import KatalogError\n"
            "try:\n"
            "    with files.writer_lock(Path(sys.argv[1]), timeout=0.2): pass\n"
            "except KatalogError as exc: print(exc.message)\n"
        )
        done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (
        f"{data}: en anden 'katalog new' eller 'katalog fmt' skriver i filen og er ikke færdig efter 0.2 sekunder; "
        f"prøv igen om lidt (låsen er {tmp_path / '.initiatives.yaml.lock'})"
    )


# --------------------------------------------------------------------------- a full or read-only disk


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 200 kB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr!r}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> None:
    """Write until the disk is full (the last flush, at close, fails too)."""
    handle = (folder / "fyld").open("wb", buffering=0)
    try:
        while True:
            handle.write(b"\0" * 4096)
    except OSError:
        pass
    finally:
        handle.close()


def _data_on(mount: Path) -> Path:
    data = mount / "initiatives.yaml"
    text = (FIXTURES / "valid" / "all_fields.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("initiatives:\n", "initiatives:   \n", 1), encoding="utf-8")
    (mount / ".initiatives.yaml.lock").touch()  # the lock file needs no room later
    return data


@pytest.mark.pdf
@pytest.mark.slow
def test_a_full_disk_changes_nothing(tmpfs: Path) -> None:
    data = _data_on(tmpfs)
    _fill(tmpfs)
    before = _snapshot(tmpfs)
    fmt = _katalog("fmt", "--data", str(data))
    assert (fmt.returncode, fmt.stderr) == (
        1,
        f"katalog: {data}: kan ikke skrive filen: der er ikke mere plads på disken\n",
    )
    new = _katalog(
        "new", "--data", str(data), "--name", "Fuld disk", "--target-group", "unge", "--kind", "mentorindsats"
    )
    assert (new.returncode, new.stderr) == (
        1,
        f"katalog: {data}: kan ikke skrive filen: der er ikke mere plads på disken\n",
    )
    pdf = _katalog("pdf", "--data", str(data), "--out", str(tmpfs / "h.pdf"))
    assert pdf.returncode == 1, pdf.stderr
    assert pdf.stderr.endswith("h.pdf: kan ikke skrive filen: der er ikke mere plads på disken\n")
    site = _katalog("build", "--data", str(data), "--out", str(tmpfs / "site"))
    assert site.returncode == 1, site.stderr
    assert site.stderr.endswith("site: kan ikke bygge websitet: der er ikke mere plads på disken; mappen er uændret\n")
    assert _snapshot(tmpfs) == before  # no staging folder, no temporary file
    for result in (fmt, new, pdf, site):
        assert "Traceback" not in result.stderr


@pytest.mark.pdf
@pytest.mark.slow
def test_a_read_only_disk_changes_nothing(tmpfs: Path) -> None:
    data = _data_on(tmpfs)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    before = _snapshot(tmpfs)
    fmt = _katalog("fmt", "--data", str(data))
    assert fmt.returncode == 1
    assert fmt.stderr == (
        f"katalog: {data}: kan ikke låse datafilen til skrivning: filsystemet er skrivebeskyttet "
        "(låsefilen .initiatives.yaml.lock skal ligge i samme mappe)\n"
    )
    pdf = _katalog("pdf", "--data", str(data), "--out", str(tmpfs / "h.pdf"))
    assert pdf.returncode == 1
    assert pdf.stderr == f"katalog: {tmpfs / 'h.pdf'}: kan ikke skrive PDF'en: filsystemet er skrivebeskyttet\n"
    site = _katalog("build", "--data", str(data), "--out", str(tmpfs / "site"))
    assert site.returncode == 1
    assert site.stderr == (
        f"katalog: {tmpfs}: kan ikke oprette en midlertidig mappe til websitet: filsystemet er skrivebeskyttet\n"
    )
    mount_point = _katalog("build", "--data", str(FIXTURES / "valid" / "all_fields.yaml"), "--out", str(tmpfs))
    assert mount_point.returncode == 2
    assert "mappen erstattes ikke: det er et monteringspunkt (et filsystem for sig)" in mount_point.stderr
    assert _snapshot(tmpfs) == before


# --------------------------------------------------------------------------- the terminal


def test_control_characters_never_reach_the_terminal_raw() -> None:
    problem = Problem("d.yaml", 3, 7, "error", "'\x1b]0;ejet\x07' og \u202emodsat\u202c og \x9b31m", "x", "name")
    assert render([problem], "text") == (
        "d.yaml:3:7: error: x name: '\\x1b]0;ejet\\x07' og \\u202emodsat\\u202c og \\x9b31m"
    )
    assert render([problem], "github") == (
        "::error file=d.yaml,line=3,col=7::x name: '\\x1b]0;ejet\\x07' og \\u202emodsat\\u202c og \\x9b31m"
    )
    assert "\\u001b]0;ejet\\u0007" in render([problem], "json")
    assert "\\u202e" in render([problem], "json") and "\x9b" not in render([problem], "json")
    assert terminal_safe("linje 1\nlinje 2\r") == "linje 1\nlinje 2\\x0d"


def test_a_newline_in_a_problem_cannot_forge_another_report_line() -> None:
    """Each problem of the text format is one line: a newline in a key, record or path is shown as \\n."""
    forged = "x\ndata/initiatives.yaml:1:1: error: FORFALSKET linje"
    problem = Problem("d.yaml", 3, 5, "error", f"ukendt felt '{forged}'", f"team{chr(10)}x", forged)
    text = render([problem, Problem("d.yaml", 4, 1, "warning", "to\r\nlinjer\u2028her")], "text")
    assert text.splitlines() == [
        "d.yaml:3:5: error: team\\nx x\\ndata/initiatives.yaml:1:1: error: FORFALSKET linje: "
        "ukendt felt 'x\\ndata/initiatives.yaml:1:1: error: FORFALSKET linje'",
        "d.yaml:4:1: warning: to\\x0d\\nlinjer\\u2028her",
    ]


@pytest.mark.slow
def test_a_forged_key_is_one_line_in_validate(tmp_path: Path) -> None:
    data = tmp_path / "f.yaml"
    data.write_text(
        'initiatives:\n  - id: team-ildfugle\n    "x\\ndata/initiatives.yaml:1:1: error: FORFALSKET linje": 1\n',
        encoding="utf-8",
    )
    result = _katalog("validate", "--data", str(data))
    assert result.returncode == 1
    assert not [line for line in result.stdout.splitlines() if line.startswith("data/initiatives.yaml")]
    assert all(line.startswith(f"{data}:") for line in result.stdout.splitlines())


def test_bytes_that_are_not_utf8_are_shown_as_escapes() -> None:
    """A file name or argument that is not UTF-8 (kept by Python as surrogates) prints as \\xff, never fails."""
    name = os.fsdecode(b"d\xff\xfe.yaml")
    problem = Problem(name, 1, 1, "error", f"filen {name} findes ikke")
    assert render([problem], "text") == "d\\xff\\xfe.yaml:1:1: error: filen d\\xff\\xfe.yaml findes ikke"
    assert render([problem], "text").encode("utf-8")
    assert render([problem], "json").encode("utf-8")


@pytest.mark.slow
def test_non_utf8_arguments_are_danish_messages(tmp_path: Path) -> None:
    data = tmp_path / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", data)
    before = data.read_bytes()
    bad = os.fsdecode(b"\xff\xfe")
    result = _katalog("new", "--data", str(data), "--name", bad, "--municipality", "Roskilde")
    assert result.returncode == 2
    assert result.stderr == (
        "katalog: --name '\\xff\\xfe' indeholder bytes, der ikke er gyldig UTF-8; skriv værdien i UTF-8 "
        "(se terminalens tegnsæt, fx LANG=da_DK.UTF-8)\n"
    )
    assert data.read_bytes() == before
    for args in (
        ["validate", "--data", str(tmp_path / bad)],
        ["validate", "--data", str(data), "--id", bad, "--format", "json"],
        ["pdf", "--data", str(data), "--out", str(tmp_path / f"{bad}.pdf"), "--id", bad],
        ["fmt", "--data", str(tmp_path / bad)],
        [bad],
    ):
        result = _katalog(*args)
        assert result.returncode in (1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, result.stderr
        shown = result.stdout + result.stderr
        assert "\\xff" in shown or "\\udcff" in shown, shown  # the byte is shown, as an escape


@pytest.mark.slow
def test_a_busy_port_is_a_danish_message(tmp_path: Path) -> None:
    import socket

    data = tmp_path / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", data)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _katalog("serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr == (
        f"katalog: 127.0.0.1:{port}: kan ikke starte forhåndsvisningen: porten er optaget af et andet program; "
        "vælg en anden adresse med --dev-addr, fx 127.0.0.1:8001\n"
    )


@pytest.mark.slow
def test_a_path_longer_than_path_max_is_a_danish_message(tmp_path: Path) -> None:
    long = "a/" * 2100 + "initiatives.yaml"
    for args in (["fmt", "--data", long], ["pdf", "--out", long], ["build", "--out", long]):
        result = _katalog(*args, cwd=tmp_path if args[0] == "fmt" else ROOT)
        assert result.returncode in (1, 2), result.stderr
        assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr
        assert "tegn)" in result.stderr  # the path is shortened in the message
        assert len(result.stderr) < 1000
