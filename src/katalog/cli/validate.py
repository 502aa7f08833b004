"""``katalog validate``: every error and warning in the data file, with file, line and column."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import FORMAT_OPTION, data_option
from katalog.cli.output import say
from katalog.problems import KatalogError, Problem


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
    problems = report.problems + _settings_problems(data, warn=strict and chosen is None)
    shown = for_records(problems, None if chosen is None else set(chosen))
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


def _settings_problems(data: Path, *, warn: bool) -> list[Problem]:
    """mkdocs.yml's publication settings: an error for a wrong one; with ``warn``, a warning for each one not set.

    The warnings come with ``--strict`` for the whole file only: an editor checking their own record
    (``--id``, ``--changed-from``) is not asked about the site's settings.
    """
    from katalog.catalogue.reference import find_root
    from katalog.views import publication

    try:
        path = find_root(data.parent, fallback=True) / "mkdocs.yml"
    except KatalogError:
        return []  # validate_file has reported the missing project already
    shown = "mkdocs.yml" if path.resolve() == (Path.cwd() / "mkdocs.yml").resolve() else str(path)
    config = publication.read_mkdocs_yml(path)
    if not config:
        return []
    settings, errors = publication.parse(config.get("extra"))
    text = publication.text_of(path)
    positions = publication.setting_positions(text) if text is not None else {}
    problems = [Problem(shown, *publication.position_of(m, positions), "error", m) for m in errors]
    if warn and not errors:
        repo_url = config.get("repo_url") if isinstance(config.get("repo_url"), str) else None
        missing = publication.missing(settings, repo_url=repo_url)
        problems += [Problem(shown, *publication.position_of(m, positions), "warning", m) for m in missing]
    return problems
