"""``katalog schema``: the JSON Schemas and the issue form, generated from the data model."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.output import say
from katalog.language import grammar


@click.command(cls=Command)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPPE",
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
        names = grammar.join(str(p) for p in changed)
        say(f"katalog: {names} svarer ikke til datamodellen; kør 'make schema' og commit resultatet", err=True)
        sys.exit(1)
    say(
        f"{out}: {grammar.count(len(changed), 'fil')} opdateret"
        if changed
        else f"{out}: skemaerne og issue-formularen er uændrede",
        err=True,
    )
