"""``katalog check-links``: every web address in the sources and records, asked once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import FORMAT_OPTION, PositiveNumber, data_option
from katalog.cli.output import say

# The longest wait for one answer: five minutes is far more than any server needs.
MAX_TIMEOUT = 300


@click.command(cls=Command, name="check-links", short_help="Tjek, at kildernes og indsatsernes webadresser svarer.")
@data_option("Datafilen med indsatserne.")
@click.option(
    "--timeout",
    type=PositiveNumber(float, MAX_TIMEOUT, "sekunder"),
    metavar="SEK",
    default=10.0,
    show_default=True,
    help=f"Sekunder der ventes på hvert svar (højst {MAX_TIMEOUT}); hvert link får højst tre gange så længe i alt.",
)
@click.option(
    "--concurrency",
    type=PositiveNumber(int, maximum=64),
    metavar="N",
    default=8,
    show_default=True,
    help="Hvor mange adresser der tjekkes ad gangen.",
)
@FORMAT_OPTION
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
        say(output)
    if fmt != "json" or report.offline:
        say(report.summary(), err=True)
    sys.exit(1 if report.errors else 0)
