"""Record Markdown on the site: rendered apart from the page, sanitised by an allow-list, passed through unchanged.

Examples for each way in that the hostile corpus names, and a property test (hypothesis)
that mixes Markdown, HTML, Typst, YAML and template syntax: whatever the record text,
the HTML of a Markdown field has no script, no event or style attribute, no id, no class
but the two namespaced ones, no element outside the allow-list and no URL outside the
allowed set, and MkDocs' own Markdown (with the extensions in ``mkdocs.yml``) passes
the block through unchanged.
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.site import pages
from katalog.site.markdown_safety import ALLOWED_TAGS, is_safe_url, is_site_path, record_html
from tests.conftest import ROOT

WRAPPER_CLASS = "katalog-md"
ALLOWED_CLASSES = {WRAPPER_CLASS, "katalog-unsafe-link"}
ALLOWED = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "span": {"class"},
    "div": {"class"},
}


def _site_extensions() -> list[Any]:
    """The Markdown extensions MkDocs renders every page with (``mkdocs.yml``)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


SITE_EXTENSIONS = _site_extensions()


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes (entities decoded, as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def problems(fragment: str) -> list[str]:
    """What in ``fragment`` breaks the allow-list; empty when the HTML is safe."""
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    found = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED_TAGS and tag != "div":
            found.append(f"element {tag}")
        for name, value in attrs:
            text = value or ""
            if name not in ALLOWED.get(tag, set()):
                found.append(f"{tag} {name}={text!r}")
            elif name == "href" and not is_safe_url(text):
                found.append(f"href {text!r}")
            elif name == "src" and not is_site_path(text):
                found.append(f"src {text!r}")
            elif name == "class" and not set(text.split()) <= ALLOWED_CLASSES:
                found.append(f"class {text!r}")
    return found


def site_html(text: str, shift: int = 1) -> tuple[str, str]:
    """The block a generated page embeds, and what MkDocs' Markdown makes of the page around it."""
    block = pages.md_block(text, shift=shift)
    page = f"# Side\n\n## Beskrivelse\n\n{block}\n\nEfter blokken.\n"
    return block, markdown.Markdown(extensions=SITE_EXTENSIONS).convert(page)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('![x](/nope.png){: onerror="alert(1)" }', '<p><img alt="x" src="/nope.png">{: onerror="alert(1)" }</p>'),
        ("Tekst\n{: onmouseover=alert(1) style=color:red }", "<p>Tekst\n{: onmouseover=alert(1) style=color:red }</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", '<p><span class="katalog-unsafe-link">x</span></p>'),
        ("[x](&#106;avascript:alert(1))", '<p><span class="katalog-unsafe-link">x</span></p>'),
        ("[x](java&#x09;script:alert(1))", '<p><span class="katalog-unsafe-link">x</span></p>'),
        (
            "[x](data:text/html,hej) [y](vbscript:x)",
            '<p><span class="katalog-unsafe-link">x</span> <span class="katalog-unsafe-link">y</span></p>',
        ),
        (
            "![t](https://tracker.example/p.png)",
            '<p><a href="https://tracker.example/p.png" rel="noopener noreferrer">t</a></p>',
        ),
        ("![t](//tracker.example/p.png)", '<p><span class="katalog-unsafe-link">t</span></p>'),
        ("![t](data:image/png;base64,AAAA)", '<p><span class="katalog-unsafe-link">t</span></p>'),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("<svg onload=alert(1)>", "<p>&lt;svg onload=alert(1)&gt;</p>"),
        ('<iframe src="https://e.example"></iframe>', '<p>&lt;iframe src="https://e.example"&gt;&lt;/iframe&gt;</p>'),
        ('<form action="https://e.example">', '<p>&lt;form action="https://e.example"&gt;</p>'),
        ('<base href="https://e.example/">', '<p>&lt;base href="https://e.example/"&gt;</p>'),
        (
            '<meta http-equiv="refresh" content="0;url=https://e.example">',
            '<p>&lt;meta http-equiv="refresh" content="0;url=https://e.example"&gt;</p>',
        ),
        (
            "<style>body{background:url(https://t.example/x.png)}</style>",
            "<p>&lt;style&gt;body{background:url(https://t.example/x.png)}&lt;/style&gt;</p>",
        ),
        ("# Fakta\n\n###### Dybt", "<h2>Fakta</h2>\n<h6>Dybt</h6>"),
        (
            "[kilde](https://example.dk) [m](mailto:a@example.dk) [t](tel:+4512345678) [s](../methods/x/)",
            '<p><a href="https://example.dk" rel="noopener noreferrer">kilde</a> '
            '<a href="mailto:a@example.dk" rel="noopener noreferrer">m</a> '
            '<a href="tel:+4512345678" rel="noopener noreferrer">t</a> '
            '<a href="../methods/x/" rel="noopener noreferrer">s</a></p>',
        ),
    ],
)
def test_record_markdown_comes_out_inert(text: str, expected: str) -> None:
    assert record_html(text) == expected
    block, page = site_html(text)
    assert block in page, "MkDocs' Markdown changed the record's block"
    assert problems(block) == []


def test_headings_move_under_the_page_headings() -> None:
    assert record_html("# A\n\n## B", shift=3) == "<h4>A</h4>\n<h5>B</h5>"
    assert record_html("# A", shift=0) == "<h2>A</h2>"


def test_the_problem_finder_finds_problems() -> None:
    """The property below is only as good as this check: it must see each kind of breach."""
    assert problems('<p onclick="x">a</p><script>x</script><a href="javascript:x">b</a>') == [
        "p onclick='x'",
        "element script",
        "href 'javascript:x'",
    ]
    assert problems('<img src="https://t.example/p.png"><span class="md-typeset" id="__drawer" style="x">') == [
        "src 'https://t.example/p.png'",
        "class 'md-typeset'",
        "span id='__drawer'",
        "span style='x'",
    ]


_SNIPPETS = [
    # Markdown
    "**fed**",
    "_kursiv_",
    "`kode`",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "---",
    "|a|b|\n|-|-|\n|1|2|",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "{: ",
    " }",
    "{#id}",
    "\n",
    "\n\n",
    "\\",
    "[x](javascript:alert(1))",
    "![t](https://tracker.example/p.png)",
    "[r]: javascript:x\n",
    "[r]",
    "<https://example.dk>",
    "<a@example.dk>",
    "](//evil.example)",
    "](/\\evil.example)",
    # HTML
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=x>",
    "<style>",
    '<a href="javascript:x">',
    '<div markdown="1">',
    "</div>",
    "<!--",
    "-->",
    "<![CDATA[",
    ' onclick="alert(1)"',
    ' style="color:red"',
    ' id="__drawer"',
    ' class="md-header"',
    "&#106;avascript:",
    "&#x6A;",
    "&Tab;",
    "&colon;",
    "&lt;",
    "&amp;",
    "data:text/html,",
    "vbscript:",
    "<base href=//e>",
    "<meta http-equiv=refresh content=0>",
    "<form action=//e>",
    "url(https://t.example/x)",
    # Typst, YAML, templates
    "#set page(fill: red)",
    '#import "/x"',
    "$x^2$",
    "@ref",
    "key: value",
    "&anker",
    "*alias",
    "!!python/object",
    "{{ config }}",
    "{% raw %}",
    "\x02",
    "\x03",
]
record_text = st.lists(st.one_of(st.sampled_from(_SNIPPETS), st.text(max_size=6)), max_size=24).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=record_text, shift=st.integers(min_value=0, max_value=3))
def test_any_record_text_is_inert_html(text: str, shift: int) -> None:
    block, page = site_html(text, shift)
    assert problems(block) == [], block
    assert block in page, "MkDocs' Markdown changed the record's block"
    after = page[page.index(block) + len(block) :]
    assert "<p>Efter blokken.</p>" in after, "the block swallowed the rest of the page"


def test_site_extensions_are_read() -> None:
    assert "attr_list" in SITE_EXTENSIONS and Path(ROOT / "mkdocs.yml").is_file()


def test_a_method_page_keeps_its_headings_and_loses_what_could_run() -> None:
    """docs/methods/*.md come by pull request too: rendered by MkDocs, then held to the allow-list."""
    from katalog.site.markdown_safety import sanitise_page

    source = (
        "# Metode\n\n## Sådan {: onclick=alert(1) }\n\n!!! note\n    Husk det.\n\n"
        "Tekst med <script>alert(1)</script> og <img src=x onerror=alert(1)> og "
        "![t](https://tracker.example/p.png) og [klik](javascript:alert(1)).\n\n"
        '<div style="position:fixed" class="md-header">falsk</div>\n\n'
        '<meta http-equiv="refresh" content="0;url=https://example.org/">\n'
    )
    rendered = markdown.markdown(source, extensions=[*_site_extensions(), "admonition"])
    assert sanitise_page(rendered) == (
        '<h1 id="metode">Metode</h1>\n'
        '<h2 id="sadan">Sådan</h2>\n'
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>Husk det.</p>\n</div>\n'
        '<p>Tekst med  og <img src="x"> og '
        '<img alt="t"> og '
        '<span class="katalog-unsafe-link">klik</span>.</p>\n'
        '<div class="">falsk</div>\n\n<p></p>'
    )


def test_a_method_page_heading_cannot_take_an_id_of_the_page_itself() -> None:
    """Material's own elements have ids starting with '__' (its JSON configuration is #__config)."""
    from katalog.site.markdown_safety import sanitise_page

    rendered = markdown.markdown(
        "## Overskrift {: #__config }\n\n## Skuffen {: #__drawer }\n\n## Sådan gør du\n",
        extensions=[*_site_extensions(), "admonition"],
    )
    assert sanitise_page(rendered) == '<h2>Overskrift</h2>\n<h2>Skuffen</h2>\n<h2 id="sadan-gr-du">Sådan gør du</h2>'
