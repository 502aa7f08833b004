"""The Jinja2 environment that writes the site's pages and the editing page: autoescaped, strict, from package files.

Templates lie beside the code that fills them and are named with their package:
``site/…`` is ``katalog/site/templates`` (the generated Markdown pages, ``*.md.j2``, and
the HTML fragments they embed, ``fragments/*.html``), ``editing/…`` is
``katalog/editing/templates`` (the ``/admin/`` page). A name a template uses but is
not given is an error (``StrictUndefined``), not an empty string.

Escaping. Every ``{{ value }}`` is HTML-escaped unless it is :class:`~markupsafe.Markup`
already (a fragment, a sanitised Markdown field), and with :func:`html.escape`, the
escaping the pages have always had (``&quot;``, ``&#x27;``), not MarkupSafe's own. Two
filters cover the other contexts:

- ``md``: a plain field in Markdown text (a heading, a list item, a link's words):
  HTML-escaped and then Markdown-escaped, so it renders exactly as written;
- ``markdown``: a record's Markdown field, rendered and sanitised by
  :func:`katalog.site.markdown_safety.record_html`, never by MkDocs' Markdown, as a raw
  HTML block.

Fragments. In a template under ``fragments/`` each line break and the indentation after
it are layout of the source only and are dropped before Jinja reads it: a fragment is one
line of HTML, as the pages need (a blank line inside an HTML block would end the block in
Markdown). So a fragment never breaks text, or a tag, across lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, PrefixLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from katalog.catalogue.model import EVIDENCE_SCALE
from katalog.language import grammar
from katalog.site import markdown_safety
from katalog.views import facts as render

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")
_SOURCE_LAYOUT = re.compile(r"\n[ \t]*")


def esc(value: str) -> str:
    """Text for HTML (element content or a quoted attribute)."""
    return html.escape(value, quote=True)


def md(value: str) -> str:
    """A plain field as inline Markdown that renders exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", esc(render.one_line(value)))


def md_block(value: str, *, shift: int = 1) -> str:
    """A Markdown field as a raw HTML block, rendered and sanitised apart from the page.

    Headings move ``shift`` levels down under the page's own. The block starts at the
    beginning of a line and the caller puts blank lines around it, so MkDocs' Markdown
    stores it unchanged and never reads the record text as Markdown.
    """
    # MkDocs' Markdown expands tabs even in raw HTML; as a character reference a tab stays a tab.
    body = markdown_safety.record_html(value, shift=shift).replace("\t", "&#9;")
    return f'<div class="katalog-md">\n{body}\n</div>'


def front_matter_string(value: str) -> str:
    """A front-matter string. MkDocs' templates print titles and descriptions unescaped (Jinja
    autoescape is off there), so the value is HTML-escaped here. PyYAML writes it double-quoted with
    every character YAML cannot hold raw escaped, so MkDocs always reads the front matter back
    (front matter it cannot read would be shown, and read, as the page's Markdown)."""
    text = yaml.safe_dump(esc(render.one_line(value)), default_style='"', allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...")


def _escaped(value: Any) -> Any:
    """Every printed value, before autoescaping: plain text escaped as :func:`esc` does, Markup as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(esc(str(value)))


class _OneLineFragments(Extension):
    """Drops the source's line breaks and indentation in ``fragments/`` templates (see the module docstring)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        # Under a PrefixLoader the name is the package's own: "fragments/cards.html".
        if name is not None and "/fragments/" in f"/{name}":
            return _SOURCE_LAYOUT.sub("", source)
        return source


# The filters: every one that writes HTML or Markdown returns Markup, so it is not escaped twice.
_FILTERS = {
    "md": lambda value: Markup(md(value)),
    "markdown": lambda value, shift=1: Markup(md_block(value, shift=shift)),
    "front_matter": lambda value: Markup(front_matter_string(value)),
    # chart_svg escapes every label it writes.
    "chart_svg": lambda chart: Markup(render.chart_svg(chart)),
    "one_line": render.one_line,
    "place": render.place,
    "source_line": render.source_line,
    "contact_lines": render.contact_lines,
    "phone_uri": render.phone_uri,
    "danish_date": render.danish_date,
    "evidence_label": render.evidence_badge,
    "evidence_explanation": lambda kind: EVIDENCE_SCALE[kind].explanation,
    # Counts and lists in Danish (katalog.language.grammar): {{ n | counted("indsats") }}, {{ names | and_list }}.
    "counted": lambda value, noun: grammar.count(value, noun),
    "and_list": grammar.join,
    "or_list": grammar.either,
}
_GLOBALS = {
    "PASSAGE_SUMMARY": render.PASSAGE_LEAD.rstrip(":"),
    "FINDING_NOTE": render.FINDING_NOTE,
    # A label over n values: {{ label("målgruppe", n) }} is 'Målgruppe' or 'Målgrupper'.
    "label": grammar.label,
}


@cache
def environment() -> Environment:
    """The one environment, made on first use."""
    env = Environment(
        loader=PrefixLoader(
            {
                "site": PackageLoader("katalog.site", "templates"),
                "editing": PackageLoader("katalog.editing", "templates"),
            }
        ),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[_OneLineFragments],
        # The templates are package files: read once per process.
        auto_reload=False,
    )
    env.filters.update(_FILTERS)
    env.globals.update(_GLOBALS)
    return env


def render_template(name: str, **context: Any) -> str:
    """The template ``name`` (e.g. ``site/case.md.j2``) filled with ``context``."""
    return str(environment().get_template(name).render(**context))


def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a fragment template, to call from Python: ``macro("site/fragments/cards.html", "card")(…)``."""
    found: Callable[..., Markup] = getattr(environment().get_template(template).module, name)
    return found
