"""The one error boundary: :meth:`Group.main` turns every failure into a Danish message and an exit code.

Expected failures (:class:`KatalogError`) print their problems and message; click's usage
errors are said in Danish (exit 2); a stop signal is one line and 128 + its number; an
OSError nobody expected says what the system said; anything else is a bug, one line
with its type (KATALOG_DEBUG=1 shows the traceback). Commands catch no failure themselves
(only ``serve`` catches Ctrl-C, its normal way to stop).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
from typing import Any

import click

from katalog.cli import danish
from katalog.cli.output import is_terminal, say
from katalog.language import grammar
from katalog.problems import KatalogError


def _fail(exc: KatalogError) -> int:
    from katalog.catalogue.report import render

    if exc.problems:
        say(render(exc.problems, "text"), err=True)
    say(f"katalog: {_cut_long_lines(exc.message)}", err=True)
    return exc.exit_code


_LONGEST_LINE = 1000


def _cut_long_lines(message: str) -> str:
    """A message quoting a huge value (a 100,000-character argument) is cut in the middle of each long line."""
    lines = message.split("\n")
    return "\n".join(
        line if len(line) <= _LONGEST_LINE else f"{line[:600]} … {line[-300:]} ({len(line)} tegn i alt)"
        for line in lines
    )


def _unexpected_os_error(exc: OSError) -> int:
    """An OSError no command expected: what the system said, in Danish, and that it may be a bug."""
    from katalog.files import is_environment_error, os_error_message

    say(f"katalog: {os_error_message(exc, exc.filename, 'fuldføre kommandoen')}", err=True)
    if is_environment_error(exc):
        return 1
    say(
        f"katalog: intern fejl ({type(exc).__name__}); skyldes den ikke maskinen (plads, rettigheder), "
        "så meld fejlen til udviklerne med kommandoen og denne besked",
        err=True,
    )
    return 1


def _drop_unwritable_output() -> None:
    """Output that cannot be written (a full disk, a closed reader) is dropped, so Python's own flush at exit
    does not add "Exception ignored … OSError" and exit code 120 after the Danish message."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class _Stopped(Exception):
    """A stop signal on its way from the command to :meth:`Group.main` (click turns KeyboardInterrupt into Abort)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum: int) -> int:
    """A stop signal: say what happened and what was kept; the exit code is 128 + the signal's number."""
    from katalog.files import changed_paths

    try:
        name = signal.Signals(signum).name
    except ValueError:  # pragma: no cover
        name = str(signum)
    why = "Ctrl-C" if signum == signal.SIGINT else name
    if signum == signal.SIGINT and is_terminal(sys.stderr):
        click.echo(err=True)  # past the terminal's "^C"
    changed = changed_paths()
    if changed:
        shown = grammar.shortened(changed)
        kept = f"{shown} nåede at blive skrevet helt; intet er skrevet halvt"
    else:
        kept = "intet er ændret"
    say(f"katalog: afbrudt ({why}); {kept}", err=True)
    return 128 + signum


def _stop_now_if_threads_left(code: int) -> None:
    """After a stop signal, with Typst threads still at work: leave at once instead of waiting for them.

    Everything is cleaned up by now; waiting (or letting the interpreter shut down under
    a thread inside Typst) would only delay the exit.
    """
    booklet = sys.modules.get("katalog.booklet.build")
    if booklet is None or not booklet.busy():
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _internal_error(exc: Exception) -> int:
    """A bug: one Danish line with the exception's type instead of a traceback (KATALOG_DEBUG=1 shows it)."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    say(
        f"katalog: intern fejl ({type(exc).__name__}{': ' + detail if detail else ''}); "
        "meld fejlen til udviklerne med kommandoen og denne besked (KATALOG_DEBUG=1 viser detaljerne)",
        err=True,
    )
    return 70


# Words only click's English has; a message that still holds one after the Danish catalogue is not shown.
_CLICK_ENGLISH = re.compile(
    (
        r"\b(?:the|is|are|was|were|of|with|and|or|but|this|that|not|does|do|must|should|will|cannot|"
        r"value|values|option|options|invalid|missing|takes|such|got|expected|given|message|later|unknown|"
        r"error|usage|try)\b"
    ),
    re.I,
)
_UNKNOWN_USAGE = "kommandoen kan ikke læse tilvalgene og argumenterne, som de er skrevet; se --help"


def _danish_usage(exc: click.UsageError) -> str:
    """A usage error as one Danish line (click's own words come from :mod:`katalog.cli.danish`).

    A missing argument or option is said here, because click builds that sentence in English
    word order ("Missing argument 'FIL'.").
    """
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx is not None else repr(exc.param.name)
        noun = {"argument": "argumentet", "option": "tilvalget"}.get(exc.param.param_type_name, "værdien")
        extra = exc.param.type.get_missing_message(param=exc.param, ctx=exc.ctx)
        return f"{noun} {hint} mangler" + (f"; {extra}" if extra else "")
    message = exc.format_message()
    # A safety net for a message click adds in a later version before katalog.cli.danish knows it:
    # English words outside the quoted names and values are not shown to the user.
    words = re.sub(r"'[^']*'|\"[^\"]*\"", "", message)
    return _UNKNOWN_USAGE if _CLICK_ENGLISH.search(words) else message


def _with_context(exc: click.UsageError, ctx: click.Context) -> None:
    """Click's parser raises some usage errors without the context; with it, the hint names the right command."""
    if exc.ctx is None:
        exc.ctx = ctx


class Command(click.Command):
    """A command whose help and usage errors are Danish: ``[TILVALG]`` in the usage line, the failing command named."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", danish.OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _with_context(exc, ctx)
            raise


class Group(click.Group):
    """The command group: click speaks Danish (:func:`katalog.cli.danish.install`), usage errors exit 2."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", danish.OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", danish.SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _with_context(exc, ctx)
            raise

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command; every expected failure (:class:`KatalogError`) is printed here, once, with its exit code.

        A stop signal (Ctrl-C, SIGTERM, SIGHUP) is one Danish line and 128 + its number
        (130, 143, 129); temporary files and folders are gone and child processes killed
        by then (:func:`katalog.files.stop_signals`).
        """
        from katalog.files import stop_signals

        danish.install()
        code: int | None = None
        try:
            with stop_signals():
                try:
                    return self._run(*args, **kwargs)
                except KeyboardInterrupt as exc:  # a signal before or after the command's own boundary
                    code = _interrupted(getattr(exc, "signum", signal.SIGINT))
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                    raise
            sys.exit(code)
        finally:
            if code is not None and code > 128:
                _stop_now_if_threads_left(code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:  # past click, which would make it an Abort and print a blank line
            raise _Stopped(getattr(exc, "signum", signal.SIGINT)) from exc

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            say(exc.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "katalog"
            say(f"katalog: forkert brug: {_cut_long_lines(_danish_usage(exc))}", err=True)
            say(f"Se '{command} --help'.", err=True)
            sys.exit(2)
        except click.Abort as exc:
            from katalog.files import stop_requested

            # Click turns a KeyboardInterrupt (so a stop signal, too) into Abort.
            cause = exc.__cause__
            signum = getattr(cause, "signum", signal.SIGINT) if isinstance(cause, KeyboardInterrupt) else None
            signum = stop_requested() or signum
            if signum is not None:
                sys.exit(_interrupted(signum))
            say("katalog: afbrudt, før alle spørgsmål var besvaret; intet er ændret", err=True)
            sys.exit(1)
        except _Stopped as exc:
            sys.exit(_interrupted(exc.signum))
        except KeyboardInterrupt as exc:
            sys.exit(_interrupted(getattr(exc, "signum", signal.SIGINT)))
        except KatalogError as exc:
            sys.exit(_fail(exc))
        except BrokenPipeError:
            # The reader went away (`katalog validate | head`): nothing more to say, and nowhere to say it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            code = _unexpected_os_error(exc)
            _drop_unwritable_output()
            sys.exit(code)
        except Exception as exc:
            if os.environ.get("KATALOG_DEBUG"):
                raise
            sys.exit(_internal_error(exc))
