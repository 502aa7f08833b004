"""`katalog check-links` through the real entry point, against a local HTTP server.

The server answers 200, 404, permanent and temporary redirects, a redirect loop,
405 to HEAD, and a request that hangs; it counts requests per path and how many
it serves at once. The catalogue is a small project in a temporary folder whose
addresses point at the server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from katalog.catalogue import model
from katalog.editing.links import Outcome, _url_fields, check_url, check_urls
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

KATALOG = shutil.which("katalog", path=str(Path(sys.executable).parent))
HANG_SECONDS = 30.0

REDIRECTS = {
    "/moved": (301, "/ok"),
    "/moved-then-gone": (308, "/missing"),
    "/chain/1": (302, "/chain/2"),
    "/chain/2": (302, "/chain/3"),
    "/loop/a": (302, "/loop/b"),
    "/loop/b": (302, "/loop/a"),
    "/to-hang": (302, "/hang"),
}


class Server:
    """A ThreadingHTTPServer on 127.0.0.1 with counters the tests read."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        # Redirects a test adds: path → (status, Location).
        self.extra: dict[str, tuple[int, str]] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self._answer(body=False)

            def do_GET(self) -> None:
                self._answer(body=True)

            def _answer(self, *, body: bool) -> None:
                with server.lock:
                    server.hits[(self.command, self.path)] += 1
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    self._route(body)
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _route(self, body: bool) -> None:
                path = self.path
                if path in REDIRECTS or path in server.extra:
                    status, location = REDIRECTS.get(path) or server.extra[path]
                    self._send(status, body, location=location)
                elif path.startswith("/endless/"):
                    self._send(302, body, location=f"/endless/{int(path.rsplit('/', 1)[1]) + 1}")
                elif path in ("/ok", "/chain/3"):
                    self._send(200, body)
                elif path == "/nohead":
                    self._send(200 if body else 405, body)
                elif path == "/hang":
                    server.release.wait(HANG_SECONDS)
                    self._send(200, body)
                elif path.startswith("/slow/"):
                    time.sleep(0.4)
                    self._send(200, body)
                elif path.startswith("/slow-redirect/"):
                    time.sleep(0.3)
                    self._send(302, body, location=f"/slow-redirect/{int(path.rsplit('/', 1)[1]) + 1}")
                else:
                    self._send(404, body)

            def _send(self, status: int, body: bool, location: str | None = None) -> None:
                content = b"<p>svar</p>"
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if body:
                    self.wfile.write(content)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def _running() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.httpd.serve_forever, daemon=True)
    thread.start()
    yield running
    running.release.set()
    running.httpd.shutdown()
    running.httpd.server_close()
    thread.join(5)


@pytest.fixture
def server() -> Iterator[Server]:
    yield from _running()


@pytest.fixture
def other_server() -> Iterator[Server]:
    """A second server: the 'other host' a redirect points to, which must never be asked."""
    yield from _running()


RECORD = """\
  - id: {id}
    name: {name}
    summary: Et forløb for ledige.
    description: En indsats.
    status: ukendt
    target_groups: [unge-18-25]
    kinds: [gruppeforloeb]
    sources: [rapport-a]
    website: {url}
    last_reviewed: "2025-06-01"
"""
NAMES = ["alfa", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
SOURCES = """\
sources:
  - id: rapport-a
    title: Rapport A
    kind: rapport
    year: 2020
    url: {first}
  - id: rapport-b
    title: Rapport B
    kind: rapport
    url: {second}
  - id: uden-adresse
    title: Uden adresse
    kind: rapport
"""


def website_line(index: int) -> int:
    """The line of record ``index``'s website: 'initiatives:' is line 1 and each record has 10 lines."""
    return 2 + 10 * index + 8


def make_project(root: Path, websites: list[str], sources: tuple[str, str]) -> Path:
    """A project with the shipped vocabularies and municipalities, and the given addresses."""
    (root / "data").mkdir()
    for name in ("vocabularies.yaml", "municipalities.yaml"):
        shutil.copy(ROOT / "data" / name, root / "data" / name)
    (root / "data" / "sources.yaml").write_text(SOURCES.format(first=sources[0], second=sources[1]), encoding="utf-8")
    records = [RECORD.format(id=NAMES[i], name=NAMES[i].title(), url=url) for i, url in enumerate(websites)]
    (root / "data" / "initiatives.yaml").write_text("initiatives:\n" + "".join(records), encoding="utf-8")
    return root


def check_links(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert KATALOG, "the katalog console script is not installed in this environment"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return subprocess.run(
        [KATALOG, "check-links", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_dead_and_moved_links_are_reported_at_every_place(tmp_path: Path, server: Server) -> None:
    b = server.base
    websites = [
        f"{b}/ok",
        f"{b}/missing",
        f"{b}/moved",
        f"{b}/chain/1",
        f"{b}/loop/a",
        f"{b}/nohead",
        f"{b}/ok#afsnit",
        f"{b}/moved-then-gone",
        f"{b}/endless/0",
    ]
    project = make_project(tmp_path, websites, (f"{b}/missing", f"{b}/moved"))
    result = check_links(project, "--timeout", "5")
    dead = "ret adressen eller fjern linket"
    assert result.stdout.splitlines() == [
        f"data/initiatives.yaml:{website_line(1)}:14: error: beta website: linket {b}/missing svarer 404 (Ikke fundet); {dead}",
        f"data/initiatives.yaml:{website_line(2)}:14: warning: gamma website: linket {b}/moved er flyttet permanent (301) til {b}/ok; opdater adressen",
        f"data/initiatives.yaml:{website_line(4)}:14: error: epsilon website: linket {b}/loop/a omdirigerer i ring ({b}/loop/a → {b}/loop/b → {b}/loop/a); {dead}",
        f"data/initiatives.yaml:{website_line(7)}:14: error: theta website: linket {b}/moved-then-gone svarer 404 (Ikke fundet) efter omdirigering til {b}/missing; {dead}",
        f"data/initiatives.yaml:{website_line(8)}:14: error: iota website: linket {b}/endless/0 omdirigerer mere end 10 gange; {dead}",
        f"data/sources.yaml:6:10: error: rapport-a url: linket {b}/missing svarer 404 (Ikke fundet); {dead}",
        f"data/sources.yaml:10:10: warning: rapport-b url: linket {b}/moved er flyttet permanent (301) til {b}/ok; opdater adressen",
    ]
    assert result.stderr == (
        "data/initiatives.yaml: 8 adresser tjekket (11 steder): 5 fejl, 2 advarsler: ikke godkendt\n"
    )
    assert result.returncode == 1
    # Each address once, however many records use it (/missing: two records and the 308's target).
    assert server.hits[("HEAD", "/missing")] == 2
    assert server.hits[("HEAD", "/moved")] == 1
    assert server.hits[("HEAD", "/ok")] == 2  # itself once (with and without #afsnit), and after /moved
    # 405 to HEAD: asked again with GET, and the link works.
    assert (server.hits[("HEAD", "/nohead")], server.hits[("GET", "/nohead")]) == (1, 1)
    # Ten redirects are followed, the eleventh is refused.
    assert server.hits[("HEAD", "/endless/10")] == 1
    assert server.hits[("HEAD", "/endless/11")] == 0


def test_a_redirect_to_another_host_is_a_warning_and_is_not_followed(
    tmp_path: Path, server: Server, other_server: Server
) -> None:
    """A server cannot steer the checker to another machine (SSRF): another host or port is never contacted."""
    b = server.base
    port = other_server.httpd.server_address[1]
    elsewhere = f"http://localhost:{port}"
    server.extra.update(
        {
            "/to-other-host": (302, f"{elsewhere}/landed"),
            "/moved-to-other-host": (301, f"{elsewhere}/new"),
            "/to-other-port": (307, f"http://127.0.0.1:{port}/landed"),
            "/moved-here-then-elsewhere": (308, "/moved-to-other-host"),
            "/bad-ipv6": (302, "http://[::1/x"),
            "/bad-port": (302, "http://127.0.0.1:99999/x"),
        }
    )
    websites = [
        f"{b}/to-other-host",
        f"{b}/moved-to-other-host",
        f"{b}/to-other-port",
        f"{b}/moved-here-then-elsewhere",
        f"{b}/bad-ipv6",
        f"{b}/bad-port",
    ]
    project = make_project(tmp_path, websites, (f"{b}/ok", f"{b}/ok"))
    result = check_links(project, "--timeout", "5")
    unchecked = "den nye adresse er ikke tjekket: linktjekket følger ikke omdirigeringer til andre værter"
    dead = "ret adressen eller fjern linket"
    assert result.stdout.splitlines() == [
        f"data/initiatives.yaml:{website_line(0)}:14: warning: alfa website: linket {b}/to-other-host omdirigerer "
        f"(302) til {elsewhere}/landed, på en anden vært; opdater adressen, hvis den nye er den rigtige ({unchecked})",
        f"data/initiatives.yaml:{website_line(1)}:14: warning: beta website: linket {b}/moved-to-other-host er flyttet "
        f"permanent (301) til {elsewhere}/new, på en anden vært; opdater adressen ({unchecked})",
        f"data/initiatives.yaml:{website_line(2)}:14: warning: gamma website: linket {b}/to-other-port omdirigerer "
        f"(307) til http://127.0.0.1:{port}/landed, på en anden vært; opdater adressen, hvis den nye er den rigtige "
        f"({unchecked})",
        f"data/initiatives.yaml:{website_line(3)}:14: warning: delta website: linket {b}/moved-here-then-elsewhere er "
        f"flyttet permanent (301) til {elsewhere}/new, på en anden vært; opdater adressen ({unchecked})",
        f"data/initiatives.yaml:{website_line(4)}:14: error: epsilon website: linket {b}/bad-ipv6 omdirigerer til "
        f"http://[::1/x, som ikke er en gyldig webadresse; {dead}",
        f"data/initiatives.yaml:{website_line(5)}:14: error: zeta website: linket {b}/bad-port omdirigerer til "
        f"http://127.0.0.1:99999/x, som ikke er en gyldig webadresse; {dead}",
    ]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not other_server.hits, "the other host was contacted"


def test_github_and_json_formats(tmp_path: Path, server: Server) -> None:
    b = server.base
    project = make_project(tmp_path, [f"{b}/ok", f"{b}/missing"], (f"{b}/ok", f"{b}/ok"))
    github = check_links(project, "--format", "github")
    assert github.stdout.splitlines() == [
        f"::error file=data/initiatives.yaml,line={website_line(1)},col=14::beta website: linket {b}/missing "
        "svarer 404 (Ikke fundet); ret adressen eller fjern linket"
    ]
    assert github.returncode == 1
    json_run = check_links(project, "--format", "json")
    assert json_run.returncode == 1
    assert json_run.stderr == ""
    assert json.loads(json_run.stdout) == [
        {
            "file": "data/initiatives.yaml",
            "line": website_line(1),
            "column": 14,
            "severity": "error",
            "message": f"linket {b}/missing svarer 404 (Ikke fundet); ret adressen eller fjern linket",
            "record": "beta",
            "path": "website",
        }
    ]


def test_all_links_fine_exits_0(tmp_path: Path, server: Server) -> None:
    b = server.base
    project = make_project(tmp_path, [f"{b}/ok", f"{b}/chain/1", f"{b}/nohead"], (f"{b}/ok", f"{b}/chain/1"))
    result = check_links(project)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "data/initiatives.yaml: 3 adresser tjekket (5 steder): 0 fejl, 0 advarsler: godkendt\n"


def test_a_hanging_server_is_cut_off_by_the_timeout(tmp_path: Path, server: Server) -> None:
    b = server.base
    project = make_project(tmp_path, [f"{b}/hang", f"{b}/ok"], (f"{b}/ok", f"{b}/ok"))
    started = time.monotonic()
    result = check_links(project, "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert result.stdout.splitlines() == [
        f"data/initiatives.yaml:{website_line(0)}:14: error: alfa website: linket {b}/hang svarede ikke inden for "
        "0,5 sekunder; tjek adressen, eller prøv igen senere"
    ]
    assert result.returncode == 1
    # The server would hold the request for HANG_SECONDS; the check gives up after half a second.
    assert elapsed < HANG_SECONDS / 3, elapsed


def test_each_request_has_its_own_timeout(server: Server) -> None:
    """The per-request timeout, not the link's whole budget, cuts off a server that does not answer."""
    started = time.monotonic()
    outcome = check_url(f"{server.base}/hang", timeout=0.3, budget=HANG_SECONDS)
    assert outcome == Outcome(failure="svarede ikke inden for 0,3 sekunder; tjek adressen, eller prøv igen senere")
    assert time.monotonic() - started < HANG_SECONDS / 3


def test_a_link_gets_a_total_budget_across_redirects(server: Server) -> None:
    """Slow redirects that each answer in time still stop when the link's budget is spent."""
    started = time.monotonic()
    outcome = check_url(f"{server.base}/slow-redirect/0", timeout=5, budget=1)
    assert time.monotonic() - started < 4  # eleven hops of 0.3 s would take 3.3 s
    assert outcome.failure is not None
    assert re.fullmatch(
        rf"svarede ikke inden for 1 sekund i alt efter omdirigering til {server.base}/slow-redirect/[1-9]; "
        "tjek adressen, eller prøv igen senere",
        outcome.failure,
    ), outcome.failure


def test_a_request_after_a_redirect_gets_only_what_is_left_of_the_budget(server: Server) -> None:
    started = time.monotonic()
    outcome = check_url(f"{server.base}/to-hang", timeout=5, budget=1)
    assert time.monotonic() - started < 4
    assert outcome == Outcome(
        failure=f"svarede ikke inden for 1 sekund i alt efter omdirigering til {server.base}/hang; "
        "tjek adressen, eller prøv igen senere"
    )


def test_a_check_that_overruns_its_budget_is_given_up() -> None:
    """A check stuck where no socket timeout reaches (a hanging name lookup, say) is abandoned."""
    stuck = threading.Event()

    def hangs(url: str, timeout: float, budget: float) -> Outcome:
        stuck.wait(HANG_SECONDS)
        return Outcome()

    started = time.monotonic()
    try:
        outcomes = check_urls(["http://a.invalid/", "http://b.invalid/"], timeout=0.1, concurrency=1, check=hangs)
    finally:
        stuck.set()
    gave_up = Outcome(failure="svarede ikke inden for 0,3 sekunder i alt; tjek adressen, eller prøv igen senere")
    assert outcomes == {"http://a.invalid/": gave_up, "http://b.invalid/": gave_up}
    assert time.monotonic() - started < HANG_SECONDS / 3


def test_concurrency_is_bounded(tmp_path: Path, server: Server) -> None:
    b = server.base
    project = make_project(tmp_path, [f"{b}/slow/{i}" for i in range(9)], (f"{b}/slow/0", f"{b}/slow/1"))
    result = check_links(project, "--concurrency", "3")
    assert (result.returncode, result.stdout) == (0, "")
    assert sum(n for (_, path), n in server.hits.items() if path.startswith("/slow/")) == 9
    # Never more than three at once, and three at once at some point (the checks do overlap).
    assert server.most_in_flight == 3


def test_no_network_says_so_and_exits_0(tmp_path: Path) -> None:
    port = closed_port()
    project = make_project(
        tmp_path,
        ["http://ukendt.invalid/", f"http://127.0.0.1:{port}/side"],
        ("https://ukendt.invalid/rapport.pdf", "http://ukendt.invalid/"),
    )
    for fmt, stdout in (("text", ""), ("json", "[]\n")):
        result = check_links(project, "--format", fmt)
        assert (result.returncode, result.stdout) == (0, stdout)
        assert result.stderr == (
            "data/initiatives.yaml: linkene kunne ikke tjekkes, fordi der ikke er nogen netværksforbindelse "
            "(ingen af de 3 adresser kunne nås); prøv igen med forbindelse til internettet\n"
        )


def test_unreachable_hosts_are_reported_when_others_answer(tmp_path: Path, server: Server) -> None:
    b = server.base
    port = closed_port()
    project = make_project(
        tmp_path, [f"{b}/ok", "http://ukendt.invalid/side", f"http://127.0.0.1:{port}/"], (f"{b}/ok", f"{b}/ok")
    )
    result = check_links(project)
    later = "tjek adressen, eller prøv igen senere"
    assert result.stdout.splitlines() == [
        f"data/initiatives.yaml:{website_line(1)}:14: error: beta website: linket http://ukendt.invalid/side kan ikke "
        f"nås: værten ukendt.invalid blev ikke fundet (navneopslaget mislykkedes); {later}",
        f"data/initiatives.yaml:{website_line(2)}:14: error: gamma website: linket http://127.0.0.1:{port}/ kan ikke "
        f"nås: 127.0.0.1 afviste forbindelsen; {later}",
    ]
    assert result.returncode == 1


def test_invalid_data_exits_2_without_checking(tmp_path: Path, server: Server) -> None:
    b = server.base
    project = make_project(tmp_path, [f"{b}/ok", "ftp://example.dk/"], (f"{b}/ok", f"{b}/ok"))
    result = check_links(project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"data/initiatives.yaml:{website_line(1)}:14: error: beta website: 'ftp://example.dk/' er ikke en webadresse; "
        "skriv en adresse, der begynder med https:// (eller http://)",
        "katalog: linkene blev ikke tjekket, fordi data/initiatives.yaml har fejl; ret dem først (se 'katalog validate')",
    ]
    assert not server.hits


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ("--concurrency", "0"),
            "ugyldig værdi for '--concurrency': '0' kan ikke bruges her; skriv et heltal fra 1 til 64",
        ),
        (
            ("--timeout", "nej"),
            "ugyldig værdi for '--timeout': 'nej' kan ikke bruges her; skriv et tal over 0 og højst 300 sekunder",
        ),
        (
            ("--timeout", "1e10"),
            "ugyldig værdi for '--timeout': '1e10' kan ikke bruges her; skriv et tal over 0 og højst 300 sekunder",
        ),
        (
            ("--timeout", "nan"),
            "ugyldig værdi for '--timeout': 'nan' kan ikke bruges her; skriv et tal over 0 og højst 300 sekunder",
        ),
        (
            ("--timeout", "-1"),
            "ugyldig værdi for '--timeout': '-1' kan ikke bruges her; skriv et tal over 0 og højst 300 sekunder",
        ),
        (
            ("--concurrency", "1e3"),
            "ugyldig værdi for '--concurrency': '1e3' kan ikke bruges her; skriv et heltal fra 1 til 64",
        ),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, option: tuple[str, str], message: str) -> None:
    project = make_project(tmp_path, ["http://ukendt.invalid/"], ("http://ukendt.invalid/", "http://ukendt.invalid/"))
    result = check_links(project, *option)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"katalog: forkert brug: {message}", "Se 'katalog check-links --help'."]


def test_every_web_address_field_of_the_model_is_found() -> None:
    """The walk finds address fields by their type, not by a list: these are the ones the model has now."""
    fields = {
        (name, field)
        for name, cls in vars(model).items()
        if isinstance(cls, type) and issubclass(cls, model.Record)
        for field in _url_fields(cls)
    }
    assert fields == {("Source", "url"), ("Initiative", "website")}
