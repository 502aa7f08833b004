"""The ``katalog`` command: parses arguments, calls one library function, maps failures to exit codes.

Heavy imports happen inside the commands so ``katalog --help`` stays quick.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from katalog.problems import KatalogError

DEFAULT_DATA = Path("data/initiatives.yaml")
_F = TypeVar("_F", bound=Callable[..., Any])


def _say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Echo ``text`` with control characters made visible, so no value can drive the terminal."""
    from katalog.catalogue.report import terminal_safe

    click.echo(terminal_safe(text), err=err, nl=nl)


def _fail(exc: KatalogError) -> int:
    from katalog.catalogue.report import render

    if exc.problems:
        _say(render(exc.problems, "text"), err=True)
    _say(f"katalog: {_cut_long_lines(exc.message)}", err=True)
    return exc.exit_code


_LONGEST_LINE = 1000


def _cut_long_lines(message: str) -> str:
    """A message quoting a huge value (a 100,000-character argument) is cut in the middle of each long line."""
    lines = message.split("\n")
    return "\n".join(
        line if len(line) <= _LONGEST_LINE else f"{line[:600]} … {line[-300:]} ({len(line)} tegn i alt)"
        for line in lines
    )


def _unexpected_os_error(exc: OSError) -> int:
    """An OSError no command expected: what the system said, in Danish, and that it may be a bug."""
    from katalog.files import is_environment_error, os_error_message

    _say(f"katalog: {os_error_message(exc, exc.filename, 'fuldføre kommandoen')}", err=True)
    if is_environment_error(exc):
        return 1
    _say(
        f"katalog: intern fejl ({type(exc).__name__}); skyldes den ikke maskinen (plads, rettigheder), "
        "så meld fejlen til udviklerne med kommandoen og denne besked",
        err=True,
    )
    return 1


class _Stopped(Exception):
    """A stop signal on its way from the command to :meth:`_Group.main` (click turns KeyboardInterrupt into Abort)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum: int) -> int:
    """A stop signal: say what happened and what was kept; the exit code is 128 + the signal's number."""
    from katalog.files import changed_paths

    try:
        name = signal.Signals(signum).name
    except ValueError:  # pragma: no cover
        name = str(signum)
    why = "Ctrl-C" if signum == signal.SIGINT else name
    if signum == signal.SIGINT and _is_terminal(sys.stderr):
        click.echo(err=True)  # past the terminal's "^C"
    changed = changed_paths()
    if changed:
        shown = ", ".join(changed[:3]) + (f" og {len(changed) - 3} andre" if len(changed) > 3 else "")
        kept = f"{shown} nåede at blive skrevet helt; intet er skrevet halvt"
    else:
        kept = "intet er ændret"
    _say(f"katalog: afbrudt ({why}); {kept}", err=True)
    return 128 + signum


def _stop_now_if_threads_left(code: int) -> None:
    """After a stop signal, with Typst threads still at work: leave at once instead of waiting for them.

    Everything is cleaned up by now; waiting (or letting the interpreter shut down under
    a thread inside Typst) would only delay the exit.
    """
    booklet = sys.modules.get("katalog.booklet.build")
    if booklet is None or not booklet.busy():
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _internal_error(exc: Exception) -> int:
    """A bug: one Danish line with the exception's type instead of a traceback (KATALOG_DEBUG=1 shows it)."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    _say(
        f"katalog: intern fejl ({type(exc).__name__}{': ' + detail if detail else ''}); "
        "meld fejlen til udviklerne med kommandoen og denne besked (KATALOG_DEBUG=1 viser detaljerne)",
        err=True,
    )
    return 70


class _DanishChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose complaint is in Danish."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(f"'{value}' er ikke en af: {', '.join(map(str, self.choices))}", param, ctx)


_CLICK_MESSAGES = (
    (re.compile(r"No such option:? '?([^'\s]+?)'?\.?(?: \(?Did you mean|$)"), "ukendt tilvalg '{0}'"),
    (re.compile(r"No such command '([^']*)'"), "ukendt kommando '{0}'"),
    (re.compile(r"Option '([^']*)' requires an argument"), "tilvalget '{0}' skal have en værdi"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), "uventet argument: {0}"),
    (re.compile(r"Missing command"), "der mangler en kommando"),
    (re.compile(r"Missing option '([^']*)'"), "tilvalget '{0}' mangler"),
    (re.compile(r"Missing argument '([^']*)'"), "argumentet '{0}' mangler"),
)
_CLICK_PATH_MESSAGES = (
    (re.compile(r"(?:Directory|File|Path) ('.*') is a file\.?"), "{0} er en fil, ikke en mappe"),
    (re.compile(r"(?:Directory|File|Path) ('.*') is a directory\.?"), "{0} er en mappe, ikke en fil"),
    (re.compile(r"(?:Directory|File|Path) ('.*') does not exist\.?"), "{0} findes ikke"),
)


def _danish_usage(exc: click.UsageError) -> str:
    """Click's usage messages are English; say the common ones in Danish."""
    message = exc.format_message()
    if isinstance(exc, click.BadParameter):
        for pattern, danish in _CLICK_PATH_MESSAGES:
            match = pattern.search(message)
            if match:
                message = message[: match.start()] + danish.format(*match.groups()) + message[match.end() :]
        return message.replace("Invalid value for", "ugyldig værdi for")
    for pattern, danish in _CLICK_MESSAGES:
        match = pattern.search(message)
        if match:
            return danish.format(*match.groups())
    return message


def _danish_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "Vis denne hjælp og stop."
    return option


class _Command(click.Command):
    """A command whose --help says what it does in Danish."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _danish_help(super().get_help_option(ctx))


class _Group(click.Group):
    """The command group, with usage errors in Danish (exit 2) instead of click's English."""

    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _danish_help(super().get_help_option(ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command; every expected failure (:class:`KatalogError`) is printed here, once, with its exit code.

        A stop signal (Ctrl-C, SIGTERM, SIGHUP) is one Danish line and 128 + its number
        (130, 143, 129); temporary files and folders are gone and child processes killed
        by then (:func:`katalog.files.stop_signals`).
        """
        from katalog.files import stop_signals

        code: int | None = None
        try:
            with stop_signals():
                try:
                    return self._run(*args, **kwargs)
                except KeyboardInterrupt as exc:  # a signal before or after the command's own boundary
                    code = _interrupted(getattr(exc, "signum", signal.SIGINT))
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                    raise
            sys.exit(code)
        finally:
            if code is not None and code > 128:
                _stop_now_if_threads_left(code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # past click, which would make it an Abort and print a blank line
            raise _Stopped(getattr(exc, "signum", signal.SIGINT)) from exc

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            _say(exc.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "katalog"
            _say(f"katalog: forkert brug: {_danish_usage(exc)}", err=True)
            _say(f"Se '{command} --help'.", err=True)
            sys.exit(2)
        except click.Abort as exc:
            from katalog.files import stop_requested

            # Click turns a KeyboardInterrupt (so a stop signal, too) into Abort.
            cause = exc.__cause__
            signum = getattr(cause, "signum", signal.SIGINT) if isinstance(cause, KeyboardInterrupt) else None
            signum = stop_requested() or signum
            if signum is not None:
                sys.exit(_interrupted(signum))
            _say("katalog: afbrudt, før alle spørgsmål var besvaret; intet er ændret", err=True)
            sys.exit(1)
        except _Stopped as exc:
            sys.exit(_interrupted(exc.signum))
        except KeyboardInterrupt as exc:
            sys.exit(_interrupted(getattr(exc, "signum", signal.SIGINT)))
        except KatalogError as exc:
            sys.exit(_fail(exc))
        except BrokenPipeError:
            # The reader went away (`katalog validate | head`): nothing more to say, and nowhere to say it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            sys.exit(_unexpected_os_error(exc))
        except Exception as exc:
            if os.environ.get("KATALOG_DEBUG"):
                raise
            sys.exit(_internal_error(exc))


def _data_option(help_text: str) -> Callable[[_F], _F]:
    """``--data FIL``, the data file a command reads (default: data/initiatives.yaml)."""
    return click.option(
        "--data",
        "data",
        type=click.Path(path_type=Path),
        metavar="FIL",
        default=DEFAULT_DATA,
        show_default=True,
        help=help_text,
    )


_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=_DanishChoice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Uddataformat.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="katalog", message="%(prog)s %(version)s", help="Vis versionen og stop.")
def main() -> None:
    """Inspirationskatalog: valider, byg og udgiv kataloget over beskæftigelsesindsatser."""


@main.command()
@_data_option("Datafilen der skal valideres.")
@_FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Lad advarsler tælle som fejl.")
@click.option(
    "--id", "ids", multiple=True, metavar="ID", help="Vis kun advarsler om indsatsen med dette id (kan gentages)."
)
@click.option(
    "--changed-from",
    "changed_from",
    metavar="REF",
    help="Vis kun advarsler om de indsatser, der er ændret i forhold til git-referencen REF, fx origin/main.",
)
def validate(data: Path, fmt: str, strict: bool, ids: tuple[str, ...], changed_from: str | None) -> None:
    """Valider datafilen og vis alle fejl og advarsler med fil, linje og kolonne.

    Med --id eller --changed-from vises fejl stadig for hele filen, men advarsler kun for de valgte indsatser.
    """
    from katalog.catalogue.report import render, summary
    from katalog.catalogue.validate import default_workers, for_records, selected_ids, validate_file

    chosen = selected_ids(data, ids, changed_from)
    report = validate_file(data, workers=default_workers())
    shown = for_records(report.problems, None if chosen is None else set(chosen))
    output = render(shown.problems, fmt)
    if output:
        _say(output)
    if fmt != "json":
        line = summary(
            len(shown.errors),
            len(shown.warnings),
            report.records,
            str(data),
            strict,
            selected=chosen,
            hidden=shown.hidden_warnings,
        )
        _say(line, err=True)
    sys.exit(1 if shown.errors or (strict and shown.warnings) else 0)


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schema"),
    show_default=True,
    help="Mappen til skemafilerne.",
)
@click.option("--check", is_flag=True, help="Skriv intet; fejl hvis filerne ikke svarer til modellen.")
def schema(out: Path, check: bool) -> None:
    """Generer JSON Schema for datafilerne og issue-formularen 'Foreslå en indsats' ud fra datamodellen."""
    from katalog.catalogue.reference import find_root
    from katalog.editing.forms import write_issue_form
    from katalog.editing.schema import write_schema

    root = find_root()
    changed = write_schema(out, root, check=check) + write_issue_form(root, check=check)
    if check and changed:
        names = ", ".join(str(p) for p in changed)
        _say(f"katalog: {names} svarer ikke til datamodellen; kør 'make schema' og commit resultatet", err=True)
        sys.exit(1)
    _say(
        f"{out}: {len(changed)} fil(er) opdateret" if changed else f"{out}: skemaerne og issue-formularen er uændrede",
        err=True,
    )


@main.command()
@_data_option("Datafilen med indsatserne.")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    metavar="MAPPE",
    default=Path("site"),
    show_default=True,
    help="Mappen, websitet skrives til.",
)
def build(data: Path, out: Path) -> None:
    """Valider data og byg websitet med MkDocs (strict), med PDF-hæftet og en PDF pr. indsats.

    Med SOURCE_DATE_EPOCH sat får PDF'erne den dato og bliver byte for byte ens ved samme data.
    """
    from katalog.site.build import build_site

    summary_line = build_site(data, out)
    _say(summary_line, err=True)


@main.command(short_help="Byg PDF-hæftet med pandoc og Typst.")
@_data_option("Datafilen med indsatserne.")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    metavar="FIL",
    default=Path("inspirationskatalog.pdf"),
    show_default=True,
    help="PDF-filen, hæftet skrives til.",
)
@click.option(
    "--paper",
    type=_DanishChoice(["a5", "a4"]),
    default="a5",
    show_default=True,
    help="Papirformat.",
)
@click.option("--target-group", "target_group", metavar="ID", help="Kun indsatser for denne målgruppe (id).")
@click.option("--kind", metavar="ID", help="Kun indsatser af denne indsatstype (id).")
@click.option("--municipality", metavar="NAVN", help="Kun indsatser i denne kommune.")
@click.option("--id", "initiative_id", metavar="ID", help="Kun indsatsen med dette id.")
@click.option("--theme", metavar="ID", help="Kun indsatserne under dette tema (id), med temaets opmærksomhedspunkter.")
def pdf(
    data: Path,
    out: Path,
    paper: str,
    target_group: str | None,
    kind: str | None,
    municipality: str | None,
    initiative_id: str | None,
    theme: str | None,
) -> None:
    """Byg PDF-hæftet med pandoc og Typst: hele kataloget eller et udvalg.

    Med SOURCE_DATE_EPOCH sat bliver filen byte for byte den samme ved samme data.
    """
    from katalog.booklet.build import build_booklet, check_out, load_catalogue, source_date_epoch
    from katalog.views.selection import Selection

    epoch = source_date_epoch()
    check_out(out, data)
    catalogue = load_catalogue(data)
    stats = build_booklet(
        catalogue,
        out,
        paper=paper,
        selection=Selection(target_group, kind, municipality, initiative_id, theme),
        source_date_epoch=epoch,
    )
    _say(stats.summary(), err=True)


@main.command()
@_data_option("Datafilen med indsatserne.")
@click.option(
    "--dev-addr",
    "dev_addr",
    metavar="VÆRT:PORT",
    default="127.0.0.1:8000",
    show_default=True,
    help="Adressen, forhåndsvisningen lytter på.",
)
@click.option("--open", "open_browser", is_flag=True, help="Åbn forhåndsvisningen i browseren.")
def serve(data: Path, dev_addr: str, open_browser: bool) -> None:
    """Forhåndsvis websitet; det bygges igen, når data, docs/ eller skabelonerne ændres.

    PDF'erne er ikke med i forhåndsvisningen, så den er hurtig; sæt KATALOG_PDF=1 for at få dem med.
    """
    from katalog.site.build import serve_site

    try:
        serve_site(data, dev_addr, open_browser)
    except KeyboardInterrupt:
        _say("katalog: forhåndsvisningen er stoppet", err=True)


@main.command()
@_data_option("Datafilen, posten tilføjes til.")
@click.option("--name", metavar="NAVN", help="Indsatsens navn.")
@click.option("--municipality", "municipalities", multiple=True, metavar="KOMMUNE", help="Kommune (kan gentages).")
@click.option("--target-group", "target_groups", multiple=True, metavar="ID", help="Målgruppe (kan gentages).")
@click.option("--kind", "kinds", multiple=True, metavar="ID", help="Indsatstype (kan gentages).")
@click.option("--summary", metavar="TEKST", help="Et kort resumé (højst 300 tegn).")
@click.option("--status", metavar="STATUS", help="aktiv, permanent, afsluttet eller ukendt.")
@click.option("--source", "sources", multiple=True, metavar="ID", help="Kilde-id fra data/sources.yaml (kan gentages).")
def new(
    data: Path,
    name: str | None,
    municipalities: tuple[str, ...],
    target_groups: tuple[str, ...],
    kinds: tuple[str, ...],
    summary: str | None,
    status: str | None,
    sources: tuple[str, ...],
) -> None:
    """Tilføj en ny indsats nederst i datafilen og vis, hvad der skal udfyldes.

    På en terminal spørges der efter navn, kommune, målgrupper og indsatstyper, der
    ikke er givet som tilvalg. Resten af filen ændres ikke.
    """
    from katalog.catalogue.reference import find_root
    from katalog.editing.scaffold import new_record, next_steps, prompt_plan

    for option, values in (
        ("--name", [name]),
        ("--municipality", municipalities),
        ("--target-group", target_groups),
        ("--kind", kinds),
        ("--summary", [summary]),
        ("--status", [status]),
        ("--source", sources),
    ):
        for value in values:
            _require_text(option, value)
    given: dict[str, Any] = {
        "name": name,
        "municipalities": municipalities,
        "target_groups": target_groups,
        "kinds": kinds,
    }
    root = find_root(Path(os.path.realpath(data)).parent, fallback=True)
    if _interactive():
        _ask(given, prompt_plan(root))
    if not given["name"]:
        raise KatalogError("indsatsen skal have et navn; angiv det med --name", exit_code=2)
    added = new_record(
        data,
        root,
        name=given["name"],
        municipalities=given["municipalities"],
        target_groups=given["target_groups"],
        kinds=given["kinds"],
        summary=summary,
        status=status,
        sources=sources,
    )
    for note in added.notes:
        _say(f"bemærk: {note}", err=True)
    _say(f"{data}:{added.line}: indsatsen '{added.id}' er tilføjet. Udfyld nu:")
    for item in added.todo:
        _say(f"  - {item}")
    _say(next_steps(data, added.id))


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and not stream.closed and bool(stream.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def _require_text(option: str, value: str | None) -> None:
    """A text for the data file must be Unicode: an argument with bytes that are not UTF-8 is refused (exit 2)."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from katalog.catalogue.report import terminal_safe

        raise KatalogError(
            f"{option} '{_shown_value(terminal_safe(value))}' indeholder bytes, der ikke er gyldig UTF-8; "
            "skriv værdien i UTF-8 (se terminalens tegnsæt, fx LANG=da_DK.UTF-8)",
            exit_code=2,
        ) from None


def _interactive() -> bool:
    """Whether a person can answer questions: standard input is open and a terminal."""
    return _is_terminal(sys.stdin)


def _ask(given: dict[str, Any], plan: list[Any]) -> None:
    """Ask on the terminal for what was not given as an option."""
    for prompt in plan:
        if given.get(prompt.field):
            continue
        for choice_no, choice in enumerate(prompt.choices, start=1):
            _say(f"  {choice_no:>2}. {choice.label} ({choice.value})", err=True)
        while True:
            answer = click.prompt(prompt.question, default="", show_default=False, err=True)
            values = prompt.parse(answer)
            if values or not prompt.required:
                break
            _say("  Skriv mindst én værdi.", err=True)
        given[prompt.field] = values if prompt.multiple else (values[0] if values else "")


@main.command(name="from-issue", short_help="Lav et forslag fra issue-formularen om til en post.")
@click.argument("issue", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="FIL")
@_data_option("Datafilen, posten tilføjes til.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Skriv intet i datafilen; vis kun, hvad der er galt.")
@click.option("--write-invalid", "write_invalid", is_flag=True, help="Tilføj posten, selv om den har fejl.")
@click.option(
    "--comment-out",
    "comment_out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv svaret til forslagsstilleren (Markdown) i FIL.",
)
def from_issue_command(issue: Path, data: Path, dry_run: bool, write_invalid: bool, comment_out: Path | None) -> None:
    """Lav et forslag fra issue-formularen »Foreslå en indsats« om til en post nederst i datafilen.

    FIL er issuets tekst, som GitHub skriver den. Posten tjekkes, og fejlene vises ved
    formularens felter. Er der fejl, skrives intet (medmindre --write-invalid); exitkoden er da 1.
    Resten af datafilen ændres ikke.
    """
    from katalog.editing.from_issue import record_from_issue, write_comment

    outcome = record_from_issue(issue, data, dry_run=dry_run, write_invalid=write_invalid)
    for problem in outcome.problems:
        _say(problem.text())
    if comment_out is not None:
        write_comment(comment_out, outcome)
    errors = sum(p.severity == "error" for p in outcome.problems)
    if outcome.written:
        _say(f"{data}:{outcome.line}: indsatsen '{outcome.record_id}' er tilføjet", err=True)
    elif errors:
        _say(f"{issue}: forslaget har {errors} fejl; intet er skrevet i {data}", err=True)
    else:
        _say(f"{issue}: forslaget er gyldigt (indsatsen '{outcome.record_id}'); intet er skrevet (--dry-run)", err=True)
    sys.exit(1 if errors else 0)


@main.command(name="fmt")
@_data_option("Datafilen, der skal formateres.")
@click.option("--check", is_flag=True, help="Skriv intet; vis forskellene og fejl, hvis filen ikke er formateret.")
def fmt_command(data: Path, check: bool) -> None:
    """Sæt datafilen op i den faste form (nøglernes rækkefølge, indrykning, anførselstegn).

    Data og kommentarer bevares; filen skrives kun, hvis den ændres.
    """
    from katalog.editing.fmt import format_file

    result = format_file(data, check=check)
    for note in result.notes:
        _say(f"{data}: {note}", err=True)
    if not result.changed:
        _say(f"{data}: filen er allerede formateret", err=True)
        return
    if check:
        if result.diff:
            _say(result.diff, nl=not result.diff.endswith("\n"))
        _say(f"{data}: filen er ikke formateret; kør 'katalog fmt --data {data}'", err=True)
        sys.exit(1)
    _say(f"{data}: filen er formateret", err=True)


class _PositiveNumber(click.ParamType):  # type: ignore[type-arg]
    """A whole or decimal number above zero and at most ``maximum``, complained about in Danish."""

    def __init__(self, kind: type[int] | type[float], maximum: float, unit: str = "") -> None:
        self.kind = kind
        self.maximum = maximum
        self.unit = unit
        self.name = "heltal" if kind is int else "tal"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        try:
            number = self.kind(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or not math.isfinite(number) or number <= 0 or number > self.maximum:
            limit = f"{self.maximum:g}".replace(".", ",") + (f" {self.unit}" if self.unit else "")
            expected = f"et heltal fra 1 til {limit}" if self.kind is int else f"et tal over 0 og højst {limit}"
            self.fail(f"'{_shown_value(value)}' er ikke {expected}", param, ctx)
        return number


def _shown_value(value: Any) -> str:
    """A value from the command line, for a message: a very long one is cut."""
    text = str(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(text)} tegn)"


# The longest wait for one answer: five minutes is far more than any server needs.
MAX_TIMEOUT = 300


@main.command(name="check-links", short_help="Tjek at kildernes og indsatsernes webadresser svarer.")
@_data_option("Datafilen med indsatserne.")
@click.option(
    "--timeout",
    type=_PositiveNumber(float, MAX_TIMEOUT, "sekunder"),
    metavar="SEK",
    default=10.0,
    show_default=True,
    help=f"Sekunder der ventes på hvert svar (højst {MAX_TIMEOUT}); hvert link får højst tre gange så længe i alt.",
)
@click.option(
    "--concurrency",
    type=_PositiveNumber(int, maximum=64),
    metavar="N",
    default=8,
    show_default=True,
    help="Hvor mange adresser der tjekkes ad gangen.",
)
@_FORMAT_OPTION
def check_links_command(data: Path, timeout: float, concurrency: int, fmt: str) -> None:
    """Tjek hver webadresse i kilderne og indsatserne én gang, og vis døde og flyttede links alle steder, de står.

    Fejl (4xx, 5xx, ingen svar) giver exitkode 1; en permanent flytning er en advarsel med den nye adresse.
    Uden netværksforbindelse siges det, og kommandoen slutter med 0.
    """
    from katalog.catalogue.report import render
    from katalog.editing.links import check_links

    report = check_links(data, timeout=timeout, concurrency=concurrency)
    output = render(report.problems, fmt)
    if output:
        _say(output)
    if fmt != "json" or report.offline:
        _say(report.summary(), err=True)
    sys.exit(1 if report.errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
