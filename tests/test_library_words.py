"""The libraries' English never reaches an editor: every string they can raise has its Danish.

The lists are read from the installed libraries themselves: the problem and context strings
of PyYAML's Python parser (its sources), those of libyaml (the C parser the catalogue reads
with, from the strings compiled into PyYAML's extension) and pydantic's error types. A newer
library with a new string fails here instead of showing English in a message.
"""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic_core import core_schema

from katalog.catalogue import library_words
from katalog.catalogue.library_words import (
    PYDANTIC_MESSAGES,
    UNKNOWN_PYDANTIC,
    UNKNOWN_YAML,
    YAML_CONTEXTS,
    YAML_PROBLEMS,
    pydantic_message,
    yaml_message,
    yaml_problem,
)

YAML_FOLDER = Path(yaml.__file__).parent
# The Python modules that read a file; the emitter and serializer write YAML, and the resolver's
# errors are about its own configuration, so neither can meet an editor.
READING_MODULES = ("reader", "scanner", "parser", "composer", "constructor")
# What libyaml's C strings look like when they are a parser's, scanner's, reader's or composer's.
LIBYAML_MESSAGE = re.compile(
    r"(?:while|found|did not|could not|mapping|block|expected|control|invalid|incomplete|but found|"
    r"second occurrence|input is|duplicate|incompatible|unexpected)(?: [^\s_]+)+"
)
# Strings of that shape in the extension that no reading of a file can raise: the emitter's
# event-order checks and Cython's own.
LIBYAML_NOT_READING = frozenset(
    {
        "expected DOCUMENT-END",
        "expected DOCUMENT-START or STREAM-END",
        "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS",
        "expected STREAM-START",
        "expected nothing after STREAM-END",
        "invalid event %s",
        "invalid vtable found for imported type",
        "mapping > 0 && document->nodes.start + mapping <= document->nodes.top",
    }
)


def python_strings() -> set[str]:
    """Every literal string PyYAML's reading modules pass to an error (a '%r' template as written)."""
    found: set[str] = set()
    for name in READING_MODULES:
        tree = ast.parse((YAML_FOLDER / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error")):
                continue
            for arg in node.args:
                if isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                    arg = arg.left
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and " " in arg.value:
                    found.add(arg.value)
    return found


def libyaml_strings() -> set[str]:
    """The messages compiled into PyYAML's C extension (libyaml and its Cython wrapper)."""
    extensions = sorted(YAML_FOLDER.glob("_yaml*.so")) + sorted(YAML_FOLDER.glob("_yaml*.pyd"))
    if not extensions:
        pytest.skip("PyYAML is installed without libyaml")
    found: set[str] = set()
    for extension in extensions:
        for run in re.findall(rb"[\x20-\x7e]{6,}", extension.read_bytes()):
            text = run.decode("ascii")
            if LIBYAML_MESSAGE.fullmatch(text):
                found.add(text)
    return found - LIBYAML_NOT_READING


def test_the_lists_are_read() -> None:
    # Guards the extraction: an empty list would make the tests below pass for nothing.
    assert "while scanning a simple key" in python_strings()
    assert "found character %r that cannot start any token" in python_strings()
    assert "mapping values are not allowed in this context" in libyaml_strings()
    assert "found character that cannot start any token" in libyaml_strings()
    assert len(python_strings()) > 60
    assert len(libyaml_strings()) > 60


@pytest.mark.parametrize("source", ["python", "libyaml"])
def test_every_yaml_string_has_its_danish(source: str) -> None:
    strings = python_strings() if source == "python" else libyaml_strings()
    missing = sorted(s for s in strings if s not in YAML_PROBLEMS and s not in YAML_CONTEXTS)
    assert missing == [], f"PyYAML/libyaml strings without Danish in library_words: {missing}"


def test_the_yaml_tables_hold_only_what_the_libraries_say() -> None:
    known = python_strings() | libyaml_strings()
    stale = sorted(s for s in [*YAML_PROBLEMS, *YAML_CONTEXTS] if s not in known)
    assert stale == []


def test_every_pydantic_error_type_has_its_danish() -> None:
    types = set(typing.get_args(core_schema.ErrorType))
    assert len(types) > 100
    assert sorted(types - set(PYDANTIC_MESSAGES)) == []
    assert sorted(set(PYDANTIC_MESSAGES) - types) == []


@pytest.mark.parametrize(
    ("problem", "context", "expected"),
    [
        # The filled-in forms of the Python parser's templates.
        ("found character '\\t' that cannot start any token", "while scanning for the next token", "_START"),
        ("found unknown escape character 'q'", "while scanning a double-quoted scalar", "_BACKSLASH"),
        ("expected ',' or ']', but got '<scalar>'", "while parsing a flow sequence", "_BRACKET"),
        # A problem the table does not know, with a context it does.
        ("something new", "while scanning a quoted scalar", "_QUOTE"),
    ],
)
def test_a_filled_in_string_finds_its_message(problem: str, context: str, expected: str) -> None:
    assert yaml_problem(problem, context) == getattr(library_words, expected)


def test_an_unknown_yaml_string_is_danish_without_the_english() -> None:
    message = yaml_message("a problem no version of libyaml has", "while doing something new")
    assert message == UNKNOWN_YAML
    assert "problem" not in message and "while" not in message


def test_an_unknown_pydantic_type_is_danish_without_the_english() -> None:
    assert pydantic_message("a_type_from_the_future", "'x'") == UNKNOWN_PYDANTIC.format(value="'x'")


def test_every_pydantic_type_reads_as_danish_with_its_value() -> None:
    for kind in PYDANTIC_MESSAGES:
        message = pydantic_message(kind, "'VÆRDI'")
        assert "{" not in message, kind
        assert message[:1].islower() or message.startswith("'"), kind
        assert ";" in message, f"{kind}: what is wrong; what to do"


def test_real_pydantic_errors_never_show_its_english() -> None:
    # Types the catalogue's own messages do not word themselves go through the table, never pydantic's 'msg'.
    from pydantic import BaseModel, Field, ValidationError

    from katalog.catalogue.load import Document
    from katalog.catalogue.messages import translate

    class Sample(BaseModel):
        step: int = Field(multiple_of=5)
        few: list[int] = Field(max_length=1)
        names: frozenset[str]
        empty: None

    try:
        Sample.model_validate({"step": 7, "few": [1, 2], "names": 3, "empty": "x"})
    except ValidationError as exc:
        problems = translate(exc, Document("f.yaml"), (), None)
    assert [p.message for p in problems] == [
        "7 ligger uden for det tilladte; ret værdien, så den passer til feltets beskrivelse",
        "listen har for mange elementer; slet nogle af dem",
        "3 er ikke en liste; skriv hvert element på sin egen linje, der begynder med '- '",
        "feltet skal være tomt; slet værdien 'x'",
    ]
