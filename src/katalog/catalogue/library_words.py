"""Danish for what the libraries say in English: libyaml's and PyYAML's problems, pydantic's error types.

An editor never reads a library's own words. Every problem and context string that
libyaml (the C parser the catalogue reads with) and PyYAML's Python parser can raise
has a Danish message here that says what is wrong and what to do; so has every error
type pydantic knows. A string or type that is not in the tables (a newer library)
gets a Danish message that does not quote it. ``tests/test_library_words.py`` walks
the tables against the installed libraries, so a new English string fails the tests
instead of reaching an editor.
"""

from __future__ import annotations

import re

# Families of YAML problems: one Danish message for every English string that means the same thing.
_COLON = "et kolon efterfulgt af et mellemrum står et sted, hvor der ikke kan begynde et nyt felt; sæt teksten i anførselstegn, hvis den selv indeholder ': '"
_MISSING_COLON = "der mangler et ':' efter et feltnavn, eller en tekst på flere linjer står uden anførselstegn; skriv 'felt: værdi', sæt teksten i anførselstegn, eller skriv den med '|'"
_INDENT = (
    "indrykningen passer ikke med linjerne over; ryk linjen, så den står lige under de felter, den hører sammen med"
)
_LIST_INDENT = (
    "indrykningen passer ikke i en liste; begynd hvert element med '- ', og stil elementerne lige under hinanden"
)
_ITEM_HERE = "et listeelement ('- ') står, hvor der skal stå en værdi; ryk linjen ind under det felt, listen hører til, eller sæt teksten i anførselstegn, hvis den begynder med '- '"
_QUESTION = "et '?' står, hvor der ikke kan begynde et felt; sæt teksten i anførselstegn"
_BRACKET = "en liste i firkantede parenteser, der begynder her, er ikke lukket; skriv ']' efter det sidste element, og sæt ',' mellem elementerne"
_BRACE = "en gruppe af felter i krøllede parenteser, der begynder her, er ikke lukket; skriv '}' efter det sidste felt, og sæt ',' mellem felterne"
_END = "filen slutter midt i en værdi; tilføj det afsluttende anførselstegn eller den afsluttende parentes"
_BACKSLASH = "en tekst i dobbelte anførselstegn har en omvendt skråstreg (\\) foran et tegn, som YAML ikke kender; sæt teksten i enkelte anførselstegn, eller skriv \\\\ for en omvendt skråstreg"
_CHARACTER_CODE = "en tekst i dobbelte anførselstegn har \\x, \\u eller \\U uden et gyldigt tegnnummer efter; skriv selve tegnet, eller skriv \\\\ for en omvendt skråstreg"
_VERSION = "filen begynder med et %YAML-direktiv, men kataloget læses altid efter YAML 1.2; slet linjen med %YAML"
_DIRECTIVE = "en linje, der begynder med %, er et direktiv, som kataloget ikke bruger; slet linjen, eller sæt teksten i anførselstegn"
_CONTROL = "filen indeholder kontroltegn, som YAML ikke tillader; fjern dem"
_ENCODING = "filen er ikke gyldig UTF-8; gem filen igen med tegnsættet UTF-8"
_TOO_LONG = "filen er for stor til at blive læst; del kataloget op i flere filer"
_START = "tegnet her kan ikke begynde en værdi (fx @ eller `); sæt værdien i anførselstegn"
TAB = "der står et tabulatortegn i indrykningen, men YAML kræver mellemrum; erstat tabulatoren med mellemrum"
_ANCHOR = "'&' eller '*' foran et navn er et YAML-anker eller en henvisning til et, og kataloget bruger ingen af delene; skriv værdien ud, eller sæt teksten i anførselstegn, hvis tegnet hører til teksten"
_ANCHOR_NAME = "efter '&' eller '*' skal der stå et navn; sæt teksten i anførselstegn, hvis tegnet hører til teksten"
_UNEXPECTED_COLON = "et kolon står, hvor det ikke kan stå; sæt teksten i anførselstegn"
_AFTER_END = "der står indhold efter dokumentets slutning ('...'); slet det, så filen er ét YAML-dokument"
_DOCUMENTS = "filen indeholder mere end ét YAML-dokument ('---'); slet linjen med '---', så filen er ét dokument"
_SEPARATOR = (
    "'---' eller '...' står i begyndelsen af en linje inde i en tekst; ryk linjen ind, eller sæt teksten på én linje"
)
_TAG = "et '!' foran værdien er et YAML-tag, som kataloget ikke bruger; fjern '!', og sæt værdien i anførselstegn, hvis '!' hører til teksten"
_BLOCK = "tegnene efter '|' eller '>' kan ikke læses; skriv kun '|', '>', '|-' eller '>-' sidst i linjen og teksten på linjerne under"
_LINE_END = "der står noget efter '|' eller '>' på samme linje; flyt teksten ned på linjen under, eller skriv '#' foran en kommentar"
_SPACE = "der mangler et mellemrum; skriv et mellemrum efter tegnet"
_CONTENT = "der mangler en værdi her; skriv værdien, og sæt den i anførselstegn, hvis den begynder med et af tegnene , [ ] { } # & * ! | > ' \" % @ `"
_UNQUOTED = "en linje kan ikke læses som 'felt: værdi'; skriv et kolon og et mellemrum efter feltnavnet, eller sæt teksten i anførselstegn"
_QUOTE = "en tekst i anførselstegn er ikke lukket; tilføj det afsluttende anførselstegn"
_KEY_KIND = "et feltnavn kan ikke være en liste eller en gruppe af felter; skriv et navn efterfulgt af ':'"
_STRUCTURE = "værdien her har ikke den form, feltet skal have; skriv den som i skabelonen"

# What libyaml (C) and PyYAML (Python) put in ``problem``, by the exact English string
# ("%r", "%s" and "%d" stand for what the library fills in).
YAML_PROBLEMS: dict[str, str] = {
    "mapping values are not allowed here": _COLON,
    "mapping values are not allowed in this context": _COLON,
    "could not find expected ':'": _MISSING_COLON,
    "did not find expected key": _INDENT,
    "expected <block end>, but found %r": _INDENT,
    "did not find expected '-' indicator": _LIST_INDENT,
    "block sequence entries are not allowed in this context": _ITEM_HERE,
    "sequence entries are not allowed here": _ITEM_HERE,
    "mapping keys are not allowed here": _QUESTION,
    "mapping keys are not allowed in this context": _QUESTION,
    "did not find expected ',' or ']'": _BRACKET,
    "expected ',' or ']', but got %r": _BRACKET,
    "did not find expected ',' or '}'": _BRACE,
    "expected ',' or '}', but got %r": _BRACE,
    "found unexpected end of stream": _END,
    "found unknown escape character": _BACKSLASH,
    "found unknown escape character %r": _BACKSLASH,
    "found invalid Unicode character escape code": _CHARACTER_CODE,
    "did not find expected hexdecimal number": _CHARACTER_CODE,
    "expected escape sequence of %d hexadecimal numbers, but found %r": _CHARACTER_CODE,
    "found incompatible YAML document": _VERSION,
    "found incompatible YAML document (version 1.* is required)": _VERSION,
    "found duplicate %YAML directive": _VERSION,
    "found duplicate YAML directive": _VERSION,
    "incompatible %YAML directive": _VERSION,
    "found extremely long version number": _VERSION,
    "did not find expected version number": _VERSION,
    "did not find expected digit or '.' character": _VERSION,
    "expected a digit or '.', but found %r": _VERSION,
    "expected a digit or ' ', but found %r": _VERSION,
    "expected a digit, but found %r": _VERSION,
    "could not find expected directive name": _DIRECTIVE,
    "found unknown directive name": _DIRECTIVE,
    "found unexpected non-alphabetical character": _DIRECTIVE,
    "found duplicate %TAG directive": _TAG,
    "duplicate %TAG directive": _TAG,
    "duplicate tag handle %r": _TAG,
    "found undefined tag handle": _TAG,
    "found undefined tag handle %r": _TAG,
    "did not find expected '!'": _TAG,
    "expected '!', but found %r": _TAG,
    "did not find expected tag URI": _TAG,
    "expected URI, but found %r": _TAG,
    "did not find URI escaped octet": _TAG,
    "expected URI escape sequence of 2 hexadecimal numbers, but found %r": _TAG,
    "did not find the expected '>'": _TAG,
    "expected '>', but found %r": _TAG,
    "could not determine a constructor for the tag %r": _TAG,
    "expected non-empty name appended to the tag": _TAG,
    "control characters are not allowed": _CONTROL,
    "special characters are not allowed": _CONTROL,
    "invalid leading UTF-8 octet": _ENCODING,
    "invalid trailing UTF-8 octet": _ENCODING,
    "invalid length of a UTF-8 sequence": _ENCODING,
    "incomplete UTF-8 octet sequence": _ENCODING,
    "found an incorrect leading UTF-8 octet": _ENCODING,
    "found an incorrect trailing UTF-8 octet": _ENCODING,
    "invalid Unicode character": _ENCODING,
    "incomplete UTF-16 character": _ENCODING,
    "incomplete UTF-16 surrogate pair": _ENCODING,
    "unexpected low surrogate area": _ENCODING,
    "input is too long": _TOO_LONG,
    "found character that cannot start any token": _START,
    "found character %r that cannot start any token": _START,
    "found a tab character that violates indentation": TAB,
    "found a tab character where an indentation space is expected": TAB,
    "found undefined alias": _ANCHOR,
    "found undefined alias %r": _ANCHOR,
    "found duplicate anchor; first occurrence": _ANCHOR,
    "found duplicate anchor %r; first occurrence": _ANCHOR,
    "second occurrence": _ANCHOR,
    "found unconstructable recursive node": _ANCHOR,
    "did not find expected alphabetic or numeric character": _ANCHOR_NAME,
    "expected alphabetic or numeric character, but found %r": _ANCHOR_NAME,
    "found unexpected ':'": _UNEXPECTED_COLON,
    "did not find expected <document start>": _AFTER_END,
    "expected '<document start>', but found %r": _AFTER_END,
    "expected a single document in the stream": _DOCUMENTS,
    "but found another document": _DOCUMENTS,
    "found unexpected document indicator": _SEPARATOR,
    "found unexpected document separator": _SEPARATOR,
    "found an indentation indicator equal to 0": _BLOCK,
    "expected indentation indicator in the range 1-9, but found 0": _BLOCK,
    "expected chomping or indentation indicators, but found %r": _BLOCK,
    "did not find expected comment or line break": _LINE_END,
    "expected a comment or a line break, but found %r": _LINE_END,
    "did not find expected whitespace": _SPACE,
    "did not find expected whitespace or line break": _SPACE,
    "expected ' ', but found %r": _SPACE,
    "did not find expected node content": _CONTENT,
    "expected the node content, but found %r": _CONTENT,
    "did not find expected <stream-start>": _STRUCTURE,
    "found unhashable key": _KEY_KIND,
    "expected a mapping node, but found %s": _STRUCTURE,
    "expected a sequence node, but found %s": _STRUCTURE,
    "expected a scalar node, but found %s": _STRUCTURE,
    "expected a mapping for merging, but found %s": _STRUCTURE,
    "expected a mapping or list of mappings for merging, but found %s": _STRUCTURE,
    "expected a mapping of length 1, but found %s": _STRUCTURE,
    "expected a single mapping item, but found %d items": _STRUCTURE,
    "expected a sequence, but found %s": _STRUCTURE,
    "expected the empty value, but found %r": _STRUCTURE,
    "failed to decode base64 data: %s": _STRUCTURE,
    "failed to convert base64 data into ascii: %s": _STRUCTURE,
    # Only a Python tag reaches these, and the catalogue refuses every tag first.
    "expected a class, but found %r": _TAG,
    "cannot find module %r (%s)": _TAG,
    "cannot find %r in the module %r": _TAG,
    "module %r is not imported": _TAG,
    "blacklisted key '%s' in instance state found": _TAG,
}

# What they put in ``context``: used when the problem itself says too little.
YAML_CONTEXTS: dict[str, str] = {
    "while scanning a quoted scalar": _QUOTE,
    "while scanning a double-quoted scalar": _QUOTE,
    "while parsing a quoted scalar": _QUOTE,
    "while scanning a simple key": _UNQUOTED,
    "while scanning a plain scalar": _CONTENT,
    "while scanning a block scalar": _BLOCK,
    "while parsing a block mapping": _INDENT,
    "while parsing a block collection": _INDENT,
    "while parsing a block node": _INDENT,
    "while parsing a node": _INDENT,
    "while parsing a %s node": _INDENT,
    "while parsing a flow node": _CONTENT,
    "while parsing a flow sequence": _BRACKET,
    "while parsing a flow mapping": _BRACE,
    "while parsing a %s": _BRACKET,
    "while scanning an anchor": _ANCHOR_NAME,
    "while scanning an alias": _ANCHOR_NAME,
    "while scanning an %s": _ANCHOR_NAME,
    "while scanning a tag": _TAG,
    "while parsing a tag": _TAG,
    "while scanning a %s": _TAG,
    "while scanning a directive": _DIRECTIVE,
    "while scanning a %YAML directive": _VERSION,
    "while scanning a %TAG directive": _TAG,
    "while scanning a tag directive": _TAG,
    "while parsing a %TAG directive": _TAG,
    "while parsing a tag directive": _TAG,
    "while scanning for the next token": _START,
    "while constructing a mapping": _STRUCTURE,
    "while constructing an ordered map": _STRUCTURE,
    "while constructing pairs": _STRUCTURE,
    "while constructing a Python object": _TAG,
    "while constructing a Python instance": _TAG,
    "while constructing a Python module": _TAG,
    "while constructing a Python name": _TAG,
}

# For a string in neither table: no English, only where to look.
UNKNOWN_YAML = (
    "filen kan ikke læses som YAML på dette sted; se efter anførselstegn, kolon og indrykning her og i linjen over"
)


def _pattern(template: str) -> re.Pattern[str]:
    """A template's placeholders (%r, %s, %d) as 'anything'; the rest literally."""
    parts = re.split(r"%[rsd]", template)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def _matchers(table: dict[str, str]) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    exact = dict(table)
    patterns = [(_pattern(key), danish) for key, danish in table.items() if re.search(r"%[rsd]", key)]
    return exact, patterns


_PROBLEMS = _matchers(YAML_PROBLEMS)
_CONTEXTS = _matchers(YAML_CONTEXTS)


def _lookup(text: str, table: tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]) -> str | None:
    exact, patterns = table
    text = text.strip()
    if text in exact:
        return exact[text]
    return next((danish for pattern, danish in patterns if pattern.fullmatch(text)), None)


def yaml_problem(problem: str | None, context: str | None = None) -> str | None:
    """The Danish message for a YAML problem and its context, or None when neither is known."""
    return _lookup(problem or "", _PROBLEMS) or _lookup(context or "", _CONTEXTS)


def yaml_message(problem: str | None, context: str | None = None) -> str:
    """The Danish message for a YAML problem and its context; an unknown one never quotes the English."""
    return yaml_problem(problem, context) or UNKNOWN_YAML


# pydantic's error types, for the types the catalogue's own messages (katalog.catalogue.messages)
# do not say more precisely. "{value}" is the value as the message shows it.
_TEXT = "{value} er ikke en tekst; skriv en tekst (sæt den i anførselstegn, hvis den ligner et tal)"
_WHOLE = "{value} er ikke et helt tal; skriv et tal uden decimaler, fx 40"
_NUMBER = "{value} er ikke et tal; skriv et tal med punktum som decimaltegn, fx 12.3"
_LIST = "{value} er ikke en liste; skriv hvert element på sin egen linje, der begynder med '- '"
_FIELDS = (
    "{value} er ikke en gruppe af felter; skriv felterne på hver sin linje som 'felt: værdi', rykket ind under feltet"
)
_DATE = '{value} er ikke en dato; skriv datoen som år-måned-dag, fx "2026-11-22"'
_LIMIT = "{value} ligger uden for det tilladte; ret værdien, så den passer til feltets beskrivelse"
_LENGTH = "{value} har ikke en tilladt længde; ret værdien, så den passer til feltets beskrivelse"
_CHOICE = "{value} er ikke et af de tilladte valg; vælg en af værdierne i feltets beskrivelse"
_FORM = "{value} har ikke den form, feltet skal have; skriv værdien som i skabelonen"
_NOT_HERE = "{value} kan ikke bruges i dette felt; skriv værdien som i skabelonen"
_INTERNAL = (
    "{value} kunne ikke kontrolleres (en fejl i katalogets program); meld fejlen til udviklerne med denne besked"
)

PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "et obligatorisk felt mangler; tilføj feltet som i skabelonen",
    "extra_forbidden": "feltet findes ikke i denne slags post; slet det, eller ret navnet",
    "invalid_key": "feltnavnet {value} kan ikke bruges; skriv et feltnavn som tekst",
    "no_such_attribute": _NOT_HERE,
    "frozen_field": _NOT_HERE,
    "frozen_instance": _NOT_HERE,
    "none_required": "feltet skal være tomt; slet værdien {value}",
    "json_invalid": _FORM,
    "json_type": _FORM,
    "needs_python_object": _FORM,
    "recursion_loop": "værdien henviser til sig selv; skriv den ud uden henvisninger",
    "recursion_depth_exceeded": "værdien er indlejret for dybt; skriv den fladere, som i skabelonen",
    "get_attribute_error": _INTERNAL,
    "default_factory_not_called": _INTERNAL,
    "model_type": _FIELDS,
    "model_attributes_type": _FIELDS,
    "dataclass_type": _FIELDS,
    "dataclass_exact_type": _FIELDS,
    "named_tuple_type": _LIST,
    "dict_type": _FIELDS,
    "frozen_dict_type": _FIELDS,
    "ordered_dict_type": _FIELDS,
    "counter_type": _FIELDS,
    "mapping_type": _FIELDS,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "deque_type": _LIST,
    "iterable_type": _LIST,
    "iteration_error": _LIST,
    "set_item_not_hashable": "et element i listen er selv en liste eller en gruppe af felter; skriv hvert element som en tekst eller et tal",
    "too_short": "listen har for få elementer; tilføj de elementer, feltet skal have",
    "too_long": "listen har for mange elementer; slet nogle af dem",
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_not_ascii": "{value} indeholder andre tegn end a–z, tal og tegnsætning; skriv værdien uden æ, ø, å og andre særlige tegn",
    "string_too_short": "{value} er for kort; skriv en længere tekst",
    "string_too_long": "{value} er for lang; forkort teksten",
    "string_pattern_mismatch": _FORM,
    "bytes_type": _TEXT,
    "bytes_too_short": _LENGTH,
    "bytes_too_long": _LENGTH,
    "bytes_invalid_encoding": _TEXT,
    "bool_type": "{value} er hverken true eller false; skriv true eller false",
    "bool_parsing": "{value} er hverken true eller false; skriv true eller false",
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_parsing_size": "{value} er et for stort tal; skriv et mindre tal",
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": "{value} er ikke et endeligt tal; skriv et almindeligt tal",
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_max_digits": "{value} har for mange cifre; skriv et tal med færre cifre",
    "decimal_max_places": "{value} har for mange decimaler; skriv tallet med færre decimaler",
    "decimal_whole_digits": "{value} har for mange cifre før decimaltegnet; skriv et mindre tal",
    "complex_type": _NUMBER,
    "complex_str_parsing": _NUMBER,
    "fraction_type": _NUMBER,
    "fraction_parsing": _NUMBER,
    "greater_than": _LIMIT,
    "greater_than_equal": _LIMIT,
    "less_than": _LIMIT,
    "less_than_equal": _LIMIT,
    "multiple_of": _LIMIT,
    "enum": _CHOICE,
    "literal_error": _CHOICE,
    "union_tag_invalid": _CHOICE,
    "union_tag_not_found": "værdien mangler det felt, der afgør, hvilken slags den er; skriv den som i skabelonen",
    "value_error": _FORM,
    "assertion_error": _FORM,
    "missing_sentinel_error": _NOT_HERE,
    "ellipsis_error": _NOT_HERE,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": '{value} har et klokkeslæt; skriv kun datoen, fx "2026-11-22"',
    "date_past": "datoen {value} skal ligge i fortiden; ret datoen",
    "date_future": "datoen {value} skal ligge i fremtiden; ret datoen",
    "time_type": '{value} er ikke et klokkeslæt; skriv det som time:minut, fx "14:30"',
    "time_parsing": '{value} er ikke et klokkeslæt; skriv det som time:minut, fx "14:30"',
    "datetime_type": _DATE,
    "datetime_parsing": _DATE,
    "datetime_object_invalid": _DATE,
    "datetime_from_date_parsing": _DATE,
    "datetime_past": "tidspunktet {value} skal ligge i fortiden; ret det",
    "datetime_future": "tidspunktet {value} skal ligge i fremtiden; ret det",
    "timezone_naive": "tidspunktet {value} må ikke have en tidszone; slet tidszonen",
    "timezone_aware": "tidspunktet {value} skal have en tidszone; tilføj den, fx +01:00",
    "timezone_offset": "tidspunktet {value} har en forkert tidszone; ret den",
    "time_delta_type": '{value} er ikke en varighed; skriv den som fx "3 måneder"',
    "time_delta_parsing": '{value} er ikke en varighed; skriv den som fx "3 måneder"',
    "is_instance_of": _NOT_HERE,
    "is_subclass_of": _NOT_HERE,
    "callable_type": _NOT_HERE,
    "arguments_type": _INTERNAL,
    "missing_argument": _INTERNAL,
    "unexpected_keyword_argument": _INTERNAL,
    "missing_keyword_only_argument": _INTERNAL,
    "unexpected_positional_argument": _INTERNAL,
    "missing_positional_only_argument": _INTERNAL,
    "multiple_argument_values": _INTERNAL,
    "url_type": "{value} er ikke en webadresse; skriv en adresse, der begynder med https://",
    "url_parsing": "{value} er ikke en webadresse; skriv en adresse, der begynder med https://",
    "url_syntax_violation": "{value} er ikke en webadresse; skriv en adresse, der begynder med https://",
    "url_too_long": "webadressen {value} er for lang; brug en kortere adresse",
    "url_scheme": "{value} begynder ikke med https:// eller http://; skriv en adresse, der gør",
    "uuid_type": _FORM,
    "uuid_parsing": _FORM,
    "uuid_version": _FORM,
}

# For an error type pydantic adds later: Danish, without its English message.
UNKNOWN_PYDANTIC = "{value} kan ikke bruges i dette felt; ret værdien, så den passer til feltets beskrivelse"


def pydantic_message(kind: str, value: str) -> str:
    """The Danish message for pydantic's error type ``kind``, with ``value`` as the message shows it."""
    return PYDANTIC_MESSAGES.get(kind, UNKNOWN_PYDANTIC).format(value=value)
