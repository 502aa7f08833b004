"""The ``katalog`` command: parses arguments, calls one library function, maps failures to exit codes.

One module per command or group of commands; :mod:`katalog.cli.boundary` is the one place
that turns failures into Danish messages and exit codes. Heavy imports happen inside the
commands so ``katalog --help`` stays quick.
"""

from __future__ import annotations

import click

from katalog.cli import build, check_links, fmt, from_issue, new, schema, validate
from katalog.cli.boundary import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="katalog", message="%(prog)s %(version)s", help="Vis versionen og stop.")
def main() -> None:
    """Inspirationskatalog: valider, byg og udgiv kataloget over beskæftigelsesindsatser."""


for _command in (
    validate.validate,
    schema.schema,
    build.build,
    build.pdf,
    build.serve,
    new.new,
    from_issue.from_issue_command,
    fmt.fmt_command,
    check_links.check_links_command,
):
    main.add_command(_command)
