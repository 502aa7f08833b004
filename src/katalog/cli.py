"""The ``katalog`` command: parses arguments, calls one library function, maps failures to exit codes.

Heavy imports happen inside the commands so ``katalog --help`` stays quick.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from katalog.problems import KatalogError

DEFAULT_DATA = Path("data/initiatives.yaml")


def _fail(exc: KatalogError) -> None:
    for problem in exc.problems:
        click.echo(problem.text(), err=True)
    click.echo(f"katalog: {exc.message}", err=True)
    sys.exit(exc.exit_code)


class _DanishChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose complaint is in Danish."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        self.fail(f"'{value}' er ikke en af: {', '.join(map(str, self.choices))}", param, ctx)


_CLICK_MESSAGES = (
    (re.compile(r"No such option:? '?([^'\s]+?)'?\.?$"), "ukendt tilvalg '{0}'"),
    (re.compile(r"No such command '([^']*)'"), "ukendt kommando '{0}'"),
    (re.compile(r"Option '([^']*)' requires an argument"), "tilvalget '{0}' skal have en værdi"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), "uventet argument: {0}"),
    (re.compile(r"Missing command"), "der mangler en kommando"),
)


def _danish_usage(exc: click.UsageError) -> str:
    """Click's usage messages are English; say the common ones in Danish."""
    message = exc.format_message()
    if isinstance(exc, click.BadParameter):
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
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "katalog"
            click.echo(f"katalog: forkert brug: {_danish_usage(exc)}", err=True)
            click.echo(f"Se '{command} --help'.", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("katalog: afbrudt", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="katalog", message="%(prog)s %(version)s", help="Vis versionen og stop.")
def main() -> None:
    """Inspirationskatalog: valider, byg og udgiv kataloget over beskæftigelsesindsatser."""


@main.command()
@click.option(
    "--data",
    "data",
    type=click.Path(path_type=Path),
    metavar="FIL",
    default=DEFAULT_DATA,
    show_default=True,
    help="Datafilen der skal valideres.",
)
@click.option(
    "--format",
    "fmt",
    type=_DanishChoice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Uddataformat.",
)
@click.option("--strict", is_flag=True, help="Lad advarsler tælle som fejl.")
def validate(data: Path, fmt: str, strict: bool) -> None:
    """Valider datafilen og vis alle fejl og advarsler med fil, linje og kolonne."""
    from katalog.report import render, summary
    from katalog.validate import default_workers, validate_file

    try:
        report = validate_file(data, workers=default_workers())
    except KatalogError as exc:
        _fail(exc)
        return
    output = render(report.problems, fmt)
    if output:
        click.echo(output)
    records = report.records
    if fmt != "json":
        click.echo(summary(len(report.errors), len(report.warnings), records, str(data), strict), err=True)
    sys.exit(1 if report.errors or (strict and report.warnings) else 0)


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
    """Generer JSON Schema for datafilerne ud fra datamodellen."""
    from katalog.reference import find_root
    from katalog.schema import write_schema

    try:
        changed = write_schema(out, find_root(), check=check)
    except KatalogError as exc:
        _fail(exc)
        return
    if check and changed:
        names = ", ".join(str(p) for p in changed)
        click.echo(f"katalog: {names} svarer ikke til datamodellen; kør 'make schema' og commit resultatet", err=True)
        sys.exit(1)
    click.echo(
        f"{out}: {len(changed)} skemafil(er) opdateret" if changed else f"{out}: skemaerne er uændrede", err=True
    )


_DATA_OPTION = click.option(
    "--data",
    "data",
    type=click.Path(path_type=Path),
    metavar="FIL",
    default=DEFAULT_DATA,
    show_default=True,
    help="Datafilen med indsatserne.",
)


@main.command()
@_DATA_OPTION
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPPE",
    default=Path("site"),
    show_default=True,
    help="Mappen, websitet skrives til.",
)
def build(data: Path, out: Path) -> None:
    """Valider data og byg websitet med MkDocs (strict)."""
    from katalog.site import build_site

    try:
        summary_line = build_site(data, out)
    except KatalogError as exc:
        _fail(exc)
        return
    click.echo(summary_line, err=True)


@main.command()
@_DATA_OPTION
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
    """Forhåndsvis websitet; det bygges igen, når data, docs/ eller skabelonerne ændres."""
    from katalog.site import serve_site

    try:
        serve_site(data, dev_addr, open_browser)
    except KatalogError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("katalog: forhåndsvisningen er stoppet", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
