"""Record Markdown (descriptions, stories, theme texts, method pages) → Typst markup, with pandoc.

All fields of a build go through *one* pandoc process: each field is written to
its own file and read with ``--file-scope``, so an unclosed code fence or a
stray footnote in one record cannot spill into the next. The Lua filter
``booklet_prose.lua`` marks where each field starts, keeps only http(s),
mailto and tel links, turns images into their description and raw HTML, TeX,
Typst and math into plain text. The reader has raw HTML/TeX, math, citations
and metadata blocks switched off, so such markup arrives as text in the first
place. Any warning from pandoc fails the build, naming the record and field.
"""

from __future__ import annotations

import importlib.util
import re
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from katalog.language.hyphenation import typeset
from katalog.problems import KatalogError
from katalog.views.facts import MONTHS

FILTER = Path(__file__).with_name("booklet_prose.lua")
# Pandoc's Markdown, minus everything that would let record text reach the output as code.
READER = "markdown" + "".join(
    f"-{ext}"
    for ext in (
        "raw_html",
        "raw_tex",
        "raw_attribute",
        "tex_math_dollars",
        "tex_math_single_backslash",
        "tex_math_double_backslash",
        "latex_macros",
        "citations",
        "yaml_metadata_block",
        "pandoc_title_block",
        "implicit_figures",
        "auto_identifiers",
        "native_divs",
        "native_spans",
        "fenced_divs",
    )
)
_MARKER_LINES = 2  # the marker paragraph and the blank line before the field's own first line
# "22. november 2026" at the start of a line is a date, not item 22 of a numbered list.
_DATE_AT_LINE_START = re.compile(r"^( {0,3})(\d{1,2})\.(?=[ \t]+(?:" + "|".join(MONTHS) + r")\b)", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
# Pandoc's warnings for Markdown input (katalog.catalogue.markdown_rules refuses each kind in validate first).
_WARNINGS = [
    (re.compile(r"^\[WARNING\] Duplicate link reference '(.*)' at (.*)$"), r"linkreferencen \1 står to gange (\2)"),
    (re.compile(r"^\[WARNING\] Duplicate note reference '(.*)' at (.*)$"), r"fodnoten [^\1] står to gange (\2)"),
    (
        re.compile(r"^\[WARNING\] Note with key '(.*)' defined at (.*) but not used\.$"),
        r"fodnoten [^\1] bruges ikke (\2)",
    ),
    (re.compile(r"^\[WARNING\] Duplicate identifier '(.*)' at (.*)$"), r"overskrifts-id'et {#\1} står to gange (\2)"),
    (re.compile(r"^Failing because there were warnings\.$"), "kør 'katalog validate' for at se, hvor i filen det står"),
]
_WARNING_PLACE = re.compile(r"(?P<file>\S*?(?P<n>\d{5})\.md)(?:\s+line (?P<line>\d+)(?:\s+column (?P<col>\d+))?)?")


@dataclass(frozen=True)
class Field:
    """One Markdown field of a record: where it comes from (for messages) and its text."""

    record: str
    name: str
    text: str


def pandoc_path() -> str:
    """The pandoc binary bundled in the pypandoc-binary wheel (never Debian's, which has no Typst writer)."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "files" / "pandoc"
        if bundled.is_file():  # skips pypandoc's own lookup, which runs 'pandoc --version' first
            return str(bundled)
    import pypandoc  # type: ignore[import-untyped]

    return str(pypandoc.get_pandoc_path())


def protect_dates(text: str) -> str:
    """Escape the full stop of a Danish date at a line start, outside code fences."""
    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced else _DATE_AT_LINE_START.sub(r"\1\2\\.", line))
    return "".join(out)


def typeset_markdown(text: str) -> str:
    """Soft hyphens at the listed joints and no-break spaces at units, outside code.

    Only plain words are touched (:func:`katalog.language.hyphenation.hyphenate` leaves a
    word with markup, a web address or an e-mail alone), so links, footnotes and emphasis
    keep their syntax; fenced and indented code is left as it is.
    """
    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
        elif fenced or _INDENTED_CODE.match(line):
            out.append(line)
        else:
            out.append(typeset(line))
    return "".join(out)


def write_inputs(fields: list[Field], folder: Path, nonce: str) -> list[Path]:
    """One Markdown file per field, each opened by its marker paragraph."""
    files = []
    for n, field in enumerate(fields):
        path = folder / f"{n:05d}.md"
        body = typeset_markdown(protect_dates(field.text))
        path.write_text(f"katalog{nonce}x{n}\n\n{body}\n", encoding="utf-8")
        files.append(path)
    return files


def command(files: list[Path], out: Path, nonce: str) -> list[str]:
    """The pandoc command line that turns ``files`` into one Typst file ``out``."""
    return [
        pandoc_path(),
        "--from",
        READER,
        "--to",
        "typst",
        "--wrap=none",
        "--file-scope",
        "--fail-if-warnings",
        "--lua-filter",
        str(FILTER),
        "--metadata",
        f"katalog-nonce={nonce}",
        "--output",
        str(out),
        *map(str, files),
    ]


def to_typst(fields: list[Field]) -> list[str]:
    """Each field's Markdown as Typst markup (headings renumbered from level 1), in one pandoc run."""
    if not fields:
        return []
    nonce = secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="katalog-prosa-") as tmp:
        folder = Path(tmp)
        files = write_inputs(fields, folder, nonce)
        out = folder / "prosa.typ"
        try:
            done = subprocess.run(command(files, out, nonce), capture_output=True, text=True, check=False, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise KatalogError(f"pandoc kunne ikke køre: {exc}") from exc
        if done.returncode != 0 or done.stderr.strip():
            raise KatalogError(_pandoc_failure(done.stderr, done.returncode, fields))
        markup = out.read_text(encoding="utf-8")
    return split(markup, nonce, len(fields))


def split(markup: str, nonce: str, count: int) -> list[str]:
    """Cut pandoc's output at the markers back into the ``count`` fields."""
    parts = re.split(rf"^// katalog-{nonce}-(\d+|end)\n", markup, flags=re.MULTILINE)
    # parts: [before, n0, text0, n1, text1, ..., "end", after]
    numbers = parts[1::2]
    if numbers != [*map(str, range(count)), "end"] or parts[0].strip() or parts[-1].strip():
        raise KatalogError("intern fejl: pandocs uddata kunne ikke deles op i felterne igen")
    return [text.strip("\n") for text in parts[2:-1:2]]


def _danish(line: str) -> str:
    for pattern, danish in _WARNINGS:
        if pattern.match(line):
            return pattern.sub(danish, line)
    return line


def _pandoc_failure(stderr: str, code: int, fields: list[Field]) -> str:
    """Pandoc's messages with each temporary file named as the record and field it holds."""

    def place(match: re.Match[str]) -> str:
        field = fields[int(match.group("n"))]
        where = f"{field.record}, feltet {field.name}"
        if match.group("line"):
            where += f", linje {max(1, int(match.group('line')) - _MARKER_LINES)}"
        return where

    lines = [_danish(_WARNING_PLACE.sub(place, line)) for line in stderr.strip().splitlines()]
    warned = "[WARNING]" in stderr
    head = "pandoc gav advarsler om tekst i data; PDF'en er ikke bygget" if warned else f"pandoc fejlede (kode {code})"
    return head + (":\n" + "\n".join(lines) if lines else "")
