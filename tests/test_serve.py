"""`katalog serve`: the live preview rebuilds when the data changes, and survives invalid data."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

NEW_NAME = "Energi til hinanden (ændret i forhåndsvisningen)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        body = _get(url)
        if text in body:
            return body
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    data = tmp_path / "initiatives.yaml"
    shutil.copy(ROOT / "data" / "initiatives.yaml", data)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "katalog.cli", "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", data, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_preview_rebuilds_on_data_change_and_keeps_the_last_good_site(
    preview: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, data, process = preview
    case = url + "cases/energi-til-hinanden/"
    _wait_for(case, "<h1")
    data.write_text(
        data.read_text("utf-8").replace("name: Energi til hinanden\n", f"name: {NEW_NAME}\n"), encoding="utf-8"
    )
    _wait_for(case, NEW_NAME)
    # An editor's typo: the preview reports it and keeps serving the last valid catalogue.
    data.write_text(data.read_text("utf-8").replace("status: permanent", "status: permanant", 1), encoding="utf-8")
    time.sleep(4)
    assert NEW_NAME in _get(case)
    process.terminate()
    output, _ = process.communicate(timeout=10)
    assert "initiatives.yaml:" in output and "'permanant'" in output, output
    assert "Traceback" not in output, output


def test_serve_refuses_invalid_data_with_the_errors(tmp_path: Path) -> None:
    data = tmp_path / "initiatives.yaml"
    data.write_text("initiatives:\n  - id: X\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "katalog.cli", "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{_free_port()}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"{data}:2:5: error: X name: det obligatoriske felt 'name' mangler" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
