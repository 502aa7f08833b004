"""The files made from the publication settings: the Atom feed and the open data's DCAT metadata.

The plugin adds them to the site beside the generated pages (``feed.xml`` at the root,
``downloads/inspirationskatalog.dcat.jsonld`` beside the JSON and CSV); the page head links
the feed (``overrides/main.html``), the front page and the overview link both.
"""

from __future__ import annotations

from katalog.catalogue.validate import ValidCatalogue
from katalog.views import dcat, feed
from katalog.views.publication import Publication

FEED_PATH = feed.FEED_NAME
DCAT_PATH = f"downloads/{dcat.DCAT_NAME}"


def site_files(catalogue: ValidCatalogue, publication: Publication, site_url: str | None) -> dict[str, str | bytes]:
    return {
        FEED_PATH: feed.as_atom(catalogue, publication, site_url),
        DCAT_PATH: dcat.as_jsonld(catalogue, publication, site_url),
    }
