"""``katalog validate``: every error and warning in the data file, with file, line and column."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import FORMAT_OPTION, data_option
from katalog.cli.output import say


@click.command(cls=Command)
@data_option("Datafilen der skal valideres.")
@FORMAT_OPTION
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
    from katalog.catalogue.changes import selected_ids
    from katalog.catalogue.report import for_records, render, summary
    from katalog.catalogue.validate import default_workers, validate_file

    chosen = selected_ids(data, ids, changed_from)
    report = validate_file(data, workers=default_workers())
    shown = for_records(report.problems, None if chosen is None else set(chosen))
    output = render(shown.problems, fmt)
    if output:
        say(output)
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
        say(line, err=True)
    sys.exit(1 if shown.errors or (strict and shown.warnings) else 0)
