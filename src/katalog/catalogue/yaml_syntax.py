"""Danish messages for YAML that does not parse, placed where the fix goes.

libyaml's own words are English and often point past the mistake (a key indented
too little reads as "expected '-'"); here each kind of error gets a message that
names the likely fix, and every tab in indentation is reported in the same pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import yaml
from yaml.reader import ReaderError

from katalog.catalogue.library_words import TAB, UNKNOWN_YAML, YAML_PROBLEMS, yaml_message
from katalog.catalogue.positions import Document, SafeParser
from katalog.catalogue.reading import MAX_REPORTED, character_message, more_not_shown

# The first tab in a line's leading whitespace (the match ends just after it).
_TAB_INDENT = re.compile(r"(?:\A|[\r\n])[ ]*\t")

_TAB_MESSAGE = TAB
_MISSING_COLON = YAML_PROBLEMS["could not find expected ':'"]
_ENDED = YAML_PROBLEMS["found unexpected end of stream"]
# Messages that say less than "the file ended" when libyaml stops at the very end.
_VAGUE = frozenset({YAML_PROBLEMS["did not find expected node content"], UNKNOWN_YAML})


# A 'key: "value' line; the group is the opening quote.
_OPEN_QUOTE = re.compile(r"""(?:^|(?<=\r))[ ]*(?:- )?[^\s:#'"][^:#\r\n]*:[ ]+(["'])""", re.MULTILINE)


def _unclosed_quote(doc: Document, before_line: int) -> tuple[int, int] | None:
    """The first 'key: "value' line (before the error) whose quote is not closed on that line."""
    text = doc.text
    lines = doc.lines
    end = lines.start(before_line + 1) if before_line < len(lines) else len(text)
    for match in _OPEN_QUOTE.finditer(text, 0, end):
        newline = text.find("\n", match.end())
        line_end = len(text) if newline < 0 else newline
        carriage = text.find("\r", match.end(), line_end)
        if carriage >= 0:
            line_end = carriage
        if text.find(match.group(1), match.end(), line_end) < 0:
            return doc.locate(match.start(1))
    return None


def syntax_problem(exc: yaml.YAMLError, doc: Document) -> None:
    if isinstance(exc, ReaderError):
        # Not expected (forbidden characters are refused before parsing), but placed exactly if it happens.
        index = exc.position if isinstance(exc.position, int) else 0
        char = chr(exc.character) if isinstance(exc.character, int) else "?"
        doc.error(*doc.locate(min(index, len(doc.text))), character_message(char))
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", "") or exc)
    problem_mark = getattr(exc, "problem_mark", None)
    if problem_mark is not None and doc.text[problem_mark.index : problem_mark.index + 1] == "\t":
        _tab_problems(doc, problem_mark.index)
        return
    unclosed = _unclosed_quote(doc, line - 1)
    if unclosed is not None:
        doc.error(
            *unclosed,
            "ugyldig YAML: en tekst i anførselstegn begynder her, men lukkes ikke på samme linje; tilføj det afsluttende anførselstegn",
        )
        return
    context = str(getattr(exc, "context", "") or "")
    opened = getattr(exc, "context_mark", None)
    if opened is not None and context.startswith("while parsing a flow"):
        # An unclosed [ or { is noticed lines later; point at the bracket itself.
        line, column = opened.line + 1, opened.column + 1
    advice = _indentation_advice(doc, problem, context, line, column, opened)
    if advice is not None:
        doc.error(*advice)
        return
    # libyaml's own words are English: they never reach the editor; the Danish for them does.
    danish = yaml_message(problem, context)
    if danish in _VAGUE and problem_mark is not None and problem_mark.index >= len(doc.text.rstrip()):
        danish = _ENDED  # a value was missing because the file ended: a bracket or a quote is open
    doc.error(line, column, f"ugyldig YAML: {danish}")


# A line that begins with 'key:' (perhaps after list dashes): its indentation, dashes and key.
_KEY_LINE = re.compile(r"([ ]*)((?:-[ ]+)*)([\w-]+):(?=[ ]|$)")
# A 'key: |' or 'key: >-' line: a block text follows on the lines below.
_BLOCK_HEADER = re.compile(r"[ ]*(?:-[ ]+)*([\w-]+):[ ]+([|>])[+-]?[1-9]?[+-]?[ ]*(?:#.*)?$")
_Advice = tuple[int, int, str]


def _line_text(doc: Document, line: int) -> str:
    """Line ``line`` (1-based) of the document, without its line break."""
    lines = doc.lines
    if not 1 <= line <= len(lines):
        return ""
    end = lines.start(line + 1) if line < len(lines) else len(doc.text)
    return doc.text[lines.start(line) : end].rstrip("\r\n")


def _previous_content_line(doc: Document, line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        stripped = _line_text(doc, number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _key_column(text: str) -> tuple[int, int, str] | None:
    """The 1-based column where a 'key:' line's entry begins (its dash or key), its key's column, and the key."""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    return len(match.group(1)) + 1, len(match.group(1)) + len(match.group(2)) + 1, match.group(3)


def _open_levels(doc: Document, line: int) -> list[tuple[int, str]]:
    """The key columns of the mappings still open above ``line``, deepest first, each with the nearest key there."""
    levels: list[tuple[int, str]] = []
    limit = 1 << 30
    for number in range(line - 1, 0, -1):
        found = _key_column(_line_text(doc, number))
        if found is None:
            continue
        entry, key_column, key = found
        if key_column < limit:
            levels.append((key_column, key))
        limit = min(limit, entry)
        if limit <= 1:
            break
    return levels


def _parses_past(doc: Document, line: int, new_line: str) -> bool:
    """Whether the document, with ``line`` replaced by ``new_line``, parses beyond that line."""
    lines = doc.lines
    end = lines.start(line + 1) if line < len(lines) else len(doc.text)
    ending = doc.text[lines.start(line) : end][len(_line_text(doc, line)) :]
    text = doc.text[: lines.start(line)] + new_line + ending + doc.text[end:]
    parser = SafeParser(text)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark is not None and mark.line + 1 > line
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return True


def _indentation_advice(
    doc: Document, problem: str, context: str, line: int, column: int, opened: Any
) -> _Advice | None:
    """A message for a line indented too far or too little that names the likely fix, or ``None``.

    libyaml's own words mislead here: a key indented too little under a list item reads as
    "expected '-'" (adding one makes it worse), a key indented too far reads as a colon in a
    text, and block text not indented under ``key: |`` is noticed where the text ends.
    """
    if "could not find expected ':'" in problem and "simple key" in context and opened is not None:
        return _unindented_text(doc, opened.line + 1, opened.column + 1)
    text = _line_text(doc, line)
    found = _key_column(text)
    if found is None:
        return None
    entry, key_column, key = found
    above = _previous_content_line(doc, line)
    above_key = _key_column(_line_text(doc, above)) if above is not None else None
    if "mapping values are not allowed" in problem:
        # The colon right after a line's first word: the key was read as more of the text above.
        if above_key is None or column != key_column + len(key) or key_column <= above_key[1]:
            return None
        return (
            line,
            entry,
            f"ugyldig YAML: '{key}' er rykket længere ind end '{above_key[2]}' i linjen over, så den læses som "
            f"en del af teksten dér; ryk '{key}' ud til kolonne {above_key[1]}, så den står lige under '{above_key[2]}'",
        )
    if problem not in ("did not find expected key", "did not find expected '-' indicator") or column != entry:
        return None
    levels = _open_levels(doc, line)
    deeper = [level for level in levels if level[0] > key_column]
    shallower = [level for level in levels if level[0] < key_column]
    options = [
        (word, level)
        for word, level in (("ind", deeper[-1] if deeper else None), ("ud", shallower[0] if shallower else None))
        if level is not None
        and _parses_past(doc, line, " " * (level[0] - 1 - (key_column - entry)) + text[entry - 1 :])
    ]
    if not options:
        return (
            line,
            entry,
            f"ugyldig YAML: '{key}' står i kolonne {key_column} og passer ikke med linjerne over; "
            "felter, der hører sammen, skal stå lige under hinanden; ryk linjen, så den står under felterne på samme niveau",
        )
    fixes = [f"{word} til kolonne {level[0]}" for word, level in options]
    if len(fixes) == 1:
        choice = f"{fixes[0]}, så den står lige under '{options[0][1][1]}'"
    else:
        choice = (
            f"{fixes[0]} (under '{options[0][1][1]}') eller {fixes[1]} (under '{options[1][1][1]}'), "
            "alt efter hvad den hører til"
        )
    return (
        line,
        entry,
        f"ugyldig YAML: '{key}' står i kolonne {key_column} og passer ikke med linjerne over; ryk den {choice}",
    )


def _unindented_text(doc: Document, line: int, column: int) -> _Advice:
    """Where a line that is neither 'key: value' nor a list item begins, and why it may be there."""
    above = _previous_content_line(doc, line)
    header = _BLOCK_HEADER.match(_line_text(doc, above)) if above is not None else None
    if header is None:
        return line, column, f"ugyldig YAML: {_MISSING_COLON}"
    key, indicator = header.group(1), header.group(2)
    key_column = _line_text(doc, above or 0).index(key) + 1
    return (
        line,
        column,
        f"ugyldig YAML: teksten under '{key}: {indicator}' skal rykkes længere ind end '{key}'; "
        f"ryk hver linje i teksten ind til kolonne {key_column + 2}",
    )


def _tab_problems(doc: Document, refused_at: int) -> None:
    """Report the tab libyaml stopped at and every other tab in indentation outside a scalar.

    libyaml stops at the first tab it cannot accept. To report the others in the
    same pass, the text is parsed once more with every line that has a tab in its
    leading whitespace blanked out (spaces, so the indices stay): a tab on such a
    line is content when the line lies inside a scalar that spans lines (in a
    ``|``/``>`` block, with at least the block's indentation before the tab; in a
    quoted or folded text, with more of the text after it); any other is indentation.
    """
    text = doc.text
    candidates = [match.end() - 1 for match in _TAB_INDENT.finditer(text)]
    neutral = _LINE_WITH_TAB_INDENT.sub(lambda match: " " * len(match.group()), text)
    spans, stopped = _multi_line_scalars(neutral)
    starts = [span[0] for span in spans]
    tabs = {refused_at}
    for index in candidates:
        if index > stopped:
            break  # past what the second parse could read: no guessing
        found = bisect_right(starts, index) - 1
        if found < 0 or not _inside(spans[found], index, text):
            tabs.add(index)
    for count, index in enumerate(sorted(tabs)):
        if count == MAX_REPORTED:
            doc.error(*doc.locate(index), more_not_shown(len(tabs) - MAX_REPORTED, "tabulatortegn i indrykningen"))
            break
        doc.error(*doc.locate(index), _TAB_MESSAGE)


# A scalar that spans lines: start, end, end of its last content, indentation of a block (-1: not a block).
_Span = tuple[int, int, int, int]
_LINE_WITH_TAB_INDENT = re.compile(r"(?:\A|(?<=[\r\n]))[ ]*\t[^\r\n]*")
_FIRST_CONTENT_INDENT = re.compile(r"[\r\n]+([ ]*)(?=[^ \r\n])")


def _inside(span: _Span, index: int, text: str) -> bool:
    start, end, last_content, indent = span
    if not start < index < end:
        return False
    if indent < 0:
        return index < last_content
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return index - line_start >= indent


def _multi_line_scalars(text: str) -> tuple[list[_Span], int]:
    """The scalars that span lines, and the index the parse got to."""
    spans: list[_Span] = []
    parser = SafeParser(text)
    scalar_event = yaml.events.ScalarEvent
    try:
        while True:
            event: Any = parser.get_event()
            if event is None or isinstance(event, yaml.events.StreamEndEvent):
                return spans, len(text)
            if event.__class__ is scalar_event:
                first: Any = event.start_mark
                last: Any = event.end_mark
                if first.line != last.line:
                    body = text[first.index : last.index]
                    indent = -1
                    if event.style in ("|", ">"):
                        content = _FIRST_CONTENT_INDENT.search(body)
                        indent = len(content.group(1)) if content else 0
                    spans.append((first.index, last.index, first.index + len(body.rstrip()), indent))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return spans, mark.index if mark is not None else 0
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
