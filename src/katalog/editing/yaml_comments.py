"""Comments of a YAML file, tied to the nodes they belong to by key path, and put back after rewriting.

ruamel.yaml hangs a comment on the value *before* it, so reordering keys carries the comment to
the wrong place (the comment above ``initiatives:`` would travel with the key above it). Here a
whole-line comment belongs to the node it precedes and an end-of-line comment to the node on its
line; :func:`place_comments` writes them back at those nodes in a freshly written file, indented
like them. Comments are found between PyYAML's tokens, so a ``#`` inside text is never taken
for one. Lines are counted as libyaml counts them, which :mod:`katalog.catalogue.load`'s positions use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from katalog.catalogue.load import KeyPath, SafeParser

MODELINE = "# yaml-language-server:"
Positions = dict[KeyPath, tuple[int, int, int, int]]
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BLOCK_HEADER = re.compile(r"[|>][0-9+\-]{0,2}")


@dataclass
class Comments:
    """Comments and blank lines tied to the nodes of a document by key path."""

    # Whole-line comments ('' for a kept blank line) to write before a node, without indentation.
    before: dict[KeyPath, list[str]] = field(default_factory=dict)
    # End-of-line comments of the line a node starts on.
    after: dict[KeyPath, list[str]] = field(default_factory=dict)
    # Comments after the last node of the file.
    trailer: list[str] = field(default_factory=list)

    def pop_modeline(self) -> str | None:
        """Take the first ``# yaml-language-server:`` line out (it is written first in the file)."""
        for lines in [self.before.get((), []), *self.before.values(), self.trailer]:
            for line in lines:
                if line.startswith(MODELINE):
                    lines.remove(line)
                    return line
        return None


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as libyaml counts them (it also breaks at U+0085, U+2028 and U+2029)."""
    return _BREAK.split(text)


def scan_comments(text: str) -> dict[int, tuple[int, str]]:
    """Every comment of ``text``: line (1-based) → (column, text), found between PyYAML's tokens."""
    lines = split_lines(text)
    inside: set[int] = set()
    covered: dict[int, int] = {}
    for token in yaml.scan(text, Loader=SafeParser):
        start, end = token.start_mark, token.end_mark
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            # A block scalar's header line may end in a comment, which the token swallows.
            header = _BLOCK_HEADER.match(lines[start.line], start.column)
            covered[start.line] = max(covered.get(start.line, 0), header.end() if header else start.column + 1)
            inside.update(range(start.line + 1, end.line))
        elif start.line == end.line:
            covered[start.line] = max(covered.get(start.line, 0), end.column)
            continue
        else:
            inside.update(range(start.line, end.line))
        covered[end.line] = max(covered.get(end.line, 0), end.column)
    found = {}
    for index, line in enumerate(lines):
        if index in inside:
            continue
        start_at = covered.get(index, 0)
        column = line.find("#", start_at)
        if column >= 0 and not line[start_at:column].strip():
            found[index + 1] = (column, line[column:].rstrip())
    return found


def attach_comments(text: str, positions: Positions) -> Comments:
    """Tie every comment of ``text`` to a node of its loaded document (``positions`` from the loader).

    A whole-line comment belongs to the next node (the outermost of those starting on the next line
    that has one); an end-of-line comment to the innermost node starting on its line, or else to the
    last node before it. Blank lines within a run of comments, and between it and its node, are kept
    (one of each).
    """
    found = scan_comments(text)
    starts: dict[int, list[KeyPath]] = {}
    for path, (line, _, _, _) in positions.items():
        starts.setdefault(line, []).append(path)
    comments = Comments()
    pending: list[str] = []
    last: KeyPath = ()
    for number, line_text in enumerate(split_lines(text), start=1):
        here = starts.get(number)
        if here:
            kept = _tidy(pending, keep_leading=False)
            if kept:
                comments.before.setdefault(min(here, key=len), []).extend(kept)
            pending = []
            last = max(here, key=lambda p: (positions[p][1], len(p)))
        comment = found.get(number)
        if comment is not None and not line_text[: comment[0]].strip():
            pending.append(comment[1])
        elif comment is not None:
            comments.after.setdefault(last, []).append(comment[1])
        elif not line_text.strip():
            pending.append("")
    comments.trailer = _tidy(pending, keep_leading=True)
    while comments.trailer and not comments.trailer[-1]:
        comments.trailer.pop()
    return comments


def place_comments(
    body: str, positions: Positions, data: Any, comments: Comments, *, modeline: str | None = None
) -> str:
    """``body`` (a comment-free YAML text, loaded as ``data``/``positions``) with the comments put back.

    Whole-line comments go above their node's line, indented like the outermost node starting there;
    end-of-line comments after it (a second one on the same line goes above it). A blank line
    separates top-level keys, and the records (mappings) of a top-level list.
    """
    lines = split_lines(body.removesuffix("\n"))
    top = ([modeline] if modeline else []) + comments.before.get((), [])
    top_keys: list[KeyPath] = [p for p in positions if len(p) == 1]
    before: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    indents: dict[int, int] = {}
    for path in sorted(positions, key=lambda p: (positions[p][0], len(p))):
        if path == ():
            continue
        line, column = positions[path][:2]
        # Nodes sharing a line (an item and its first key) use the outermost one's indentation, so
        # the comments read as that line's and are attached to the same node on the next run.
        indent = indents.setdefault(line, column - 1 if isinstance(path[-1], str) else column - 3)
        extra = [""] if _separated(path, top_keys, data) else []
        extra += [" " * indent + c if c else "" for c in comments.before.get(path, [])]
        for comment in comments.after.get(path, []):
            if line - 1 in after:
                extra.append(" " * indent + comment)
            else:
                after[line - 1] = "  " + comment
        before.setdefault(line - 1, []).extend(extra)
    out: list[str] = []
    for index, line_text in enumerate(lines):
        for extra_line in (top if index == 0 else []) + before.get(index, []):
            _add(out, extra_line)
        out.append(line_text + after.get(index, ""))
    for extra_line in comments.trailer:
        _add(out, extra_line)
    return "\n".join(out) + "\n"


def _add(out: list[str], line: str) -> None:
    """Add a comment or blank line; never a blank line first or after a blank line.

    (A blank line after a blank line could also land inside a block scalar that keeps its
    trailing newlines, ``|+``, and change its text.)
    """
    if line or (out and out[-1]):
        out.append(line)


def _separated(path: KeyPath, top_keys: list[KeyPath], data: Any) -> bool:
    """One blank line before every top-level key but the first, and between records."""
    if not isinstance(data, dict):
        return False
    if len(path) == 1:
        return path != top_keys[0]
    if len(path) == 2 and isinstance(path[1], int) and path[1] > 0:
        items = data.get(path[0])
        return isinstance(items, list) and isinstance(items[path[1]], dict)
    return False


def _tidy(lines: list[str], *, keep_leading: bool) -> list[str]:
    """Comment lines with runs of blank lines made single, and leading blanks dropped unless kept."""
    out: list[str] = []
    for line in lines:
        if not line and ((not out and not keep_leading) or (out and not out[-1])):
            continue
        out.append(line)
    return out
