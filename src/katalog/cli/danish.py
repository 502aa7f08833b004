"""Click's own words in Danish: the help's headings and defaults, its usage errors, its prompts.

Click marks every text it writes itself with gettext (``_("Usage:")``, ``ngettext(...)``) but
looks them up in the process-wide default domain, chosen by the user's locale: a gettext
catalogue would help only where ``LANGUAGE`` happens to be Danish, and would also translate
every other library that uses the default domain. So the catalogue is here, as a
:class:`gettext.NullTranslations` whose ``gettext``/``ngettext`` :func:`install` puts in place of
the ones click's modules imported. Every message click can write is in it: ``tests/test_no_english.py``
reads click's source for the texts it marks and fails on one without a Danish entry (a click
upgrade that adds a message), and greps every ``--help`` and usage error for English.

What click writes without gettext is set where the commands are made (:mod:`katalog.cli.boundary`):
the ``[TILVALG]`` and ``KOMMANDO [ARGUMENTER]...`` of the usage line, and a metavar on every option
whose type would otherwise print its English name (``TEXT``, ``DIRECTORY``).
"""

from __future__ import annotations

import gettext
import importlib
from typing import Final

OPTIONS_METAVAR: Final = "[TILVALG]"
SUBCOMMAND_METAVAR: Final = "KOMMANDO [ARGUMENTER]..."

# Click's modules that write text for the user (not ``testing``, which is for tests, nor
# ``_winconsole``, which imports only on Windows and writes nothing of its own there).
CLICK_MODULES: Final = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
)

# Click's message → the Danish one. Usage errors follow the boundary's form ("katalog: forkert
# brug: ukendt tilvalg '--x'"): lower case, no full stop, the value as click quotes it.
MESSAGES: Final[dict[str, str]] = {
    # The help
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "required": "skal angives",
    "(dynamic)": "(beregnes)",
    "deprecated": "udgår",
    "Show this message and exit.": "Vis denne hjælp og stop.",
    "Show the version and exit.": "Vis versionen og stop.",
    "%(prog)s, version %(version)s": "%(prog)s version %(version)s",
    "Do you want to continue?": "Vil du fortsætte?",
    "Confirm the action without prompting.": "Bekræft uden at spørge.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Advarsel: kommandoen {name!r} udgår.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Advarsel: {name!r} udgår.{extra_message}"
    ),
    # Usage errors
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Se '{command} {option}'.",
    "Aborted!": "Afbrudt.",
    "unknown error": "ukendt fejl",
    "Missing command.": "der mangler en kommando",
    "No such command {name!r}.": "ukendt kommando {name!r}",
    "No such option {name!r}.": "ukendt tilvalg {name!r}",
    "Invalid value: {message}": "ugyldig værdi: {message}",
    "Invalid value for {param_hint}: {message}": "ugyldig værdi for {param_hint}: {message}",
    "Missing argument": "argumentet mangler:",
    "Missing option": "tilvalget mangler:",
    "Missing parameter": "værdien mangler:",
    "Missing {param_type}": "værdien mangler:",
    "Missing parameter: {param_name}": "værdien mangler: {param_name}",
    "Option {name!r} does not take a value.": "tilvalget {name!r} tager ingen værdi; skriv det uden '='",
    "Argument {name!r} takes {nargs} values.": "argumentet {name!r} skal have {nargs} værdier",
    "Invalid start character for option ({option})": "et tilvalg kan ikke begynde sådan ({option})",
    "Value must be an iterable.": "værdien skal være en liste",
    "Could not open file {filename!r}: {message}": "kan ikke åbne filen {filename!r}: {message}",
    "Unknown standard stream '{name}'": "ukendt standardstrøm '{name}'",
    # Values (click.types); the path messages leave out click's "File"/"Directory", which it capitalises
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "{name} {filename!r} does not exist.": "{filename!r} findes ikke",
    "{name} {filename!r} is a file.": "{filename!r} er en fil, ikke en mappe",
    "{name} {filename!r} is a directory.": "{filename!r} er en mappe, ikke en fil",
    "{name} {filename!r} is not readable.": "{filename!r} kan ikke læses",
    "{name} {filename!r} is not writable.": "{filename!r} kan ikke skrives",
    "{name} {filename!r} is not executable.": "{filename!r} kan ikke køres",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et tal",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} er hverken ja eller nej; skriv en af: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} er ikke et gyldigt UUID",
    "Choose from:\n\t{choices}": "Vælg en af:\n\t{choices}",
    "Choice({choices})": "Valg({choices})",
    # Prompts (click.termui)
    "Repeat for confirmation": "Gentag for at bekræfte",
    "Error: The two entered values do not match.": "Fejl: De to svar er ikke ens.",
    "Error: invalid input": "Fejl: Svaret kan ikke bruges.",
    "Press any key to continue...": "Tryk på en tast for at fortsætte …",
    "Unknown color {colour!r}": "ukendt farve {colour!r}",
    "d": "d",
    "{editor}: Editing failed": "{editor}: redigeringen mislykkedes",
    "{editor}: Editing failed: {e}": "{editor}: redigeringen mislykkedes: {e}",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Kan ikke se, hvilken version af Bash der kører, så udfyldning med tabulatortasten virker ikke."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Udfyldning med tabulatortasten kræver Bash 4.4 eller nyere."
    ),
    # Mistakes in the command definitions themselves (a bug, but said in Danish too)
    "Name '{name}' defined twice": "navnet '{name}' er brugt to gange",
    "Could not determine name for option with declarations {decls!r}": (
        "kan ikke finde et navn til tilvalget ud fra {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": (
        "der er ikke angivet noget tilvalg, kun et navn ({name}); skal det være et argument, eller mente du '--{name}'?"
    ),
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "et argument skal have præcis ét navn, men har {length}: {decls}"
    ),
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "tilvalget {decl!r} kan ikke bruge samme navn til både ja og nej"
    ),
}

# (singular, plural) → the Danish (singular, plural); Danish, like English, uses the singular for 1 only.
PLURALS: Final[dict[tuple[str, str], tuple[str, str]]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "uventet argument: {args}",
        "uventede argumenter: {args}",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "tilvalget {name!r} skal have en værdi",
        "tilvalget {name!r} skal have {nargs} værdier",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "(mente du {possibility}?)",
        "(mente du en af disse: {possibilities}?)",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "skal have {nargs} værdier, men fik 1",
        "skal have {nargs} værdier, men fik {len}",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} er ikke {choice}",
        "{value!r} er ikke en af: {choices}",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} passer ikke til formatet {format}",
        "{value!r} passer ikke til nogen af formaterne {formats}",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "der skal være {len_type} værdier, men der er {len_value}",
        "der skal være {len_type} værdier, men der er {len_value}",
    ),
}


class ClickDanish(gettext.NullTranslations):
    """The Danish of click's messages; a message not in the catalogue stays as click wrote it."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        singular, plural = PLURALS.get((msgid1, msgid2), (msgid1, msgid2))
        return singular if n == 1 else plural


CATALOGUE: Final = ClickDanish()


def install() -> None:
    """Make click speak Danish in this process (idempotent): its modules' ``_`` and ``ngettext`` become ours."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = CATALOGUE.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = CATALOGUE.ngettext  # type: ignore[attr-defined]
