"""An Atom feed of the initiatives, newest first, so readers can follow new and updated ones.

Each entry is one initiative: its name, its summary as plain text, a link to its case
page, and as its date the one date a record has, ``last_reviewed`` ("Sidst gennemgået");
the feed's own date is the newest of them. No other date is made up: a record has no
date of first publication, so the entries carry ``updated`` only (Atom needs no more).

The links are absolute when the site's address (``site_url`` in mkdocs.yml, http or https) is known;
without it they are relative to the feed, which sits at the site's root (``feed.xml``),
and a feed reader resolves them against the address it fetched the feed from. The
entry ids do not depend on the address: ``urn:uuid:`` made from the initiative's id, so
an entry keeps its id when the site moves. feedgen writes the XML with lxml, so record
text is escaped as text, never read as markup.
"""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote, urlsplit, urlunsplit

from feedgen.feed import FeedGenerator

from katalog.catalogue.validate import ValidCatalogue
from katalog.views import facts as render
from katalog.views.publication import Publication

FEED_NAME = "feed.xml"
TITLE = "Inspirationskatalog: nye og opdaterede indsatser"
SUBTITLE = "Indsatserne i kataloget med datoen for seneste faglige gennemgang, nyeste først."
# Fixed: the entry ids must stay the same from build to build.
_NAMESPACE = uuid.UUID("5b0f3c56-9a3e-4c1e-8f1d-6a2b7c0e4d11")


def _when(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def site_base(site_url: str | None) -> str | None:
    """The site's address as a base for absolute links (``https://host/path/``), or None to write them relative.

    MkDocs accepts any ``site_url`` with a host: a query or fragment (``https://x.dk/kat/?a=b#c``) would end
    up in the middle of every link, and a ``javascript://…`` address would make each one a script. Only
    http(s) is used, without query and fragment, its path ending in ``/`` and spaces percent-encoded.
    """
    if not site_url:
        return None
    parts = urlsplit(site_url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = quote(parts.path if parts.path.endswith("/") else parts.path + "/", safe="/%:@!$&'()*+,;=~-._")
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _address(site_url: str | None, path: str) -> str:
    base = site_base(site_url)
    return base + path if base else path


def entry_id(initiative_id: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"indsats:{initiative_id}").urn


def as_atom(catalogue: ValidCatalogue, publication: Publication, site_url: str | None = None) -> bytes:
    """The feed as UTF-8 Atom XML; the same catalogue and settings give the same bytes."""
    items = sorted(catalogue.initiatives, key=lambda i: (-i.last_reviewed.toordinal(), render.danish_sort_key(i.name)))
    feed = FeedGenerator()
    feed.id(uuid.uuid5(_NAMESPACE, "feed").urn)
    feed.title(TITLE)
    feed.subtitle(SUBTITLE)
    feed.language("da")
    # Atom needs an author for the feed; the publisher when set, else the catalogue's own name.
    feed.author(
        {
            "name": publication.publisher or "Inspirationskatalog",
            **({"email": publication.contact} if publication.contact else {}),
        }
    )
    feed.link(href=_address(site_url, FEED_NAME), rel="self", type="application/atom+xml")
    feed.link(href=_address(site_url, "cases/"), rel="alternate", type="text/html")
    if publication.text_licence:
        feed.rights(f"Teksten må bruges efter {publication.text_licence.name}")
    feed.generator("katalog (python-feedgen)")
    newest = max((i.last_reviewed for i in items), default=dt.date(1970, 1, 1))
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(item.id))
        entry.title(item.name)
        entry.summary(render.one_line(item.summary))
        entry.link(href=_address(site_url, f"cases/{item.id}/"), rel="alternate", type="text/html")
        entry.updated(_when(item.last_reviewed))
    feed.updated(_when(newest))
    return bytes(feed.atom_str(pretty=True))
