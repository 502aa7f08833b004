"""``katalog new``: a new record at the end of the data file, asking on a terminal for what is missing."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from katalog.cli.boundary import Command
from katalog.cli.options import data_option
from katalog.cli.output import is_terminal, say, shown_value
from katalog.problems import KatalogError


@click.command(cls=Command)
@data_option("Datafilen, posten tilføjes til.")
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
        say(f"bemærk: {note}", err=True)
    say(f"{data}:{added.line}: indsatsen '{added.id}' er tilføjet. Udfyld nu:")
    for item in added.todo:
        say(f"  - {item}")
    say(next_steps(data, added.id))


def _require_text(option: str, value: str | None) -> None:
    """A text for the data file must be Unicode: an argument with bytes that are not UTF-8 is refused (exit 2)."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from katalog.catalogue.report import terminal_safe

        raise KatalogError(
            f"{option} '{shown_value(terminal_safe(value))}' indeholder bytes, der ikke er gyldig UTF-8; "
            "skriv værdien i UTF-8 (se terminalens tegnsæt, fx LANG=da_DK.UTF-8)",
            exit_code=2,
        ) from None


def _interactive() -> bool:
    """Whether a person can answer questions: standard input is open and a terminal."""
    return is_terminal(sys.stdin)


def _ask(given: dict[str, Any], plan: list[Any]) -> None:
    """Ask on the terminal for what was not given as an option."""
    for prompt in plan:
        if given.get(prompt.field):
            continue
        for choice_no, choice in enumerate(prompt.choices, start=1):
            say(f"  {choice_no:>2}. {choice.label} ({choice.value})", err=True)
        while True:
            answer = click.prompt(prompt.question, default="", show_default=False, err=True)
            values = prompt.parse(answer)
            if values or not prompt.required:
                break
            say("  Skriv mindst én værdi.", err=True)
        given[prompt.field] = values if prompt.multiple else (values[0] if values else "")
