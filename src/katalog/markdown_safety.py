"""Markdown extension: drop link and image targets that could run code.

Record fields in Markdown (descriptions, stories) may contain links; a
``[klik](javascript:alert(1))`` must not become a working ``javascript:`` link.
Raw HTML in record Markdown is already escaped by :func:`katalog.pages.md_block`;
this removes unsafe ``href``/``src`` values that Markdown's own link syntax makes.
Enabled for every page in ``mkdocs.yml`` (``katalog.markdown_safety``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def is_safe_url(url: str) -> bool:
    """True for relative links and http(s)/mailto/tel; browsers ignore control characters, so do we."""
    probe = _INVISIBLE.sub("", url).lower()
    match = _SCHEME.match(probe)
    return match is None or match.group(1) in SAFE_SCHEMES


class _SafeLinks(Treeprocessor):
    """Turn an unsafe link into plain text (its words stay) and an unsafe image into its alt text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute is None:
                continue
            value = element.get(attribute)
            if value is not None and not is_safe_url(value):
                alt = element.get("alt", "")
                element.attrib.clear()
                element.tag = "span"
                element.set("class", "katalog-unsafe-link")
                if alt and not element.text:
                    element.text = alt


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (priority 20) so every link element exists.
        md.treeprocessors.register(_SafeLinks(md), "katalog_safe_links", 1)


def makeExtension(**kwargs: Any) -> SafeLinksExtension:
    return SafeLinksExtension(**kwargs)
