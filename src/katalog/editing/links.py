"""Check that the catalogue's web addresses still answer: a stage after validation.

The addresses are found by walking the validated records and every model field
declared a web address (``WebAddress()``, read through :mod:`katalog.catalogue.fields`:
``url`` in ``data/sources.yaml``, an initiative's ``website``, and whatever field the
model declares so later). Each address is checked once, however many records use it, with HEAD first and GET
when a server refuses HEAD; redirects are followed one hop at a time so that a
permanent move can be reported with its new address.

Only the host a record names is ever contacted. A redirect is followed only on the
same origin (scheme, host and port), or from http to https on the same host name; a
redirect anywhere else is not followed but reported as a warning with the new address,
so a server cannot steer the checker (a CI runner, say) to another machine, such as
an address on the runner's own network. The record's own address is contacted as
written, whatever it names: an editor wrote it, and a reviewer sees it in the diff. A problem is reported at
every place the address is written, with the same :class:`Problem` as
validation. When no server could be reached at all, the report says so
(``offline``) instead of calling every link dead.
"""

from __future__ import annotations

import errno
import http.client
import importlib.metadata
import os
import queue
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

from pydantic import BaseModel

from katalog.catalogue.fields import field_facts
from katalog.catalogue.load import Document, KeyPath, display_path, load_file
from katalog.catalogue.model import SourceList
from katalog.catalogue.reference import find_root
from katalog.catalogue.validate import ValidCatalogue, validate_file
from katalog.files.errors import os_error_reason
from katalog.language import grammar
from katalog.problems import HasProblems, KatalogError, Problem, Severity, format_path

MAX_REDIRECTS = 10
# Each link gets at most this many times the per-request timeout in all (redirects, GET after HEAD).
BUDGET_FACTOR = 3
_GRACE = 1.0
_HEAD_REFUSED = frozenset({403, 405, 501})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_UNREACHABLE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL})
_SAFE = "/%:@!$&'()*+,;=-._~?"
_REASONS = {
    400: "Ugyldig forespørgsel",
    401: "Kræver login",
    403: "Adgang nægtet",
    404: "Ikke fundet",
    405: "Metoden er ikke tilladt",
    408: "Tidsudløb",
    410: "Fjernet",
    429: "For mange forespørgsler",
    451: "Utilgængelig af juridiske grunde",
    500: "Intern serverfejl",
    501: "Ikke understøttet",
    502: "Fejl i gateway",
    503: "Tjenesten er utilgængelig",
    504: "Tidsudløb i gateway",
}
_DEAD = "ret adressen eller fjern linket"
_ELSEWHERE = "den nye adresse er ikke tjekket: linktjekket følger ikke omdirigeringer til andre værter"
_SHOWN_LENGTH = 300
_LATER = "tjek adressen, eller prøv igen senere"


def _user_agent() -> str:
    try:
        version = importlib.metadata.version("katalog")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "0"
    return f"katalog/{version} (linktjek for inspirationskataloget; Python-urllib)"


_HEADERS = {"User-Agent": _user_agent(), "Accept": "*/*", "Accept-Language": "da, en;q=0.5"}


@dataclass(frozen=True)
class Use:
    """One place an address is written: file position, record and key path."""

    url: str
    file: str
    line: int
    column: int
    record: str | None
    path: str | None


@dataclass(frozen=True)
class Outcome:
    """What checking one address found; ``failure`` is ``None`` when the link works."""

    failure: str | None = None
    # No connection to the host at all (name lookup, refused, unreachable): maybe no network.
    unreachable: bool = False
    # The first permanent redirect(s): (status, new address).
    moved: tuple[int, str] | None = None
    # A redirect to another host, not followed: (status, new address, permanent so far).
    elsewhere: tuple[int, str, bool] | None = None


@dataclass
class LinkReport(HasProblems):
    """Every dead or moved link, and whether the network was there at all."""

    file: str
    problems: list[Problem]
    addresses: int
    uses: int
    offline: bool

    def summary(self) -> str:
        """A closing line in Danish."""
        if not self.addresses:
            return f"{self.file}: ingen links at tjekke"
        if self.offline:
            return (
                f"{self.file}: linkene kunne ikke tjekkes, fordi der ikke er nogen netværksforbindelse "
                f"({self._none_reached()}); prøv igen med forbindelse til internettet"
            )
        errors, warnings = len(self.errors), len(self.warnings)
        checked = grammar.count(self.addresses, "adresse")
        places = grammar.count(self.uses, "sted")
        verdict = "ikke godkendt" if errors else "godkendt"
        return (
            f"{self.file}: {checked} tjekket ({places}): "
            f"{grammar.count(errors, 'fejl')}, {grammar.count(warnings, 'advarsel')}: {verdict}"
        )

    def _none_reached(self) -> str:
        """'adressen kunne ikke nås', 'ingen af de 3 adresser kunne nås'."""
        if self.addresses == 1:
            return "adressen kunne ikke nås"
        return f"ingen af de {grammar.count(self.addresses, 'adresse')} kunne nås"


def check_links(data: Path, *, timeout: float, concurrency: int) -> LinkReport:
    """Validate ``data`` and check every web address in it and in ``data/sources.yaml``.

    Raises :class:`KatalogError` (exit code 2) when the data has errors.
    """
    report = validate_file(data)
    if report.errors or report.catalogue is None:
        raise KatalogError(
            f"linkene blev ikke tjekket, fordi {display_path(data)} har fejl; ret dem først (se 'katalog validate')",
            report.errors,
            exit_code=2,
        )
    sources = load_file(find_root(Path(os.path.realpath(data)).parent, fallback=True) / "data" / "sources.yaml")
    links = find_links(report.catalogue, sources)
    outcomes = check_urls(list(links), timeout=timeout, concurrency=concurrency)
    offline = bool(outcomes) and all(o.unreachable for o in outcomes.values())
    problems = [] if offline else sorted(_problems(links, outcomes))
    uses = sum(len(u) for u in links.values())
    return LinkReport(display_path(data), problems, len(links), uses, offline)


def find_links(catalogue: ValidCatalogue, sources: Document) -> dict[str, list[Use]]:
    """Every address (without #fragment) and the places it is written, in file order."""
    sections: list[tuple[Document, str, list[Any]]] = [
        (sources, "sources", SourceList.model_validate(sources.data).sources),
        (catalogue.document, "themes", catalogue.themes),
        (catalogue.document, "initiatives", catalogue.initiatives),
    ]
    found: dict[str, list[Use]] = {}
    for doc, section, records in sections:
        for index, record in enumerate(records):
            for path, url in _walk(record, (section, index)):
                line, column = doc.position(path)
                use = Use(url, doc.file, line, column, getattr(record, "id", None), format_path(path[2:]) or None)
                found.setdefault(urldefrag(url).url, []).append(use)
    return found


@cache
def _url_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` the model declares web addresses (``WebAddress()``), alone or as a list."""
    return frozenset(name for name, facts in field_facts(model).items() if facts.web_address)


def _walk(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, BaseModel):
        urls = _url_fields(type(value))
        for name in field_facts(type(value)):
            child = getattr(value, name)
            if name in urls and isinstance(child, str):
                yield (*path, name), child
            elif name in urls and isinstance(child, list):
                yield from (((*path, name, i), u) for i, u in enumerate(child) if isinstance(u, str))
            else:
                yield from _walk(child, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _problems(links: dict[str, list[Use]], outcomes: dict[str, Outcome]) -> Iterator[Problem]:
    for key, uses in links.items():
        outcome = outcomes[key]
        for use in uses:
            severity: Severity = "error"
            if outcome.failure is not None:
                message = f"linket {use.url} {outcome.failure}"
            elif outcome.elsewhere is not None:
                status, target, permanent = outcome.elsewhere
                if permanent:
                    message = (
                        f"linket {use.url} er flyttet permanent ({status}) til {target}, på en anden vært; "
                        f"opdater adressen ({_ELSEWHERE})"
                    )
                else:
                    message = (
                        f"linket {use.url} omdirigerer ({status}) til {target}, på en anden vært; "
                        f"opdater adressen, hvis den nye er den rigtige ({_ELSEWHERE})"
                    )
                severity = "warning"
            elif outcome.moved is not None:
                status, target = outcome.moved
                message = f"linket {use.url} er flyttet permanent ({status}) til {target}; opdater adressen"
                severity = "warning"
            else:
                continue
            yield Problem(use.file, use.line, use.column, severity, message, use.record, use.path)


def check_urls(
    urls: list[str],
    *,
    timeout: float,
    concurrency: int,
    check: Callable[[str, float, float], Outcome] | None = None,
) -> dict[str, Outcome]:
    """Check ``urls`` with at most ``concurrency`` at a time; each gets ``BUDGET_FACTOR * timeout`` in all.

    A check that overruns its budget (a name lookup that hangs, say) is given
    up and reported as a timeout; its daemon thread is left to finish alone.
    """
    run = check or check_url
    budget = timeout * BUDGET_FACTOR
    answers: queue.SimpleQueue[tuple[str, Outcome]] = queue.SimpleQueue()

    def work(url: str) -> None:
        try:
            outcome = run(url, timeout, budget)
        except Exception as exc:  # a bug must not hide the other links' results
            outcome = Outcome(
                failure=f"kunne ikke tjekkes på grund af en intern fejl ({type(exc).__name__}); "
                "meld fejlen til udviklerne med adressen"
            )
        answers.put((url, outcome))

    pending = list(reversed(urls))
    active: dict[str, float] = {}
    outcomes: dict[str, Outcome] = {}
    while pending or active:
        while pending and len(active) < concurrency:
            url = pending.pop()
            active[url] = time.monotonic() + budget + _GRACE
            threading.Thread(target=work, args=(url,), name=f"linktjek {url}", daemon=True).start()
        try:
            url, outcome = answers.get(timeout=max(0.0, min(active.values()) - time.monotonic()))
        except queue.Empty:
            now = time.monotonic()
            for url, end in list(active.items()):
                if end <= now:
                    del active[url]
                    outcomes[url] = Outcome(failure=f"svarede ikke inden for {_seconds(budget)} i alt; {_LATER}")
            continue
        if active.pop(url, None) is not None:
            outcomes[url] = outcome
    return outcomes


class _KeepStatus(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it is: no HTTPError, no automatic redirects."""

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        return response

    https_response = http_response


def check_url(url: str, timeout: float, budget: float) -> Outcome:
    """Check one address: HEAD (GET if refused), following up to MAX_REDIRECTS redirects."""
    deadline = time.monotonic() + budget
    opener = urllib.request.build_opener(_KeepStatus)
    chain = [urldefrag(url).url]
    method = "HEAD"
    moved: tuple[int, str] | None = None
    permanent_so_far = True
    while True:
        current = chain[-1]
        after = f" efter omdirigering til {current}" if len(chain) > 1 else ""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return Outcome(failure=f"svarede ikke inden for {_seconds(budget)} i alt{after}; {_LATER}")
        wait = min(timeout, remaining)
        try:
            request = urllib.request.Request(_ascii(current), method=method, headers=_HEADERS)
            with opener.open(request, timeout=wait) as response:
                status, location = response.status, response.headers.get("Location")
        except Exception as exc:
            waited = _seconds(timeout) if wait == timeout else f"{_seconds(budget)} i alt"
            failure, unreachable = _describe(exc, current, waited)
            return Outcome(failure=f"{failure}{after}; {_LATER}", unreachable=unreachable and not after)
        if method == "HEAD" and status in _HEAD_REFUSED:
            method = "GET"
            continue
        if 200 <= status < 300:
            return Outcome(moved=moved)
        if status not in _REDIRECTS:
            return Outcome(failure=f"svarer {status} ({_reason(status)}){after}; {_DEAD}")
        if not location:
            return Outcome(failure=f"svarer {status} (omdirigering) uden en ny adresse{after}; {_DEAD}")
        try:
            target = urldefrag(urljoin(current, location)).url
            web = urlsplit(target).scheme in ("http", "https")
            same_host = web and _same_host(_origin(current), _origin(target))
        except ValueError:  # 'http://[::1/x', a port out of range, no host
            return Outcome(
                failure=f"omdirigerer til {_shown(location)}, som ikke er en gyldig webadresse{after}; {_DEAD}"
            )
        if not web:
            return Outcome(failure=f"omdirigerer til {_shown(target)}, som ikke er en webadresse; {_DEAD}")
        if not same_host:
            permanent = permanent_so_far and status in _PERMANENT
            return Outcome(elsewhere=(status, _shown(target), permanent))
        if target in chain:
            loop = " → ".join([*chain[chain.index(target) :], target])
            return Outcome(failure=f"omdirigerer i ring ({loop}); {_DEAD}")
        if len(chain) > MAX_REDIRECTS:
            return Outcome(failure=f"omdirigerer mere end {MAX_REDIRECTS} gange; {_DEAD}")
        permanent_so_far = permanent_so_far and status in _PERMANENT
        if permanent_so_far:
            moved = (status, target)
        chain.append(target)


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host name (lower case) and port; ValueError for an address that has none or a bad one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError("no host")
    if not host.isascii():
        host = host.encode("idna").decode("ascii")  # UnicodeError is a ValueError
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.scheme, host, port


def _same_host(current: tuple[str, str, int], target: tuple[str, str, int]) -> bool:
    """Whether a redirect stays where the record pointed: the same origin, or http → https on the same host."""
    if current == target:
        return True
    upgrade = (current[0], target[0]) == ("http", "https") and (current[2], target[2]) == (80, 443)
    return upgrade and current[1] == target[1]


def _shown(url: str) -> str:
    """An address from a server, for a message: very long ones are cut."""
    return url if len(url) <= _SHOWN_LENGTH else url[:_SHOWN_LENGTH] + "…"


def _ascii(url: str) -> str:
    """The address as HTTP sends it: an IDNA host name and %-escaped path and query."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE), quote(parts.query, safe=_SAFE), ""))


# OpenSSL's verification results the checker can meet, in Danish; its own words are English.
_CERTIFICATE_PROBLEMS = {
    9: "certifikatet gælder først fra en senere dato",
    10: "certifikatet er udløbet",
    18: "certifikatet er underskrevet af værten selv",
    19: "certifikatkæden er underskrevet af værten selv",
    20: "certifikatets udsteder er ukendt",
    21: "certifikatets udsteder kan ikke bekræftes",
    23: "certifikatet er trukket tilbage",
    62: "certifikatet er udstedt til en anden vært",
}


def _certificate(error: ssl.SSLCertVerificationError) -> str:
    return _CERTIFICATE_PROBLEMS.get(error.verify_code or 0, "certifikatet kan ikke bekræftes")


def _describe(exc: Exception, url: str, waited: str) -> tuple[str, bool]:
    """What went wrong, in Danish, and whether the host was never reached; ``waited`` says how long."""
    host = urlsplit(url).hostname or url
    # urllib wraps errors while connecting in URLError; errors while waiting for the answer come bare.
    connecting = isinstance(exc, urllib.error.URLError)
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return f"kan ikke nås: værten {host} blev ikke fundet (navneopslaget mislykkedes)", True
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"har et certifikat, der ikke kan godkendes ({_certificate(reason)})", False
    if isinstance(reason, ssl.SSLError):
        return f"kan ikke nås: den krypterede forbindelse til {host} mislykkedes", False
    if isinstance(reason, TimeoutError):
        if connecting:
            return f"kan ikke nås: {host} tog ikke imod forbindelsen inden for {waited}", True
        return f"svarede ikke inden for {waited}", False
    if isinstance(reason, ConnectionRefusedError):
        return f"kan ikke nås: {host} afviste forbindelsen", connecting
    if isinstance(reason, OSError) and reason.errno in _UNREACHABLE_ERRNOS:
        return f"kan ikke nås: der er ingen forbindelse til {host}", True
    if isinstance(reason, (http.client.HTTPException, ConnectionError)):
        return "fik ikke noget gyldigt svar: serveren lukkede forbindelsen", False
    if isinstance(reason, (ValueError, UnicodeError)):
        return "er ikke en gyldig webadresse", False
    if isinstance(reason, OSError):
        return f"kunne ikke hentes ({os_error_reason(reason)})", False
    return f"kunne ikke hentes (en uventet fejl af typen {type(reason).__name__})", False


def _reason(status: int) -> str:
    if status in _REASONS:
        return _REASONS[status]
    return "Klientfejl" if 400 <= status < 500 else "Serverfejl" if 500 <= status < 600 else "uventet svar"


def _seconds(value: float) -> str:
    shown = f"{value:g}".replace(".", ",")
    return f"{shown} {grammar.noun('sekund', 1 if value == 1 else 2)}"
