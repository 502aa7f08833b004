"""``katalog fmt``: the data file in its fixed form, data and comments kept."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import data_option
from katalog.cli.output import say


@click.command(cls=Command, name="fmt")
@data_option("Datafilen, der skal formateres.")
@click.option("--check", is_flag=True, help="Skriv intet; vis forskellene og fejl, hvis filen ikke er formateret.")
def fmt_command(data: Path, check: bool) -> None:
    """Sæt datafilen op i den faste form (nøglernes rækkefølge, indrykning, anførselstegn).

    Data og kommentarer bevares; filen skrives kun, hvis den ændres.
    """
    from katalog.editing.fmt import format_file

    result = format_file(data, check=check)
    for note in result.notes:
        say(f"{data}: {note}", err=True)
    if not result.changed:
        say(f"{data}: filen er allerede formateret", err=True)
        return
    if check:
        if result.diff:
            say(result.diff, nl=not result.diff.endswith("\n"))
        say(f"{data}: filen er ikke formateret; kør 'katalog fmt --data {data}'", err=True)
        sys.exit(1)
    say(f"{data}: filen er formateret", err=True)
