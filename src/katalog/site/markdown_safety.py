"""Record Markdown as safe HTML: rendered by a Markdown instance of its own, then sanitised by an allow-list.

A record's Markdown fields (a description, a story, a theme's body and interview) are
data, not page source. :func:`record_html` renders them here, never through MkDocs'
own Markdown, so ``attr_list`` (``{: onerror=… }``), raw HTML and the site's other
extensions never apply to them:

- raw HTML is shown as text (the raw-HTML parsers are switched off);
- headings move below the page's own (``shift``) and are never ``h1``;
- a link whose target could run code becomes its words, in a ``span``;
- an image from anywhere but the site itself becomes a link to it (or its alt text),
  so no visitor's browser calls another host just by opening a page.

The HTML is then cleaned by nh3 (Rust's ammonia) with an allow-list of elements and
attributes: no event attributes, no ``style``, no ``id``, one namespaced class, and
only http(s), mailto and tel URLs or the site's own relative paths. The pages embed
the result as a raw HTML block, which MkDocs passes through unchanged.

:class:`SafeLinksExtension` is the same link rule for the site's own Markdown pages
(``katalog.site.markdown_safety`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
UNSAFE_LINK_CLASS = "katalog-unsafe-link"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII control characters and spaces inside a URL's scheme, so a check must too.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
# Python-Markdown's placeholders for stashed HTML: record text must not be able to name one.
_PLACEHOLDER_MARKS = re.compile(r"[\x02\x03]")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "span",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
ALIGNMENTS = {"left", "center", "right"}


def _probe(url: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, invisible characters gone, lower case."""
    return _INVISIBLE.sub("", html.unescape(url)).lower()


def is_safe_url(url: str) -> bool:
    """True for relative links and http(s)/mailto/tel; browsers ignore control characters, so do we."""
    match = _SCHEME.match(_probe(url))
    return match is None or match.group(1) in SAFE_SCHEMES


def is_site_path(url: str) -> bool:
    """True for a path on the site itself: no scheme and no host (``//host``, ``/\\host`` name another host)."""
    probe = _probe(url).replace("\\", "/")
    return _SCHEME.match(probe) is None and not probe.startswith("//")


def _text_of(element: etree.Element, fallback: str) -> None:
    """Make ``element`` a plain span with only its words (or ``fallback`` when it has none)."""
    alt = element.get("alt", "")
    element.attrib.clear()
    element.tag = "span"
    element.set("class", UNSAFE_LINK_CLASS)
    if not element.text and not len(element):
        element.text = alt or fallback


class _SafeLinks(Treeprocessor):
    """Turn an unsafe link into plain text (its words stay) and an unsafe image into its alt text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute is None:
                continue
            value = element.get(attribute)
            if value is not None and not is_safe_url(value):
                _text_of(element, "")


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (priority 20) so every link element exists.
        md.treeprocessors.register(_SafeLinks(md), "katalog_safe_links", 1)


def makeExtension(**kwargs: Any) -> SafeLinksExtension:
    return SafeLinksExtension(**kwargs)


# --------------------------------------------------------------------------- record Markdown


class _RecordTree(Treeprocessor):
    """Headings under the page's own; unsafe links as words; images only from the site itself."""

    def __init__(self, md: Markdown, shift: int) -> None:
        super().__init__(md)
        self.shift = shift

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:
                element.tag = f"h{max(2, min(6, _HEADINGS[element.tag] + self.shift))}"
            elif element.tag == "a" and not is_safe_url(element.get("href", "")):
                _text_of(element, "")
            elif element.tag == "img":
                self._image(element)

    @staticmethod
    def _image(element: etree.Element) -> None:
        src = element.get("src", "")
        if is_site_path(src) and src.strip():
            return
        alt = element.get("alt", "")
        if _SCHEME.match(_probe(src)) and _probe(src).startswith(("http:", "https:")):
            # A picture on another host: a link a reader may follow, not a request every visitor makes.
            element.attrib.clear()
            element.tag = "a"
            element.set("href", src)
            element.text = alt or src
        else:
            _text_of(element, src)


class _RecordExtension(Extension):
    def __init__(self, shift: int) -> None:
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md: Markdown) -> None:
        # Raw HTML is text: without these two parsers, "<script>" is escaped like any other "<".
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_RecordTree(md, self.shift), "katalog_record_tree", 1)


# A heading id on a method page: the table of contents' own slugs. Material's page elements have ids
# that start with '__' (__config, __drawer, __search …); an id from page text must never take one.
_HEADING_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}\Z")


def _checked_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each kept attribute (its URL scheme check runs as well)."""
    if attribute == "id":
        return value if _HEADING_ID.match(value) else None
    if attribute == "href":
        return value if is_safe_url(value) else None
    if attribute == "src":
        return value if is_site_path(value) else None
    if attribute == "align":
        return value if value in ALIGNMENTS else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={**{k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}, "th": {"align"}, "td": {"align"}},
    attribute_filter=_checked_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=set(SAFE_SCHEMES),
    allowed_classes={"span": {UNSAFE_LINK_CLASS}},
)


# A method page (docs/methods/*.md) is Markdown from a pull request too, rendered by MkDocs with the
# site's extensions: its headings keep their ids (the table of contents links them) and admonitions
# their classes; everything else is held to the record allow-list.
ADMONITION_CLASSES = frozenset(
    {"admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question", "warning"}
    | {"failure", "danger", "bug", "example", "quote"}
)
_PAGE_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS) | {"h1", "div"},
    clean_content_tags={"script", "style"},
    attributes={
        **{k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        "th": {"align"},
        "td": {"align"},
        **{f"h{n}": {"id"} for n in range(1, 7)},
    },
    attribute_filter=_checked_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=set(SAFE_SCHEMES),
    allowed_classes={
        "span": {UNSAFE_LINK_CLASS},
        "div": set(ADMONITION_CLASSES),
        "p": {"admonition-title"},
    },
)


def sanitise_page(content: str) -> str:
    """A method page's rendered HTML reduced to the allow-list, with heading ids and admonitions kept."""
    return _PAGE_CLEANER.clean(content)


def sanitise(fragment: str) -> str:
    """An HTML fragment reduced to the allow-list (elements, attributes, URLs and the one class)."""
    return _CLEANER.clean(fragment)


def record_html(text: str, *, shift: int = 1) -> str:
    """A record's Markdown field as sanitised HTML; its headings move ``shift`` levels down (never above h2)."""
    renderer = Markdown(
        extensions=["tables", _RecordExtension(shift)],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    try:
        rendered = renderer.convert(_PLACEHOLDER_MARKS.sub("", text))
    except RecursionError as exc:  # validate refuses such nesting (katalog.catalogue.markdown_rules); never a traceback
        from katalog.problems import KatalogError

        raise KatalogError(
            "en tekst i data har lister, citater eller fremhævninger inden i hinanden i så mange niveauer, "
            "at den ikke kan vises; kør 'katalog validate' for at se hvor"
        ) from exc
    return sanitise(rendered)
