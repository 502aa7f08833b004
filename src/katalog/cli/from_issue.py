"""``katalog from-issue``: a proposal from the issue form, turned into a record at the end of the data file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import data_option
from katalog.cli.output import say
from katalog.language import grammar


@click.command(cls=Command, name="from-issue", short_help="Lav et forslag fra issue-formularen om til en post.")
@click.argument("issue", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="FIL")
@data_option("Datafilen, posten tilføjes til.")
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
    formularens felter. Er der fejl, skrives intet, og exitkoden er 1 (med --write-invalid
    skrives posten alligevel). Resten af datafilen ændres ikke.
    """
    from katalog.editing.from_issue import record_from_issue, write_comment

    outcome = record_from_issue(issue, data, dry_run=dry_run, write_invalid=write_invalid)
    for problem in outcome.problems:
        say(problem.text())
    if comment_out is not None:
        write_comment(comment_out, outcome)
    errors = sum(p.severity == "error" for p in outcome.problems)
    if outcome.written:
        say(f"{data}:{outcome.line}: indsatsen '{outcome.record_id}' er tilføjet", err=True)
    elif errors:
        say(f"{issue}: forslaget har {grammar.count(errors, 'fejl')}; intet er skrevet i {data}", err=True)
    else:
        say(f"{issue}: forslaget er gyldigt (indsatsen '{outcome.record_id}'); intet er skrevet (--dry-run)", err=True)
    sys.exit(1 if errors else 0)
