"""``katalog build``, ``katalog pdf`` and ``katalog serve``: the website, the PDF booklet and the preview."""

from __future__ import annotations

from pathlib import Path

import click

from katalog.cli.boundary import Command
from katalog.cli.options import DanishChoice, data_option
from katalog.cli.output import say


@click.command(cls=Command)
@data_option("Datafilen med indsatserne.")
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
    say(summary_line, err=True)


@click.command(cls=Command, short_help="Byg PDF-hæftet med pandoc og Typst.")
@data_option("Datafilen med indsatserne.")
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
    type=DanishChoice(["a5", "a4"]),
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
    from katalog.catalogue.reference import find_root
    from katalog.views.publication import from_mkdocs_yml
    from katalog.views.selection import Selection

    epoch = source_date_epoch()
    check_out(out, data)
    # The publisher and licence for the colophon: mkdocs.yml's extra.katalog, read without running MkDocs.
    publication = from_mkdocs_yml(find_root(data.parent, fallback=True) / "mkdocs.yml")
    catalogue = load_catalogue(data)
    stats = build_booklet(
        catalogue,
        out,
        paper=paper,
        selection=Selection(target_group, kind, municipality, initiative_id, theme),
        source_date_epoch=epoch,
        publication=publication,
    )
    say(stats.summary(), err=True)


@click.command(cls=Command)
@data_option("Datafilen med indsatserne.")
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
    except KeyboardInterrupt:  # the normal way to stop a preview, not a failure
        say("katalog: forhåndsvisningen er stoppet", err=True)
